// The job summary: listed targets, what to fix and how to get off, informational answers, this
// run's changes, coverage and the lists not checked.
import type { ListDef, ListHealth } from '../model.ts';
import { informational } from '../dnsbl/severity.ts';
import type { Report } from '../report.ts';
import type { TargetChange } from '../state/diff.ts';
import type { TargetsState } from '../state/snapshot.ts';
import { coverageLine } from './coverage.ts';
import { diagnose, names as nameList, reverseDnsBrief, type CauseView, type ListingView } from './diagnosis.ts';
import { code, table, text } from './markdown.ts';

export interface SummaryInput {
  report: Report;
  lists: readonly ListHealth[];
  /** Listed targets after this run (patrol) or this run's listings (validate). */
  state: TargetsState;
  changes: readonly TargetChange[];
  issueUrl?: (target: string) => string | undefined;
  mode: 'patrol' | 'validate';
  dryRun: boolean;
  notes: string[];
  /** The run's list definitions: with them the summary says what to fix and how to get off each list. */
  listDefs?: ReadonlyMap<string, ListDef>;
}

/** Rows of one table kept in a job summary (GitHub takes 1 MiB per step); the JSON report has all. */
const ROWS_MAX = 200;

const KIND: Record<TargetChange['kind'], string> = { new: 'newly listed', changed: 'listing changed', still: 'still listed', delisted: 'delisted' };

export function renderSummary(s: SummaryInput): string {
  const listed = Object.entries(s.state).filter(([, t]) => Object.keys(t.listings).length > 0);
  const counts = (k: TargetChange['kind']): number => s.changes.filter((c) => c.kind === k).length;
  const names = new Map([...(s.listDefs?.values() ?? []), ...s.lists].map((l) => [l.id, l.name]));
  const out: string[] = [
    `## Blacklist Patrol${s.mode === 'validate' ? ' (validation: nothing written)' : s.dryRun ? ' (dry run: nothing written)' : ''}`,
    '',
    `**${listed.length} listed** · ${counts('new')} new · ${counts('changed')} changed · ${counts('delisted')} delisted · ${s.report.summary.targets} targets · ${s.report.summary.unknown} unknown results${s.report.summary.informational > 0 ? ` · ${s.report.summary.informational} informational` : ''}`,
    '',
    `> ${text(coverageLine(s.lists), 3000)}`,
  ];
  for (const n of s.notes) out.push('', `> ${text(n, 500)}`);
  const rdns = new Map((s.report.reverseDns ?? []).map((f) => [f.target, f]));
  if (listed.length > 0) {
    out.push('', '### Listed', '');
    out.push(
      table(
        ['Target', 'Monitor', 'Listed on', 'Reverse DNS', 'Issue'],
        listed.slice(0, ROWS_MAX).map(([target, t]) => {
          const url = s.issueUrl?.(target);
          const f = rdns.get(target);
          return [code(target), code(t.monitor, 60), Object.keys(t.listings).map((id) => text(names.get(id) ?? id)).join(', '), f ? text(reverseDnsBrief(f), 200) : '', url ? `[issue](${url})` : ''];
        }),
      ),
    );
    if (listed.length > ROWS_MAX) out.push('', `… and ${listed.length - ROWS_MAX} more listed targets: see the JSON report.`);
    if (s.listDefs) out.push(...advice(listed, s.listDefs));
  }
  const info = s.report.results.filter((v) => informational(v, s.report.summary.minSeverity));
  if (info.length > 0) {
    out.push('', '### For information only', '', `Listings below ${code(`notify.min-severity: ${s.report.summary.minSeverity}`)}: shown, not counted as listed, no issue.`, '');
    out.push(
      table(
        ['Target', 'Monitor', 'List', 'Severity', 'Meaning'],
        info.slice(0, ROWS_MAX).map((v) => [code(v.target), code(v.monitor, 60), text(names.get(v.list) ?? v.list), v.severity ?? '', text(v.meanings.join('; '))]),
      ),
    );
    if (info.length > ROWS_MAX) out.push('', `… and ${info.length - ROWS_MAX} more: see the JSON report.`);
  }
  const changed = s.changes.filter((c) => c.kind !== 'still');
  if (changed.length > 0) {
    out.push('', '### Changes this run', '');
    for (const c of changed.slice(0, 200)) {
      const lists = [...c.added, ...c.recoded, ...c.removed].map((id) => text(names.get(id) ?? id)).join(', ');
      out.push(`- ${code(c.target)} ${KIND[c.kind]}${lists ? `: ${lists}` : ''}${c.note ? ` (${c.note})` : ''}`);
    }
    if (changed.length > 200) out.push(`- … and ${changed.length - 200} more`);
  }
  const bad = s.lists.filter((l) => l.status !== 'ok');
  if (bad.length > 0) {
    out.push('', '### Lists not checked', '');
    out.push(table(['List', 'Status', 'Why', 'Fix'], bad.map((l) => [text(l.name), l.status, text(l.detail ?? l.reason ?? ''), text(l.fix ?? '')])));
  }
  return `${out.join('\n')}\n`;
}

/** What to fix (each cause once, across every listed target) and how to get off each list. */
function advice(listed: readonly [string, TargetsState[string]][], defs: ReadonlyMap<string, ListDef>): string[] {
  const causes = new Map<string, CauseView>();
  const doors = new Map<string, ListingView>();
  for (const [target, t] of listed.slice(0, ROWS_MAX)) {
    const d = diagnose(target, t.listings, {}, defs);
    for (const c of d.causes) {
      const had = causes.get(c.id);
      if (had) had.lists.push(...c.lists.filter((l) => !had.lists.includes(l)));
      else causes.set(c.id, { ...c, lists: [...c.lists] });
    }
    for (const l of d.listings) if (!doors.has(l.id)) doors.set(l.id, l);
  }
  return [
    '',
    '### What to fix',
    '',
    'Fix the cause first, or the listing comes back:',
    '',
    ...[...causes.values()].map((c) => `- **${text(c.label)}** (${text(nameList(c.lists), 1200)}): ${text(c.fix, 1000)}`),
    '',
    '### How to get off each list',
    '',
    ...[...doors.values()].slice(0, ROWS_MAX).map((l) => `- **${text(l.name)}**: ${text(l.howToGetOff, 1000)}`),
    '',
    'Each issue links the lookup page of its own target.',
  ];
}
