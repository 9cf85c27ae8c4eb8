import { describe, expect, it } from 'vitest';
import type { PacketSpec } from './types.ts';
import { packetFromSpec } from './packet.ts';

const read = (spec: unknown) => packetFromSpec(spec as PacketSpec, 0);

describe('packets from JSON of any shape are refused with a sentence, never a TypeError', () => {
  it.each([null, 5, 'tcp', [], {}, { proto: 6.5 }, { proto: ['tcp'] }])('%j', (spec) => {
    const r = read(spec);
    expect(r.pkt).toBeUndefined();
    expect(r.diagnostics.length).toBeGreaterThan(0);
    for (const d of r.diagnostics) expect(d).toMatchObject({ code: 'bad-packet', severity: 'error' });
  });

  it('names the field of the wrong type', () => {
    const base = { in: 'eth0', proto: 'tcp', src: '10.0.0.1', dst: '10.0.0.2' };
    expect(read({ ...base, dport: '22' }).diagnostics[0]!.message).toContain('"dport" must be a number');
    expect(read({ ...base, tcpFlags: 'SYN' }).diagnostics[0]!.message).toContain('"tcpFlags"');
    expect(read({ ...base, tcpFlags: [1] }).diagnostics[0]!.message).toContain('"tcpFlags"');
    expect(read({ ...base, proto: 'icmp', inner: 7 }).diagnostics[0]!.message).toContain('"inner"');
    expect(read({ ...base, dport: 22 }).pkt).toMatchObject({ dport: 22 });
  });
});
