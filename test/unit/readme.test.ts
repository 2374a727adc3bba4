// The README stays true: its tables are action.yml's, the catalog's and the CLI's, its examples are
// what the code prints, and its quick-start commands exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { EXIT, main } from '../../src/cli.ts';
import { checkTargets } from '../../src/dnsbl/check.ts';
import { selectLists } from '../../src/dnsbl/select.ts';
import { coverageLine } from '../../src/render/coverage.ts';
import { emailSubject } from '../../src/render/email.ts';
import { renderListsTable } from '../../src/render/lists-table.ts';
import type { TargetChange } from '../../src/state/diff.ts';
import { NAME, NODE_MAJOR, VERSION } from '../../src/version.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
  engines: { node: string };
  scripts: Record<string, string>;
};
/** Lists that need a key are never queried without it. */
const fail = (): never => {
  throw new Error('queried');
};
const read = (file: string): string => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

test('the README list table matches the catalog (npm run build regenerates it)', () => {
  assert.ok(readme.includes(`\n${renderListsTable()}\n`), 'README.md list table is stale: run npm run build');
});

test('the quick start commands are the ones package.json provides', () => {
  assert.match(readme, /npm ci && npm start/);
  assert.match(readme, /npm test/);
  for (const script of ['start', 'test', 'demo', 'bench', 'build', 'lint', 'typecheck']) assert.ok(pkg.scripts[script], `npm run ${script} exists`);
  for (const image of ['docs/sample-issue.png', 'docs/sample-email.png', 'docs/sample-slack.png']) {
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

// ---------------------------------------------------------------------------------------------
// The README and action.yml agree, and the README's examples are what the code prints.

interface ActionYml {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
}
const action = parse(read('action.yml')) as ActionYml;

/** The rows of the Markdown table whose header row starts with `| first |`. */
function tableRows(first: string): string[][] {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${first} |`));
  assert.ok(start >= 0, `README has a table headed '${first}'`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

/** `a`, `b` → ['a', 'b']. */
const codeSpans = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');

test('every input of action.yml is in the README table, with the same default, and nothing else is', () => {
  const rows = tableRows('input');
  const named = rows.flatMap((r) => codeSpans(r[0] ?? ''));
  assert.deepEqual([...named].sort(), Object.keys(action.inputs).sort());
  for (const r of rows) {
    const fixed = action.inputs[codeSpans(r[0] ?? '')[0] ?? '']?.default ?? '';
    if (fixed === '' || fixed.includes('${{')) continue; // computed at run time: the README says how
    assert.equal(r[1], `\`${fixed}\``, `${r[0]}: README default`);
  }
});

test('every output of action.yml is in the README table, and nothing else is', () => {
  assert.deepEqual(tableRows('output').map((r) => codeSpans(r[0] ?? '')[0]).sort(), Object.keys(action.outputs).sort());
});

test('the exit-code table has one row per exit code of the CLI, as --help lists them', async () => {
  assert.deepEqual(tableRows('code').map((r) => Number(r[0])), [...new Set(Object.values(EXIT))].sort((a, b) => a - b));
  const help: string[] = [];
  await main(['--help'], { out: (t) => help.push(t), err: (t) => help.push(t), env: {}, progress: false });
  for (const code of Object.values(EXIT)) assert.match(help.join('\n'), new RegExp(`\\b${code} `), `--help names exit code ${code}`);
});

test('the README command line is the one --help prints', async () => {
  const help: string[] = [];
  await main(['--help'], { out: (t) => help.push(t), err: (t) => help.push(t), env: {}, progress: false });
  const block = /## The command line\n\n```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
  const synopsis = squash(help.join('\n').split('\n\n')[0]?.replace(/^Usage:/, '') ?? '');
  assert.ok(block.length > 0);
  assert.equal(squash(block), synopsis);
});

test('the email subject example is what emailSubject writes', () => {
  const listing = { codes: ['127.0.0.2'], since: '2026-11-20T06:17:00.000Z' };
  const state = {
    '203.0.113.10': { monitor: 'mx1', listings: { spamcop: listing }, clean: {} },
    '203.0.113.11': { monitor: 'mx2', listings: { psbl: listing }, clean: {} },
  };
  const fresh: TargetChange = { target: '203.0.113.11', monitor: 'mx2', kind: 'new', added: ['psbl'], removed: [], recoded: [], before: undefined, after: state['203.0.113.11'] };
  const subject = emailSubject({ date: new Date('2026-11-28T06:17:00Z'), changes: [fresh], state, delisted: [], lists: [], listDefs: new Map(), issueUrl: () => undefined });
  assert.ok(readme.includes(`Subject like \`${subject}\``), `README shows the subject as written: ${subject}`);
});

test('the coverage-line example names the key lists as the code does', async () => {
  const keyed = selectLists({ use: 'default', add: [], skip: [] }).lists.filter((l) => l.access === 'key');
  const summary = await checkTargets([], keyed, { a: fail, aaaa: fail, txt: fail, mx: fail }, { concurrency: 1, perListConcurrency: 1, keys: {} }, () => undefined);
  const notChecked = coverageLine(summary.lists).replace(/^checked \d+ of \d+ lists/, '');
  assert.match(readme, new RegExp(`\`checked \\d+ of \\d+ lists${notChecked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\``));
});
