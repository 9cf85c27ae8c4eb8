// Parses a rule specification (everything after `-A CHAIN`) the way xtables' do_parse does: generic options,
// `-m` matches, `-j`/`-g` targets, and extension options dispatched to the target or the most recent match,
// auto-loading the `-p` protocol's match when no loaded extension takes an option.
import type { MatchModule, OptionSpec, ParseContext, ParsedOption, TargetModule } from '../ext/types.ts';
import type {
  AddrMask,
  Counters,
  Diagnostic,
  MatchUse,
  Negatable,
  SourcePos,
  TableName,
  TargetUse,
} from '../model/types.ts';
import { parseAddrMask } from './address.ts';
import { REAL_TARGET_NAMES } from './knownExtensions.ts';
import type { ParseFailure } from '../ext/refusal.ts';
import { diag, moduleDiag, type MessageParams, type ParseMessageId } from './messages.ts';
import { parseProtocol, protocolName } from './protocols.ts';
import type { Token } from './tokenize.ts';

export interface ExtensionLookup {
  findMatch(name: string): MatchModule | undefined;
  findTarget(name: string): TargetModule | undefined;
  /** Names of the ipsets the scenario declares (for `-m set`), when known. */
  ipsets?: ReadonlySet<string>;
}

export interface RuleParseEnv extends ExtensionLookup {
  table: TableName;
  chain: string;
  line: number;
}

/** A rule as written, before `-s a,b` / `-d a,b` are expanded into one rule per address pair. */
export interface RuleSpec {
  proto?: Negatable<number>;
  /** One entry per address given; undefined stands for `0.0.0.0/0` (any address, which iptables does not keep). */
  srcs: (Negatable<AddrMask> | undefined)[];
  dsts: (Negatable<AddrMask> | undefined)[];
  inIface?: Negatable<string>;
  outIface?: Negatable<string>;
  fragment?: Negatable<true>;
  matches: MatchUse[];
  target: TargetUse | null;
  /** From `-c PKTS BYTES`. */
  counters?: Counters;
}

export interface RuleSpecResult {
  /** Null when the rule has an error (iptables refuses the whole command). */
  spec: RuleSpec | null;
  diagnostics: Diagnostic[];
}

type Generic = 'proto' | 'src' | 'dst' | 'in' | 'out' | 'frag' | 'jump' | 'goto' | 'match' | 'counters';

const GENERIC_OPTIONS: Record<string, Generic> = {
  '-p': 'proto',
  '--protocol': 'proto',
  '-s': 'src',
  '--source': 'src',
  '--src': 'src',
  '-d': 'dst',
  '--destination': 'dst',
  '--dst': 'dst',
  '-i': 'in',
  '--in-interface': 'in',
  '-o': 'out',
  '--out-interface': 'out',
  '-f': 'frag',
  '--fragment': 'frag',
  '-j': 'jump',
  '--jump': 'jump',
  '-g': 'goto',
  '--goto': 'goto',
  '-m': 'match',
  '--match': 'match',
  '-c': 'counters',
  '--set-counters': 'counters',
};

const GENERIC_MAP: ReadonlyMap<string, Generic> = new Map(Object.entries(GENERIC_OPTIONS));

/** GENERIC_MAP.get, with the short forms (`-p`, `-m`, `-j`: most words of a big dump) decided by a switch. */
function genericOption(text: string): Generic | undefined {
  if (text.length === 2) {
    switch (text.charCodeAt(1)) {
      case 112 /* p */:
        return 'proto';
      case 115 /* s */:
        return 'src';
      case 100 /* d */:
        return 'dst';
      case 105 /* i */:
        return 'in';
      case 111 /* o */:
        return 'out';
      case 102 /* f */:
        return 'frag';
      case 106 /* j */:
        return 'jump';
      case 103 /* g */:
        return 'goto';
      case 109 /* m */:
        return 'match';
      case 99 /* c */:
        return 'counters';
      default:
        return undefined;
    }
  }
  return GENERIC_MAP.get(text);
}

/** Generic options whose value may be preceded by `!` (xtables_check_inverse). */
const INTRAPOSITIONED: ReadonlySet<Generic> = new Set(['proto', 'src', 'dst', 'in', 'out']);

/**
 * Generic options iptables takes once per rule, with the flag its "multiple … flags" message names, and a bit of
 * their own (a rule's options seen so far are a number, not a Set per rule).
 */
const ONCE_FLAGS = ['-p', '-s', '-d', '-i', '-o', '-f'] as const;

/** The index in ONCE_FLAGS of a generic option taken once per rule, -1 for the others (a switch: five a rule). */
function oncePerRule(generic: Generic): number {
  switch (generic) {
    case 'proto':
      return 0;
    case 'src':
      return 1;
    case 'dst':
      return 2;
    case 'in':
      return 3;
    case 'out':
      return 4;
    case 'frag':
      return 5;
    default:
      return -1;
  }
}

/** Short options that take an argument and may have it glued on (`-ptcp`, `-s1.2.3.4`), as getopt allows. */
const GLUED_SHORT = new Set(['p', 's', 'd', 'i', 'o', 'j', 'g', 'm', 'c']);

/** Options that do not change a rule; iptables accepts them anywhere. */
const HARMLESS_OPTIONS: Record<string, 0 | 'optional' | 1> = {
  '-w': 'optional',
  '--wait': 'optional',
  '-W': 1,
  '--wait-interval': 1,
  '-v': 0,
  '--verbose': 0,
  '-n': 0,
  '--numeric': 0,
  '-x': 0,
  '--exact': 0,
  '-4': 0,
  '--ipv4': 0,
  '--line-numbers': 0,
};

/** The `raw` of every simulated extension: one shared empty list instead of one per rule (a 170,000-rule dump). */
const NO_WORDS = Object.freeze([]) as unknown as string[];

/** The diagnostics of a rule read without any (nearly all). */
const NO_DIAGNOSTICS = Object.freeze([]) as unknown as Diagnostic[];

/** The `matches` of every rule without one. */
const NO_MATCHES = Object.freeze([]) as unknown as MatchUse[];

/** `srcs`/`dsts` of a rule without -s/-d (a temporary: expand() reads it). */
const NO_ADDRESSES = Object.freeze([]) as unknown as (Negatable<AddrMask> | undefined)[];

/** The options of an extension given none yet; replaced (never pushed into) when one comes. */
const NO_OPTIONS = Object.freeze([]) as unknown as ParsedOption[];

/** The match slots of the rule being read (parseRuleSpec does not nest): one list reused for every rule. */
const MATCH_SLOTS: MatchSlot[] = [];

/** Adds an option to its extension: lists of one or two are literals, as a list grown by push() reserves 17. */
function addOption(slot: { options: ParsedOption[] }, option: ParsedOption): void {
  const list = slot.options;
  if (list.length === 0) slot.options = [option];
  else if (list.length === 1) slot.options = [list[0]!, option];
  else list.push(option);
}

/** The `-p` values of rules, shared: rules never change them in place. */
const PROTO_CACHE = new Map<number, Negatable<number>>();
function protoValue(negated: boolean, value: number): Negatable<number> {
  const key = negated ? -1 - value : value;
  let v = PROTO_CACHE.get(key);
  if (!v) PROTO_CACHE.set(key, (v = Object.freeze({ negated, value }) as Negatable<number>));
  return v;
}

const HARMLESS: ReadonlyMap<string, 0 | 'optional' | 1> = new Map(Object.entries(HARMLESS_OPTIONS));

/** Longest interface name: IFNAMSIZ (16) minus the NUL. */
const IFNAME_MAX = 15;

interface MatchSlot {
  name: string;
  /** Always 'extension' and false: the fields of a target's slot, for one object shape. */
  kind: TargetUse['kind'];
  goto: boolean;
  module: MatchModule | undefined;
  options: ParsedOption[];
  raw: string[];
  col: number;
}

interface TargetSlot {
  name: string;
  kind: TargetUse['kind'];
  goto: boolean;
  module: TargetModule | undefined;
  options: ParsedOption[];
  raw: string[];
  col: number;
}

/**
 * getopt_long accepts an unambiguous prefix of a long option (`--to` for `--to-destination`). Returns the module's
 * own key string. Compared key by key rather than `hasOwnProperty(name)`: a word cut from the input is not an
 * internalized string, so a property lookup by it costs a string-table search, while these lists have a few keys.
 */
function resolveOption(options: Record<string, OptionSpec>, name: string): string | undefined {
  for (const key in options) if (key === name) return key;
  if (name.length < 4 || !name.startsWith('--')) return undefined;
  let found: string | undefined;
  for (const key in options) {
    if (key.startsWith(name)) {
      if (found !== undefined) return undefined;
      found = key;
    }
  }
  return found;
}

/** The standard verdict `name` is, as the shared constant string; undefined for any other name. */
function standardTarget(name: string): string | undefined {
  // A switch compares lengths first: cheaper than hashing a chain name cut from the input for a Set lookup.
  switch (name) {
    case 'ACCEPT':
      return 'ACCEPT';
    case 'DROP':
      return 'DROP';
    case 'RETURN':
      return 'RETURN';
    case 'QUEUE':
      return 'QUEUE';
    default:
      return undefined;
  }
}

function isGenericStop(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i]!;
  if (t.quoted) return false;
  if (t.text === '!') {
    const next = tokens[i + 1];
    return next !== undefined && !next.quoted && genericName(next.text) !== undefined;
  }
  return genericName(t.text) !== undefined;
}

function genericName(text: string): Generic | undefined {
  const eq = text.startsWith('--') ? text.indexOf('=') : -1;
  return genericOption(eq > 0 ? text.slice(0, eq) : text);
}

/**
 * Reads tokens through a small queue so glued forms (`-ptcp`, `--jump=ACCEPT`) can push their value back; collects
 * diagnostics. A class rather than closures: this runs once per rule of 100,000-rule dumps.
 */
class TokenReader {
  /** Nearly every rule has none: one shared empty list until the first. */
  diagnostics: Diagnostic[] = NO_DIAGNOSTICS;
  /** Words pushed back (a glued value, an expanded abbreviation); allocated only when needed. */
  private queue: Token[] | undefined;
  failed = false;
  private i = 0;
  private tokens: readonly Token[] = [];
  private line = 0;

  /** Starts reading a rule (one reader serves every rule: parseRuleSpec does not nest). */
  begin(tokens: readonly Token[], start: number, line: number): this {
    this.tokens = tokens;
    this.i = start;
    this.line = line;
    this.diagnostics = NO_DIAGNOSTICS;
    this.queue = undefined;
    this.failed = false;
    return this;
  }

  next(): Token | undefined {
    const q = this.queue;
    return q !== undefined && q.length > 0 ? q.shift() : this.tokens[this.i++];
  }

  peek(): Token | undefined {
    const q = this.queue;
    return q !== undefined && q.length > 0 ? q[0] : this.tokens[this.i];
  }

  pushBack(t: Token): void {
    (this.queue ??= []).unshift(t);
  }

  report(d: Diagnostic): void {
    if (this.diagnostics === NO_DIAGNOSTICS) this.diagnostics = [d];
    else this.diagnostics.push(d);
  }

  fail(id: ParseMessageId, t: Token | SourcePos, params: MessageParams = {}): void {
    this.failed = true;
    const at = 'text' in t ? { line: this.line, col: t.col, endCol: t.endCol } : t;
    this.report(diag('error', id, at, params));
  }

  takeArg(opt: Token, optName: string): Token | undefined {
    const v = this.next();
    if (v === undefined) this.fail('option-needs-argument', opt, { option: optName });
    return v;
  }

  /** An unknown extension's words, in source form: everything up to the next generic option. */
  captureRaw(into: string[]): void {
    const tokens = this.tokens;
    while (
      (this.queue === undefined || this.queue.length === 0) &&
      this.i < tokens.length &&
      !isGenericStop(tokens, this.i)
    ) {
      const t = tokens[this.i++]!;
      // Verbatim means as written: a word the user quoted stays quoted when saved (`--u32 "0x0=0x0&&0x0=0x1"`).
      into.push(t.quoted ? `"${t.text.replace(/(["\\$`])/g, '\\$1')}"` : t.text);
    }
  }

  moduleError(failure: ParseFailure, col: number, module: string): void {
    this.failed = true;
    this.report(moduleDiag(module, failure, { line: this.line, col }));
  }
}

const READER = new TokenReader();

/**
 * The rule being read: its spec, match slots and target so far, and what the generic options have seen. One object
 * serves every rule (parseRuleSpec does not nest), and the reading is cut into small methods: V8 optimises (and,
 * when a new kind of rule turns up, re-optimises) each on its own, and a big dump's first second is mostly spent
 * compiling, so one 300-line function compiled four times cost more than the rest of the parse of its rules.
 */
class RuleState {
  spec: RuleSpec = emptySpec();
  target: TargetSlot | null = null;
  /** The rule's matches so far: MATCH_SLOTS[0, matchCount). */
  matchCount = 0;
  protoTried = false;
  seenGeneric = 0;
  env: RuleParseEnv | undefined;
  line = 0;

  begin(env: RuleParseEnv): void {
    clearSpec(this.spec);
    this.target = null;
    this.protoTried = false;
    this.seenGeneric = 0;
    this.env = env;
    this.line = env.line;
    this.matchCount = 0;
  }
}

/**
 * The spec parseRuleSpec answers is this one object, cleared for each rule: its caller copies what it keeps into
 * the rules it makes before it reads the next. Every field in the literal, absent ones undefined: one object shape.
 */
function clearSpec(spec: RuleSpec): void {
  spec.proto = undefined;
  spec.srcs = NO_ADDRESSES;
  spec.dsts = NO_ADDRESSES;
  spec.inIface = undefined;
  spec.outIface = undefined;
  spec.fragment = undefined;
  spec.matches = NO_MATCHES;
  spec.target = null;
  spec.counters = undefined;
}

function emptySpec(): RuleSpec {
  return {
    proto: undefined,
    srcs: NO_ADDRESSES,
    dsts: NO_ADDRESSES,
    inIface: undefined,
    outIface: undefined,
    fragment: undefined,
    matches: NO_MATCHES,
    target: null,
    counters: undefined,
  };
}

const STATE = new RuleState();

/**
 * Reads a rule specification from tokens[start]. The answer and its spec are reused by the next call: take what
 * is kept (expand() makes the rules) before reading another rule.
 */
export function parseRuleSpec(tokens: readonly Token[], start: number, env: RuleParseEnv): RuleSpecResult {
  const rd = READER.begin(tokens, start, env.line);
  const st = STATE;
  st.begin(env);
  let negate: Token | undefined;

  while (!rd.failed) {
    let tok = rd.next();
    if (tok === undefined) break;
    let text = tok.text;

    if (!tok.quoted && text === '!') {
      if (negate) {
        rd.fail('double-negation', tok);
        break;
      }
      negate = tok;
      continue;
    }
    if (tok.quoted || text.length < 2 || text.charCodeAt(0) !== 45 /* - */) {
      rd.fail('bad-argument', tok, { word: text });
      break;
    }
    // `--opt=value` and glued short options.
    if (text.charCodeAt(1) === 45) {
      const eq = text.indexOf('=');
      if (eq > 2) {
        rd.pushBack({ text: text.slice(eq + 1), col: tok.col + eq + 1, endCol: tok.endCol, quoted: true });
        text = text.slice(0, eq);
        tok = { text, col: tok.col, endCol: tok.col + eq, quoted: false };
      }
    } else if (text.length > 2 && GLUED_SHORT.has(text[1]!)) {
      rd.pushBack({ text: text.slice(2), col: tok.col + 2, endCol: tok.endCol, quoted: true });
      text = text.slice(0, 2);
      tok = { text, col: tok.col, endCol: tok.col + 2, quoted: false };
    }

    const negTok = negate;
    negate = undefined;
    const generic = genericOption(text);
    if (generic !== undefined) {
      readGeneric(rd, st, generic, tok, negTok);
      continue;
    }
    const harmless = HARMLESS.get(text);
    if (harmless !== undefined) {
      readHarmless(rd, harmless, tok, negTok);
      continue;
    }
    // A generic option's unambiguous abbreviation is read again in full, its `!` kept.
    if (readExtensionOption(rd, st, tok, negTok)) negate = negTok;
  }
  if (!rd.failed && negate) rd.fail('dangling-negation', negate);
  if (rd.failed) {
    RESULT.spec = null;
    RESULT.diagnostics = rd.diagnostics;
    return RESULT;
  }
  return finishSpec(rd, st);
}

/** -p -s -d -i -o -f -c -m -j -g: the rule's own fields, a match slot, or the target. */
function readGeneric(rd: TokenReader, st: RuleState, generic: Generic, tok: Token, negTok: Token | undefined): void {
  const text = tok.text;
  const neg = negTok !== undefined;
  const spec = st.spec;
  // The old intrapositioned form `-d ! 10.0.0.0/8` is gone from iptables 1.8 (xshared.c): `!` becomes the
  // option's argument and the real value is left over, refused as "Bad argument `10.0.0.0/8'".
  const p = rd.peek();
  if (p !== undefined && !p.quoted && p.text === '!' && INTRAPOSITIONED.has(generic)) {
    rd.next();
    const value = rd.peek();
    rd.fail('intrapositioned-negation-removed', value ?? p, { option: text, value: value?.text ?? '' });
    return;
  }
  // xshared.c set_option(): each of -p, -s, -d, -i, -o, -f once per rule, even when the first one stores nothing
  // (`-p all`, `-p 0`, `-i +`): "multiple -p flags not allowed".
  const once = oncePerRule(generic);
  if (once >= 0) {
    if ((st.seenGeneric & (1 << once)) !== 0) {
      rd.fail('duplicate-generic', tok, { option: ONCE_FLAGS[once]! });
      return;
    }
    st.seenGeneric |= 1 << once;
  }
  switch (generic) {
    case 'proto': {
      const v = rd.takeArg(tok, text);
      if (!v) return;
      const num = parseProtocol(v.text);
      if (num === undefined) return rd.fail('unknown-protocol', v, { value: v.text });
      if (num === 0) {
        if (neg) rd.fail('proto-never-matches', v, { value: v.text });
        return;
      }
      spec.proto = protoValue(neg, num);
      return;
    }
    case 'src':
    case 'dst': {
      const v = rd.takeArg(tok, text);
      if (!v) return;
      const list = readAddresses(rd, v, neg);
      if (list === undefined) return;
      if (generic === 'src') spec.srcs = list;
      else spec.dsts = list;
      return;
    }
    case 'in':
    case 'out': {
      const v = rd.takeArg(tok, text);
      if (!v) return;
      if (v.text.length > IFNAME_MAX) return rd.fail('iface-too-long', v, { value: v.text });
      // A lone `+` matches every interface: iptables drops it, but keeps `! -i +`.
      if (v.text === '+' && !neg) return;
      if (generic === 'in') spec.inIface = { negated: neg, value: v.text };
      else spec.outIface = { negated: neg, value: v.text };
      return;
    }
    case 'frag':
      spec.fragment = { negated: neg, value: true };
      return;
    case 'counters':
      return readCounters(rd, tok, spec);
    case 'match':
      return readMatch(rd, st, tok, negTok);
    case 'jump':
    case 'goto':
      return readTarget(rd, st, generic === 'goto', tok, negTok);
  }
}

/** `-s a,b`: one entry per address, undefined for `0.0.0.0/0`; undefined (and the rule failed) on a bad one. */
function readAddresses(rd: TokenReader, v: Token, neg: boolean): (Negatable<AddrMask> | undefined)[] | undefined {
  const parts = v.text.indexOf(',') < 0 ? [v.text] : v.text.split(',');
  if (neg && parts.length > 1) {
    rd.fail('negated-address-list', v);
    return undefined;
  }
  // Sized exactly: a list grown by push() reserves room for 17 entries.
  const list = new Array<Negatable<AddrMask> | undefined>(parts.length);
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k]!;
    const r = parseAddrMask(part);
    if (typeof r === 'string') {
      rd.fail(r, v, { value: part });
      return undefined;
    }
    // `-s 0.0.0.0/0` matches every address: iptables stores nothing and saves nothing for it.
    list[k] = r.mask === 0 && !neg ? undefined : { negated: neg, value: r };
  }
  return list;
}

/** `-c PKTS BYTES` (or `-c PKTS,BYTES`). */
function readCounters(rd: TokenReader, tok: Token, spec: RuleSpec): void {
  const v = rd.takeArg(tok, tok.text);
  if (!v) return;
  const m = /^(\d+),(\d+)$/.exec(v.text);
  if (m) {
    spec.counters = { packets: Number(m[1]), bytes: Number(m[2]) };
    return;
  }
  const b = /^\d+$/.test(v.text) ? rd.next() : undefined;
  if (!b || !/^\d+$/.test(b.text)) return rd.fail('bad-set-counters', v);
  spec.counters = { packets: Number(v.text), bytes: Number(b.text) };
}

/** `-m NAME`: a slot for its options; an unknown extension keeps its words as written. */
function readMatch(rd: TokenReader, st: RuleState, tok: Token, negTok: Token | undefined): void {
  const v = rd.takeArg(tok, tok.text);
  if (!v) return;
  if (negTok !== undefined) return rd.fail('negated-match', negTok);
  const name = v.text;
  const module = st.env!.findMatch(name);
  const slot = matchSlot(st, name, module, tok.col);
  if (!module) {
    slot.raw = [];
    rd.captureRaw(slot.raw);
    rd.report(diag('info', 'not-simulated-match', { line: st.line, col: v.col, endCol: v.endCol }, { name }));
  }
}

/** `-j NAME` / `-g CHAIN`. */
function readTarget(rd: TokenReader, st: RuleState, goto: boolean, tok: Token, negTok: Token | undefined): void {
  const v = rd.takeArg(tok, tok.text);
  if (!v) return;
  if (negTok !== undefined) return rd.fail('negated-target', negTok);
  if (st.target) return rd.fail('two-targets', tok);
  const target = resolveTarget(v, goto, st.env!, tok.col);
  st.target = target;
  if (goto && target.kind !== 'chain') return rd.fail('goto-needs-chain', v, { name: v.text });
  if (target.kind === 'extension' && !target.module) {
    target.raw = [];
    rd.captureRaw(target.raw);
    rd.report(diag('info', 'not-simulated-target', { line: st.line, col: v.col, endCol: v.endCol }, { name: v.text }));
  }
}

/** -w -W -v -n -x -4 --line-numbers: accepted anywhere, changing nothing. */
function readHarmless(rd: TokenReader, harmless: 0 | 'optional' | 1, tok: Token, negTok: Token | undefined): void {
  if (negTok !== undefined) rd.fail('cannot-negate-generic', tok, { option: tok.text });
  else if (harmless === 1) rd.takeArg(tok, tok.text);
  else if (harmless === 'optional') {
    const p = rd.peek();
    if (p && /^\d+$/.test(p.text)) rd.next();
  }
}

/** The extension that takes an option: its slot, the option's spec, its full name and the module's name. */
interface OptionOwner {
  slot: { options: ParsedOption[] } | undefined;
  spec: OptionSpec | undefined;
  name: string;
  module: string;
}

/** findOwner's answer, reused (read at once by its caller). */
const OWNER: OptionOwner = { slot: undefined, spec: undefined, name: '', module: '' };

/**
 * Who takes an extension option: the target first (once -j is given), then the most recent match that knows it,
 * then the -p protocol's match, loaded on first need (xtables' command_default). OWNER.slot undefined: nobody.
 */
function findOwner(st: RuleState, text: string, col: number): OptionOwner {
  const owner = OWNER;
  owner.slot = undefined;
  owner.spec = undefined;
  const target = st.target;
  if (target !== null && target.module !== undefined) {
    const name = resolveOption(target.module.options, text);
    if (name !== undefined) return own(target, target.module.options[name], name, target.name);
  }
  const matches = MATCH_SLOTS;
  for (let m = st.matchCount - 1; m >= 0; m--) {
    const slot = matches[m]!;
    if (!slot.module) continue;
    const name = resolveOption(slot.module.options, text);
    if (name !== undefined) return own(slot, slot.module.options[name], name, slot.name);
  }
  const proto = st.spec.proto;
  if (!st.protoTried && proto !== undefined && !proto.negated) {
    st.protoTried = true;
    const protoMatch = st.env!.findMatch(protocolName(proto.value));
    const name = protoMatch ? resolveOption(protoMatch.options, text) : undefined;
    if (protoMatch && name !== undefined) {
      const slot = matchSlot(st, protoMatch.name, protoMatch, col);
      return own(slot, protoMatch.options[name], name, slot.name);
    }
  }
  return owner;
}

function own(slot: { options: ParsedOption[] }, spec: OptionSpec | undefined, name: string, module: string) {
  const owner = OWNER;
  owner.slot = slot;
  owner.spec = spec;
  owner.name = name;
  owner.module = module;
  return owner;
}

/**
 * An extension option and its arguments, added to the extension that takes it. True when the option is a
 * generic option's abbreviation, pushed back to be read again in full (its `!` then still applies).
 */
function readExtensionOption(rd: TokenReader, st: RuleState, tok: Token, negTok: Token | undefined): boolean {
  const text = tok.text;
  // Where the option starts (its `!` if negated); made only here: generic options need none.
  const pos: SourcePos = { line: st.line, col: (negTok ?? tok).col };
  const owner = findOwner(st, text, pos.col);
  const ownerSlot = owner.slot;
  const ownerSpec = owner.spec;
  if (ownerSlot === undefined || ownerSpec === undefined) {
    // getopt_long also takes an unambiguous abbreviation of a generic option (`--proto tcp`, `--dest 1.2.3.4`),
    // but only when no loaded extension has that exact option.
    const full = genericAbbreviation(text);
    if (full !== undefined) {
      rd.pushBack({ ...tok, text: full });
      return true;
    }
    const hint = !st.spec.proto ? protocolMatchFor(text, st.env!) : undefined;
    if (hint) rd.fail('option-needs-protocol', tok, { option: text, module: hint });
    else rd.fail('unknown-option', tok, { option: text });
    return false;
  }
  const ownerName = owner.name;
  const ownerModule = owner.module;
  let negated = negTok !== undefined;
  const argCount = ownerSpec.args;
  let args: string[] = NO_WORDS;
  if (argCount !== 0) {
    // Old intrapositioned form `--dport ! 22`: still accepted by iptables with a warning.
    const p = rd.peek();
    if (argCount !== 'optional' && p && !p.quoted && p.text === '!' && ownerSpec.negatable === true && !negated) {
      rd.next();
      negated = true;
      rd.report(diag('warning', 'intrapositioned-negation', { line: st.line, col: p.col }, { option: ownerName }));
    }
    if (argCount === 'optional') {
      const o = rd.peek();
      if (o && (o.quoted || (o.text.charCodeAt(0) !== 45 && o.text !== '!'))) args = [rd.next()!.text];
    } else {
      for (let k = 0; k < argCount; k++) {
        const a = rd.takeArg(tok, ownerName);
        if (!a) break;
        // Exactly sized lists (push() would reserve room for 17 words).
        args = k === 0 ? [a.text] : [...args, a.text];
      }
    }
  }
  if (rd.failed) return false;
  if (negated && ownerSpec.negatable !== true) {
    rd.fail('cannot-negate', negTok ?? tok, { module: ownerModule, option: ownerName });
    return false;
  }
  addOption(ownerSlot, { name: ownerName, negated, args, pos });
  return false;
}

/** The matches' and the target's modules parse their options; the rule is refused if one refuses. */
function finishSpec(rd: TokenReader, st: RuleState): RuleSpecResult {
  const spec = st.spec;
  const env = st.env!;
  // Extensions see the whole rule's protocol, wherever -p was written (`-m tcp --dport 1 -p 6` is valid).
  // One context for every rule: a module reads it while it parses and keeps none of it.
  const ctx = CONTEXT;
  ctx.table = env.table;
  ctx.chain = env.chain;
  ctx.proto = spec.proto && !spec.proto.negated ? spec.proto.value : undefined;
  ctx.protoNegated = spec.proto?.negated === true;
  ctx.ipsets = env.ipsets;
  const matches = MATCH_SLOTS;
  const count = st.matchCount;
  // Sized exactly: a list grown by push() reserves room for 17 entries, kept for as long as the rule lives.
  spec.matches = count === 0 ? NO_MATCHES : new Array<MatchUse>(count);
  for (let k = 0; k < count; k++) {
    const slot = matches[k]!;
    if (!slot.module) {
      spec.matches[k] = { name: slot.name, data: null, known: false, raw: slot.raw, col: slot.col };
      continue;
    }
    const r = slot.module.parse(slot.options, ctx);
    if (!r.ok) {
      rd.moduleError(r, r.option?.pos.col ?? slot.col, slot.name);
      continue;
    }
    // The module's own name string: one shared string instead of a copy per rule.
    spec.matches[k] = { name: slot.module.name, data: r.data, known: true, raw: NO_WORDS, col: slot.col };
  }
  const t = st.target;
  if (t) {
    let data: unknown = null;
    if (t.module) {
      const r = t.module.parse(t.options, ctx);
      if (!r.ok) rd.moduleError(r, r.option?.pos.col ?? t.col, t.name);
      else data = r.data;
    }
    spec.target = {
      kind: t.kind,
      name: t.module ? t.module.name : t.kind === 'standard' ? standardTarget(t.name)! : t.name,
      goto: t.goto,
      data,
      known: t.kind !== 'extension' || t.module !== undefined,
      raw: t.raw,
      col: t.col,
    };
  }
  const result = RESULT;
  result.spec = rd.failed ? null : spec;
  result.diagnostics = rd.diagnostics;
  return result;
}

const CONTEXT: ParseContext = { table: 'filter', chain: '', proto: undefined, protoNegated: false, ipsets: undefined };
/** parseRuleSpec's answer, reused as its spec is. */
const RESULT: RuleSpecResult = { spec: null, diagnostics: NO_DIAGNOSTICS };

/**
 * The rule's next match slot. Slots never outlive their rule (finishSpec copies what it keeps), so each is reused by
 * the next rules: a big dump has half a million matches. A target's slot has the same fields, so code reading
 * either sees one object shape.
 */
function matchSlot(st: RuleState, name: string, module: MatchModule | undefined, col: number): MatchSlot {
  const k = st.matchCount++;
  const slot = MATCH_SLOTS[k];
  if (slot === undefined) {
    const made: MatchSlot = { name, kind: 'extension', goto: false, module, options: NO_OPTIONS, raw: NO_WORDS, col };
    MATCH_SLOTS.push(made);
    return made;
  }
  slot.name = name;
  slot.module = module;
  slot.options = NO_OPTIONS;
  slot.raw = NO_WORDS;
  slot.col = col;
  return slot;
}

/**
 * What `-j NAME` names. iptables looks for a chain first, then an extension; no chain may be named like a target
 * (`-N LOG` is refused), so asking the extensions first gives the same answer without a lookup in what can be a
 * 60,000-chain table: a name that is neither a verdict nor an extension is a chain (checked to exist later).
 */
function resolveTarget(v: Token, goto: boolean, env: RuleParseEnv, col: number): TargetSlot {
  const name = v.text;
  let kind: TargetUse['kind'] = 'chain';
  let module: TargetModule | undefined;
  if (standardTarget(name) !== undefined) kind = 'standard';
  else if ((module = env.findTarget(name)) !== undefined || REAL_TARGET_NAMES.has(name)) kind = 'extension';
  // Reused by every rule, as match slots are (a rule has one target).
  const slot = TARGET_SLOT;
  slot.name = name;
  slot.kind = kind;
  slot.goto = goto;
  slot.module = module;
  slot.options = NO_OPTIONS;
  slot.raw = NO_WORDS;
  slot.col = col;
  return slot;
}

const TARGET_SLOT: TargetSlot = {
  name: '',
  kind: 'chain',
  goto: false,
  module: undefined,
  options: NO_OPTIONS,
  raw: NO_WORDS,
  col: 0,
};

const GENERIC_LONG = Object.keys(GENERIC_OPTIONS).filter((k) => k.startsWith('--'));

function genericAbbreviation(option: string): string | undefined {
  if (!option.startsWith('--') || option.length < 4) return undefined;
  const found = GENERIC_LONG.filter((k) => k.startsWith(option));
  const kinds = new Set(found.map((k) => GENERIC_MAP.get(k)));
  return kinds.size === 1 ? found[0] : undefined;
}

/** When an option is unknown and no -p was given: the protocol match that would have taken it, as a hint. */
function protocolMatchFor(option: string, env: ExtensionLookup): string | undefined {
  for (const proto of ['tcp', 'udp', 'icmp']) {
    const m = env.findMatch(proto);
    if (m && resolveOption(m.options, option) !== undefined) return proto;
  }
  return undefined;
}
