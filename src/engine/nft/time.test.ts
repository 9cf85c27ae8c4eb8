// Times in nft's text need a unit (nftables src/scanner.l reads a `timestring` only with units; parser_bison.y
// wants a string after `timeout`, `gc-interval` and `expires`). Each expected error is what `nft -c -f` of nft 1.0.6
// reported (FILE:LINE:COL-END), in a throw-away network namespace.
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from './index.ts';

const errorOf = (body: string) => {
  const d = parseNft(`table ip t {\n ${body}\n}\n`).diagnostics.find((x) => x.severity === 'error');
  return d && { message: d.message, line: d.line, col: d.col, endCol: d.endCol };
};

describe('a time without a unit is refused: "syntax error, unexpected number, expecting string" at the number', () => {
  it('timeout 3600 and gc-interval 3600 in a set declaration (nft: 2:34-37 and 2:38-41)', () => {
    expect(errorOf('set s { type ipv4_addr; timeout 3600; }')).toEqual({
      message: 'syntax error, unexpected number, expecting string',
      line: 2,
      col: 34,
      endCol: 38,
    });
    expect(errorOf('set s { type ipv4_addr; gc-interval 3600; }')).toMatchObject({ line: 2, col: 38 });
  });

  it('timeout and expires of an element (nft: 2:70-73, and 2:81-82 for expires 60)', () => {
    expect(errorOf('set s { type ipv4_addr; flags timeout; elements = { 1.2.3.4 timeout 3600 } }')).toMatchObject({
      message: 'syntax error, unexpected number, expecting string',
      col: 70,
    });
    expect(
      errorOf('set s { type ipv4_addr; flags timeout; elements = { 1.2.3.4 timeout 1h expires 60 } }'),
    ).toMatchObject({ message: 'syntax error, unexpected number, expecting string', col: 81, endCol: 83 });
  });

  it('a number the scanner reads first: 0x10 (2:34-37) and the 5 of 5x (2:34-34)', () => {
    expect(errorOf('set s { type ipv4_addr; timeout 0x10; }')).toMatchObject({ col: 34, endCol: 38 });
    expect(errorOf('set s { type ipv4_addr; timeout 5x; }')).toMatchObject({ col: 34, endCol: 35 });
  });

  it('1h30 is the time 1h, then an unexpected number 30 (nft: 2:36-37, "expecting newline or semicolon")', () => {
    expect(errorOf('set s { type ipv4_addr; timeout 1h30; }')).toEqual({
      message: 'syntax error, unexpected number, expecting newline or semicolon',
      line: 2,
      col: 36,
      endCol: 38,
    });
  });

  it('times with units are read and listed as nft lists them (timeout 3600s → 1h)', () => {
    expect(errorOf('set s { type ipv4_addr; timeout 1h30m; gc-interval 500ms; }')).toBeUndefined();
    const out = printRuleset(parseNft('table ip t {\n set s { type ipv4_addr; timeout 3600s; }\n}\n').ruleset);
    expect(out).toContain('\t\ttimeout 1h\n');
  });
});
