// Rewrites the facts table of README.md from the fact catalog, the definitions `plesio facts --list`
// shows. Runs on the built package: npm run readme:facts (builds first).
import { readFile, writeFile } from 'node:fs/promises';
import { factTable, withFactTable } from '../dist/hosts/catalog-table.js';
import { factCatalog } from '../dist/hosts/scan.js';

const readme = new URL('../README.md', import.meta.url);
const before = await readFile(readme, 'utf8');
const after = withFactTable(before, factTable(factCatalog));
if (after === before) {
  console.log('README.md: the facts table is up to date');
} else {
  await writeFile(readme, after);
  console.log('README.md: facts table rewritten');
}
