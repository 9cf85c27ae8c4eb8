// Values of the wrong type, refused as nft 1.0.6 refuses them: each message, line and column is what `nft -f`
// printed in a throw-away network namespace (columns here are 1-based and the end is exclusive: nft's `6:17-31` is
// col 17, endCol 32).
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from './index.ts';

function refusal(text: string): string | undefined {
  const e = parseNft(text).diagnostics.find((d) => d.severity === 'error');
  return e && `${e.line}:${e.col}-${e.endCol} ${e.message}`;
}

/** A table with one declaration and one rule in a chain (line 3 holds the declaration, line 6 the rule). */
const withMap = (decl: string, rule: string, chainSpec = '') =>
  `table ip t {\n\tmap m {\n\t\t${decl}\n\t}\n\tchain c {\n${chainSpec}\t\t${rule}\n\t}\n}\n`;

describe('a map whose values have another type than its statement needs (evaluate.c, nft 1.0.6)', () => {
  it('meta mark set … map @m: "datatype mismatch: expected packet mark", at the whole lookup', () => {
    expect(refusal(withMap('type ipv4_addr : ipv4_addr', 'meta mark set ip saddr map @m'))).toBe(
      '6:17-32 datatype mismatch: expected packet mark, expression has type IPv4 address',
    );
    expect(refusal(withMap('type ipv4_addr : verdict', 'meta mark set ip saddr map @m'))).toBe(
      '6:17-32 datatype mismatch: expected packet mark, expression has type netfilter verdict',
    );
  });

  it('vmap @m of a map with values: "expected netfilter verdict", from the key to the map', () => {
    expect(refusal(withMap('type ipv4_addr : inet_service', 'ip daddr vmap @m'))).toBe(
      '6:3-19 datatype mismatch: expected netfilter verdict, expression has type internet network service',
    );
  });

  it('dnat to … map @m needs addresses, and a port only after a transport header match (stmt_evaluate_nat_map)', () => {
    const nat = '\t\ttype nat hook prerouting priority dstnat;\n';
    expect(refusal(withMap('type ipv4_addr : mark', 'dnat to ip daddr map @m', nat))).toBe(
      '7:11-26 datatype mismatch: expected IPv4 address, expression has type packet mark',
    );
    expect(refusal(withMap('type ipv4_addr : inet_service', 'meta l4proto tcp dnat to ip daddr map @m', nat))).toBe(
      '7:28-43 datatype mismatch: expected IPv4 address, expression has type internet network service',
    );
    expect(refusal(withMap('type ipv4_addr : ipv4_addr . inet_service', 'dnat to ip daddr map @m', nat))).toBe(
      '7:11-26 transport protocol mapping is only valid after transport protocol match',
    );
    expect(
      refusal(withMap('type ipv4_addr : ipv4_addr . inet_service', 'tcp dport 80 dnat to ip daddr map @m', nat)),
    ).toBeUndefined();
  });

  it('a key of another type: "map expects …, mapping expression has type …" at @m (a set lookup words it apart)', () => {
    expect(refusal(withMap('type inet_service : verdict', 'ip daddr vmap @m'))).toBe(
      '6:17-19 datatype mismatch, map expects internet network service, mapping expression has type IPv4 address',
    );
    expect(refusal(withMap('type inet_service : mark', 'meta mark set ip saddr map @m'))).toBe(
      '6:30-32 datatype mismatch, map expects internet network service, mapping expression has type IPv4 address',
    );
    const set = 'table ip t {\n\tset s {\n\t\ttype inet_service\n\t}\n\tchain c {\n\t\tip daddr @s accept\n\t}\n}\n';
    expect(refusal(set)).toBe(
      '6:12-14 datatype mismatch, expected IPv4 address, expression has type internet network service',
    );
  });
});

describe('a word that is not a value of the type: the type names the failure (datatype.c *_type_parse)', () => {
  const rule = (r: string) => refusal(`table ip t {\n\tchain c {\n\t\t${r}\n\t}\n}\n`);

  it.each([
    ['tcp dport 10.0.0.2 accept', '3:13-21 Could not resolve service: Servname not supported for ai_socktype'],
    ['meta mark foo accept', '3:13-16 Could not parse packet mark'],
    ['ct mark set 10.0.0.1', '3:15-23 Could not parse packet mark'],
    ['ct state foo accept', '3:12-15 Could not parse conntrack state'],
    ['meta l4proto 10.0.0.1 accept', '3:16-24 Could not resolve protocol name'],
    ['ip daddr 08.0.0.1 accept', '3:12-20 Could not resolve hostname: Name or service not known'],
    ['meta mark 0x100000000 accept', '3:13-24 Value 4294967296 exceeds valid range 0-4294967295'],
    ['tcp dport counter', '3:13-20 syntax error, unexpected counter'],
  ])('%s', (r, expected) => {
    expect(rule(r)).toBe(expected);
  });

  it('an address in any form inet_aton reads (getaddrinfo): `80` is 0.0.0.80, `010.0.0.1` octal 8.0.0.1', () => {
    const p = parseNft(
      'table ip t {\n\tchain c {\n\t\tip daddr 80 accept\n\t\tip daddr 0x0a000001 accept\n\t\tip daddr 010.0.0.1 accept\n' +
        '\t\tip daddr 4294967295 accept\n\t\tip daddr 1-20 accept\n\t}\n}\n',
    );
    expect(p.rejected).toBe(false);
    expect(printRuleset(p.ruleset).split('\n').slice(2, 7)).toEqual([
      '\t\tip daddr 0.0.0.80 accept',
      '\t\tip daddr 10.0.0.1 accept',
      '\t\tip daddr 8.0.0.1 accept',
      '\t\tip daddr 255.255.255.255 accept',
      '\t\tip daddr 0.0.0.1-0.0.0.20 accept',
    ]);
  });
});
