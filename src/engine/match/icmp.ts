// icmp: iptables-extensions(8) "icmp". --icmp-type takes a name (a unique prefix, any case), `any`, a number, or
// type/code (a code may be a range c1:c2). iptables-save prints numbers: `--icmp-type 8`, `3/3`, or `any`.
// The kernel matches type 255 as "any type"; otherwise type and code range, XOR `!`. Needs `-p icmp`.
import type { MatchModule } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { ICMP_NAMES, icmpName } from './util/icmpTypes.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { MatchProblem, arg, checkOptions, fail, ok, refuse } from './util/options.ts';
import { not } from '../translate/words.ts';

/**
 * The ICMP types iptables-translate 1.8.9 translates (checked type by type against the real tool), by the names nft
 * gives them (nftables src/proto.c icmp_type_tbl); any other type (1, 2, 6, 7, 15, 16, 19…) it leaves untranslated
 * (`nft # … --icmp-type 15`).
 */
const NFT_ICMP_TYPES: Readonly<Record<number, string>> = {
  0: 'echo-reply',
  3: 'destination-unreachable',
  4: 'source-quench',
  5: 'redirect',
  8: 'echo-request',
  9: 'router-advertisement',
  10: 'router-solicitation',
  11: 'time-exceeded',
  12: 'parameter-problem',
  13: 'timestamp-request',
  14: 'timestamp-reply',
  17: 'address-mask-request',
  18: 'address-mask-reply',
};

export interface IcmpData {
  negated: boolean;
  type: number;
  codeMin: number;
  codeMax: number;
}

function parseByteRange(text: string): [number, number] | undefined {
  const [a = '', b, ...rest] = text.split(':');
  if (rest.length) return undefined;
  const min = parseUnsigned(a, 0, 255);
  const max = b === undefined ? min : parseUnsigned(b, 0, 255);
  return min === undefined || max === undefined ? undefined : [min, max];
}

/** `echo-request`, `8`, `3/3`, `3/1:5` → type and code range; what is wrong with it otherwise. */
export function parseIcmpType(text: string): Omit<IcmpData, 'negated'> | MatchProblem {
  const lower = text.toLowerCase();
  const named = ICMP_NAMES.filter((n) => n.name.toLowerCase().startsWith(lower));
  if (text !== '' && named.length > 1)
    return new MatchProblem('icmp-ambiguous-type', { value: text, first: named[0]!.name, second: named[1]!.name });
  if (named.length === 1) return { type: named[0]!.type, codeMin: named[0]!.codeMin, codeMax: named[0]!.codeMax };
  const [typeText = '', codeText, ...rest] = text.split('/');
  const types = parseByteRange(typeText);
  if (!types || rest.length) return new MatchProblem('icmp-unknown-type', { value: text });
  if (types[0] !== types[1]) return new MatchProblem('icmp-type-range');
  if (codeText === undefined) return { type: types[0], codeMin: 0, codeMax: 255 };
  const codes = parseByteRange(codeText);
  if (!codes) return new MatchProblem('icmp-unknown-code', { value: text });
  return { type: types[0], codeMin: codes[0], codeMax: codes[1] };
}

export const icmpMatch: MatchModule<IcmpData> = {
  name: 'icmp',
  // libipt_icmp.txlate: `icmp type echo-reply`, `icmp type != destination-unreachable`; `any` is only the protocol.
  // A code or code range is not translated (1.8.9: `--icmp-type 3/4` → `nft # …`), nor a type without a name.
  translate(data, ctx) {
    // `any` is only the protocol, its `!` dropped by 1.8.9 (`! --icmp-type any` → `ip protocol icmp`).
    if (data.type === 255) {
      if (data.negated) ctx.lost.push('icmp-negation');
      return 'ip protocol icmp';
    }
    const name = NFT_ICMP_TYPES[data.type];
    if (data.codeMin !== 0 || data.codeMax !== 255 || name === undefined) return null;
    return `icmp type ${not(data.negated)}${name}`;
  },
  options: { '--icmp-type': { args: 1, negatable: true } },
  parse(options, ctx) {
    if (ctx.proto !== 1) return fail('icmp-needs-proto', {}, options[0]);
    const problem = checkOptions('icmp', options, this.options);
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('needs-option', { module: 'icmp', option: '--icmp-type' });
    const parsed = parseIcmpType(arg(option));
    if (parsed instanceof MatchProblem) return refuse(parsed, option);
    return ok({ negated: option.negated, ...parsed });
  },
  save(data) {
    const bang = data.negated ? '! ' : '';
    if (data.type === 255 && data.codeMin === 0 && data.codeMax === 255) return `${bang}--icmp-type any`;
    // libipt_icmp prints only the first code of a code range.
    const code = data.codeMin !== 0 || data.codeMax !== 255 ? `/${data.codeMin}` : '';
    return `${bang}--icmp-type ${data.type}${code}`;
  },
  list(data) {
    // libipt_icmp print_icmptype with numeric on: " icmp" then "type N" (so "icmptype 8"), a code or a code range.
    const codes =
      data.codeMin === data.codeMax
        ? ` code ${data.codeMin}`
        : data.codeMin !== 0 || data.codeMax !== 255
          ? ` codes ${data.codeMin}-${data.codeMax}`
          : '';
    return ` icmp${data.negated ? ' !' : ''}type ${data.type}${codes}`;
  },
  evaluate(data, ctx) {
    const { pkt } = ctx;
    if (pkt.fragment) return { matched: false, explain: [say('match.icmp.fragment', false)] };
    const type = pkt.icmpType ?? 0;
    const code = pkt.icmpCode ?? 0;
    const params = {
      type,
      code,
      name: icmpName(type, code) ?? `${type}/${code}`,
      wantType: data.type,
      wantName: describeWanted(data),
      negated: data.negated,
    };
    if (data.type === 255) return { matched: !data.negated, explain: [say('match.icmp.any', !data.negated, params)] };
    const typeOk = type === data.type;
    const codeOk = code >= data.codeMin && code <= data.codeMax;
    const id = !typeOk ? 'match.icmp.type-differs' : codeOk ? 'match.icmp.is' : 'match.icmp.code-differs';
    const matched = typeOk && codeOk ? !data.negated : data.negated;
    return { matched, explain: [say(id, matched, params)] };
  },
};

function describeWanted(data: IcmpData): string {
  const exact = ICMP_NAMES.find(
    (n) => n.type === data.type && n.codeMin === data.codeMin && n.codeMax === data.codeMax,
  );
  if (exact) return exact.name;
  if (data.codeMin === data.codeMax) return `${data.type}/${data.codeMin}`;
  return `${data.type}/${data.codeMin}:${data.codeMax}`;
}
