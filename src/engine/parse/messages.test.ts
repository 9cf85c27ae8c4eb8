// The engine fills in the English sentence the CLI prints from the same catalog entries the UI renders, nesting
// included, so both read the same.
import { describe, expect, it } from 'vitest';
import { formatMessage, moduleDiag } from './messages.ts';

const at = { line: 2, col: 5 };

describe('formatMessage', () => {
  it('nests the sentence a param names, filled with the same params', () => {
    expect(formatMessage('module-error', { module: 'tcp', reason: 'match:error.bad-port', value: 'http2' })).toBe(
      'tcp: "http2" is not a port: give a number from 0 to 65535 or a service name.',
    );
    expect(
      formatMessage('module-error', { module: 'LOG', reason: 'target:error.log-bad-level', value: 'loud' }),
    ).toMatch(/^LOG: Unknown log level "loud": use a number from 0 to 7/);
  });

  it('never reads a value as a template: the user’s words stay as typed', () => {
    expect(formatMessage('not-iptables', { word: '$t(parse:nat-drop){{word}}' })).toBe(
      'This line is not an iptables command: "$t(parse:nat-drop){{word}}" (the lab reads iptables-save dumps and iptables commands).',
    );
  });

  it('leaves a nested key it cannot find in sight', () => {
    expect(formatMessage('module-error', { module: 'tcp', reason: 'match:error.no-such-reason' })).toBe(
      'tcp: $t(match:error.no-such-reason)',
    );
  });
});

describe('moduleDiag', () => {
  const failure = {
    ok: false as const,
    message: 'Unknown --connbytes-dir "x": use original, reply or both.',
    error: { id: 'match:error.connbytes-bad-dir', params: { value: 'x' } },
  };

  it('is a module-error whose params name the module’s sentence and fill it', () => {
    expect(moduleDiag('connbytes', failure, at)).toEqual({
      line: 2,
      col: 5,
      severity: 'error',
      code: 'module-error',
      message: 'connbytes: Unknown --connbytes-dir "x": use original, reply or both.',
      params: { module: 'connbytes', reason: 'match:error.connbytes-bad-dir', value: 'x' },
    });
  });
});
