// Time values of set declarations (`timeout 10800s`, `gc-interval 1h`): read as nft reads them (src/datatype.c
// time_parse: days, hours, minutes, seconds and milliseconds, each at most once, in that order) and printed as
// `nft list ruleset` prints them (time_print: each non-zero unit, largest first; nft 1.0.6 lists `timeout 10800s` as
// `timeout 3h`, `90000s` as `1d1h`, `1500ms` as `1s500ms`).
import { spanPos } from './position.ts';
import { NftError, type Cursor } from './cursor.ts';
import type { Token } from './tokenize.ts';

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;

/** Milliseconds of `1d2h3m4s5ms` (a bare number is seconds: nft -j writes timeouts as numbers of seconds). */
export function timeMs(text: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  let ms = 0;
  for (const m of text.matchAll(/(\d+)(ms|d|h|m|s)/g)) ms += Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return ms;
}

export function printTime(ms: number): string {
  let rest = ms;
  let out = '';
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) out += `${n}${unit}`;
  }
  return out;
}

/** nftables src/scanner.l `timestring`: each unit at most once, in this order (the scanner's token is a string). */
const TIME_STRING = /^(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;
/** The scanner's numbers: `decstring` and `hexstring`. */
const NUMBER = /^(0x[0-9a-f]+|\d+)/i;

/**
 * The time after `timeout`, `gc-interval` or `expires` in nft's text. nft's grammar wants a string there, and its
 * scanner reads a time only with units: `timeout 3600` is refused with "syntax error, unexpected number, expecting
 * string" at the number (nft 1.0.6; `1h30` is the time `1h` and then an unexpected number `30`).
 */
export function readTimeWord(c: Cursor, expectingAfter?: string): Token {
  const t = c.word();
  const text = t.value;
  if (!/^\d/.test(text) || TIME_STRING.test(text)) return t;
  let time = text.length - 1;
  while (time > 0 && !TIME_STRING.test(text.slice(0, time))) time--;
  // Past the longest time the scanner could read: the number it reads next.
  const number = NUMBER.exec(text.slice(time))![0];
  const expecting = time === 0 ? 'string' : expectingAfter;
  throw new NftError(
    `syntax error, unexpected number${expecting ? `, expecting ${expecting}` : ''}`,
    spanPos(t.start + time, number.length),
  );
}
