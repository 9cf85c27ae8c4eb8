// `include "file"`, refused (the lab has no files and never reads any), and flowtables with `flow add @ft`, kept,
// listed as nft 1.0.6 lists them (nftables rule.c flowtable_print_declaration, json.c flowtable_print_json,
// ct.c flow_offload_stmt_print: this host's kernel has no nf_flow_table, so these follow nft's source) and traced as
// the kernel's slow path: the packet goes on through the chain.
import { describe, expect, it } from 'vitest';
import { runTrace } from '../trace/index.ts';
import { parseNft, printRuleset } from './index.ts';
import { printNftJson } from './json/write.ts';

const firstError = (text: string) => parseNft(text).diagnostics.find((d) => d.severity === 'error');

describe('include "file"', () => {
  it.each([
    ['at the top', 'include "/etc/nftables.d/x.nft"\n', 1, 1],
    ['in a table block', 'table ip t {\n\tinclude "x.nft"\n}\n', 2, 2],
    ['in a chain block', 'table ip t {\n\tchain c {\n\t\tinclude "x.nft"\n\t}\n}\n', 3, 3],
    ['in a set block', 'table ip t {\n\tset s {\n\t\tinclude "x.nft"\n\t}\n}\n', 3, 3],
  ])('is refused %s, over the include, saying it cannot be followed', (_name, text, line, col) => {
    const d = firstError(text);
    expect(d).toMatchObject({ line, col, code: 'nft-include' });
    expect(d!.message).toMatch(/^include ".*" cannot be followed: the lab .* has no files/);
    expect(d!.endCol! - d!.col).toBeGreaterThan('include'.length);
  });

  it('wants a quoted file name, as nft (INCLUDE QUOTED_STRING)', () => {
    expect(firstError('include x.nft\n')).toMatchObject({
      col: 9,
      message: 'syntax error, unexpected string, expecting quoted string',
    });
  });
});

describe('flowtables', () => {
  const text = `table inet t {
	chain fw {
		type filter hook forward priority 0;
		ip protocol tcp flow offload @ft
		counter accept
	}
	flowtable ft {
		hook ingress priority 0; devices = { eth0, "eth1" };
		counter
	}
	set s { type ipv4_addr; }
}
`;

  it('list after the sets, before the chains: hook and priority by name, devices, counter; flow offload as flow add', () => {
    expect(printRuleset(parseNft(text).ruleset)).toBe(`table inet t {
	set s {
		type ipv4_addr
	}

	flowtable ft {
		hook ingress priority filter
		devices = { eth0, eth1 }
		counter
	}

	chain fw {
		type filter hook forward priority filter; policy accept;
		ip protocol tcp flow add @ft
		counter packets 0 bytes 0 accept
	}
}
`);
  });

  it('JSON: hook, prio, dev; the statement as {"flow": {"op": "add", "flowtable": "@ft"}}; read back the same', () => {
    const json = printNftJson(parseNft(text).ruleset).text;
    const items = (JSON.parse(json) as { nftables: Record<string, unknown>[] }).nftables;
    expect(items).toContainEqual({
      flowtable: { family: 'inet', name: 'ft', table: 't', handle: 3, hook: 'ingress', prio: 0, dev: ['eth0', 'eth1'] },
    });
    const rule = items.find((i) => 'rule' in i) as { rule: { expr: unknown[] } };
    expect(rule.rule.expr[1]).toEqual({ flow: { op: 'add', flowtable: '@ft' } });
    // json.c lists no counter flag for a flowtable: the read-back has none.
    const uncounted = text.replace('\t\tcounter\n', '');
    expect(printRuleset(parseNft(json).ruleset)).toBe(printRuleset(parseNft(uncounted).ruleset));
  });

  it.each([
    [
      'a flowtable that does not exist, over the statement',
      'table ip t {\n\tchain c {\n\t\tflow add @ft\n\t}\n}\n',
      3,
      3,
      'Could not process rule: No such file or directory',
    ],
    [
      'a flowtable on another hook (nft: ingress only)',
      'table ip t {\n\tflowtable ft {\n\t\thook prerouting priority 0;\n\t}\n}\n',
      2,
      12,
      'invalid hook prerouting',
    ],
    [
      'a hook item with no separator',
      'table ip t {\n\tflowtable ft { hook ingress priority 0 }\n}\n',
      2,
      41,
      "syntax error, unexpected '}', expecting newline or semicolon",
    ],
  ])('refuses %s', (_name, rules, line, col, message) => {
    expect(firstError(rules)).toMatchObject({ line, col, message });
  });

  it('a trace meets flow add as the slow path: not simulated, and the rule and chain go on', () => {
    const resp = runTrace({
      rules: text,
      packets: [{ in: 'eth0', proto: 'tcp', src: '10.0.1.2', sport: 40000, dst: '10.0.2.2', dport: 80 }],
    });
    if (!resp.ok || !('results' in resp)) throw new Error(JSON.stringify(resp));
    const [r] = resp.results;
    const flow = r!.steps
      .flatMap((s) => (s.kind === 'nft-rule' ? s.statements : []))
      .find((s) => s.text.startsWith('flow'));
    expect(flow).toMatchObject({
      simulated: false,
      explain: [{ id: 'nftdyn.flow-offload', params: { flowtable: 'ft' } }],
    });
    expect(r!.fate).toBe('sent');
    expect(parseNft(text).diagnostics).toContainEqual(expect.objectContaining({ code: 'nft-not-simulated', line: 4 }));
  });
});
