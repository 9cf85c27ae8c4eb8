import { describe, expect, it } from 'vitest';
import { formatIPv4 } from '../net/ipv4.ts';
import { parseIpvs } from './parse.ts';

const SAVE = `-A -t 10.96.0.10:80 -s rr
-a -t 10.96.0.10:80 -r 10.244.1.5:8080 -m -w 1
-a -t 10.96.0.10:80 -r 10.244.2.7:8080 -m -w 0
-A -u 10.96.0.10:53 -s sh -b sh-fallback,sh-port -p 60 -M 255.255.255.0
-a -u 10.96.0.10:53 -r 10.244.1.9:53 -g
-A -f 100 -s mh
`;

describe('ipvsadm-save -n', () => {
  it('reads services, schedulers, persistence, flags and real servers (ipvsadm defaults: wlc, -g, weight 1)', () => {
    const { config, diagnostics } = parseIpvs(SAVE);
    expect(diagnostics).toEqual([]);
    const [tcp, udp, fwm] = config.services;
    expect(tcp!.key).toMatchObject({ kind: 'addr', proto: 'tcp', port: 80 });
    expect(tcp!.scheduler).toBe('rr');
    expect(udp!.persistence).toBe(60);
    expect(formatIPv4(udp!.persistenceMask)).toBe('255.255.255.0');
    expect(udp!.schedFlags).toEqual(['sh-fallback', 'sh-port']);
    expect(udp!.dests[0]).toMatchObject({ forwarding: 'route', weight: 1 });
    expect(fwm!.key).toEqual({ kind: 'fwmark', mark: 100 });
  });

  it('puts each added server at the head of the list (list_add_rcu), as the kernel does', () => {
    const tcp = parseIpvs(SAVE).config.services[0]!;
    expect(tcp.dests.map((d) => formatIPv4(d.addr))).toEqual(['10.244.2.7', '10.244.1.5']);
    expect(tcp.dests[0]!.weight).toBe(0);
  });

  it("finds each server's service by protocol, address and port: one added twice is refused, its siblings are not", () => {
    const { config, diagnostics } = parseIpvs(
      [
        '-A -t 10.0.0.1:80 -s rr',
        '-A -u 10.0.0.1:80 -s rr',
        '-A -t 10.0.0.1:81 -s rr',
        '-A -f 80 -s rr',
        '-A -t 10.0.0.1:80 -s wlc',
        '-a -u 10.0.0.1:80 -r 10.0.0.9:53 -m',
        '-a -f 80 -r 10.0.0.8:0 -g',
      ].join('\n'),
    );
    expect(diagnostics.map((d) => [d.line, d.message])).toEqual([
      [5, 'Service TCP 10.0.0.1:80 is added twice (ipvsadm: "Service already exists").'],
    ]);
    expect(config.services.map((s) => s.dests.length)).toEqual([0, 1, 0, 1]);
  });

  it('-p without a number is 300 s', () => {
    expect(parseIpvs('-A -t 10.0.0.1:80 -p -s rr').config.services[0]!.persistence).toBe(300);
  });

  it('reports bad input with line and column instead of throwing', () => {
    const { diagnostics } = parseIpvs(
      '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.2:80 -r 10.0.0.9:80 -m\n-a -t 10.0.0.1:80 -r nope -m',
    );
    expect(diagnostics.map((d) => [d.line, d.col, d.code])).toEqual([
      [2, 7, 'ipvs-no-service'],
      [3, 22, 'ipvs-syntax'],
    ]);
    expect(parseIpvs('-A -t 10.0.0.1:99999').diagnostics[0]).toMatchObject({ line: 1, col: 7 });
    expect(parseIpvs('-X -t 10.0.0.1:80').diagnostics[0]!.message).toContain('-X');
  });
});

const LIST = `IP Virtual Server version 1.2.1 (size=4096)
Prot LocalAddress:Port Scheduler Flags
  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
TCP  10.96.0.10:80 wlc persistent 300 mask 255.255.255.0
  -> 10.244.1.5:8080              Masq    1      3          1
  -> 10.244.2.7:8080              Masq    2      0          0
FWM  7 rr
  -> 10.0.0.9:0                   Route   1      0          0
`;

describe('ipvsadm -Ln', () => {
  it('reads the listing in list order, with its counters', () => {
    const { config, diagnostics, counters } = parseIpvs(LIST);
    expect(diagnostics).toEqual([]);
    const tcp = config.services[0]!;
    expect(tcp.scheduler).toBe('wlc');
    expect(tcp.persistence).toBe(300);
    expect(tcp.dests.map((d) => [formatIPv4(d.addr), d.weight, d.forwarding])).toEqual([
      ['10.244.1.5', 1, 'masq'],
      ['10.244.2.7', 2, 'masq'],
    ]);
    expect(counters.get('TCP 10.96.0.10:80|10.244.1.5:8080')).toEqual({ active: 3, inact: 1 });
    expect(config.services[1]!.key).toEqual({ kind: 'fwmark', mark: 7 });
  });

  it('points at the token that is wrong', () => {
    const d = parseIpvs('TCP  10.96.0.10:80 rr\n  -> 10.244.1.5:8080 Bridge 1 0 0').diagnostics[0]!;
    expect([d.line, d.col]).toEqual([2, 22]);
  });
});
