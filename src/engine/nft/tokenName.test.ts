// Syntax errors name the token as nft's parser does (bison token aliases, nftables src/parser_bison.y and scanner.l):
// each expected text and position is what `nft -c -f` of nft 1.0.6 reported, in a throw-away network namespace.
import { describe, expect, it } from 'vitest';
import { parseNft } from './index.ts';

const refusal = (text: string) => {
  const d = parseNft(text).diagnostics.find((x) => x.severity === 'error');
  return d && `${d.line}:${d.col} ${d.message}`;
};

describe('a keyword is named by its spelling, any other word is "string", a number "number"', () => {
  it('set flags: auto-merge and counter are keywords, foo a string (nft: 1:44, 1:54, 1:44)', () => {
    expect(refusal('table ip t { set s { type ipv4_addr; flags auto-merge; } }')).toBe(
      '1:44 syntax error, unexpected auto-merge, expecting constant or interval or dynamic or timeout',
    );
    expect(refusal('table ip t { set s { type ipv4_addr; flags interval, counter; } }')).toBe(
      '1:54 syntax error, unexpected counter, expecting constant or interval or dynamic or timeout',
    );
    expect(refusal('table ip t { set s { type ipv4_addr; flags foo; } }')).toBe(
      '1:44 syntax error, unexpected string, expecting constant or interval or dynamic or timeout',
    );
  });

  it('an unknown word in a table or set block, or as a policy, is "string" (nft: 1:14, 1:53, 1:66)', () => {
    expect(refusal('table ip t { foo }')).toBe('1:14 syntax error, unexpected string');
    expect(refusal('table ip t { set s { type ipv4_addr; flags timeout; foo 3; } }')).toBe(
      '1:53 syntax error, unexpected string',
    );
    expect(refusal('table ip t { chain c { type filter hook input priority 0; policy foo; } }')).toBe(
      "1:66 syntax error, unexpected string, expecting accept or drop or '$'",
    );
  });

  it('auto-merge in a map block is a keyword out of place (nft: 1:45)', () => {
    expect(refusal('table ip t { map m { type ipv4_addr : mark; auto-merge; } }')).toBe(
      '1:45 syntax error, unexpected auto-merge',
    );
  });

  it('an unknown word as a statement is read as a value: nft stumbles on what follows (newline, semicolon)', () => {
    expect(refusal('table ip t {\n\tchain c {\n\t\tfoo\n\t}\n}\n')).toBe('3:6 syntax error, unexpected newline');
    expect(refusal('table ip t {\n\tchain c {\n\t\tcounter foo;\n\t}\n}\n')).toBe(
      '3:14 syntax error, unexpected semicolon',
    );
  });

  it('punctuation: a comma is "comma" (nft: table ip t { , } at 1:14)', () => {
    expect(refusal('table ip t { , }')).toMatch(/^1:14 syntax error, unexpected comma/);
  });
});
