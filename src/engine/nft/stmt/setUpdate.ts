// Set statements (nft(8), "SET STATEMENT"; kernel net/netfilter/nft_dynset.c): `update @set { ip saddr }` and
// `add @set { … }` put the packet's key in a set from the packet path (kube-proxy's session affinity, per-source
// rate limits), with an element timeout and statements of the element (`limit`, `counter`) inside the braces.
//
// nft_dynset_eval, as the lab follows it: the set's update finds the packet's element or makes it (nft_dynset_new);
// a set that is full makes none and the rule stops (NFT_BREAK). `update` on an element that has a timeout starts
// its timeout again (the statement's, else the set's); `add` leaves an element already there as it is. Then the
// element's own statements run (nft_set_elem_update_expr), each with the element's state (a limit is a bucket per
// element: per-source rate limiting); one that breaks (a limit over its rate) stops the rule.
import { posOf, type Cursor } from '../cursor.ts';
import type { KeyPart, NftEval, NftSet, Stmt, StmtOutcome } from '../model.ts';
import { spanPos } from '../position.ts';
import type { DynamicElement, SetUpdateRef } from '../setDynamic.ts';
import type { RuleCtx, SetRef } from '../ruleContext.ts';
import { printTime, readTimeWord, timeMs } from '../time.ts';
import type { Token } from '../tokenize.ts';
import { keyString } from '../values.ts';
import { counterModule } from './counter.ts';
import { limitModule } from './limit.ts';

/** The statements nft allows inside the braces that the lab simulates (nft(8): counter, limit, quota, …). */
const ELEMENT_STMTS = [limitModule, counterModule];

function setTimeoutMs(set: NftSet): number | undefined {
  const line = set.extra.find((x) => x.startsWith('timeout '));
  return line === undefined ? undefined : timeMs(line.slice('timeout '.length));
}

function setSize(set: NftSet): number {
  const line = set.extra.find((x) => x.startsWith('size '));
  return line === undefined ? 65535 : Number(line.slice('size '.length));
}

/** The element's statements, each with a state of its own kept on the element. */
function runElementStmts(stmts: Stmt[], el: DynamicElement, e: NftEval): StmtOutcome | undefined {
  for (let i = 0; i < stmts.length; i++) {
    const own: NftEval = {
      ...e,
      ruleState<T>(init: () => T): T {
        if (el.state[i] === undefined) el.state[i] = init();
        return el.state[i] as T;
      },
    };
    const out = stmts[i]!.exec(own);
    if (out.kind === 'break') return out;
  }
  return undefined;
}

export const setUpdateModule = {
  name: 'set-update',
  keywords: ['update', 'add'],
  parse(c: Cursor, first: Token, ctx: RuleCtx): Stmt {
    const pos = posOf(first);
    const start = first.start;
    const op = first.value as 'update' | 'add';
    const at = c.expectPunct('@', "'@'");
    const setPos = posOf(at);
    const name = c.name().value;
    c.expectPunct('{');
    const keyStart = c.peek().start;
    const sels = ctx.selectors(c);
    const keyPos = spanPos(keyStart, c.peek(-1).end - keyStart);
    let timeout: number | undefined;
    if (c.eatWord('timeout')) timeout = timeMs(readTimeWord(c).value);
    const stmts: Stmt[] = [];
    for (;;) {
      const t = c.peek();
      const m = t.kind === 'word' ? ELEMENT_STMTS.find((x) => x.keywords.includes(t.value)) : undefined;
      if (!m) break;
      c.next();
      stmts.push(m.parse(c, t, ctx));
    }
    c.skipNewlines();
    c.expectPunct('}');
    const update: SetUpdateRef = { keyPos, stmtPos: spanPos(start, c.peek(-1).end - start), timeout: !!timeout };
    const ref: SetRef = { name, pos: setPos, set: undefined, keyTypes: sels.map((s) => s.type), need: 'set', update };
    ctx.linkLater(ref);
    // nft lists a counter inside the braces without its numbers (nft 1.0.6: `update @n { ip saddr counter }`), and
    // none at all when the set counts its elements itself (a set declared with `counter`).
    const listed = () => {
      const own = ref.set?.extra.includes('counter') ? stmts.filter((s) => s.kind !== 'counter') : stmts;
      const inner = [
        sels.map((s) => s.text).join(' . '),
        ...(timeout ? [`timeout ${printTime(timeout)}`] : []),
        ...own.map((s) => (s.kind === 'counter' ? 'counter' : s.text)),
      ];
      return `${op} @${name} { ${inner.join(' ')} }`;
    };
    return {
      kind: 'set-update',
      get text() {
        return listed();
      },
      pos,
      exec(e) {
        const set = ref.set;
        const values = sels.map((s) => s.read(e));
        if (values.some((v) => v === undefined) || !set) return { kind: 'break' };
        const key = keyString(values as (number | string)[]);
        const dyn = e.dynamicSet(set);
        let el = dyn.get(key) as DynamicElement | undefined;
        if (el?.expires !== undefined && el.expires <= e.now) {
          dyn.delete(key);
          el = undefined;
        }
        const lifetime = timeout ?? setTimeoutMs(set);
        let explain = { id: 'nft.set-add', params: { set: name }, matched: true };
        if (!el) {
          if (set.elements.length + dyn.size >= setSize(set))
            return { kind: 'break', explain: { id: 'nftdyn.set-full', params: { set: name }, matched: false } };
          el = {
            key: (values as (number | string)[]).map((v): KeyPart =>
              typeof v === 'number' ? { lo: v, hi: v } : { str: v, wildcard: false },
            ),
            pos: setPos,
            expires: lifetime === undefined ? undefined : e.now + lifetime / 1000,
            state: [],
          };
          dyn.set(key, el);
        } else if (op === 'update' && el.expires !== undefined && lifetime !== undefined) {
          el.expires = e.now + lifetime / 1000;
          explain = { id: 'nftdyn.set-refresh', params: { set: name }, matched: true };
        } else explain = { id: 'nftdyn.set-present', params: { set: name }, matched: true };
        const stopped = runElementStmts(stmts, el, e);
        return stopped ?? { kind: 'next', explain };
      },
    };
  },
};
