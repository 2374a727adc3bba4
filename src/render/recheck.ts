// The reply to a /recheck comment: what the target is still listed on, what it is gone from (and
// how far the delisting is from being confirmed), what could not be checked, and what happens to
// the issue. Everything from DNS or config goes through markdown.ts.
import type { Blind } from '../blind.ts';
import type { ListDef, ListHealth, Verdict } from '../model.ts';
import type { TargetState } from '../state/snapshot.ts';
import { coverageLine } from './coverage.ts';
import { code, link, table, text } from './markdown.ts';

export interface RecheckReplyInput {
  target: string;
  date: Date;
  /** The /recheck comment, linked from the reply. */
  commentUrl?: string;
  /** This check's verdicts for the target: one per list that checks it. */
  verdicts: readonly Verdict[];
  listDefs: ReadonlyMap<string, ListDef>;
  health: readonly ListHealth[];
  /** The target's state before and after this check (undefined: not listed). */
  before: TargetState | undefined;
  after: TargetState | undefined;
  /** notify.issues.close-after. */
  closeAfter: number;
  /** This check confirmed the delisting and closed the issue. */
  closed: boolean;
  /** Set when nothing could be checked. */
  blind?: Blind | null;
}

/** More would not help anyone reading an issue comment; the run's report has everything. */
const MAX_ROWS = 40;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function bounded<T>(items: readonly T[], line: (t: T) => string): string[] {
  const lines = items.slice(0, MAX_ROWS).map(line);
  if (items.length > MAX_ROWS) lines.push(`- … and ${items.length - MAX_ROWS} more: see the workflow run's JSON report`);
  return lines;
}

export function recheckReply(r: RecheckReplyInput): string {
  const name = (id: string): string => text(r.listDefs.get(id)?.name ?? id, 100);
  const when = `${r.date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const asked = r.commentUrl ? ` · ${link('requested here', r.commentUrl)}` : '';
  const out: string[] = [`**Rechecked ${code(r.target)} just now** · ${when}${asked}`, ''];
  const coverage = `<sub>${text(coverageLine(r.health), 1000)}</sub>`;

  if (r.blind) {
    out.push(
      `**Nothing could be checked:** ${text(r.blind.reason, 500)}. Nothing was changed: this issue and the saved state are as they were.`,
      '',
      `What to do: ${text(r.blind.fix, 500)}.`,
      '',
      coverage,
    );
    return out.join('\n');
  }

  const was = new Set(Object.keys(r.before?.listings ?? {}));
  const listed = r.verdicts.filter((v) => v.status === 'listed');
  const clean = r.verdicts.filter((v) => v.status === 'clean');
  const unknown = r.verdicts.filter((v) => v.status === 'unknown');
  const gone = clean.filter((v) => was.has(v.list));
  // Listed before but not answered now (unknown, or not checked this time): they stay as they were.
  const unanswered = [...was].filter((id) => !r.verdicts.some((v) => v.list === id && v.status !== 'unknown'));

  if (listed.length > 0) {
    out.push(`**Still listed on ${plural(listed.length, 'list')}:**`, '');
    out.push(
      table(
        ['List', 'Return code', 'Meaning', 'Listed since'],
        listed.slice(0, MAX_ROWS).map((v) => {
          const since = r.before?.listings[v.list]?.since;
          return [name(v.list), v.codes.slice(0, 8).map((c) => code(c, 64)).join(' '), v.meanings.slice(0, 4).map((m) => text(m, 200)).join('; '), since ? text(since.slice(0, 10)) : 'new: found by this check'];
        }),
      ),
      '',
    );
  }
  if (gone.length > 0) {
    out.push(`**Not listed any more on ${plural(gone.length, 'list')}:**`, '');
    out.push(
      ...bounded(gone, (v) => {
        const runs = r.after?.clean[v.list];
        if (r.after?.listings[v.list] === undefined) return `- ${name(v.list)}: removal confirmed`;
        return `- ${name(v.list)}: clean check ${runs ?? 1} of ${r.closeAfter} in a row; the removal is confirmed after ${plural(r.closeAfter, 'clean check')}`;
      }),
      '',
    );
  }
  const others = clean.length - gone.length;
  if (others > 0) out.push(`Not listed on the other ${plural(others, 'list')} that answered.`, '');
  if (unknown.length > 0) {
    out.push(`**Could not be checked on ${plural(unknown.length, 'list')}** (no answer to trust: never counted as clean, nothing changed for them):`, '');
    out.push(...bounded(unknown, (v) => `- ${name(v.list)}${v.reason ? `: ${text(v.reason, 200)}` : ''}`), '');
  }
  if (unanswered.length > 0 && unknown.length === 0) {
    out.push(`Not checked this time: ${unanswered.slice(0, MAX_ROWS).map(name).join(', ')}; those listings stay as they were.`, '');
  }

  const waiting = Object.keys(r.after?.clean ?? {}).length;
  if (r.closed) out.push('Every removal is confirmed: this issue is closed.');
  else if (r.after === undefined && r.before === undefined) out.push('Nothing is listed now.');
  else if (listed.length > 0 || unanswered.length > 0) out.push('This issue stays open while the listings above last.');
  else if (waiting > 0) out.push(`This issue stays open until the removal is confirmed by ${plural(r.closeAfter, 'clean check')} in a row (the daily patrol, or another /recheck).`);
  out.push('', coverage);
  return out.join('\n');
}
