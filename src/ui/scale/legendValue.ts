// What a chart legend writes beside each series. uPlot's live legend shows the value under the cursor and "--" for
// every series while the cursor is off the chart (and for a series with no point at the cursor): a row of "--" under
// a chart the class has not pointed at reads as missing data. The legend instead reads the point under the cursor,
// or, with no cursor, the largest size measured; a missing figure is said in words.

/** The data index the legend reads: the cursor's, else the last one (uPlot passes null or undefined for none). */
export function legendIndex(cursor: number | null | undefined, count: number): number {
  return cursor ?? count - 1;
}

/** The legend text of one series at the cursor (or the last size): the figure, or `none` where there is none. */
export function legendValue(
  values: readonly (number | null)[],
  cursor: number | null | undefined,
  format: (v: number) => string,
  none: string,
): string {
  const v = values[legendIndex(cursor, values.length)];
  return v === null || v === undefined ? none : format(v);
}
