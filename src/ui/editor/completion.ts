// Completion for the rules editor: what may come next at the cursor, from the words before it on the line.
// Pure (works on strings), so it is tested without a browser; RulesEditor wraps it as a CodeMirror source.
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { Text } from '@codemirror/state';
import i18next from 'i18next';
import {
  BUILTIN_CHAIN_NAMES,
  CHAIN_COMMANDS,
  COMMANDS,
  GENERIC_OPTIONS,
  MATCHES,
  OPTION_VALUES,
  STANDARD_TARGETS,
  TABLE_NAMES,
  TARGETS,
} from './vocabulary.ts';

export interface Suggestion {
  label: string;
  /** CodeMirror's completion icon kinds. */
  type: 'keyword' | 'namespace' | 'class' | 'function' | 'property' | 'constant' | 'variable';
  /** Catalog id of a one-line description (extensions: `match:about.tcp`), shown beside the label. */
  about?: string;
}

export interface Suggestions {
  /** Where the word being completed starts on the line. */
  from: number;
  options: Suggestion[];
}

const TAKES_A_CHAIN = new Set<string>(CHAIN_COMMANDS);
const PROTO_MATCH: Record<string, string> = {
  tcp: 'tcp',
  udp: 'udp',
  icmp: 'icmp',
  sctp: 'sctp',
  '6': 'tcp',
  '17': 'udp',
  '1': 'icmp',
  '132': 'sctp',
};

/** User chains a ruleset declares, in either form (":NAME - [0:0]" or "-N NAME" / "iptables -N NAME"). */
export function declaredChains(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/^:([^\s]+)\s/gm)) if (m[1]) names.add(m[1]);
  for (const m of text.matchAll(/(?:^|\s)(?:-N|--new-chain)\s+([^\s]+)/gm)) if (m[1]) names.add(m[1]);
  for (const b of BUILTIN_CHAIN_NAMES) names.delete(b);
  return [...names].sort();
}

/** Extensions as suggestions, with their descriptions. */
function extensions(list: ReadonlyMap<string, { name: string; about: string }>): Suggestion[] {
  return [...list.values()].map((e) => ({ label: e.name, type: 'function', about: e.about }));
}

function of(labels: readonly string[], type: Suggestion['type']): Suggestion[] {
  return labels.map((label) => ({ label, type }));
}

/** What fits at the end of `before` (the line up to the cursor), given the user chains of the document. */
export function suggest(before: string, userChains: readonly string[]): Suggestions | null {
  const partial = /[^\s]*$/.exec(before)?.[0] ?? '';
  const from = before.length - partial.length;
  const words = before.slice(0, from).trim().split(/\s+/).filter(Boolean);
  const previous = words[words.length - 1];
  const chains = [...of(BUILTIN_CHAIN_NAMES, 'class'), ...of(userChains, 'variable')];

  if (words.length === 0) {
    if (partial.startsWith('*'))
      return { from, options: TABLE_NAMES.map((t) => ({ label: `*${t}`, type: 'namespace' })) };
    if (partial.startsWith(':')) return { from, options: chains.map((c) => ({ ...c, label: `:${c.label}` })) };
    if (partial.startsWith('-')) return { from, options: of(COMMANDS, 'keyword') };
    return { from, options: of(['iptables', 'COMMIT'], 'keyword') };
  }
  if (previous === '-t' || previous === '--table') return { from, options: of(TABLE_NAMES, 'namespace') };
  if (previous && TAKES_A_CHAIN.has(previous)) return { from, options: chains };
  if (previous === '-j' || previous === '--jump' || previous === '-g' || previous === '--goto') {
    const targets = [...of(STANDARD_TARGETS, 'constant'), ...extensions(TARGETS)];
    return { from, options: [...targets, ...of(userChains, 'variable')] };
  }
  if (previous === '-m' || previous === '--match') return { from, options: extensions(MATCHES) };
  if (previous && OPTION_VALUES[previous] && !partial.startsWith('-'))
    return { from, options: of(OPTION_VALUES[previous] ?? [], 'constant') };
  if (partial.startsWith('-') || partial === '') {
    const options = new Set<string>();
    // Options of the matches loaded so far (explicit -m, or implicit by -p), then of the target, then generic ones.
    words.forEach((w, i) => {
      const next = words[i + 1];
      if ((w === '-m' || w === '--match') && next) for (const o of MATCHES.get(next)?.options ?? []) options.add(o);
      if ((w === '-p' || w === '--protocol') && next && PROTO_MATCH[next])
        for (const o of MATCHES.get(PROTO_MATCH[next])?.options ?? []) options.add(o);
      if ((w === '-j' || w === '--jump') && next) for (const o of TARGETS.get(next)?.options ?? []) options.add(o);
    });
    if (partial === '' && options.size === 0) return null;
    for (const o of GENERIC_OPTIONS) options.add(o);
    return { from, options: of([...options], 'property') };
  }
  return null;
}

/** Below this size the chains are read again on every keystroke; above it (a kube-proxy dump is megabytes) at most
 * every few seconds: a chain list a moment old is good enough for completion. */
const SMALL_DOC = 256 * 1024;
const REFRESH_MS = 3000;
let cached: { doc: Text; chains: string[]; at: number } | null = null;

function chainsOf(doc: Text): string[] {
  const now = performance.now();
  if (cached && (cached.doc === doc || (doc.length > SMALL_DOC && now - cached.at < REFRESH_MS))) return cached.chains;
  cached = { doc, chains: declaredChains(doc.toString()), at: now };
  return cached.chains;
}

/** The CodeMirror completion source: the document's own chains plus the vocabulary. */
export function iptablesCompletion(context: CompletionContext): CompletionResult | null {
  const line = context.state.doc.lineAt(context.pos);
  const before = line.text.slice(0, context.pos - line.from);
  const found = suggest(before, chainsOf(context.state.doc));
  if (!found || (found.from === before.length && !context.explicit)) return null;
  const options: Completion[] = found.options.map((o) =>
    o.about === undefined
      ? { label: o.label, type: o.type }
      : { label: o.label, type: o.type, detail: i18next.t(o.about) },
  );
  return { from: line.from + found.from, options, validFor: /^[^\s]*$/ };
}
