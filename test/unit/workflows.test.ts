// Every workflow declares least-privilege permissions, concurrency and a timeout per job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

const dir = new URL('../../.github/workflows/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));

interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean };
  jobs: Record<string, { 'timeout-minutes'?: number; permissions?: Record<string, string>; steps: { uses?: string; with?: Record<string, unknown> }[] }>;
}

function load(f: string): Workflow {
  return parse(readFileSync(new URL(f, dir), 'utf8')) as Workflow;
}

test('the template ships patrol, validate and CI workflows', () => {
  assert.deepEqual(files.sort(), ['ci.yml', 'patrol.yml', 'validate.yml']);
});

for (const f of files) {
  test(`${f}: permissions, concurrency and timeout-minutes are set`, () => {
    const w = load(f);
    assert.ok(w.permissions, 'top-level permissions');
    assert.ok(!Object.values(w.permissions).includes('write-all'));
    assert.ok(w.concurrency?.group, 'concurrency group');
    for (const [name, job] of Object.entries(w.jobs)) {
      assert.ok(typeof job['timeout-minutes'] === 'number' && job['timeout-minutes'] <= 60, `${name} has timeout-minutes`);
    }
  });
}

test('patrol.yml: scheduled at an odd minute, manual runs, issues: write only, never cancelled mid-run', () => {
  const w = load('patrol.yml');
  const cron = (w.on.schedule as { cron: string }[])[0]?.cron ?? '';
  assert.notEqual(cron.split(' ')[0], '0');
  assert.ok(w.on.workflow_dispatch);
  assert.deepEqual(w.permissions, { contents: 'read', issues: 'write' });
  assert.equal(w.concurrency?.['cancel-in-progress'], false);
  const step = w.jobs.patrol?.steps.find((s) => s.uses === './');
  assert.ok(step, 'uses the action from the repository itself');
  for (const secret of ['spamhaus-dqs-key', 'smtp-url']) assert.match(String(step.with?.[secret]), /secrets\./);
});

test('validate.yml: pull_request (never pull_request_target), read-only, no secrets', () => {
  const w = load('validate.yml');
  assert.ok(w.on.pull_request);
  assert.equal(w.on.pull_request_target, undefined);
  assert.deepEqual(w.permissions, { contents: 'read' });
  assert.doesNotMatch(readFileSync(new URL('validate.yml', dir), 'utf8'), /secrets\./);
});

test('action.yml is valid YAML (GitHub refuses to load the action otherwise) and runs dist/index.js on node24', () => {
  const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8'), { strict: true }) as { runs: { using: string; main: string } };
  assert.deepEqual(action.runs, { using: 'node24', main: 'dist/index.js' });
});
