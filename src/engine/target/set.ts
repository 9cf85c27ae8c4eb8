// SET (iptables-extensions(8)): adds the packet's element to an ipset (--add-set), deletes it (--del-set), or
// (--map-set) looks it up and copies the element's skbinfo (mark, priority, queue) to the packet. The element is made
// of the packet fields the src/dst flags name, one per dimension of the set's type. iptables refuses a set that does
// not exist (libxt_SET.t). The kernel allows --map-set in the mangle table only, and --map-prio/--map-queue only from
// FORWARD, OUTPUT and POSTROUTING (xt_set.c set_target_v3_checkentry). The chain goes on.
// iptables-save order (libxt_SET.c): --add-set, --exist, --timeout, --del-set, --map-set and its flags.
// Adding and deleting change the host's sets for the later packets of the trace request (IpSetView.add/del); the
// element is built exactly as the set match builds it. --map-set is parsed and saved only: the lab keeps no
// skbinfo (mark, priority, queue) on set elements.
import type { EvalContext, Explanation, OptionSpec, ParsedOption, TargetModule } from '../ext/types.ts';
import { elementOf } from '../match/set.ts';
import { say } from './util/messages.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { arg, checkOptions, fail, joinSaved, ok, type ParseFailure } from './util/options.ts';

export interface SetRef {
  name: string;
  /** One per dimension: 'src' or 'dst'. */
  flags: ('src' | 'dst')[];
}

const MAP_FLAGS = ['--map-mark', '--map-prio', '--map-queue'] as const;
type MapFlag = (typeof MAP_FLAGS)[number];

export interface SetTargetData {
  add?: SetRef;
  del?: SetRef;
  map?: SetRef;
  exist: boolean;
  timeout?: number;
  mapFlags: MapFlag[];
}

/** IPSET_MAXNAMELEN is 32 with its NUL; IPSET_DIM_MAX is 6; a timeout of 2^32-1 means "none". */
const MAX_NAME = 31;
const MAX_DIMENSIONS = 6;
const MAX_TIMEOUT = 0xfffffffe;

const OPTIONS: Record<string, OptionSpec> = {
  '--add-set': { args: 2 },
  '--del-set': { args: 2 },
  '--map-set': { args: 2 },
  '--exist': { args: 0 },
  '--timeout': { args: 1 },
  ...Object.fromEntries(MAP_FLAGS.map((flag) => [flag, { args: 0 }])),
};

function isMapFlag(name: string): name is MapFlag {
  return (MAP_FLAGS as readonly string[]).includes(name);
}

function setRef(option: ParsedOption, known: ReadonlySet<string> | undefined): SetRef | ParseFailure {
  const name = arg(option, 0);
  if (name.length === 0 || name.length > MAX_NAME) return fail('set-bad-name', { value: name, max: MAX_NAME }, option);
  if (known && !known.has(name)) return fail('set-no-such-set', { value: name }, option);
  const words = arg(option, 1).split(',');
  if (words.length > MAX_DIMENSIONS) return fail('set-bad-flags', { value: arg(option, 1) }, option);
  const flags: ('src' | 'dst')[] = [];
  for (const word of words) {
    // libxt_set compares the first three characters only.
    if (word.startsWith('src')) flags.push('src');
    else if (word.startsWith('dst')) flags.push('dst');
    else return fail('set-bad-flags', { value: arg(option, 1) }, option);
  }
  return { name, flags };
}

function savedRef(option: string, ref: SetRef | undefined): string | undefined {
  return ref && `${option} ${ref.name} ${ref.flags.join(',')}`;
}

export const setTarget: TargetModule<SetTargetData> = {
  name: 'SET',
  options: OPTIONS,
  hooksFor(data) {
    const prioOrQueue = data.mapFlags.includes('--map-prio') || data.mapFlags.includes('--map-queue');
    return prioOrQueue ? ['FORWARD', 'OUTPUT', 'POSTROUTING'] : undefined;
  },
  parse(options, ctx) {
    const bad = checkOptions('SET', options, OPTIONS);
    if (bad) return bad;
    const data: SetTargetData = { exist: false, mapFlags: [] };
    for (const option of options) {
      if (option.name === '--add-set' || option.name === '--del-set' || option.name === '--map-set') {
        const ref = setRef(option, ctx.ipsets);
        if ('ok' in ref) return ref;
        if (option.name === '--add-set') data.add = ref;
        else if (option.name === '--del-set') data.del = ref;
        else {
          if (ctx.table !== 'mangle') return fail('set-map-needs-mangle', { option: option.name }, option);
          data.map = ref;
        }
      } else if (option.name === '--exist') {
        data.exist = true;
      } else if (option.name === '--timeout') {
        const timeout = parseUnsigned(arg(option), 0, MAX_TIMEOUT);
        if (timeout === undefined)
          return fail('bad-number', { option: option.name, value: arg(option), min: 0, max: MAX_TIMEOUT }, option);
        data.timeout = timeout;
      } else if (isMapFlag(option.name)) {
        data.mapFlags.push(option.name);
      }
    }
    if (!data.add && !data.del && !data.map)
      return fail('needs-operation', { target: 'SET', options: '--add-set, --del-set, --map-set' });
    const addOnly = options.find((o) => o.name === '--exist' || o.name === '--timeout');
    if (addOnly && !data.add) return fail('set-needs-add', { option: addOnly.name }, addOnly);
    const mapOnly = options.find((o) => isMapFlag(o.name));
    if (mapOnly && !data.map) return fail('set-needs-map', { option: mapOnly.name }, mapOnly);
    data.mapFlags = MAP_FLAGS.filter((flag) => data.mapFlags.includes(flag));
    return ok(data);
  },
  save(data) {
    return joinSaved([
      savedRef('--add-set', data.add),
      data.exist && '--exist',
      data.timeout !== undefined && `--timeout ${data.timeout}`,
      savedRef('--del-set', data.del),
      savedRef('--map-set', data.map),
      ...data.mapFlags,
    ]);
  },
  apply(data, ctx) {
    const explain: Explanation[] = [];
    if (data.add) explain.push(changeSet('add', data.add, ctx, { exist: data.exist, timeout: data.timeout }));
    if (data.del) explain.push(changeSet('del', data.del, ctx));
    if (data.map) {
      explain.push(say('set.map', { set: data.map.name, flags: data.map.flags.join(',') }));
      explain.push(say('set.map-not-simulated'));
    }
    return { verdict: { kind: 'continue' }, explain };
  },
};

/**
 * Adds or deletes the packet's element. As in the kernel, a refused change (already there, not there, too few
 * flags for the set's dimensions) changes nothing and the chain goes on.
 */
function changeSet(
  op: 'add' | 'del',
  ref: SetRef,
  ctx: EvalContext,
  opts: { exist?: boolean; timeout?: number | undefined } = {},
): Explanation {
  const set = ctx.host.ipset(ref.name);
  if (!set) return say('set.missing', { set: ref.name });
  const element = elementOf(
    set,
    ref.flags.map((flag) => flag === 'src'),
    ctx.pkt,
    ctx.inIface,
    ctx.outIface,
  );
  if (element === 'too-few-flags') return say('set.too-few-flags', { set: ref.name, type: set.type });
  const params = { set: ref.name, element: element.text };
  if (op === 'add') {
    if (!set.add) return say('set.not-simulated', params);
    const options =
      opts.timeout === undefined
        ? { exist: opts.exist ?? false }
        : { exist: opts.exist ?? false, timeout: opts.timeout };
    return say(set.add(element.parts, options) ? 'set.added' : 'set.already', params);
  }
  if (!set.del) return say('set.not-simulated', params);
  return say(set.del(element.parts) ? 'set.deleted' : 'set.not-there', params);
}
