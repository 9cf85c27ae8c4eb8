// `npm run docs:extensions`: rewrites README's list of simulated extensions and docs/extensions.md from the registries.
import { readFileSync, writeFileSync } from 'node:fs';
import { extensionsMarkdown, readmeSection, withSection } from '../src/docs/extensionsDoc.ts';

const readme = readFileSync('README.md', 'utf8');
const updated = withSection(readme, readmeSection());
if (updated === undefined) {
  process.stderr.write('README.md has no generated extensions section (its markers are missing)\n');
  process.exit(1);
}
writeFileSync('README.md', updated);
writeFileSync('docs/extensions.md', extensionsMarkdown());
