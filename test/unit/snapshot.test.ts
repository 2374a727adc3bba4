// The saved state read back as untrusted input: every field checked, the first problem named by
// its path (so the warning in the log says what was wrong), sizes bounded before parsing, and
// only a regular file read. The real cache round trip is in test/integration/state-integrity.
import { describe, test } from 'node:test';
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return -- the cases write wrong shapes into the JSON on purpose */
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SNAPSHOT_LIMITS as L, SNAPSHOT_VERSION, SnapshotError, parseSnapshot, readSnapshotFile, serializeSnapshot, startingState, startingUnchecked, validTargets, type Snapshot } from '../../src/state/snapshot.ts';

const T = '192.0.2.10';

function good(): Snapshot {
  const listing = () => ({ codes: ['127.0.0.2'], since: '2026-11-30T06:00:00.000Z', meanings: ['spam source'], txt: ['see https://example.test'] });
  return {
    version: SNAPSHOT_VERSION,
    runId: '101',
    savedAt: '2026-12-01T06:00:00.000Z',
    base: {},
    targets: { [T]: { monitor: 'mx1', listings: { zen: listing() }, clean: { zen: 1 }, info: {}, issue: 7 }, 'mail.example.com': { monitor: 'web', listings: { dbl: listing() }, clean: {} } },
    emailed: ['100'],
    chatted: [{ run: '100', sent: ['slack'] }],
    delistedSinceEmail: [{ target: '192.0.2.11', monitor: 'mx1', lists: ['zen'], at: '2026-11-29T06:00:00.000Z' }],
    unchecked: { base: { lists: {}, targets: {} }, after: { lists: { zen: 2 }, targets: { [T]: 1 } } },
  };
}

/** What the warning says about a snapshot changed by `edit`. */
function problem(edit: (s: Record<string, any>) => void): string {
  const s = structuredClone(good()) as Record<string, any>;
  edit(s);
  try {
    parseSnapshot(JSON.stringify(s));
  } catch (e) {
    assert.ok(e instanceof SnapshotError, String(e));
    return e.message;
  }
  return 'accepted';
}

describe('a valid snapshot', () => {
  test('round-trips through serialize and parse unchanged', () => {
    assert.deepEqual(parseSnapshot(serializeSnapshot(good())), good());
  });

  test('fields a later release may add are dropped, not refused', () => {
    assert.equal(problem((s) => (s.later = { x: 1 })), 'accepted');
  });

  test('the bounds themselves are allowed', () => {
    assert.equal(problem((s) => (s.targets[T].clean.zen = L.runs)), 'accepted');
    assert.equal(problem((s) => (s.targets[T].issue = 2 ** 31 - 1)), 'accepted');
    assert.equal(problem((s) => (s.emailed = Array.from({ length: L.emailed }, (_, i) => String(i)))), 'accepted');
  });
});

describe('each wrong field is named, with what was expected', () => {
  const cases: [string, (s: Record<string, any>) => void, string][] = [
    ['a newer version', (s) => (s.version = SNAPSHOT_VERSION + 1), `written by a newer Blacklist Patrol (snapshot version ${SNAPSHOT_VERSION + 1}, this one reads ${SNAPSHOT_VERSION})`],
    ['an older version', (s) => (s.version = 0), `version: expected snapshot version ${SNAPSHOT_VERSION}`],
    ['no run id', (s) => (s.runId = ''), 'runId: expected a run id'],
    ['a run id that is not text', (s) => (s.runId = 5), 'runId: expected a run id'],
    ['a bad time', (s) => (s.savedAt = 'yesterday'), 'savedAt: expected an ISO date and time'],
    ['targets not an object', (s) => (s.targets = []), 'targets: expected an object of targets'],
    ['a target that is not canonical', (s) => (s.targets['192.0.2.010'] = s.targets[T]), 'targets["192.0.2.010"]: not a valid key'],
    ['a domain not as queried', (s) => (s.targets['Mail.Example.com'] = s.targets[T]), 'targets["Mail.Example.com"]: not a valid key'],
    ['a monitor name that is not text', (s) => (s.targets[T].monitor = 1), 'targets["192.0.2.10"].monitor: expected a monitor name'],
    ['a list id with a space', (s) => (s.targets[T].listings['z en'] = s.targets[T].listings.zen), 'targets["192.0.2.10"].listings["z?en"]: not a valid key'],
    ['a listing without codes', (s) => (s.targets[T].listings.zen.codes = []), 'targets["192.0.2.10"].listings.zen.codes: expected at least one code'],
    ['a code that is not an address', (s) => (s.targets[T].listings.zen.codes = ['spam']), 'targets["192.0.2.10"].listings.zen.codes[0]: expected a return code such as 127.0.0.2'],
    ['a code that is not text', (s) => (s.targets[T].listings.zen.codes = [2]), 'targets["192.0.2.10"].listings.zen.codes[0]: expected a return code'],
    ['too many codes', (s) => (s.targets[T].listings.zen.codes = Array<string>(L.items + 1).fill('127.0.0.2')), `targets["192.0.2.10"].listings.zen.codes: more than ${L.items} codes`],
    ['too many meanings', (s) => (s.targets[T].listings.zen.meanings = Array<string>(L.items + 1).fill('x')), `targets["192.0.2.10"].listings.zen.meanings: more than ${L.items} meanings`],
    ['too many TXT strings', (s) => (s.targets[T].listings.zen.txt = Array<string>(L.items + 1).fill('x')), `targets["192.0.2.10"].listings.zen.txt: more than ${L.items} TXT strings`],
    ['a meaning that is not text', (s) => (s.targets[T].listings.zen.meanings = [1]), 'targets["192.0.2.10"].listings.zen.meanings[0]: expected text'],
    ['a TXT string too long', (s) => (s.targets[T].listings.zen.txt = ['x'.repeat(L.text + 1)]), `targets["192.0.2.10"].listings.zen.txt[0]: expected at most ${L.text} characters`],
    ['zero clean runs', (s) => (s.targets[T].clean.zen = 0), 'targets["192.0.2.10"].clean.zen: expected at least 1 run'],
    ['too many clean runs', (s) => (s.targets[T].clean.zen = L.runs + 1), `targets["192.0.2.10"].clean.zen: expected at most ${L.runs} runs`],
    ['half a run', (s) => (s.targets[T].clean.zen = 1.5), 'targets["192.0.2.10"].clean.zen: expected a whole number of runs'],
    ['too many lists', (s) => (s.targets[T].clean = Object.fromEntries(Array.from({ length: L.lists + 1 }, (_, i) => [`l${i}`, 1]))), `targets["192.0.2.10"].clean: more than ${L.lists} lists`],
    ['too many info lists', (s) => (s.targets[T].info = Object.fromEntries(Array.from({ length: L.lists + 1 }, (_, i) => [`l${i}`, s.targets[T].listings.zen]))), `targets["192.0.2.10"].info: more than ${L.lists} lists`],
    ['too many listings', (s) => (s.targets[T].listings = Object.fromEntries(Array.from({ length: L.lists + 1 }, (_, i) => [`l${i}`, s.targets[T].listings.zen]))), `targets["192.0.2.10"].listings: more than ${L.lists} lists`],
    ['issue 0', (s) => (s.targets[T].issue = 0), 'targets["192.0.2.10"].issue: expected an issue number'],
    ['an issue past 2^31 - 1', (s) => (s.targets[T].issue = 2 ** 31), 'targets["192.0.2.10"].issue: expected an issue number'],
    ['an issue that is not a number', (s) => (s.targets[T].issue = '7'), 'targets["192.0.2.10"].issue: expected an issue number'],
    ['a run id too long in emailed', (s) => (s.emailed = ['x'.repeat(L.name + 1)]), 'emailed[0]: expected a run id'],
    ['an empty run id in emailed', (s) => (s.emailed = ['']), 'emailed[0]: expected a run id'],
    ['emailed not text', (s) => (s.emailed = [1]), 'emailed[0]: expected a run id'],
    ['too many emailed runs', (s) => (s.emailed = Array.from({ length: L.emailed + 1 }, (_, i) => String(i))), `emailed: more than ${L.emailed} runs`],
    ['too many chatted runs', (s) => (s.chatted = Array.from({ length: L.chatted + 1 }, (_, i) => ({ run: String(i), sent: [] }))), `chatted: more than ${L.chatted} runs`],
    ['a chat destination we do not have', (s) => (s.chatted[0].sent = ['irc']), 'chatted[0].sent[0]: expected one of slack, teams, discord, webhook'],
    ['a chatted run id too long', (s) => (s.chatted[0].run = 'x'.repeat(L.name + 1)), 'chatted[0].run: expected a run id'],
    ['a chatted run id empty', (s) => (s.chatted[0].run = ''), 'chatted[0].run: expected a run id'],
    ['a chatted run id not text', (s) => (s.chatted[0].run = 1), 'chatted[0].run: expected a run id'],
    ['too many owed delistings', (s) => (s.delistedSinceEmail = Array<unknown>(L.delisted + 1).fill(s.delistedSinceEmail[0])), `delistedSinceEmail: more than ${L.delisted} delistings`],
    ['an owed delisting without lists', (s) => (s.delistedSinceEmail[0].lists = []), 'delistedSinceEmail[0].lists: Too small: expected array to have >=1 items'],
    ['an owed delisting with a bad monitor', (s) => (s.delistedSinceEmail[0].monitor = 'x'.repeat(L.name + 1)), 'delistedSinceEmail[0].monitor: expected a monitor name'],
    ['an owed delisting with a monitor not text', (s) => (s.delistedSinceEmail[0].monitor = 1), 'delistedSinceEmail[0].monitor: expected a monitor name'],
    ['an owed delisting on a list id that is not one', (s) => (s.delistedSinceEmail[0].lists = ['z en']), 'delistedSinceEmail[0].lists[0]: expected a list id'],
    ['too many targets', (s) => (s.targets = Object.fromEntries(Array.from({ length: L.targets + 1 }, (_, i) => [`t${i}`, 1]))), `targets: more than ${L.targets} targets`],
    ['an owed delisting of a non-target', (s) => (s.delistedSinceEmail[0].target = 'not a target'), 'delistedSinceEmail[0].target: expected an IP address or a domain'],
    ['too many unchecked lists', (s) => (s.unchecked.after.lists = Object.fromEntries(Array.from({ length: L.lists + 1 }, (_, i) => [`l${i}`, 1]))), `unchecked.after.lists: more than ${L.lists} lists`],
    ['too many unchecked targets', (s) => (s.unchecked.after.targets = Object.fromEntries(Array.from({ length: L.streakTargets + 1 }, (_, i) => [`10.0.${i >> 8}.${i & 255}`, 1]))), `unchecked.after.targets: more than ${L.streakTargets} targets`],
    ['two problems', (s) => ((s.runId = ''), (s.savedAt = 'x')), 'runId: expected a run id (and 1 more problem)'],
    ['three problems', (s) => ((s.runId = ''), (s.savedAt = 'x'), (s.version = 0)), 'version: expected snapshot version 1 (and 2 more problems)'],
    ['a hostile key is shown safely', (s) => (s.targets[T].listings['<img src=x>\u001b[31m'] = {}), 'targets["192.0.2.10"].listings["?img?src?x???31m"]: not a valid key'],
    ['not an object at all', (s) => Object.keys(s).forEach((k) => delete s[k]), 'version: expected snapshot version 1 (and 3 more problems)'],
  ];
  for (const [what, edit, message] of cases) test(what, () => assert.equal(problem(edit), message));

  test('JSON that is not an object at all: the snapshot itself is named', () => {
    assert.throws(() => parseSnapshot('[]'), { message: 'the snapshot: Invalid input: expected object, received array' });
    assert.throws(() => parseSnapshot('null'), { message: 'the snapshot: Invalid input: expected object, received null' });
  });

  test('a key that is a plain word is joined with a dot, a long one is cut at 64 characters', () => {
    const long = 'a'.repeat(80);
    assert.equal(problem((s) => (s.targets[T].listings[long] = {})), `targets["192.0.2.10"].listings.${'a'.repeat(64)}.codes: Invalid input: expected array, received undefined (and 1 more problem)`);
  });
});

describe('size before parsing', () => {
  test('text past the byte limit is refused without parsing', () => {
    const big = `{"x":"${'a'.repeat(L.bytes)}"}`;
    assert.throws(() => parseSnapshot(big), { message: `larger than ${L.bytes / 1024 / 1024} MiB` });
    assert.doesNotThrow(() => parseSnapshot(serializeSnapshot(good()).padEnd(L.bytes, ' ')));
  });

  test('more nested objects and lists than allowed is refused without parsing', () => {
    assert.throws(() => parseSnapshot('['.repeat(L.containers + 1)), { message: `more than ${L.containers} objects and lists` });
    assert.throws(() => parseSnapshot(`[${'{},'.repeat(L.containers / 2)}${'[],'.repeat(L.containers / 2 - 1)}[]]`), { message: `more than ${L.containers} objects and lists` });
    assert.throws(() => parseSnapshot('['.repeat(L.containers)), { message: 'not valid JSON' }, 'at the limit it is parsed (and is not JSON)');
  });

  test('not JSON: said so, without quoting the text', () => {
    assert.throws(() => parseSnapshot('{"runId": \u001b]8;;evil'), (e: Error) => e instanceof SnapshotError && e.message === 'not valid JSON');
  });

  test('a state of exactly the byte limit is saved and read back; one byte more is refused', () => {
    const s = good();
    const listing = s.targets[T]!.listings.zen!;
    const size = (): number => Buffer.byteLength(serializeSnapshot(s));
    listing.txt = [''];
    const empty = size();
    listing.txt = ['x'.repeat(L.text), ''];
    const perString = size() - empty;
    listing.txt = [...Array<string>(Math.floor((L.bytes - empty) / perString)).fill('x'.repeat(L.text)), ''];
    const missing = L.bytes - size();
    assert.ok(missing >= 0 && missing <= L.text);
    listing.txt[listing.txt.length - 1] = 'x'.repeat(missing);
    const text = serializeSnapshot(s);
    assert.equal(Buffer.byteLength(text), L.bytes);
    assert.deepEqual(parseSnapshot(text).targets[T]?.listings.zen?.txt, listing.txt);
    listing.txt[listing.txt.length - 1] += 'x';
    assert.throws(() => serializeSnapshot(s), { message: `the state is 17 MiB, more than the ${L.bytes / 1024 / 1024} MiB a snapshot may hold` });
  });

  test('a state too big to save is refused with its size, not written', () => {
    const s = good();
    s.targets[T]!.listings.zen!.txt = Array<string>(300).fill('x'.repeat(L.text));
    assert.throws(() => serializeSnapshot(s), { message: `the state is 19 MiB, more than the ${L.bytes / 1024 / 1024} MiB a snapshot may hold` });
  });
});

describe('the snapshot file', () => {
  test('none: null; a directory, a symlink or a huge file: refused; a good one: read', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bp-snapshot-'));
    try {
      assert.equal(await readSnapshotFile(path.join(dir, 'none.json')), null);
      await mkdir(path.join(dir, 'dir.json'));
      await assert.rejects(readSnapshotFile(path.join(dir, 'dir.json')), { message: 'not a regular file' });
      await writeFile(path.join(dir, 'good.json'), serializeSnapshot(good()));
      assert.deepEqual(await readSnapshotFile(path.join(dir, 'good.json')), good());
      await symlink(path.join(dir, 'good.json'), path.join(dir, 'link.json'));
      await assert.rejects(readSnapshotFile(path.join(dir, 'link.json')), { message: 'not a regular file' });
      await writeFile(path.join(dir, 'huge.json'), '');
      await truncate(path.join(dir, 'huge.json'), L.bytes + 1);
      await assert.rejects(readSnapshotFile(path.join(dir, 'huge.json')), { message: `17 MiB, more than the ${L.bytes / 1024 / 1024} MiB a snapshot may hold` });
      await truncate(path.join(dir, 'huge.json'), L.bytes);
      await assert.rejects(readSnapshotFile(path.join(dir, 'huge.json')), { message: 'not valid JSON' }, 'at the limit it is read');
      await assert.rejects(readSnapshotFile(path.join(dir, 'good.json', 'below')), (e: NodeJS.ErrnoException) => e.code === 'ENOTDIR', 'other read errors are not "no state"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('where a run starts', () => {
  test("a re-run of the snapshot's run starts from its base; any other run from its result", () => {
    const s = good();
    s.base = { '192.0.2.99': { monitor: 'old', listings: {}, clean: {} } };
    assert.deepEqual(startingState(s, '101'), s.base);
    assert.deepEqual(startingState(s, '102'), s.targets);
    assert.deepEqual(startingState(null, '101'), {});
    assert.deepEqual(startingUnchecked(s, '101'), s.unchecked?.base);
    assert.deepEqual(startingUnchecked(s, '102'), s.unchecked?.after);
    assert.deepEqual(startingUnchecked(null, '102'), { lists: {}, targets: {} });
  });

  test('state rebuilt from issue markers keeps only valid entries and names the rest', () => {
    const s = good();
    const { valid, dropped } = validTargets({ ...s.targets, 'Not A Target': s.targets[T]!, '192.0.2.12': { ...s.targets[T]!, clean: { zen: -1 } } });
    assert.deepEqual(valid, s.targets);
    assert.deepEqual(dropped, ['Not A Target', '192.0.2.12']);
  });
});
