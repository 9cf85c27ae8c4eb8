// A module's refusal reaches the reader as a catalog sentence in their language, with the module's own params:
// these tests read the real en and zh catalogs through i18next, as the app does.
import { readFileSync } from 'node:fs';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParseResult, ParsedOption } from '../../engine/ext/types.ts';
import { connbytesMatch } from '../../engine/match/connbytes.ts';
import { tcpMatch } from '../../engine/match/tcp.ts';
import { moduleDiag } from '../../engine/parse/messages.ts';
import { dnatTarget } from '../../engine/target/dnat.ts';
import { buildResources } from '../../i18n/resources.ts';
import { diagnosticText } from './useExplain.ts';

const FILES = ['parse', 'match', 'target', 'trace', 'ui', 'scenario'];
const catalog = (lng: string, file: string) => ({
  default: JSON.parse(readFileSync(new URL(`../../i18n/${lng}/${file}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >,
});
const filesOf = (lng: string) => Object.fromEntries(FILES.map((f) => [`./${lng}/${f}.json`, catalog(lng, f)]));

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    resources: buildResources({ en: filesOf('en'), zh: filesOf('zh'), ja: filesOf('ja') }),
    lng: 'en',
    fallbackLng: false,
    interpolation: { escapeValue: false },
  });
});

const at = { line: 3, col: 17 };
const option = (name: string, ...args: string[]): ParsedOption => ({ name, negated: false, args, pos: at });
const inZh = (d: Parameters<typeof diagnosticText>[1]) => diagnosticText(i18n.getFixedT('zh'), d);
const inEn = (d: Parameters<typeof diagnosticText>[1]) => diagnosticText(i18n.getFixedT('en'), d);

/** The failure of a parse that must refuse its options. */
function refusal<D>(r: ParseResult<D>): Extract<ParseResult<D>, { ok: false }> {
  if (r.ok) throw new Error('expected the module to refuse its options');
  return r;
}

const ctx = { table: 'filter' as const, chain: 'INPUT', proto: 6 };
const badDir = refusal(
  connbytesMatch.parse(
    [option('--connbytes', '10'), option('--connbytes-dir', 'sideways'), option('--connbytes-mode', 'bytes')],
    ctx,
  ),
);
const badPort = refusal(tcpMatch.parse([option('--dport', '99999')], ctx));
const noTo = refusal(dnatTarget.parse([], { ...ctx, table: 'nat', chain: 'PREROUTING' }));

describe('a module error', () => {
  it('carries its catalog id and params, not only a sentence', () => {
    const d = moduleDiag('connbytes', badDir, at);
    expect(d).toMatchObject({ code: 'module-error', line: 3, col: 17 });
    expect(d.params).toEqual({ module: 'connbytes', reason: 'match:error.connbytes-bad-dir', value: 'sideways' });
  });

  it('reads in English as the CLI prints it', () => {
    const d = moduleDiag('connbytes', badDir, at);
    expect(d.message).toBe('connbytes: Unknown --connbytes-dir "sideways": use original, reply or both.');
    expect(inEn(d)).toBe(d.message);
    expect(inEn(moduleDiag('DNAT', noTo, at))).toBe('DNAT: The DNAT target needs --to-destination.');
  });

  it('reads in Chinese, with the user’s value and iptables’ words verbatim', () => {
    expect(inZh(moduleDiag('connbytes', badDir, at))).toBe(
      'connbytes：未知的 --connbytes-dir“sideways”：请用 original、reply 或 both。',
    );
    expect(inZh(moduleDiag('tcp', badPort, at))).toBe('tcp：“99999”不是端口：请给出 0 到 65535 的数字或服务名。');
    expect(inZh(moduleDiag('DNAT', noTo, at))).toBe('DNAT：DNAT 目标需要 --to-destination。');
  });

  it('shows its raw key when the catalog has no such sentence, so a missing entry cannot pass unseen', () => {
    const d = moduleDiag('connbytes', { ...badDir, error: { id: 'match:error.no-such-reason', params: {} } }, at);
    expect(inZh(d)).toBe('connbytes：error.no-such-reason');
  });
});

// Sentences that nest another entry by an engine id ($t(ui:fate.{{fate}}), $t({{reason}})): for every id the engine
// can put there, every language renders a sentence with no raw key left in it.
const errorIds = (file: string) =>
  Object.keys((catalog('en', file).default as { error: Record<string, string> }).error).map(
    (k) => `${file}:error.${k}`,
  );
const NESTING = [
  { key: 'scenario:packets.outcome', param: 'fate', values: ['dropped', 'rejected', 'queued'] },
  { key: 'trace:fate.sent-lo-then', param: 'fate', values: ['sent', 'dropped', 'rejected'] },
  { key: 'parse:module-error', param: 'reason', values: [...errorIds('match'), ...errorIds('target')] },
];

describe.each(['en', 'zh', 'ja'])('catalog sentences that nest an engine id, in %s', (lng) => {
  it.each(NESTING)('$key resolves every $param', ({ key, param, values }) => {
    const t = i18n.getFixedT(lng);
    const unresolved = values.filter((value) => /\$t\(|error\.|fate\./.test(t(key, { [param]: value, module: 'm' })));
    expect(unresolved).toEqual([]);
  });
});
