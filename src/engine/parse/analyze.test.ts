import { describe, expect, it } from 'vitest';
import { analyzeRuleset } from './analyze.ts';
import { fakeLookup } from './fakeExtensions.ts';

const errors = (text: string) => analyzeRuleset(text, fakeLookup).diagnostics.filter((d) => d.severity === 'error');

describe('diagnostics point at the physical line they are about', () => {
  it('an error after a backslash continuation is on its own line and column', () => {
    const script = ['iptables -A INPUT \\', '  -p tcp \\', '  -m tcp --dport 22 --bogus 1 -j ACCEPT'].join('\n');
    expect(errors(script)).toMatchObject([{ line: 3, col: 21 }]);
  });

  it('a jump to a missing chain found by validation, after a continuation, too', () => {
    const script = ['iptables -A INPUT -p tcp \\', '    -j NOSUCH', 'iptables -A INPUT -j DROP'].join('\n');
    expect(errors(script)).toMatchObject([{ line: 2, col: 5 }]);
  });

  it('an error before the backslash stays on the first line, and later commands keep their lines', () => {
    const script = ['iptables -A INPUT --bogus \\', '  -j ACCEPT', 'iptables -A INPUT -j NOSUCH'].join('\n');
    expect(errors(script)).toMatchObject([
      { line: 1, col: 19 },
      { line: 3, col: 19 },
    ]);
  });

  it('a NUL byte on line 7 is reported at line 7, where it is', () => {
    const text = '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n\n\n\n-A IN\u0000PUT -j DROP\n';
    expect(errors(text)).toMatchObject([{ code: 'binary-input', line: 7, col: 6 }]);
  });

  it('text mostly of invalid UTF-8 is reported at its first replacement character', () => {
    expect(errors('# ok\nab' + '\ufffd'.repeat(50))).toMatchObject([{ code: 'binary-input', line: 2, col: 3 }]);
  });
});
