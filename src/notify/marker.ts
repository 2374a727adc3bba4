// The hidden marker in every issue we open: the target and its listings, so a lost cache or a
// crash never produces a duplicate issue (open issues are the fallback source of state).
import { boundListing, clip } from '../state/bounds.ts';
import type { Listing, TargetState } from '../state/snapshot.ts';

const PREFIX = '<!-- blacklist-patrol:v1 ';
const SUFFIX = ' -->';
const EVENT = /<!-- blacklist-patrol:event ([0-9a-f]{16}) -->/;
/**
 * Longest marker we write (characters), so the body around it always fits GitHub's 65,536. Over it,
 * TXT goes first, then meanings (the next run's answers bring both back), then whole listings.
 */
export const MARKER_MAX = 20_000;

export interface Marker {
  target: string;
  state: TargetState;
  /** Hash of the body we rendered above the marker: tells our own change from a person's edit. */
  hash?: string;
}

/** JSON with - < > escaped, so nothing inside can end the HTML comment ("xn--" domains included). */
function safeJson(v: unknown): string {
  return JSON.stringify(v).replace(/[-<>]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function renderMarker(target: string, state: TargetState, hash?: string): string {
  const render = (listings: Record<string, Listing>): string => {
    const clean = Object.fromEntries(Object.entries(state.clean).filter(([id]) => Object.hasOwn(listings, id)));
    return `${PREFIX}${safeJson({ target, monitor: clip(state.monitor, 200), listings, clean, ...(hash ? { hash } : {}) })}${SUFFIX}`;
  };
  const ids = Object.keys(state.listings).sort();
  const bounded = ids.map((id) => [id, boundListing(state.listings[id] as Listing)] as const);
  const without = (drop: (l: Listing) => Listing): [string, Listing][] => bounded.map(([id, l]) => [id, drop(l)]);
  const noTxt = ({ txt: _t, ...l }: Listing): Listing => l;
  const codesOnly = ({ codes, since }: Listing): Listing => ({ codes, since });
  for (const listings of [bounded, without(noTxt), without(codesOnly)]) {
    const marker = render(Object.fromEntries(listings));
    if (marker.length <= MARKER_MAX) return marker;
  }
  // Hundreds of lists at once: keep the listings that fit, codes and dates only.
  const kept: Record<string, Listing> = {};
  let size = render({}).length;
  for (const [id, l] of without(codesOnly)) {
    const entry = codesOnly(l);
    size += 2 * safeJson(id).length + safeJson(entry).length + 12; // the listing, and its clean count
    if (size > MARKER_MAX) break;
    kept[id] = entry;
  }
  const marker = render(kept);
  return marker.length <= MARKER_MAX ? marker : render({});
}

export function parseMarker(body: string | null | undefined): Marker | null {
  if (!body) return null;
  const start = body.lastIndexOf(PREFIX);
  if (start < 0) return null;
  const end = body.indexOf(SUFFIX, start + PREFIX.length);
  if (end < 0) return null;
  try {
    const v = JSON.parse(body.slice(start + PREFIX.length, end)) as Record<string, unknown>;
    if (typeof v.target !== 'string' || typeof v.listings !== 'object' || v.listings === null) return null;
    const listings: TargetState['listings'] = {};
    const strings = (x: unknown): string[] | undefined => (Array.isArray(x) ? x.map(String) : undefined);
    for (const [list, l] of Object.entries(v.listings as Record<string, { codes?: unknown; since?: unknown; meanings?: unknown; txt?: unknown }>)) {
      if (!Array.isArray(l.codes) || typeof l.since !== 'string') continue;
      const meanings = strings(l.meanings);
      const txt = strings(l.txt);
      listings[list] = boundListing({ codes: l.codes.map(String), since: l.since, ...(meanings ? { meanings } : {}), ...(txt ? { txt } : {}) });
    }
    const clean: Record<string, number> = {};
    if (typeof v.clean === 'object' && v.clean !== null) {
      for (const [list, n] of Object.entries(v.clean as Record<string, unknown>)) if (typeof n === 'number') clean[list] = n;
    }
    return {
      target: v.target,
      state: { monitor: typeof v.monitor === 'string' ? v.monitor : v.target, listings, clean },
      ...(typeof v.hash === 'string' ? { hash: v.hash } : {}),
    };
  } catch {
    return null;
  }
}

/** Marks a comment with the change it reports, so the same change is never commented twice. */
export function eventMarker(fingerprint: string): string {
  return `<!-- blacklist-patrol:event ${fingerprint} -->`;
}

export function eventOf(body: string | null | undefined): string | null {
  return body ? (EVENT.exec(body)?.[1] ?? null) : null;
}
