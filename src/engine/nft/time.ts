// Time values of set declarations (`timeout 10800s`, `gc-interval 1h`): read as nft reads them (src/datatype.c
// time_parse: days, hours, minutes, seconds and milliseconds, each at most once, in that order) and printed as
// `nft list ruleset` prints them (time_print: each non-zero unit, largest first; nft 1.0.6 lists `timeout 10800s` as
// `timeout 3h`, `90000s` as `1d1h`, `1500ms` as `1s500ms`).

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;

/** Milliseconds of `1d2h3m4s5ms` (a bare number is seconds, as the lab has always read it). */
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
