// owner: iptables-extensions(8) "owner". For locally generated packets only (the kernel allows it in OUTPUT and
// POSTROUTING): [!] --uid-owner user|uid[-uid], [!] --gid-owner group|gid[-gid] (with --suppl-groups, the
// supplementary groups count too), [!] --socket-exists. Names resolve through a small Debian passwd/group table.
// A packet with no socket matches only when every given test is negated (kernel owner_mt).
import type { Explanation, MatchModule } from '../ext/types.ts';
import type { HookName } from '../model/types.ts';
import { HOOKS } from '../model/types.ts';
import { say } from './util/explain.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { arg, checkOptions, fail, joinSaved, ok } from './util/options.ts';
import { not } from '../translate/words.ts';

const OWNER_HOOKS: readonly HookName[] = ['OUTPUT', 'POSTROUTING'];
/** Debian's base-passwd users and groups. */
const USERS: Readonly<Record<string, number>> = { root: 0, daemon: 1, bin: 2, sys: 3, 'www-data': 33, nobody: 65534 };
const GROUPS: Readonly<Record<string, number>> = {
  root: 0,
  daemon: 1,
  bin: 2,
  sys: 3,
  adm: 4,
  'www-data': 33,
  users: 100,
  nogroup: 65534,
};

interface IdRange {
  negated: boolean;
  min: number;
  max: number;
}

export interface OwnerData {
  uid?: IdRange;
  gid?: IdRange;
  suppl: boolean;
  socketExists?: { negated: boolean };
}

function parseIds(text: string, names: Readonly<Record<string, number>>): { min: number; max: number } | undefined {
  if (Object.hasOwn(names, text)) {
    const id = names[text] ?? 0;
    return { min: id, max: id };
  }
  const [a = '', b, ...rest] = text.split('-');
  const min = parseUnsigned(a, 0, 0xfffffffe);
  const max = b === undefined ? min : parseUnsigned(b, 0, 0xfffffffe);
  if (rest.length || min === undefined || max === undefined || min > max) return undefined;
  return { min, max };
}

const formatIds = (r: IdRange) => (r.min === r.max ? String(r.min) : `${r.min}-${r.max}`);

export const ownerMatch: MatchModule<OwnerData> = {
  name: 'owner',
  // libxt_owner.c owner_mt_xlate (iptables 1.8.9): one test only, `skuid 0`, `skgid != 5-9`; --socket-exists,
  // --suppl-groups and a uid with a gid together have no translation.
  translate(data) {
    if (data.socketExists || data.suppl || (data.uid && data.gid)) return null;
    const [key, id] = data.uid ? ['skuid', data.uid] : ['skgid', data.gid];
    if (!id) return '';
    return `${key} ${not(id.negated)}${id.min === id.max ? id.min : `${id.min}-${id.max}`}`;
  },
  options: {
    '--uid-owner': { args: 1, negatable: true },
    '--gid-owner': { args: 1, negatable: true },
    '--socket-exists': { args: 0, negatable: true },
    '--suppl-groups': { args: 0 },
  },
  hooks: () => OWNER_HOOKS,
  parse(options, ctx) {
    const problem = checkOptions('owner', options, this.options);
    if (problem) return problem;
    if (options.length === 0) return fail('owner-needs-option');
    const data: OwnerData = { suppl: false };
    for (const option of options) {
      if (option.name === '--uid-owner' || option.name === '--gid-owner') {
        const user = option.name === '--uid-owner';
        const ids = parseIds(arg(option), user ? USERS : GROUPS);
        if (!ids) return fail(user ? 'owner-bad-user' : 'owner-bad-group', { value: arg(option) }, option);
        data[user ? 'uid' : 'gid'] = { negated: option.negated, ...ids };
      } else if (option.name === '--socket-exists') data.socketExists = { negated: option.negated };
      else {
        if (!data.gid) return fail('owner-suppl-needs-gid', {}, option);
        if (data.gid.negated) return fail('owner-suppl-negated-gid', {}, option);
        data.suppl = true;
      }
    }
    if ((HOOKS as readonly string[]).includes(ctx.chain) && !OWNER_HOOKS.includes(ctx.chain as HookName))
      return fail('owner-wrong-hook', {}, options[0]);
    return ok(data);
  },
  save(data) {
    const neg = (n: { negated: boolean }) => (n.negated ? '! ' : '');
    return joinSaved([
      data.socketExists && `${neg(data.socketExists)}--socket-exists`,
      data.uid && `${neg(data.uid)}--uid-owner ${formatIds(data.uid)}`,
      data.gid && `${neg(data.gid)}--gid-owner ${formatIds(data.gid)}`,
      data.suppl && '--suppl-groups',
    ]);
  },
  evaluate(data, ctx) {
    const socket = ctx.socket;
    if (!socket) {
      const allNegated = [data.uid, data.gid, data.socketExists].every((t) => t === undefined || t.negated);
      return { matched: allNegated, explain: [say('match.owner.no-socket', allNegated, { allNegated })] };
    }
    const explain: Explanation[] = [];
    if (data.socketExists) explain.push(say('match.owner.socket', !data.socketExists.negated));
    if (socket.kernel) {
      // A kernel socket has no file: --uid-owner/--gid-owner fail, and match only when negated.
      for (const test of [data.uid, data.gid]) {
        if (test && explain.every((e) => e.matched))
          explain.push(say('match.owner.kernel-socket', test.negated, { negated: test.negated }));
      }
      return { matched: explain.every((e) => e.matched), explain };
    }
    for (const [kind, test, id] of [
      ['uid', data.uid, socket.uid],
      ['gid', data.gid, socket.gid],
    ] as const) {
      if (!test || explain.some((e) => !e.matched)) continue;
      const inside = id >= test.min && id <= test.max;
      explain.push(
        say(`match.owner.${kind}.${inside ? 'in' : 'out'}`, inside !== test.negated, {
          id,
          want: formatIds(test),
          negated: test.negated,
        }),
      );
    }
    return { matched: explain.every((e) => e.matched), explain };
  },
};
