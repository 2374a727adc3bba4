// Every workflow declares least-privilege permissions, concurrency and a timeout per job; the
// template's development workflows run only in the template, an operator's in every copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';

const dir = new URL('../../.github/workflows/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));

interface Job {
  if?: string;
  'runs-on'?: string;
  'timeout-minutes'?: number;
  permissions?: Record<string, string>;
  concurrency?: Workflow['concurrency'];
  steps: { uses?: string; with?: Record<string, unknown> }[];
}

interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean; queue?: string };
  jobs: Record<string, Job>;
}

function load(f: string): Workflow {
  return parse(readFileSync(new URL(f, dir), 'utf8')) as Workflow;
}

/** What an operator's copy runs. Every other workflow is the template's own development. */
const OPERATOR = ['patrol.yml', 'recheck.yml', 'validate.yml'];
/** The only write a workflow may ask for: the patrol and /recheck keep issues. */
const WRITES: Record<string, Record<string, string>> = { 'patrol.yml': { issues: 'write' }, 'recheck.yml': { issues: 'write' } };
/** Events whose payload carries `repository.is_template` (a schedule's has no repository). */
const TEMPLATE_AWARE = new Set(['push', 'pull_request', 'workflow_dispatch', 'merge_group']);

test('the template ships patrol, recheck, validate and CI workflows', () => {
  assert.deepEqual(files.sort(), ['ci.yml', 'patrol.yml', 'recheck.yml', 'validate.yml']);
});

for (const f of files) {
  test(`${f}: least-privilege permissions, concurrency and timeout-minutes are set`, () => {
    const w = load(f);
    assert.ok(w.permissions, 'top-level permissions (otherwise the token gets the repository default, possibly write-all)');
    assert.equal(typeof w.permissions, 'object', 'permissions listed one by one, never read-all or write-all');
    assert.ok(w.concurrency?.group, 'concurrency group');
    for (const [scope, permissions] of [['workflow', w.permissions], ...Object.entries(w.jobs).map(([name, job]) => [name, job.permissions] as const)] as const) {
      for (const [permission, level] of Object.entries(permissions ?? {})) {
        const allowed = WRITES[f]?.[permission] === level || level === 'read' || level === 'none';
        assert.ok(allowed, `${f} ${scope}: ${permission}: ${level} is more than it needs`);
      }
    }
    for (const [name, job] of Object.entries(w.jobs)) {
      assert.ok(typeof job['timeout-minutes'] === 'number' && job['timeout-minutes'] <= 60, `${name} has timeout-minutes`);
    }
    // What actionlint does not check yet (scripts/lint-workflows.ts): GitHub takes single or max, and refuses max with cancel-in-progress.
    for (const c of [w.concurrency, ...Object.values(w.jobs).map((j) => j.concurrency)]) {
      if (c?.queue === undefined) continue;
      assert.ok(c.queue === 'single' || c.queue === 'max', `queue: ${c.queue}`);
      assert.ok(!(c.queue === 'max' && c['cancel-in-progress'] === true), 'queue: max with cancel-in-progress: true is refused by GitHub');
    }
  });
}

for (const f of files.filter((x) => !OPERATOR.includes(x))) {
  test(`${f}: a development workflow runs only in the template repository, never in an operator's copy`, () => {
    const w = load(f);
    for (const event of Object.keys(w.on)) assert.ok(TEMPLATE_AWARE.has(event), `${event}: its payload does not say whether this is the template`);
    for (const [name, job] of Object.entries(w.jobs)) assert.equal(job.if, 'github.event.repository.is_template', `${name} is guarded`);
  });
}

for (const f of OPERATOR) {
  test(`${f}: an operator workflow runs in every copy (no template guard)`, () => {
    for (const [name, job] of Object.entries(load(f).jobs)) assert.doesNotMatch(job.if ?? '', /is_template/, name);
  });
}

test('Dependabot proposes only action updates, which an operator can judge; no npm pull requests in copies', () => {
  const config = parse(readFileSync(new URL('../../.github/dependabot.yml', import.meta.url), 'utf8')) as { updates: { 'package-ecosystem': string }[] };
  assert.deepEqual(config.updates.map((u) => u['package-ecosystem']), ['github-actions']);
});

test('patrol.yml: scheduled at an odd minute, manual runs, issues: write only, never cancelled mid-run', () => {
  const w = load('patrol.yml');
  const cron = (w.on.schedule as { cron: string }[])[0]?.cron ?? '';
  assert.notEqual(cron.split(' ')[0], '0');
  assert.ok(w.on.workflow_dispatch);
  assert.deepEqual(w.permissions, { contents: 'read', issues: 'write' });
  assert.deepEqual(w.concurrency, { group: 'blacklist-patrol', 'cancel-in-progress': false, queue: 'max' }, 'queued behind a running /recheck, never replaced by a pending one');
  const step = w.jobs.patrol?.steps.find((s) => s.uses === './');
  assert.ok(step, 'uses the action from the repository itself');
  for (const secret of ['spamhaus-dqs-key', 'smtp-url', 'slack-webhook-url', 'teams-webhook-url', 'discord-webhook-url', 'webhook-url', 'webhook-secret']) {
    assert.match(String(step.with?.[secret]), /^\$\{\{ secrets\.[A-Z_]+ \}\}$/, secret);
  }
});

test('recheck.yml: new issue comments only; the patrol\'s group, queued, for exactly the comments its job runs on; issues: write only', () => {
  const w = load('recheck.yml');
  assert.deepEqual(w.on, { issue_comment: { types: ['created'] } });
  assert.deepEqual(w.permissions, { contents: 'read', issues: 'write' });
  const job = w.jobs.recheck;
  assert.ok(job && Object.keys(w.jobs).length === 1);
  const cond = /^\$\{\{ (.+) \}\}$/.exec(job.if ?? '')?.[1] ?? '';
  for (const part of ['!github.event.issue.pull_request', "contains(github.event.issue.labels.*.name, 'blacklist-patrol')", "startsWith(github.event.comment.body, '/recheck')", 'github.event.comment.author_association']) {
    assert.ok(cond.includes(part), `the job's condition checks ${part}`);
  }
  // The same condition picks the patrol's group; every other comment gets a group of its own and never waits in the patrol's queue.
  assert.equal(w.concurrency?.group, `\${{ (${cond}) && '${load('patrol.yml').concurrency?.group}' || format('blacklist-patrol-ignored-{0}', github.run_id) }}`);
  assert.equal(w.concurrency?.['cancel-in-progress'], false);
  assert.equal(w.concurrency?.queue, 'max');
  assert.ok((job['timeout-minutes'] ?? 99) <= 15);
  const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
  assert.equal(checkout?.with?.['persist-credentials'], false);
  assert.equal(checkout?.with?.ref, undefined, 'the default branch, never code named by the comment');
  const step = job.steps.find((s) => s.uses === './');
  assert.equal(step?.with?.mode, 'recheck');
  for (const secret of ['spamhaus-dqs-key', 'slack-webhook-url', 'webhook-url', 'webhook-secret']) assert.match(String(step?.with?.[secret]), /^\$\{\{ secrets\.[A-Z_]+ \}\}$/, secret);
});

test('validate.yml: pull_request (never pull_request_target), read-only, no secrets', () => {
  const w = load('validate.yml');
  assert.ok(w.on.pull_request);
  assert.equal(w.on.pull_request_target, undefined);
  assert.deepEqual(w.permissions, { contents: 'read', issues: 'read' }, 'read-only; issues: read lets it check assignees');
  assert.doesNotMatch(readFileSync(new URL('validate.yml', dir), 'utf8'), /secrets\./);
});

test('action.yml is valid YAML (GitHub refuses to load the action otherwise) and runs dist/index.js on node24', () => {
  const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8'), { strict: true }) as { runs: { using: string; main: string } };
  assert.deepEqual(action.runs, { using: 'node24', main: 'dist/index.js' });
});
