// The shared renderer (i18next) is what the UI and the CLI print; the engine's own English filler (Diagnostic.message,
// kept because the engine may not use i18next) must give the very same sentence for every key of parse.json.
import { describe, expect, it } from 'vitest';
import { formatMessage, type ParseMessageId } from '../engine/parse/messages.ts';
import english from './en/parse.json' with { type: 'json' };
import { diagnosticText, englishT, explanationText } from './catalogText.ts';

const baseKeys = [...new Set(Object.keys(english).map((k) => k.replace(/_(one|other)$/, '')))] as ParseMessageId[];

/** Params for every {{placeholder}} of a key (a module error nests a real module sentence). */
function paramsOf(key: string, count: number): Record<string, string | number> {
  const text = Object.entries(english)
    .filter(([k]) => k === key || k.startsWith(`${key}_`))
    .map(([, v]) => v)
    .join(' ');
  const params: Record<string, string | number> = {};
  for (const [, name] of text.matchAll(/\{\{(\w+)\}\}/g)) if (name) params[name] = `<${name}>`;
  if ('count' in params) params.count = count;
  if ('reason' in params) Object.assign(params, { reason: 'match:error.connbytes-bad-dir', value: 'sideways' });
  return params;
}

describe('one sentence, whoever renders it', () => {
  it.each(baseKeys.flatMap((key) => [1, 3].map((count) => [key, count] as const)))(
    'parse:%s (count %d) reads the same from the engine and from i18next',
    (key, count) => {
      const params = paramsOf(key, count);
      const engine = formatMessage(key, params);
      expect(diagnosticText(englishT(), { code: key, params, message: '' })).toBe(engine);
      expect(engine).not.toMatch(/\$t\(|\{\{/);
    },
  );

  it('says "1 rule" and "3 rules", not "rule(s)"', () => {
    const one = formatMessage('chain-not-empty', { chain: 'X', count: 1 });
    const three = formatMessage('chain-not-empty', { chain: 'X', count: 3 });
    expect(one).toContain('still has 1 rule:');
    expect(three).toContain('still has 3 rules:');
    expect(Object.values(english).join('\n')).not.toContain('(s)');
  });

  it('resolves nested sentences in explanations, and falls back to the id', () => {
    const t = englishT();
    expect(explanationText(t, { id: 'trace.fate.sent-lo-then', params: { fate: 'rejected' } })).toContain(
      'then was rejected (a reply went back) on its way back in',
    );
    expect(explanationText(t, { id: 'trace.no.such' })).toBe('trace.no.such');
  });
});
