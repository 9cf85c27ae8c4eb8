import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../ext/types.ts';
import { commentMatch } from './comment.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

const pos = { line: 1, col: 1 };
const ctx: ParseContext = { table: 'filter', chain: 'INPUT', proto: undefined, protoNegated: false, ipsets: undefined };

describe('comment (libxt_comment.t)', () => {
  it('refuses -m comment with no --comment', () => {
    expect(parseWith(commentMatch, '').ok).toBe(false);
    expect(parseWith(commentMatch, '--comment').ok).toBe(false);
  });

  it('accepts 255 characters and refuses 256 (XT_MAX_COMMENT_LEN includes the NUL)', () => {
    expect(parseWith(commentMatch, `--comment ${'x'.repeat(255)}`).ok).toBe(true);
    expect(parseWith(commentMatch, `--comment ${'x'.repeat(256)}`).ok).toBe(false);
  });

  it('counts bytes of UTF-8, not characters: 85 of 3 bytes fit, 86 do not, whatever the text', () => {
    expect(parseWith(commentMatch, `--comment ${'€'.repeat(85)}`).ok).toBe(true);
    expect(parseWith(commentMatch, `--comment ${'€'.repeat(86)}`).ok).toBe(false);
    const fits = (text: string) =>
      commentMatch.parse([{ name: '--comment', negated: false, args: [text], pos }], ctx).ok;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 140 }), (text) => {
        // TextEncoder writes a lone surrogate as U+FFFD, 3 bytes, as the count does.
        expect(fits(text)).toBe(new TextEncoder().encode(text).length <= 255);
      }),
    );
  });

  it('saves a bare word bare and anything else in double quotes (xtables_save_string)', () => {
    expect(saved(commentMatch, '--comment foo')).toBe('--comment foo');
    expect(saved(commentMatch, '--comment "default/testsvc: cluster IP"')).toBe(
      '--comment "default/testsvc: cluster IP"',
    );
  });

  it('escapes a double quote, a backslash and a single quote', () => {
    const r = parseWith(commentMatch, '--comment x');
    expect(r.ok).toBe(true);
    if (r.ok) expect(commentMatch.save(`a"b\\c'd`)).toBe(`--comment "a\\"b\\\\c\\'d"`);
  });

  it('always matches', () => {
    expect(evaluateWith(commentMatch, '--comment foo').matched).toBe(true);
  });
});
