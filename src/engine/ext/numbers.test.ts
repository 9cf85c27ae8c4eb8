import { describe, expect, it } from 'vitest';
import { hex, hex2, leadingUnsigned, parseMarkMask, parseUnsigned } from './numbers.ts';
import { saveString } from '../target/util/saveString.ts';

describe('numbers as xtables_strtoui reads them (strtoul, base 0)', () => {
  it.each([
    ['16', 16],
    ['0x10', 16],
    ['0X1f', 31],
    ['020', 16],
    ['0', 0],
    ['4294967295', 0xffffffff],
  ])('%s is %i', (text, value) => {
    expect(parseUnsigned(text)).toBe(value);
  });

  it.each(['', '-1', '4294967296', '08', '0x', '1a', ' 1', '1.5'])('refuses "%s"', (text) => {
    expect(parseUnsigned(text)).toBeUndefined();
  });

  it('leaves the text after a leading number to the caller, as strtoul with an end pointer does', () => {
    expect(leadingUnsigned('80-90', 0, 65535)).toEqual({ value: 80, rest: '-90' });
    expect(leadingUnsigned('08', 0, 65535)).toEqual({ value: 0, rest: '8' });
    expect(leadingUnsigned('ssh', 0, 65535)).toBeUndefined();
  });

  it('reads value[/mask] (XTTYPE_MARKMASK32)', () => {
    expect(parseMarkMask('0x10/0xff')).toEqual({ value: 16, mask: 255 });
    expect(parseMarkMask('7')).toEqual({ value: 7, mask: undefined });
    expect(parseMarkMask('7/')).toBeUndefined();
    expect(parseMarkMask('7:1')).toBeUndefined();
  });

  it('prints marks as iptables-save does', () => {
    expect(hex(0)).toBe('0x0');
    expect(hex(-1)).toBe('0xffffffff');
    expect(hex2(8)).toBe('0x08');
  });
});

describe('free text as xtables_save_string prints it', () => {
  it.each([
    ['DROP', 'DROP'],
    ['in_1-a', 'in_1-a'],
    ['in: ', '"in: "'],
    ['a"b', '"a\\"b"'],
    ["it's", '"it\\\'s"'],
    ['back\\slash', '"back\\\\slash"'],
  ])('%s prints as %s', (value, want) => {
    expect(saveString(value)).toBe(want);
  });
});
