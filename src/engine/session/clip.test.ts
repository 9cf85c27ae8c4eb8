import { describe, expect, it } from 'vitest';
import { parseRuleset } from '../parse/index.ts';
import { createSession } from './session.ts';
import { clipDiagnostics, MAX_DIAGNOSTICS, MAX_QUOTE } from './clip.ts';

describe('what a session answers about bad input stays small', () => {
  it('a 1 MB token is quoted by its start and end, at the line and column where it is', () => {
    const token = `a${'y'.repeat(1_000_000)}z`;
    const text = `*filter\n:INPUT ACCEPT [0:0]\n-A INPUT ${token}\nCOMMIT\n`;
    const loaded = createSession().load({ text });
    const first = loaded.diagnostics[0]!;
    expect(first).toMatchObject({ line: 3, col: 10, severity: 'error' });
    expect(first.message.length).toBeLessThan(3 * MAX_QUOTE);
    expect(first.message).toMatch(/ay+…y+z/);
    for (const v of Object.values(first.params ?? {})) expect(String(v).length).toBeLessThanOrEqual(MAX_QUOTE);
  });

  it('a paste of garbage gives the first problems and counts the rest', () => {
    const lines = Array.from({ length: MAX_DIAGNOSTICS + 500 }, (_, i) => `-A INPUT -p tcp --dport x${i} -j ACCEPT`);
    const text = `*filter\n:INPUT ACCEPT [0:0]\n${lines.join('\n')}\nCOMMIT\n`;
    const all = parseRuleset(text).diagnostics.length;
    expect(all).toBeGreaterThan(MAX_DIAGNOSTICS + 400);
    const session = createSession();
    const loaded = session.load({ text });
    expect(loaded.ok).toBe(false);
    expect(loaded.diagnostics).toHaveLength(MAX_DIAGNOSTICS + 1);
    expect(loaded.diagnostics.at(-1)).toMatchObject({
      severity: 'info',
      code: 'more-diagnostics',
      params: { count: all - MAX_DIAGNOSTICS, shown: MAX_DIAGNOSTICS },
    });
    expect(loaded.diagnostics.at(-1)?.message).toContain(`${all - MAX_DIAGNOSTICS} more problems`);
  });

  it('short lists pass unchanged', () => {
    const d = [{ line: 1, col: 1, severity: 'error' as const, message: 'short', code: 'x', params: { a: 'b' } }];
    expect(clipDiagnostics(d)).toEqual(d);
  });
});
