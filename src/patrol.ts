// The check pipeline: config → targets → lists → health → verdicts → report.
// Adapters (DNS, clock) come in as parameters so every rule runs without a network.
import type { Dns, ListHealth, Severity, Verdict } from './model.ts';
import type { Config } from './config/schema.ts';
import type { MonitorInput, Problem } from './targets/expand.ts';
import { expandTargets } from './targets/expand.ts';
import { selectLists } from './dnsbl/select.ts';
import type { Keys } from './dnsbl/check.ts';
import { checkTargets } from './dnsbl/check.ts';
import type { Report, ReportWriter } from './report.ts';
import { VerdictTally, buildReport } from './report.ts';
import type { ListDef, Target } from './model.ts';
import { coverageLine } from './render/coverage.ts';
import { keyRedactor } from './secrets.ts';
import { renderEmail } from './render/email.ts';
import { owedDelistings, sendRunEmail, type EmailAdapter, type EmailOutcome } from './notify/email-run.ts';

export type { EmailAdapter, EmailOutcome } from './notify/email-run.ts';
import { diffRun, type TargetChange } from './state/diff.ts';
import { SNAPSHOT_VERSION, SnapshotError, chatSent, recordChat, startingState, startingUnchecked, validTargets, type Listing, type Snapshot, type StateStore, type TargetsState } from './state/snapshot.ts';
import { deliverChat, type ChatChannel, type ChatResult } from './notify/chat-delivery.ts';
import { AnswerTracker, judgeCoverage, judgeStreaks, watchedLists, type Coverage, type StreakResult } from './blind.ts';
import { dryRunIssues, findOurIssues, stateFromIssues, syncIssues, type IssueApi, type IssueRecord, type IssueSettings, type SyncResult } from './notify/issues.ts';
import { createLimiter } from './limit.ts';
import { reverseDnsOf, type ReverseDnsFinding } from './dnsbl/rdns.ts';
import { alarming, informational, rateVerdict } from './dnsbl/severity.ts';
import { boundListing } from './state/bounds.ts';

export interface CheckInput {
  config: Config;
  /** Ad-hoc monitors that replace the config's (CLI targets, workflow_dispatch input). */
  monitors?: MonitorInput[];
  keys: Keys;
  dns: Dns;
  /** Names of the DNS servers, for the report ("system" for the machine's resolver). */
  resolvers: string[];
  /** True when the user chose those servers (flag, input, settings.resolvers): hints then name them. */
  resolversGiven?: boolean;
  now: () => Date;
  /** Which verdicts the report keeps (all by default; clean ones can be dropped for big ranges). */
  keep?: (v: Verdict) => boolean;
  onProgress?: (done: number, total: number) => void;
  /**
   * Whose reverse DNS is looked up: every IP target (`all`, the default: up to RDNS_ALL_MAX of
   * them, then only the listed ones), the listed ones, or none (the patrol looks up its own).
   */
  reverseDns?: 'all' | 'listed' | 'none';
  /** Writes the report as the check goes (CLI --json); it gets every result, whatever `keep` says. */
  stream?: ReportWriter;
}

/** `check` looks up every IP target's reverse DNS up to this many; past it, only the listed ones. */
export const RDNS_ALL_MAX = 256;

export interface CheckOutput {
  report: Report;
  lists: ListHealth[];
  /** The lists' definitions this run (for names, delist links, policies). */
  listDefs: ListDef[];
  targets: Target[];
  /** Problems met while finding targets (a host with no address, an SPF over its lookup limit …). */
  problems: Problem[];
  /** Targets no list answered for, and whether the run saw nothing at all. */
  coverage: Coverage;
  /** Reverse DNS of the IP targets looked up (also in the report). */
  reverseDns: ReverseDnsFinding[];
}

/** Reverse DNS for these targets, through the run's DNS adapter, as politely as one list's queries. */
function lookUpReverseDns(targets: readonly Target[], input: Pick<CheckInput, 'config' | 'dns'>): Promise<ReverseDnsFinding[]> {
  const { concurrency, perListConcurrency } = input.config.settings;
  return reverseDnsOf(targets, input.dns, createLimiter(Math.max(1, Math.min(concurrency, perListConcurrency))));
}

export class ListSelectionError extends Error {}

export async function runCheck(input: CheckInput): Promise<CheckOutput> {
  const { config } = input;
  const { lists, errors } = selectLists(config.lists, input.keys);
  if (errors.length > 0) throw new ListSelectionError(errors.join('; '));

  const checkedAt = input.now();
  const monitors: MonitorInput[] = input.monitors ?? config.monitors;
  const { targets, problems } = await expandTargets(monitors, input.dns, { maxRange: config.settings.maxRange });

  const tally = new VerdictTally(input.keep, config.notify.minSeverity);
  const answers = new AnswerTracker();
  const defs = new Map(lists.map((l) => [l.id, l]));
  const listed = new Set<string>();
  for (const t of targets) tally.addTarget(t.value);
  const { stream } = input;
  const summary = await checkTargets(
    targets,
    lists,
    input.dns,
    {
      concurrency: config.settings.concurrency,
      perListConcurrency: config.settings.perListConcurrency,
      keys: input.keys,
      ...(input.resolversGiven === true ? { resolver: input.resolvers.join(', ') } : {}),
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
      ...(stream ? { onHealth: (health: ListHealth[]) => stream.begin({ checkedAt, resolvers: input.resolvers, lists: health }) } : {}),
    },
    (raw) => {
      const v = rateVerdict(raw, defs.get(raw.list));
      if (v.status === 'listed') listed.add(v.target);
      answers.add(v);
      tally.add(v);
      stream?.result(v);
    },
  );
  const coverage = judgeCoverage(targets, lists, summary.lists, answers);
  const mode = input.reverseDns ?? 'all';
  const ips = targets.filter((t) => t.kind !== 'domain');
  const rdnsTargets = coverage.blind || mode === 'none' ? [] : mode === 'all' && ips.length <= RDNS_ALL_MAX ? ips : ips.filter((t) => listed.has(t.value));
  const reverseDns = await lookUpReverseDns(rdnsTargets, input);
  const report = buildReport({ checkedAt, resolvers: input.resolvers, lists: summary.lists, tally, ...(mode === 'none' ? {} : { reverseDns }) });
  stream?.end(report.summary, report.reverseDns);
  // Names from DNS (MX hosts, SPF includes) in a problem could repeat a keyed name; a hostile resolver sees them all.
  const redact = keyRedactor(input.keys);
  return { report, lists: summary.lists, listDefs: lists, targets, problems: problems.map((p) => ({ ...p, message: redact(p.message) })), coverage, reverseDns };
}

// ---------------------------------------------------------------------------------------------
// The whole patrol: check, diff against the previous state, sync issues, save what was delivered.

export interface PatrolInput extends CheckInput {
  /** Unique per run ("<run id>"); a re-run of the same run starts from the same state. */
  runId: string;
  store: StateStore;
  /** null: no GitHub (the CLI without a token) — every change counts as delivered. */
  issues: IssueApi | null;
  issueSettings: IssueSettings;
  dryRun: boolean;
  log: { info: (m: string) => void; warning: (m: string) => void };
  /** The email summary: how to send it, and where a dry run writes it instead. */
  email?: EmailAdapter | null;
  /** Chat and webhook alerts: where, and when (notify.chat). */
  chat?: ChatChannel | null;
}

export interface PatrolOutput extends CheckOutput {
  changes: TargetChange[];
  sync: SyncResult | null;
  /** Where the previous state came from. */
  stateSource: 'snapshot' | 'issues' | 'none';
  /** State as saved (or as it would be saved in a dry run); in a blind run, the state as it was. */
  state: TargetsState;
  saved: boolean;
  email: EmailOutcome;
  chat: ChatResult;
  /** The partly-blind rule: lists and targets unchecked run after run (failures fail the run). */
  streaks: StreakResult;
}

async function previousState(input: PatrolInput, existing: ReadonlyMap<string, IssueRecord>): Promise<{ state: TargetsState; source: PatrolOutput['stateSource']; snapshot: Snapshot | null }> {
  let snapshot: Snapshot | null = null;
  let problem = '';
  try {
    snapshot = await input.store.load();
  } catch (e) {
    problem = e instanceof SnapshotError ? `is not usable (${e.message})` : `could not be read (${e instanceof Error ? e.message : String(e)})`;
  }
  if (snapshot) return { state: startingState(snapshot, input.runId), source: 'snapshot', snapshot };
  // Markers are checked by the snapshot's own rules: what is rebuilt can be saved and read back.
  const { valid: rebuilt, dropped } = validTargets(stateFromIssues(existing));
  const n = Object.keys(rebuilt).length;
  const from = input.issues ? `rebuilt from ${n} open issue${n === 1 ? '' : 's'}` : 'starting from an empty state';
  // One warning, whatever went wrong: a bad snapshot is ignored, and the next save replaces it.
  if (problem) input.log.warning(`The saved state in ${input.store.describe()} ${problem}: ignored it; ${from}.${input.dryRun ? '' : ' This run saves a new one.'}`);
  else if (input.issues) input.log.warning(`No saved state in ${input.store.describe()} (${input.store.whyMissing()}); ${from}.`);
  if (dropped.length > 0) {
    const one = dropped.length === 1;
    input.log.warning(
      `${dropped.length} open issue${one ? ' carries' : 's carry'} a hidden marker that is not valid state (edited by hand?); ${one ? 'its target starts' : 'their targets start'} afresh and the body is rewritten.`,
    );
  }
  return { state: rebuilt, source: n > 0 ? 'issues' : 'none', snapshot: null };
}

export async function runPatrol(input: PatrolInput): Promise<PatrolOutput> {
  // Reverse DNS is looked up below, for what the state holds after the diff.
  const checked = await runCheck({ ...input, keep: () => true, reverseDns: 'none' });
  const { config } = input;
  const now = input.now();

  const existing = input.issues ? await findOurIssues(input.issues) : new Map<string, IssueRecord>();
  const prev = await previousState(input, existing);
  const partial = input.monitors !== undefined;
  const startStreaks = startingUnchecked(prev.snapshot, input.runId);
  const streaks = judgeStreaks({
    previous: startStreaks,
    health: checked.lists,
    watched: watchedLists(checked.listDefs, config.lists.add),
    notChecked: checked.coverage.notChecked,
    partial,
  });

  // A blind run changes nothing: no diff, no issue, no email, no state. The failed run is the alert
  // (an email for every day the resolver is down would be a storm).
  if (checked.coverage.blind) {
    const email: EmailOutcome = { status: 'skipped', reason: 'nothing was checked: no email (the failed run says so)' };
    // Chat says so only where it hears every run (when: always); a blind run saves nothing, so a re-run may say it again.
    const chat = input.chat ? (await deliverChat(input.chat, chatRun(input, checked, prev.snapshot, { changes: [], state: {}, blind: checked.coverage.blind }))).result : NO_CHAT;
    return { ...checked, changes: [], sync: null, stateSource: prev.source, state: prev.state, saved: false, email, chat, streaks: { ...streaks, unchecked: startStreaks } };
  }
  for (const w of streaks.warnings) input.log.warning(w);

  const monitored = new Map<string, string>();
  for (const v of checked.report.results) monitored.set(v.target, v.monitor);
  for (const t of checked.targets) monitored.set(t.value, t.monitor);
  const { next, changes } = diffRun(prev.state, checked.report.results, {
    now,
    closeAfter: config.notify.issues.closeAfter,
    selectedLists: new Set(checked.lists.map((l) => l.id)),
    monitored,
    partial,
    minSeverity: config.notify.minSeverity,
  });

  // Evidence for the issues and the email: the reverse DNS of every monitored address listed now
  // (an issue may stay open on a pending delisting) or listed this run (informational included).
  const listedNow = new Set([...Object.keys(next), ...checked.report.results.filter((v) => v.status === 'listed').map((v) => v.target)]);
  const reverseDns = await lookUpReverseDns(checked.targets.filter((t) => listedNow.has(t.value)), input);
  const rdns = new Map(reverseDns.map((f) => [f.target, f]));
  const report: Report = { ...checked.report, reverseDns };

  let sync: SyncResult | null = null;
  if (input.issues) {
    const api = input.dryRun ? dryRunIssues(input.issues, input.log.info) : input.issues;
    const defs = new Map(checked.listDefs.map((l) => [l.id, l]));
    const coverage = coverageLine(checked.lists);
    sync = await syncIssues(api, changes, existing, () => ({ lists: defs, coverage, reverseDns: rdns, minSeverity: config.notify.minSeverity }), input.issueSettings, now);
    if (sync.deferred.length > 0) {
      input.log.warning(
        `max-issue-writes (${input.issueSettings.maxWrites}) reached: ${sync.deferred.length} target${sync.deferred.length === 1 ? '' : 's'} wait for the next run (${sync.deferred.slice(0, 5).join(', ')}${sync.deferred.length > 5 ? ', …' : ''}); nothing is lost.`,
      );
    }
  }

  // Save what was delivered; anything not delivered keeps its previous state and is redone next run.
  const state: TargetsState = {};
  for (const c of changes) {
    const delivered = !sync || sync.delivered.has(c.target);
    const s = delivered ? next[c.target] : prev.state[c.target];
    if (!s) continue;
    const issue = sync?.issues.get(c.target) ?? s.issue;
    state[c.target] = { ...s, ...(issue !== undefined ? { issue } : {}) };
  }
  const changed = new Set(changes.map((c) => c.target));
  for (const [target, s] of Object.entries(next)) if (!changed.has(target)) state[target] = s;

  // Delistings wait in the state until an email reports them.
  const delivered = (c: TargetChange): boolean => !sync || sync.delivered.has(c.target);
  let delisted = owedDelistings(Boolean(config.notify.email), prev.snapshot, changes, delivered, now);
  let emailed = prev.snapshot?.emailed ?? [];
  let email: EmailOutcome = { status: 'skipped', reason: 'no email configured (notify.email)' };
  const settings = config.notify.email;
  if (settings && input.email) {
    ({ email, emailed, delisted } = await sendRunEmail({
      when: settings.when,
      adapter: input.email,
      runId: input.runId,
      dryRun: input.dryRun,
      listed: Object.keys(state).length,
      changes,
      delisted,
      emailed,
      render: () =>
        renderEmail({
          date: now,
          changes,
          state,
          delisted,
          lists: checked.lists,
          listDefs: new Map(checked.listDefs.map((l) => [l.id, l])),
          informational: informationalOnly(report.results, state, config.notify.minSeverity, report.checkedAt),
          reverseDns: rdns,
          minSeverity: config.notify.minSeverity,
          issueUrl: (t) => {
            const n = sync?.issues.get(t);
            return n === undefined ? undefined : sync?.urls.get(n);
          },
        }),
    }));
  } else if (settings && !input.email) {
    email = { status: 'skipped', reason: 'notify.email is set but no SMTP connection was given (smtp-url)' };
  }

  // Chat after the issues (its messages link them) and the email: one channel failing never holds up another.
  let chatted = prev.snapshot?.chatted ?? [];
  let chat: ChatResult = NO_CHAT;
  if (input.chat) {
    const issueUrl = (t: string): string | undefined => {
      const n = sync?.issues.get(t);
      return n === undefined ? undefined : sync?.urls.get(n);
    };
    const delivered = await deliverChat(input.chat, chatRun(input, checked, prev.snapshot, { changes, state, issueUrl }));
    chat = delivered.result;
    chatted = recordChat(chatted, input.runId, delivered.sent);
  }

  let saved = false;
  if (input.dryRun) {
    input.log.info(`[dry-run] would save the state (${Object.keys(state).length} listed targets) to ${input.store.describe()}`);
  } else {
    try {
      await input.store.save({
        version: SNAPSHOT_VERSION,
        runId: input.runId,
        savedAt: now.toISOString(),
        base: prev.state,
        targets: state,
        ...(emailed.length > 0 ? { emailed } : {}),
        ...(chatted.length > 0 ? { chatted } : {}),
        ...(delisted.length > 0 ? { delistedSinceEmail: delisted } : {}),
        unchecked: { base: startStreaks, after: streaks.unchecked },
      });
      saved = true;
    } catch (e) {
      // The issues are already written and carry their state in their markers: say so, keep the work.
      input.log.warning(
        `The state could not be saved to ${input.store.describe()} (${e instanceof Error ? e.message : String(e)}). This run's issue updates stand; the next run starts from the last saved state, or from the open issues' markers.`,
      );
    }
  }
  return { ...checked, report, reverseDns, changes, sync, stateSource: prev.source, state, saved, email, chat, streaks };
}

const NO_CHAT: ChatResult = { status: 'skipped', reason: 'no chat or webhook destination configured' };

/** What the chat step needs to know about this run. */
function chatRun(
  input: PatrolInput,
  checked: CheckOutput,
  snapshot: Snapshot | null,
  facts: { changes: TargetChange[]; state: TargetsState; issueUrl?: (t: string) => string | undefined; blind?: Coverage['blind'] },
): Parameters<typeof deliverChat>[1] {
  return {
    alert: {
      date: input.now(),
      changes: facts.changes,
      state: facts.state,
      lists: checked.lists,
      listDefs: new Map(checked.listDefs.map((l) => [l.id, l])),
      ...(facts.issueUrl ? { issueUrl: facts.issueUrl } : {}),
    },
    runId: input.runId,
    sentBefore: chatSent(snapshot, input.runId),
    dryRun: input.dryRun,
    ...(facts.blind ? { blind: facts.blind } : {}),
  };
}

/** One check's listings as state (a validate run's preview): alarming listings, informational ones beside them. */
export function stateOfCheck(results: readonly Verdict[], min: Severity, seen: string): TargetsState {
  const state: TargetsState = {};
  const listing = (v: Verdict): Listing => boundListing({ codes: v.codes, since: seen, meanings: v.meanings, txt: v.txt });
  for (const v of results) if (alarming(v, min)) (state[v.target] ??= { monitor: v.monitor, listings: {}, clean: {} }).listings[v.list] = listing(v);
  for (const v of results) {
    const t = state[v.target];
    if (t && informational(v, min)) (t.info ??= {})[v.list] = listing(v);
  }
  return state;
}

/**
 * Targets listed only below the minimum severity this run, as state-like records (they are never
 * in the state): the email and the job summary show them, for information.
 */
export function informationalOnly(results: readonly Verdict[], state: TargetsState, min: Severity, seen: string): TargetsState {
  const out: TargetsState = {};
  for (const v of results) {
    if (state[v.target] || !informational(v, min)) continue;
    const t = (out[v.target] ??= { monitor: v.monitor, listings: {}, clean: {}, info: {} });
    (t.info ??= {})[v.list] = boundListing({ codes: v.codes, since: seen, meanings: v.meanings, txt: v.txt });
  }
  return out;
}
