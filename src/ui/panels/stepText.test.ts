// The words of a trace line come from the catalog and the engine's explanations; these tests read the real
// catalogs through i18next, as the app does.
import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTrace } from '../../engine/trace/index.ts';
import type { PacketSpec, TraceResult, TraceStep } from '../../engine/trace/types.ts';
import { buildResources } from '../../i18n/resources.ts';
import { sshAcceptedTrace } from '../../store/fixtures/traces.ts';
import { notationOf, sentencesOf, stepSentence } from './stepText.ts';

const catalog = (lng: string) =>
  JSON.parse(readFileSync(new URL(`../../i18n/${lng}/ui.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const ui = catalog('en');
const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    resources: buildResources({
      en: { './en/ui.json': { default: ui } },
      zh: { './zh/ui.json': { default: catalog('zh') } },
    }),
    lng: 'en',
    defaultNS: 'ui',
    interpolation: { escapeValue: false },
  });
});
const explain = (e: { id: string }) => `<${e.id}>`;
const steps = sshAcceptedTrace().steps;
const find = (pred: (s: TraceStep) => boolean) => steps.find(pred)!;
const ruleStep = (chain: string, index: number) =>
  find((s) => s.kind === 'rule' && s.chain === chain && s.index === index) as Extract<TraceStep, { kind: 'rule' }>;
const rule1 = ruleStep('INPUT', 1);
/** The explanation of the match that failed first, as the fake renderer writes it. */
const failing = `<${rule1.matches.find((m) => !m.matched)!.explain[0]!.id}>`;

describe('trace line text', () => {
  it('uses the kernel TRACE notation for rules and the table:chain for chain entries', () => {
    expect(notationOf(rule1)).toBe('filter:INPUT:rule:1');
    expect(notationOf(find((s) => s.kind === 'chain' && s.chain === 'INPUT'))).toBe('filter:INPUT');
    expect(notationOf(find((s) => s.kind === 'hook'))).toBe('PREROUTING');
  });

  it('a rule that does not match says so and gives the failing match’s explanation', () => {
    expect(sentencesOf(rule1, i18n.t, explain)).toEqual(['Rule 1 does not match.', failing]);
  });

  it('joins a step’s sentences as the language writes them: a space in English, none in Chinese', () => {
    expect(stepSentence(rule1, i18n.t, explain)).toBe(`Rule 1 does not match. ${failing}`);
    expect(stepSentence(rule1, i18n.getFixedT('zh'), explain)).toBe(
      `${sentencesOf(rule1, i18n.getFixedT('zh'), explain)[0]}${failing}`,
    );
    expect(sentencesOf(rule1, i18n.getFixedT('zh'), explain)[0]).toMatch(/^规则 1.*。$/);
  });

  it('a matching rule names its target', () => {
    expect(sentencesOf(ruleStep('INPUT', 3), i18n.t, explain)[0]).toBe('Rule 3 matches: SSH-IN.');
  });

  it('a jump into a user chain is a sentence of its own', () => {
    expect(
      sentencesOf(
        find((s) => s.kind === 'chain' && s.chain === 'SSH-IN'),
        i18n.t,
        explain,
      ),
    ).toEqual(['Jump into the chain SSH-IN.']);
  });

  it('routing and the fate are the engine’s own explanations', () => {
    expect(
      sentencesOf(
        find((s) => s.kind === 'route'),
        i18n.t,
        explain,
      ),
    ).toEqual(['<trace.route.local>']);
    expect(sentencesOf(steps.at(-1)!, i18n.t, explain)).toEqual(['<trace.fate.delivered>']);
  });
});

// The app's own i18next setup in the three languages: every catalog file, as src/i18n/index.ts loads them.
const LANGUAGES = ['en', 'zh', 'ja'] as const;
const FILES = ['ui', 'trace', 'match', 'target', 'parse', 'scenario'];
const filesOf = (lng: string) =>
  Object.fromEntries(
    FILES.map((f) => [
      `./${lng}/${f}.json`,
      {
        default: JSON.parse(readFileSync(new URL(`../../i18n/${lng}/${f}.json`, import.meta.url), 'utf8')) as Record<
          string,
          unknown
        >,
      },
    ]),
  );
const app = i18next.createInstance();
beforeAll(async () => {
  await app.init({
    resources: buildResources(Object.fromEntries(LANGUAGES.map((l) => [l, filesOf(l)]))),
    lng: 'en',
    fallbackLng: false,
    defaultNS: 'ui',
    interpolation: { escapeValue: false },
  });
});
/** Trace lines as TracePanel writes them in `lng`: ui sentences, and explanations rendered by their id. */
function linesIn(lng: string, step: TraceStep): string[] {
  const t = app.getFixedT(lng, 'ui');
  const tr = app.getFixedT(lng, 'translation');
  return sentencesOf(step, t, (e) => tr(e.id, { ...e.params, defaultValue: e.id }));
}
function traceOf(rules: string, packet: PacketSpec): TraceResult {
  const response = runTrace({ rules, packets: [packet] });
  if (!response.ok || !('results' in response)) throw new Error('the trace was refused');
  return response.results[0]!;
}

describe('engine ids inside a translated sentence', () => {
  const dnat = traceOf(
    '*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.2.5:8080\nCOMMIT\n',
    { in: 'eth0', proto: 'tcp', src: '10.0.1.2', sport: 40000, dst: '10.0.1.1', dport: 80 },
  );
  const natStep = dnat.steps.find((s) => s.kind === 'nat' && s.changed.length > 0)!;

  it('names the NAT-rewritten fields in the reader’s words, joined as the language joins a list', () => {
    expect(natStep).toMatchObject({ changed: ['dst', 'dport'] });
    expect(linesIn('en', natStep)[0]).toBe('nat rewrites the packet: Destination and Destination port.');
    expect(linesIn('zh', natStep)[0]).toBe('nat 表改写了数据包：目的地址和目的端口。');
    expect(linesIn('ja', natStep)[0]).toBe('nat がパケットを書き換えます: 宛先、宛先ポート。');
  });

  it('gives the engine’s reason after the rewrite: the binding this first packet set up', () => {
    expect(linesIn('en', natStep)[1]).toMatch(/^The connection's destination becomes 10\.0\.2\.5:8080/);
  });

  const backIn = traceOf('*filter\n:INPUT DROP [0:0]\nCOMMIT\n', {
    local: true,
    proto: 'tcp',
    src: '10.0.1.1',
    sport: 40000,
    dst: '10.0.1.1',
    dport: 22,
  });
  const fateStep = backIn.steps.find((s) => s.kind === 'fate')!;

  it('says what happened to a packet back in from lo in words, not with the engine’s fate id', () => {
    expect(fateStep).toMatchObject({ reason: { id: 'trace.fate.sent-lo-then', params: { fate: 'dropped' } } });
    expect(linesIn('en', fateStep)).toEqual([
      "The packet left through lo (the sender's send succeeded), then was dropped on its way back in.",
    ]);
    expect(linesIn('zh', fateStep)).toEqual(['数据包经 lo 发出（发送方的发送调用成功），但在回到本机的途中被丢弃。']);
    expect(linesIn('ja', fateStep)).toEqual([
      'パケットは lo から送出されました (送信側の send は成功)。その後、戻ってくる途中で破棄されました。',
    ]);
  });
});
