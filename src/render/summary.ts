// The job summary: listed targets, this run's changes, coverage and the lists not checked.
import type { ListHealth } from '../model.ts';
import type { Report } from '../report.ts';
import type { TargetChange } from '../state/diff.ts';
import type { TargetsState } from '../state/snapshot.ts';
import { coverageLine } from './coverage.ts';
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
}

const KIND: Record<TargetChange['kind'], string> = { new: 'newly listed', changed: 'listing changed', still: 'still listed', delisted: 'delisted' };

export function renderSummary(s: SummaryInput): string {
  const listed = Object.entries(s.state).filter(([, t]) => Object.keys(t.listings).length > 0);
  const counts = (k: TargetChange['kind']): number => s.changes.filter((c) => c.kind === k).length;
  const names = new Map(s.lists.map((l) => [l.id, l.name]));
  const out: string[] = [
    `## Blacklist Patrol${s.mode === 'validate' ? ' (validation: nothing written)' : s.dryRun ? ' (dry run: nothing written)' : ''}`,
    '',
    `**${listed.length} listed** · ${counts('new')} new · ${counts('changed')} changed · ${counts('delisted')} delisted · ${s.report.summary.targets} targets · ${s.report.summary.unknown} unknown results`,
    '',
    `> ${text(coverageLine(s.lists), 3000)}`,
  ];
  for (const n of s.notes) out.push('', `> ${text(n, 500)}`);
  if (listed.length > 0) {
    out.push('', '### Listed', '');
    out.push(
      table(
        ['Target', 'Monitor', 'Listed on', 'Issue'],
        listed.map(([target, t]) => {
          const url = s.issueUrl?.(target);
          return [code(target), code(t.monitor, 60), Object.keys(t.listings).map((id) => text(names.get(id) ?? id)).join(', '), url ? `[issue](${url})` : ''];
        }),
      ),
    );
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
