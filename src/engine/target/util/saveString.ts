// How iptables-save prints a free-text value such as a log prefix (libxtables' xtables_save_string): bare when it
// is only letters, digits, `_` and `-`, otherwise in double quotes with `"`, `\` and `'` escaped by a backslash.

const BARE = /^[A-Za-z0-9_-]+$/;

export function saveString(value: string): string {
  if (BARE.test(value)) return value;
  return '"' + value.replace(/["\\']/g, (c) => '\\' + c) + '"';
}
