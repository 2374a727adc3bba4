// The coverage line every report carries: silence is never "clean" (invariant 4).
import type { ListHealth } from '../model.ts';

/** Short words for why a list was not checked, e.g. "needs a Spamhaus DQS key", "dead: lists everything". */
export function whyNotChecked(h: ListHealth): string {
  return h.reason ?? h.status;
}

/** "checked 12 of 14 lists; not checked: Spamhaus ZEN (needs a Spamhaus DQS key), …" */
export function coverageLine(lists: readonly ListHealth[]): string {
  const ok = lists.filter((l) => l.status === 'ok');
  const not = lists.filter((l) => l.status !== 'ok');
  const head = `checked ${ok.length} of ${lists.length} lists`;
  if (not.length === 0) return head;
  return `${head}; not checked: ${not.map((l) => `${l.name} (${whyNotChecked(l)})`).join(', ')}`;
}
