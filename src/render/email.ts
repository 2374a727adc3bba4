// The daily email: subject, HTML and plain text. Inline styles only, no images or web fonts,
// one column that reads on a phone; everything from DNS or config is HTML-escaped.
import type { CauseId, ListDef, ListHealth, Severity } from '../model.ts';
import { CAUSES } from '../dnsbl/causes.ts';
import type { ReverseDnsFinding } from '../dnsbl/rdns.ts';
import type { TargetChange } from '../state/diff.ts';
import type { Listing, TargetState, TargetsState } from '../state/snapshot.ts';
import { coverageLine, groupByReason } from './coverage.ts';
import { diagnose, names, type CauseView, type Diagnosis, type ListingView, type Piece } from './diagnosis.ts';
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
  /** Targets listed only below notify.min-severity this run (their listings under `info`): shown, not counted. */
  informational?: TargetsState;
  /** This run's reverse-DNS findings by address. */
  reverseDns?: ReadonlyMap<string, ReverseDnsFinding>;
  /** notify.min-severity, named beside informational listings. */
  minSeverity?: Severity;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export function escapeHtml(s: string): string {
  return escapeText(s, 500);
}

/** escapeHtml for our own longer texts (fixes, removal processes), bounded at `max`. */
function escapeText(s: string, max: number): string {
  return plain(s, max).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Longest fix, removal process or reverse-DNS sentence shown. */
const TEXT_MAX = 1_000;

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
  /** Alarming listings and informational ones, by list id. */
  state: TargetState;
  diagnosis: Diagnosis;
  since: number;
}

function row(input: EmailInput, target: string, s: TargetState): Row {
  const since = Math.max(0, ...Object.values(s.listings).map((l) => days(l.since, input.date)));
  return { target, monitor: s.monitor, state: s, diagnosis: diagnose(target, s.listings, s.info ?? {}, input.listDefs, input.reverseDns?.get(target)), since };
}

function rows(input: EmailInput, state: TargetsState, targets: readonly string[]): Row[] {
  return targets.filter((t) => state[t]).map((t) => row(input, t, state[t]!));
}

/** The causes of every listed target's listings, each once, with every list that gives it. */
function allCauses(rows: readonly Row[]): CauseView[] {
  const causes = new Map<string, CauseView>();
  for (const r of rows) {
    for (const c of r.diagnosis.causes) {
      const had = causes.get(c.id);
      if (had) for (const l of c.lists) if (!had.lists.includes(l)) had.lists.push(l);
      if (!had) causes.set(c.id, { id: c.id, label: c.label, fix: c.fix, lists: [...c.lists] });
    }
  }
  return [...causes.values()];
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
  severity: 'color:#59636e;border:1px solid #d0d7de;border-radius:10px;padding:0 6px;font-size:11px;',
};

const CAUSE_LABEL = (id: CauseId): string => CAUSES[id].label;

function a(label: string, url: string | undefined): string {
  const u = safeUrl(url);
  return u ? `<a href="${escapeHtml(u)}" style="${S.link}">${escapeHtml(label)}</a>` : '';
}

/** Pieces as HTML: every piece escaped, names and addresses as code. */
function htmlPieces(pieces: readonly Piece[]): string {
  return pieces.map((p) => (typeof p === 'string' ? escapeText(p, TEXT_MAX) : `<span style="${S.code}">${escapeText(p.code, 253)}</span>`)).join('');
}

function isAddress(target: string): boolean {
  return /^[\d.]+$|:/.test(target);
}

function doorsHtml(view: ListingView, target: string): string {
  return [a(`look up this ${isAddress(target) ? 'address' : 'domain'}`, view.lookup), a('removal page', view.removal)].filter((l) => l !== '').join(' · ');
}

function listingHtml(target: string, view: ListingView, l: Listing): string {
  const meanings = (l.meanings ?? []).map(escapeHtml).join('; ');
  const txt = (l.txt ?? []).map((t) => `<span style="${S.code}">${escapeHtml(t)}</span>`).join(' ');
  const doors = doorsHtml(view, target);
  const causes = view.causes.map((c) => CAUSE_LABEL(c)).join('; ');
  return (
    `<div style="${S.item}"><strong>${escapeHtml(view.name)}</strong> <span style="${S.severity}">${view.severity}</span> · ${l.codes.map((c) => `<span style="${S.code}">${escapeHtml(c)}</span>`).join(' ')}${meanings ? ` — ${meanings}` : ''}` +
    `${txt ? `<br><span style="${S.muted}">Reason given by the list:</span> ${txt}` : ''}` +
    `<br><span style="${S.muted}">Likely cause:</span> ${escapeHtml(causes)}` +
    `<br><span style="${S.muted}">How to get off:</span> ${escapeText(view.howToGetOff, TEXT_MAX)}${doors ? ` ${doors}` : ''}</div>`
  );
}

/** "For information only: URIBL (grey …)", beside a listed target or for a target listed only so. */
function infoHtml(input: EmailInput, r: Row): string {
  if (r.diagnosis.informational.length === 0) return '';
  const items = r.diagnosis.informational.map((v) => {
    const l = r.state.info?.[v.id];
    const meanings = (l?.meanings ?? []).map(escapeHtml).join('; ');
    const doors = doorsHtml(v, r.target);
    return `${escapeHtml(v.name)} <span style="${S.code}">${escapeHtml((l?.codes ?? []).join(' '))}</span>${meanings ? ` — ${meanings}` : ''}${doors ? ` (${doors})` : ''}`;
  });
  return `<div style="${S.item}"><span style="${S.muted}">For information only (below notify.min-severity: ${escapeHtml(input.minSeverity ?? 'low')}; no action needed):</span><br>${items.join('<br>')}</div>`;
}

/** The reverse DNS of the address, and what it says about the causes it bears on. */
function rdnsHtml(r: Row): string {
  if (!r.diagnosis.reverseDns) return '';
  const evidence = r.diagnosis.causes.filter((c) => c.evidence).map((c) => ` ${htmlPieces(c.evidence ?? [])}`).join('');
  return `<div style="${S.item}"><span style="${S.muted}">Reverse DNS:</span> ${htmlPieces(r.diagnosis.reverseDns)}${evidence}</div>`;
}

function targetHtml(input: EmailInput, r: Row, isNew: boolean): string {
  const issue = a('GitHub issue', input.issueUrl(r.target));
  const monitor = r.monitor && r.monitor !== r.target ? ` <span style="${S.muted}">(${escapeHtml(r.monitor)})</span>` : '';
  const listings = r.diagnosis.listings.map((v) => listingHtml(r.target, v, r.state.listings[v.id] as Listing)).join('');
  return `<div style="margin:0 0 12px 0;"><span style="${S.target}">${escapeHtml(r.target)}</span>${monitor} ${isNew ? `<span style="${S.badgeNew}">new</span>` : `<span style="${S.muted}">listed ${forDays(r.since)}</span>`}${issue ? ` · ${issue}` : ''}${listings}${rdnsHtml(r)}${infoHtml(input, r)}</div>`;
}

/** Only informational listings: the target, its informational rows and its reverse DNS. */
function infoTargetHtml(input: EmailInput, r: Row): string {
  const monitor = r.monitor && r.monitor !== r.target ? ` <span style="${S.muted}">(${escapeHtml(r.monitor)})</span>` : '';
  return `<div style="margin:0 0 12px 0;"><span style="${S.target}">${escapeHtml(r.target)}</span>${monitor}${rdnsHtml(r)}${infoHtml(input, r)}</div>`;
}

function causesHtml(causes: readonly CauseView[]): string {
  return causes.map((c) => `<div style="${S.item}"><strong>${escapeHtml(c.label)}</strong> <span style="${S.muted}">(${escapeHtml(names(c.lists))})</span><br>${escapeText(c.fix, TEXT_MAX)}</div>`).join('');
}

function section(title: string, inner: string): string {
  return `<div style="${S.card}"><h2 style="${S.h2}">${escapeHtml(title)}</h2>${inner}</div>`;
}

function split(input: EmailInput): { fresh: Row[]; still: Row[]; info: Row[] } {
  const newTargets = new Set(input.changes.filter((c) => c.kind === 'new' || c.kind === 'changed').map((c) => c.target));
  const listed = Object.keys(input.state).filter((t) => Object.keys(input.state[t]?.listings ?? {}).length > 0).sort();
  const info = input.informational ?? {};
  return {
    fresh: rows(input, input.state, listed.filter((t) => newTargets.has(t))),
    still: rows(input, input.state, listed.filter((t) => !newTargets.has(t))),
    info: rows(input, info, Object.keys(info).sort()),
  };
}

const FIX_FIRST = 'Fix the cause of a listing before asking for removal, or it comes back.';

export function renderEmail(input: EmailInput): RenderedEmail {
  const subject = emailSubject(input);
  const { fresh, still, info } = split(input);
  const causes = allCauses([...fresh, ...still]);
  const bad = groupByReason(input.lists);
  const parts: string[] = [];
  if (fresh.length > 0) parts.push(section('Newly listed', fresh.map((r) => targetHtml(input, r, true)).join('')));
  if (still.length > 0) parts.push(section('Still listed', still.map((r) => targetHtml(input, r, false)).join('')));
  if (causes.length > 0) parts.push(section('What to fix before asking for removal', causesHtml(causes)));
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
  if (fresh.length + still.length === 0) {
    const aside = info.length > 0 ? ' (informational answers aside, below)' : '';
    parts.push(section('All clear', `<p style="margin:0;">Nothing you watch is listed on any list that could be checked${aside}.</p>`));
  }
  if (info.length > 0) parts.push(section('For information only', info.map((r) => infoTargetHtml(input, r)).join('')));
  if (bad.length > 0) {
    parts.push(
      section(
        'Lists that could not be checked',
        bad.map((g) => `<div style="${S.item}"><strong>${g.names.map(escapeHtml).join(', ')}</strong>: ${escapeHtml(g.reason)}${g.fix ? `<br><span style="${S.muted}">Fix:</span> ${escapeHtml(g.fix)}` : ''}</div>`).join(''),
      ),
    );
  }
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head><body style="${S.body}"><div style="${S.wrap}"><h1 style="${S.h1}">${escapeHtml(subject)}</h1><p style="${S.muted}">${escapeHtml(coverageLine(input.lists))}</p>${parts.join('')}<p style="${S.muted}">Sent by Blacklist Patrol. ${FIX_FIRST}</p></div></body></html>`;
  return { subject, html, text: renderText(input, subject, { fresh, still, info }, causes) };
}

// ------------------------------------------------------------------------------ plain text

function textPieces(pieces: readonly Piece[]): string {
  return pieces.map((p) => plain(typeof p === 'string' ? p : p.code, TEXT_MAX)).join('');
}

function listingText(target: string, view: ListingView, l: Listing): string[] {
  const out = [`    - ${plain(view.name)} [${view.severity}]: ${l.codes.join(' ')}${(l.meanings ?? []).length > 0 ? ` (${(l.meanings ?? []).map((m) => plain(m)).join('; ')})` : ''}`];
  for (const t of l.txt ?? []) out.push(`      reason: ${plain(t)}`);
  out.push(`      likely cause: ${view.causes.map((c) => CAUSE_LABEL(c)).join('; ')}`);
  out.push(`      how to get off: ${plain(view.howToGetOff, TEXT_MAX)}`);
  const lookup = safeUrl(view.lookup);
  if (lookup) out.push(`      look up this ${isAddress(target) ? 'address' : 'domain'}: ${lookup}`);
  const removal = safeUrl(view.removal);
  if (removal) out.push(`      removal page: ${removal}`);
  return out;
}

function rdnsText(r: Row): string[] {
  if (!r.diagnosis.reverseDns) return [];
  const evidence = r.diagnosis.causes.filter((c) => c.evidence).map((c) => ` ${textPieces(c.evidence ?? [])}`).join('');
  return [`    reverse DNS: ${textPieces(r.diagnosis.reverseDns)}${evidence}`];
}

function infoText(input: EmailInput, r: Row): string[] {
  if (r.diagnosis.informational.length === 0) return [];
  return [
    `    for information only (below notify.min-severity: ${input.minSeverity ?? 'low'}; no action needed):`,
    ...r.diagnosis.informational.map((v) => {
      const l = r.state.info?.[v.id];
      return `    - ${plain(v.name)}: ${(l?.codes ?? []).join(' ')}${(l?.meanings ?? []).length > 0 ? ` (${(l?.meanings ?? []).map((m) => plain(m)).join('; ')})` : ''}`;
    }),
  ];
}

function targetText(input: EmailInput, r: Row, kind: 'new' | 'still' | 'info'): string[] {
  const issue = safeUrl(input.issueUrl(r.target));
  const status = kind === 'new' ? ' — NEW' : kind === 'still' ? ` — listed ${forDays(r.since)}` : '';
  const head = `  ${r.target}${r.monitor && r.monitor !== r.target ? ` (${plain(r.monitor)})` : ''}${status}${issue && kind !== 'info' ? ` — ${issue}` : ''}`;
  return [head, ...r.diagnosis.listings.flatMap((v) => listingText(r.target, v, r.state.listings[v.id] as Listing)), ...rdnsText(r), ...infoText(input, r)];
}

function renderText(input: EmailInput, subject: string, { fresh, still, info }: { fresh: Row[]; still: Row[]; info: Row[] }, causes: readonly CauseView[]): string {
  const out = [subject, '', coverageLine(input.lists)];
  if (fresh.length > 0) out.push('', 'NEWLY LISTED', ...fresh.flatMap((r) => targetText(input, r, 'new')));
  if (still.length > 0) out.push('', 'STILL LISTED', ...still.flatMap((r) => targetText(input, r, 'still')));
  if (causes.length > 0) {
    out.push('', 'WHAT TO FIX BEFORE ASKING FOR REMOVAL', ...causes.flatMap((c) => [`  ${c.label} (${plain(names(c.lists), 1000)})`, `    ${plain(c.fix, TEXT_MAX)}`]));
  }
  if (input.delisted.length > 0) {
    out.push('', 'DELISTED SINCE THE LAST EMAIL', ...input.delisted.map((d) => `  ${d.target} (${plain(d.monitor)}): no longer on ${d.lists.map((id) => plain(input.listDefs.get(id)?.name ?? id)).join(', ')}`));
  }
  if (fresh.length + still.length === 0) out.push('', `ALL CLEAR: nothing you watch is listed on any list that could be checked${info.length > 0 ? ' (informational answers aside, below)' : ''}.`);
  if (info.length > 0) out.push('', 'FOR INFORMATION ONLY', ...info.flatMap((r) => targetText(input, r, 'info')));
  const bad = groupByReason(input.lists);
  if (bad.length > 0) out.push('', 'LISTS THAT COULD NOT BE CHECKED', ...bad.map((g) => `  ${g.names.join(', ')}: ${g.reason}${g.fix ? `\n    fix: ${g.fix}` : ''}`));
  out.push('', FIX_FIRST, '');
  return out.join('\n');
}
