// A value looked up in a map as a statement's argument (nft(8) "MAPS"; kernel nft_lookup.c with a destination
// register). Each expected listing is what nft 1.0.6 printed (`nft list ruleset`, `nft -j list ruleset`) after
// `nft -f` in a throw-away network namespace.
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from './index.ts';
import { printNftJson } from './json/write.ts';
import { packetRun } from './testEval.ts';

const MAP = 'map m { type ipv4_addr : mark; elements = { 10.0.1.2 : 7 } }';

function listed(rule: string): { text: string; json: unknown } {
  const p = parseNft(`table ip t {\n ${MAP}\n chain c {\n ${rule}\n }\n}\n`);
  expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const out = printRuleset(p.ruleset);
  expect(printRuleset(parseNft(out).ruleset)).toBe(out);
  const json = JSON.parse(printNftJson(p.ruleset).text) as { nftables: { rule?: { expr: unknown[] } }[] };
  // The JSON reads back to the same ruleset.
  expect(printRuleset(parseNft(printNftJson(p.ruleset).text).ruleset)).toBe(out);
  return {
    text: out
      .split('\n')
      .find((l) => l.startsWith('\t\t') && l.includes(' set '))!
      .trim(),
    json: json.nftables.find((o) => o.rule)!.rule!.expr[0],
  };
}

describe('meta mark set ip saddr map { … } (nft_lookup with a destination register)', () => {
  it('is listed as nft 1.0.6 lists it: values in the target type (mark: 0x%08x), concatenations, named maps', () => {
    expect(listed('meta mark set ip saddr map { 10.0.0.1 : 1, 10.0.0.2 : 2 }').text).toBe(
      'meta mark set ip saddr map { 10.0.0.1 : 0x00000001, 10.0.0.2 : 0x00000002 }',
    );
    expect(listed('meta mark set ip saddr . tcp dport map { 10.0.0.1 . 80 : 1 }').text).toBe(
      'meta mark set ip saddr . tcp dport map { 10.0.0.1 . 80 : 0x00000001 }',
    );
    expect(listed('ct mark set ip saddr map @m').text).toBe('ct mark set ip saddr map @m');
  });

  it('nft -j lists it as {"mangle": {"key": …, "value": {"map": {"key": …, "data": …}}}} (json.c map_expr_json)', () => {
    expect(listed('meta mark set ip saddr map { 10.0.0.1 : 1, 10.0.0.2 : 2 }').json).toEqual({
      mangle: {
        key: { meta: { key: 'mark' } },
        value: {
          map: {
            key: { payload: { protocol: 'ip', field: 'saddr' } },
            data: {
              set: [
                ['10.0.0.1', 1],
                ['10.0.0.2', 2],
              ],
            },
          },
        },
      },
    });
    expect(listed('ct mark set ip saddr map @m').json).toEqual({
      mangle: {
        key: { ct: { key: 'mark' } },
        value: { map: { key: { payload: { protocol: 'ip', field: 'saddr' } }, data: '@m' } },
      },
    });
  });

  it('the element found gives the mark; the rule goes on', () => {
    const { outcomes, pkt } = packetRun('meta mark set ip saddr map { 10.0.1.2 : 5, 10.0.0.2 : 2 } accept');
    expect(outcomes.map((o) => o.kind)).toEqual(['next', 'verdict']);
    expect(pkt.mark).toBe(5);
    expect(outcomes[0]!.explain).toMatchObject({ id: 'nft.assign', params: { value: 5 } });
  });

  it('no element ends the rule (NFT_BREAK): the mark is unchanged and the verdict is not reached', () => {
    const { outcomes, pkt } = packetRun('meta mark set ip saddr map { 10.0.0.9 : 5 } accept', { mark: 3 });
    expect(outcomes.map((o) => o.kind)).toEqual(['break']);
    expect(pkt.mark).toBe(3);
    expect(outcomes[0]!.explain).toMatchObject({ id: 'nft.set-miss', params: { expr: 'ip saddr', set: '{…}' } });
  });

  it('a key field the packet lacks ends the rule too (a UDP packet has no tcp dport)', () => {
    const rule = 'meta mark set ip saddr . tcp dport map { 10.0.1.2 . 80 : 1 } accept';
    expect(packetRun(rule).pkt.mark).toBe(1);
    const { outcomes } = packetRun(rule, { proto: 17 });
    expect(outcomes.map((o) => o.kind)).toEqual(['break']);
    expect(outcomes[0]!.explain).toMatchObject({ id: 'nft.absent' });
  });

  it('a plain set where a map is needed: "Expression is not a map" at @name (nft 1.0.6: 4:30-31, vmap 4:17-18)', () => {
    const refusal = (rule: string) => {
      const text = `table ip t {\n\tset s { type ipv4_addr; }\n\tchain c {\n\t\t${rule}\n\t}\n}\n`;
      const d = parseNft(text).diagnostics.find((x) => x.severity === 'error');
      return d && `${d.line}:${d.col} ${d.message}`;
    };
    expect(refusal('meta mark set ip saddr map @s')).toBe('4:30 Expression is not a map');
    expect(refusal('ip saddr vmap @s')).toBe('4:17 Expression is not a map');
  });
});
