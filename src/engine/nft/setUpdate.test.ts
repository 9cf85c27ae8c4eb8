// Set statements (`update @s { … }`, `add @s { … }`; kernel nft_dynset.c): listings and refusals are what nft 1.0.6
// printed in a throw-away network namespace; the evaluation follows nft_dynset_eval.
import { describe, expect, it } from 'vitest';
import { parseIPv4 } from '../net/ipv4.ts';
import type { NftEval, NftRule, StmtOutcome } from './model.ts';
import { parseNft, printRuleset } from './index.ts';
import { printNftJson } from './json/write.ts';
import { evalCtx, testPacket } from './testEval.ts';

const SETS =
  '\tset s {\n\t\ttype ipv4_addr\n\t\tflags dynamic,timeout\n\t\ttimeout 1m\n\t}\n' +
  '\tset n {\n\t\ttype ipv4_addr\n\t\tflags dynamic\n\t}\n';

function load(rules: string[]) {
  const p = parseNft(`table ip t {\n${SETS}\tchain c {\n${rules.map((r) => `\t\t${r}\n`).join('')}\t}\n}\n`);
  expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return p;
}

/** The rule's outcome for a packet from `src` at time `now` (seconds), in an evaluation kept across calls. */
function runner(rules: string[]) {
  const rs = load(rules).ruleset.tables[0]!.chains.get('c')!.rules;
  let e: NftEval | undefined;
  return (index: number, src: string, now: number): StmtOutcome['kind'] => {
    const pkt = testPacket({ src: parseIPv4(src) });
    e = e ? { ...e, pkt, now } : evalCtx(pkt, { now });
    return runStmts(rs[index]!, e);
  };
}

function runStmts(rule: NftRule, e: NftEval): StmtOutcome['kind'] {
  e.ruleId = rule.id;
  for (const s of rule.stmts) {
    const o = s.exec(e);
    if (o.kind !== 'next') return o.kind;
  }
  return 'next';
}

describe('update @s { … } and add @s { … } (nft(8) SET STATEMENT)', () => {
  it('are listed as nft 1.0.6 lists them: the timeout in its time format, a counter inside without numbers', () => {
    const rules = [
      'update @s { ip saddr timeout 90s }',
      'add @s { ip saddr timeout 30s limit rate over 5/minute burst 3 packets } drop',
      'update @n { ip saddr counter limit rate 1/second }',
    ];
    const text = printRuleset(load(rules).ruleset);
    expect(text).toContain('\t\tupdate @s { ip saddr timeout 1m30s }\n');
    expect(text).toContain('\t\tadd @s { ip saddr timeout 30s limit rate over 5/minute burst 3 packets } drop\n');
    expect(text).toContain('\t\tupdate @n { ip saddr counter limit rate 1/second }\n');
    expect(printRuleset(parseNft(text).ruleset)).toBe(text);
  });

  it('are written as json.c set_stmt_json writes them (a timeout makes an elem object; stmt lists the rest)', () => {
    const json = JSON.parse(
      printNftJson(
        load(['update @s { ip saddr timeout 30s limit rate 10/second } accept', 'add @n { ip saddr counter }']).ruleset,
      ).text,
    ) as { nftables: { rule?: { expr: unknown[] } }[] };
    const exprs = json.nftables.filter((o) => o.rule).map((o) => o.rule!.expr[0]);
    const saddr = { payload: { protocol: 'ip', field: 'saddr' } };
    expect(exprs).toEqual([
      {
        set: {
          op: 'update',
          elem: { elem: { val: saddr, timeout: 30 } },
          set: '@s',
          stmt: [{ limit: { rate: 10, burst: 5, per: 'second' } }],
        },
      },
      { set: { op: 'add', elem: saddr, set: '@n', stmt: [{ counter: null }] } },
    ]);
  });

  it("add the packet's key, which a later lookup finds until the timeout passes (nft_dynset_new, set timeout)", () => {
    const run = runner(['update @s { ip saddr }', 'ip saddr @s accept']);
    expect(run(1, '10.0.1.2', 0)).toBe('break');
    expect(run(0, '10.0.1.2', 0)).toBe('next');
    expect(run(1, '10.0.1.2', 59)).toBe('verdict');
    expect(run(1, '10.0.1.3', 59)).toBe('break');
    // The set's timeout is 1m: at 60 s the element is gone.
    expect(run(1, '10.0.1.2', 60)).toBe('break');
  });

  it('update starts the timeout again, add leaves the element as it is (NFT_DYNSET_OP_UPDATE only)', () => {
    const run = runner(['update @s { ip saddr timeout 10s }', 'add @s { ip saddr timeout 10s }', 'ip saddr @s accept']);
    run(0, '10.0.1.2', 0);
    run(0, '10.0.1.2', 8);
    expect(run(2, '10.0.1.2', 17)).toBe('verdict');
    const run2 = runner([
      'update @s { ip saddr timeout 10s }',
      'add @s { ip saddr timeout 10s }',
      'ip saddr @s accept',
    ]);
    run2(1, '10.0.1.2', 0);
    run2(1, '10.0.1.2', 8);
    expect(run2(2, '10.0.1.2', 11)).toBe('break');
  });

  it('run a limit inside per element: each source has its own bucket (nft_set_elem_update_expr)', () => {
    const run = runner(['update @n { ip saddr limit rate over 1/minute burst 2 packets } drop']);
    // burst 2: two packets within the rate (the rule stops), the third over it (the rule goes on to drop).
    expect([run(0, '10.0.1.2', 0), run(0, '10.0.1.2', 0), run(0, '10.0.1.2', 0)]).toEqual([
      'break',
      'break',
      'verdict',
    ]);
    expect(run(0, '10.0.1.3', 0)).toBe('break');
  });

  it('refuse a key of another type and a timeout on a set without one, as nft 1.0.6 does', () => {
    const refusal = (rule: string) => {
      const e = parseNft(`table ip t {\n${SETS}\tchain c {\n\t\t${rule}\n\t}\n}\n`).diagnostics.find(
        (d) => d.severity === 'error',
      );
      return e && `${e.line}:${e.col}-${e.endCol} ${e.message}`;
    };
    expect(refusal('add @n { tcp dport }')).toBe(
      '12:12-21 datatype mismatch: expected IPv4 address, expression has type internet network service',
    );
    expect(refusal('update @n { ip saddr timeout 10s }')).toBe(
      '12:3-37 Could not process rule: Operation not supported',
    );
  });
});

describe('quota (kernel nft_quota.c: used += length, spent once used >= quota)', () => {
  it('lists as nft 1.0.6 lists it (largest unit, no `until`) and lets packets on while the budget lasts', () => {
    const text = printRuleset(load(['quota until 2048 kbytes used 1 mbytes', 'quota over 100 bytes drop']).ruleset);
    expect(text).toContain('\t\tquota 2 mbytes used 1 mbytes\n');
    expect(text).toContain('\t\tquota over 100 bytes drop\n');
    const run = runner(['quota 100 bytes accept']);
    // testPacket is 60 bytes long: the second packet brings the used bytes to 120, past 100.
    expect([run(0, '10.0.1.2', 0), run(0, '10.0.1.2', 0)]).toEqual(['verdict', 'break']);
    const over = runner(['quota over 100 bytes drop']);
    expect([over(0, '10.0.1.2', 0), over(0, '10.0.1.2', 0)]).toEqual(['break', 'verdict']);
  });
});
