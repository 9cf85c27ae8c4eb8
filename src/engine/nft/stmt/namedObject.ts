// `counter name "x"` and `quota name "x"` (nft(8), "STATEFUL OBJECTS"; kernel nft_objref.c): the rule uses a named
// object of its table, whose numbers every rule naming it shares. A counter counts the packet and its length and goes
// on; a quota consumes the packet's length and matches as an anonymous quota does (nft_quota.c). nft lists the name
// quoted. `counter name tcp dport map { … }` (the object chosen by a map) is kept, not simulated.
import { posOf, type Cursor } from '../cursor.ts';
import type { NftEval, NftObject, NftTable, Stmt } from '../model.ts';
import type { RuleCtx } from '../ruleContext.ts';
import type { Token } from '../tokenize.ts';
import { objectKey } from '../objects.ts';
import { keptAsWritten } from './kept.ts';
import { consumeQuota, quotaConfigText } from './quotaConfig.ts';

/** The object's state in this trace: kept beside the rules' states, under the object's own id. */
function objectState<T>(e: NftEval, obj: NftObject, init: () => T): T {
  const rule = e.ruleId;
  e.ruleId = obj.id;
  try {
    return e.ruleState(init);
  } finally {
    e.ruleId = rule;
  }
}

/** Whether the object is chosen by a map (`counter name tcp dport map { 22 : "a" }`): a `map` before the end. */
function chosenByMap(c: Cursor): boolean {
  for (let k = 1; ; k++) {
    const t = c.peek(k);
    if (t.kind === 'eof' || t.kind === 'nl' || (t.kind === 'punct' && (t.value === ';' || t.value === '}')))
      return false;
    if (t.kind === 'word' && t.value === 'map') return true;
  }
}

/** `name "x"` after the keyword: the object's name and where it is written (nft reports a missing one there). */
function objectName(c: Cursor, ctx: RuleCtx, kind: 'counter' | 'quota'): { name: string; table: NftTable } {
  c.next();
  const t = c.name();
  ctx.objectLater({ kind, name: t.value, pos: posOf(t) });
  return { name: t.value, table: ctx.table };
}

export function namedCounter(c: Cursor, first: Token, ctx: RuleCtx): Stmt {
  if (chosenByMap(c)) return keptAsWritten(c, first);
  const { name, table } = objectName(c, ctx, 'counter');
  return {
    kind: 'counter',
    text: `counter name "${name}"`,
    pos: posOf(first),
    exec(e) {
      const obj = table.objects.get(objectKey('counter', name))!;
      const count = objectState(e, obj, () =>
        obj.kind === 'counter' ? { packets: obj.packets, bytes: obj.bytes } : { packets: 0, bytes: 0 },
      );
      count.packets++;
      count.bytes += e.pkt.length;
      return {
        kind: 'next',
        explain: { id: 'nftdyn.counter-named', params: { name, ...count }, matched: true },
      };
    },
  };
}

export function namedQuota(c: Cursor, first: Token, ctx: RuleCtx): Stmt {
  if (chosenByMap(c)) return keptAsWritten(c, first);
  const { name, table } = objectName(c, ctx, 'quota');
  return {
    kind: 'quota',
    text: `quota name "${name}"`,
    pos: posOf(first),
    exec(e) {
      const obj = table.objects.get(objectKey('quota', name))!;
      if (obj.kind !== 'quota') return { kind: 'next' };
      const { spent, pass } = consumeQuota(
        obj,
        objectState(e, obj, () => ({ consumed: obj.used })),
        e.pkt.length,
      );
      return {
        kind: pass ? 'next' : 'break',
        explain: {
          id: spent ? 'nftdyn.quota-named-spent' : 'nftdyn.quota-named-left',
          params: { name, quota: quotaConfigText(obj) },
          matched: pass,
        },
      };
    },
  };
}
