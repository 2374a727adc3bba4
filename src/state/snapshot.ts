// What the patrol remembers between runs: per target, what it is listed on and since when,
// how many clean runs count towards a delisting, and its issue. Versioned JSON.
// State read back is untrusted (anyone who can write the repository's Actions cache, or edit the
// local file, wrote it): it is validated as strictly as monitors.yml, and bounded in size.
import { lstat, readFile } from 'node:fs/promises';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { LIST_ID } from '../config/schema.ts';
import type { ChatKind } from '../render/chat/index.ts';
import { toALabel } from '../dnsbl/query.ts';
import { parseAddress } from '../targets/address.ts';

export const SNAPSHOT_VERSION = 1;

/**
 * The most a snapshot may hold. Far above what a patrol writes (state keeps listed targets only,
 * and the Action opens at most max-issue-writes issues a run); a snapshot past them is refused.
 * `bytes` is checked before parsing, so a hostile entry cannot make JSON.parse take the memory.
 */
export const SNAPSHOT_LIMITS = {
  bytes: 16 * 1024 * 1024,
  /** Objects and arrays in the text: JSON.parse builds every one before the schema sees it. */
  containers: 1_000_000,
  /** Targets in one state (`base` and `targets` each). */
  targets: 200_000,
  /** Lists per target. */
  lists: 500,
  /** Codes, meanings or TXT strings of one listing (a DNS answer cannot carry many more). */
  items: 1_000,
  /** One TXT string or meaning (a DNS message is at most 64 KiB). */
  text: 65_536,
  /** Monitor names and run ids. */
  name: 300,
  /** Consecutive runs counted (clean runs, runs not checked). */
  runs: 1_000,
  emailed: 100,
  /** Runs whose chat deliveries are remembered. */
  chatted: 100,
  delisted: 1_000,
  /** Targets whose not-checked runs are counted. */
  streakTargets: 10_000,
} as const;
const L = SNAPSHOT_LIMITS;

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
  /** Listings below notify.min-severity, kept as context for the issue; they never open or close it (src/state/diff.ts). */
  info?: Record<string, Listing>;
  /** The target's issue (open, or closed and reopened on relisting). */
  issue?: number;
}

export type TargetsState = Record<string, TargetState>;

/** Consecutive runs in which a list was unusable or a target not checked (the partly-blind rule). */
export interface Unchecked {
  lists: Record<string, number>;
  targets: Record<string, number>;
}

/** A delisting the next email still has to report. */
export interface DelistedSinceEmail {
  target: string;
  monitor: string;
  lists: string[];
  at: string;
}

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
  /**
   * Chat and webhook destinations each run posted to, newest last: a re-run of a run posts only
   * to the destinations that failed the first time (with the same delivery id), never twice.
   */
  chatted?: ChatDelivery[];
  /** Confirmed delistings not yet reported by email. */
  delistedSinceEmail?: DelistedSinceEmail[];
  /** Not-checked streaks before and after that run (a re-run starts from `base`, like the state). */
  unchecked?: { base: Unchecked; after: Unchecked };
}

/** One run's chat deliveries: the destinations (by kind) it posted to. */
export interface ChatDelivery {
  run: string;
  sent: ChatKind[];
}

/** How many runs' chat deliveries a snapshot keeps (re-runs are of recent runs). */
export const CHATTED_KEPT = 20;

export class SnapshotError extends Error {}

// ------------------------------------------------------------------ the schema

/** Bounds the size first, so a huge collection is refused before any element is looked at. */
function sized<T extends z.ZodType>(max: number, what: string, schema: T) {
  const size = (v: unknown): number => (Array.isArray(v) ? v.length : typeof v === 'object' && v !== null ? Object.keys(v).length : 0);
  return z.custom<unknown>((v) => size(v) <= max, { error: `more than ${max} ${what}` }).pipe(schema);
}

const isoTime = z.iso.datetime({ error: 'expected an ISO date and time' });
const runs = z.int({ error: 'expected a whole number of runs' }).min(1, { error: 'expected at least 1 run' }).max(L.runs, { error: `expected at most ${L.runs} runs` });
const text = z.string({ error: 'expected text' }).max(L.text, { error: `expected at most ${L.text} characters` });
const listId = z.string().max(100).regex(LIST_ID, { error: 'expected a list id' });
/** A target as the pipeline writes it: a canonical address, or a domain as it is queried (lower-case A-labels). */
const target = z
  .string()
  .max(253)
  .refine((t) => parseAddress(t)?.value === t || toALabel(t) === t, { error: 'expected an IP address or a domain' });
const code = z.string({ error: 'expected a return code' }).refine((c) => ipaddr.IPv4.isValidFourPartDecimal(c), { error: 'expected a return code such as 127.0.0.2' });

const CHAT_DESTINATIONS = ['slack', 'teams', 'discord', 'webhook'] as const satisfies readonly ChatKind[];

const ListingSchema = z.object({
  codes: sized(L.items, 'codes', z.array(code).min(1, { error: 'expected at least one code' })),
  since: isoTime,
  meanings: sized(L.items, 'meanings', z.array(text)).optional(),
  txt: sized(L.items, 'TXT strings', z.array(text)).optional(),
});

const TargetStateSchema = z.object({
  monitor: z.string({ error: 'expected a monitor name' }).max(L.name),
  listings: sized(L.lists, 'lists', z.record(listId, ListingSchema)),
  clean: sized(L.lists, 'lists', z.record(listId, runs)),
  info: sized(L.lists, 'lists', z.record(listId, ListingSchema)).optional(),
  issue: z.int({ error: 'expected an issue number' }).min(1).max(2 ** 31 - 1).optional(),
});

const TargetsSchema = sized(L.targets, 'targets', z.record(target, TargetStateSchema, { error: 'expected an object of targets' }));

const UncheckedSchema = z.object({
  lists: sized(L.lists, 'lists', z.record(listId, runs)),
  targets: sized(L.streakTargets, 'targets', z.record(target, runs)),
});

// Unknown keys are dropped, not refused: a later release may add a field without a new version.
const SnapshotSchema = z.object({
  version: z.literal(SNAPSHOT_VERSION, { error: `expected snapshot version ${SNAPSHOT_VERSION}` }),
  runId: z.string({ error: 'expected a run id' }).min(1).max(L.name),
  savedAt: isoTime,
  base: TargetsSchema.default({}),
  targets: TargetsSchema,
  emailed: sized(L.emailed, 'runs', z.array(z.string({ error: 'expected a run id' }).min(1).max(L.name))).optional(),
  chatted: sized(
    L.chatted,
    'runs',
    z.array(
      z.object({
        run: z.string({ error: 'expected a run id' }).min(1).max(L.name),
        sent: z.array(z.enum(CHAT_DESTINATIONS, { error: `expected one of ${CHAT_DESTINATIONS.join(', ')}` })).max(CHAT_DESTINATIONS.length),
      }),
    ),
  ).optional(),
  delistedSinceEmail: sized(
    L.delisted,
    'delistings',
    z.array(
      z.object({
        target,
        monitor: z.string({ error: 'expected a monitor name' }).max(L.name),
        lists: sized(L.lists, 'lists', z.array(listId).min(1)),
        at: isoTime,
      }),
    ),
  ).optional(),
  unchecked: z.object({ base: UncheckedSchema, after: UncheckedSchema }).optional(),
});

/** A path as people read it: targets["192.0.2.10"].listings.spamcop.codes[0]. Keys are hostile text, so only safe characters survive. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const key = String(p).replace(/[^\w.:@-]/g, '?').slice(0, 64);
      out += /^[A-Za-z_][\w-]*$/.test(key) ? `${out ? '.' : ''}${key}` : `["${key}"]`;
    }
  }
  return out || 'the snapshot';
}

function describeIssues(error: z.ZodError): string {
  const [first] = error.issues;
  if (!first) return 'invalid';
  const message = first.code === 'invalid_key' ? 'not a valid key' : first.message;
  const more = error.issues.length - 1;
  return `${formatPath(first.path)}: ${message}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}`;
}

/** Validates a parsed snapshot; throws SnapshotError naming the first field that is wrong. */
export function validateSnapshot(v: unknown): Snapshot {
  if (typeof v === 'object' && v !== null && 'version' in v && typeof v.version === 'number' && v.version > SNAPSHOT_VERSION) {
    throw new SnapshotError(`written by a newer Blacklist Patrol (snapshot version ${v.version}, this one reads ${SNAPSHOT_VERSION})`);
  }
  const r = SnapshotSchema.safeParse(v);
  if (!r.success) throw new SnapshotError(describeIssues(r.error));
  const s: Snapshot = r.data;
  return s;
}

/** Only the entries of a state that pass the snapshot's rules (for state rebuilt from issue markers). */
export function validTargets(state: TargetsState): { valid: TargetsState; dropped: string[] } {
  const valid: TargetsState = {};
  const dropped: string[] = [];
  for (const [t, s] of Object.entries(state)) {
    const r = TargetStateSchema.safeParse(s);
    if (target.safeParse(t).success && r.success) valid[t] = r.data;
    else dropped.push(t);
  }
  return { valid, dropped };
}

/** Opening brackets and braces, strings included (an over-count only for absurd TXT): a cheap bound before JSON.parse. */
function containers(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) n++;
  }
  return n;
}

/** Parses a stored snapshot; throws SnapshotError for anything unreadable, invalid or from a newer version. */
export function parseSnapshot(text: string): Snapshot {
  if (text.length > L.bytes) throw new SnapshotError(`larger than ${L.bytes / 1024 / 1024} MiB`);
  if (containers(text) > L.containers) throw new SnapshotError(`more than ${L.containers} objects and lists`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    // The parser's message quotes the text; a hostile file could put anything there.
    throw new SnapshotError('not valid JSON');
  }
  return validateSnapshot(v);
}

export function serializeSnapshot(s: Snapshot): string {
  const text = `${JSON.stringify(s, null, 1)}\n`;
  if (Buffer.byteLength(text) > L.bytes) {
    throw new SnapshotError(`the state is ${Math.ceil(Buffer.byteLength(text) / 1024 / 1024)} MiB, more than the ${L.bytes / 1024 / 1024} MiB a snapshot may hold`);
  }
  return text;
}

/**
 * Reads a snapshot file: null when there is none. Only a regular file within the size limit is
 * read (a symlink could point anywhere, a huge file would take the memory).
 */
export async function readSnapshotFile(file: string): Promise<Snapshot | null> {
  let info;
  try {
    info = await lstat(file);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return null;
    throw e;
  }
  if (!info.isFile()) throw new SnapshotError('not a regular file');
  if (info.size > L.bytes) throw new SnapshotError(`${Math.ceil(info.size / 1024 / 1024)} MiB, more than the ${L.bytes / 1024 / 1024} MiB a snapshot may hold`);
  return parseSnapshot(await readFile(file, 'utf8'));
}

/** The state a run starts from: a re-run of the snapshot's own run starts where that run started. */
export function startingState(s: Snapshot | null, runId: string): TargetsState {
  if (!s) return {};
  return s.runId === runId ? s.base : s.targets;
}

/** The not-checked streaks a run starts from, by the same rule as the state. */
export function startingUnchecked(s: Snapshot | null, runId: string): Unchecked {
  if (!s?.unchecked) return { lists: {}, targets: {} };
  return s.runId === runId ? s.unchecked.base : s.unchecked.after;
}

/** The destinations a run already posted to (from the snapshot a re-run starts from). */
export function chatSent(s: Snapshot | null, runId: string): ChatKind[] {
  return s?.chatted?.find((c) => c.run === runId)?.sent ?? [];
}

/** The chat record with this run's destinations added, newest last and bounded. */
export function recordChat(previous: readonly ChatDelivery[], runId: string, sent: readonly ChatKind[]): ChatDelivery[] {
  const before = previous.find((c) => c.run === runId)?.sent ?? [];
  const all = [...new Set([...before, ...sent])];
  const others = previous.filter((c) => c.run !== runId);
  return (all.length > 0 ? [...others, { run: runId, sent: all }] : others).slice(-CHATTED_KEPT);
}

/** Storage for snapshots: the Actions cache in a workflow, a file for the CLI. */
export interface StateStore {
  /** null when there is nothing stored (first run, evicted cache). Throws SnapshotError when unreadable. */
  load(): Promise<Snapshot | null>;
  /** Throws when the snapshot could not be stored. */
  save(s: Snapshot): Promise<void>;
  /** Where it lives, for messages. */
  describe(): string;
  /** Why there may be no snapshot, in this store's terms ("first run, or …"). */
  whyMissing(): string;
}
