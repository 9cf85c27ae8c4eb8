import { describe, expect, it } from 'vitest';
import type { NatRequest } from '../ext/types.ts';
import type { Packet } from '../model/packet.ts';
import { parseIPv4 } from '../net/ipv4.ts';
import { natIcmpError, natPacket, setupBinding, type NatEnv } from './nat.ts';
import { ConntrackTable } from './table.ts';

const ip = (s: string) => parseIPv4(s)!;

function udp(src: string, sport: number, dst: string, dport: number): Packet {
  return { proto: 17, src: ip(src), dst: ip(dst), sport, dport, length: 28, tos: 0, ttl: 64, mark: 0, fragment: false };
}

const env = (over: Partial<NatEnv> = {}): NatEnv => ({
  hook: 'PREROUTING',
  inIface: 'eth0',
  outIface: undefined,
  masqueradeAddress: () => ip('10.0.2.1'),
  primaryAddress: () => ip('10.0.1.1'),
  ...over,
});

function firstPacket(table: ConntrackTable, pkt: Packet) {
  const r = table.track(pkt, 0);
  if (r.kind !== 'tracked') throw new Error('not tracked');
  return r.attach.conn;
}

const dnat = (to: string, minPort?: number, maxPort?: number): NatRequest => ({
  kind: 'dnat',
  range: { minAddr: ip(to), maxAddr: ip(to), minPort, maxPort },
  random: false,
  persistent: false,
});

describe('NAT bindings (nf_nat_core)', () => {
  it('DNAT rewrites the original direction and undoes it on replies (f29)', () => {
    const t = new ConntrackTable();
    const pkt = udp('10.0.1.2', 41000, '10.0.1.1', 8080);
    const conn = firstPacket(t, pkt);
    setupBinding(t, conn, 'dst', dnat('10.0.2.2', 80), env());
    expect(natPacket(conn, 'ORIGINAL', 'dst', pkt)).toEqual(['dst', 'dport']);
    expect([pkt.dst, pkt.dport]).toEqual([ip('10.0.2.2'), 80]);
    expect(conn.status.has('DNAT')).toBe(true);
    t.confirm(conn);
    const reply = udp('10.0.2.2', 80, '10.0.1.2', 41000);
    expect(t.find({ proto: 17, src: reply.src, dst: reply.dst, sport: 80, dport: 41000 }, 0)?.dir).toBe('REPLY');
    expect(natPacket(conn, 'REPLY', 'dst', reply)).toEqual([]);
    expect(natPacket(conn, 'REPLY', 'src', reply)).toEqual(['src', 'sport']);
    expect([reply.src, reply.sport]).toEqual([ip('10.0.1.1'), 8080]);
  });

  it('keeps a port inside a DNAT range, else takes the lowest (f43)', () => {
    const t = new ConntrackTable();
    const inside = udp('10.0.1.2', 1, '10.0.1.1', 9005);
    const c1 = firstPacket(t, inside);
    setupBinding(t, c1, 'dst', dnat('10.0.2.2', 9000, 9010), env());
    natPacket(c1, 'ORIGINAL', 'dst', inside);
    expect(inside.dport).toBe(9005);
    const outside = udp('10.0.1.2', 2, '10.0.1.1', 8080);
    const c2 = firstPacket(t, outside);
    setupBinding(t, c2, 'dst', dnat('10.0.2.2', 9000, 9010), env());
    natPacket(c2, 'ORIGINAL', 'dst', outside);
    expect(outside.dport).toBe(9000);
  });

  it('maps ports by offset with :min-max/base (NF_NAT_RANGE_PROTO_OFFSET): 8085 with base 8000 into 9000-9009 is 9005', () => {
    const t = new ConntrackTable();
    const pkt = udp('10.0.1.2', 1, '10.0.1.1', 8085);
    const conn = firstPacket(t, pkt);
    const req: NatRequest = {
      kind: 'dnat',
      range: { minAddr: ip('10.0.2.2'), maxAddr: ip('10.0.2.2'), minPort: 9000, maxPort: 9009, basePort: 8000 },
      random: false,
      persistent: false,
    };
    setupBinding(t, conn, 'dst', req, env());
    natPacket(conn, 'ORIGINAL', 'dst', pkt);
    // (8085 - 8000) % 10 = 5: even a port inside the range is remapped by the offset.
    expect(pkt.dport).toBe(9005);
  });

  it('MASQUERADE takes the out-interface address and moves the port only on a clash', () => {
    const t = new ConntrackTable();
    const masq: NatRequest = { kind: 'masquerade', range: {}, random: false, randomFully: false };
    const a = udp('10.0.1.2', 5000, '10.0.2.2', 53);
    const ca = firstPacket(t, a);
    setupBinding(t, ca, 'src', masq, env({ hook: 'POSTROUTING', outIface: 'eth1' }));
    natPacket(ca, 'ORIGINAL', 'src', a);
    expect([a.src, a.sport]).toEqual([ip('10.0.2.1'), 5000]);
    t.confirm(ca);
    // Another client with the same source port: the masqueraded tuple would clash, so the port changes.
    const b = udp('10.0.1.3', 5000, '10.0.2.2', 53);
    const cb = firstPacket(t, b);
    setupBinding(t, cb, 'src', masq, env({ hook: 'POSTROUTING', outIface: 'eth1' }));
    natPacket(cb, 'ORIGINAL', 'src', b);
    expect(b.src).toBe(ip('10.0.2.1'));
    expect(b.sport).not.toBe(5000);
  });

  it('keeps two masqueraded pings with the same identifier apart by changing the second one', () => {
    const t = new ConntrackTable();
    const masq: NatRequest = { kind: 'masquerade', range: {}, random: false, randomFully: false };
    const ping = (src: string): Packet => ({
      proto: 1,
      src: ip(src),
      dst: ip('10.0.2.2'),
      icmpType: 8,
      icmpCode: 0,
      icmpId: 7,
      length: 28,
      tos: 0,
      ttl: 64,
      mark: 0,
      fragment: false,
    });
    const a = ping('10.0.1.2');
    const b = ping('10.0.1.3');
    for (const p of [a, b]) {
      const conn = firstPacket(t, p);
      setupBinding(t, conn, 'src', masq, env({ hook: 'POSTROUTING', outIface: 'eth1' }));
      natPacket(conn, 'ORIGINAL', 'src', p);
      t.confirm(conn);
    }
    expect(a.icmpId).toBe(7);
    expect(b.icmpId).not.toBe(7);
    const reply: Packet = { ...b, src: ip('10.0.2.2'), dst: ip('10.0.2.1'), icmpType: 0 };
    const found = t.find({ proto: 1, src: reply.src, dst: reply.dst, icmpType: 0, icmpCode: 0, icmpId: b.icmpId }, 0)!;
    expect(found.dir).toBe('REPLY');
    natPacket(found.conn, 'REPLY', 'dst', reply);
    expect([reply.dst, reply.icmpId]).toEqual([ip('10.0.1.3'), 7]);
  });

  it('REDIRECT in OUTPUT goes to 127.0.0.1, in PREROUTING to the in-interface address (iptables-extensions(8))', () => {
    const t = new ConntrackTable();
    const redirect: NatRequest = { kind: 'redirect', range: { minPort: 8080, maxPort: 8080 }, random: false };
    const local = udp('10.0.2.1', 1000, '10.0.2.2', 80);
    const c = firstPacket(t, local);
    setupBinding(t, c, 'dst', redirect, env({ hook: 'OUTPUT', inIface: undefined }));
    natPacket(c, 'ORIGINAL', 'dst', local);
    expect([local.dst, local.dport]).toEqual([ip('127.0.0.1'), 8080]);
    const fwd = udp('10.0.1.2', 1000, '10.0.2.2', 80);
    const c2 = firstPacket(t, fwd);
    setupBinding(t, c2, 'dst', redirect, env());
    natPacket(c2, 'ORIGINAL', 'dst', fwd);
    expect(fwd.dst).toBe(ip('10.0.1.1'));
  });

  it('translates an ICMP error about a masqueraded flow back to the client, inner header included (f26)', () => {
    const t = new ConntrackTable();
    const masq: NatRequest = { kind: 'masquerade', range: {}, random: false, randomFully: false };
    const out = udp('10.0.1.2', 41261, '10.0.2.2', 5353);
    const conn = firstPacket(t, out);
    setupBinding(t, conn, 'src', masq, env({ hook: 'POSTROUTING', outIface: 'eth1' }));
    t.confirm(conn);
    const err: Packet = {
      proto: 1,
      src: ip('10.0.2.2'),
      dst: ip('10.0.2.1'),
      icmpType: 3,
      icmpCode: 3,
      inner: { proto: 17, src: ip('10.0.2.1'), dst: ip('10.0.2.2'), sport: 41261, dport: 5353 },
      length: 56,
      tos: 0,
      ttl: 64,
      mark: 0,
      fragment: false,
    };
    expect(natIcmpError(conn, 'REPLY', 'dst', err)).toEqual(['inner.src', 'dst']);
    expect(err.dst).toBe(ip('10.0.1.2'));
    expect(err.inner?.src).toBe(ip('10.0.1.2'));
  });

  it('a null binding marks the manipulation decided without changing anything', () => {
    const t = new ConntrackTable();
    const pkt = udp('10.0.1.2', 1, '10.0.2.2', 2);
    const conn = firstPacket(t, pkt);
    setupBinding(t, conn, 'dst', null, env());
    expect(conn.natDone.dst).toBe(true);
    expect(natPacket(conn, 'ORIGINAL', 'dst', pkt)).toEqual([]);
  });
});
