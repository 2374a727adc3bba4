// The CLI table for a big range: one row per (target, list) pair, so 150,000 rows is a /16 on a
// few lists whose answers timed out. It used to end in "Maximum call stack size exceeded".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Verdict } from '../../src/model.ts';
import type { Report } from '../../src/report.ts';
import { renderTable } from '../../src/render/table.ts';

test('a table of 150,000 unknown results renders, one line each', () => {
  const results: Verdict[] = Array.from({ length: 150_000 }, (_, i) => ({
    target: `198.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    monitor: 'block',
    list: 'spamcop',
    status: 'unknown',
    codes: [],
    meanings: [],
    txt: [],
    reason: 'timed out',
  }));
  const report: Report = {
    version: 1,
    generator: 'blacklist-patrol test',
    checkedAt: '2026-01-01T00:00:00.000Z',
    resolvers: ['system'],
    lists: [],
    results,
    summary: { targets: 150_000, listed: 0, listings: 0, unknown: 150_000, listsChecked: 1, listsTotal: 1 },
  };
  const lines = renderTable(report, [{ id: 'spamcop', name: 'SpamCop', zone: 'bl.spamcop.net', status: 'ok' }]).split('\n');
  assert.equal(lines.filter((l) => l.endsWith('timed out')).length, 150_000);
  assert.equal(lines.find((l) => l.includes('198.0.0.0')), '  198.0.0.0      block    SpamCop  timed out');
});
