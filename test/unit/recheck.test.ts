// /recheck's pure parts: which comments are requests, who may ask, which issues are ours, and the
// answer's wording, with hostile list names and TXT kept as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ListDef, Verdict } from '../../src/model.ts';
import { renderMarker } from '../../src/notify/marker.ts';
import { isRecheckCommand, mayRecheck, ourTarget, parseRecheckEvent, recheckFingerprint } from '../../src/notify/recheck.ts';
import { recheckReply } from '../../src/render/recheck.ts';

const event = (over: Record<string, unknown> = {}, comment: Record<string, unknown> = {}, issue: Record<string, unknown> = {}): unknown => ({
  action: 'created',
  issue: { number: 4, labels: [{ name: 'blacklist-patrol' }, { name: 'mail' }], ...issue },
  comment: { id: 99, body: '/recheck', user: { login: 'ops' }, html_url: 'https://github.com/o/r/issues/4#issuecomment-99', ...comment },
  ...over,
});

test('the command: /recheck alone on the first line, any case, a note may follow; nothing else', () => {
  for (const yes of ['/recheck', '  /recheck  ', '/ReCheck', '/recheck\nasked Spamhaus to remove it', '/recheck\r\n203.0.113.9']) assert.ok(isRecheckCommand(yes), JSON.stringify(yes));
  for (const no of ['/rechecks', 'please /recheck', '/recheck now', '> /recheck', '', undefined, 42]) assert.ok(!isRecheckCommand(no), JSON.stringify(no));
});

test('an issue_comment event: a request only for a new /recheck comment on a labelled issue, never a pull request', () => {
  assert.deepEqual(parseRecheckEvent(event()), { request: { issue: 4, commentId: 99, commenter: 'ops', commentUrl: 'https://github.com/o/r/issues/4#issuecomment-99' } });
  assert.deepEqual(parseRecheckEvent(event({ action: 'edited' })), { ignored: 'the comment was edited, not created' });
  assert.deepEqual(parseRecheckEvent(event({}, { body: 'thanks!' })), { ignored: 'the comment is not /recheck' });
  assert.deepEqual(parseRecheckEvent(event({}, {}, { pull_request: { url: 'x' } })), { ignored: 'the comment is on a pull request' });
  assert.deepEqual(parseRecheckEvent(event({}, {}, { labels: [{ name: 'mail' }] })), { ignored: 'the issue has no blacklist-patrol label' });
  assert.deepEqual(parseRecheckEvent(event({}, { user: null })), { ignored: 'the event has no issue number, comment id or commenter' });
  assert.deepEqual(parseRecheckEvent(null), { ignored: 'the comment was not created, not created' });
});

test('who may ask: admin, maintain and write (also custom roles based on write); triage, read and none may not', () => {
  assert.ok(mayRecheck({ permission: 'admin', roleName: 'admin' }));
  assert.ok(mayRecheck({ permission: 'write', roleName: 'maintain' }));
  assert.ok(mayRecheck({ permission: 'write', roleName: 'deployer' }));
  assert.ok(mayRecheck({ permission: 'write' }));
  for (const p of [{ permission: 'read', roleName: 'triage' }, { permission: 'read', roleName: 'read' }, { permission: 'none' }]) assert.ok(!mayRecheck(p), JSON.stringify(p));
});

test('ours: written by our identity and carrying our marker; a copy by anyone else is not', () => {
  const body = `x\n\n${renderMarker('203.0.113.10', { monitor: 'mx1', listings: {}, clean: {} })}`;
  const issue = { number: 4, title: 't', body, state: 'open' as const, author: 'github-actions[bot]', url: 'u' };
  assert.deepEqual(ourTarget(issue, 'github-actions[bot]'), { target: '203.0.113.10', monitor: 'mx1' });
  assert.equal(ourTarget({ ...issue, author: 'mallory' }, 'github-actions[bot]'), null);
  assert.equal(ourTarget({ ...issue, body: 'no marker' }, 'github-actions[bot]'), null);
  assert.equal(ourTarget(undefined, 'github-actions[bot]'), null);
  assert.equal(recheckFingerprint(99), recheckFingerprint(99));
  assert.notEqual(recheckFingerprint(99), recheckFingerprint(100));
});

test('the answer keeps hostile list names, meanings and reasons as text: no mention, no link, no HTML', () => {
  const evil = 'Evil <img src=x> @everyone [click](https://evil.example) | col';
  const defs = new Map<string, ListDef>([['evil', { id: 'evil', name: evil } as ListDef]]);
  const v = (status: Verdict['status'], reason?: string): Verdict => ({ target: '203.0.113.10', monitor: 'mx1', list: 'evil', status, codes: ['127.0.0.2'], meanings: [evil], txt: [], ...(reason ? { reason } : {}) });
  const common = { target: '203.0.113.10', date: new Date('2026-11-28T10:02:00Z'), listDefs: defs, health: [{ id: 'evil', name: evil, zone: 'x', status: 'ok' as const }], closeAfter: 2, closed: false };
  const listed = recheckReply({ ...common, verdicts: [v('listed')], before: undefined, after: { monitor: 'mx1', listings: { evil: { codes: ['127.0.0.2'], since: '2026-11-28T10:02:00Z' } }, clean: {} } });
  const unknown = recheckReply({ ...common, verdicts: [v('unknown', `timeout ${evil}`)], before: undefined, after: undefined });
  for (const answer of [listed, unknown]) {
    assert.ok(!answer.includes('<img') && !answer.includes('@everyone') && !answer.includes('](https://evil'), answer);
    assert.match(answer, /Evil &lt;img src=x&gt; @\u200beveryone \\\[click\\\]\\\(https:\u200b\/\/evil\.example\\\) \\\| col/);
  }
  assert.match(listed, /\| new: found by this check \|/);
  assert.match(listed, /^\*\*Rechecked `203\.0\.113\.10` just now\*\* · 2026-11-28 10:02 UTC$/m);
});
