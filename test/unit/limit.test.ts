import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AdaptiveWindow, Pacer, createLimiter } from '../../src/limit.ts';
import { PACED_RUN_SECONDS, runBudget } from '../../src/dnsbl/check.ts';
import { findList } from '../../src/dnsbl/catalog.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('createLimiter: never more than n at once, every result returned, FIFO start order', async () => {
  const limit = createLimiter(3);
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      limit(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await sleep(1 + ((i * 7) % 4));
        running--;
        return i * 10;
      }),
    ),
  );
  assert.equal(peak, 3);
  assert.deepEqual(results, Array.from({ length: 20 }, (_, i) => i * 10));
  assert.deepEqual(started, Array.from({ length: 20 }, (_, i) => i));
});

test('createLimiter: errors propagate and free their slot', async () => {
  const limit = createLimiter(1);
  await assert.rejects(limit(() => Promise.reject(new Error('boom'))), /boom/);
  await assert.rejects(
    limit(() => {
      throw new Error('sync boom');
    }),
    /sync boom/,
  );
  assert.equal(await limit(() => Promise.resolve('still works')), 'still works');
});

test('createLimiter: refuses a nonsense width', () => {
  assert.throws(() => createLimiter(0), RangeError);
  assert.throws(() => createLimiter(1.5), RangeError);
});

test('AdaptiveWindow: starts where told, grows by about one per window of clean answers, halves on trouble, stays within 1..max', () => {
  const w = new AdaptiveWindow(4, 8);
  assert.equal(w.limit, 4);
  for (let i = 0; i < 4; i++) w.clean();
  assert.equal(w.limit, 4);
  w.clean();
  assert.equal(w.limit, 5);
  for (let i = 0; i < 200; i++) w.clean();
  assert.equal(w.limit, 8);
  w.trouble();
  assert.equal(w.limit, 4);
  for (let i = 0; i < 10; i++) w.trouble();
  assert.equal(w.limit, 1);
  assert.equal(new AdaptiveWindow(16, 8).limit, 8);
});

test('Pacer: evenly spaced, no burst after a pause', () => {
  const p = new Pacer(5); // one per 200 ms
  assert.equal(p.take(0), 0);
  assert.equal(p.take(50), 150);
  assert.equal(p.take(200), 0);
  assert.equal(p.take(10_000), 0);
  assert.equal(p.take(10_001), 199);
  assert.throws(() => new Pacer(0), RangeError);
});

describe('what published limits allow one run (runBudget)', () => {
  test("SEM's 5 queries a second: at most ten minutes of its queries in a run, the rest said why", () => {
    const sem = findList('sem-black')?.rateCap;
    const b = runBudget(sem);
    assert.equal(b.budget, 5 * PACED_RUN_SECONDS);
    assert.match(b.overBudget, /published rate of 5 queries a second, this run gives the list at most 10 minutes \(3000 queries\)/);
  });

  test("NordSpam's 10,000 a day: the two test points count, then 9,998 target queries", () => {
    const b = runBudget(findList('nordspam-bl')?.rateCap);
    assert.equal(b.budget, 9998);
    assert.match(b.overBudget, /published limit of 10000 queries a day/);
  });

  test('a daily limit below ten minutes at the paced rate is the one that binds', () => {
    const b = runBudget({ perSecond: 5, perDay: 1000, source: 'https://x.test/' });
    assert.equal(b.budget, 998);
    assert.match(b.overBudget, /a day/);
  });

  test("a pool's daily limit is shared: every list's test points count, and the reason says it is shared", () => {
    const b = runBudget(findList('spamhaus-zen')?.rateCap, 3);
    assert.equal(b.budget, 300_000 - 2 * 3);
    assert.match(b.overBudget, /published limit of 300000 queries a day, shared by its 3 lists$/);
  });

  test('no published limit: no budget', () => {
    assert.equal(runBudget(undefined).budget, Infinity);
  });
});
