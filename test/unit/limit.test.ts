import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdaptiveWindow, Pacer, createLimiter } from '../../src/limit.ts';

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
