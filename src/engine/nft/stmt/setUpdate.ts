// Set statements (nft(8), "SET STATEMENT"; kernel nft_dynset.c): `update @set { ip saddr }` and `add @set { … }` put
// the packet's key in a set from the packet path (kube-proxy's session affinity). The element is kept for the rest
// of the request.
import { posOf, type Cursor } from '../cursor.ts';
import type { KeyPart, Stmt } from '../model.ts';
import type { RuleCtx } from '../ruleContext.ts';
import type { Token } from '../tokenize.ts';
import { keyString } from '../values.ts';

export const setUpdateModule = {
  name: 'set-update',
  keywords: ['update', 'add'],
  parse(c: Cursor, first: Token, ctx: RuleCtx): Stmt {
    const at = c.expectPunct('@', "'@'");
    const name = c.name();
    c.expectPunct('{');
    const sels = ctx.selectors(c);
    c.skipNewlines();
    c.expectPunct('}');
    const ref = {
      name: name.value,
      pos: posOf(at),
      set: undefined,
      keyTypes: sels.map((s) => s.type),
      need: 'set' as const,
      update: true,
    };
    ctx.linkLater(ref);
    return {
      kind: 'set-update',
      text: `${first.value} @${name.value} { ${sels.map((s) => s.text).join(' . ')} }`,
      pos: posOf(first),
      exec(e) {
        const values = sels.map((s) => s.read(e));
        if (values.some((v) => v === undefined) || !ref.set) return { kind: 'break' };
        const key = keyString(values as (number | string)[]);
        const dyn = e.dynamicSet(ref.set);
        if (!dyn.has(key))
          dyn.set(key, {
            key: (values as (number | string)[]).map((v): KeyPart =>
              typeof v === 'number' ? { lo: v, hi: v } : { str: v, wildcard: false },
            ),
            pos: ref.pos,
          });
        return { kind: 'next', explain: { id: 'nft.set-add', params: { set: name.value }, matched: true } };
      },
    };
  },
};
