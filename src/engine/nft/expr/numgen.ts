// numgen (nft(8), "NUMGEN EXPRESSION"; kernel nft_numgen.c): `random mod N` draws uniformly from 0…N-1
// (nft_ng_random_eval: reciprocal_scale of a prandom u32), `inc mod N` counts the packets that reach it; `offset`
// is added. The tracer decides the draws: seeded in replay, every branch with its exact probability in explore mode.
import type { Cursor } from '../cursor.ts';
import { INTEGER } from '../datatype.ts';
import type { Selector } from '../model.ts';

function numgen(inc: boolean, mod: number, offset: number): Selector {
  const text = `numgen ${inc ? 'inc' : 'random'} mod ${mod}${offset ? ` offset ${offset}` : ''}`;
  if (inc)
    return {
      text,
      type: INTEGER,
      read(e) {
        const s = e.ruleState(() => ({ n: 0 }));
        const v = s.n % mod;
        s.n += 1;
        return v + offset;
      },
    };
  return {
    text,
    type: INTEGER,
    read(e) {
      // Value i with probability 1/mod, drawn as a chain of yes/no choices: 1/mod, then 1/(mod-1) of the rest, …
      for (let i = 0; i < mod - 1; i++)
        if (e.choose(1 / (mod - i), { num: 1n, den: BigInt(mod - i) })) return i + offset;
      return mod - 1 + offset;
    },
  };
}

/**
 * The selectors without an offset, one per mode and modulus, shared by every rule that uses it (a selector is never
 * changed, and an inc counter is kept per rule: ruleState): kube-proxy has one `numgen random mod N` per service.
 */
const SHARED_MOD = 1024;
const SHARED: { inc: Selector[]; random: Selector[] } = { inc: [], random: [] };

export const numgenModule = {
  name: 'numgen',
  keywords: ['numgen'],
  follows: { numgen: ['random', 'inc'] },
  parse(c: Cursor): Selector {
    const mode = c.word();
    if (mode.value !== 'random' && mode.value !== 'inc') c.unexpected(mode, 'inc or random');
    const modTok = c.word();
    if (modTok.value !== 'mod') c.unexpected(modTok, 'mod');
    const nTok = c.word('number');
    const mod = Number(nTok.value);
    if (!Number.isInteger(mod) || mod <= 0) c.fail(nTok, 'numgen modulus must be a positive number');
    let offset = 0;
    if (c.eatWord('offset')) offset = Number(c.word('number').value) || 0;
    const inc = mode.value === 'inc';
    if (offset !== 0 || mod >= SHARED_MOD) return numgen(inc, mod, offset);
    return ((inc ? SHARED.inc : SHARED.random)[mod] ??= numgen(inc, mod, 0));
  },
};
