// The JSON report: what the CLI prints with --json and the Action writes to a file.
// Built from health and verdicts only; zones are display zones, so no key can reach it.
// Results keep the engine's order (targets as given, lists as given) and are written as they
// come, one per line, so a report of any size passes through in flat memory.
import { printableJsonText } from './render/escape.ts';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ListHealth, Verdict } from './model.ts';
import { NAME, VERSION } from './version.ts';

export const REPORT_VERSION = 1;

export interface ReportList {
  id: string;
  name: string;
  zone: string;
  status: ListHealth['status'];
  reason?: string;
  detail?: string;
  fix?: string;
}

export interface Report {
  /** Version of this report's format (REPORT_VERSION). */
  version: number;
  /** What wrote it: "blacklist-patrol 0.1.0". */
  generator: string;
  checkedAt: string;
  /** Which DNS servers answered ("system" for the machine's resolver). */
  resolvers: string[];
  lists: ReportList[];
  results: Verdict[];
  summary: {
    /** Distinct targets checked. */
    targets: number;
    /** Targets listed on at least one list. */
    listed: number;
    /** (target, list) pairs that are listings. */
    listings: number;
    /** (target, list) pairs whose outcome is unknown. */
    unknown: number;
    /** Lists whose answers were believed this run. */
    listsChecked: number;
    /** Lists selected for this run. */
    listsTotal: number;
  };
}

/** Tallies verdicts as they stream in, keeping only what the caller asks to keep. */
export class VerdictTally {
  readonly kept: Verdict[] = [];
  private readonly targets = new Set<string>();
  private readonly listedTargets = new Set<string>();
  listings = 0;
  unknown = 0;
  private readonly keep: (v: Verdict) => boolean;

  constructor(keep: (v: Verdict) => boolean = () => true) {
    this.keep = keep;
  }

  add = (v: Verdict): void => {
    this.targets.add(v.target);
    if (v.status === 'listed') {
      this.listings++;
      this.listedTargets.add(v.target);
    } else if (v.status === 'unknown') {
      this.unknown++;
    }
    if (this.keep(v)) this.kept.push(v);
  };

  /** Counts a target even when no list applied to it (so "checked N targets" stays honest). */
  addTarget(value: string): void {
    this.targets.add(value);
  }

  get targetCount(): number {
    return this.targets.size;
  }

  get listedCount(): number {
    return this.listedTargets.size;
  }
}

function reportLists(lists: readonly ReportList[]): ReportList[] {
  return lists.map((h) => ({
    id: h.id,
    name: h.name,
    zone: h.zone,
    status: h.status,
    ...(h.reason !== undefined ? { reason: h.reason } : {}),
    ...(h.detail !== undefined ? { detail: h.detail } : {}),
    ...(h.fix !== undefined ? { fix: h.fix } : {}),
  }));
}

export function buildReport(input: {
  checkedAt: Date;
  resolvers: string[];
  lists: ListHealth[];
  tally: VerdictTally;
}): Report {
  const { tally } = input;
  return {
    version: REPORT_VERSION,
    generator: `${NAME} ${VERSION}`,
    checkedAt: input.checkedAt.toISOString(),
    resolvers: input.resolvers,
    lists: reportLists(input.lists),
    results: tally.kept,
    summary: {
      targets: tally.targetCount,
      listed: tally.listedCount,
      listings: tally.listings,
      unknown: tally.unknown,
      listsChecked: input.lists.filter((l) => l.status === 'ok').length,
      listsTotal: input.lists.length,
    },
  };
}

/** Where report text goes: complete lines, without the last newline (the sink adds it). */
export type LineSink = (lines: string) => void;

/** Lines gathered into chunks of about this many characters before they go to the sink. */
const CHUNK = 64 * 1024;

/**
 * Writes a report as it is made: the head once the lists' health is known, each result as it
 * comes (one JSON object per line), the summary last. The text is one JSON document, the same
 * data as JSON.stringify of the whole report.
 */
export class ReportWriter {
  private readonly sink: LineSink;
  /** Results (as JSON) not yet sent; the last one waits to learn whether a comma follows it. */
  private results: string[] = [];
  private size = 0;

  constructor(sink: LineSink) {
    this.sink = sink;
  }

  begin(head: { checkedAt: Date | string; resolvers: string[]; lists: readonly ReportList[] }): void {
    const text = JSON.stringify(
      {
        version: REPORT_VERSION,
        generator: `${NAME} ${VERSION}`,
        checkedAt: typeof head.checkedAt === 'string' ? head.checkedAt : head.checkedAt.toISOString(),
        resolvers: head.resolvers,
        lists: reportLists(head.lists),
      },
      null,
      2,
    );
    // Everything but the closing brace, then the results array opens.
    this.sink(`${text.slice(0, text.lastIndexOf('\n'))},\n  "results": [`);
  }

  result = (v: Verdict): void => {
    const json = JSON.stringify(v);
    this.results.push(json);
    this.size += json.length + 6;
    if (this.size < CHUNK) return;
    // All but the last, each on its own line with its comma (another result follows each).
    const last = this.results.pop() ?? '';
    this.sink(`    ${this.results.join(',\n    ')},`);
    this.results = [last];
    this.size = last.length + 6;
  };

  end(summary: Report['summary']): void {
    const rest = this.results.length > 0 ? `    ${this.results.join(',\n    ')}\n` : '';
    this.results = [];
    this.sink(`${rest}  ],\n  "summary": ${JSON.stringify(summary, null, 2).replaceAll('\n', '\n  ')}\n}`);
  }
}

/** Writes a whole report through a ReportWriter (the same text as the CLI's --json). */
export function writeReport(report: Report, sink: LineSink): void {
  const w = new ReportWriter(sink);
  w.begin(report);
  for (const v of report.results) w.result(v);
  w.end(report.summary);
}

/** Writes a report to a file, chunk by chunk: no second copy of it as one string. */
export function writeReportFile(file: string, report: Report): void {
  const fd = openSync(file, 'w');
  try {
    // Same data, with what a terminal or the runner would act on escaped (someone may print the file).
    writeReport(report, (lines) => writeSync(fd, `${printableJsonText(lines)}\n`));
  } finally {
    closeSync(fd);
  }
}
