import { describe, expect, it } from 'vitest';
import { parseNft } from './index.ts';
import { LazyRule } from './lazyRule.ts';
import { evalCtx, testPacket } from './testEval.ts';

const rulesOf = (text: string, chain = 'c') => {
  const parsed = parseNft(text);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return parsed.ruleset.tables[0]!.chains.get(chain)!.rules;
};

describe('rules of nft text are read again when asked for (lazyRule.ts)', () => {
  it('loading keeps them unread; reading gives the statements of the rule at its place', () => {
    const rules = rulesOf(
      'table ip t {\n chain c { type filter hook forward priority 0;\n tcp dport 22 drop\n ip saddr 10.0.0.0/8 accept comment "lan"\n }\n}',
    );
    expect(rules.every((r) => r instanceof LazyRule)).toBe(true);
    expect(rules.map((r) => r.stmts.map((s) => s.text))).toEqual([
      ['tcp dport 22', 'drop'],
      ['ip saddr 10.0.0.0/8', 'accept'],
    ]);
    expect(rules[1]!.comment).toBe('lan');
    // Asked twice, the same statements (per-rule state is keyed by them).
    expect(rules[0]!.stmts).toBe(rules[0]!.stmts);
  });

  it('a named set declared after the rule is linked when the rule is read again', () => {
    const rules = rulesOf(
      'add table ip t\nadd chain ip t c { type filter hook forward priority 0 ; }\n' +
        'add rule ip t c ip daddr @web accept\nadd set ip t web { type ipv4_addr ; }\nadd element ip t web { 10.0.2.2 }\n',
    );
    const e = evalCtx(testPacket());
    expect(rules[0]!.stmts.map((s) => s.exec(e).kind)).toEqual(['next', 'verdict']);
    const other = evalCtx(testPacket({ dst: 0x0a000203 }));
    expect(rules[0]!.stmts[0]!.exec(other).kind).toBe('break');
  });

  it('the checks after loading still see what the dropped statements held', () => {
    // A goto in an anonymous verdict map to a chain that does not exist: refused at its element.
    const missing = parseNft(
      'table ip t {\n chain c { type filter hook forward priority 0;\n numgen inc mod 2 vmap { 0 : goto a, 1 : goto b }\n }\n chain a { }\n}',
    );
    expect(missing.rejected).toBe(true);
    expect(missing.diagnostics[0]).toMatchObject({
      line: 3,
      message: 'Could not process rule: No such file or directory',
    });
    // A dnat in a filter chain: refused where the kernel refuses it (nft_nat_validate).
    const placed = parseNft(
      'table ip t {\n chain c { type filter hook forward priority 0;\n tcp dport 80 dnat to 10.0.0.1\n }\n}',
    );
    expect(placed.diagnostics[0]).toMatchObject({
      line: 3,
      message: 'Could not process rule: Operation not supported',
    });
    // A statement not simulated keeps its diagnostic.
    const kept = parseNft(
      'table ip t {\n chain c { type filter hook forward priority 0;\n meta mark 1 osf name "Linux" drop\n }\n}',
    );
    expect(kept.diagnostics.map((d) => d.code)).toEqual(['nft-not-simulated']);
  });

  it('a text with variables keeps its rules read (a rule alone cannot be expanded again)', () => {
    const rules = rulesOf(
      'define port = 22\ntable ip t {\n chain c { type filter hook forward priority 0;\n tcp dport $port drop\n }\n}',
    );
    expect(rules[0]).not.toBeInstanceOf(LazyRule);
    expect(rules[0]!.stmts.map((s) => s.text)).toEqual(['tcp dport 22', 'drop']);
  });
});
