// `typeof` sets and maps, and sets declared with `counter`, as nft 1.0.6 lists them (checked in a network namespace;
// scripts/nft-rulesets/typeof-and-set-counters.nft, element-counters.nft).
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from './index.ts';
import { printNftJson } from './json/write.ts';

const listed = (text: string) => printRuleset(parseNft(text).ruleset);
const jsonItems = (text: string) =>
  (JSON.parse(printNftJson(parseNft(text).ruleset).text) as { nftables: Record<string, unknown>[] }).nftables;

describe('typeof sets and maps', () => {
  it('list the expressions they were declared with (udata NFTNL_UDATA_SET_KEY_TYPEOF), as nft lists each expression', () => {
    const text = `table inet t {
	set a { typeof ip daddr . tcp dport; flags interval; }
	map m { typeof ip saddr : meta mark; }
	map v { typeof tcp dport : verdict; }
	set c { typeof meta iifname; }
}
`;
    const out = listed(text);
    expect(out).toContain('\tset a {\n\t\ttypeof ip daddr . tcp dport\n\t\tflags interval\n\t}');
    expect(out).toContain('\tmap m {\n\t\ttypeof ip saddr : meta mark\n\t}');
    expect(out).toContain('\tmap v {\n\t\ttypeof tcp dport : verdict\n\t}');
    expect(out).toContain('\tset c {\n\t\ttypeof iifname\n\t}');
    expect(listed(out)).toBe(out);
  });

  it('list their types in JSON (nft 1.0.6 json.c writes no typeof)', () => {
    const items = jsonItems('table ip t {\n\tmap m { typeof ip saddr . tcp dport : meta mark; }\n}\n');
    expect(items[2]).toEqual({
      map: { family: 'ip', name: 'm', table: 't', type: ['ipv4_addr', 'inet_service'], handle: 1, map: 'mark' },
    });
  });
});

describe('a set declared with counter', () => {
  const text = `table ip t {
	set f { type ipv4_addr; timeout 1h; counter; elements = { 1.2.3.4 comment "x", 1.2.3.5 counter packets 5 bytes 10 } }
}
`;

  it('lists counter before its timeout, and every element with its counter before its comment', () => {
    expect(listed(text)).toBe(`table ip t {
	set f {
		type ipv4_addr
		counter
		timeout 1h
		elements = { 1.2.3.4 counter packets 0 bytes 0 comment "x", 1.2.3.5 counter packets 5 bytes 10 }
	}
}
`);
  });

  it('JSON: the element counters in each elem, the set\u2019s counter as "stmt" after them; read back the same', () => {
    // No timeout here: the JSON lists the timeout flag it implies, which then reads back as written.
    const untimed = text.replace(' timeout 1h;', '');
    const set = jsonItems(untimed)[2]!.set as Record<string, unknown>;
    expect(set.elem).toEqual([
      { elem: { val: '1.2.3.4', comment: 'x', counter: { packets: 0, bytes: 0 } } },
      { elem: { val: '1.2.3.5', counter: { packets: 5, bytes: 10 } } },
    ]);
    expect(Object.keys(set).slice(-2)).toEqual(['elem', 'stmt']);
    expect(set.stmt).toEqual([{ counter: null }]);
    expect(listed(printNftJson(parseNft(untimed).ruleset).text)).toBe(listed(untimed));
  });

  it('an element counter in a set without counter is refused over the counter (nft: missing statement)', () => {
    const d = parseNft(
      'table ip t {\n\tset h { type ipv4_addr; elements = { 1.2.3.4 counter packets 5 bytes 10 } }\n}\n',
    ).diagnostics[0];
    expect(d).toMatchObject({ line: 2, col: 47, endCol: 73, message: 'missing statement in set declaration' });
  });
});
