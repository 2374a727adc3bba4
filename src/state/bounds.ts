// What a listing keeps of a list's answer (return codes, their meanings, TXT), bounded so state,
// issue markers and issue bodies stay small whatever a list or a config says. A cut text ends in
// "…" and a cut list ends with a "…" entry; the run's JSON report keeps the answer in full.
import type { Listing } from './snapshot.ts';

export const ELLIPSIS = '…';

export const LISTING_BOUNDS = {
  /** Return codes kept per listing (a list answers one to four; thousands fit a TCP answer). */
  codes: 16,
  meanings: 8,
  meaningLength: 300,
  txt: 4,
  txtLength: 300,
} as const;

/** Text cut to at most `max` UTF-16 units, ending in "…" when cut (never half a surrogate pair). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - ELLIPSIS.length);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}${ELLIPSIS}`;
}

/** The first `max` texts, each clipped; a "…" entry stands for the ones left out. */
function texts(list: readonly string[], max: number, length: number): string[] {
  const kept = list.slice(0, max).map((t) => clip(t, length));
  return list.length > max ? [...kept, ELLIPSIS] : kept;
}

/** Distinct codes in the order the list gave them, at most LISTING_BOUNDS.codes. */
export function boundCodes(codes: readonly string[]): string[] {
  return [...new Set(codes)].slice(0, LISTING_BOUNDS.codes).map((c) => clip(c, 40));
}

export function boundListing(l: Listing): Listing {
  return {
    codes: boundCodes(l.codes),
    since: clip(l.since, 40),
    ...(l.meanings ? { meanings: texts(l.meanings, LISTING_BOUNDS.meanings, LISTING_BOUNDS.meaningLength) } : {}),
    ...(l.txt ? { txt: texts(l.txt, LISTING_BOUNDS.txt, LISTING_BOUNDS.txtLength) } : {}),
  };
}
