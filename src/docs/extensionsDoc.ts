// The docs' list of simulated extensions, generated from the engine's registries (scripts/write-extensions-doc.ts
// writes it, src/docs/extensionsDoc.test.ts fails when the committed text is stale): README's "What is simulated"
// lines and docs/extensions.md, a table of every extension with its options.
import { extensionVocabulary, type ExtensionWords } from '../engine/index.ts';
import matchCatalog from '../i18n/en/match.json' with { type: 'json' };
import targetCatalog from '../i18n/en/target.json' with { type: 'json' };

export const README_START = '<!-- extensions: generated from the registries by `npm run docs:extensions` -->';
export const README_END = '<!-- /extensions -->';

const names = (list: readonly ExtensionWords[]) => list.map((e) => e.name).join(', ');

/** A list item wrapped at the README's width (120), continuation lines indented by two. */
function item(text: string, width = 120): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `  ${word}`;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

/** The README lines between the markers. */
export function readmeSection(): string {
  const { matches, targets, standardTargets } = extensionVocabulary();
  const simulated = matches.filter((m) => m.simulated);
  const kept = matches.filter((m) => !m.simulated);
  return [
    README_START,
    item(
      `- **Matches** (one module each, \`src/engine/match/\`; their options: [docs/extensions.md](docs/extensions.md)): ` +
        `generic (\`-p -s -d -i -o -f\`), ${names(simulated)}.`,
    ),
    item(`- **Kept but not simulated** (parsed, saved, treated as matching and marked so): ${names(kept)}.`),
    item(`- **Targets** (\`src/engine/target/\`): ${standardTargets.join(', ')}, jump and goto, ${names(targets)}.`),
    README_END,
  ].join('\n');
}

/** `readme` with its generated section replaced by `section`; undefined when the markers are missing. */
export function withSection(readme: string, section: string): string | undefined {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(0, start) + section + readme.slice(end + README_END.length);
}

function rows(list: readonly ExtensionWords[], about: Record<string, string>, flag: string): string[] {
  return list.map((e) => {
    const options = e.options.length > 0 ? e.options.map((o) => `\`${o}\``).join(' ') : '—';
    return `| ${flag} ${e.name} | ${about[e.name] ?? ''}${e.simulated ? '' : ' (not simulated)'} | ${options} |`;
  });
}

/** docs/extensions.md. */
export function extensionsMarkdown(): string {
  const { matches, targets } = extensionVocabulary();
  const header = ['| extension | what | options |', '| --- | --- | --- |'];
  return [
    '# Extensions the lab knows',
    '',
    "Generated from the engine's registries (`src/engine/match/`, `src/engine/target/`) by `npm run docs:extensions`;",
    'do not edit. A match marked "not simulated" is parsed and saved but treated as matching.',
    '',
    '## Matches',
    '',
    ...header,
    ...rows(matches, matchCatalog.about, '-m'),
    '',
    '## Targets',
    '',
    ...header,
    ...rows(targets, targetCatalog.about, '-j'),
    '',
  ].join('\n');
}
