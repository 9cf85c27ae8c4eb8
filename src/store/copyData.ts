// A deep copy of JSON-like data (plain objects, arrays, primitives) that shares its strings. structuredClone copies
// every string too: 2 MB of rules is 10–40 ms of one task, for nothing, since a string cannot be changed in place.

export function copyData<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyData) as T;
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = copyData(field);
  return copy as T;
}
