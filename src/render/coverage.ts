// The coverage line every report carries: silence is never "clean" (invariant 4).
import type { ListHealth } from '../model.ts';
import { plain } from './escape.ts';

/**
 * Lists that failed for the same reason, in first-seen order: one reason, many names. Names come
 * from config and reasons may carry DNS text, so both are cleaned here, for every place the
 * coverage line goes (terminal, log, issue, email).
 */
export function groupByReason(lists: readonly ListHealth[]): { reason: string; fix?: string; names: string[] }[] {
  const groups = new Map<string, { reason: string; fix?: string; names: string[] }>();
  for (const l of lists) {
    if (l.status === 'ok') continue;
    const reason = plain(l.reason ?? l.status);
    const key = `${reason}\u0000${l.fix ?? ''}`;
    const g = groups.get(key) ?? { reason, ...(l.fix !== undefined ? { fix: plain(l.fix) } : {}), names: [] };
    g.names.push(plain(l.name, 100));
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** "checked 12 of 14 lists; not checked: Spamhaus ZEN, Spamhaus DBL (needs a Spamhaus DQS key); …" */
export function coverageLine(lists: readonly ListHealth[]): string {
  const ok = lists.filter((l) => l.status === 'ok').length;
  const head = `checked ${ok} of ${lists.length} lists`;
  const groups = groupByReason(lists);
  if (groups.length === 0) return head;
  return `${head}; not checked: ${groups.map((g) => `${g.names.join(', ')} (${g.reason})`).join('; ')}`;
}

/** True when no list that could have been checked passed: the resolver, not the lists, is likely at fault. */
export function nothingChecked(lists: readonly ListHealth[]): boolean {
  const tried = lists.filter((l) => l.status !== 'skipped');
  return tried.length > 0 && tried.every((l) => l.status !== 'ok');
}
