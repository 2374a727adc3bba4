// How a listing ends, in plain words, from a list's removal data (catalog field `removal`).
// The facts are data in the catalog; this only turns them into one sentence or two.
import type { Removal } from '../model.ts';

const REQUEST: Record<Removal['request'], string> = {
  form: 'Ask for removal with the free form on its site.',
  account: 'Ask for removal on its site (needs a free account).',
  'from-address': 'Ask for removal from the listed address itself: the request only counts when it comes from that address.',
  email: 'Ask for removal by email.',
  provider: 'Only the provider that owns the range can have it removed.',
  none: 'There is no manual removal.',
  unknown: 'The list does not document how to ask for removal.',
};

/** "Expires by itself 7 days after the last evidence. Ask for removal … Express delisting is sold …" */
export function removalSummary(r: Removal): string {
  const parts: string[] = [];
  if (r.expires !== undefined) parts.push(`Expires by itself ${r.expires} after the last evidence.`);
  if (r.permanent !== undefined) parts.push(r.permanent);
  parts.push(REQUEST[r.request]);
  if (r.paidExpress === true) {
    parts.push('It sells express delisting; you never need to pay: waiting for the expiry is free.');
  }
  if (r.note !== undefined) parts.push(r.note);
  return parts.join(' ');
}
