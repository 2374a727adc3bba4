// The README stays true: its list table is the catalog's, and its quick-start commands exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderListsTable } from '../../src/render/lists-table.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };

test('the README list table matches the catalog (npm run build regenerates it)', () => {
  assert.ok(readme.includes(`\n${renderListsTable()}\n`), 'README.md list table is stale: run npm run build');
});

test('the quick start commands are the ones package.json provides', () => {
  assert.match(readme, /npm ci && npm start/);
  assert.match(readme, /npm test/);
  for (const script of ['start', 'test', 'demo', 'bench', 'build', 'lint', 'typecheck']) assert.ok(pkg.scripts[script], `npm run ${script} exists`);
  for (const image of ['docs/sample-issue.png', 'docs/sample-email.png']) {
    assert.ok(readme.includes(image));
    assert.ok(readFileSync(new URL(`../../${image}`, import.meta.url)).length > 10_000, `${image} is a real picture`);
  }
});
