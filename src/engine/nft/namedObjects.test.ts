// Named counters and quotas (nft(8) "STATEFUL OBJECTS"; kernel nft_objref.c, nft_counter.c, nft_quota.c). The
// listings were checked with nft 1.0.6 in a network namespace (scripts/nft-rulesets/named-objects.nft).
import { describe, expect, it } from 'vitest';
import { runTrace } from '../trace/index.ts';
import type { PacketSpec, TraceResult } from '../trace/types.ts';
import { parseNft, printRuleset } from './index.ts';
import { printNftJson } from './json/write.ts';

const firstError = (text: string) => parseNft(text).diagnostics.find((d) => d.severity === 'error');

describe('named counters and quotas: parse and list', () => {
  const text = `table ip t {
	chain c {
		counter name cnt accept
		quota name "q"
	}
	quota q { until 5 kbytes; comment "x" }
	counter cnt { packets 5 bytes 300 }
}
add quota ip t big { over 2048 kbytes used 1 mbytes }
`;

  it('lists objects before sets and chains, in creation order, the comment first, `until` dropped, names quoted', () => {
    expect(printRuleset(parseNft(text).ruleset)).toBe(`table ip t {
	quota q {
		comment "x"
		5 kbytes
	}

	counter cnt {
		packets 5 bytes 300
	}

	quota big {
		over 2 mbytes used 1 mbytes
	}

	chain c {
		counter name "cnt" accept
		quota name "q"
	}
}
`);
  });

  it('JSON: an object per declaration (a quota in bytes, inv for over), handles after the chains and before the rules (nft_cmd_expand)', () => {
    const items = (JSON.parse(printNftJson(parseNft(text).ruleset).text) as { nftables: object[] }).nftables;
    expect(items).toContainEqual({
      quota: { family: 'ip', name: 'q', table: 't', handle: 2, comment: 'x', bytes: 5120, used: 0, inv: false },
    });
    expect(items).toContainEqual({
      counter: { family: 'ip', name: 'cnt', table: 't', handle: 3, packets: 5, bytes: 300 },
    });
    expect(items).toContainEqual({
      quota: { family: 'ip', name: 'big', table: 't', handle: 6, bytes: 2097152, used: 1048576, inv: true },
    });
    const rule = items.find((i) => 'rule' in i) as { rule: { expr: object[] } };
    expect(rule.rule.expr).toEqual([{ counter: 'cnt' }, { accept: null }]);
  });

  it('reads its own text and JSON listing back to the same listing', () => {
    const listed = printRuleset(parseNft(text).ruleset);
    expect(printRuleset(parseNft(listed).ruleset)).toBe(listed);
    const json = printNftJson(parseNft(text).ruleset).text;
    const fromJson = parseNft(json);
    expect(fromJson.diagnostics).toEqual([]);
    expect(printRuleset(fromJson.ruleset)).toBe(listed);
  });

  it('a counter and a quota may share a name (nft_obj_lookup finds by type); a second counter keeps the first, a second quota updates its budget', () => {
    const p = parseNft(`table ip t {
	counter x { packets 1 bytes 2 }
	quota x { 100 bytes used 10 bytes }
	counter x { packets 5 bytes 6 }
	quota x { over 200 bytes used 20 bytes; comment "c" }
}
`);
    expect(printRuleset(p.ruleset)).toContain(
      'counter x {\n\t\tpackets 1 bytes 2\n\t}\n\n\tquota x {\n\t\tover 200 bytes used 10 bytes\n\t}',
    );
  });

  it.each([
    [
      'a counter that is not declared: at its name',
      'table ip t {\n\tchain c {\n\t\tcounter name "nope"\n\t}\n}',
      3,
      16,
    ],
    [
      'a quota named as a counter',
      'table ip t {\n\tquota q { 10 bytes }\n\tchain c {\n\t\tcounter name "q"\n\t}\n}',
      4,
      16,
    ],
    ['a counter block needs packets and bytes', 'table ip t {\n\tcounter q { packets 1 }\n}', 2, 24],
    ['a quota needs a unit', 'table ip t {\n\tquota q { over 10 }\n}', 2, 20],
    ['an object block needs a separator after it', 'table ip t {\n\tcounter q { } chain c { }\n}', 2, 16],
  ])('refuses %s (nft 1.0.6)', (_name, rules, line, col) => {
    expect(firstError(rules)).toMatchObject({ line, col });
  });

  it('keeps `counter name <expr> map { … }` as written, not simulated', () => {
    const p = parseNft(`table ip t {
	counter a { }
	chain c {
		counter name tcp dport map { 22 : "a", 80 : "a" }
	}
}
`);
    expect(p.rejected).toBe(false);
    expect(printRuleset(p.ruleset)).toContain('\t\tcounter name tcp dport map { 22 : "a", 80 : "a" }\n');
    expect(p.diagnostics.some((d) => d.code === 'nft-not-simulated')).toBe(true);
  });
});

const IN: PacketSpec = {
  in: 'eth0',
  proto: 'tcp',
  src: '10.0.1.2',
  sport: 40000,
  dst: '10.0.2.2',
  dport: 22,
  length: 600,
};

function traceAll(rules: string, packets: PacketSpec[]): TraceResult[] {
  const resp = runTrace({ rules, packets });
  if (!resp.ok || !('results' in resp)) throw new Error(JSON.stringify(resp));
  return resp.results;
}

/** The explanations of the statements the packet met in nft rules. */
const explained = (r: TraceResult, id: string) =>
  r.steps.flatMap((s) =>
    s.kind === 'nft-rule' ? s.statements.flatMap((st) => (st.explain ?? []).filter((x) => x.id === id)) : [],
  );

describe('named counters and quotas in the trace', () => {
  it('a named counter counts every packet and its length, from its declared numbers, shared by the rules naming it', () => {
    const rules = `table ip t {
	counter hits { packets 10 bytes 1000 }
	chain f {
		type filter hook forward priority 0;
		counter name "hits"
		tcp dport 22 counter name hits
	}
}
`;
    const [first, second] = traceAll(rules, [IN, IN]);
    const counts = (r: TraceResult) =>
      explained(r, 'nftdyn.counter-named').map((x) => `${x.params.packets}/${x.params.bytes}`);
    expect(counts(first!)).toEqual(['11/1600', '12/2200']);
    expect(counts(second!)).toEqual(['13/2800', '14/3400']);
  });

  it('a named quota is spent by the packets of every rule naming it; `over` matches only once it is spent (nft_quota.c)', () => {
    const rules = `table ip t {
	quota q { 1000 bytes }
	quota spent { over 1000 bytes }
	chain f {
		type filter hook forward priority 0;
		quota name "spent" drop
		quota name "q" accept
		drop
	}
}
`;
    const results = traceAll(rules, [IN, IN, IN]);
    // 600 bytes: `spent` is not over its 1000 (its rule stops), q still fits (accept). 1200: `spent` is over, drop.
    expect(results.map((r) => r.fate)).toEqual(['sent', 'dropped', 'dropped']);
    expect(explained(results[0]!, 'nftdyn.quota-named-left').map((x) => x.params.name)).toEqual(['spent', 'q']);
    expect(explained(results[1]!, 'nftdyn.quota-named-spent').map((x) => x.params.name)).toEqual(['spent']);
  });
});
