// What a target's listings say, worded once for every renderer (issue, email, job summary): per
// listing its severity, likely cause and the list's removal process with links that carry the
// target; the causes that apply, each once, with the fix; and the reverse-DNS finding, tied to the
// causes it explains. Pure. Renderers escape every piece for where it goes.
import type { CauseId, ListDef, Severity } from '../model.ts';
import { CAUSES, causesOf } from '../dnsbl/causes.ts';
import { meaningsOf } from '../dnsbl/decode.ts';
import { fillLink } from '../dnsbl/links.ts';
import { itemKind } from '../dnsbl/query.ts';
import type { ReverseDnsFinding } from '../dnsbl/rdns.ts';
import { removalSummary } from '../dnsbl/removal.ts';
import { SEVERITY_RANK, listingSeverity } from '../dnsbl/severity.ts';
import type { Listing } from '../state/snapshot.ts';

/** Text in pieces: words, and `code` for names and addresses (shown as code where the format has it). All are escaped. */
export type Piece = string | { code: string };

export interface ListingView {
  id: string;
  name: string;
  severity: Severity;
  /** The distinct causes of its codes, in code order. */
  causes: CauseId[];
  /** The list's page for this target (template filled; http(s) only). */
  lookup?: string;
  /** Where to ask for removal: the list's removal page, filled for this target where it takes one. */
  removal?: string;
  /** How listings end on this list, in plain words. */
  howToGetOff: string;
}

export interface CauseView {
  id: CauseId;
  label: string;
  fix: string;
  /** Names of the lists whose codes give this cause. */
  lists: string[];
  /** What the reverse DNS says about this cause, for the causes it bears on. */
  evidence?: Piece[];
}

export interface Diagnosis {
  /** Listings that alarm, most severe first. */
  listings: ListingView[];
  /** Listings below notify.min-severity: context only. */
  informational: ListingView[];
  /** The causes of the alarming listings, each once, most severe first. */
  causes: CauseView[];
  /** The reverse-DNS finding as one sentence (IP targets that were looked up). */
  reverseDns?: Piece[];
}

/** A finding in a few words, for tables. */
export const REVERSE_DNS_WORDS: Readonly<Record<ReverseDnsFinding['status'], string>> = {
  good: 'good PTR',
  generic: 'generic PTR',
  'not-confirmed': 'PTR does not resolve back',
  'no-ptr': 'no PTR',
  unknown: 'unknown',
};

/** "no PTR", "good PTR mail.example.com", "unknown (no answer): the PTR lookup timed out". */
export function reverseDnsBrief(f: ReverseDnsFinding): string {
  const name = f.confirmed ?? f.ptr[0];
  const detail = f.status === 'unknown' ? f.reason : f.status === 'generic' ? f.generic : f.status === 'not-confirmed' ? f.reason : undefined;
  return `${REVERSE_DNS_WORDS[f.status]}${name !== undefined ? ` ${name}` : ''}${detail !== undefined ? `: ${detail}` : ''}`;
}

/** Causes reverse DNS bears on: its absence is the listing's reason, or marks an end-user line. */
const RDNS_CAUSES: ReadonlySet<CauseId> = new Set(['no-rdns', 'policy']);

/** Stand-in for a removal process a list does not document (custom lists). */
const UNDOCUMENTED_REMOVAL = "The list's own page says how listings end and how to ask for removal.";

/** Links longer than this are left out: a template with a long target is still a link, a hostile one is not. */
const URL_MAX = 500;

function usable(url: string | undefined): string | undefined {
  return url !== undefined && url.length <= URL_MAX && /^https?:\/\//.test(url) ? url : undefined;
}

export function listingView(target: string, id: string, listing: Listing, def: ListDef | undefined): ListingView {
  const kind = itemKind(target) ?? 'domain';
  const at = { value: target, kind };
  const lookup = usable(fillLink(def?.lookup, at));
  const removal = usable(fillLink(def?.delist, at) ?? fillLink(def?.info, at));
  const meanings = def ? meaningsOf(def, listing.codes) : [];
  return {
    id,
    name: def?.name ?? id,
    severity: listingSeverity(def, listing.codes),
    causes: causesOf(meanings.length > 0 ? meanings : [{}]),
    ...(lookup ? { lookup } : {}),
    ...(removal && removal !== lookup ? { removal } : {}),
    howToGetOff: def?.removal ? removalSummary(def.removal) : (def?.policy ?? UNDOCUMENTED_REMOVAL),
  };
}

function bySeverity(a: ListingView, b: ListingView): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/** "A", "A and B", "A, B and 3 more lists". */
export function names(list: readonly string[], max = 3): string {
  if (list.length <= 1) return list[0] ?? '';
  if (list.length > max) return `${list.slice(0, max).join(', ')} and ${list.length - max} more list${list.length - max === 1 ? '' : 's'}`;
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1] ?? ''}`;
}

/** What the finding is, as a clause: "the address has no PTR record". */
function findingClause(f: ReverseDnsFinding): Piece[] {
  const ptr = f.confirmed ?? f.ptr[0] ?? '';
  switch (f.status) {
    case 'no-ptr':
      return ['the address has no PTR record'];
    case 'not-confirmed':
      return ['its PTR ', { code: ptr }, ' does not resolve back to it'];
    case 'generic':
      return ['its PTR ', { code: ptr }, ` looks generic (${f.generic ?? 'an ISP name'})`];
    case 'good':
      return ['its PTR ', { code: ptr }, ' resolves back to it and names a host'];
    case 'unknown':
      return [`its PTR could not be looked up this run (${f.reason ?? 'no answer'})`];
  }
}

/** The reverse-DNS finding as a sentence. */
export function reverseDnsSentence(f: ReverseDnsFinding): Piece[] {
  const ptr = f.confirmed ?? f.ptr[0] ?? '';
  switch (f.status) {
    case 'no-ptr':
      return [{ code: f.target }, ' has no PTR record: nothing names it as a mail server, which large receivers and policy lists hold against it.'];
    case 'not-confirmed':
      return [
        { code: f.target },
        ' has the PTR ',
        { code: ptr },
        `, but ${f.reason ?? 'that name does not resolve back to it'}: its reverse DNS is not forward-confirmed (FCrDNS), which receivers check.`,
        ...(f.generic ? [` The name also looks generic (${f.generic}).`] : []),
      ];
    case 'generic':
      return [
        { code: f.target },
        ' has the PTR ',
        { code: ptr },
        `, which resolves back to it but looks generic (${f.generic ?? 'an ISP name'}): receivers and policy lists read such names as end-user lines, not mail servers.`,
      ];
    case 'good':
      return [{ code: f.target }, ' has the PTR ', { code: ptr }, ', which resolves back to it (forward-confirmed) and does not look generic: good.'];
    case 'unknown':
      return ['The reverse DNS of ', { code: f.target }, ` could not be looked up this run (${f.reason ?? 'no answer'}): this says nothing either way.`];
  }
}

/** How the finding bears on a cause reverse DNS explains (RDNS_CAUSES). */
function evidence(cause: CauseId, f: ReverseDnsFinding, lists: string[]): Piece[] {
  const who = names(lists);
  const verb = lists.length === 1 ? 'lists' : 'list';
  if (f.status === 'unknown') return ['The PTR lookup got no answer this run, so whether reverse DNS is the reason here is not known.'];
  if (f.status === 'good') {
    return cause === 'no-rdns'
      ? ['Here the reverse DNS is right now (', ...findingClause(f).slice(1), `): it was fixed after ${who} last looked; ask for removal.`]
      : ['Here the reverse DNS is right (', ...findingClause(f).slice(1), `), so the listing is about the range itself: ask ${who} for removal as a mail server, or send through your provider's relay.`];
  }
  const clause = findingClause(f);
  return cause === 'no-rdns'
    ? ['This is the reason here: ', ...clause, `, and ${who} ${verb} addresses for exactly that: fix the reverse DNS, then ask for removal.`]
    : ['Here ', ...clause, `: one more sign of an end-user line, which is what ${who} ${verb}. Fix the reverse DNS as well.`];
}

/**
 * The diagnosis of one target: `listings` alarm, `info` are below notify.min-severity (context).
 * `rdns` is this run's reverse-DNS finding for the address, if it was looked up.
 */
export function diagnose(
  target: string,
  listings: Readonly<Record<string, Listing>>,
  info: Readonly<Record<string, Listing>>,
  defs: ReadonlyMap<string, ListDef>,
  rdns?: ReverseDnsFinding,
): Diagnosis {
  const alarming = Object.entries(listings).map(([id, l]) => listingView(target, id, l, defs.get(id))).sort(bySeverity);
  const informational = Object.entries(info).map(([id, l]) => listingView(target, id, l, defs.get(id))).sort(bySeverity);
  const causes = new Map<CauseId, CauseView>();
  for (const l of alarming) {
    for (const id of l.causes) {
      const view = causes.get(id) ?? { id, label: CAUSES[id].label, fix: CAUSES[id].fix, lists: [] };
      view.lists.push(l.name);
      causes.set(id, view);
    }
  }
  if (rdns) for (const c of causes.values()) if (RDNS_CAUSES.has(c.id)) c.evidence = evidence(c.id, rdns, c.lists);
  return {
    listings: alarming,
    informational,
    causes: [...causes.values()],
    ...(rdns ? { reverseDns: reverseDnsSentence(rdns) } : {}),
  };
}
