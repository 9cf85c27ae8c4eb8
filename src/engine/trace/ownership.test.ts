import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST } from '../host/host.ts';
import { runTrace } from './index.ts';
import type { PacketSpec, TraceResult } from './types.ts';

function trace(rules: string, packets: PacketSpec[]): TraceResult[] {
  const resp = runTrace({ rules, packets, host: DEFAULT_HOST });
  if (!resp.ok || !('results' in resp)) throw new Error(JSON.stringify(resp));
  return resp.results;
}

const OWNER_MARKS = `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp --dport 23 -j REJECT --reject-with tcp-reset
-A INPUT -p udp --dport 69 -j REJECT
-A OUTPUT -m owner --socket-exists -j MARK --or-mark 0x1
-A OUTPUT -m owner ! --socket-exists -j MARK --or-mark 0x2
-A OUTPUT -m owner --uid-owner 0 -j MARK --or-mark 0x4
-A OUTPUT -m owner ! --uid-owner 0 -j MARK --or-mark 0x8
COMMIT
`;
const fromClient = { in: 'eth0', src: '10.0.1.2', dst: '10.0.1.1', sport: 42000 } as const;

describe('who sends the host own packets, for -m owner (xt_owner.c owner_mt; kernel case g48)', () => {
  it("REJECT's TCP RST has no socket at all (nf_send_reset): ! --socket-exists and ! --uid-owner match", () => {
    const [r] = trace(OWNER_MARKS, [{ ...fromClient, proto: 'tcp', dport: 23, seq: 1000, ack: 0 }]);
    expect(r!.reply!.packet.mark).toBe(0x2 | 0x8);
  });

  it("REJECT's ICMP error comes from the kernel's ICMP socket (icmp_send): --socket-exists and ! --uid-owner", () => {
    const [r] = trace(OWNER_MARKS, [{ ...fromClient, proto: 'udp', dport: 69 }]);
    expect(r!.reply!.packet.mark).toBe(0x1 | 0x8);
  });

  it('a packet given socket "kernel", false or a process socket is judged accordingly', () => {
    const out = { local: true, proto: 'udp', src: '10.0.1.1', dst: '10.0.1.2', sport: 53, dport: 40000 } as const;
    const [kernel, none, process] = trace(OWNER_MARKS, [
      { ...out, socket: 'kernel' },
      { ...out, socket: false },
      { ...out, uid: 0 },
    ]);
    expect([kernel!.packet.mark, none!.packet.mark, process!.packet.mark]).toEqual([0x9, 0xa, 0x5]);
  });
});
