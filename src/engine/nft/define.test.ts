// Variables as nft(8) "VARIABLES" describes them; the errors and their positions are nftables 1.0.6's, checked with
// `nft -f` in a throw-away network namespace.
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from './index.ts';

const firstError = (text: string) => parseNft(text).diagnostics.find((d) => d.severity === 'error');

describe('define, redefine, undefine and $name', () => {
  it('expands a variable wherever a value stands: a set, a constant, an element of a set, a list of bits', () => {
    const p = parseNft(`define ports = { 22, 80 }
define web = 10.0.0.1
define nets = { 192.168.0.0/16, $web }
define ok = established,related
table ip t {
  set s { type ipv4_addr; flags interval; elements = $nets }
  chain c { type filter hook input priority 0;
    tcp dport $ports ip saddr $web accept
    ip saddr @s ip daddr { $web, 1.1.1.1 } ct state $ok drop
  }
}`);
    expect(p.rejected).toBe(false);
    expect(printRuleset(p.ruleset)).toContain('elements = { 10.0.0.1, 192.168.0.0/16 }');
    expect(printRuleset(p.ruleset)).toContain('tcp dport { 22, 80 } ip saddr 10.0.0.1 accept');
    expect(printRuleset(p.ruleset)).toContain('ip daddr { 1.1.1.1, 10.0.0.1 } ct state established,related drop');
  });

  it('redefine replaces a value and undefine removes it', () => {
    const p = parseNft('define p = 1\nredefine p = 2\ntable ip t { chain c { tcp dport $p accept\n}\n}');
    expect(printRuleset(p.ruleset)).toContain('tcp dport 2 accept');
    const gone = 'define p = 1\nundefine p\ntable ip t { chain c { tcp dport $p accept\n}\n}';
    expect(firstError(gone)).toMatchObject({ line: 3, col: 35, message: "unknown identifier 'p'" });
  });

  it.each([
    [
      'an undefined variable, at its name',
      'table ip t {\n  chain c { type filter hook input priority 0;\n    tcp dport $nope accept\n  }\n}',
      3,
      16,
      "unknown identifier 'nope'",
    ],
    [
      'a bad value, at its definition',
      'define p = 70000\ntable ip t {\n  chain c { type filter hook input priority 0;\n    tcp dport $p accept\n  }\n}',
      1,
      12,
      'Service out of range',
    ],
    ['a second define of one name', 'define p = 1\ndefine p = 2\n', 2, 8, "redefinition of symbol 'p'"],
    [
      'a variable of another table (a define lives in its block)',
      'table ip t { define x = 5\n chain c { tcp dport $x accept\n }\n}\ntable ip u { chain c { tcp dport $x accept\n}\n}',
      5,
      35,
      "unknown identifier 'x'",
    ],
    [
      'a value that is not one expression',
      'define x = tcp dport\n',
      1,
      16,
      'syntax error, unexpected dport, expecting newline or semicolon',
    ],
  ])('refuses %s', (_name, text, line, col, message) => {
    expect(firstError(text)).toMatchObject({ line, col, message });
  });
});

describe('a set variable inside a set (nftables src/parser_bison.y set_list_member_expr)', () => {
  it('is flattened into it, and a mapping after it maps each element (listings of nft 1.0.6)', () => {
    const p = parseNft(`define ports = { 80-90, 100 }
define one = { 7 }
define a = { 80, 443 }
table ip t {
 set u { type inet_service; flags interval; elements = { 1-5, $ports, 200 } }
 map m { type inet_service : verdict; elements = { $a : accept, 22 : drop } }
 chain c {
  tcp dport { 1, $ports } accept
  tcp dport { $one } accept
  tcp dport vmap { $a : accept }
 }
}`);
    expect(p.rejected).toBe(false);
    const out = printRuleset(p.ruleset);
    expect(out).toContain('elements = { 1-5, 80-90, 100, 200 }');
    expect(out).toContain('elements = { 22 : drop, 80 : accept, 443 : accept }');
    expect(out).toContain('tcp dport { 1, 80-90, 100 } accept\n\t\ttcp dport 7 accept\n');
    expect(out).toContain('tcp dport vmap { 80 : accept, 443 : accept }');
  });

  it('an overlap is reported where nft reports it: at the later element, in the set or in the definition', () => {
    const at = (text: string) => {
      const e = firstError(text);
      return e && `${e.line}:${e.col} ${e.message}`;
    };
    const set = (elements: string) =>
      `table ip t {\n set u { type inet_service; flags interval; elements = ${elements} }\n}`;
    expect(at(`define p = { 80-90 }\n${set('{ 85-95, $p }')}`)).toBe('3:58 conflicting intervals specified');
    expect(at(`define p = { 80-90, 85-95 }\n${set('$p')}`)).toBe('1:21 conflicting intervals specified');
    expect(at(`define a = 80-90\n${set('{ $a, 85 }')}`)).toBe('3:62 conflicting intervals specified');
    expect(at(`define a = 80-90\ndefine b = { $a, 85-95 }\n${set('$b')}`)).toBe('2:18 conflicting intervals specified');
  });
});
