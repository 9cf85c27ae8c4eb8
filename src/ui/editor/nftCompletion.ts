// Completion for nftables text: what may come next at the cursor, from the words before it on the line. The
// expression words and their fields come from the engine's nft registry (nftVocabulary.ts). Pure over strings.
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { Suggestion, Suggestions } from './completion.ts';
import {
  NFT_BLOCK_WORDS,
  NFT_CHAIN_TYPES,
  NFT_COMMANDS,
  NFT_EXPRESSIONS,
  NFT_FAMILIES,
  NFT_HOOKS,
  NFT_PRIORITIES,
  NFT_SET_FLAGS,
  NFT_SET_TYPES,
  NFT_STATEMENTS,
  NFT_VERDICTS,
} from './nftVocabulary.ts';

function of(labels: readonly string[], type: Suggestion['type']): Suggestion[] {
  return labels.map((label) => ({ label, type }));
}

/** Chains and sets the text declares (`chain NAME {`, `set NAME {`, `map NAME {`). */
export function declaredNames(text: string): { chains: string[]; sets: string[] } {
  const chains = new Set<string>();
  const sets = new Set<string>();
  for (const m of text.matchAll(/(?:^|\s)chain\s+(?:(?:ip|ip6|inet|arp|bridge|netdev)\s+\S+\s+)?("[^"]+"|[^\s{]+)/g))
    if (m[1]) chains.add(m[1].replace(/"/g, ''));
  for (const m of text.matchAll(/(?:^|\s)(?:set|map)\s+("[^"]+"|[^\s{]+)\s*\{/g))
    if (m[1]) sets.add(m[1].replace(/"/g, ''));
  return { chains: [...chains].sort(), sets: [...sets].sort() };
}

const RULE_START: Suggestion[] = [
  ...of(Object.keys(NFT_EXPRESSIONS), 'function'),
  ...of(NFT_STATEMENTS, 'keyword'),
  ...of(NFT_VERDICTS, 'constant'),
];

/** What fits at the end of `before` (the line up to the cursor), given the names the document declares. */
export function suggestNft(before: string, names: { chains: string[]; sets: string[] }): Suggestions | null {
  const partial = /[^\s]*$/.exec(before)?.[0] ?? '';
  const from = before.length - partial.length;
  const words = before.slice(0, from).trim().split(/\s+/).filter(Boolean);
  const previous = words[words.length - 1];
  if (partial.startsWith('@')) return { from, options: names.sets.map((s) => ({ label: `@${s}`, type: 'variable' })) };
  if (previous === undefined)
    return { from, options: [...of(NFT_COMMANDS, 'keyword'), ...of(NFT_BLOCK_WORDS, 'keyword'), ...RULE_START] };
  if (BEFORE_NAME.has(previous))
    return { from, options: of(['table', 'chain', 'rule', 'set', 'map', 'element'], 'keyword') };
  const afterCommand = words.length >= 2 && BEFORE_NAME.has(words[words.length - 2]!);
  if (previous === 'table' || afterCommand) return { from, options: of(NFT_FAMILIES, 'namespace') };
  if (previous === 'type') {
    const inSet = words.length === 1;
    return {
      from,
      options: inSet
        ? [...of(NFT_CHAIN_TYPES, 'constant'), ...of(NFT_SET_TYPES, 'class')]
        : of(NFT_CHAIN_TYPES, 'constant'),
    };
  }
  if (previous === 'hook') return { from, options: of(NFT_HOOKS, 'constant') };
  if (previous === 'priority') return { from, options: of(NFT_PRIORITIES, 'constant') };
  if (previous === 'policy') return { from, options: of(['accept', 'drop'], 'constant') };
  if (previous === 'flags') return { from, options: of(NFT_SET_FLAGS, 'constant') };
  if (previous === 'jump' || previous === 'goto') return { from, options: of(names.chains, 'variable') };
  const fields = NFT_EXPRESSIONS[previous];
  if (fields && fields.length > 0) return { from, options: of(fields, 'property') };
  if (partial === '') return null;
  return { from, options: RULE_START };
}

const BEFORE_NAME = new Set(['add', 'insert', 'create', 'delete', 'flush']);

/** The CodeMirror completion source for nftables text. */
export function nftCompletion(context: CompletionContext): CompletionResult | null {
  const line = context.state.doc.lineAt(context.pos);
  const before = line.text.slice(0, context.pos - line.from);
  const found = suggestNft(before, declaredNames(context.state.doc.toString()));
  if (!found || (found.from === before.length && !context.explicit)) return null;
  const options: Completion[] = found.options.map((o) => ({ label: o.label, type: o.type }));
  return { from: line.from + found.from, options, validFor: /^[^\s]*$/ };
}
