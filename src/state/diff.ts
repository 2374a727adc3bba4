// One run's verdicts against the previous state: new listings, changes, confirmed delistings.
// Only `clean` from a healthy list counts towards a delisting; `unknown` changes nothing.
//
// Severity decides who is woken. A listing below the minimum severity (notify.min-severity) is
// informational: it is kept beside a listed target's listings as context (`info`), carried through
// unknown answers like any listing, dropped on a clean answer, and never makes a change: it opens
// no issue, closes none, and its coming and going is neither a new listing nor a delisting. A
// target listed only informationally is not in the state at all. For a listing that alarmed, an
// informational answer from the same list means the alarming listing is gone: it counts towards
// the delisting like a clean answer.
import type { Severity, Verdict } from '../model.ts';
import { alarming, informational } from '../dnsbl/severity.ts';
import { boundCodes, boundListing } from './bounds.ts';
import type { Listing, TargetState, TargetsState } from './snapshot.ts';

export type ChangeKind = 'new' | 'changed' | 'still' | 'delisted';

export interface TargetChange {
  target: string;
  monitor: string;
  kind: ChangeKind;
  /** Lists newly listing the target. */
  added: string[];
  /** Lists whose delisting was confirmed (close-after clean runs), or that are no longer checked. */
  removed: string[];
  /** Lists still listing it with different codes. */
  recoded: string[];
  /** Why a delisting happened when it was not the lists' doing. */
  note?: 'no longer monitored';
  before: TargetState | undefined;
  after: TargetState | undefined;
}

export interface DiffContext {
  now: Date;
  /** Clean runs needed to confirm a delisting (notify.issues.close-after). */
  closeAfter: number;
  /** Lists selected this run (a listing on a list no longer selected is dropped). */
  selectedLists: ReadonlySet<string>;
  /** Targets monitored this run, value → monitor name. */
  monitored: ReadonlyMap<string, string>;
  /** An ad-hoc run (a few targets by hand): targets it did not check keep their state. */
  partial: boolean;
  /** notify.min-severity: listings below it are informational (default low). */
  minSeverity?: Severity;
}

function sameCodes(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/** What state keeps of a verdict: bounded, so no answer can grow state, markers or issue bodies without limit. */
function fromVerdict(v: Verdict, since: string): Listing {
  return boundListing({ codes: v.codes, since, meanings: v.meanings, txt: v.txt });
}

export function diffRun(prev: TargetsState, verdicts: readonly Verdict[], ctx: DiffContext): { next: TargetsState; changes: TargetChange[] } {
  const byTarget = new Map<string, Map<string, Verdict>>();
  for (const v of verdicts) {
    let m = byTarget.get(v.target);
    if (!m) byTarget.set(v.target, (m = new Map<string, Verdict>()));
    m.set(v.list, v);
  }

  const next: TargetsState = {};
  const changes: TargetChange[] = [];
  const names = new Set([...Object.keys(prev), ...byTarget.keys()]);
  const now = ctx.now.toISOString();

  for (const target of names) {
    const before = prev[target];
    const seen = byTarget.get(target) ?? new Map<string, Verdict>();
    const monitor = ctx.monitored.get(target);

    if (monitor === undefined) {
      if (!before) continue;
      if (ctx.partial) {
        next[target] = structuredClone(before);
        continue;
      }
      // Taken out of monitors.yml: its listings are no longer watched, so its issue closes.
      const removed = Object.keys(before.listings);
      if (removed.length > 0) {
        changes.push({ target, monitor: before.monitor, kind: 'delisted', added: [], removed, recoded: [], note: 'no longer monitored', before, after: undefined });
      }
      continue;
    }

    const after: TargetState = { monitor, listings: {}, clean: {}, ...(before?.issue !== undefined ? { issue: before.issue } : {}) };
    const added: string[] = [];
    const removed: string[] = [];
    const recoded: string[] = [];

    const min = ctx.minSeverity;
    // Listings carried from before: still listed, counting towards a delisting, or untouched.
    for (const [list, listing] of Object.entries(before?.listings ?? {})) {
      if (!ctx.selectedLists.has(list)) {
        removed.push(list);
        continue;
      }
      const v = seen.get(list);
      if (v && alarming(v, min)) {
        after.listings[list] = fromVerdict(v, listing.since);
        if (!sameCodes(boundCodes(v.codes), listing.codes)) recoded.push(list);
      } else if (v?.status === 'clean' || (v && informational(v, min))) {
        const runs = (before?.clean[list] ?? 0) + 1;
        if (runs >= ctx.closeAfter) {
          removed.push(list);
        } else {
          after.listings[list] = structuredClone(listing);
          after.clean[list] = runs;
        }
      } else {
        // unknown, or not checked this run: nothing changes, not even the clean count.
        after.listings[list] = structuredClone(listing);
        if (before?.clean[list] !== undefined) after.clean[list] = before.clean[list];
      }
    }
    // New listings.
    for (const [list, v] of seen) {
      if (!alarming(v, min) || after.listings[list] || before?.listings[list]) continue;
      after.listings[list] = fromVerdict(v, now);
      added.push(list);
    }
    // Informational listings: this run's, and the earlier ones this run had no answer for.
    const info: Record<string, Listing> = {};
    for (const [list, v] of seen) {
      if (informational(v, min) && !after.listings[list]) info[list] = fromVerdict(v, before?.info?.[list]?.since ?? now);
    }
    for (const [list, listing] of Object.entries(before?.info ?? {})) {
      const v = seen.get(list);
      if (ctx.selectedLists.has(list) && !after.listings[list] && !info[list] && (v === undefined || v.status === 'unknown')) info[list] = structuredClone(listing);
    }
    if (Object.keys(info).length > 0) after.info = info;

    const wasListed = Object.keys(before?.listings ?? {}).length > 0;
    const isListed = Object.keys(after.listings).length > 0;
    if (isListed) next[target] = after;
    if (!wasListed && !isListed) continue;
    const kind: ChangeKind = !wasListed ? 'new' : !isListed ? 'delisted' : added.length + removed.length + recoded.length > 0 ? 'changed' : 'still';
    changes.push({ target, monitor, kind, added, removed, recoded, before, after: isListed ? after : undefined });
  }
  changes.sort((a, b) => a.target.localeCompare(b.target));
  return { next, changes };
}
