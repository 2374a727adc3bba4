import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLimiter } from '../../src/limit.ts';

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
