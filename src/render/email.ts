// The daily email: subject, HTML and plain text. Inline styles only, no images or web fonts,
// one column that reads on a phone; everything from DNS or config is HTML-escaped.
import type { ListDef, ListHealth } from '../model.ts';
import type { TargetChange } from '../state/diff.ts';
import type { Listing, TargetsState } from '../state/snapshot.ts';
import { coverageLine, groupByReason } from './coverage.ts';
import { plain } from './escape.ts';

export interface DelistedNote {
  target: string;
  monitor: string;
  lists: string[];
  /** ISO time of the confirmed delisting. */
  at: string;
}

export interface EmailInput {
  date: Date;
  changes: readonly TargetChange[];
  /** Listed targets after this run. */
  state: TargetsState;
  delisted: readonly DelistedNote[];
  lists: readonly ListHealth[];
  listDefs: ReadonlyMap<string, ListDef>;
  issueUrl: (target: string) => string | undefined;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export function escapeHtml(s: string): string {
  return plain(s, 500).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function safeUrl(url: string | undefined): string | undefined {
  return url && /^https?:\/\/[^\s<>"']+$/.test(url) ? url : undefined;
}

function noun(targets: string[]): string {
  const ips = targets.every((t) => /^[\d.]+$|:/.test(t));
  const domains = targets.every((t) => !/^[\d.]+$|:/.test(t));
  const n = targets.length;
  if (ips) return n === 1 ? 'address' : 'addresses';
  if (domains) return n === 1 ? 'domain' : 'domains';
  return n === 1 ? 'target' : 'targets';
}

function days(since: string, now: Date): number {
  const t = Date.parse(since);
  return Number.isFinite(t) ? Math.max(0, Math.floor((now.getTime() - t) / 86_400_000)) : 0;
}

function forDays(n: number): string {
  return n === 0 ? 'since today' : `for ${n} day${n === 1 ? '' : 's'}`;
}

interface Row {
  target: string;
  monitor: string;
  listings: [string, Listing][];
  since: number;
}

function rows(state: TargetsState, targets: readonly string[], now: Date): Row[] {
  return targets
    .filter((t) => state[t])
    .map((t) => {
      const s = state[t]!;
      const listings = Object.entries(s.listings).sort(([a], [b]) => a.localeCompare(b));
      return { target: t, monitor: s.monitor, listings, since: Math.max(0, ...listings.map(([, l]) => days(l.since, now))) };
    });
}

export function emailSubject(input: EmailInput): string {
  const listed = Object.keys(input.state).filter((t) => Object.keys(input.state[t]?.listings ?? {}).length > 0);
  const fresh = input.changes.filter((c) => c.kind === 'new').length;
  const day = input.date.toISOString().slice(0, 10);
  const delisted = input.delisted.length > 0 ? `, ${input.delisted.length} delisted` : '';
  if (listed.length === 0) return `Blacklist Patrol: all clear${delisted} · ${day}`;
  return `Blacklist Patrol: ${listed.length} ${noun(listed)} listed${fresh > 0 ? ` (${fresh} new)` : ''}${delisted} · ${day}`;
}

// ------------------------------------------------------------------------------ HTML

const S = {
  body: 'margin:0;padding:0;background:#f4f5f7;',
  wrap: 'max-width:640px;margin:0 auto;padding:16px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:14px;line-height:1.45;color:#1f2328;',
  card: 'background:#ffffff;border:1px solid #d0d7de;border-radius:6px;padding:16px;margin:0 0 16px 0;',
  h1: 'font-size:18px;margin:0 0 8px 0;',
  h2: 'font-size:16px;margin:0 0 12px 0;',
  target: 'font-family:Menlo,Consolas,monospace;font-size:14px;font-weight:bold;',
  muted: 'color:#59636e;font-size:12px;',
  item: 'border-top:1px solid #eaeef2;padding:8px 0;',
  code: 'font-family:Menlo,Consolas,monospace;background:#f6f8fa;padding:1px 4px;border-radius:3px;',
  link: 'color:#0969da;',
  badgeNew: 'background:#cf222e;color:#ffffff;border-radius:10px;padding:1px 8px;font-size:12px;',
};

function a(label: string, url: string | undefined): string {
  const u = safeUrl(url);
  return u ? `<a href="${escapeHtml(u)}" style="${S.link}">${escapeHtml(label)}</a>` : '';
}

function listingHtml(input: EmailInput, id: string, l: Listing): string {
  const def = input.listDefs.get(id);
  const meanings = (l.meanings ?? []).map(escapeHtml).join('; ');
  const txt = (l.txt ?? []).map((t) => `<span style="${S.code}">${escapeHtml(t)}</span>`).join(' ');
  const delist = a('how to get delisted', def?.delist ?? def?.info);
  return `<div style="${S.item}"><strong>${escapeHtml(def?.name ?? id)}</strong> · ${l.codes.map((c) => `<span style="${S.code}">${escapeHtml(c)}</span>`).join(' ')}${meanings ? ` — ${meanings}` : ''}${txt ? `<br><span style="${S.muted}">Reason given by the list:</span> ${txt}` : ''}${delist ? `<br>${delist}` : ''}</div>`;
}

function targetHtml(input: EmailInput, r: Row, isNew: boolean): string {
  const issue = a('GitHub issue', input.issueUrl(r.target));
  const monitor = r.monitor && r.monitor !== r.target ? ` <span style="${S.muted}">(${escapeHtml(r.monitor)})</span>` : '';
  return `<div style="margin:0 0 12px 0;"><span style="${S.target}">${escapeHtml(r.target)}</span>${monitor} ${isNew ? `<span style="${S.badgeNew}">new</span>` : `<span style="${S.muted}">listed ${forDays(r.since)}</span>`}${issue ? ` · ${issue}` : ''}${r.listings.map(([id, l]) => listingHtml(input, id, l)).join('')}</div>`;
}

function section(title: string, inner: string): string {
  return `<div style="${S.card}"><h2 style="${S.h2}">${escapeHtml(title)}</h2>${inner}</div>`;
}

function split(input: EmailInput): { fresh: Row[]; still: Row[] } {
  const newTargets = new Set(input.changes.filter((c) => c.kind === 'new' || c.kind === 'changed').map((c) => c.target));
  const listed = Object.keys(input.state).filter((t) => Object.keys(input.state[t]?.listings ?? {}).length > 0).sort();
  return { fresh: rows(input.state, listed.filter((t) => newTargets.has(t)), input.date), still: rows(input.state, listed.filter((t) => !newTargets.has(t)), input.date) };
}

export function renderEmail(input: EmailInput): RenderedEmail {
  const subject = emailSubject(input);
  const { fresh, still } = split(input);
  const bad = groupByReason(input.lists);
  const parts: string[] = [];
  if (fresh.length > 0) parts.push(section('Newly listed', fresh.map((r) => targetHtml(input, r, true)).join('')));
  if (still.length > 0) parts.push(section('Still listed', still.map((r) => targetHtml(input, r, false)).join('')));
  if (input.delisted.length > 0) {
    parts.push(
      section(
        'Delisted since the last email',
        input.delisted
          .map((d) => `<div style="${S.item}"><span style="${S.target}">${escapeHtml(d.target)}</span> <span style="${S.muted}">(${escapeHtml(d.monitor)})</span> — no longer on ${d.lists.map((id) => escapeHtml(input.listDefs.get(id)?.name ?? id)).join(', ')}</div>`)
          .join(''),
      ),
    );
  }
  if (fresh.length + still.length === 0) parts.push(section('All clear', `<p style="margin:0;">Nothing you watch is listed on any list that could be checked.</p>`));
  if (bad.length > 0) {
    parts.push(
      section(
        'Lists that could not be checked',
        bad.map((g) => `<div style="${S.item}"><strong>${g.names.map(escapeHtml).join(', ')}</strong>: ${escapeHtml(g.reason)}${g.fix ? `<br><span style="${S.muted}">Fix:</span> ${escapeHtml(g.fix)}` : ''}</div>`).join(''),
      ),
    );
  }
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head><body style="${S.body}"><div style="${S.wrap}"><h1 style="${S.h1}">${escapeHtml(subject)}</h1><p style="${S.muted}">${escapeHtml(coverageLine(input.lists))}</p>${parts.join('')}<p style="${S.muted}">Sent by Blacklist Patrol. Fix the cause of a listing (open relay, compromised host or account, shared or dynamic range, missing reverse DNS) before asking for removal, or it comes back.</p></div></body></html>`;
  return { subject, html, text: renderText(input, subject, fresh, still) };
}

// ------------------------------------------------------------------------------ plain text

function listingText(input: EmailInput, id: string, l: Listing): string[] {
  const def = input.listDefs.get(id);
  const out = [`    - ${plain(def?.name ?? id)}: ${l.codes.join(' ')}${(l.meanings ?? []).length > 0 ? ` (${(l.meanings ?? []).map((m) => plain(m)).join('; ')})` : ''}`];
  for (const t of l.txt ?? []) out.push(`      reason: ${plain(t)}`);
  const delist = safeUrl(def?.delist ?? def?.info);
  if (delist) out.push(`      delist: ${delist}`);
  return out;
}

function targetText(input: EmailInput, r: Row, isNew: boolean): string[] {
  const issue = safeUrl(input.issueUrl(r.target));
  const head = `  ${r.target}${r.monitor && r.monitor !== r.target ? ` (${plain(r.monitor)})` : ''} — ${isNew ? 'NEW' : `listed ${forDays(r.since)}`}${issue ? ` — ${issue}` : ''}`;
  return [head, ...r.listings.flatMap(([id, l]) => listingText(input, id, l))];
}

function renderText(input: EmailInput, subject: string, fresh: Row[], still: Row[]): string {
  const out = [subject, '', coverageLine(input.lists)];
  if (fresh.length > 0) out.push('', 'NEWLY LISTED', ...fresh.flatMap((r) => targetText(input, r, true)));
  if (still.length > 0) out.push('', 'STILL LISTED', ...still.flatMap((r) => targetText(input, r, false)));
  if (input.delisted.length > 0) {
    out.push('', 'DELISTED SINCE THE LAST EMAIL', ...input.delisted.map((d) => `  ${d.target} (${plain(d.monitor)}): no longer on ${d.lists.map((id) => plain(input.listDefs.get(id)?.name ?? id)).join(', ')}`));
  }
  if (fresh.length + still.length === 0) out.push('', 'ALL CLEAR: nothing you watch is listed on any list that could be checked.');
  const bad = groupByReason(input.lists);
  if (bad.length > 0) out.push('', 'LISTS THAT COULD NOT BE CHECKED', ...bad.map((g) => `  ${g.names.join(', ')}: ${g.reason}${g.fix ? `\n    fix: ${g.fix}` : ''}`));
  out.push('', 'Fix the cause of a listing (open relay, compromised host or account, shared or dynamic range, missing reverse DNS) before asking for removal, or it comes back.', '');
  return out.join('\n');
}
