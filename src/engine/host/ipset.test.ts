import { describe, expect, it } from 'vitest';
import { parseIPv4 } from '../net/ipv4.ts';
import { parseIpsets } from './ipset.ts';

const ip = (s: string) => parseIPv4(s)!;

const SAVE = `create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536
add KUBE-CLUSTER-IP 10.96.0.1,tcp:443
add KUBE-CLUSTER-IP 10.96.0.10,udp:53
create nets hash:net family inet
add nets 10.0.0.0/8
add nets 10.1.0.0/16 nomatch
create both list:set size 8
add both nets
`;

describe('ipset save parsing (ipset(8))', () => {
  it('reads hash:ip,port members with their protocol', () => {
    const { sets, diagnostics } = parseIpsets(SAVE);
    expect(diagnostics).toEqual([]);
    const set = sets.get('KUBE-CLUSTER-IP')!;
    expect(set.has([ip('10.96.0.1'), 'tcp:443'])).toBe(true);
    expect(set.has([ip('10.96.0.1'), 443])).toBe(true);
    expect(set.has([ip('10.96.0.1'), 'udp:443'])).toBe(false);
    expect(set.has([ip('10.96.0.10'), 'udp:53'])).toBe(true);
  });

  it('lets the most specific nomatch entry of a hash:net exclude addresses', () => {
    const { sets } = parseIpsets(SAVE);
    const nets = sets.get('nets')!;
    expect(nets.has([ip('10.2.3.4')])).toBe(true);
    expect(nets.has([ip('10.1.3.4')])).toBe(false);
    expect(nets.has([ip('192.168.1.1')])).toBe(false);
    expect(sets.get('both')!.has([ip('10.2.3.4')])).toBe(true);
    expect(nets.lookup([ip('10.1.3.4')])).toBe('nomatch');
    expect(nets.lookup([ip('192.168.1.1')])).toBe('none');
    expect(nets.lookup([ip('10.2.3.4')])).toBe('match');
  });

  it('adds and deletes elements as the SET target does', () => {
    const { sets } = parseIpsets('create seen hash:ip,port family inet\n');
    const seen = sets.get('seen')!;
    expect(seen.has([ip('10.0.1.2'), 'tcp:22'])).toBe(false);
    expect(seen.add([ip('10.0.1.2'), 'tcp:22'])).toBe(true);
    expect(seen.add([ip('10.0.1.2'), 'tcp:22'])).toBe(false);
    expect(seen.has([ip('10.0.1.2'), 'tcp:22'])).toBe(true);
    expect(seen.has([ip('10.0.1.2'), 'udp:22'])).toBe(false);
    expect(seen.del([ip('10.0.1.2'), 'tcp:22'])).toBe(true);
    expect(seen.has([ip('10.0.1.2'), 'tcp:22'])).toBe(false);
  });

  it('reports unknown types, missing sets and bad entries with their line', () => {
    const { diagnostics } = parseIpsets('create x hash:bogus\nadd y 1.2.3.4\ncreate z hash:ip\nadd z 1.2.3\n');
    expect(diagnostics.map((d) => d.line)).toEqual([1, 2, 4]);
  });
});
