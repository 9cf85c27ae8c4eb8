// ipvsadm-save -n as ipvsadm 1.31 prints it (ipvsadm.c print_service_entry with FMT_RULE; libipvs.c
// ipvs_cmp_services / ipvs_cmp_dests for the order, which ipvsadm applies unless --nosort).
import { describe, expect, it } from 'vitest';
import { isIpvsText, parseIpvs } from './parse.ts';
import { saveIpvs } from './save.ts';

const saved = (text: string) => {
  const parsed = parseIpvs(text);
  expect(parsed.diagnostics).toEqual([]);
  return saveIpvs(parsed.config);
};

describe('ipvsadm-save -n', () => {
  it('prints -A with its scheduler, then its -a lines with forwarding switch and weight (weight 1, -g by default)', () => {
    expect(saved('-A -t 10.96.0.10:80 -s rr\n-a -t 10.96.0.10:80 -r 10.244.1.5:8080 -m\n')).toBe(
      '-A -t 10.96.0.10:80 -s rr\n-a -t 10.96.0.10:80 -r 10.244.1.5:8080 -m -w 1\n',
    );
    // No -s: ipvsadm's DEF_SCHED; no forwarding switch: gatewaying.
    expect(saved('-A -u 10.0.0.1:53\n-a -u 10.0.0.1:53 -r 10.0.0.9:53 -w 0\n')).toBe(
      '-A -u 10.0.0.1:53 -s wlc\n-a -u 10.0.0.1:53 -r 10.0.0.9:53 -g -w 0\n',
    );
  });

  it('always prints the persistence timeout (300 when -p has none) and -M only when it is not 255.255.255.255', () => {
    expect(saved('-A -t 10.0.0.1:80 -s rr -p')).toBe('-A -t 10.0.0.1:80 -s rr -p 300\n');
    expect(saved('-A -t 10.0.0.1:80 -s rr -p 60 -M 255.255.255.255')).toBe('-A -t 10.0.0.1:80 -s rr -p 60\n');
    expect(saved('-A -t 10.0.0.1:80 -s rr -p 60 -M 255.255.0.0')).toBe(
      '-A -t 10.0.0.1:80 -s rr -p 60 -M 255.255.0.0\n',
    );
    // The netmask is printed inside the persistence branch: without -p it is lost.
    expect(saved('-A -t 10.0.0.1:80 -s rr -M 255.255.0.0')).toBe('-A -t 10.0.0.1:80 -s rr\n');
  });

  it('prints --pe, -o and -b after persistence, the flags named per scheduler from their bits (print_sched_flags)', () => {
    expect(saved('-A -u 10.0.0.1:5060 -s sh -b sh-port,sh-fallback -o -p 30 --pe sip')).toBe(
      '-A -u 10.0.0.1:5060 -s sh -p 30 --pe sip -o -b sh-fallback,sh-port\n',
    );
    expect(saved('-A -t 10.0.0.1:80 -s mh -b mh-port')).toBe('-A -t 10.0.0.1:80 -s mh -b mh-port\n');
    // IP_VS_SVC_F_SCHED1..3 are bits: another scheduler names them flag-1..3.
    expect(saved('-A -t 10.0.0.1:80 -s rr -b flag-3,sh-fallback')).toBe('-A -t 10.0.0.1:80 -s rr -b flag-1,flag-3\n');
  });

  it('names the service -t, -u, --sctp-service or -f, and a fwmark service’s servers keep port 0', () => {
    expect(saved('-A --sctp-service 10.0.0.1:9 -s rr\n-A -f 7 -s rr\n-a -f 7 -r 10.0.0.9 -g\n')).toBe(
      '-A --sctp-service 10.0.0.1:9 -s rr\n-A -f 7 -s rr\n-a -f 7 -r 10.0.0.9:0 -g -w 1\n',
    );
  });

  it('gives a server the service’s port when none is written, and always for -g and -i (process_options)', () => {
    expect(
      saved(
        [
          '-A -t 10.0.0.1:80 -s rr',
          '-a -t 10.0.0.1:80 -r 10.0.0.7 -m',
          '-a -t 10.0.0.1:80 -r 10.0.0.8:8080 -g',
          '-a -t 10.0.0.1:80 -r 10.0.0.9:0 -m',
        ].join('\n'),
      ),
    ).toBe(
      [
        '-A -t 10.0.0.1:80 -s rr',
        '-a -t 10.0.0.1:80 -r 10.0.0.7:80 -m -w 1',
        '-a -t 10.0.0.1:80 -r 10.0.0.8:80 -g -w 1',
        '-a -t 10.0.0.1:80 -r 10.0.0.9:0 -m -w 1',
        '',
      ].join('\n'),
    );
  });

  it('prints a tunnelling server’s tunnel type (ipip when none was given) and drops -x/-y as ipvsadm does', () => {
    const text = [
      '-A -t 10.0.0.1:80 -s rr',
      '-a -t 10.0.0.1:80 -r 10.0.0.7 -i -x 100 -y 10',
      '-a -t 10.0.0.1:80 -r 10.0.0.8 -i --tun-type gue --tun-port 6080',
      '-a -t 10.0.0.1:80 -r 10.0.0.9 -i --tun-type gre --tun-remcsum',
    ].join('\n');
    expect(saved(text)).toBe(
      [
        '-A -t 10.0.0.1:80 -s rr',
        '-a -t 10.0.0.1:80 -r 10.0.0.7:80 -i -w 1 --tun-type ipip',
        '-a -t 10.0.0.1:80 -r 10.0.0.8:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-nocsum',
        '-a -t 10.0.0.1:80 -r 10.0.0.9:80 -i -w 1 --tun-type gre --tun-remcsum',
        '',
      ].join('\n'),
    );
  });

  it('sorts services by fwmark, protocol, address and port, and servers by address and port (not list order)', () => {
    const text = [
      '-A -f 2 -s rr',
      '-A -u 10.0.0.1:53 -s rr',
      '-A -t 10.0.0.2:80 -s rr',
      '-A -t 10.0.0.1:443 -s rr',
      '-A -t 10.0.0.1:80 -s rr',
      '-A -f 1 -s rr',
      '-a -t 10.0.0.1:80 -r 10.0.0.9:80 -m',
      '-a -t 10.0.0.1:80 -r 10.0.0.10:80 -m',
      '-a -t 10.0.0.1:80 -r 10.0.0.9:70 -m',
    ].join('\n');
    expect(
      saved(text)
        .split('\n')
        .map((l) => l.replace(/ -s rr| -m -w 1/g, '')),
    ).toEqual([
      '-A -t 10.0.0.1:80',
      '-a -t 10.0.0.1:80 -r 10.0.0.9:70',
      '-a -t 10.0.0.1:80 -r 10.0.0.9:80',
      '-a -t 10.0.0.1:80 -r 10.0.0.10:80',
      '-A -t 10.0.0.1:443',
      '-A -t 10.0.0.2:80',
      '-A -u 10.0.0.1:53',
      '-A -f 1',
      '-A -f 2',
      '',
    ]);
  });

  it('compares addresses as libipvs does: a difference past 2^31 wraps, so 200.0.0.1 sorts before 10.0.0.1', () => {
    const text = '-A -t 10.0.0.1:80 -s rr\n-A -t 200.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.5 -m\n';
    expect(saved(text).split('\n')[0]).toBe('-A -t 200.0.0.1:80 -s rr');
  });

  it('saves an ipvsadm -Ln listing as the commands that rebuild it', () => {
    const listing = [
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      'UDP  10.96.0.10:53 sh (sh-fallback) persistent 60 mask 255.255.255.0',
      '  -> 10.244.2.7:53                Masq    2      0          0',
      '  -> 10.244.1.5:53                Masq    1      3          1',
      'FWM  7 rr',
      '  -> 10.0.0.9:0                   Route   1      0          0',
    ].join('\n');
    expect(saved(listing)).toBe(
      [
        '-A -u 10.96.0.10:53 -s sh -p 60 -M 255.255.255.0 -b sh-fallback',
        '-a -u 10.96.0.10:53 -r 10.244.1.5:53 -m -w 1',
        '-a -u 10.96.0.10:53 -r 10.244.2.7:53 -m -w 2',
        '-A -f 7 -s rr',
        '-a -f 7 -r 10.0.0.9:0 -g -w 1',
        '',
      ].join('\n'),
    );
  });

  it('an empty table saves as nothing', () => {
    expect(saveIpvs({ services: [] })).toBe('');
  });
});

describe('ipvsadm input checks that keep the saved text loadable', () => {
  it('refuses what ipvsadm refuses: a zero port without -p, -o on TCP, gue without a port, a port on ipip', () => {
    const codes = (text: string) => parseIpvs(text).diagnostics.map((d) => [d.line, d.col]);
    expect(codes('-A -t 10.0.0.1:0 -s rr')).toEqual([[1, 7]]);
    expect(codes('-A -t 10.0.0.1 -s rr -p')).toEqual([]);
    expect(codes('-A -t 10.0.0.1:80 -o')).toEqual([[1, 1]]);
    expect(codes('-A -u 10.0.0.1:80 -o')).toEqual([]);
    const svc = '-A -t 10.0.0.1:80\n';
    expect(codes(`${svc}-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type gue`)).toEqual([[2, 45]]);
    expect(codes(`${svc}-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-port 9`)).toEqual([[2, 34]]);
    expect(codes(`${svc}-a -t 10.0.0.1:80 -r 10.0.0.2 -i --tun-type vxlan`)).toEqual([[2, 45]]);
  });
});

describe('isIpvsText', () => {
  it('knows ipvsadm-save and -Ln text from iptables commands, iptables-save and nft', () => {
    expect(isIpvsText('# saved\n\n-A -t 10.0.0.1:80 -s rr\n')).toBe(true);
    expect(isIpvsText('-a -f 7 -r 10.0.0.9 -g')).toBe(true);
    expect(isIpvsText('IP Virtual Server version 1.2.1 (size=4096)\n')).toBe(true);
    expect(isIpvsText('Prot LocalAddress:Port Scheduler Flags\n')).toBe(true);
    expect(isIpvsText('-A INPUT -p tcp -j ACCEPT\n')).toBe(false);
    expect(isIpvsText('*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n')).toBe(false);
    expect(isIpvsText('table inet filter {\n}\n')).toBe(false);
    expect(isIpvsText('')).toBe(false);
  });
});
