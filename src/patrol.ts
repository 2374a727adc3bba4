// The check pipeline: config → targets → lists → health → verdicts → report.
// Adapters (DNS, clock) come in as parameters so every rule runs without a network.
import type { Dns, ListHealth, Verdict } from './model.ts';
import type { Config } from './config/schema.ts';
import type { MonitorInput, Problem } from './targets/expand.ts';
import { expandTargets } from './targets/expand.ts';
import { selectLists } from './dnsbl/select.ts';
import type { Keys } from './dnsbl/check.ts';
import { checkTargets } from './dnsbl/check.ts';
import type { Report } from './report.ts';
import { VerdictTally, buildReport } from './report.ts';

export interface CheckInput {
  config: Config;
  /** Ad-hoc monitors that replace the config's (CLI targets, workflow_dispatch input). */
  monitors?: MonitorInput[];
  keys: Keys;
  dns: Dns;
  /** Names of the DNS servers, for the report ("system" for the machine's resolver). */
  resolvers: string[];
  now: () => Date;
  /** Which verdicts the report keeps (all by default; clean ones can be dropped for big ranges). */
  keep?: (v: Verdict) => boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface CheckOutput {
  report: Report;
  lists: ListHealth[];
  /** Problems met while finding targets (a host with no address, an SPF over its lookup limit …). */
  problems: Problem[];
}

export class ListSelectionError extends Error {}

export async function runCheck(input: CheckInput): Promise<CheckOutput> {
  const { config } = input;
  const { lists, errors } = selectLists(config.lists, input.keys);
  if (errors.length > 0) throw new ListSelectionError(errors.join('; '));

  const checkedAt = input.now();
  const monitors: MonitorInput[] = input.monitors ?? config.monitors;
  const { targets, problems } = await expandTargets(monitors, input.dns, { maxRange: config.settings.maxRange });

  const tally = new VerdictTally(input.keep);
  for (const t of targets) tally.addTarget(t.value);
  const summary = await checkTargets(
    targets,
    lists,
    input.dns,
    {
      concurrency: config.settings.concurrency,
      perListConcurrency: config.settings.perListConcurrency,
      keys: input.keys,
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    },
    tally.add,
  );
  const report = buildReport({ checkedAt, resolvers: input.resolvers, lists: summary.lists, tally });
  return { report, lists: summary.lists, problems };
}
