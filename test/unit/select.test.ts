// Which lists a run uses, and how lists that need a key are named when it is missing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Dns } from '../../src/model.ts';
import { LISTS } from '../../src/dnsbl/catalog.ts';
import { checkTargets, type Keys } from '../../src/dnsbl/check.ts';
import { selectLists } from '../../src/dnsbl/select.ts';
import { coverageLine } from '../../src/render/coverage.ts';

/** No list that needs a key may be queried without it: any query fails the test. */
const noDns: Dns = {
  a: () => Promise.reject(new Error('queried')),
  aaaa: () => Promise.reject(new Error('queried')),
  txt: () => Promise.reject(new Error('queried')),
  mx: () => Promise.reject(new Error('queried')),
  ptr: () => Promise.reject(new Error('queried')),
};

async function keyListCoverage(skip: string[], keys: Keys): Promise<{ ids: string[]; line: string; fixes: string[] }> {
  const { lists } = selectLists({ use: 'default', add: [], skip });
  const keyed = lists.filter((l) => l.access === 'key' && !(l.key && keys[l.key]));
  const summary = await checkTargets([], keyed, noDns, { concurrency: 1, perListConcurrency: 1, keys }, () => undefined);
  return { ids: lists.filter((l) => l.access === 'key').map((l) => l.id), line: coverageLine(summary.lists), fixes: summary.lists.map((h) => h.fix ?? '') };
}

describe('lists that need a key', () => {
  const defaultKeyLists = LISTS.filter((l) => l.default && l.access === 'key').map((l) => l.id);

  test('without their key, every default one is named as not checked with the key it needs: Spamhaus and Abusix alike', async () => {
    const { ids, line, fixes } = await keyListCoverage([], {});
    assert.deepEqual(ids, defaultKeyLists);
    assert.ok(defaultKeyLists.includes('abusix-combined') && defaultKeyLists.includes('spamhaus-zen-dqs'));
    assert.equal(line, 'checked 0 of 5 lists; not checked: Spamhaus ZEN, Spamhaus AuthBL, Spamhaus DBL (needs a Spamhaus DQS key); Abusix Mail Intelligence, Abusix domain blocklist (needs an Abusix Mail Intelligence key)');
    for (const fix of fixes) assert.match(fix, /lists\.skip/, 'the fix says how to stop being told');
  });

  test('a key turns its lists on; lists.skip leaves them out of the run and of the coverage line', async () => {
    const withKey = await keyListCoverage([], { abusix: 'k' });
    assert.deepEqual(withKey.ids, defaultKeyLists);
    assert.doesNotMatch(withKey.line, /Abusix/);
    const skipped = await keyListCoverage(['abusix-combined', 'abusix-dblack'], {});
    assert.deepEqual(skipped.ids, ['spamhaus-zen-dqs', 'spamhaus-authbl-dqs', 'spamhaus-dbl-dqs']);
    assert.doesNotMatch(skipped.line, /Abusix/);
  });
});
