// A verdict map's value that is not a verdict, refused as nft 1.0.6 refuses it (checked with nft -c in a netns):
// in a rule's anonymous `vmap { … }` the grammar wants a verdict (a syntax error at the value); a named map's element
// is evaluated, and a value there is "Can't parse symbolic netfilter verdict expressions" (datatype.c
// verdict_type_parse). Separators between elements are commas and newlines only.
import { describe, expect, it } from 'vitest';
import { parseNft } from './index.ts';

const firstError = (text: string) => parseNft(text).diagnostics.find((d) => d.severity === 'error');
const rule = (r: string) => `table ip t {\n\tchain c {\n\t\t${r}\n\t}\n}\n`;
const map = (elements: string) =>
  `table ip t {\n\tmap m { type inet_service : verdict; elements = { ${elements} } }\n}\n`;
const SYMBOLIC = "Can't parse symbolic netfilter verdict expressions";

describe('a verdict map whose value is not a verdict', () => {
  it.each([
    ['an address in a rule’s vmap', rule('tcp dport vmap { 22 : 10.0.0.1 }'), 3, 25, 'syntax error, unexpected string'],
    ['a number in a rule’s vmap', rule('tcp dport vmap { 22 : 5 }'), 3, 25, 'syntax error, unexpected number'],
    [
      'a quoted verdict in a rule’s vmap',
      rule('tcp dport vmap { 22 : "accept" }'),
      3,
      25,
      'syntax error, unexpected quoted string',
    ],
    ['a keyword in a rule’s vmap', rule('tcp dport vmap { 22 : counter }'), 3, 25, 'syntax error, unexpected counter'],
    ['an address in a named map', map('22 : 10.0.0.1'), 2, 57, SYMBOLIC],
    ['a name in a named map', map('22 : bar'), 2, 57, SYMBOLIC],
    ['a number in a named map', map('22 : 5'), 2, 57, SYMBOLIC],
    ['a keyword in a named map', map('22 : counter'), 2, 57, 'syntax error, unexpected counter'],
    [
      'a jump without its chain',
      rule('tcp dport vmap { 22 : jump }'),
      3,
      30,
      "syntax error, unexpected '}', expecting string or '$'",
    ],
    [
      'a second colon',
      rule('tcp dport vmap { 22 : drop : accept }'),
      3,
      30,
      "syntax error, unexpected colon, expecting comma or '}'",
    ],
    [
      'a semicolon between elements',
      map('22 : accept; 23 : drop'),
      2,
      63,
      "syntax error, unexpected semicolon, expecting comma or '}'",
    ],
    [
      'a vmap of a value',
      rule('tcp dport vmap 22'),
      3,
      18,
      "syntax error, unexpected number, expecting @ or '{' or '$'",
    ],
  ])('%s', (_name, text, line, col, message) => {
    expect(firstError(text)).toMatchObject({ line, col, message });
  });

  it('underlines the symbol only: a prefix’s address, an element added later', () => {
    expect(firstError(map('22 : 10.0.0.0/8'))).toMatchObject({ col: 57, endCol: 65, message: SYMBOLIC });
    const later = 'table ip t {\n\tmap m { type inet_service : verdict; }\n}\nadd element ip t m { 22 : foo }\n';
    expect(firstError(later)).toMatchObject({ line: 4, col: 27, endCol: 30, message: SYMBOLIC });
  });
});
