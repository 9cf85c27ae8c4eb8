// One contract suite, run against the in-process engine API and against the same API behind comlink
// (a MessageChannel stands in for the worker thread): the worker is a thin adapter and must answer the same.
import { expose } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineClient } from './client.ts';
import { createRealEngineApi } from './engineDeps.ts';

const RULES = `*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:SSH-IN - [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j SSH-IN
-A SSH-IN -s 10.0.0.0/8 -j ACCEPT
COMMIT
`;

interface Api {
  check: EngineClient['check'];
  chainRules: EngineClient['chainRules'];
  save: EngineClient['save'];
}

const local = createRealEngineApi();
const inProcess: Api = {
  check: async (rules, opts) => local.check(rules, opts),
  chainRules: async (id, table, chain) => local.chainRules(id, table, chain),
  save: async (rules) => local.save(rules),
};

const { port1, port2 } = new MessageChannel();
expose(createRealEngineApi(), port1);
const client = new EngineClient(() => ({ endpoint: port2, terminate: () => port2.close() }));
afterAll(() => {
  port1.close();
  port2.close();
});

describe.each([
  ['in-process', inProcess],
  ['through comlink', client as Api],
])('engine API %s', (_name, api) => {
  it('check outlines the tables the text defines and the tables at each hook in kernel order', async () => {
    const result = await api.check(RULES);
    expect(result.ok).toBe(true);
    expect(result.summary).toEqual({ tables: 1, chains: 4, rules: 2 });
    expect(result.outline.map((t) => t.name)).toEqual(['filter']);
    const input = result.hooks.find((h) => h.hook === 'INPUT');
    expect(input?.tables.map((t) => t.table)).toEqual(['mangle', 'filter', 'nat', 'security']);
    expect(input?.tables.find((t) => t.table === 'filter')).toMatchObject({
      defined: true,
      ruleCount: 1,
      policy: 'DROP',
    });
    expect(input?.tables.find((t) => t.table === 'mangle')?.defined).toBe(false);
  });

  it('legacy order puts security before nat at INPUT', async () => {
    const result = await api.check(RULES, { tableOrder: 'legacy' });
    expect(result.hooks.find((h) => h.hook === 'INPUT')?.tables.map((t) => t.table)).toEqual([
      'mangle',
      'filter',
      'security',
      'nat',
    ]);
  });

  it('chainRules gives the saved text of each rule of a chain, 1-based', async () => {
    const { rulesetId } = await api.check(RULES);
    const rules = await api.chainRules(rulesetId, 'filter', 'SSH-IN');
    expect(rules).toHaveLength(1);
    expect(rules?.[0]).toMatchObject({ index: 1, target: 'ACCEPT', targetIsChain: false, line: 7 });
    expect(rules?.[0]?.text).toContain('-s 10.0.0.0/8');
    const input = await api.chainRules(rulesetId, 'filter', 'INPUT');
    expect(input?.[0]).toMatchObject({ target: 'SSH-IN', targetIsChain: true });
  });

  it('chainRules answers null for a parse it no longer holds', async () => {
    expect(await api.chainRules(-1, 'filter', 'INPUT')).toBeNull();
  });

  it('a broken line gives a diagnostic with its line, and check does not throw', async () => {
    const result = await api.check('*filter\n-A NOPE -j ACCEPT\nCOMMIT\n');
    expect(result.ok).toBe(false);
    expect(result.diagnostics.some((d) => d.line === 2 && d.severity === 'error')).toBe(true);
  });

  it('save prints canonical iptables-save text', async () => {
    const saved = await api.save(RULES);
    expect(saved.ok).toBe(true);
    expect(saved.text).toContain('-A SSH-IN -s 10.0.0.0/8 -j ACCEPT');
  });
});

describe('chainPage', () => {
  const api = createRealEngineApi();
  const many = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':BIG - [0:0]'];
  for (let i = 1; i <= 500; i += 1) many.push(`-A BIG -s 10.0.${i >> 8}.${i & 255}/32 -j ACCEPT`);
  many.push('COMMIT', '');
  const { rulesetId } = api.check(many.join('\n')) as { rulesetId: number };

  it('gives a window of a long chain with its size and 1-based rule indexes', () => {
    const page = api.chainPage(rulesetId, 'filter', 'BIG', 100, 110) as {
      total: number;
      from: number;
      rules: { index: number; text: string }[];
    };
    expect(page.total).toBe(500);
    expect(page.from).toBe(100);
    expect(page.rules.map((r) => r.index)).toEqual([101, 102, 103, 104, 105, 106, 107, 108, 109, 110]);
    expect(page.rules[0]?.text).toContain('-s 10.0.0.101/32');
  });

  it('clamps a window past the end', () => {
    const page = api.chainPage(rulesetId, 'filter', 'BIG', 490, 900) as { from: number; rules: unknown[] };
    expect(page.from).toBe(490);
    expect(page.rules).toHaveLength(10);
  });
});
