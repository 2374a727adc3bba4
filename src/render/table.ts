// Human-readable CLI output: a table of listings and unknowns, then the coverage and totals.
import type { ListHealth, Verdict } from '../model.ts';
import type { Report } from '../report.ts';
import { coverageLine, groupByReason, nothingChecked } from './coverage.ts';
import { plain } from './escape.ts';
import { VERSION } from '../version.ts';

function table(rows: string[][]): string[] {
  // reduce, not Math.max(...): a big range gives more rows than a call takes arguments.
  const widths = rows[0]?.map((_, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), 0)) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function listName(lists: readonly ListHealth[], id: string): string {
  return lists.find((l) => l.id === id)?.name ?? id;
}

function listedRows(results: readonly Verdict[], lists: readonly ListHealth[]): string[][] {
  return results
    .filter((v) => v.status === 'listed')
    .map((v) => [
      v.target,
      plain(v.monitor, 40),
      plain(listName(lists, v.list), 40),
      v.codes.join(' '),
      plain(v.meanings.join('; '), 80),
      plain(v.txt.join(' | '), 120),
    ]);
}

/** `resolverGiven`: the user chose the DNS servers, so hints name them instead of suggesting --resolver. */
export function renderTable(report: Report, lists: readonly ListHealth[], opts: { resolverGiven?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`Blacklist Patrol ${VERSION} · ${report.checkedAt} · resolver: ${report.resolvers.join(', ')}`);
  out.push(coverageLine(lists));
  for (const g of groupByReason(lists)) if (g.fix) out.push(`  ${g.reason} → ${plain(g.fix)}`);
  if (nothingChecked(lists)) {
    const check =
      opts.resolverGiven === true
        ? `Check that the resolver you gave (${report.resolvers.join(', ')}) answers and reaches the internet.`
        : "Check that this machine's DNS resolver reaches the internet, or pass --resolver.";
    out.push('', `NOTHING WAS CHECKED: no list passed its test points. ${check}`);
  }

  const listed = listedRows(report.results, lists);
  if (listed.length > 0) {
    out.push('', 'LISTED');
    for (const l of table([['target', 'monitor', 'list', 'code', 'meaning', 'reason (TXT)'], ...listed])) out.push(`  ${l}`);
  }

  // Unknowns from unhealthy lists are already explained by the coverage line; show the rest.
  const unknown = report.results.filter((v) => v.status === 'unknown' && !v.reason?.startsWith('list not checked'));
  if (unknown.length > 0) {
    out.push('', 'UNKNOWN (no trustworthy answer; not counted as clean)');
    const rows = unknown.map((v) => [v.target, plain(v.monitor, 40), plain(listName(lists, v.list), 40), plain(v.reason ?? '', 120)]);
    for (const l of table([['target', 'monitor', 'list', 'reason'], ...rows])) out.push(`  ${l}`);
  }

  const s = report.summary;
  out.push(
    '',
    `${s.targets} target${s.targets === 1 ? '' : 's'}, ${s.listsChecked} of ${s.listsTotal} lists usable: ` +
      `${s.listed} listed (${s.listings} listing${s.listings === 1 ? '' : 's'}), ${s.unknown} unknown result${s.unknown === 1 ? '' : 's'}`,
  );
  return out.join('\n');
}
