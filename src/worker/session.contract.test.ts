// One contract, two ways to reach the session: on this thread, and through comlink over a real MessageChannel (as
// in the browser, minus the thread). Every session method is called through the client in both.
import { expose } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { createSession, generateKubeProxyDump } from '../engine/index.ts';
import { comlinkTransport, EngineClient, mainThreadTransport, type Transport } from './client.ts';
import type { SessionMethod } from './protocol.ts';
import { serveSession } from './serve.ts';

const RULES = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:SSH-IN - [0:0]
-A INPUT -p tcp -m tcp --dport 22 -j SSH-IN
-A INPUT -p tcp -m tcp --dport 23 -j REJECT --reject-with tcp-reset
-A SSH-IN -s 10.0.0.0/8 -j ACCEPT
COMMIT
`;
const HOST = {
  interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }],
  routes: [{ to: 'default', via: '10.0.0.254', dev: 'eth0' }],
  forwarding: false,
};
const SYN = (dport: number, src = '10.0.0.2') => ({
  in: 'eth0',
  proto: 'tcp',
  src,
  sport: 40000,
  dst: '10.0.0.1',
  dport,
});

let cleanup: (() => void)[] = [];
afterEach(() => {
  cleanup.forEach((c) => c());
  cleanup = [];
});

function overComlink(): Transport {
  const { port1, port2 } = new MessageChannel();
  expose(serveSession(), port1);
  const close = () => {
    port1.close();
    port2.close();
  };
  cleanup.push(close);
  return comlinkTransport(port2, close);
}

const ways: [string, () => EngineClient][] = [
  [
    'on this thread',
    () =>
      new EngineClient(
        () => {
          throw new Error('no worker');
        },
        { fallback: mainThreadTransport },
      ),
  ],
  ['through comlink', () => new EngineClient(overComlink)],
  // Every text longer than 40 characters crosses in parts (a 25 MB dump does in 1 MB parts): the same answers.
  ['through comlink, long texts in parts', () => new EngineClient(overComlink, { stagePart: 40 })],
];

/** Every method the session has: a new one must be added to this contract (the type fails otherwise). */
const COVERED: Record<SessionMethod, true> = {
  load: true,
  release: true,
  held: true,
  hooks: true,
  trace: true,
  traceSteps: true,
  chainPage: true,
  nftChain: true,
  findChains: true,
  translate: true,
  save: true,
  check: true,
  scale: true,
  batch: true,
};

describe.each(ways)('the engine session %s', (_name, makeClient) => {
  it('covers every session method', () => {
    expect(Object.keys(COVERED).sort()).toEqual(Object.keys(createSession()).sort());
  });

  it('checks a text as iptables-restore --test or nft -c would, every error located, nothing held', async () => {
    const { session } = makeClient();
    const ok = await session.check({ text: RULES });
    expect(ok).toMatchObject({ format: 'iptables', ok: true, summary: { tables: 1, chains: 4, rules: 3 } });
    const bad = await session.check({
      text: RULES.replace('--dport 23', '--dport 99999').replace('SSH-IN -s', 'NOPE -s'),
    });
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics.filter((d) => d.severity === 'error').map((d) => d.line)).toEqual([7, 8]);
    // `-m set` names a set iptables must know: with an empty `ipset save`, none exists.
    const set = '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m set --match-set blocked src -j DROP\nCOMMIT\n';
    expect((await session.check({ text: set, ipsets: '' })).ok).toBe(false);
    expect((await session.check({ text: set, ipsets: 'create blocked hash:ip\n' })).ok).toBe(true);
    const nft = await session.check({
      text: 'table inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n  }\n}\n',
    });
    expect(nft).toMatchObject({ format: 'nft', ok: true, summary: { tables: 1, chains: 1, rules: 0 } });
    expect(await session.held({})).toEqual([]);
  });

  it('loads a ruleset once and answers by its id: outline, hooks, chain pages, save', async () => {
    const { session } = makeClient();
    const loaded = await session.load({ text: RULES });
    expect(loaded).toMatchObject({ ok: true, summary: { tables: 1, chains: 4, rules: 3 } });
    expect(loaded.outline[0]?.chains.map((c) => c.name)).toEqual(['INPUT', 'FORWARD', 'OUTPUT']);
    const input = loaded.hooks.find((h) => h.hook === 'INPUT')!;
    expect(input.tables.map((t) => t.table)).toEqual(['mangle', 'filter', 'nat', 'security']);
    const legacy = await session.hooks({ rulesetId: loaded.rulesetId, tableOrder: 'legacy' });
    expect(legacy?.find((h) => h.hook === 'INPUT')?.tables.map((t) => t.table)).toEqual([
      'mangle',
      'filter',
      'security',
      'nat',
    ]);
    const page = await session.chainPage({
      rulesetId: loaded.rulesetId,
      table: 'filter',
      chain: 'INPUT',
      from: 1,
      to: 9,
    });
    expect(page).toMatchObject({ total: 2, from: 1 });
    expect(page?.rules.map((r) => r.index)).toEqual([2]);
    const found = await session.findChains({ rulesetId: loaded.rulesetId, query: 'ssh' });
    expect(found?.chains.map((c) => c.chain)).toEqual(['SSH-IN']);
    const saved = await session.save({ rulesetId: loaded.rulesetId });
    expect(saved?.text).toContain('-A SSH-IN -s 10.0.0.0/8 -j ACCEPT');
    // IPVS text is held by no one (it travels with each trace): saved from the text, as ipvsadm-save -n prints it.
    const ipvs = await session.save({ ipvs: '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.9 -m\n' });
    expect(ipvs).toEqual({
      ok: true,
      text: '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.9:80 -m -w 1\n',
      diagnostics: [],
    });
    expect((await session.save({ ipvs: '-a -t 10.0.0.1:80 -r 10.0.0.9 -m\n' }))?.ok).toBe(false);
    expect(await session.held({})).toEqual([loaded.rulesetId]);
    expect(await session.release({ rulesetId: loaded.rulesetId })).toBe(true);
    expect(
      await session.chainPage({ rulesetId: loaded.rulesetId, table: 'filter', chain: 'INPUT', from: 0, to: 9 }),
    ).toBeNull();
  });

  it('translates the rules of a held ruleset as iptables-translate does, a chain or all, in windows', async () => {
    const { session } = makeClient();
    const { rulesetId } = await session.load({ text: RULES });
    const input = await session.translate({ rulesetId, table: 'filter', chain: 'INPUT' });
    expect(input).toMatchObject({ total: 2, from: 0 });
    expect(input?.rules.map((r) => [r.index, r.nft])).toEqual([
      [1, "nft 'add rule ip filter INPUT tcp dport 22 counter jump SSH-IN'"],
      [2, "nft 'add rule ip filter INPUT tcp dport 23 counter reject with tcp reset'"],
    ]);
    const all = await session.translate({ rulesetId, from: 2, to: 3 });
    expect(all).toMatchObject({ total: 3, from: 2 });
    expect(all?.rules.map((r) => [r.chain, r.iptables, r.translated])).toEqual([
      ['SSH-IN', '-A SSH-IN -s 10.0.0.0/8 -j ACCEPT', true],
    ]);
    await session.release({ rulesetId });
    expect(await session.translate({ rulesetId })).toBeNull();
  });

  it('an nft ruleset (with iptables rules beside it): base chains of every table by priority, and their rules', async () => {
    const { session } = makeClient();
    const nft = `table inet fw {
	chain in { type filter hook input priority filter + 10; policy drop;
		tcp dport 22 accept
	}
}
table ip early { chain in { type filter hook input priority -5; accept
}
}`;
    const loaded = await session.load({ text: nft, iptablesRules: '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n' });
    expect(loaded.ok).toBe(true);
    const input = loaded.hooks.find((h) => h.hook === 'INPUT')!;
    expect(input.tables.map((t) => `${t.key} ${t.priority}`)).toEqual([
      'nft:ip:early:in -5',
      'filter 0',
      'nft:inet:fw:in 10',
    ]);
    expect(input.tables[2]).toMatchObject({ table: 'nft', policy: 'DROP', ruleCount: 1 });
    const view = await session.nftChain({ rulesetId: loaded.rulesetId, family: 'inet', table: 'fw', chain: 'in' });
    expect(view).toMatchObject({ base: { hook: 'input', priority: 10, policy: 'drop' } });
    expect(view?.rules).toEqual([{ index: 1, text: 'tcp dport 22 accept', line: 3 }]);
    expect(await session.nftChain({ rulesetId: loaded.rulesetId, family: 'ip', table: 'fw', chain: 'in' })).toBeNull();
  });

  it('traces by ruleset id, with each step carrying its jump stack and route stage', async () => {
    const { session } = makeClient();
    const { rulesetId } = await session.load({ text: RULES });
    const head = await session.trace({ rulesetId, host: HOST, packets: [SYN(22), SYN(23)] });
    expect(head.response.ok).toBe(true);
    const runs = head.response.ok && 'results' in head.response ? head.response.results : [];
    expect(runs.map((r) => r.fate)).toEqual(['delivered', 'rejected']);
    const accept = runs[0]!.steps.find((s) => s.kind === 'rule' && s.chain === 'SSH-IN');
    expect(accept?.stack).toEqual([
      { chain: 'INPUT', rule: 1 },
      { chain: 'SSH-IN', rule: 0 },
    ]);
    expect(runs[0]!.steps.find((s) => s.kind === 'route')?.stage).toBe('prerouting');
    expect(runs[1]!.reply?.steps.find((s) => s.kind === 'route')?.stage).toBe('output');
    const steps = await session.traceSteps({ traceId: head.traceId, run: 0, from: 0, to: 3 });
    expect(steps).toEqual(runs[0]!.steps.slice(0, 3));
  });

  it('a trace naming a ruleset the session does not hold says so (a restarted worker)', async () => {
    const { session } = makeClient();
    const head = await session.trace({ rulesetId: 999, packets: [SYN(22)] });
    expect(head.response.ok).toBe(false);
    expect(!head.response.ok && head.response.errors[0]?.code).toBe('unknown-ruleset');
  });

  it('explores every branch of a statistic rule with exact probabilities', async () => {
    const { session } = makeClient();
    const { rulesetId } = await session.load({ text: generateKubeProxyDump({ services: 1, endpoints: 3 }) });
    const head = await session.trace({
      rulesetId,
      explore: true,
      packets: [{ in: 'eth0', proto: 'tcp', src: '10.0.0.9', sport: 5000, dst: '10.96.0.10', dport: 80 }],
    });
    const outcomes = head.response.ok && 'outcomes' in head.response ? head.response.outcomes : [];
    expect(outcomes.length).toBe(3);
    expect(outcomes.reduce((sum, o) => sum + o.probability, 0)).toBeCloseTo(1, 9);
  });

  it('computes scale-lab points one at a time, with progress within each point', async () => {
    const { session } = makeClient();
    const seen: number[] = [];
    const points = await session.scale(
      { sizes: [5, 20], modes: ['iptables', 'ipvs'], endpoints: 2, repeats: 0 },
      { onProgress: (done) => seen.push(done) },
    );
    expect(points.map((p) => `${p.mode}:${p.services}`)).toEqual(['iptables:5', 'ipvs:5', 'iptables:20', 'ipvs:20']);
    // Whole points as each ends; between them, fractions for the phases of the point being computed.
    expect(seen.filter(Number.isInteger)).toEqual([1, 2, 3, 4]);
    expect(seen.filter((d) => d > 0 && d < 1).length).toBeGreaterThan(0);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    // iptables walks KUBE-SERVICES rule by rule: the last service costs more rules than the first.
    const last = points[2]!.packets.find((c) => c.position === 'last')!;
    const first = points[2]!.packets.find((c) => c.position === 'first')!;
    expect(last.rulesEvaluated).toBeGreaterThan(first.rulesEvaluated);
  });

  it('sends a traffic batch by ruleset id with progress, and a cancelled batch stops without losing the ruleset', async () => {
    const client = makeClient();
    const { session } = client;
    const { rulesetId } = await session.load({ text: RULES });
    const telnet = { ...SYN(23), tcpFlags: ['SYN'] };
    const seen: number[] = [];
    const done = await session.batch(
      { rulesetId, host: HOST, template: telnet, count: 600, kind: 'connections', seed: 2 },
      { onProgress: (n) => seen.push(n) },
    );
    expect(done.ok && done.fates).toEqual([{ fate: 'rejected', count: 600 }]);
    expect(seen[0]).toBe(250);
    const rejectRule = (await session.chainPage({ rulesetId, table: 'filter', chain: 'INPUT', from: 1, to: 2 }))!
      .rules[0]!;
    expect(done.ok && done.counters.rules.find((r) => r.ruleId === rejectRule.id)?.packets).toBe(600);
    const controller = new AbortController();
    const cancelled = session.batch(
      { rulesetId, host: HOST, template: telnet, count: 50_000, kind: 'connections', seed: 2 },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(cancelled).rejects.toMatchObject({ name: 'EngineCallCancelled', reason: 'aborted' });
    expect(await session.held({})).toEqual([rulesetId]);
    expect(client.spawned).toBe(1);
  });

  it('cancelling a long trace stops the work and keeps the parsed ruleset (the worker is not replaced)', async () => {
    const client = makeClient();
    const { session } = client;
    const { rulesetId } = await session.load({ text: generateKubeProxyDump({ services: 300, endpoints: 2 }) });
    const controller = new AbortController();
    const packets = Array.from({ length: 400 }, (_, i) => ({
      in: 'eth0',
      proto: 'tcp',
      src: '10.0.0.9',
      sport: 1000 + i,
      dst: '10.96.0.10',
      dport: 80,
    }));
    let progressed = 0;
    const call = session.trace(
      { rulesetId, packets },
      {
        signal: controller.signal,
        onProgress: (done) => {
          progressed = done;
          controller.abort();
        },
      },
    );
    await expect(call).rejects.toMatchObject({ name: 'EngineCallCancelled', reason: 'aborted' });
    expect(progressed).toBeGreaterThan(0);
    // The same session answers by the same id: nothing was parsed again, no worker was started.
    const page = await session.chainPage({ rulesetId, table: 'nat', chain: 'KUBE-SERVICES', from: 0, to: 1 });
    expect(page?.total).toBeGreaterThan(0);
    expect(client.spawned).toBe(1);
  });
});

describe('long texts handed over in parts', () => {
  it('the call joins its parts in order; a cancel drops them', async () => {
    const wire = serveSession();
    for (let from = 0; from < RULES.length; from += 50) await wire.stage(1, 'text', RULES.slice(from, from + 50));
    expect(await wire.call('check', {}, 1)).toMatchObject({ ok: true, summary: { chains: 4, rules: 3 } });
    await wire.stage(2, 'text', RULES);
    wire.cancel(2);
    expect(await wire.call('check', { text: '' }, 2)).toMatchObject({ summary: { rules: 0 } });
  });
});

describe('EngineClient faults', () => {
  /** A transport whose calls never answer: a worker stuck in a loop. */
  function stuckTransport(): Transport & { crash(detail: string): void; terminated: boolean } {
    const listeners = new Set<(d: string) => void>();
    const t = {
      wire: { call: () => new Promise<never>(() => {}), cancel: () => {}, stage: async () => {} },
      remote: false,
      terminated: false,
      terminate: () => {
        t.terminated = true;
      },
      onCrash: (l: (d: string) => void) => listeners.add(l),
      crash: (d: string) => listeners.forEach((l) => l(d)),
    };
    return t;
  }

  it('a call past its time limit fails, the stuck worker is terminated, the next call starts a fresh one', async () => {
    const made: ReturnType<typeof stuckTransport>[] = [];
    const client = new EngineClient(() => {
      const t = stuckTransport();
      made.push(t);
      return t;
    });
    const restarts: string[] = [];
    client.onRestart((e) => restarts.push(e.reason));
    await expect(client.session.held({}, { timeoutMs: 20 })).rejects.toMatchObject({ reason: 'timeout' });
    expect(made[0]?.terminated).toBe(true);
    expect(restarts).toEqual(['timeout']);
    void client.session.held({}, { timeoutMs: 10_000 }).catch(() => {});
    await new Promise<void>((r) => queueMicrotask(r));
    expect(client.spawned).toBe(2);
    client.dispose();
  });

  it('a worker that dies fails its calls at once and is restarted; after repeated failed starts the session runs here', async () => {
    const made: ReturnType<typeof stuckTransport>[] = [];
    const client = new EngineClient(
      () => {
        const t = stuckTransport();
        made.push(t);
        return t;
      },
      { fallback: mainThreadTransport, maxFailedStarts: 2 },
    );
    const events: { reason: string; mainThread: boolean }[] = [];
    client.onRestart((e) => events.push({ reason: e.reason, mainThread: e.mainThread }));
    for (let i = 0; i < 2; i += 1) {
      const call = client.session.held({});
      await new Promise<void>((r) => queueMicrotask(r));
      await new Promise<void>((r) => queueMicrotask(r));
      made[i]!.crash('script failed to load');
      await expect(call).rejects.toMatchObject({ reason: 'crashed' });
    }
    expect(events).toEqual([
      { reason: 'crashed', mainThread: false },
      { reason: 'crashed', mainThread: true },
    ]);
    const loaded = await client.session.load({ text: RULES });
    expect(loaded.ok).toBe(true);
    expect(client.onMainThread).toBe(true);
    expect(made).toHaveLength(2);
  });

  it('an aborted signal fails the call before anything is sent', async () => {
    const client = new EngineClient(stuckTransport);
    const controller = new AbortController();
    controller.abort();
    await expect(client.session.held({}, { signal: controller.signal })).rejects.toMatchObject({ reason: 'aborted' });
    expect(client.spawned).toBe(0);
  });
});
