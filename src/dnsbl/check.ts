// The check engine: list health first, then every (target, healthy list) once, politely.
import type { Dns, KeyName, ListDef, ListHealth, Target, Verdict } from '../model.ts';
import { createLimiter } from '../limit.ts';
import { decodeAnswer } from './decode.ts';
import { checkListHealth } from './health.ts';
import { displayZone, zoneWithKey } from './catalog.ts';
import { queryName } from './query.ts';
import { keyRedactor, type Redact } from '../secrets.ts';

export type Keys = Partial<Record<KeyName, string>>;

export interface CheckOptions {
  /** Queries in flight overall. */
  concurrency: number;
  /** Queries in flight to any one list. */
  perListConcurrency: number;
  keys: Keys;
  /** The DNS servers the user gave, named in health fixes; absent: the system resolver. */
  resolver?: string;
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

interface Pair {
  target: Target;
  list: ListDef;
  zone: string;
}

function skippedHealth(list: ListDef): ListHealth {
  const help = list.key ? KEY_HELP[list.key] : { reason: 'needs a key', fix: 'provide its key' };
  return { id: list.id, name: list.name, zone: displayZone(list), status: 'skipped', reason: help.reason, fix: help.fix };
}

/**
 * Checks every target on every list that takes its kind. Verdicts stream out through `onVerdict`
 * so a /16 never has to sit in memory; health comes back when all is done.
 */
export async function checkTargets(
  targets: readonly Target[],
  lists: readonly ListDef[],
  dns: Dns,
  opts: CheckOptions,
  onVerdict: (v: Verdict) => void,
): Promise<CheckSummary> {
  const limit = createLimiter(Math.max(1, opts.concurrency));
  // DNS text that repeats a query name carries the key: it is redacted here, where it enters
  // our data, so state, reports and every renderer only ever see `<key>`.
  const redact = keyRedactor(opts.keys);

  // 1. Health of every list before any target query (invariant 2).
  const zones = new Map<string, string>();
  const health = await Promise.all(
    lists.map(async (list): Promise<ListHealth> => {
      const key = list.key ? opts.keys[list.key] : undefined;
      if (list.access === 'key' && !key) return skippedHealth(list);
      const zone = zoneWithKey(list, key);
      zones.set(list.id, zone);
      return redactHealth(await limit(() => checkListHealth(list, zone, dns, opts.resolver)), redact);
    }),
  );
  const byId = new Map(health.map((h) => [h.id, h]));

  // 2. Each (target, list) once: unhealthy lists yield `unknown` without a query; skipped lists nothing.
  const seen = new Set<string>();
  const unique = targets.filter((t) => (seen.has(t.value) ? false : (seen.add(t.value), true)));
  const applies = (t: Target, l: ListDef): boolean =>
    l.kinds.includes(t.kind) && !t.skip.includes(l.id) && byId.get(l.id)?.status !== 'skipped';

  let total = 0;
  for (const t of unique) for (const l of lists) if (applies(t, l)) total++;
  let done = 0;
  const finish = (v: Verdict): void => {
    onVerdict(redactVerdict(v, redact));
    done++;
    opts.onProgress?.(done, total);
  };

  function* pairs(): Generator<Pair> {
    for (const target of unique) {
      for (const list of lists) {
        if (!applies(target, list)) continue;
        const h = byId.get(list.id);
        if (h?.status !== 'ok') {
          finish(unknown(target, list, `list not checked: ${h?.reason ?? 'no health result'}`));
          continue;
        }
        yield { target, list, zone: zones.get(list.id) ?? list.zone };
      }
    }
  }

  // 3. A fixed pool of workers pulls pairs lazily, so memory stays flat whatever the range size.
  const perList = new Map(lists.map((l) => [l.id, createLimiter(Math.max(1, opts.perListConcurrency))]));
  const queue = pairs();
  const worker = async (): Promise<void> => {
    for (let next = queue.next(); !next.done; next = queue.next()) {
      const { target, list, zone } = next.value;
      const slot = perList.get(list.id);
      if (!slot) continue;
      finish(await slot(() => checkOne(target, list, zone, dns)));
    }
  };
  const workers = Math.max(1, Math.min(opts.concurrency, total));
  await Promise.all(Array.from({ length: workers }, worker));

  return { lists: health, checked: done };
}

function redactHealth(h: ListHealth, redact: Redact): ListHealth {
  return {
    ...h,
    ...(h.reason !== undefined ? { reason: redact(h.reason) } : {}),
    ...(h.detail !== undefined ? { detail: redact(h.detail) } : {}),
  };
}

function redactVerdict(v: Verdict, redact: Redact): Verdict {
  return { ...v, txt: v.txt.map(redact), ...(v.reason !== undefined ? { reason: redact(v.reason) } : {}) };
}

function unknown(target: Target, list: ListDef, reason: string): Verdict {
  return { target: target.value, monitor: target.monitor, list: list.id, status: 'unknown', codes: [], meanings: [], txt: [], reason };
}

/** One A query; TXT only when the answer is a listing (polite, and TXT is for people anyway). */
async function checkOne(target: Target, list: ListDef, zone: string, dns: Dns): Promise<Verdict> {
  let name: string;
  try {
    name = queryName(target.value, target.kind, zone);
  } catch (e) {
    return unknown(target, list, e instanceof Error ? e.message : String(e));
  }
  const decoded = decodeAnswer(list, await dns.a(name));
  const verdict: Verdict = {
    target: target.value,
    monitor: target.monitor,
    list: list.id,
    status: decoded.status,
    codes: decoded.codes,
    meanings: decoded.meanings,
    txt: [],
  };
  if (decoded.reason !== undefined) verdict.reason = decoded.reason;
  if (decoded.status === 'listed') {
    const txt = await dns.txt(name);
    if (txt.ok) verdict.txt = txt.records;
  }
  return verdict;
}
