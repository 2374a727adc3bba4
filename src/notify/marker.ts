// The hidden marker in every issue we open: the target and its listings, so a lost cache or a
// crash never produces a duplicate issue (open issues are the fallback source of state).
import type { TargetState } from '../state/snapshot.ts';

const PREFIX = '<!-- blacklist-patrol:v1 ';
const SUFFIX = ' -->';
const EVENT = /<!-- blacklist-patrol:event ([0-9a-f]{16}) -->/;

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
  return `${PREFIX}${safeJson({ target, monitor: state.monitor, listings: state.listings, clean: state.clean, ...(hash ? { hash } : {}) })}${SUFFIX}`;
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
      listings[list] = { codes: l.codes.map(String), since: l.since, ...(meanings ? { meanings } : {}), ...(txt ? { txt } : {}) };
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
