import { describe, expect, it } from 'vitest';
import { parseNft } from './index.ts';

const firstError = (text: string) => parseNft(text).diagnostics.find((d) => d.severity === 'error');

describe('parseNft: the nft -f language', () => {
  it('reads table blocks with sets, maps and base chains (named and numeric priorities)', () => {
    const p = parseNft(`table inet t {
  set ports { type inet_service; flags interval; elements = { 22, 8000-8080 } }
  map m { type ipv4_addr . inet_service : verdict; elements = { 10.0.0.1 . 80 : accept } }
  chain a { type filter hook input priority filter + 10; policy drop; }
  chain b { type nat hook prerouting priority dstnat; policy accept; }
  chain c { type filter hook output priority -110; }
}`);
    expect(p.rejected).toBe(false);
    const t = p.ruleset.tables[0]!;
    expect(t.family).toBe('inet');
    expect([...t.chains.values()].map((c) => c.base?.priority)).toEqual([10, -100, -110]);
    expect(t.chains.get('a')!.base!.policy).toBe('drop');
    expect(t.sets.get('ports')!.ranged).toHaveLength(1);
    expect(t.sets.get('m')!.dataType).toBe('verdict');
  });

  it('reads add commands (as kube-proxy writes them), `;` separators and # comments', () => {
    const p = parseNft(`add table ip kp { comment "x" ; }  # the table
add chain ip kp svc
add chain ip kp pre { type nat hook prerouting priority -100 ; }
add set ip kp aff { type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; }
add rule ip kp pre meta mark set meta mark or 0x4000; add rule ip kp pre jump svc
add element ip kp aff { 10.0.0.1 }`);
    expect(p.rejected).toBe(false);
    expect(p.summary).toMatchObject({ tables: 1, chains: 2, rules: 2, sets: 1 });
    expect(p.ruleset.tables[0]!.chains.get('pre')!.rules[0]!.stmts[0]!.text).toBe(
      'meta mark set meta mark | 0x00004000',
    );
  });

  it('keeps expressions it does not simulate and says so', () => {
    const p = parseNft('table ip t { chain c { type filter hook input priority 0; ip6 saddr ::1 accept\n }\n}');
    expect(p.rejected).toBe(false);
    expect(p.diagnostics.some((d) => d.code === 'nft-not-simulated')).toBe(true);
  });

  // Errors at the line and column nft reports them.
  it.each([
    [
      'a rule right before } needs a terminator (nft: expecting newline or semicolon)',
      'table ip t {\n chain c { accept }\n}',
      2,
      19,
    ],
    ['a keyword is not a chain name', 'table ip t {\n chain counter { }\n}', 2, 8],
    ['a port above 65535: "Service out of range"', 'table ip t {\n chain c { tcp dport 65536 accept\n }\n}', 2, 22],
    ['an undefined set: at its @', 'table ip t {\n chain c { ip saddr @nope accept\n }\n}', 2, 21],
    ['a jump to a missing chain: at its name', 'table ip t {\n chain c { jump nope\n }\n}', 2, 17],
    [
      'dnat in a filter chain (nft_nat_validate)',
      'table ip t {\n chain c { type filter hook prerouting priority 0;\n dnat to 1.2.3.4\n }\n}',
      3,
      2,
    ],
    [
      'srcnat at prerouting is not a valid priority there',
      'table ip t {\n chain c { type nat hook prerouting priority srcnat; }\n}',
      2,
      37,
    ],
    [
      'a route chain exists at output only (nft_chain_route.c)',
      'table ip t {\n chain c { type route hook input priority 0; }\n}',
      2,
      8,
    ],
    ['a statement after a verdict', 'table ip t {\n chain c { accept counter\n }\n}', 2, 19],
  ])('%s', (_name, text, line, col) => {
    expect(firstError(text)).toMatchObject({ line, col });
  });

  it('refuses a jump loop at the jump that closes it (nft_chain_validate: Too many links)', () => {
    const e = firstError('table ip t {\n chain a { jump b\n }\n chain b { jump a\n }\n}');
    expect(e).toMatchObject({ line: 4, message: 'Could not process rule: Too many links' });
  });

  it.each([
    ['udp sport 0-0 icmp type echo-request th dport { 0, 1 }', 'udp vs. icmp', 17, 26],
    ['udp sport 1 th dport 2 udp dport 3 tcp dport 4', 'udp vs. tcp', 38, 47],
    // A protocol match fills nft's protocol context too (evaluate.c relational_expr_pctx_update).
    ['meta l4proto tcp th dport 5 udp sport 4', 'tcp vs. udp', 31, 40],
    ['ip protocol udp tcp dport 5', 'udp vs. tcp', 19, 28],
    ['meta l4proto 6 udp sport 5', 'tcp vs. udp', 18, 27],
    // After a set of protocols, any header of one protocol conflicts, with the first other protocol written.
    ['meta l4proto { udp, tcp } udp sport 5', 'tcp vs. udp', 29, 38],
    ['meta l4proto { udp, icmp } tcp dport 5', 'udp vs. tcp', 30, 39],
  ])(
    'refuses two transport protocols in one rule at the second, as nft 1.0.6 does (evaluate.c resolve_protocol_conflict): %s',
    (rule, protocols, col, endCol) => {
      const e = firstError(`table ip t {\n\tchain c {\n\t\t${rule}\n\t}\n}\n`);
      expect(e).toMatchObject({ line: 3, col, endCol, message: `conflicting protocols specified: ${protocols}` });
    },
  );

  it('a generic th field or the same protocol again is no conflict', () => {
    const text = 'table ip t {\n\tchain c {\n\t\ttcp sport 1 th dport 2 tcp dport 3 tcp flags syn\n\t}\n}\n';
    expect(firstError(text)).toBeUndefined();
    // `!=` leaves no protocol; a protocol match after the header is no conflict (both loaded by nft 1.0.6).
    for (const rule of [
      'meta l4proto != tcp udp sport 5',
      'tcp dport 5 meta l4proto udp',
      'meta l4proto { tcp, udp } th dport 5',
    ])
      expect(firstError(`table ip t {\n\tchain c {\n\t\t${rule}\n\t}\n}\n`)).toBeUndefined();
  });

  it('is one transaction: a refused text loads nothing', () => {
    const p = parseNft(
      'table ip t { chain c { type filter hook input priority 0; } }\ntable ip u { chain d { jump x\n }\n}',
    );
    expect(p.rejected).toBe(true);
    expect(p.ruleset.tables).toHaveLength(0);
  });

  it('keeps the positions of statements that hold sets longer than the cursor keeps tokens (it reuses them)', () => {
    const addr = (i: number) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`;
    const many = Array.from({ length: 20_000 }, (_, i) => addr(i)).join(', ');
    const p = parseNft(
      `table ip t {\n chain a {\n }\n chain c {\n  ip daddr { ${many} } counter jump a\n  ip saddr vmap { ${many.replaceAll(', ', ' : jump a, ')} : jump a } comment "v"\n }\n}`,
    );
    expect(p.rejected).toBe(false);
    const [match, vmap] = p.ruleset.tables[0]!.chains.get('c')!.rules;
    const where = (pos: number) => p.ruleset.source.where(pos);
    expect(where(match!.pos)).toMatchObject({ line: 5, col: 3 });
    expect(match!.stmts.map((s) => [s.kind, where(s.pos).line, where(s.pos).col])).toEqual([
      ['match', 5, 3],
      ['counter', 5, many.length + 17],
      ['verdict', 5, many.length + 25],
    ]);
    expect(where(vmap!.stmts[0]!.pos)).toMatchObject({ line: 6, col: 3 });
    const noKey = firstError(
      `table ip t {\n set s { flags ${Array.from({ length: 20_000 }, (_, i) => (i % 2 ? 'interval' : 'timeout')).join(', ')}\n }\n}`,
    );
    expect(noKey).toMatchObject({ line: 2, col: 6, message: 'set definition does not specify key' });
  });
});
