// Syntax highlighting for nftables text (`nft list ruleset` output and `nft -f` files): a CodeMirror StreamLanguage
// over the registry's words (nftVocabulary.ts). It remembers only the previous word, which is enough to tell a family
// after `table` from the `ip` expression, and a field after its expression keyword.
import { StreamLanguage, type StreamParser, type StringStream } from '@codemirror/language';
import {
  NFT_BLOCK_WORDS,
  NFT_CHAIN_TYPES,
  NFT_COMMANDS,
  NFT_EXPRESSIONS,
  NFT_FAMILIES,
  NFT_HOOKS,
  NFT_NOT_SIMULATED,
  NFT_PRIORITIES,
  NFT_STATEMENTS,
  NFT_VERDICTS,
} from './nftVocabulary.ts';

export interface NftState {
  previous: string | null;
}

const STRUCTURE = new Set<string>([...NFT_COMMANDS, ...NFT_BLOCK_WORDS]);
const FAMILIES = new Set<string>(NFT_FAMILIES);
const VERDICTS = new Set<string>(NFT_VERDICTS);
const STATEMENTS = new Set<string>(NFT_STATEMENTS);
const NOT_SIMULATED = new Set<string>(NFT_NOT_SIMULATED);
/** Words right after `type`, `hook` or `priority` in a base chain declaration. */
const DECLARED: Record<string, Set<string>> = {
  type: new Set(NFT_CHAIN_TYPES),
  hook: new Set(NFT_HOOKS),
  priority: new Set(NFT_PRIORITIES),
  policy: new Set(['accept', 'drop']),
};
/** Words after which a family may come (`table inet x`, `add chain ip t c`). */
const BEFORE_FAMILY = new Set(['table', 'chain', 'set', 'map', 'rule', 'element']);

/** One token's style from the word and the word before it. */
export function nftWordStyle(word: string, previous: string | null): string | null {
  if (previous && DECLARED[previous]?.has(word)) return 'atom';
  if (previous && BEFORE_FAMILY.has(previous) && FAMILIES.has(word)) return 'namespace';
  if (previous && NFT_EXPRESSIONS[previous]?.includes(word)) return 'propertyName';
  if (STRUCTURE.has(word)) return 'keyword';
  if (VERDICTS.has(word)) return 'atom';
  if (word in NFT_EXPRESSIONS) return 'typeName';
  if (STATEMENTS.has(word)) return 'keyword';
  if (NOT_SIMULATED.has(word)) return 'meta';
  if (/^[0-9]/.test(word)) return 'number';
  return null;
}

export const nftParser: StreamParser<NftState> = {
  name: 'nftables',
  startState: () => ({ previous: null }),
  copyState: (s) => ({ ...s }),
  token(stream: StringStream, state: NftState) {
    if (stream.eatSpace()) return null;
    const ch = stream.peek();
    if (ch === '#') {
      stream.skipToEnd();
      return 'comment';
    }
    if (ch === '"') {
      stream.next();
      while (!stream.eol() && stream.next() !== '"');
      return 'string';
    }
    if (ch === '@' || ch === '$') {
      stream.next();
      stream.eatWhile(/[\w./-]/);
      state.previous = null;
      return ch === '$' ? 'variableName.standard' : 'variableName';
    }
    if (stream.match(/^(==|!=|<=|>=|[<>!&|^])/)) return 'operator';
    if (ch !== undefined && '{}();,:.='.includes(ch)) {
      stream.next();
      if (ch === ';' || ch === '{' || ch === '}') state.previous = null;
      return ch === '{' || ch === '}' ? 'brace' : 'punctuation';
    }
    stream.eatWhile(/[^\s{}();,"#@$=!<>&|^]/);
    let w = stream.current();
    // `80:` in a map: the word is `80`, the colon the map operator.
    if (w.length > 1 && w.endsWith(':')) {
      stream.backUp(1);
      w = w.slice(0, -1);
    }
    const style = nftWordStyle(w, state.previous);
    state.previous = w;
    return style;
  },
};

export const nftLanguage = StreamLanguage.define(nftParser);
