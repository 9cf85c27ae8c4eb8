// Strings in iptables-save output (libxtables' xtables_save_string): bare when made only of letters, digits, `_`
// and `-`; otherwise in double quotes with `"`, `\` and `'` escaped by a backslash.

const BARE = /^[A-Za-z0-9_-]+$/;

export function saveString(value: string): string {
  if (BARE.test(value)) return value;
  return `"${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/** Bytes of the UTF-8 encoding (the kernel's limits are in bytes). */
export function utf8Length(value: string): number {
  // By UTF-16 code unit, without a string iterator (one string per character; every kube-proxy rule has a
  // comment): a surrogate pair is one code point of 4 bytes, any other unit (a lone surrogate too) 1 to 3 bytes.
  let bytes = 0;
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
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
