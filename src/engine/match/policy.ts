// policy: iptables-extensions(8) "policy". --dir in|out and --pol none|ipsec match the IPsec policy used to
// decapsulate (in) or encapsulate (out) the packet; --strict with per-element --reqid, --spi, --proto ah|esp|ipcomp,
// --mode tunnel|transport, --tunnel-src/--tunnel-dst, elements separated by --next. The lab has no IPsec: every
// packet has policy none, so `--pol none` matches and `--pol ipsec` does not.
import type { MatchModule, ParsedOption } from '../ext/types.ts';
import type { HookName } from '../model/types.ts';
import { HOOKS } from '../model/types.ts';
import { formatHostMask, parseHostMask, type HostMask } from './util/addresses.ts';
import { say } from './util/explain.ts';
import { hex, parseUnsigned } from '../ext/numbers.ts';
import { arg, fail, ok } from './util/options.ts';
import { describeProtocol, parseProtocol } from './util/protocols.ts';

interface Neg<T> {
  negated: boolean;
  value: T;
}

interface PolicyElement {
  reqid?: Neg<number>;
  spi?: Neg<number>;
  proto?: Neg<number>;
  mode?: Neg<'tunnel' | 'transport'>;
  tunnelSrc?: Neg<HostMask>;
  tunnelDst?: Neg<HostMask>;
}

export interface PolicyData {
  dir: 'in' | 'out';
  pol: 'none' | 'ipsec';
  strict: boolean;
  elements: PolicyElement[];
}

/** XT_POLICY_MAX_ELEM */
const MAX_ELEMENTS = 4;
const IN_HOOKS: readonly HookName[] = ['PREROUTING', 'INPUT', 'FORWARD'];
const OUT_HOOKS: readonly HookName[] = ['FORWARD', 'OUTPUT', 'POSTROUTING'];
const NEGATABLE = new Set(['--reqid', '--spi', '--tunnel-src', '--tunnel-dst', '--proto', '--mode']);

function parseElementOption(option: ParsedOption, e: PolicyElement): string | undefined {
  const negated = option.negated;
  const text = arg(option);
  const key = (
    {
      '--reqid': 'reqid',
      '--spi': 'spi',
      '--proto': 'proto',
      '--mode': 'mode',
      '--tunnel-src': 'tunnelSrc',
      '--tunnel-dst': 'tunnelDst',
    } as const
  )[option.name as '--reqid'];
  if (e[key]) return `policy match: double ${option.name} option.`;
  if (key === 'reqid' || key === 'spi') {
    const n = parseUnsigned(text);
    if (n === undefined) return `"${text}" is not a number.`;
    if (key === 'reqid') e.reqid = { negated, value: n };
    else e.spi = { negated, value: n };
  } else if (key === 'proto') {
    const p = parseProtocol(text);
    if (p !== 50 && p !== 51 && p !== 108) return 'policy match: protocol must be ah/esp/ipcomp.';
    e.proto = { negated, value: p };
  } else if (key === 'mode') {
    if (text !== 'tunnel' && text !== 'transport') return `policy match: bad mode "${text}".`;
    e.mode = { negated, value: text };
  } else {
    const hm = parseHostMask(text);
    if (typeof hm === 'string') return hm;
    if (key === 'tunnelSrc') e.tunnelSrc = { negated, value: hm };
    else e.tunnelDst = { negated, value: hm };
  }
  return undefined;
}

export const policyMatch: MatchModule<PolicyData> = {
  name: 'policy',
  options: {
    '--dir': { args: 1 },
    '--pol': { args: 1 },
    '--strict': { args: 0 },
    '--reqid': { args: 1, negatable: true },
    '--spi': { args: 1, negatable: true },
    '--tunnel-src': { args: 1, negatable: true },
    '--tunnel-dst': { args: 1, negatable: true },
    '--proto': { args: 1, negatable: true },
    '--mode': { args: 1, negatable: true },
    '--next': { args: 0 },
  },
  hooks: (data) => (data.dir === 'in' ? IN_HOOKS : OUT_HOOKS),
  parse(options, ctx) {
    const data: PolicyData = { dir: 'in', pol: 'ipsec', strict: false, elements: [{}] };
    let dir: string | undefined;
    let pol: string | undefined;
    for (const option of options) {
      if (!Object.hasOwn(this.options, option.name))
        return fail(`The policy match has no option ${option.name}.`, option);
      if (option.negated && !NEGATABLE.has(option.name)) return fail(`${option.name} cannot be negated.`, option);
      const current = data.elements[data.elements.length - 1]!;
      if (option.name === '--dir') {
        if (dir !== undefined) return fail('--dir can be given only once.', option);
        dir = arg(option);
        if (dir !== 'in' && dir !== 'out') return fail(`policy match: bad direction "${dir}".`, option);
        data.dir = dir;
      } else if (option.name === '--pol') {
        if (pol !== undefined) return fail('--pol can be given only once.', option);
        pol = arg(option);
        if (pol !== 'none' && pol !== 'ipsec') return fail(`policy match: bad policy "${pol}".`, option);
        data.pol = pol;
      } else if (option.name === '--strict') data.strict = true;
      else if (option.name === '--next') {
        if (!data.strict) return fail('--next needs --strict.', option);
        if (data.elements.length === MAX_ELEMENTS) return fail('policy match: maximum policy depth reached.', option);
        data.elements.push({});
      } else {
        const problem = parseElementOption(option, current);
        if (problem) return fail(problem, option);
      }
    }
    if (dir === undefined) return fail('policy match: neither --dir in nor --dir out specified.', options[0]);
    if (data.pol === 'none') {
      if (data.strict) return fail('policy match: policy none but --strict given.', options[0]);
      if (data.elements.length > 1 || Object.keys(data.elements[0]!).length > 0)
        return fail('policy match: policy none but policy given.', options[0]);
      data.elements = [];
    }
    for (const [i, e] of data.elements.entries()) {
      if (data.strict && Object.keys(e).length === 0)
        return fail(
          `policy match: empty policy element ${i}: with --strict, give at least one of reqid, spi, tunnel-src, tunnel-dst, proto or mode.`,
          options[0],
        );
      const tunnelOnly =
        (e.tunnelSrc || e.tunnelDst) &&
        e.mode &&
        ((e.mode.value === 'tunnel' && e.mode.negated) || (e.mode.value === 'transport' && !e.mode.negated));
      if (tunnelOnly) return fail('policy match: --tunnel-src/--tunnel-dst is only valid in tunnel mode.', options[0]);
    }
    const allowed = data.dir === 'in' ? IN_HOOKS : OUT_HOOKS;
    if ((HOOKS as readonly string[]).includes(ctx.chain) && !allowed.includes(ctx.chain as HookName))
      return fail(`policy match: --dir ${data.dir} is not valid in ${ctx.chain}.`, options[0]);
    return ok(data);
  },
  save(data) {
    const parts = [`--dir ${data.dir}`, `--pol ${data.pol}`];
    if (data.strict) parts.push('--strict');
    const neg = (n: { negated: boolean }) => (n.negated ? '! ' : '');
    data.elements.forEach((e, i) => {
      if (e.reqid) parts.push(`${neg(e.reqid)}--reqid ${e.reqid.value}`);
      if (e.spi) parts.push(`${neg(e.spi)}--spi ${hex(e.spi.value)}`);
      if (e.proto) parts.push(`${neg(e.proto)}--proto ${describeProtocol(e.proto.value)}`);
      if (e.mode) parts.push(`${neg(e.mode)}--mode ${e.mode.value}`);
      if (e.tunnelDst) parts.push(`${neg(e.tunnelDst)}--tunnel-dst ${formatHostMask(e.tunnelDst.value)}`);
      if (e.tunnelSrc) parts.push(`${neg(e.tunnelSrc)}--tunnel-src ${formatHostMask(e.tunnelSrc.value)}`);
      if (i + 1 < data.elements.length) parts.push('--next');
    });
    return parts.join(' ');
  },
  evaluate(data) {
    const matched = data.pol === 'none';
    return {
      matched,
      explain: [say(matched ? 'match.policy.none' : 'match.policy.ipsec', matched, { dir: data.dir })],
    };
  },
};
