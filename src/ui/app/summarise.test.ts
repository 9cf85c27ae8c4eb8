import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import en from '../../i18n/en/ui.json';
import { LONG_VALUE, summariseParams, summariseValue } from './summarise.ts';

const i18n = i18next.createInstance();
await i18n.init({ lng: 'en', resources: { en: { ui: en } }, interpolation: { escapeValue: false } });
const t = i18n.t;

describe('summarising long values in messages', () => {
  it('keeps the two ends of a loop through 5,000 chains and says how many are left out', () => {
    const path = [...Array.from({ length: 5000 }, (_, i) => `CHAIN-${i}`), 'CHAIN-0'].join(' → ');
    const short = summariseValue(t, path);
    expect(short).toBe('CHAIN-0 → CHAIN-1 → CHAIN-2 → … 4996 more … → CHAIN-4999 → CHAIN-0');
  });

  it('cuts any other long text in the middle, and leaves short values and numbers alone', () => {
    const long = 'x'.repeat(10_000);
    const out = summariseParams(t, { path: long, line: 7, chain: 'INPUT' })!;
    expect(out.path.length).toBeLessThan(LONG_VALUE + 40);
    expect(out.path).toContain('9760 more characters');
    expect(out).toMatchObject({ line: 7, chain: 'INPUT' });
  });
});
