// Test support shared by the match and target module tests (not used by the engine): every Explanation a module
// emits must have a whole sentence in its i18n catalog, and the sentence may only use params the explanation
// carries. One checker per catalog (match.json for `match.*` ids, target.json for `target.*`), so a module cannot
// borrow another catalog's sentence by accident.
import type { Explanation } from './types.ts';

export interface CatalogCheck {
  /** Problems with the explanations' catalog entries; empty when all are fine. */
  problems(explain: readonly Explanation[]): string[];
  /** The sentence of an explanation with its params filled in (for readable assertions). */
  render(e: Explanation): string;
}

const PARAM = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** A checker for ids `<prefix>.a.b…`, looked up as nested keys of `catalog` (src/i18n/en/<prefix>.json). */
export function catalogCheck(catalog: unknown, prefix: string): CatalogCheck {
  const file = `${prefix}.json`;
  const lookup = (id: string): unknown => {
    const path = id.split('.');
    if (path[0] !== prefix) return undefined;
    let node: unknown = catalog;
    for (const key of path.slice(1)) {
      if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
      node = (node as Record<string, unknown>)[key];
    }
    return node;
  };
  return {
    problems(explain) {
      const problems: string[] = [];
      for (const e of explain) {
        const sentence = lookup(e.id);
        if (typeof sentence !== 'string') {
          problems.push(`${e.id}: no sentence in ${file}`);
          continue;
        }
        for (const [, name] of sentence.matchAll(PARAM)) {
          if (name !== undefined && !Object.hasOwn(e.params, name)) problems.push(`${e.id}: param ${name} missing`);
        }
      }
      return problems;
    },
    render(e) {
      const sentence = lookup(e.id);
      if (typeof sentence !== 'string') return `<${e.id}>`;
      return sentence.replace(PARAM, (_, name: string) => String(e.params[name]));
    },
  };
}
