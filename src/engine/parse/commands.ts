// iptables commands (-A -I -D -R -N -X -E -P -F -Z …): reading one command line and applying it to the ruleset
// with the checks and error messages iptables gives.
import type { Chain, Diagnostic, Rule, SourcePos, Table, TableName } from '../model/types.ts';
import { saveRuleSpec } from '../save/format.ts';
import { isBuiltinChain, isBuiltinElsewhere, isTableName, ZERO_COUNTERS, type RulesetBuilder } from './builder.ts';
import { REAL_TARGET_NAMES, STANDARD_TARGETS } from './knownExtensions.ts';
import { diag, type MessageParams, type ParseMessageId } from './messages.ts';
import { parseRuleSpec, type ExtensionLookup, type RuleParseEnv, type RuleSpec } from './rule.ts';
import type { Token } from './tokenize.ts';

export type CommandKind =
  | 'append'
  | 'insert'
  | 'delete'
  | 'replace'
  | 'check'
  | 'new'
  | 'delete-chain'
  | 'rename'
  | 'policy'
  | 'flush'
  | 'zero'
  | 'list';

const COMMANDS: Record<string, CommandKind> = {
  '-A': 'append',
  '--append': 'append',
  '-I': 'insert',
  '--insert': 'insert',
  '-D': 'delete',
  '--delete': 'delete',
  '-R': 'replace',
  '--replace': 'replace',
  '-C': 'check',
  '--check': 'check',
  '-N': 'new',
  '--new-chain': 'new',
  '--new': 'new',
  '-X': 'delete-chain',
  '--delete-chain': 'delete-chain',
  '-E': 'rename',
  '--rename-chain': 'rename',
  '-P': 'policy',
  '--policy': 'policy',
  '-F': 'flush',
  '--flush': 'flush',
  '-Z': 'zero',
  '--zero': 'zero',
  '-L': 'list',
  '--list': 'list',
  '-S': 'list',
  '--list-rules': 'list',
};

/**
 * COMMANDS as a Map: a word cut from the input used as a property key costs a string-table search, and a word such as
 * `toString` would find Object.prototype's (`-A INPUT toString` is iptables' "Bad argument", not a second command).
 */
const COMMAND_KINDS: ReadonlyMap<string, CommandKind> = new Map(Object.entries(COMMANDS));

/** Options allowed before the command that change nothing (`iptables -w -A …`). */
const LEADING_HARMLESS = new Set(['-w', '--wait', '-v', '--verbose', '-n', '--numeric', '-x', '--exact', '-4']);

export interface CommandLine {
  kind: CommandKind;
  word: Token;
  table: TableName | undefined;
  tableToken: Token | undefined;
  chain?: Token;
  /** -I/-D/-R rule number (1-based). */
  index?: number;
  /** -E new name, -P policy. */
  second?: Token;
  /** Where the rule specification starts in `tokens`. */
  specStart: number;
}

export type CommandParse = { ok: true; cmd: CommandLine } | { ok: false; diagnostics: Diagnostic[] };

const isWord = (t: Token | undefined): t is Token =>
  t !== undefined && (t.quoted || (t.text.charCodeAt(0) !== 45 && t.text !== '!'));
const isNumber = (t: Token | undefined): t is Token => t !== undefined && /^-?\d+$/.test(t.text);

/** Reads `[-t T] COMMAND CHAIN [args]` from the start of the tokens; the rest is the rule specification. */
function commandError(
  tokens: readonly Token[],
  line: number,
  id: ParseMessageId,
  t: Token | undefined,
  params: MessageParams = {},
): CommandParse {
  const at = t ?? tokens[tokens.length - 1] ?? { col: 1, endCol: 1 };
  return { ok: false, diagnostics: [diag('error', id, { line, col: at.col, endCol: at.endCol }, params)] };
}

export function readCommand(tokens: readonly Token[], start: number, line: number): CommandParse {
  let table: TableName | undefined;
  let tableToken: Token | undefined;
  let cmd: CommandLine | undefined;
  let i = start;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.quoted) break;
    let text = t.text;
    let glued: string | undefined;
    if (text.startsWith('--table=')) {
      glued = text.slice(8);
      text = '--table';
    } else if (text.length > 2 && text.startsWith('-t') && text[2] !== '-') {
      glued = text.slice(2);
      text = '-t';
    }
    if (text === '-t' || text === '--table') {
      const v = glued !== undefined ? { ...t, text: glued } : tokens[i + 1];
      if (!v) return commandError(tokens, line, 'option-needs-argument', t, { option: '-t' });
      if (!isTableName(v.text)) return commandError(tokens, line, 'bad-table', v, { table: v.text });
      table = v.text;
      tableToken = t;
      i += glued !== undefined ? 1 : 2;
      continue;
    }
    // `-A` (nearly every line) first: it is no harmless option, and a Set lookup per line is saved.
    if (text !== '-A' && LEADING_HARMLESS.has(text)) {
      i++;
      if ((text === '-w' || text === '--wait') && isNumber(tokens[i])) i++;
      continue;
    }
    const kind = text === '-A' ? 'append' : COMMAND_KINDS.get(text);
    if (kind === undefined || cmd) {
      if (kind !== undefined && cmd)
        return commandError(tokens, line, 'two-commands', t, { first: cmd.word.text, second: text });
      break;
    }
    i++;
    cmd = COMMAND;
    cmd.kind = kind;
    cmd.word = t;
    cmd.chain = undefined;
    cmd.index = undefined;
    cmd.second = undefined;
    const needChain = kind !== 'delete-chain' && kind !== 'flush' && kind !== 'zero' && kind !== 'list';
    if (isWord(tokens[i])) cmd.chain = tokens[i++];
    else if (needChain) return commandError(tokens, line, 'command-needs-chain', t, { command: text });
    if (kind === 'insert' || kind === 'replace' || kind === 'delete' || kind === 'zero' || kind === 'list') {
      const n = tokens[i];
      const takesNumber = kind === 'delete' ? isNumber(n) && i + 1 === tokens.length : isNumber(n);
      if (takesNumber && n) {
        const value = Number(n.text);
        if (value < 1) return commandError(tokens, line, 'bad-rule-number', n, { value: n.text });
        cmd.index = value;
        i++;
      } else if (kind === 'replace') {
        return commandError(tokens, line, 'command-needs-number', t, { command: text });
      }
    }
    if (kind === 'rename' || kind === 'policy') {
      if (!isWord(tokens[i])) return commandError(tokens, line, 'command-needs-chain', t, { command: text });
      cmd.second = tokens[i++];
    }
  }
  if (!cmd) return commandError(tokens, line, 'no-command', tokens[i] ?? tokens[start]);
  cmd.table = table;
  cmd.tableToken = tableToken;
  cmd.specStart = i;
  return COMMAND_READ;
}

/**
 * readCommand's answer, reused for every line: a command is applied before the next line is read, and its tokens
 * are reused from line to line anyway. Every field is set, so all commands have one object shape.
 */
const COMMAND: CommandLine = {
  kind: 'append',
  word: { text: '', col: 0, endCol: 0, quoted: false },
  table: undefined,
  tableToken: undefined,
  chain: undefined,
  index: undefined,
  second: undefined,
  specStart: 0,
};
const COMMAND_READ: CommandParse = { ok: true, cmd: COMMAND };

export interface ApplyEnv extends ExtensionLookup {
  builder: RulesetBuilder;
  line: number;
  /** iptables-restore (a dump) rather than a shell command: jumps are checked once the table is complete. */
  restore: boolean;
  /** Reused for every rule (the parser keeps nothing of it). */
  ruleEnv?: RuleParseEnv;
}

const MAX_CHAIN_NAME = 28;

/** The commands that neither read nor change the rules already loaded: all a rule sink can follow. */
const STREAMABLE: ReadonlySet<CommandKind> = new Set(['append', 'new', 'policy']);

/** Applies a command to `table`; diagnostics go to the builder. Returns the rules it added, if any. */
export function applyCommand(cmd: CommandLine, tokens: readonly Token[], table: Table, env: ApplyEnv): Rule[] {
  const sink = env.builder.sink;
  if (sink && !STREAMABLE.has(cmd.kind)) {
    sink.needsModel = true;
    return [];
  }
  const added = applyCommandInner(cmd, tokens, table, env);
  return added ?? [];
}

type Report = (
  env: ApplyEnv,
  id: ParseMessageId,
  at: Token | SourcePos,
  params?: MessageParams,
  severity?: Diagnostic['severity'],
) => void;

const report: Report = (env, id, at, params = {}, severity = 'error') => {
  const pos = 'text' in at ? { line: env.line, col: at.col, endCol: at.endCol } : at;
  env.builder.diagnostics.push(diag(severity, id, pos, params));
};

function missing(env: ApplyEnv, cmd: CommandLine, table: Table): undefined {
  report(env, 'no-such-chain', cmd.chain ?? cmd.word, { chain: cmd.chain?.text ?? '', table: table.name });
  return undefined;
}

/** Chain commands (-N, -X, -P …) take no rule options. */
function noSpec(env: ApplyEnv, cmd: CommandLine, tokens: readonly Token[]): boolean {
  const extra = tokens[cmd.specStart];
  if (extra === undefined) return true;
  report(env, 'rule-in-chain-command', extra, { command: cmd.word.text, word: extra.text });
  return false;
}

function deleteChain(env: ApplyEnv, table: Table, c: Chain, at: Token): void {
  const refs = env.builder.referencesTo(table, c.name).filter((r) => r.chain !== c.name);
  if (refs.length > 0) return report(env, 'chain-referenced', at, { chain: c.name, count: refs.length });
  if (c.rules.length > 0) return report(env, 'chain-not-empty', at, { chain: c.name, count: c.rules.length });
  table.chains.delete(c.name);
  env.builder.chainsChanged();
}

function applyCommandInner(
  cmd: CommandLine,
  tokens: readonly Token[],
  table: Table,
  env: ApplyEnv,
): Rule[] | undefined | void {
  const chainTok = cmd.chain;
  const chainName = chainTok?.text;
  const { builder, line } = env;
  const chain = chainName !== undefined ? builder.findChain(table, chainName) : undefined;
  switch (cmd.kind) {
    case 'append':
    case 'insert':
    case 'replace':
    case 'check':
    case 'delete': {
      if (!chain) return missing(env, cmd, table);
      if (cmd.kind === 'delete' && cmd.index !== undefined) {
        if (!noSpec(env, cmd, tokens)) return;
        if (cmd.index > chain.rules.length)
          return report(env, 'delete-index-too-big', cmd.word, { chain: chain.name, count: chain.rules.length });
        chain.rules.splice(cmd.index - 1, 1);
        return;
      }
      const rules = buildRules(cmd, tokens, table, chain, env);
      if (!rules) return;
      if (cmd.kind === 'append') {
        if (builder.sink) builder.sink.append(table, chain, rules);
        else for (const r of rules) chain.rules.push(r);
        return rules;
      } else if (cmd.kind === 'insert') {
        const at = cmd.index ?? 1;
        if (at > chain.rules.length + 1)
          return report(env, 'insert-index-too-big', cmd.word, {
            chain: chain.name,
            count: chain.rules.length,
            max: chain.rules.length + 1,
          });
        // iptables inserts each expanded rule at the same position, so they end up in reverse order.
        for (const r of rules) chain.rules.splice(at - 1, 0, r);
        return rules;
      } else if (cmd.kind === 'replace') {
        const at = cmd.index!;
        if (at > chain.rules.length)
          return report(env, 'replace-index-too-big', cmd.word, { chain: chain.name, count: chain.rules.length });
        if (rules.length !== 1) return report(env, 'negated-address-list', cmd.word);
        chain.rules[at - 1] = rules[0]!;
        return rules;
      } else if (cmd.kind === 'delete') {
        for (const r of rules) {
          const want = saveRuleSpec(r, env);
          const idx = chain.rules.findIndex((x) => saveRuleSpec(x, env) === want);
          if (idx < 0) return report(env, 'rule-not-found', cmd.word, { chain: chain.name });
          chain.rules.splice(idx, 1);
        }
      } else {
        report(env, 'command-ignored', cmd.word, { command: cmd.word.text }, 'info');
      }
      return;
    }
    case 'new': {
      if (!noSpec(env, cmd, tokens)) return;
      const name = chainName!;
      if (table.chains.has(name)) return report(env, 'chain-exists', chainTok!, { chain: name, table: table.name });
      const problem = chainNameProblem(name);
      if (problem) return report(env, problem, chainTok!, { chain: name });
      if (isBuiltinElsewhere(table.name, name))
        report(env, 'chain-name-builtin-of-other-table', chainTok!, { chain: name, table: table.name }, 'warning');
      builder.addChain(table, name, { line, col: chainTok!.col });
      return;
    }
    case 'delete-chain': {
      if (!noSpec(env, cmd, tokens)) return;
      if (chainName === undefined) {
        for (const c of [...table.chains.values()]) if (!c.builtin) deleteChain(env, table, c, cmd.word);
        return;
      }
      if (!chain) return missing(env, cmd, table);
      if (chain.builtin) return report(env, 'delete-builtin', chainTok!, { chain: chain.name });
      deleteChain(env, table, chain, chainTok!);
      return;
    }
    case 'rename': {
      if (!noSpec(env, cmd, tokens)) return;
      if (!chain) return missing(env, cmd, table);
      const to = cmd.second!;
      if (chain.builtin) return report(env, 'rename-builtin', chainTok!, { chain: chain.name });
      if (table.chains.has(to.text)) return report(env, 'rename-exists', to, { chain: to.text });
      const problem = chainNameProblem(to.text);
      if (problem) return report(env, problem, to, { chain: to.text });
      const refs = builder.referencesTo(table, chain.name);
      const renamed = new Map<string, Chain>();
      for (const [k, c] of table.chains) {
        if (k === chain.name) {
          c.name = to.text;
          for (const r of c.rules) r.chain = to.text;
          renamed.set(to.text, c);
        } else renamed.set(k, c);
      }
      table.chains = renamed;
      builder.chainsChanged();
      for (const r of refs) if (r.target) r.target.name = to.text;
      return;
    }
    case 'policy': {
      if (!noSpec(env, cmd, tokens)) return;
      if (!chain) return missing(env, cmd, table);
      const policy = cmd.second!;
      if (!chain.builtin) return report(env, 'policy-user-chain', chainTok!, { chain: chain.name });
      if (policy.text !== 'ACCEPT' && policy.text !== 'DROP')
        return report(env, 'bad-policy', policy, { policy: policy.text });
      if (table.name === 'nat' && policy.text === 'DROP') return report(env, 'nat-drop', policy);
      chain.policy = policy.text;
      return;
    }
    case 'flush':
    case 'zero': {
      if (!noSpec(env, cmd, tokens)) return;
      if (chainName !== undefined && !chain) return missing(env, cmd, table);
      const targets = chain ? [chain] : [...table.chains.values()];
      for (const c of targets) {
        if (cmd.kind === 'flush') c.rules = [];
        else {
          c.counters = { packets: 0, bytes: 0 };
          for (const r of c.rules) r.counters = { packets: 0, bytes: 0 };
        }
      }
      return;
    }
    case 'list':
      report(env, 'command-ignored', cmd.word, { command: cmd.word.text }, 'info');
      return;
  }
}

/**
 * What `\s` matches in a regular expression (ECMAScript WhiteSpace and LineTerminator), by character code: a loop
 * of these beats two regular expressions on each of a big dump's 60,000 chain declarations.
 */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Why iptables would refuse `name` as a new chain's name, if it would. */
export function chainNameProblem(name: string): 'bad-chain-name' | 'chain-name-is-target' | undefined {
  if (name.length === 0 || name.length > MAX_CHAIN_NAME) return 'bad-chain-name';
  const first = name.charCodeAt(0);
  if (first === 45 /* - */ || first === 33 /* ! */) return 'bad-chain-name';
  for (let i = 0; i < name.length; i++) if (isSpace(name.charCodeAt(i))) return 'bad-chain-name';
  if (STANDARD_TARGETS.has(name) || REAL_TARGET_NAMES.has(name)) return 'chain-name-is-target';
  return undefined;
}

function buildRules(
  cmd: CommandLine,
  tokens: readonly Token[],
  table: Table,
  chain: Chain,
  env: ApplyEnv,
): Rule[] | undefined {
  const { builder, line } = env;
  const ruleEnv = (env.ruleEnv ??= {
    table: table.name,
    chain: chain.name,
    line,
    findMatch: env.findMatch,
    findTarget: env.findTarget,
    ipsets: env.ipsets,
  });
  ruleEnv.table = table.name;
  ruleEnv.chain = chain.name;
  ruleEnv.line = line;
  const res = parseRuleSpec(tokens, cmd.specStart, ruleEnv);
  for (const d of res.diagnostics) builder.diagnostics.push(d);
  const spec = res.spec;
  if (!spec) return undefined;
  const t = spec.target;
  if (t?.kind === 'chain') {
    if (isBuiltinChain(table.name, t.name)) {
      builder.diagnostics.push(diag('error', 'jump-builtin', { line, col: t.col }, { chain: t.name }));
      return undefined;
    }
    // A shell command fails at once; iptables-restore checks once the table is complete (see validate/).
    if (!env.restore && !table.chains.has(t.name)) {
      builder.diagnostics.push(
        diag('error', 'jump-missing', { line, col: t.col }, { chain: t.name, table: table.name }),
      );
      return undefined;
    }
  }
  if (t?.kind === 'standard' && t.name === 'DROP' && table.name === 'nat') {
    builder.diagnostics.push(diag('error', 'nat-drop', { line, col: t.col }));
    return undefined;
  }
  return expand(spec, table.name, chain.name, line, cmd.word.col, builder);
}

const NO_ADDRESS: readonly undefined[] = [undefined];

/** `-s a,b -d c,d` becomes one rule per (source, destination) pair, sources outermost, as iptables does. */
function expand(
  spec: RuleSpec,
  table: TableName,
  chain: string,
  line: number,
  col: number,
  builder: RulesetBuilder,
): Rule[] {
  const srcs = spec.srcs.length > 0 ? spec.srcs : NO_ADDRESS;
  const dsts = spec.dsts.length > 0 ? spec.dsts : NO_ADDRESS;
  // Sized exactly (nearly always one rule): a list grown by push() reserves room for 17.
  const rules = new Array<Rule>(srcs.length * dsts.length);
  let n = 0;
  for (const src of srcs) {
    for (const dst of dsts) {
      // Every field in one literal (absent ones undefined): one object shape for all rules, no property backing
      // store grown afterwards; this matters for 170,000-rule dumps.
      const rule: Rule = {
        id: builder.newRuleId(),
        table,
        chain,
        proto: spec.proto,
        src,
        dst,
        inIface: spec.inIface,
        outIface: spec.outIface,
        fragment: spec.fragment,
        matches: spec.matches,
        target: spec.target,
        counters: spec.counters ? { ...spec.counters } : ZERO_COUNTERS,
        line,
        col,
      };
      rules[n++] = rule;
    }
  }
  return rules;
}
