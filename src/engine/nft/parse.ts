// `nft -f` input and `nft list ruleset` output: `table` blocks holding chain, set and map blocks, and commands
// (`add table|chain|rule|set|map|element`, `insert rule`, `flush ruleset`). The whole text is one transaction: the
// first error refuses all of it, reported at nft's line and column.
import { Cursor, NftError, posOf, spanOf, type TokenSource } from './cursor.ts';
import { parseBaseSpec } from './chainSpec.ts';
import { DefineExpander } from './define.ts';
import { HandleCounter } from './handles.ts';
import { linkNow, RuleSource } from './lazyRule.ts';
import { NAMED_TYPES, type DataType } from './datatype.ts';
import { FAMILIES, type Family, type NftChain, type NftRuleset, type NftSet, type NftTable } from './model.ts';
import { SourceLines, type Pos } from './position.ts';
import { anonymousSetsOfLastRule, parseRule, selectors } from './rule.ts';
import type { ObjectRef, RuleCtx, SetRef } from './ruleContext.ts';
import { newSet, parseElements, SET_FLAGS } from './set.ts';
import { newFlowtable, parseFlowtableBlock } from './flowtable.ts';
import { newObject, objectKey, parseObjectBlock, redeclare, type ObjectKind } from './objects.ts';
import { settleElements } from './setIntervals.ts';
import { readTimeWord } from './time.ts';
import { Lexer, type Token } from './tokenize.ts';
import { formatMessage } from '../parse/messages.ts';

/** Words nft's scanner turns into keywords: not usable as a bare table, chain or set name (quote them). */
const KEYWORDS = new Set(
  (
    'table chain set map rule element elements type hook priority policy device accept drop jump goto return ' +
    'continue queue counter log limit reject dnat snat masquerade redirect notrack ip ip6 inet arp bridge netdev ' +
    'tcp udp th icmp meta ct mark numgen fib vmap flags comment define add delete insert flush list create ' +
    'update fwd dup quota ether vlan socket osf rt hash jhash symhash synproxy tproxy meter flowtable'
  ).split(' '),
);

export interface ParseState {
  ruleset: NftRuleset;
  refs: { ref: SetRef; table: NftTable }[];
  objectRefs: { ref: ObjectRef; table: NftTable }[];
  created: number;
  nextRuleId: number;
  handles: HandleCounter;
}

/** How many chains the parser remembers by name (Parser.chain). */
const RECENT = 8;

/** Rule lists up to this long are copied to grow (Parser.rule). */
const SHORT_CHAIN = 8;

/** Rule ids of nft rules start far above iptables' so per-rule state never collides. */
const RULE_ID_BASE = 1_000_000_000;

/** `text`: what the positions of the ruleset point into (nft text, or a JSON ruleset). */
export function newParseState(text: string): ParseState {
  return {
    ruleset: { tables: [], source: new SourceLines(text) },
    refs: [],
    objectRefs: [],
    created: 0,
    nextRuleId: RULE_ID_BASE,
    handles: new HandleCounter(),
  };
}

function checkName(c: Cursor, t: Token): void {
  if (t.kind === 'word' && KEYWORDS.has(t.value)) c.unexpected(t, 'string');
}

/**
 * What a rule's statements may ask of the parser in this table. Made apart from Parser.ruleCtx, which runs for every
 * rule: a function holding closures allocates their context each time it is called, even on its early return.
 */
function ruleCtxOf(table: NftTable, link: (ref: SetRef) => void, objectLater: (ref: ObjectRef) => void): RuleCtx {
  return {
    table,
    selectors,
    setArg(c, keyTypes, need, data) {
      const t = c.peek();
      if (c.eatPunct('@')) {
        const name = c.name();
        const pos = spanOf(t, name);
        const ref: SetRef = { name: name.value, pos, set: undefined, keyTypes, need };
        link(ref);
        return ref;
      }
      c.expectPunct('{', "@ or '{' or '$'");
      const dataType = need === 'vmap' ? ('verdict' as const) : need === 'map' ? data : undefined;
      const pos = posOf(t);
      const set = newSet('', keyTypes, dataType, pos, true);
      parseElements(c, set);
      settleElements(set);
      return { name: '', pos, set, keyTypes, need };
    },
    linkLater: link,
    objectLater,
  };
}

const checkedAlready = (): void => {};

class Parser {
  constructor(
    private readonly c: Cursor,
    private readonly st: ParseState,
    /** The nft text, when rules may be kept as lazy rules read again from it (lazyRule.ts). */
    private readonly text: string | undefined,
  ) {}

  private family(): Family {
    const c = this.c;
    const t = c.peek();
    // `add chain ip t c`: a family word followed by a name is the family; otherwise the default, ip.
    if (t.kind === 'word' && (FAMILIES as string[]).includes(t.value)) {
      const after = c.peek(1);
      if (after.kind === 'word' || after.kind === 'string') {
        c.next();
        return t.value as Family;
      }
    }
    return 'ip';
  }

  /**
   * `include "file"` (parser_bison.y common_block: at the top and in any block). The lab has only the text it was
   * given and never reads files, so it says so over the include instead of nft's "File not found".
   */
  private include(t: Token): never {
    const c = this.c;
    const file = c.peek();
    if (file.kind !== 'string') c.unexpected(file, 'quoted string');
    const params = { file: file.value };
    throw new NftError(formatMessage('nft-include', params), spanOf(t, file), 'nft-include', params);
  }

  private name(): Token {
    const t = this.c.name();
    checkName(this.c, t);
    return t;
  }

  private table(create: boolean): NftTable {
    const family = this.family();
    const t = this.name();
    let table: NftTable | undefined;
    // A loop, not find() with a closure: called once per command (130,000 times for 10,000 kube-proxy services).
    for (const x of this.st.ruleset.tables)
      if (x.family === family && x.name === t.value) {
        table = x;
        break;
      }
    if (!table) {
      if (!create) this.c.fail(t, 'Could not process rule: No such file or directory');
      table = {
        family,
        name: t.value,
        flags: [],
        chains: new Map(),
        sets: new Map(),
        objects: new Map(),
        flowtables: new Map(),
        pos: posOf(t),
      };
      this.st.ruleset.tables.push(table);
    }
    this.c.family = family;
    return table;
  }

  /**
   * The chains named last: a file names a chain on a few lines in a row (`add chain`, then its rules),
   * and comparing a handful of names costs less than hashing into a 40,000-chain Map.
   */
  private readonly recent: (NftChain | undefined)[] = new Array<NftChain | undefined>(RECENT).fill(undefined);
  private recentAt = 0;

  private chain(table: NftTable, nameTok: Token, create: boolean): NftChain {
    const name = nameTok.value;
    for (let k = 0; k < RECENT; k++) {
      const known = this.recent[k];
      if (known !== undefined && known.name === name && known.table === table) return known;
    }
    let chain = table.chains.get(name);
    if (!chain) {
      if (!create) this.c.fail(nameTok, 'Could not process rule: No such file or directory');
      chain = { name, table, rules: [], created: this.st.created++, handle: 0, pos: posOf(nameTok) };
      table.chains.set(name, chain);
      this.st.handles.newChain(chain);
    }
    this.recentAt = (this.recentAt + 1) % RECENT;
    this.recent[this.recentAt] = chain;
    return chain;
  }

  /** The last table's rule context: consecutive rules of one table share it (no closures made per rule). */
  private lastCtx: RuleCtx | undefined;

  private ruleCtx(table: NftTable): RuleCtx {
    if (this.lastCtx?.table === table) return this.lastCtx;
    const st = this.st;
    return (this.lastCtx = ruleCtxOf(
      table,
      (ref) => st.refs.push({ ref, table }),
      (ref) => st.objectRefs.push({ ref, table }),
    ));
  }

  /** Where each table's lazy rules are read again from. */
  private readonly sources = new Map<NftTable, RuleSource>();

  private sourceOf(table: NftTable, text: string): RuleSource {
    let source = this.sources.get(table);
    if (!source) {
      const ctx = ruleCtxOf(table, (ref) => linkNow(table, ref), checkedAlready);
      this.sources.set(table, (source = new RuleSource(text, table, ctx, parseRule)));
    }
    return source;
  }

  /** A rule and its terminator: a newline or `;` (a `}` right after a rule is a syntax error in nft). */
  private rule(chain: NftChain, first: Token, prepend = false): void {
    // Taken before the body: the cursor reuses token objects (cursor.ts), and a rule can hold a large set.
    const pos = posOf(first);
    const id = this.st.nextRuleId++;
    // A rule of the text is kept lazily: its statements are read again when asked for (lazyRule.ts).
    const lazy = this.text !== undefined && pos >= 0 ? this.sourceOf(chain.table, this.text).lazy : undefined;
    const rule = parseRule(this.c, this.ruleCtx(chain.table), id, pos, lazy);
    this.st.handles.newRule(chain.table, rule, anonymousSetsOfLastRule());
    const rules = chain.rules;
    if (prepend) rules.unshift(rule);
    // A short list grows by an exact-size copy: push() leaves room for 17 rules, and 40,000 kube-proxy chains hold
    // one or two (6 MB). The first two are array literals, which V8 learns to allocate where long-lived data stays.
    else if (rules.length === 0) chain.rules = [rule];
    else if (rules.length === 1) chain.rules = [rules[0]!, rule];
    else if (rules.length < SHORT_CHAIN) chain.rules = rules.concat(rule);
    else rules.push(rule);
  }

  /**
   * nft's grammar ends every item of a block (a rule, a chain's `type … hook …`, `policy`, a table's chain or set
   * block, a set's `type` or `flags`) and every top-level command with a stmt_separator: a newline or `;`. So
   * `table ip t { chain c { accept; } }` is refused at the table's `}` (parser_bison.y: table_block, chain_block).
   */
  private endOfStatement(expecting = 'newline or semicolon'): void {
    const c = this.c;
    const t = c.peek();
    if (t.kind === 'nl' || t.kind === 'eof' || c.isPunct(';')) return;
    c.unexpected(t, expecting);
  }

  private chainBody(chain: NftChain, declared: Pos): void {
    const c = this.c;
    for (;;) {
      c.skipNewlines();
      if (c.eatPunct('}')) return;
      const t = c.peek();
      if (t.kind === 'eof') c.unexpected(t);
      if (c.isWord('type')) {
        c.next();
        const spec = parseBaseSpec(c, chain.table.family, t, declared);
        if (
          chain.base &&
          (chain.base.hook !== spec.hook || chain.base.priority !== spec.priority || chain.base.type !== spec.type)
        )
          throw new NftError('Could not process rule: Operation not supported', declared);
        spec.policy = chain.base?.policy ?? 'accept';
        chain.base = spec;
        this.endOfStatement();
      } else if (c.isWord('policy')) {
        c.next();
        const p = c.peek();
        if (!(p.kind === 'word' && (p.value === 'accept' || p.value === 'drop')))
          c.unexpected(p, "accept or drop or '$'");
        c.next();
        if (!chain.base) throw new NftError('Could not process rule: Operation not supported', spanOf(t, p));
        chain.base.policy = p.value as 'accept' | 'drop';
        this.endOfStatement();
      } else if (c.isWord('comment')) {
        c.next();
        chain.comment = c.name().value;
        this.endOfStatement();
      } else if (c.isWord('include')) {
        this.include(c.next());
      } else {
        this.rule(chain, t);
        this.endOfStatement();
      }
    }
  }

  private types(): DataType[] {
    const c = this.c;
    const out: DataType[] = [];
    do {
      const t = c.word('type');
      const type = NAMED_TYPES[t.value];
      if (!type) return c.fail(t, `unknown datatype ${t.value}`);
      out.push(type);
    } while (c.isWord('.') && c.next());
    return out;
  }

  /** A set or map block. Each item ends with a newline or `;` (parser_bison.y set_block, map_block), but for
   * `elements = { … }` and `auto-merge`, which need none; a separator missing after a type or a flag list is
   * reported as bison does, with the tokens that could still continue it. */
  private setBody(set: NftSet): void {
    const c = this.c;
    for (;;) {
      c.skipNewlines();
      if (c.eatPunct('}')) return;
      const t = c.word();
      switch (t.value) {
        case 'type': {
          set.typeofText = undefined;
          set.keyTypes = this.types();
          if (set.map) {
            if (!c.isWord(':')) c.unexpected(c.peek(), "':'");
            c.next();
            if (c.eatWord('verdict')) set.dataType = 'verdict';
            else set.dataType = this.types();
          }
          this.endOfStatement('newline or semicolon or .');
          break;
        }
        case 'typeof': {
          // nft keeps the expressions (NFTNL_UDATA_SET_KEY_TYPEOF) and lists them, not the types they have.
          const key = selectors(c);
          set.keyTypes = key.map((s) => s.type);
          set.typeofText = key.map((s) => s.text).join(' . ');
          if (set.map) {
            if (!c.isWord(':')) c.unexpected(c.peek(), "':'");
            c.next();
            const data = c.eatWord('verdict') ? undefined : selectors(c);
            set.dataType = data ? data.map((s) => s.type) : 'verdict';
            set.typeofText += ` : ${data ? data.map((s) => s.text).join(' . ') : 'verdict'}`;
            this.endOfStatement();
          } else this.endOfStatement('newline or semicolon or .');
          break;
        }
        case 'flags':
          do {
            const f = c.word();
            if (!SET_FLAGS.includes(f.value)) c.unexpected(f, 'constant or interval or dynamic or timeout');
            // Flags are bits (NFT_SET_*): one written twice is one flag.
            if (!set.flags.includes(f.value)) set.flags.push(f.value);
          } while (c.eatPunct(','));
          this.endOfStatement('newline or semicolon or comma');
          break;
        case 'elements':
          c.expectPunct('=');
          c.expectPunct('{');
          parseElements(c, set);
          break;
        case 'comment':
          set.comment = c.name().value;
          this.endOfStatement();
          break;
        case 'timeout':
        case 'gc-interval':
          set.extra.push(`${t.value} ${readTimeWord(c, 'newline or semicolon').value}`);
          this.endOfStatement();
          break;
        case 'size':
        case 'policy':
          set.extra.push(`${t.value} ${c.word().value}`);
          this.endOfStatement();
          break;
        case 'auto-merge':
          // A map cannot merge elements: nft's grammar has no auto-merge in a map block.
          if (set.map) c.unexpected(t);
          set.extra.push(t.value);
          break;
        case 'counter':
          set.extra.push(t.value);
          // A stateful statement list: bison names no expected token after it.
          this.endOfStatement('');
          break;
        case 'include':
          return this.include(t);
        default:
          c.unexpected(t);
      }
    }
  }

  private setDecl(table: NftTable, map: boolean, nameTok: Token): NftSet {
    const set = newSet(nameTok.value, [], map ? 'verdict' : undefined, posOf(nameTok), false);
    set.map = map;
    this.c.expectPunct('{');
    this.setBody(set);
    if (!set.keyTypes.length) throw new NftError('set definition does not specify key', set.pos);
    const known = table.sets.get(set.name);
    if (known) set.handle = known.handle;
    else this.st.handles.newSet(table, set);
    table.sets.set(set.name, set);
    return set;
  }

  /** `counter name { … }`, `quota name { … }` (a command may leave out the block: a counter at zero). */
  private objectDecl(table: NftTable, kind: ObjectKind, nameTok: Token, block: boolean): void {
    const obj = newObject(kind, nameTok, this.st.nextRuleId++);
    if (block) parseObjectBlock(this.c, obj);
    const key = objectKey(kind, obj.name);
    const known = table.objects.get(key);
    if (known) return redeclare(known, obj);
    this.st.handles.newObject(table, obj);
    table.objects.set(key, obj);
  }

  /** `flowtable name { … }` (flowtable.ts); a second declaration of one name replaces what the first said. */
  private flowtableDecl(table: NftTable, nameTok: Token): void {
    const ft = newFlowtable(nameTok);
    this.c.expectPunct('{');
    parseFlowtableBlock(this.c, ft, () => this.endOfStatement());
    const known = table.flowtables.get(ft.name);
    if (known) ft.handle = known.handle;
    else this.st.handles.newFlowtable(table, ft);
    table.flowtables.set(ft.name, ft);
  }

  private tableBody(table: NftTable): void {
    this.st.handles.openBlock(table);
    const c = this.c;
    for (;;) {
      c.skipNewlines();
      if (c.eatPunct('}')) return this.st.handles.closeBlock();
      const t = c.word();
      switch (t.value) {
        case 'chain': {
          const nameTok = this.name();
          const chain = this.chain(table, nameTok, true);
          c.expectPunct('{');
          this.chainBody(chain, posOf(nameTok));
          break;
        }
        case 'set':
        case 'map':
          this.setDecl(table, t.value === 'map', this.name());
          break;
        case 'counter':
        case 'quota':
          this.objectDecl(table, t.value, this.name(), c.expectPunct('{') !== undefined);
          break;
        case 'flowtable':
          this.flowtableDecl(table, this.name());
          break;
        case 'flags':
          do table.flags.push(c.word().value);
          while (c.eatPunct(','));
          break;
        case 'comment':
          table.comment = c.name().value;
          break;
        case 'include':
          return this.include(t);
        default:
          c.unexpected(t);
      }
      this.endOfStatement();
    }
  }

  private command(verb: Token): void {
    const c = this.c;
    const what = c.word();
    switch (what.value) {
      case 'table': {
        const table = this.table(true);
        if (c.eatPunct('{')) this.tableBody(table);
        return;
      }
      case 'chain': {
        const table = this.table(false);
        const nameTok = this.name();
        const chain = this.chain(table, nameTok, true);
        if (c.eatPunct('{')) this.chainBody(chain, posOf(nameTok));
        return;
      }
      case 'rule': {
        const table = this.table(false);
        const chain = this.chain(table, c.name(), false);
        this.rule(chain, c.peek(), verb.value === 'insert');
        return;
      }
      case 'set':
      case 'map': {
        const table = this.table(false);
        this.setDecl(table, what.value === 'map', this.name());
        return;
      }
      case 'flowtable': {
        const table = this.table(false);
        this.flowtableDecl(table, this.name());
        return;
      }
      case 'counter':
      case 'quota': {
        const table = this.table(false);
        this.objectDecl(table, what.value as ObjectKind, this.name(), c.eatPunct('{'));
        return;
      }
      case 'element': {
        const table = this.table(false);
        const name = c.name();
        const set = table.sets.get(name.value);
        if (!set) return c.fail(name, 'Could not process rule: No such file or directory');
        c.expectPunct('{');
        parseElements(c, set);
        return;
      }
      default:
        c.unexpected(what);
    }
  }

  parse(): void {
    const c = this.c;
    for (;;) {
      c.skipNewlines();
      const t = c.peek();
      if (t.kind === 'eof') return;
      if (t.kind !== 'word') c.unexpected(t);
      c.next();
      switch (t.value) {
        case 'table': {
          const table = this.table(true);
          c.expectPunct('{');
          this.tableBody(table);
          break;
        }
        case 'add':
        case 'create':
        case 'insert':
          this.command(t);
          break;
        case 'include':
          return this.include(t);
        case 'flush':
          if (c.eatWord('ruleset')) {
            this.st.ruleset.tables.length = 0;
            this.st.refs.length = 0;
            this.st.objectRefs.length = 0;
            this.st.handles.forget();
          } else c.unexpected(c.peek());
          break;
        default:
          c.unexpected(t);
      }
      this.endOfStatement('end of file or newline or semicolon');
    }
  }
}

/** Reads the text into the state; throws NftError at the first refusal. */
export function parseInto(text: string, st: ParseState): void {
  const lexer = new Lexer(text);
  // Variables are expanded only when the text may use them (the expander costs a call per token); a rule using
  // them cannot be read again from its place alone, so such a text keeps its rules whole.
  if (text.includes('define') || text.includes('$')) parseTokens(new DefineExpander(lexer), st);
  else new Parser(new Cursor(lexer), st, text).parse();
}

/** The same, from any token source (a JSON ruleset is read as the commands it stands for). */
export function parseTokens(tokens: TokenSource, st: ParseState): void {
  new Parser(new Cursor(tokens), st, undefined).parse();
}

export type { Pos };
