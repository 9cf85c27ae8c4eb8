// Listing details found by comparing the lab's `nft list ruleset` with nftables 1.0.6 on the same text (loaded with
// `nft -f` in a throw-away network namespace): the text nft lists decides what `nft -j` lists and which kernel objects
// (and handles) the ruleset makes.
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from './index.ts';

const listed = (text: string) => {
  const p = parseNft(text);
  expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return printRuleset(p.ruleset);
};

describe('nft list ruleset, as nft 1.0.6 lists', () => {
  it('keeps a one-element anonymous set of a concatenation (only a single value becomes a comparison)', () => {
    const text = listed(
      'table ip t {\n\tchain c {\n\t\tip saddr . tcp dport { 1.2.3.4 . 80 }\n\t\ttcp dport { 22 }\n\t}\n}\n',
    );
    expect(text).toContain('\t\tip saddr . tcp dport { 1.2.3.4 . 80 }\n');
    expect(text).toContain('\t\ttcp dport 22\n');
  });

  it('lists `dnat to` for an anonymous map to addresses, `dnat ip to` when the values carry a port', () => {
    const pre = 'type nat hook prerouting priority dstnat; policy accept;';
    const text = listed(
      `table ip t {\n\tchain c {\n\t\t${pre}\n\t\tdnat to tcp dport map { 8080 : 10.0.2.2 }\n` +
        '\t\ttcp dport 8443 dnat ip to tcp dport map { 8443 : 10.0.2.2 . 443 }\n\t}\n}\n',
    );
    expect(text).toContain('\t\tdnat to tcp dport map { 8080 : 10.0.2.2 }\n');
    expect(text).toContain('\t\ttcp dport 8443 dnat ip to tcp dport map { 8443 : 10.0.2.2 . 443 }\n');
  });

  it('gives a set updated from the packet path size 65535 and the dynamic flag (before timeout)', () => {
    const text = listed(
      'table ip t {\n\tset a {\n\t\ttype ipv4_addr\n\t\tflags timeout\n\t}\n\tset b {\n\t\ttype ipv4_addr\n\t\tflags timeout\n\t}\n' +
        '\tchain c {\n\t\tupdate @a { ip saddr }\n\t}\n}\n',
    );
    expect(text).toContain('\tset a {\n\t\ttype ipv4_addr\n\t\tsize 65535\n\t\tflags dynamic,timeout\n\t}\n');
    expect(text).toContain('\tset b {\n\t\ttype ipv4_addr\n\t\tflags timeout\n\t}\n');
  });
});
