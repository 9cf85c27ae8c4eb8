import { describe, expect, it } from 'vitest';
import { tcpmssMatch } from './tcpmss.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

describe('tcpmss (libxt_tcpmss.t)', () => {
  const TCP = { proto: 6 };
  it.each([
    ['--mss 42', '--mss 42'],
    ['--mss :', '--mss 0:65535'],
    ['--mss :42', '--mss 0:42'],
    ['--mss 42:', '--mss 42:65535'],
    ['--mss 42:42', '--mss 42'],
    ['--mss 42:12345', '--mss 42:12345'],
  ])('%s saves as %s', (text, want) => {
    expect(saved(tcpmssMatch, text, TCP)).toBe(want);
  });

  it('refuses out-of-range values and a missing -p tcp', () => {
    expect(parseWith(tcpmssMatch, '--mss 42:65536', TCP).ok).toBe(false);
    expect(parseWith(tcpmssMatch, '--mss 65535:1000', TCP).ok).toBe(false);
    expect(parseWith(tcpmssMatch, '--mss 42', {}).ok).toBe(false);
  });

  it('a segment without the MSS option matches only ! --mss (kernel: returns the invert flag)', () => {
    expect(evaluateWith(tcpmssMatch, '--mss 1000:1500', { pkt: { tcpOptions: {} } }, TCP).matched).toBe(false);
    expect(evaluateWith(tcpmssMatch, '! --mss 1000:1500', { pkt: { tcpOptions: {} } }, TCP).matched).toBe(true);
  });
});
