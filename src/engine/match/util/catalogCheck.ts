// Test support: every Explanation a module emits must have a sentence in src/i18n/en/match.json, and that sentence
// may only use params the explanation carries. Used by the match tests; not by the engine.
import catalog from '../../../i18n/en/match.json' with { type: 'json' };
import type { Explanation } from '../../ext/types.ts';

function lookup(id: string): unknown {
  const path = id.split('.');
  if (path[0] !== 'match') return undefined;
  let node: unknown = catalog;
  for (const key of path.slice(1)) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Problems with the explanations' catalog entries; empty when all are fine. */
export function catalogProblems(explain: readonly Explanation[]): string[] {
  const problems: string[] = [];
  for (const e of explain) {
    const sentence = lookup(e.id);
    if (typeof sentence !== 'string') {
      problems.push(`${e.id}: no sentence in match.json`);
      continue;
    }
    for (const [, name] of sentence.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)) {
      if (name !== undefined && !Object.hasOwn(e.params, name)) problems.push(`${e.id}: param ${name} missing`);
    }
  }
  return problems;
}

/** The sentence of an explanation with its params filled in (for readable assertions). */
export function render(e: Explanation): string {
  const sentence = lookup(e.id);
  if (typeof sentence !== 'string') return `<${e.id}>`;
  return sentence.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => String(e.params[name]));
}
