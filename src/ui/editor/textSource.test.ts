import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../engine/index.ts';
import { fieldDiagnostics, sourceOf } from './textSource.ts';

const d = (code: string, line = 1): Diagnostic => ({ line, col: 1, severity: 'error', message: code, code });

describe('which text a diagnostic is about (the tool that would refuse it)', () => {
  it('tells the sets, IPVS, nft and the iptables rules apart by code', () => {
    expect(sourceOf(d('bad-ipset'), false)).toBe('ipsets');
    expect(sourceOf(d('ipvs-no-service'), false)).toBe('ipvs');
    expect(sourceOf(d('nft-syntax'), true)).toBe('nft');
    expect(sourceOf(d('unknown-match'), false)).toBe('iptables');
    expect(sourceOf(d('unknown-match'), true)).toBe('iptablesBesideNft');
    expect(sourceOf(d('bad-host'), false)).toBe('other');
  });

  it('gives each tab only its own text’s diagnostics: the rules from the check, the sets and IPVS from the trace', () => {
    const check = { ok: true, diagnostics: [d('nft-syntax', 3), d('unknown-match', 4)] };
    const refused = { ok: false as const, errors: [d('ipvs-syntax', 6), d('bad-ipset', 2)] };
    expect(fieldDiagnostics('rules', true, check, null)).toEqual({ diagnostics: [d('nft-syntax', 3)] });
    expect(fieldDiagnostics('iptablesRules', true, check, null)).toEqual({ diagnostics: [d('unknown-match', 4)] });
    expect(fieldDiagnostics('ipvs', true, check, refused)).toEqual({ diagnostics: [d('ipvs-syntax', 6)] });
    expect(fieldDiagnostics('ipsets', true, check, refused)).toEqual({ diagnostics: [d('bad-ipset', 2)] });
    expect(fieldDiagnostics('ipvs', false, { ok: true, diagnostics: [] }, null)).toEqual({ waitsForRules: false });
    // Refused rules stop the trace before it reads the sets and IPVS.
    expect(fieldDiagnostics('ipvs', false, { ok: false, diagnostics: [d('x')] }, refused)).toEqual({
      waitsForRules: true,
    });
  });
});
