// The README's table of lists, generated from the catalog (between the lists markers).
// --check exits 1 when the README is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { renderListsTable } from '../src/render/lists-table.ts';

const file = new URL('../README.md', import.meta.url);
const START = '<!-- lists:start (generated from src/dnsbl/catalog.ts by npm run build) -->';
const END = '<!-- lists:end -->';
const readme = await readFile(file, 'utf8');
const a = readme.indexOf(START);
const b = readme.indexOf(END);
if (a < 0 || b < a) {
  console.error('README.md has no lists markers');
  process.exit(1);
}
const fresh = `${readme.slice(0, a + START.length)}\n${renderListsTable()}\n${readme.slice(b)}`;
if (process.argv.includes('--check')) {
  if (fresh !== readme) {
    console.error('README.md list table is stale; run npm run build');
    process.exit(1);
  }
} else if (fresh !== readme) {
  await writeFile(file, fresh);
}
