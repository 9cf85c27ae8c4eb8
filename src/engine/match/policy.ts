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
import { MatchProblem, arg, fail, ok, refuse } from './util/options.ts';
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

function parseElementOption(option: ParsedOption, e: PolicyElement): MatchProblem | undefined {
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
  if (e[key]) return new MatchProblem('policy-double-option', { option: option.name });
  if (key === 'reqid' || key === 'spi') {
    const n = parseUnsigned(text);
    if (n === undefined) return new MatchProblem('bad-number', { value: text });
    if (key === 'reqid') e.reqid = { negated, value: n };
    else e.spi = { negated, value: n };
  } else if (key === 'proto') {
    const p = parseProtocol(text);
    if (p !== 50 && p !== 51 && p !== 108) return new MatchProblem('policy-bad-proto');
    e.proto = { negated, value: p };
  } else if (key === 'mode') {
    if (text !== 'tunnel' && text !== 'transport') return new MatchProblem('policy-bad-mode', { value: text });
    e.mode = { negated, value: text };
  } else {
    const hm = parseHostMask(text);
    if (hm instanceof MatchProblem) return hm;
    if (key === 'tunnelSrc') e.tunnelSrc = { negated, value: hm };
    else e.tunnelDst = { negated, value: hm };
  }
  return undefined;
}

export const policyMatch: MatchModule<PolicyData> = {
  name: 'policy',
  // libxt_policy.c policy_xlate (iptables 1.8.9): only an incoming policy with no element and no --strict has a
  // translation, `meta secpath exists` (--pol ipsec) or `meta secpath missing` (--pol none).
  translate(data) {
    const elementless = data.elements.every((e) => Object.keys(e).length === 0);
    if (data.dir !== 'in' || data.strict || !elementless) return null;
    return `meta secpath ${data.pol === 'ipsec' ? 'exists' : 'missing'}`;
  },
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
        return fail('unknown-option', { module: 'policy', option: option.name }, option);
      if (option.negated && !NEGATABLE.has(option.name)) return fail('not-negatable', { option: option.name }, option);
      const current = data.elements[data.elements.length - 1]!;
      if (option.name === '--dir') {
        if (dir !== undefined) return fail('only-once', { module: 'policy', option: option.name }, option);
        dir = arg(option);
        if (dir !== 'in' && dir !== 'out') return fail('policy-bad-dir', { value: dir }, option);
        data.dir = dir;
      } else if (option.name === '--pol') {
        if (pol !== undefined) return fail('only-once', { module: 'policy', option: option.name }, option);
        pol = arg(option);
        if (pol !== 'none' && pol !== 'ipsec') return fail('policy-bad-pol', { value: pol }, option);
        data.pol = pol;
      } else if (option.name === '--strict') data.strict = true;
      else if (option.name === '--next') {
        if (!data.strict) return fail('policy-next-needs-strict', {}, option);
        if (data.elements.length === MAX_ELEMENTS) return fail('policy-too-deep', {}, option);
        data.elements.push({});
      } else {
        const problem = parseElementOption(option, current);
        if (problem) return refuse(problem, option);
      }
    }
    if (dir === undefined) return fail('policy-needs-dir', {}, options[0]);
    if (data.pol === 'none') {
      if (data.strict) return fail('policy-none-strict', {}, options[0]);
      if (data.elements.length > 1 || Object.keys(data.elements[0]!).length > 0)
        return fail('policy-none-element', {}, options[0]);
      data.elements = [];
    }
    for (const [i, e] of data.elements.entries()) {
      if (data.strict && Object.keys(e).length === 0) return fail('policy-empty-element', { index: i }, options[0]);
      const tunnelOnly =
        (e.tunnelSrc || e.tunnelDst) &&
        e.mode &&
        ((e.mode.value === 'tunnel' && e.mode.negated) || (e.mode.value === 'transport' && !e.mode.negated));
      if (tunnelOnly) return fail('policy-tunnel-only', {}, options[0]);
    }
    const allowed = data.dir === 'in' ? IN_HOOKS : OUT_HOOKS;
    if ((HOOKS as readonly string[]).includes(ctx.chain) && !allowed.includes(ctx.chain as HookName))
      return fail('policy-dir-wrong-chain', { dir: data.dir, chain: ctx.chain }, options[0]);
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
