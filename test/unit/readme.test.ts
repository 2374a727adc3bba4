// The README stays true: its list table is the catalog's, and its quick-start commands exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderListsTable } from '../../src/render/lists-table.ts';
import { NAME, NODE_MAJOR, VERSION } from '../../src/version.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
  engines: { node: string };
  scripts: Record<string, string>;
};
const read = (file: string): string => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

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

test('one version and one Node: src/version.ts, package.json, .node-version, action.yml and the README agree', () => {
  assert.equal(NAME, pkg.name);
  assert.equal(VERSION, pkg.version, 'bump src/version.ts with package.json');
  assert.equal(pkg.engines.node, `>=${NODE_MAJOR}`);
  assert.equal(read('.node-version').trim(), String(NODE_MAJOR));
  assert.match(read('action.yml'), new RegExp(`using: node${NODE_MAJOR}\\n`));
  assert.match(readme, new RegExp(`You need Node\\.js ${NODE_MAJOR} and npm`));
  assert.equal(read('.npmrc').trim(), 'engine-strict=true', 'npm ci on an older Node refuses with the versions needed and running');
});
