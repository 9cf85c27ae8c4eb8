import { describe, expect, it } from 'vitest';
import { helperMatch } from './helper.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

describe('helper (libxt_helper.t)', () => {
  it('saves the helper name', () => {
    expect(saved(helperMatch, '--helper ftp')).toBe('--helper ftp');
    expect(saved(helperMatch, '! --helper ftp-2121')).toBe('! --helper ftp-2121');
  });

  it('refuses -m helper without --helper', () => {
    expect(parseWith(helperMatch, '').ok).toBe(false);
  });

  it('no connection has a helper in the lab: only ! --helper matches', () => {
    expect(evaluateWith(helperMatch, '--helper ftp').matched).toBe(false);
    expect(evaluateWith(helperMatch, '! --helper ftp').matched).toBe(true);
  });
});
