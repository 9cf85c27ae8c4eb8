// Strings in iptables-save output (libxtables' xtables_save_string): bare when made only of letters, digits, `_`
// and `-`; otherwise in double quotes with `"`, `\` and `'` escaped by a backslash.

const BARE = /^[A-Za-z0-9_-]+$/;

export function saveString(value: string): string {
  if (BARE.test(value)) return value;
  return `"${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/** Bytes of the UTF-8 encoding (the kernel's limits are in bytes). */
export function utf8Length(value: string): number {
  let bytes = 0;
  for (const ch of value) {
    const cp = ch.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Names iptables-save prints bare (recent --name, hashlimit --hashlimit-name, set names): a name with white space,
 * a quote or a backslash would not survive iptables-save and iptables-restore, so the lab refuses it.
 */
export function isBareName(name: string): boolean {
  return name.length > 0 && !/[\s"'\\]/.test(name);
}
