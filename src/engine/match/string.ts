// string: iptables-extensions(8) "string". [!] --string text or [!] --hex-string "|0d 0a|text" with --algo bm|kmp
// (required), --from/--to offsets and --icase, searches the packet's payload. Not simulated: the lab's packets have
// headers only. iptables-save prints the pattern quoted, as hex when it holds an unprintable byte.
import type { MatchModule, ParsedOption } from '../ext/types.ts';
import { notSimulated } from './util/explain.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { MatchProblem, arg, checkOptions, fail, ok, refuse } from './util/options.ts';

/** XT_STRING_MAX_PATTERN_SIZE */
const MAX_PATTERN = 128;

export interface StringData {
  negated: boolean;
  /** The pattern's bytes (0–255 each). */
  pattern: number[];
  algo: 'bm' | 'kmp';
  from: number;
  to: number;
  icase: boolean;
}

function textBytes(text: string): number[] {
  return Array.from(text, (c) => c.codePointAt(0) ?? 0).flatMap((cp) =>
    cp < 0x80
      ? [cp]
      : cp < 0x800
        ? [0xc0 | (cp >> 6), 0x80 | (cp & 63)]
        : cp < 0x10000
          ? [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)]
          : [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)],
  );
}

/** `abc|0d0a|def`: text with hex blocks between bars (spaces allowed inside a block). */
function parseHexString(text: string): number[] | MatchProblem {
  const out: number[] = [];
  const parts = text.split('|');
  if (parts.length % 2 === 0) return new MatchProblem('string-unterminated-hex');
  for (const [i, part] of parts.entries()) {
    if (i % 2 === 0) {
      out.push(...textBytes(part));
      continue;
    }
    const digits = part.replace(/ /g, '');
    if (!/^([0-9a-fA-F]{2})*$/.test(digits)) return new MatchProblem('string-bad-hex', { value: `|${part}|` });
    for (let k = 0; k < digits.length; k += 2) out.push(parseInt(digits.slice(k, k + 2), 16));
  }
  return out;
}

const isPrint = (b: number) => b >= 0x20 && b < 0x7f;

export const stringMatch: MatchModule<StringData> = {
  name: 'string',
  simulated: false,
  options: {
    '--from': { args: 1 },
    '--to': { args: 1 },
    '--algo': { args: 1 },
    '--string': { args: 1, negatable: true },
    '--hex-string': { args: 1, negatable: true },
    '--icase': { args: 0 },
  },
  parse(options) {
    const problem = checkOptions('string', options, this.options, { '--hex-string': '--string' });
    if (problem) return problem;
    const data: StringData = { negated: false, pattern: [], algo: 'bm', from: 0, to: 65535, icase: false };
    let algo: ParsedOption | undefined;
    let pattern: ParsedOption | undefined;
    for (const option of options) {
      const text = arg(option);
      if (option.name === '--algo') {
        if (text !== 'bm' && text !== 'kmp') return fail('string-bad-algo', { value: text }, option);
        data.algo = text;
        algo = option;
      } else if (option.name === '--string' || option.name === '--hex-string') {
        const bytes = option.name === '--string' ? textBytes(text) : parseHexString(text);
        if (bytes instanceof MatchProblem) return refuse(bytes, option);
        if (bytes.length === 0) return fail('string-empty-pattern', {}, option);
        if (bytes.length > MAX_PATTERN) return fail('string-pattern-too-long', { max: MAX_PATTERN }, option);
        data.pattern = bytes;
        data.negated = option.negated;
        pattern = option;
      } else if (option.name === '--icase') data.icase = true;
      else {
        const n = parseUnsigned(text, 0, 65535);
        if (n === undefined) return fail('string-bad-offset', { value: text }, option);
        data[option.name === '--from' ? 'from' : 'to'] = n;
      }
    }
    if (!pattern) return fail('string-needs-pattern', {}, options[0]);
    if (!algo) return fail('string-needs-algo', {}, pattern);
    return ok(data);
  },
  save(data) {
    const hexForm = data.pattern.some((b) => !isPrint(b)) || data.pattern[data.pattern.length - 1] === 0x5c;
    const text = hexForm
      ? `--hex-string "|${data.pattern.map((b) => b.toString(16).padStart(2, '0')).join('')}|"`
      : `--string "${data.pattern.map((b) => (b === 0x22 || b === 0x5c ? '\\' : '') + String.fromCharCode(b)).join('')}"`;
    const parts = [`${data.negated ? '! ' : ''}${text}`, `--algo ${data.algo}`];
    if (data.from !== 0) parts.push(`--from ${data.from}`);
    if (data.to !== 65535) parts.push(`--to ${data.to}`);
    if (data.icase) parts.push('--icase');
    return parts.join(' ');
  },
  evaluate() {
    return notSimulated('string');
  },
};
