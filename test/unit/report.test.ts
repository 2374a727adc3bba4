// The JSON report written piece by piece: one JSON document, the same data as the whole report.
import { printableJsonText } from '../../src/render/escape.ts';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Verdict } from '../../src/model.ts';
import { ReportWriter, VerdictTally, buildReport, writeReport, writeReportFile, type Report } from '../../src/report.ts';

function verdict(i: number): Verdict {
  const listed = i % 3 === 0;
  return {
    target: `198.51.100.${i % 256}`,
    monitor: 'mx "main"\n<b>',
    list: `bl${i % 7}`,
    status: listed ? 'listed' : 'clean',
    codes: listed ? ['127.0.0.2'] : [],
    meanings: listed ? ['spam source'] : [],
    txt: listed ? [`Listed, see https://bl.test/?ip=198.51.100.${i % 256} \u2028 \u0000`] : [],
  };
}

function report(n: number): Report {
  const tally = new VerdictTally();
  for (let i = 0; i < n; i++) tally.add(verdict(i));
  return buildReport({
    checkedAt: new Date('2026-03-01T06:00:00Z'),
    resolvers: ['127.0.0.1:5353'],
    lists: [
      { id: 'bl0', name: 'BL 0', zone: 'bl0.test', status: 'ok' },
      { id: 'bl1', name: 'BL 1', zone: '<key>.bl1.test', status: 'refused', reason: 'refused: needs a key', fix: 'get a key' },
    ],
    tally,
  });
}

function text(r: Report): string {
  const chunks: string[] = [];
  writeReport(r, (lines) => chunks.push(`${lines}\n`));
  return chunks.join('');
}

describe('the streamed report', () => {
  test('parses back to the very report, with 0, 1 and many results (across chunk boundaries)', () => {
    for (const n of [0, 1, 2, 5000]) {
      const r = report(n);
      assert.deepEqual(JSON.parse(text(r)), JSON.parse(JSON.stringify(r)), `${n} results`);
    }
  });

  test('one result per line, in the order given, never sorted', () => {
    const r = report(10);
    const lines = text(r).split('\n').filter((l) => l.startsWith('    {"target"'));
    assert.equal(lines.length, 10);
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l.replace(/,$/, '')) as Verdict).list),
      r.results.map((v) => v.list),
    );
  });

  test('the writer sends complete lines in chunks, not a line at a time', () => {
    const chunks: string[] = [];
    const w = new ReportWriter((lines) => chunks.push(lines));
    const r = report(3000);
    w.begin(r);
    for (const v of r.results) w.result(v);
    w.end(r.summary);
    assert.ok(chunks.length > 1 && chunks.length < 100, `${chunks.length} chunks`);
    assert.deepEqual(JSON.parse(chunks.join('\n')), JSON.parse(JSON.stringify(r)));
  });

  test('writeReportFile writes the same document to a file, with what a terminal would act on escaped', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bp-report-'));
    try {
      const file = path.join(dir, 'report.json');
      const r = report(100);
      writeReportFile(file, r);
      const written = readFileSync(file, 'utf8');
      assert.deepEqual(JSON.parse(written), JSON.parse(text(r)), 'the same data');
      assert.equal(written, printableJsonText(text(r)));
      assert.ok(!written.includes('\u2028') && !written.includes('\0'), 'line separators and NULs only as \\u escapes');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
