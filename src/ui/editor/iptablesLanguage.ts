// Syntax highlighting for both ways of writing a ruleset: iptables-save dumps (*table, :CHAIN POLICY [p:b], -A …,
// COMMIT) and iptables command scripts (iptables -t nat -A …). A CodeMirror StreamLanguage: line by line, no
// state beyond "what did the previous word ask for", which is all the shell-like grammar needs.
import { StreamLanguage, type StreamParser, type StringStream } from '@codemirror/language';
import { BUILTIN_CHAIN_NAMES, CHAIN_COMMANDS, STANDARD_TARGETS, TABLE_NAMES, TARGETS } from './vocabulary.ts';

export interface IptablesState {
  /** What the previous word expects next: a chain name, a target, a match module, a table, or a value. */
  expect: 'chain' | 'target' | 'match' | 'table' | 'value' | null;
  /** At the start of a line (for *table, :CHAIN and COMMIT, which only mean something there). */
  lineStart: boolean;
}

const BUILTIN = new Set<string>(BUILTIN_CHAIN_NAMES);
const TARGET_NAMES = new Set<string>([...STANDARD_TARGETS, ...TARGETS.keys()]);
const TABLES = new Set<string>(TABLE_NAMES);
const TAKES_A_CHAIN = new Set<string>(CHAIN_COMMANDS);
const TARGET_FLAGS = new Set(['-j', '-g', '--jump', '--goto']);

function word(stream: StringStream): string {
  stream.eatWhile(/[^\s"]/);
  return stream.current();
}

export const iptablesParser: StreamParser<IptablesState> = {
  name: 'iptables',
  startState: () => ({ expect: null, lineStart: true }),
  copyState: (s) => ({ ...s }),
  token(stream, state) {
    if (stream.sol()) {
      state.lineStart = true;
      state.expect = null;
    }
    if (stream.eatSpace()) return null;
    const atLineStart = state.lineStart;
    state.lineStart = false;

    if (stream.peek() === '#') {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.peek() === '"') {
      stream.next();
      while (!stream.eol()) {
        const ch = stream.next();
        if (ch === '\\') stream.next();
        else if (ch === '"') break;
      }
      state.expect = null;
      return 'string';
    }
    if (atLineStart && stream.peek() === '*') {
      stream.skipToEnd();
      return 'heading';
    }
    if (atLineStart && stream.peek() === ':') {
      // ":CHAIN POLICY [packets:bytes]" — the chain name is a definition, the rest reads as values.
      stream.next();
      word(stream);
      state.expect = 'value';
      return 'variableName.definition';
    }
    if (stream.match(/^\[\d+:\d+\]/)) return 'meta';
    if (stream.peek() === '!') {
      stream.next();
      return 'operator';
    }

    const w = word(stream);
    const expected = state.expect;
    state.expect = null;

    if (atLineStart && w === 'COMMIT') return 'keyword';
    if (/^(sudo|iptables|iptables-legacy|iptables-nft|ip6tables)$/.test(w)) return 'keyword';
    if (expected === 'table') return TABLES.has(w) ? 'namespace' : 'invalid';
    if (expected === 'match') return 'typeName';
    if (expected === 'target') return TARGET_NAMES.has(w) ? 'atom' : 'variableName';
    if (expected === 'chain') return BUILTIN.has(w) ? 'variableName.standard' : 'variableName';
    if (w === '-t' || w === '--table') {
      state.expect = 'table';
      return 'keyword';
    }
    if (TAKES_A_CHAIN.has(w)) {
      state.expect = 'chain';
      return 'keyword';
    }
    if (TARGET_FLAGS.has(w)) {
      state.expect = 'target';
      return 'keyword';
    }
    if (w === '-m' || w === '--match') {
      state.expect = 'match';
      return 'keyword';
    }
    if (/^--?[A-Za-z][\w-]*$/.test(w)) {
      state.expect = 'value';
      return 'propertyName';
    }
    if (expected === 'value' && (w === 'ACCEPT' || w === 'DROP' || w === '-')) return 'atom';
    if (/^[\d./:,x-]+$/i.test(w)) return 'number';
    if (BUILTIN.has(w)) return 'variableName.standard';
    if (TARGET_NAMES.has(w)) return 'atom';
    return null;
  },
  languageData: { commentTokens: { line: '#' } },
};

export const iptablesLanguage = StreamLanguage.define(iptablesParser);
