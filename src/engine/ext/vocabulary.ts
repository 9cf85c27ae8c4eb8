// The words of the rules language the editor completes and highlights, derived from the match and target registries
// (so a new module is completed, coloured and listed in the docs without another list to edit). Plain data, built
// once from the modules' option tables: no parsing.
import { matchModules } from '../match/index.ts';
import { targetModules } from '../target/index.ts';
import type { MatchModule, TargetModule } from './types.ts';

/** One extension: `-m name` or `-j NAME`, its long options, and the catalog id of its one-line description. */
export interface ExtensionWords {
  name: string;
  /** `match:about.tcp`, `target:about.DNAT`: a short description in the reader's language. */
  about: string;
  options: readonly string[];
  /** False when the lab keeps the rule but cannot evaluate the extension (string, u32, time…). */
  simulated: boolean;
}

export interface ExtensionVocabulary {
  matches: readonly ExtensionWords[];
  targets: readonly ExtensionWords[];
  /** Verdicts the parser and tracer handle themselves, not modules (iptables(8), TARGETS). */
  standardTargets: readonly string[];
}

function wordsOf(kind: 'match' | 'target', m: MatchModule | TargetModule): ExtensionWords {
  return {
    name: m.name,
    about: `${kind}:about.${m.name}`,
    options: Object.keys(m.options),
    simulated: !('simulated' in m) || m.simulated !== false,
  };
}

const byName = (a: ExtensionWords, b: ExtensionWords) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

let vocabulary: ExtensionVocabulary | undefined;

/** Every registered match and target with its options, sorted by name (built on first use). */
export function extensionVocabulary(): ExtensionVocabulary {
  vocabulary ??= {
    matches: matchModules.map((m) => wordsOf('match', m)).sort(byName),
    targets: targetModules.map((m) => wordsOf('target', m)).sort(byName),
    standardTargets: ['ACCEPT', 'DROP', 'RETURN', 'QUEUE'],
  };
  return vocabulary;
}
