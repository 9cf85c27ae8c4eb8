// u32: iptables-extensions(8) "u32". [!] --u32 tests: each test reads a 32-bit word at a location computed from
// numbers and the operators & << >> @, then compares it with value ranges (a or a:b, comma-separated); tests are
// joined by &&. At most 11 location numbers, 11 values and 11 tests (XT_U32_MAXSIZE + 1). iptables-save prints
// every number in lowercase hex, the whole in double quotes. Not simulated: the lab has no packet bytes to read.
import type { MatchModule } from '../ext/types.ts';
import { notSimulated } from './util/explain.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { MatchProblem, arg, checkOptions, fail, ok, refuse } from './util/options.ts';

const MAX_ITEMS = 11;
type Op = '&' | '<<' | '>>' | '@';

export interface U32Test {
  /** The first number has no operator. */
  location: { op?: Op; number: number }[];
  values: { min: number; max: number }[];
}

export interface U32Data {
  negated: boolean;
  tests: U32Test[];
}

const NUMBER = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/;

/** Parses the tests as libxt_u32 does: a location, `=`, value ranges; `&&` between tests; spaces anywhere between. */
export function parseU32(text: string): U32Test[] | MatchProblem {
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const number = (): number | MatchProblem => {
    skip();
    const m = NUMBER.exec(text.slice(i));
    const value = m ? parseUnsigned(m[1]!) : undefined;
    if (!m || value === undefined) return new MatchProblem('u32-bad-number', { at: i });
    i += m[1]!.length;
    return value;
  };
  const tests: U32Test[] = [];
  for (;;) {
    const test: U32Test = { location: [], values: [] };
    for (;;) {
      skip();
      if (i >= text.length) return new MatchProblem('u32-abrupt-end');
      if (text[i] === '=') {
        if (test.location.length === 0) return new MatchProblem('u32-no-location', { at: i });
        i++;
        break;
      }
      let op: Op | undefined;
      if (test.location.length > 0) {
        const two = text.slice(i, i + 2);
        if (text[i] === '&' || text[i] === '@') op = text[i] as Op;
        else if (two === '<<' || two === '>>') op = two;
        else return new MatchProblem('u32-no-operator', { at: i });
        i += op.length;
      }
      const n = number();
      if (n instanceof MatchProblem) return n;
      test.location.push(op ? { op, number: n } : { number: n });
      if (test.location.length > MAX_ITEMS) return new MatchProblem('u32-too-many-operators', { at: i });
    }
    for (;;) {
      skip();
      if (i >= text.length || text.startsWith('&&', i)) break;
      if (test.values.length > 0) {
        if (text[i] !== ',') return new MatchProblem('u32-expected-separator', { at: i });
        i++;
      }
      const min = number();
      if (min instanceof MatchProblem) return min;
      skip();
      let max = min;
      if (text[i] === ':') {
        i++;
        const m = number();
        if (m instanceof MatchProblem) return m;
        max = m;
      }
      test.values.push({ min, max });
      if (test.values.length > MAX_ITEMS) return new MatchProblem('u32-too-many-values', { at: i });
    }
    if (test.values.length === 0) return new MatchProblem('u32-no-value', { at: i });
    tests.push(test);
    if (tests.length > MAX_ITEMS) return new MatchProblem('u32-too-many-tests', { at: i });
    if (i >= text.length) return tests;
    i += 2;
  }
}

const hexOf = (n: number) => `0x${n.toString(16)}`;

export function formatU32(tests: readonly U32Test[]): string {
  return tests
    .map(
      (t) =>
        t.location.map((l) => `${l.op ?? ''}${hexOf(l.number)}`).join('') +
        '=' +
        t.values.map((v) => (v.min === v.max ? hexOf(v.min) : `${hexOf(v.min)}:${hexOf(v.max)}`)).join(','),
    )
    .join('&&');
}

export const u32Match: MatchModule<U32Data> = {
  name: 'u32',
  simulated: false,
  options: { '--u32': { args: 1, negatable: true } },
  parse(options) {
    const problem = checkOptions('u32', options, this.options);
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('needs-option', { module: 'u32', option: '--u32' });
    const tests = parseU32(arg(option));
    if (tests instanceof MatchProblem) return refuse(tests, option);
    return ok({ negated: option.negated, tests });
  },
  save(data) {
    return `${data.negated ? '! ' : ''}--u32 "${formatU32(data.tests)}"`;
  },
  evaluate() {
    return notSimulated('u32');
  },
};
