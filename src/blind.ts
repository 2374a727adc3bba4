// A blind run is loud (invariant 9). Which targets no list could check this run and why, whether
// the run saw nothing at all, and when a list or a target left unchecked run after run fails the
// patrol. Pure: the pipeline hands in what happened, the entry points decide how to say it.
import type { ItemKind, ListDef, ListHealth, Target, Verdict } from './model.ts';
import { groupByReason, nothingChecked } from './render/coverage.ts';
import { SNAPSHOT_LIMITS, type Unchecked } from './state/snapshot.ts';

/** Runs in a row a list the patrol relies on may be unusable, or a target unchecked, before the run fails. */
export const FAIL_AFTER_RUNS = 3;

const KIND_WORDS: Record<ItemKind, string> = { ipv4: 'IPv4 addresses', ipv6: 'IPv6 addresses', domain: 'domains' };

/** Which targets got a trustworthy answer (listed or clean) from at least one list, as verdicts stream by. */
export class AnswerTracker {
  private readonly answered = new Set<string>();
  /** First reason a target's answer was unknown, until some list answers it. */
  private readonly unknown = new Map<string, string>();

  add = (v: Verdict): void => {
    if (v.status !== 'unknown') {
      this.answered.add(v.target);
      this.unknown.delete(v.target);
    } else if (!this.answered.has(v.target) && !this.unknown.has(v.target)) {
      this.unknown.set(v.target, v.reason ?? 'no answer');
    }
  };

  has(target: string): boolean {
    return this.answered.has(target);
  }

  unknownReason(target: string): string | undefined {
    return this.unknown.get(target);
  }
}

export interface NotChecked {
  target: string;
  monitor: string;
  reason: string;
}

export interface Blind {
  /** Why nothing could be checked. */
  reason: string;
  /** What to do about it. */
  fix: string;
}

export interface Coverage {
  /** Set when not one target got a trustworthy answer: the run saw nothing. */
  blind: Blind | null;
  /** Targets no list gave a trustworthy answer for, with the reason (never counted as clean). */
  notChecked: NotChecked[];
}

function names(lists: readonly { name: string }[], max = 3): string {
  const shown = lists.slice(0, max).map((l) => l.name);
  return lists.length > max ? `${shown.join(', ')} and ${lists.length - max} more` : shown.join(', ');
}

/** Why no list answered for this target: the configuration, the lists' health, or the answers. */
function whyNotChecked(t: Target, lists: readonly ListDef[], health: ReadonlyMap<string, ListHealth>, answers: AnswerTracker): string {
  const forKind = lists.filter((l) => l.kinds.includes(t.kind));
  if (forKind.length === 0) return `no list in this run checks ${KIND_WORDS[t.kind]}`;
  const mine = forKind.filter((l) => !t.skip.includes(l.id));
  if (mine.length === 0) return `its monitor skips every list that checks ${KIND_WORDS[t.kind]}`;
  const usable = mine.filter((l) => health.get(l.id)?.status === 'ok');
  if (usable.length === 0) {
    const groups = groupByReason(mine.map((l) => health.get(l.id) ?? { id: l.id, name: l.name, zone: l.zone, status: 'unreachable' as const }));
    return `none of its lists is usable: ${groups.map((g) => `${names(g.names.map((name) => ({ name })))} (${g.reason})`).join('; ')}`;
  }
  const sample = answers.unknownReason(t.value);
  return `no trustworthy answer from ${usable.length === 1 ? names(usable) : `any of its ${usable.length} usable lists`}${sample ? ` (${sample})` : ''}`;
}

const RESOLVER_FIX =
  "check that this machine's DNS resolver reaches the internet and does not rewrite answers (try `dig 2.0.0.127.bl.spamcop.net`), or name working resolvers (the resolvers input, --resolver, or settings.resolvers)";

function blindness(targets: readonly Target[], lists: readonly ListDef[], health: readonly ListHealth[], notChecked: readonly NotChecked[]): Blind {
  if (targets.length === 0) return { reason: 'no target to check was found', fix: 'read the problems above: a host or domain that does not resolve gives no address to check' };
  if (lists.length === 0) return { reason: 'no list is selected', fix: 'choose lists in monitors.yml (lists.use, lists.add)' };
  if (health.every((h) => h.status === 'skipped')) return { reason: 'every list needs a key that was not given', fix: 'give the keys named in the coverage line, or add keyless lists' };
  if (nothingChecked(health)) return { reason: 'no list passed its test points', fix: RESOLVER_FIX };
  const reasons = [...new Set(notChecked.map((n) => n.reason))];
  if (reasons.every((r) => r.startsWith('no list in this run') || r.startsWith('its monitor skips'))) {
    return { reason: `no list covers any target: ${reasons.slice(0, 3).join('; ')}`, fix: 'add a list for these targets in monitors.yml (lists.add), or remove the skip that leaves none' };
  }
  return { reason: `no list gave a trustworthy answer for any target (${reasons[0] ?? 'no answer'})`, fix: RESOLVER_FIX };
}

/** What this run covered. `targets` may repeat a value (two monitors); it is judged once. */
export function judgeCoverage(targets: readonly Target[], lists: readonly ListDef[], health: readonly ListHealth[], answers: AnswerTracker): Coverage {
  const byId = new Map(health.map((h) => [h.id, h]));
  const seen = new Set<string>();
  const notChecked: NotChecked[] = [];
  let checked = 0;
  for (const t of targets) {
    if (seen.has(t.value)) continue;
    seen.add(t.value);
    if (answers.has(t.value)) checked++;
    else notChecked.push({ target: t.value, monitor: t.monitor, reason: whyNotChecked(t, lists, byId, answers) });
  }
  return { blind: checked > 0 ? null : blindness(targets, lists, health, notChecked), notChecked };
}

export interface NotCheckedGroup {
  monitor: string;
  reason: string;
  targets: string[];
}

/** Not-checked targets by monitor and reason, for messages (a /20 of IPv6 is one line, not 4096). */
export function groupNotChecked(list: readonly NotChecked[]): NotCheckedGroup[] {
  const groups = new Map<string, NotCheckedGroup>();
  for (const n of list) {
    const key = `${n.monitor}\u0000${n.reason}`;
    const g = groups.get(key) ?? { monitor: n.monitor, reason: n.reason, targets: [] };
    g.targets.push(n.target);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** "192.0.2.1, 192.0.2.2, 192.0.2.3 and 4093 more" */
export function someTargets(targets: readonly string[], max = 3): string {
  const shown = targets.slice(0, max).join(', ');
  return targets.length > max ? `${shown} and ${targets.length - max} more` : shown;
}

/** Lists whose failure the rule counts: the catalog's default set and every list monitors.yml names in lists.add. */
export function watchedLists(lists: readonly ListDef[], added: readonly (string | { id: string })[]): Set<string> {
  const named = new Set(added.map((a) => (typeof a === 'string' ? a : a.id)));
  return new Set(lists.filter((l) => l.default || named.has(l.id)).map((l) => l.id));
}

export interface StreakInput {
  /** Streaks before this run. */
  previous: Unchecked;
  health: readonly ListHealth[];
  watched: ReadonlySet<string>;
  notChecked: readonly NotChecked[];
  /** An ad-hoc run checks a few targets by hand: it neither counts nor fails on streaks. */
  partial: boolean;
}

export interface StreakResult {
  /** Streaks after this run (saved in the state). */
  unchecked: Unchecked;
  /** Unchecked, not yet for FAIL_AFTER_RUNS runs: said as a warning. */
  warnings: string[];
  /** Unchecked for FAIL_AFTER_RUNS runs in a row or more: the run fails. */
  failures: string[];
}

const inARow = (n: number): string => `${n} run${n === 1 ? '' : 's'} in a row`;

/**
 * The partly-blind rule. A list the patrol relies on (default or named in lists.add) that fails its
 * test points, and a target no list answered for, are counted run after run (not lists skipped for
 * a missing key: the coverage line names those). Under FAIL_AFTER_RUNS in a row: a warning. At it:
 * a failure, until the list works again or the config changes. Any answer resets the count.
 */
export function judgeStreaks(input: StreakInput): StreakResult {
  const warnings: string[] = [];
  const failures: string[] = [];
  const unchecked: Unchecked = { lists: {}, targets: {} };
  const count = (prev: number | undefined): number => (input.partial ? (prev ?? 0) : Math.min((prev ?? 0) + 1, SNAPSHOT_LIMITS.runs));

  for (const h of input.health) {
    if (!input.watched.has(h.id) || h.status === 'ok' || h.status === 'skipped') continue;
    const runs = count(input.previous.lists[h.id]);
    if (!input.partial) unchecked.lists[h.id] = runs;
    const what = `${h.name} could not be used (${h.reason ?? h.status})`;
    const fix = h.fix ?? 'if the list is gone for good, leave it out with lists.skip in monitors.yml';
    if (!input.partial && runs >= FAIL_AFTER_RUNS) failures.push(`${what} ${inARow(runs)}: ${fix}.`);
    else warnings.push(`${what}${runs > 1 ? `, ${inARow(runs)}` : ''}; the patrol fails when a list it relies on is unusable ${FAIL_AFTER_RUNS} runs in a row.`);
  }

  const streaks = new Map<string, number>();
  input.notChecked.forEach((n, i) => {
    const runs = count(input.previous.targets[n.target]);
    streaks.set(n.target, runs);
    if (!input.partial && i < SNAPSHOT_LIMITS.streakTargets) unchecked.targets[n.target] = runs;
  });
  for (const g of groupNotChecked(input.notChecked)) {
    const fails = (t: string): boolean => !input.partial && (streaks.get(t) ?? 0) >= FAIL_AFTER_RUNS;
    const failing = g.targets.filter(fails);
    const waiting = g.targets.filter((t) => !fails(t));
    const head = (ts: string[]): string => `${ts.length} target${ts.length === 1 ? '' : 's'} of ${g.monitor} not checked (${g.reason}): ${someTargets(ts)}`;
    if (failing.length > 0) failures.push(`${head(failing)}, ${inARow(failing.reduce((m, t) => Math.min(m, streaks.get(t) ?? 0), Infinity))} or more.`);
    if (waiting.length > 0) warnings.push(`${head(waiting)}; never counted as clean. The patrol fails when a target goes unchecked ${FAIL_AFTER_RUNS} runs in a row.`);
  }
  if (input.partial) return { unchecked: input.previous, warnings, failures };
  return { unchecked, warnings, failures };
}
