// The JSON report: what the CLI prints with --json and the Action writes to a file.
// Built from health and verdicts only; zones are display zones, so no key can reach it.
import type { ListHealth, Severity, Verdict } from './model.ts';
import type { ReverseDnsFinding } from './dnsbl/rdns.ts';
import { DEFAULT_MIN_SEVERITY, alarms } from './dnsbl/severity.ts';
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
  /** Reverse DNS of the IP targets looked up (the listed ones; in `check`, every one up to a cap). */
  reverseDns?: ReverseDnsFinding[];
  summary: {
    /** Distinct targets checked. */
    targets: number;
    /** Targets listed on at least one list with a listing at or above minSeverity. */
    listed: number;
    /** (target, list) pairs that are listings at or above minSeverity. */
    listings: number;
    /** (target, list) pairs that are listings below minSeverity: shown for information, not counted above. */
    informational: number;
    /** The least severe listing counted as listed (notify.min-severity). */
    minSeverity: Severity;
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
  informational = 0;
  unknown = 0;
  private readonly keep: (v: Verdict) => boolean;
  readonly minSeverity: Severity;

  constructor(keep: (v: Verdict) => boolean = () => true, minSeverity: Severity = DEFAULT_MIN_SEVERITY) {
    this.keep = keep;
    this.minSeverity = minSeverity;
  }

  add = (v: Verdict): void => {
    this.targets.add(v.target);
    if (v.status === 'listed' && !alarms(v.severity, this.minSeverity)) {
      this.informational++;
    } else if (v.status === 'listed') {
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

export function buildReport(input: {
  checkedAt: Date;
  resolvers: string[];
  lists: ListHealth[];
  tally: VerdictTally;
  reverseDns?: ReverseDnsFinding[];
}): Report {
  const { tally } = input;
  const order = { listed: 0, unknown: 1, clean: 2 } as const;
  const results = [...tally.kept].sort(
    (a, b) => order[a.status] - order[b.status] || a.target.localeCompare(b.target) || a.list.localeCompare(b.list),
  );
  return {
    version: REPORT_VERSION,
    generator: `${NAME} ${VERSION}`,
    checkedAt: input.checkedAt.toISOString(),
    resolvers: input.resolvers,
    lists: input.lists.map((h) => ({
      id: h.id,
      name: h.name,
      zone: h.zone,
      status: h.status,
      ...(h.reason !== undefined ? { reason: h.reason } : {}),
      ...(h.detail !== undefined ? { detail: h.detail } : {}),
      ...(h.fix !== undefined ? { fix: h.fix } : {}),
    })),
    results,
    ...(input.reverseDns ? { reverseDns: input.reverseDns } : {}),
    summary: {
      targets: tally.targetCount,
      listed: tally.listedCount,
      listings: tally.listings,
      informational: tally.informational,
      minSeverity: tally.minSeverity,
      unknown: tally.unknown,
      listsChecked: input.lists.filter((l) => l.status === 'ok').length,
      listsTotal: input.lists.length,
    },
  };
}
