// Snapshots in the Actions cache: a unique key per run and attempt (keys cannot be overwritten),
// restored by prefix, which gives the newest. Entries unused for 7 days are evicted; the open
// issues' markers then rebuild the state.
import * as cache from '@actions/cache';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SnapshotError, readSnapshotFile, serializeSnapshot, type Snapshot, type StateStore } from './snapshot.ts';

export const CACHE_PREFIX = 'blacklist-patrol-state-v1-';
/** Under GITHUB_WORKSPACE, which is the same path on every run, so the cache version matches. */
export const CACHE_DIR = '.blacklist-patrol-state';
const FILE = 'state.json';

export interface CacheStoreOptions {
  runId: string;
  runAttempt: string;
  /** Lets several patrols in one repository keep apart (e.g. the config path). */
  scope?: string;
}

export function cacheStore(opts: CacheStoreOptions): StateStore {
  const prefix = `${CACHE_PREFIX}${opts.scope ? `${opts.scope}-` : ''}`;
  const key = `${prefix}${opts.runId}-${opts.runAttempt}`;
  const dir = path.join(process.env.GITHUB_WORKSPACE ?? process.cwd(), CACHE_DIR);
  return {
    async load() {
      await rm(dir, { recursive: true, force: true });
      // The library turns every failure (service down, broken archive) into a warning and a miss.
      const hit = await cache.restoreCache([dir], key, [prefix]);
      if (hit === undefined) return null;
      const s = await readSnapshotFile(path.join(dir, FILE));
      if (!s) throw new SnapshotError(`the cache entry ${hit} holds no ${FILE}`);
      return s;
    },
    async save(s: Snapshot) {
      const text = serializeSnapshot(s);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, FILE), text);
      const id = await cache.saveCache([dir], key);
      if (id === -1) throw new Error(`the cache did not take ${key} (see the cache warning above)`);
    },
    describe: () => `the Actions cache (${prefix}*)`,
    whyMissing: () => "first run, the entry expired after 7 days unused, or the cache could not be read: a 'Failed to restore' warning above says so",
  };
}
