// Helpers for the target modules' unit tests: options as the parser would hand them over, and an EvalContext with a
// plain packet and host. Test-only, but pure, so it lives beside the code it serves.
import catalog from '../../../i18n/en/target.json';
import type {
  ConnView,
  EvalContext,
  Explanation,
  HostQuery,
  ParseContext,
  ParseResult,
  ParsedOption,
  TargetModule,
} from '../../ext/types.ts';
import type { Packet } from '../../model/packet.ts';
import { parseIPv4 } from '../../net/ipv4.ts';

/** Splits `--opt a --flag` into ParsedOptions, taking as many arguments as the module's option spec says. */
export function parsedOptions(module: Pick<TargetModule, 'options'>, text: string): ParsedOption[] {
  const words = splitWords(text);
  const out: ParsedOption[] = [];
  let negated = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '!') {
      negated = true;
      continue;
    }
    const spec = Object.hasOwn(module.options, word) ? module.options[word] : undefined;
    const args: string[] = [];
    const wanted = spec === undefined ? Infinity : spec.args === 'optional' ? 1 : spec.args;
    while (args.length < wanted && i + 1 < words.length && !(words[i + 1] ?? '').startsWith('--')) {
      args.push(words[++i] ?? '');
      if (spec?.args === 'optional') break;
    }
    out.push({ name: word, negated, args, pos: { line: 1, col: i + 1 } });
    negated = false;
  }
  return out;
}

/** Shell-like words: double quotes group, as in `--log-prefix "in: "`. */
function splitWords(text: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? ''));
  }
  return words;
}

export function parseContext(overrides: Partial<ParseContext> = {}): ParseContext {
  return { table: 'filter', chain: 'INPUT', proto: undefined, ...overrides };
}

/** Parses `text` with the module as if it followed `-j NAME` in a rule of `ctx`. */
export function parseWith<D>(module: TargetModule<D>, text: string, ctx: Partial<ParseContext> = {}): ParseResult<D> {
  return module.parse(parsedOptions(module, text), parseContext(ctx));
}

/** The data of a rule the module must accept (throws in the test otherwise, with the module's message). */
export function parsed<D>(module: TargetModule<D>, text: string, ctx: Partial<ParseContext> = {}): D {
  const result = parseWith(module, text, ctx);
  if (!result.ok) throw new Error(`${module.name} ${text}: ${result.message}`);
  return result.data;
}

/** What iptables-save prints after `-j NAME` for this option text. */
export function saved<D>(module: TargetModule<D>, text: string, ctx: Partial<ParseContext> = {}): string {
  return module.save(parsed(module, text, ctx));
}

function ip(text: string): number {
  const value = parseIPv4(text);
  if (value === undefined) throw new Error(`bad address in a test: ${text}`);
  return value;
}

export function packet(overrides: Partial<Packet> = {}): Packet {
  return {
    proto: 6,
    src: ip('10.0.1.2'),
    dst: ip('10.0.1.1'),
    sport: 41000,
    dport: 22,
    tcpFlags: 0x02,
    length: 60,
    tos: 0,
    ttl: 64,
    mark: 0,
    fragment: false,
    ...overrides,
  };
}

export function connection(overrides: Partial<ConnView> = {}): ConnView {
  return {
    state: 'NEW',
    status: new Set(),
    dir: 'ORIGINAL',
    orig: { proto: 6, src: ip('10.0.1.2'), dst: ip('10.0.1.1'), sport: 41000, dport: 22 },
    reply: { proto: 6, src: ip('10.0.1.1'), dst: ip('10.0.1.2'), sport: 22, dport: 41000 },
    mark: 0,
    zone: 0,
    expires: 120,
    ...overrides,
  };
}

const quietHost: HostQuery = {
  addrTypes: () => new Set(['UNICAST']),
  ipset: () => undefined,
  primaryAddress: () => undefined,
};

export function evalContext(overrides: Partial<EvalContext> = {}): EvalContext {
  const state = new Map<string, unknown>();
  return {
    pkt: packet(),
    hook: 'INPUT',
    table: 'filter',
    chain: 'INPUT',
    ruleId: 1,
    inIface: 'eth0',
    outIface: undefined,
    ct: connection(),
    socket: undefined,
    host: quietHost,
    choose: () => true,
    ruleState: <T>(init: () => T): T => {
      if (!state.has('rule')) state.set('rule', init());
      return state.get('rule') as T;
    },
    now: 0,
    ...overrides,
  };
}

/** Problems with explanations' catalog entries (missing sentence, or a {{param}} the explanation lacks). */
export function catalogProblems(explain: readonly Explanation[]): string[] {
  const problems: string[] = [];
  for (const e of explain) {
    const sentence = sentenceOf(e.id);
    if (sentence === undefined) {
      problems.push(`${e.id}: no sentence in target.json`);
      continue;
    }
    for (const [, name] of sentence.matchAll(/\{\{(\w+)\}\}/g)) {
      if (name !== undefined && !Object.hasOwn(e.params, name)) problems.push(`${e.id}: param ${name} missing`);
    }
  }
  return problems;
}

/** The sentence of an explanation with its params filled in, for readable assertions. */
export function render(e: Explanation): string {
  const sentence = sentenceOf(e.id) ?? `<${e.id}>`;
  return sentence.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(e.params[name]));
}

function sentenceOf(id: string): string | undefined {
  const [head, section, key, ...rest] = id.split('.');
  if (head !== 'target' || section === undefined || key === undefined || rest.length > 0) return undefined;
  const entries: unknown = Object.hasOwn(catalog, section) ? (catalog as Record<string, unknown>)[section] : undefined;
  if (typeof entries !== 'object' || entries === null || !Object.hasOwn(entries, key)) return undefined;
  const sentence: unknown = (entries as Record<string, unknown>)[key];
  return typeof sentence === 'string' ? sentence : undefined;
}

/** Applies the target and checks its explanations render; returns the verdict and the rendered sentences. */
export function applyWith<D>(module: TargetModule<D>, data: D, ctx: EvalContext) {
  const result = module.apply(data, ctx);
  const problems = catalogProblems(result.explain);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return { verdict: result.verdict, sentences: result.explain.map(render) };
}
