// The two sentences of a field the packet gives no value for, as the trace gives them (through the engine's entry) and
// the catalogs render them in every language: the packet lacks it (nft.absent), or the packet has those bytes and the
// lab does not model them (nft.unknown: it cannot say whether the rule matches). src/engine/nft/unknownBytes.test.ts
// has which fields are which.
import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { runTrace } from '../engine/index.ts';
import type { Explanation } from '../engine/ext/types.ts';
import type { PacketSpec, TraceStep } from '../engine/trace/types.ts';
import { explanationText } from './catalogText.ts';
import { buildResources } from './resources.ts';

const json = (lng: string) =>
  JSON.parse(readFileSync(new URL(`./${lng}/nft.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

async function translator(lng: string) {
  const files = { [`./${lng}/nft.json`]: { default: json(lng) } };
  const instance = i18next.createInstance();
  await instance.init({ resources: buildResources({ [lng]: files }), lng, interpolation: { escapeValue: false } });
  return instance.t;
}

const PING: PacketSpec = { in: 'eth0', proto: 'icmp', src: '10.0.1.2', dst: '10.0.2.2', icmpType: 8 };
const UDP: PacketSpec = { in: 'eth0', proto: 'udp', src: '10.0.1.2', sport: 40000, dst: '10.0.2.2', dport: 5 };

/** The explanations of the statements of filter forward rule 1, for each packet, through the engine's entry. */
function ruleExplanations(rules: string, packets: PacketSpec[]): Explanation[][] {
  const resp = runTrace({ rules, packets, detail: 'full' });
  if (!resp.ok || !('results' in resp)) throw new Error(JSON.stringify(resp));
  return resp.results.map((r) => {
    const step = r.steps.find((s): s is Extract<TraceStep, { kind: 'nft-rule' }> => s.kind === 'nft-rule')!;
    return step.statements.flatMap((s) => s.explain);
  });
}

describe.each(['en', 'zh', 'ja'])('the trace tells the two apart (%s)', (lng) => {
  it('an ICMP checksum is unknown, a tcp dport on UDP is absent: two whole sentences', async () => {
    const t = await translator(lng);
    const rules =
      'table ip t {\n chain c { type filter hook forward priority 0;\n th dport 5 tcp dport 80 accept\n }\n}';
    const [ping, udp] = ruleExplanations(rules, [PING, UDP]);
    // The ping has a th dport (its checksum) the lab does not know; the UDP packet's th dport is 5, and it has no
    // tcp dport.
    expect(ping!.map((x) => x.id)).toEqual(['nft.unknown']);
    expect(udp!.map((x) => x.id)).toEqual(['nft.compare', 'nft.absent']);
    const unknown = explanationText(t, ping![0]!);
    const absent = explanationText(t, udp![1]!);
    for (const s of [unknown, absent]) expect(s).not.toMatch(/nft\.|\{\{|\}\}/);
    expect(unknown).toContain('th dport');
    expect(absent).toContain('tcp dport');
    expect(unknown.replace('th dport', 'X')).not.toBe(absent.replace('tcp dport', 'X'));
    if (lng === 'en') {
      expect(absent).toBe('The packet has no tcp dport: the rule stops here.');
      expect(unknown).not.toContain('The packet has no');
      expect(unknown).toContain('does not know');
    }
  });
});
