// Predict mode's questions, made from traces the engine itself produced for built-in scenarios: the right answer
// is what the trace did, and no distractor is.
import { describe, expect, it } from 'vitest';
import { prepareRuleset, tracePrepared, type HostSpec, type PacketSpec, type TraceStep } from '../engine/index.ts';
import { findBuiltin } from '../scenarios/index.ts';
import { MISCONCEPTIONS, misconceptionOf } from './predictMisconceptions.ts';
import {
  MAX_MISSED_RULES,
  MAX_QUESTIONS,
  predictQuestions,
  type PredictChoice,
  type PredictQuestion,
} from './predictQuestions.ts';
import { timelineOf, type TimelineEntry } from './timeline.ts';
import en from '../i18n/en/predict.json' with { type: 'json' };

function traceOf(rules: string, host: HostSpec, packets: PacketSpec[], seed = 1): TimelineEntry[][] {
  const response = tracePrepared(prepareRuleset(rules), { host, packets, seed });
  if (!response.ok || !('results' in response)) throw new Error('the rules no longer trace');
  return response.results.map((r) => timelineOf(r));
}

function scenarioTimelines(id: string): { timelines: TimelineEntry[][]; host: HostSpec } {
  const s = findBuiltin(id);
  if (!s) throw new Error(`no built-in scenario ${id}`);
  return { timelines: traceOf(s.rules, s.host, s.packets, s.seed), host: s.host };
}

const right = (q: PredictQuestion): PredictChoice => q.choices[q.answer]!;

/** What the trace did at the question's step, as the value of the choice that says so. */
function whatTheTraceDid(timeline: TimelineEntry[], q: PredictQuestion): string {
  const step = timeline[q.step]!.step;
  switch (step.kind) {
    case 'rule':
      return step.matched ? 'matches' : `fails:${step.matches.findIndex((m) => !m.matched)}`;
    case 'chain': {
      if (step.via === 'return') return `${step.table}:${step.chain}:${step.stack.at(-1)!.rule}`;
      return `${step.table}:${step.chain}`;
    }
    case 'nft-chain':
      return `${step.family}:${step.table}:${step.chain}`;
    case 'nft-rule': {
      const ids = step.statements.flatMap((st) => st.explain.map((e) => e.id));
      if (ids.includes('nft.vmap-hit')) return `vmap:${step.verdict}`;
      if (ids.includes('nft.vmap-miss')) return 'vmap-none';
      return ids.includes('nft.set-hit') ? 'set-in' : 'set-out';
    }
    case 'policy':
      return 'policy';
    case 'route':
      if (step.decision === 'local') return 'local';
      if (step.decision === 'drop') return 'drop';
      return `${step.stage === 'prerouting' && step.decision === 'forward' ? 'forward' : 'output'}:${step.outIface}`;
    case 'nat': {
      const p = step.after;
      const end = (a: string, port?: number) => (port === undefined ? a : `${a}:${port}`);
      return `${end(p.src, p.sport)}>${end(p.dst, p.dport)}`;
    }
    case 'conntrack':
      return step.state;
    case 'fate':
      return step.fate === 'sent' ? `sent:${step.outIface}` : step.fate;
    default:
      throw new Error(`no question is asked about a ${step.kind} step`);
  }
}

function checkAll(timelines: TimelineEntry[][], host: HostSpec): PredictQuestion[][] {
  return timelines.map((timeline) => {
    const questions = predictQuestions(timeline, { host });
    for (const q of questions) {
      const did = whatTheTraceDid(timeline, q);
      expect(right(q).value, `question at step ${q.step} (${q.kind})`).toBe(did);
      const values = q.choices.map((c) => c.value);
      expect(new Set(values).size, 'no two choices say the same').toBe(values.length);
      expect(q.choices.filter((c) => c.value === did)).toHaveLength(1);
      expect(q.choices.length).toBeGreaterThanOrEqual(2);
    }
    // In the order of the trace, each step asked once, and the fate of the packet (and of a REJECT's answer)
    // always asked, last of its part.
    expect(questions.map((q) => q.step)).toEqual([...new Set(questions.map((q) => q.step))].sort((a, b) => a - b));
    for (const part of ['packet', 'reply'] as const) {
      const fate = timeline.findIndex((e) => e.part === part && e.step.kind === 'fate');
      const asked = questions.filter((q) => timeline[q.step]!.part === part);
      if (fate >= 0) expect(asked.at(-1)?.step, part).toBe(fate);
    }
    return questions;
  });
}

const stepAt = (timeline: TimelineEntry[], q: PredictQuestion): TraceStep => timeline[q.step]!.step;

describe('predict questions from engine traces', () => {
  it('host-firewall: the deciding rule, the conntrack state, a missed rule and the DROP policy', () => {
    const { timelines, host } = scenarioTimelines('host-firewall');
    const all = checkAll(timelines, host);
    // The SSH SYN: NEW, then rule 4 of filter INPUT matches and accepts; delivered.
    const syn = all[0]!;
    expect(syn.map((q) => q.kind)).toEqual(expect.arrayContaining(['conntrack', 'route', 'rule', 'fate']));
    expect(right(syn.find((q) => q.kind === 'conntrack')!).value).toBe('NEW');
    const matched = syn.find((q) => q.kind === 'rule' && right(q).kind === 'matches')!;
    expect(matched.code).toContain('--dport 22');
    // MySQL, not allowed: no rule matches, the policy drops it.
    const mysql = all[4]!;
    const policy = mysql.find((q) => q.kind === 'next')!;
    expect(right(policy).kind).toBe('policy');
    expect(right(mysql.at(-1)!).value).toBe('dropped');
    expect(mysql.at(-1)!.context).toContain('dropped-by-policy');
    // The missed rules asked are the telling ones (a match held before one failed: -p tcp, then --dport).
    const missed = mysql.filter((q) => q.kind === 'rule');
    expect(missed.length).toBeLessThanOrEqual(MAX_MISSED_RULES);
    for (const q of missed) expect(right(q).kind).toBe('fails');
    expect(missed.map((q) => right(q).words.params.match)).toEqual(['-m tcp --dport 22', '-m tcp --dport 80']);
  });

  it('custom-chains: a chain that runs out and a RETURN both go back to the calling rule, not to the policy', () => {
    const { timelines, host } = scenarioTimelines('custom-chains');
    const all = checkAll(timelines, host);
    const web = all[0]!;
    const back = web.find((q) => q.context.includes('after-return'))!;
    expect(right(back).value).toBe('filter:INPUT:2');
    expect(back.choices.map((c) => c.kind)).toEqual(expect.arrayContaining(['policy', 'caller-start']));
    // SSH from the office: SSH-GUARD's RETURN target.
    const office = all[2]!;
    const returns = office.filter((q) => q.context.includes('after-return'));
    expect(returns.map((q) => right(q).value)).toEqual(['filter:INPUT:2', 'filter:INPUT:3']);
    const guard = stepAt(timelines[2]!, returns[1]!);
    expect(guard.kind === 'chain' && guard.via).toBe('return');
    expect(
      misconceptionOf(
        returns[1]!,
        returns[1]!.choices.findIndex((c) => c.kind === 'policy'),
      ),
    ).toBe('returnToPolicy');
  });

  it('nat-gateway: MASQUERADE rewrites the source; the reply is un-NATed; a later packet skips the nat chains', () => {
    const { timelines, host } = scenarioTimelines('nat-gateway');
    const all = checkAll(timelines, host);
    const masq = all[0]!.find((q) => q.kind === 'nat')!;
    expect(right(masq).words.params.src).toMatch(/^203\.0\.113\.5(:\d+)?$/);
    expect(right(masq).words.params.dst).toMatch(/^198\.51\.100\.80/);
    expect(masq.choices.map((c) => c.kind)).toEqual(expect.arrayContaining(['unchanged', 'rewrite-other-side']));
    expect(masq.context).toContain('nat-first-packet');
    const route = all[0]!.find((q) => q.kind === 'route')!;
    expect(right(route).value).toBe('forward:eth1');
    const reply = all[1]!.find((q) => q.kind === 'nat')!;
    expect(reply.context).toContain('nat-reply');
    expect(right(reply).words.params.dst).toContain('192.168.1.50');
    // The laptop's ACK: PREROUTING's nat chains are not walked again.
    const skipped = all[2]!.find((q) => q.kind === 'nat' && right(q).kind === 'unchanged')!;
    expect(skipped.context).toContain('nat-later-packet');
    const rewalk = skipped.choices.findIndex((c) => c.kind === 'rewalk');
    expect(misconceptionOf(skipped, rewalk)).toBe('natFirstPacketOnly');
    // Its POSTROUTING rewrite is the connection's binding, applied without the rules.
    const applied = all[2]!.find((q) => q.kind === 'nat' && right(q).kind === 'rewrite')!;
    expect(applied.context).toContain('nat-later-packet');
    expect(
      misconceptionOf(
        applied,
        applied.choices.findIndex((c) => c.kind === 'unchanged'),
      ),
    ).toBe('natBindingApplies');
  });

  it('kube-clusterip: DNAT accepts in nat OUTPUT, and the packet still meets filter OUTPUT', () => {
    const { timelines, host } = scenarioTimelines('kube-clusterip');
    const all = checkAll(timelines, host);
    const node = all[1]!;
    const next = node.find((q) => q.context.includes('after-accept'))!;
    expect(next.context).toContain('same-hook');
    expect(right(next).value).toBe('filter:OUTPUT');
    const end = next.choices.findIndex((c) => c.kind === 'end');
    expect(misconceptionOf(next, end)).toBe('acceptEndsTable');
    // The DNAT to the chosen endpoint is asked as a rewrite of the destination.
    const dnat = node.find((q) => q.kind === 'nat')!;
    expect(right(dnat).words.params.dst).toMatch(/^10\.244\.0\.\d+:8080$/);
    expect(node.length).toBeLessThanOrEqual(MAX_QUESTIONS);
  });

  it('a goto does not come back: the chain it made runs out and the packet returns past it', () => {
    const rules = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:A - [0:0]
:B - [0:0]
-A INPUT -p tcp -j A
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A A -p tcp -g B
-A A -j DROP
-A B -s 192.0.2.0/24 -j DROP
COMMIT
`;
    const host: HostSpec = {
      interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }],
      routes: [{ to: 'default', via: '10.0.0.254', dev: 'eth0' }],
      forwarding: false,
    };
    const [timeline] = traceOf(rules, host, [
      { in: 'eth0', proto: 'tcp', src: '10.0.0.2', sport: 40000, dst: '10.0.0.1', dport: 22 },
    ]);
    const [questions] = checkAll([timeline!], host);
    const back = questions!.find((q) => q.context.includes('after-goto'))!;
    // B was reached by a goto from A: when B runs out, the walk goes on in INPUT after rule 1, not in A.
    expect(right(back).value).toBe('filter:INPUT:1');
    const maker = back.choices.findIndex((c) => c.kind === 'goto-maker');
    expect(back.choices[maker]!.value).toBe('filter:A:1');
    expect(misconceptionOf(back, maker)).toBe('gotoNoReturn');
  });

  it('a 100-rule walk asks about its decisive steps only, and a bounded number of missed rules', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `-A INPUT -p tcp -m tcp --dport ${1000 + i} -j ACCEPT`);
    const rules = `*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n${lines.join('\n')}\nCOMMIT\n`;
    const host: HostSpec = {
      interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }],
      routes: [],
      forwarding: false,
    };
    const [timeline] = traceOf(rules, host, [
      { in: 'eth0', proto: 'tcp', src: '10.0.0.2', sport: 40000, dst: '10.0.0.1', dport: 1099 },
    ]);
    const [questions] = checkAll([timeline!], host);
    expect(questions!.length).toBeLessThanOrEqual(MAX_QUESTIONS);
    const rulesAsked = questions!.filter((q) => q.kind === 'rule');
    expect(rulesAsked.filter((q) => right(q).kind === 'fails')).toHaveLength(MAX_MISSED_RULES);
    expect(rulesAsked.some((q) => right(q).kind === 'matches')).toBe(true);
  });
});

describe("predict questions about a REJECT's answer, nftables steps and a reroute", () => {
  it("reject-vs-drop: the REJECT's answer meets filter OUTPUT first and leaves by eth0; wrong guesses name why", () => {
    const { timelines, host } = scenarioTimelines('reject-vs-drop');
    const all = checkAll(timelines, host);
    const rst = all[1]!;
    const first = rst.find((q) => q.context.includes('reject-reply') && q.kind === 'next')!;
    expect(timelines[1]![first.step]!.part).toBe('reply');
    expect(right(first).value).toBe('filter:OUTPUT');
    const forward = first.choices.findIndex((c) => c.value === 'filter:FORWARD');
    expect(forward).toBeGreaterThanOrEqual(0);
    expect(misconceptionOf(first, forward)).toBe('rejectReplyOutput');
    const fate = rst.find((q) => q.kind === 'fate' && q.context.includes('reject-reply'))!;
    expect(fate.prompt.key).toBe('question.replyFate');
    expect(right(fate).value).toBe('sent:eth0');
    // The packet's own fate is asked before its answer's: rejected.
    expect(right(rst.find((q) => q.kind === 'fate')!).value).toBe('rejected');
    // A DROP sends nothing: no question about an answer.
    expect(all[0]!.some((q) => q.context.includes('reject-reply'))).toBe(false);
  });

  it('nft-two-tables: accept in inet filter input is not final, the next base chain (inet guard input) follows', () => {
    const { timelines, host } = scenarioTimelines('nft-two-tables');
    const all = checkAll(timelines, host);
    const web = all[0]!;
    const next = web.find((q) => q.context.includes('nft') && q.kind === 'next')!;
    expect(next.prompt).toEqual({
      key: 'question.nftRuleAccept',
      params: { family: 'inet', table: 'filter', chain: 'input', index: 3 },
    });
    expect(right(next).value).toBe('inet:guard:input');
    expect(
      misconceptionOf(
        next,
        next.choices.findIndex((c) => c.kind === 'end'),
      ),
    ).toBe('nftAcceptNextBase');
    expect(
      misconceptionOf(
        next,
        next.choices.findIndex((c) => c.kind === 'next-rule'),
      ),
    ).toBe('acceptIsVerdict');
  });

  it('nft-two-tables: the set lookup of @blocked, in for 10.0.1.66 (inside the /26), out for 10.0.1.2', () => {
    const { timelines, host } = scenarioTimelines('nft-two-tables');
    const all = checkAll(timelines, host);
    const lookupOf = (qs: PredictQuestion[]) =>
      qs.find((q) => q.context.includes('nft-set') && q.code === 'ip saddr @blocked')!;
    const client = lookupOf(all[0]!);
    expect(right(client).kind).toBe('set-out');
    expect(client.prompt.params).toMatchObject({ value: '10.0.1.2', set: '@blocked', table: 'guard' });
    expect(misconceptionOf(client, 1 - client.answer)).toBe('nftSetElements');
    const blocked = lookupOf(all[1]!);
    expect(right(blocked).kind).toBe('set-in');
    // Inside the interval 10.0.1.64/26 though not written out: the range is the likely miss.
    expect(misconceptionOf(blocked, 1 - blocked.answer)).toBe('nftSetRange');
    // The anonymous set { 22, 80 } is a set lookup too: telnet's 23 is not in it.
    const telnet = all[2]!.find((q) => q.context.includes('nft-set'))!;
    expect(right(telnet).kind).toBe('set-out');
  });

  it("a verdict map: the element of the packet's port gives the verdict; a port with no element stops the rule", () => {
    const rules = `table inet f {
  chain web {
    counter accept
  }
  chain input {
    type filter hook input priority filter; policy drop;
    tcp dport vmap { 22 : drop, 80 : jump web }
  }
}
`;
    const host: HostSpec = {
      interfaces: [{ name: 'eth0', addresses: ['10.0.0.1/24'] }],
      routes: [],
      forwarding: false,
    };
    const syn = (dport: number): PacketSpec => ({
      in: 'eth0',
      proto: 'tcp',
      src: '10.0.0.2',
      sport: 40000 + dport,
      dst: '10.0.0.1',
      dport,
      tcpFlags: ['SYN'],
    });
    const timelines = traceOf(rules, host, [syn(80), syn(443)]);
    const [web, other] = checkAll(timelines, host);
    const hit = web!.find((q) => q.context.includes('nft-vmap'))!;
    expect(right(hit).value).toBe('vmap:jump web');
    expect(hit.choices.map((c) => c.value)).toEqual(expect.arrayContaining(['vmap:drop', 'vmap-none']));
    expect(
      misconceptionOf(
        hit,
        hit.choices.findIndex((c) => c.kind === 'vmap-none'),
      ),
    ).toBe('nftVmapHolds');
    expect(
      misconceptionOf(
        hit,
        hit.choices.findIndex((c) => c.value === 'vmap:drop'),
      ),
    ).toBe('nftVmapElement');
    const miss = other!.find((q) => q.context.includes('nft-vmap'))!;
    expect(right(miss).kind).toBe('vmap-none');
    expect(
      misconceptionOf(
        miss,
        miss.choices.findIndex((c) => c.value === 'vmap:drop'),
      ),
    ).toBe('nftVmapMiss');
  });

  it('a mark set in mangle OUTPUT reroutes by fwmark: the route question after OUTPUT names the new interface', () => {
    const rules = `*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A OUTPUT -p tcp -m tcp --dport 443 -j MARK --set-xmark 0x1/0xffffffff
COMMIT
`;
    const host: HostSpec = {
      interfaces: [
        { name: 'eth0', addresses: ['10.0.0.1/24'] },
        { name: 'wg0', addresses: ['10.9.0.1/24'] },
      ],
      routes: [
        { to: 'default', via: '10.0.0.254', dev: 'eth0' },
        { to: 'default', via: '10.9.0.254', dev: 'wg0', table: 100 },
      ],
      routingRules: [{ fwmark: 1, table: 100 }],
      forwarding: false,
    };
    const local = (dport: number): PacketSpec => ({
      local: true,
      proto: 'tcp',
      src: '10.0.0.1',
      sport: 40000,
      dst: '198.51.100.7',
      dport,
      tcpFlags: ['SYN'],
    });
    const timelines = traceOf(rules, host, [local(443), local(80)]);
    const [https, http] = checkAll(timelines, host);
    const reroute = https!.find((q) => q.context.includes('reroute'))!;
    expect(stepAt(timelines[0]!, reroute)).toMatchObject({ kind: 'route', stage: 'reroute' });
    expect(reroute.prompt).toEqual({ key: 'question.reroute', params: { dst: '198.51.100.7', iface: 'eth0' } });
    expect(right(reroute).value).toBe('output:wg0');
    const firstRoute = reroute.choices.findIndex((c) => c.value === 'output:eth0');
    expect(misconceptionOf(reroute, firstRoute)).toBe('rerouteAfterOutput');
    expect(right(https!.at(-1)!).value).toBe('sent:wg0');
    // No mark, no reroute: port 80 keeps its first route and is asked no reroute question.
    expect(http!.some((q) => q.context.includes('reroute'))).toBe(false);
  });
});

describe('misconceptions', () => {
  it('every wrong choice of every question in the built-in scenarios names one, and the right choice none', () => {
    for (const id of [
      'host-firewall',
      'custom-chains',
      'nat-gateway',
      'kube-clusterip',
      'port-forward',
      'reject-vs-drop',
      'nft-two-tables',
    ]) {
      const { timelines, host } = scenarioTimelines(id);
      for (const timeline of timelines)
        for (const q of predictQuestions(timeline, { host }))
          q.choices.forEach((_, i) => {
            const id = misconceptionOf(q, i);
            if (i === q.answer) expect(id).toBeNull();
            else expect(id, `${q.kind} picked ${q.choices[i]!.kind}`).not.toBeNull();
          });
    }
  });

  it('each misconception has its sentence in the catalog', () => {
    const sentences = en.misconception as Record<string, string>;
    for (const row of MISCONCEPTIONS) expect(sentences[row.id], row.id).toMatch(/\S/);
  });

  it('a failing match picked after the one that failed: the first failure stops the rule', () => {
    const { timelines, host } = scenarioTimelines('host-firewall');
    const q = predictQuestions(timelines[4]!, { host }).find((x) => x.kind === 'rule')!;
    // Rule 4 (-p tcp, then --dport 22): --dport failed; picking "-p tcp fails" claims an earlier match failed.
    const earlier = q.choices.findIndex((c) => c.kind === 'fails' && c.value !== right(q).value);
    expect(misconceptionOf(q, earlier)).toBe('earlierMatchHeld');
    expect(
      misconceptionOf(
        q,
        q.choices.findIndex((c) => c.kind === 'matches'),
      ),
    ).toBe('oneFailingMatch');
  });
});
