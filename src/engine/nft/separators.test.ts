// Where nft 1.0.6 needs a newline or `;` between the items of a block, checked with `nft -c -f` in a network
// namespace: parser_bison.y ends every item of table_block, chain_block, set_block and map_block, and every
// top-level command, with a stmt_separator; `elements = { … }` and `auto-merge` in a set need none.
import { describe, expect, it } from 'vitest';
import { parseNft } from './index.ts';

const firstError = (text: string) => parseNft(text).diagnostics.find((d) => d.severity === 'error');

describe('one-line blocks: a separator after every item, as nft 1.0.6', () => {
  it.each([
    'table ip t { chain c { accept; }; }',
    'table ip t { chain c { type filter hook input priority 0; policy drop; }; }',
    'table ip t { set s { type ipv4_addr; }; chain c { ip saddr @s accept; }; }',
    'table ip t { }; table ip u { }',
    'table ip t { set s { type ipv4_addr; elements = { 1.2.3.4 } }; }',
    'table ip t { set s { type ipv4_addr; flags interval; auto-merge }; }',
    'table ip t { map m { type ipv4_addr : verdict; }; }',
    'table ip t { chain c { comment "x"; }; }',
    'add table ip t; add chain ip t c { type filter hook input priority 0; }',
    'table ip t { chain c { accept\n}\n}',
  ])('accepts %j', (text) => {
    expect(parseNft(text).rejected).toBe(false);
  });

  it.each([
    [
      "a chain block before the table's }",
      'table ip t { chain c { accept; } }',
      34,
      "'}', expecting newline or semicolon",
    ],
    ['a rule before }', 'table ip t { chain c { accept } }', 31, "'}', expecting newline or semicolon"],
    ['an empty chain block', 'table ip t { chain c { } }', 26, "'}', expecting newline or semicolon"],
    ['two chain blocks', 'table ip t { chain c { } chain d { } }', 26, 'chain, expecting newline or semicolon'],
    [
      'a policy before }',
      'table ip t { chain c { type filter hook input priority 0; policy drop } }',
      71,
      "'}', expecting newline or semicolon",
    ],
    [
      'a hook spec before }',
      'table ip t { chain c { type filter hook input priority 0 } }',
      58,
      "'}', expecting newline or semicolon",
    ],
    ['a chain comment before }', 'table ip t { chain c { comment "x" }; }', 36, "'}', expecting newline or semicolon"],
    [
      "a set block before the table's }",
      'table ip t { set s { type ipv4_addr; } }',
      40,
      "'}', expecting newline or semicolon",
    ],
    [
      'a set type (a concatenation may go on)',
      'table ip t { set s { type ipv4_addr } }',
      37,
      "'}', expecting newline or semicolon or .",
    ],
    [
      'set flags (a list may go on)',
      'table ip t { set s { type ipv4_addr; flags interval } }',
      53,
      "'}', expecting newline or semicolon or comma",
    ],
    ['a set size', 'table ip t { set s { type ipv4_addr; size 10 }; }', 46, "'}', expecting newline or semicolon"],
    ['a set counter (a stateful statement list)', 'table ip t { set s { type ipv4_addr; counter }; }', 46, "'}'"],
    [
      'a map type',
      'table ip t { map m { type ipv4_addr : verdict }; }',
      47,
      "'}', expecting newline or semicolon or .",
    ],
    ['a set typeof', 'table ip t { set s { typeof ip saddr }; }', 38, "'}', expecting newline or semicolon or ."],
    ['table flags', 'table ip t { flags dormant chain c { } }', 28, 'chain, expecting newline or semicolon'],
    ['a table comment', 'table ip t { comment "x" }', 26, "'}', expecting newline or semicolon"],
    ['two tables', 'table ip t { } table ip u { }', 16, 'table, expecting end of file or newline or semicolon'],
    [
      'two commands',
      'add table ip t; add chain ip t c { type filter hook input priority 0; } add rule ip t c accept',
      73,
      'add, expecting end of file or newline or semicolon',
    ],
  ])('refuses %s at nft’s column', (_name, text, col, unexpected) => {
    expect(firstError(text)).toMatchObject({ line: 1, col, message: `syntax error, unexpected ${unexpected}` });
  });

  it('counts lines: the } closing a chain on the table’s line is refused there (nft: 2:3)', () => {
    expect(firstError('table ip t { chain c { accept\n} }')).toMatchObject({ line: 2, col: 3 });
  });
});
