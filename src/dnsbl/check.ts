// The check engine: list health first, then every (target, healthy list) once, politely.
//
// One scheduler decides what goes out. Pairs are taken in order (targets as given, lists as given)
// into a bounded ring of slots; each list has its own adaptive in-flight window (and pacing, and a
// query budget, where its operator publishes a limit); the ring's size bounds both memory and how
// far the run may run ahead of its slowest list. Verdicts leave in pair order as soon as every
// earlier pair is done, so a /16 never sits in memory and nothing needs sorting afterwards.
import { performance } from 'node:perf_hooks';
import type { Dns, DnsResult, KeyName, ListDef, ListHealth, Target, Verdict } from '../model.ts';
import { AdaptiveWindow, Pacer, createLimiter } from '../limit.ts';
import { decodeAnswer, type Decoded } from './decode.ts';
import { checkListHealth } from './health.ts';
import { displayZone, zoneWithKey } from './catalog.ts';
import { queryName } from './query.ts';
import { keyRedactor, type Redact } from '../secrets.ts';

export type Keys = Partial<Record<KeyName, string>>;

export interface CheckOptions {
  /** Queries in flight overall. */
  concurrency: number;
  /** Queries in flight to any one list (the ceiling of its adaptive window). */
  perListConcurrency: number;
  keys: Keys;
  /** The DNS servers the user gave, named in health fixes; absent: the system resolver. */
  resolver?: string;
  /** Called once, after list health and before the first target query. */
  onHealth?: (lists: ListHealth[]) => void;
  /** Called as (target, list) pairs finish; `total` is known before the first query. */
  onProgress?: (done: number, total: number) => void;
}

export interface CheckSummary {
  lists: ListHealth[];
  /** Pairs queried or decided (unhealthy list) this run. */
  checked: number;
}

/** How a missing key is explained, per key (data, not branches). */
export const KEY_HELP: Record<KeyName, { reason: string; fix: string }> = {
  'spamhaus-dqs': {
    reason: 'needs a Spamhaus DQS key',
    fix: 'get a free Spamhaus DQS key and pass it as spamhaus-dqs-key (Action) or SPAMHAUS_DQS_KEY (CLI); or leave these lists out with lists.skip',
  },
  abusix: {
    reason: 'needs an Abusix Mail Intelligence key',
    fix: 'get an Abusix Mail Intelligence key and pass it as abusix-key (Action) or ABUSIX_KEY (CLI); or leave these lists out with lists.skip',
  },
};

/** Pairs a run may hold between the oldest unfinished one and the newest started (memory bound). */
const RING = 4096;
/** A list's window starts here and grows while its answers are clean. */
const START_WINDOW = 4;
/** Retries one list may take in a run: this share of its queries, at least RETRY_FLOOR. */
const RETRY_SHARE = 0.02;
const RETRY_FLOOR = 16;
/**
 * This many failed answers in a row (after the adapter's own tries) and a list is given up for
 * the rest of the run: its remaining pairs are unknown instead of each waiting out its timeouts.
 */
const GIVE_UP_AFTER = 12;
/**
 * The longest a paced list (rateCap.perSecond) may take in one run. At SEM's 5 queries a second
 * a /20 alone would take 14 minutes; past this, the rest of its pairs are unknown and said why,
 * so one slow-by-agreement list cannot push the job past its timeout and lose the whole report.
 */
export const PACED_RUN_SECONDS = 600;

function skippedHealth(list: ListDef, key: KeyName): ListHealth {
  const help = KEY_HELP[key];
  return { id: list.id, name: list.name, zone: displayZone(list), status: 'skipped', reason: help.reason, fix: help.fix };
}

/**
 * What a list's published limits allow one run to send it (or, with a pool, all `lists` of the
 * pool together), and how pairs past that are explained.
 */
export function runBudget(cap: ListDef['rateCap'], lists = 1): { budget: number; overBudget: string } {
  // The health check's two test points per list count against the day's queries too.
  const perDay = cap?.perDay ? Math.max(0, cap.perDay - 2 * lists) : Infinity;
  const paced = cap?.perSecond ? Math.floor(cap.perSecond * PACED_RUN_SECONDS) : Infinity;
  const shared = lists > 1 ? `, shared by its ${lists} lists` : '';
  if (paced < perDay) {
    return {
      budget: paced,
      overBudget: `not asked: at the list operator's published rate of ${cap?.perSecond} queries a second${shared}, this run gives the list at most ${PACED_RUN_SECONDS / 60} minutes (${paced} queries)`,
    };
  }
  return { budget: perDay, overBudget: `not asked: this run reached the list operator's published limit of ${cap?.perDay} queries a day${shared}` };
}

/** A list's state for this run. */
interface ListRun {
  def: ListDef;
  zone: string;
  /** Why its pairs are unknown without a query (unhealthy, given up, over its daily limit). */
  notChecked: string | null;
  inFlight: number;
  window: AdaptiveWindow;
  /** Shared by the lists of a rate-cap pool. */
  pacer: Pacer | null;
  /** Queries it (or its pool) may still be sent this run; Infinity without a published limit. */
  allowance: { left: number };
  /** Why pairs past the budget are not asked. */
  overBudget: string;
  /** Passed with each of its queries: the adapter's retries come out of this shared allowance. */
  options: { retries: { left: number } };
  failStreak: number;
  /** Slots waiting for room in its window, oldest first. */
  waiting: number[];
  waitHead: number;
}

/** A clean answer: no codes, no meanings; shared, never mutated. */
const CLEAN: Decoded = Object.freeze({ status: 'clean', codes: [], meanings: [] });

/**
 * The one place a Verdict is built from a DNS answer: the decoded A answer and, for a listing,
 * the TXT records. Everything from DNS in a verdict passes through here.
 */
function verdictFromAnswer(target: Target, list: ListDef, decoded: Decoded, txt: string[]): Verdict {
  const verdict: Verdict = {
    target: target.value,
    monitor: target.monitor,
    list: list.id,
    status: decoded.status,
    codes: [...decoded.codes],
    meanings: [...decoded.meanings],
    txt,
  };
  if (decoded.reason !== undefined) verdict.reason = decoded.reason;
  return verdict;
}

function redactHealth(h: ListHealth, redact: Redact): ListHealth {
  return {
    ...h,
    ...(h.reason !== undefined ? { reason: redact(h.reason) } : {}),
    ...(h.detail !== undefined ? { detail: redact(h.detail) } : {}),
  };
}

/** DNS text (TXT, an adapter's reason) with every key taken out; a clean verdict has none and passes as it is. */
function redactVerdict(v: Verdict, redact: Redact): Verdict {
  if (v.txt.length === 0 && v.reason === undefined) return v;
  return { ...v, txt: v.txt.map(redact), ...(v.reason !== undefined ? { reason: redact(v.reason) } : {}) };
}

function unknown(target: Target, list: ListDef, reason: string): Verdict {
  return { target: target.value, monitor: target.monitor, list: list.id, status: 'unknown', codes: [], meanings: [], txt: [], reason };
}

/** "192.0.2.10" → "10.2.0.192", straight from the four numbers; null unless a canonical dotted quad. */
export function reversedIPv4(text: string): string | null {
  const octets: string[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? 46 : text.charCodeAt(i);
    if (c === 46) {
      // Empty, or a leading zero; four digits or more are a leading zero or over 255 (below).
      const len = i - start;
      if (len === 0 || (len > 1 && text.charCodeAt(start) === 48)) return null;
      let v = 0;
      for (let j = start; j < i; j++) v = v * 10 + (text.charCodeAt(j) - 48);
      if (v > 255) return null;
      octets.push(text.slice(start, i));
      start = i + 1;
    } else if (c < 48 || c > 57) {
      return null;
    }
  }
  return octets.length === 4 ? `${octets[3]}.${octets[2]}.${octets[1]}.${octets[0]}` : null;
}

/** The name to ask `zone` about a target; throws (with a message fit for a verdict) when there is none. */
function nameFor(target: Target, zone: string): string {
  if (target.kind === 'ipv4') {
    const head = reversedIPv4(target.value);
    if (head !== null && head.length + zone.length < 253) return `${head}.${zone}`;
  }
  return queryName(target.value, target.kind, zone);
}

/**
 * Checks every target on every list that takes its kind. Verdicts stream out through `onVerdict`
 * in pair order (targets in the order given, lists in the order given); health comes back at the end.
 */
export async function checkTargets(
  targets: readonly Target[],
  lists: readonly ListDef[],
  dns: Dns,
  opts: CheckOptions,
  onVerdict: (v: Verdict) => void,
): Promise<CheckSummary> {
  const concurrency = Math.max(1, Math.floor(opts.concurrency));
  const perList = Math.max(1, Math.floor(opts.perListConcurrency));
  const limit = createLimiter(concurrency);
  // DNS text that repeats a query name carries the key: it is redacted here, where it enters
  // our data, so state, reports and every renderer only ever see `<key>`.
  const redact = keyRedactor(opts.keys);

  // 1. Health of every list before any target query (invariant 2).
  const zones = new Map<string, string>();
  const health = await Promise.all(
    lists.map(async (list): Promise<ListHealth> => {
      const key = list.key ? opts.keys[list.key] : undefined;
      if (list.key && !key) return skippedHealth(list, list.key);
      const zone = zoneWithKey(list, key);
      zones.set(list.id, zone);
      return redactHealth(await limit(() => checkListHealth(list, zone, dns, opts.resolver)), redact);
    }),
  );
  opts.onHealth?.(health);

  // 2. Each (target, list) once: unhealthy lists yield `unknown` without a query; skipped lists nothing.
  const seen = new Set<string>();
  const unique = targets.filter((t) => (seen.has(t.value) ? false : (seen.add(t.value), true)));
  const applies = lists.map((l, i) => {
    const skipped = health[i]?.status === 'skipped';
    return (t: Target): boolean => !skipped && l.kinds.includes(t.kind) && !t.skip.includes(l.id);
  });
  const pairsPerList = lists.map(() => 0);
  let total = 0;
  for (const t of unique) {
    for (let j = 0; j < lists.length; j++) {
      if (!applies[j]!(t)) continue;
      pairsPerList[j] = pairsPerList[j]! + 1;
      total++;
    }
  }

  // One allowance and pace per pool (or per list without one), sized for the pool's lists.
  const poolOf = (def: ListDef): string => def.rateCap?.pool ?? `list ${def.id}`;
  const poolSize = new Map<string, number>();
  for (const def of lists) poolSize.set(poolOf(def), (poolSize.get(poolOf(def)) ?? 0) + 1);
  const pools = new Map<string, { allowance: { left: number }; overBudget: string; pacer: Pacer | null }>();
  const poolFor = (def: ListDef) => {
    const key = poolOf(def);
    let pool = pools.get(key);
    if (!pool) {
      const cap = def.rateCap;
      const { budget, overBudget } = runBudget(cap, poolSize.get(key));
      pool = { allowance: { left: budget }, overBudget, pacer: cap?.perSecond ? new Pacer(cap.perSecond) : null };
      pools.set(key, pool);
    }
    return pool;
  };

  const runs: ListRun[] = lists.map((def, j) => {
    const h = health[j];
    return {
      def,
      zone: zones.get(def.id) ?? def.zone,
      notChecked: h?.status === 'ok' ? null : `list not checked: ${h?.reason ?? 'no health result'}`,
      inFlight: 0,
      window: new AdaptiveWindow(START_WINDOW, perList),
      ...poolFor(def),
      options: { retries: { left: Math.max(RETRY_FLOOR, Math.ceil((pairsPerList[j] ?? 0) * RETRY_SHARE)) } },
      failStreak: 0,
      waiting: [],
      waitHead: 0,
    };
  });

  // 3. The ring of pairs in flight or waiting to be emitted, in compact parallel arrays.
  const slotTarget = new Uint32Array(RING);
  const slotList = new Uint16Array(RING);
  /** 0: not done; 1: clean (built when emitted); 2: verdict in slotVerdict. */
  const slotState = new Uint8Array(RING);
  const slotVerdict: (Verdict | undefined)[] = new Array<Verdict | undefined>(RING);

  let emitted = 0; // pairs emitted (the oldest unfinished slot)
  let taken = 0; // pairs given a slot
  let nextTarget = 0; // the cursor over (target, list)
  let nextList = 0;
  let inFlight = 0;
  let waitingLists = 0;
  let pacing: NodeJS.Timeout | null = null;

  return new Promise<CheckSummary>((resolve, reject) => {
    let failed = false;
    const fail = (e: unknown): void => {
      failed = true;
      if (pacing) clearTimeout(pacing);
      reject(e instanceof Error ? e : new Error(String(e)));
    };

    function emit(): void {
      while (emitted < taken) {
        const s = emitted % RING;
        const state = slotState[s];
        if (state === 0) return;
        const target = unique[slotTarget[s] ?? 0]!;
        const list = runs[slotList[s] ?? 0]!.def;
        const v = state === 1 ? verdictFromAnswer(target, list, CLEAN, []) : slotVerdict[s]!;
        slotState[s] = 0;
        slotVerdict[s] = undefined;
        emitted++;
        onVerdict(redactVerdict(v, redact));
        opts.onProgress?.(emitted, total);
      }
      if (emitted === total) {
        if (pacing) clearTimeout(pacing);
        resolve({ lists: health, checked: emitted });
      }
    }

    function settle(slot: number, verdict: Verdict | null): void {
      const s = slot % RING;
      if (verdict === null) slotState[s] = 1;
      else {
        slotState[s] = 2;
        slotVerdict[s] = verdict;
      }
    }

    /** Learns from a list's answer: the window grows on clean answers, halves on trouble. */
    function learn(run: ListRun, decoded: Decoded): void {
      if (decoded.status !== 'unknown') {
        run.failStreak = 0;
        run.window.clean();
        return;
      }
      run.window.trouble();
      if (++run.failStreak >= GIVE_UP_AFTER && run.notChecked === null) {
        // Not "list not checked": the list passed its test points, so this is news the report must show.
        run.notChecked = `not asked: the list failed ${GIVE_UP_AFTER} answers in a row during the run (the last: ${decoded.reason ?? 'no answer'}), so the rest of the run left it alone`;
      }
    }

    function done(slot: number, run: ListRun, verdict: Verdict | null): void {
      settle(slot, verdict);
      inFlight--;
      run.inFlight--;
      pump();
    }

    function ask(slot: number, run: ListRun): void {
      const target = unique[slotTarget[slot % RING] ?? 0]!;
      let name: string;
      try {
        name = nameFor(target, run.zone);
      } catch (e) {
        settle(slot, unknown(target, run.def, e instanceof Error ? e.message : String(e)));
        return;
      }
      inFlight++;
      run.inFlight++;
      run.allowance.left--;
      // Anything thrown on the way (the adapter, or the caller's onVerdict as verdicts go out)
      // ends in the one catch below: the check fails instead of hanging on a lost rejection.
      const onA = (result: DnsResult): Promise<void> | void => {
        if (failed) return;
        const decoded = decodeAnswer(run.def, result);
        learn(run, decoded);
        if (decoded.status === 'clean') return done(slot, run, null);
        if (decoded.status !== 'listed' || run.allowance.left <= 0) return done(slot, run, verdictFromAnswer(target, run.def, decoded, []));
        // TXT only for a listing: it is for people, and asking it for clean pairs would double the load.
        run.allowance.left--;
        return dns.txt(name, run.options).then((txt) => {
          if (!failed) done(slot, run, verdictFromAnswer(target, run.def, decoded, txt.ok ? txt.records : []));
        });
      };
      dns.a(name, run.options)
        .then(onA)
        .catch((e: unknown) => fail(e));
    }

    /** Whether `run` may be sent a query now; arms the pacing timer when it must wait. */
    function room(run: ListRun, now: number): boolean {
      if (run.inFlight >= run.window.limit) return false;
      if (!run.pacer) return true;
      const wait = run.pacer.take(now);
      if (wait === 0) return true;
      pacing ??= setTimeout(() => {
        pacing = null;
        step();
      }, Math.ceil(wait));
      return false;
    }

    /** A pair whose list will not be asked: decided at once. */
    function decideWithoutQuery(slot: number, run: ListRun): boolean {
      const reason =
        run.notChecked ??
        (run.allowance.left <= 0 ? run.overBudget : null);
      if (reason === null) return false;
      settle(slot, unknown(unique[slotTarget[slot % RING] ?? 0]!, run.def, reason));
      return true;
    }

    /** pump() from outside an answer (the start, the pacing timer): a throw fails the check. */
    function step(): void {
      try {
        pump();
      } catch (e) {
        fail(e);
      }
    }

    function pump(): void {
      const now = performance.now();
      // Pairs already waiting for their list go first: everything after them waits on them.
      if (waitingLists > 0) {
        for (const run of runs) {
          while (run.waitHead < run.waiting.length && inFlight < concurrency) {
            const slot = run.waiting[run.waitHead]!;
            if (!decideWithoutQuery(slot, run)) {
              if (!room(run, now)) break;
              ask(slot, run);
            }
            run.waitHead++;
          }
          if (run.waitHead > 0 && run.waitHead === run.waiting.length) {
            run.waiting.length = 0;
            run.waitHead = 0;
            waitingLists--;
          }
        }
      }
      // Then new pairs, in order, while there is room in the ring and the overall window. A pair
      // decided without a query holds a ring slot but no query: when the ring alone stopped the
      // loop, emitting frees slots and nothing else would call pump again, so go round.
      let before: number;
      do {
        while (nextTarget < unique.length && inFlight < concurrency && taken - emitted < RING) {
          const ti = nextTarget;
          const j = nextList;
          if (++nextList === runs.length) {
            nextList = 0;
            nextTarget++;
          }
          if (!applies[j]!(unique[ti]!)) continue;
          const slot = taken++;
          const s = slot % RING;
          slotTarget[s] = ti;
          slotList[s] = j;
          const run = runs[j]!;
          if (decideWithoutQuery(slot, run)) continue;
          if (run.waiting.length === 0 && room(run, now)) {
            ask(slot, run);
          } else {
            if (run.waiting.length === 0) waitingLists++;
            run.waiting.push(slot);
          }
        }
        before = emitted;
        emit();
      } while (emitted > before);
    }

    if (total === 0) resolve({ lists: health, checked: 0 });
    else step();
  });
}
