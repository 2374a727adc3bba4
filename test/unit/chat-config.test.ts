// notify.chat in monitors.yml: when to post and which severities; the URLs never live here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic, parseConfig } from '../../src/config/load.ts';

const ONE = 'monitors:\n  - { name: mx, address: 8.8.8.8 }\n';

function errors(yaml: string): string[] {
  const r = parseConfig(yaml, 'monitors.yml');
  return r.ok ? [] : r.errors.map(formatDiagnostic);
}

test('notify.chat: absent stays absent (a chat secret then posts as when: changes); an empty section means changes', () => {
  const none = parseConfig(ONE, 'monitors.yml');
  assert.ok(none.ok);
  assert.equal(none.config.notify.chat, undefined);
  const empty = parseConfig(`${ONE}notify:\n  chat: {}\n`, 'monitors.yml');
  assert.ok(empty.ok);
  assert.deepEqual(empty.config.notify.chat, { when: 'changes' });
  const full = parseConfig(`${ONE}notify:\n  chat: { when: always, severities: [high, medium] }\n`, 'monitors.yml');
  assert.ok(full.ok);
  assert.deepEqual(full.config.notify.chat, { when: 'always', severities: ['high', 'medium'] });
});

test('notify.chat mistakes: line, column and what to write', () => {
  assert.deepEqual(errors(`${ONE}notify:\n  chat: { when: daily }\n`), [
    "monitors.yml:4:17: error: notify.chat.when: expected one of always, listed, changes, never, got 'daily'",
  ]);
  assert.deepEqual(errors(`${ONE}notify:\n  chat: { severities: [critical] }\n`), [
    "monitors.yml:4:24: error: notify.chat.severities[0]: expected one of high, medium, low, info, got 'critical'",
  ]);
  assert.deepEqual(errors(`${ONE}notify:\n  chat: { severities: [] }\n`), ['monitors.yml:4:23: error: notify.chat.severities: expected at least one of high, medium, low, info, got an empty list']);
  // A webhook URL grants posting rights: it is a secret, never a key of monitors.yml.
  assert.match(errors(`${ONE}notify:\n  chat: { slack: "https://hooks.slack.com/services/T/B/x" }\n`)[0] ?? '', /^monitors\.yml:4:11: error: unknown key 'slack' in notify\.chat; expected one of when, severities/);
});
