// What the patrol remembers between runs: per target, what it is listed on and since when,
// how many clean runs count towards a delisting, and its issue. Versioned JSON.

export const SNAPSHOT_VERSION = 1;

export interface Listing {
  codes: string[];
  /** ISO time the listing was first seen. */
  since: string;
  /** Meanings of the codes and the list's TXT, as last seen (so an issue body does not flap when a list is briefly unhealthy). */
  meanings?: string[];
  txt?: string[];
}

export interface TargetState {
  monitor: string;
  /** Current listings by list id. */
  listings: Record<string, Listing>;
  /** Consecutive clean runs (healthy list) per listed list; a delisting is confirmed at close-after. */
  clean: Record<string, number>;
  /** The target's issue (open, or closed and reopened on relisting). */
  issue?: number;
}

export type TargetsState = Record<string, TargetState>;

export interface Snapshot {
  version: number;
  /** The run that wrote it, so a re-run of that run starts from `base`, not from its own result. */
  runId: string;
  savedAt: string;
  /** State before that run. */
  base: TargetsState;
  /** State after that run (what was delivered). */
  targets: TargetsState;
  /** Runs whose email went out, newest last (a re-run never sends twice). */
  emailed?: string[];
  /** Confirmed delistings not yet reported by email. */
  delistedSinceEmail?: { target: string; monitor: string; lists: string[]; at: string }[];
}

export class SnapshotError extends Error {}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkTargets(v: unknown, where: string): TargetsState {
  if (!isRecord(v)) throw new SnapshotError(`${where} is not an object`);
  for (const [target, s] of Object.entries(v)) {
    if (!isRecord(s) || typeof s.monitor !== 'string' || !isRecord(s.listings) || !isRecord(s.clean)) {
      throw new SnapshotError(`${where}.${target} is malformed`);
    }
    for (const [list, l] of Object.entries(s.listings)) {
      if (!isRecord(l) || !Array.isArray(l.codes) || typeof l.since !== 'string') throw new SnapshotError(`${where}.${target}.listings.${list} is malformed`);
    }
  }
  return v as TargetsState;
}

/** Parses a stored snapshot; throws SnapshotError for anything unreadable or from a newer version. */
export function parseSnapshot(text: string): Snapshot {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new SnapshotError(`not JSON: ${(e as Error).message}`);
  }
  if (!isRecord(v) || typeof v.version !== 'number') throw new SnapshotError('no version');
  if (v.version > SNAPSHOT_VERSION) throw new SnapshotError(`written by a newer Blacklist Patrol (snapshot version ${v.version}, this one reads ${SNAPSHOT_VERSION})`);
  if (v.version < 1 || typeof v.runId !== 'string') throw new SnapshotError(`unsupported snapshot version ${v.version}`);
  return {
    version: v.version,
    runId: v.runId,
    savedAt: typeof v.savedAt === 'string' ? v.savedAt : '',
    base: checkTargets(v.base ?? {}, 'base'),
    targets: checkTargets(v.targets, 'targets'),
    ...(Array.isArray(v.emailed) ? { emailed: v.emailed.filter((x): x is string => typeof x === 'string') } : {}),
    ...(Array.isArray(v.delistedSinceEmail) ? { delistedSinceEmail: v.delistedSinceEmail as NonNullable<Snapshot['delistedSinceEmail']> } : {}),
  };
}

export function serializeSnapshot(s: Snapshot): string {
  return `${JSON.stringify(s, null, 1)}\n`;
}

/** The state a run starts from: a re-run of the snapshot's own run starts where that run started. */
export function startingState(s: Snapshot | null, runId: string): TargetsState {
  if (!s) return {};
  return s.runId === runId ? s.base : s.targets;
}

/** Storage for snapshots: the Actions cache in a workflow, a file for the CLI. */
export interface StateStore {
  /** null when there is nothing stored (first run, evicted cache). Throws SnapshotError when unreadable. */
  load(): Promise<Snapshot | null>;
  save(s: Snapshot): Promise<void>;
  /** Where it lives, for messages. */
  describe(): string;
}
