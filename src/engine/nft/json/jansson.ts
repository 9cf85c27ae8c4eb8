// JSON written as `nft -j` writes it: jansson's json_dumps without JSON_COMPACT and without indentation puts one space
// after every `,` and `:` (`{"a": 1, "b": [2, 3]}`), keeps members in insertion order and leaves non-ASCII as UTF-8.
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function dumpJson(v: Json): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(dumpJson).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${JSON.stringify(k)}: ${dumpJson(x)}`)
    .join(', ')}}`;
}
