// The lines where a packet enters an nftables chain, or an accept ends a base chain, read as whole sentences in every
// language: the engine's explanation ids all have their catalog sentence, with every placeholder filled.
import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { runTrace } from '../../engine/trace/index.ts';
import type { PacketSpec, TraceStep } from '../../engine/trace/types.ts';
import { explanationText } from '../../i18n/catalogText.ts';
import { buildResources } from '../../i18n/resources.ts';
import { sentencesOf } from './stepText.ts';

const NAMESPACES = ['ui', 'nftlab'];
const json = (lng: string, ns: string) =>
  JSON.parse(readFileSync(new URL(`../../i18n/${lng}/${ns}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

async function translator(lng: string) {
  const files = Object.fromEntries(NAMESPACES.map((ns) => [`./${lng}/${ns}.json`, { default: json(lng, ns) }]));
  const instance = i18next.createInstance();
  await instance.init({ resources: buildResources({ [lng]: files }), lng, interpolation: { escapeValue: false } });
  return instance.t;
}

const FWD: PacketSpec = { in: 'eth0', proto: 'tcp', src: '10.0.1.2', sport: 40000, dst: '10.0.2.2', dport: 80 };
// Every way into a chain: a base chain by priority, after an accept (nft and iptables-nft), jump, goto, both returns.
const RULES = `table ip a {
  chain c { type filter hook forward priority 10; jump x; jump r; goto y\n }
  chain x { goto z\n }
  chain z { counter\n }
  chain r { return\n }
  chain y { counter\n }
}
table inet b { chain d { type filter hook forward priority 20; accept\n }\n}`;

function entrySteps(): Extract<TraceStep, { kind: 'nft-chain' | 'nft-accept' }>[] {
  const resp = runTrace({ rules: RULES, iptablesRules: '*filter\n:FORWARD ACCEPT [0:0]\nCOMMIT\n', packets: [FWD] });
  if (!resp.ok || !('results' in resp)) throw new Error(JSON.stringify(resp));
  return resp.results[0]!.steps.filter(
    (s): s is Extract<TraceStep, { kind: 'nft-chain' | 'nft-accept' }> =>
      s.kind === 'nft-chain' || s.kind === 'nft-accept',
  );
}

describe.each(['en', 'zh', 'ja'])('nft chain lines in %s', (lng) => {
  it('each way into a chain has its own whole sentence', async () => {
    const t = await translator(lng);
    const steps = entrySteps();
    const ids = new Set(steps.flatMap((s) => s.explain.map((e) => e.id)));
    // Both base chains, after an iptables-nft accept and after an nft accept; jump, goto both ways, both returns.
    expect([...ids].filter((id) => id.startsWith('nftlab:chainEntry.')).sort()).toEqual(
      ['enterAfterAccept', 'enterAfterAcceptIptables', 'goto', 'gotoPolicy', 'jump', 'returnEnd', 'returnVerdict'].map(
        (k) => `nftlab:chainEntry.${k}`,
      ),
    );
    const sentences = steps.map((s) => sentencesOf(s, t, (e) => explanationText(t, e)).join(' '));
    for (const sentence of sentences) {
      expect(sentence).not.toBe('');
      expect(sentence).not.toMatch(/nftlab:|\{\{|\}\}/);
    }
    // No two kinds of entry read alike.
    const byKind = new Map(steps.map((s, i) => [s.explain[0]!.id, sentences[i]!]));
    expect(new Set(byKind.values()).size).toBe(byKind.size);
  });
});

describe('an nft rule that is a bare verdict', () => {
  it('names its verdict on its line, which is never empty', async () => {
    const t = await translator('en');
    const resp = runTrace({ rules: RULES, packets: [FWD] });
    if (!resp.ok || !('results' in resp)) throw new Error(JSON.stringify(resp));
    const jump = resp.results[0]!.steps.find((s) => s.kind === 'nft-rule' && s.verdict === 'jump x')!;
    expect(sentencesOf(jump, t, (e) => explanationText(t, e))).toEqual(['Verdict jump x']);
  });
});
