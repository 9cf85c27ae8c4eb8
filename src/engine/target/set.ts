// SET (iptables-extensions(8)): adds the packet's element to an ipset (--add-set) or deletes it (--del-set); the
// element is made of the packet fields the src/dst flags name, one per dimension of the set's type. iptables
// refuses a set that does not exist (libxt_SET.t). The chain goes on.
// The lab parses and saves the rule, but does not change sets during a trace: apply says so.
import type { OptionSpec, ParsedOption, TargetModule } from '../ext/types.ts';
import { say } from './util/messages.ts';
import { parseUnsigned } from './util/numbers.ts';
import { arg, checkOptions, fail, joinSaved, ok, type ParseFailure } from './util/options.ts';

export interface SetRef {
  name: string;
  /** One per dimension: 'src' or 'dst'. */
  flags: ('src' | 'dst')[];
}

export interface SetTargetData {
  add?: SetRef;
  del?: SetRef;
  exist: boolean;
  timeout?: number;
}

/** IPSET_MAXNAMELEN is 32 with its NUL; IPSET_DIM_MAX is 6. */
const MAX_NAME = 31;
const MAX_DIMENSIONS = 6;

const OPTIONS: Record<string, OptionSpec> = {
  '--add-set': { args: 2 },
  '--del-set': { args: 2 },
  '--exist': { args: 0 },
  '--timeout': { args: 1 },
};

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

export const setTarget: TargetModule<SetTargetData> = {
  name: 'SET',
  options: OPTIONS,
  parse(options, ctx) {
    const bad = checkOptions('SET', options, OPTIONS);
    if (bad) return bad;
    const data: SetTargetData = { exist: false };
    for (const option of options) {
      if (option.name === '--add-set' || option.name === '--del-set') {
        const ref = setRef(option, ctx.ipsets);
        if ('ok' in ref) return ref;
        if (option.name === '--add-set') data.add = ref;
        else data.del = ref;
      } else if (option.name === '--exist') {
        data.exist = true;
      } else if (option.name === '--timeout') {
        const timeout = parseUnsigned(arg(option));
        if (timeout === undefined)
          return fail('bad-number', { option: option.name, value: arg(option), min: 0, max: 0xffffffff }, option);
        data.timeout = timeout;
      }
    }
    if (!data.add && !data.del) return fail('needs-operation', { target: 'SET', options: '--add-set, --del-set' });
    const addOnly = options.find((o) => o.name === '--exist' || o.name === '--timeout');
    if (addOnly && !data.add) return fail('set-needs-add', { option: addOnly.name }, addOnly);
    return ok(data);
  },
  save(data) {
    return joinSaved([
      data.add && `--add-set ${data.add.name} ${data.add.flags.join(',')}`,
      data.del && `--del-set ${data.del.name} ${data.del.flags.join(',')}`,
      data.exist && '--exist',
      data.timeout !== undefined && `--timeout ${data.timeout}`,
    ]);
  },
  apply(data) {
    const explain = [];
    if (data.add) explain.push(say('set.add', { set: data.add.name, flags: data.add.flags.join(',') }));
    if (data.del) explain.push(say('set.del', { set: data.del.name, flags: data.del.flags.join(',') }));
    explain.push(say('set.not-simulated'));
    return { verdict: { kind: 'continue' }, explain };
  },
};
