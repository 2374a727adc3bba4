// The check pipeline: config → targets → lists → health → verdicts → report.
// Adapters (DNS, clock) come in as parameters so every rule runs without a network.
import type { Dns, ListHealth, Verdict } from './model.ts';
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
import { renderEmail, type RenderedEmail } from './render/email.ts';
import { diffRun, type TargetChange } from './state/diff.ts';
import { SNAPSHOT_LIMITS, SNAPSHOT_VERSION, SnapshotError, chatSent, recordChat, startingState, startingUnchecked, validTargets, type Snapshot, type StateStore, type TargetsState } from './state/snapshot.ts';
import { deliverChat, type ChatChannel, type ChatResult } from './notify/chat-delivery.ts';
import { AnswerTracker, judgeCoverage, judgeStreaks, watchedLists, type Coverage, type StreakResult } from './blind.ts';
import { dryRunIssues, findOurIssues, stateFromIssues, syncIssues, type IssueApi, type IssueRecord, type IssueSettings, type SyncResult } from './notify/issues.ts';

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
  /** Writes the report as the check goes (CLI --json); it gets every result, whatever `keep` says. */
  stream?: ReportWriter;
}

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
  const answers = new AnswerTracker();
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
    (v) => {
      answers.add(v);
      tally.add(v);
      stream?.result(v);
    },
  );
  const report = buildReport({ checkedAt, resolvers: input.resolvers, lists: summary.lists, tally });
  stream?.end(report.summary);
  // Names from DNS (MX hosts, SPF includes) in a problem could repeat a keyed name; a hostile resolver sees them all.
  const redact = keyRedactor(input.keys);
  const coverage = judgeCoverage(targets, lists, summary.lists, answers);
  return { report, lists: summary.lists, listDefs: lists, targets, problems: problems.map((p) => ({ ...p, message: redact(p.message) })), coverage };
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

export interface EmailAdapter {
  send: (email: RenderedEmail) => Promise<void>;
  preview: (email: RenderedEmail) => Promise<void>;
}

export type EmailOutcome =
  | { status: 'sent' | 'previewed'; subject: string }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; subject: string; error: string };

/** Whether this run's email goes out, by notify.email.when. */
export function emailDue(when: 'always' | 'listed' | 'changes' | 'never', listed: number, changes: readonly TargetChange[], delisted: number): boolean {
  const changed = changes.some((c) => c.kind !== 'still') || delisted > 0;
  return when === 'always' || (when === 'listed' && (listed > 0 || changed)) || (when === 'changes' && changed);
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
  const checked = await runCheck({ ...input, keep: () => true });
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
  });

  let sync: SyncResult | null = null;
  if (input.issues) {
    const api = input.dryRun ? dryRunIssues(input.issues, input.log.info) : input.issues;
    const defs = new Map(checked.listDefs.map((l) => [l.id, l]));
    const coverage = coverageLine(checked.lists);
    sync = await syncIssues(api, changes, existing, () => ({ lists: defs, coverage }), input.issueSettings, now);
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
  const nowDelisted = new Set(changes.filter((c) => c.kind === 'delisted').map((c) => c.target));
  // Only kept while an email is configured to report them, and bounded like the rest of the state.
  const delisted = config.notify.email
    ? [
        // A re-run recomputes its own delistings; keep only older ones from the snapshot.
        ...(prev.snapshot?.delistedSinceEmail ?? []).filter((d) => !nowDelisted.has(d.target)),
        ...changes.filter((c) => c.kind === 'delisted' && delivered(c)).map((c) => ({ target: c.target, monitor: c.monitor, lists: c.removed, at: now.toISOString() })),
      ].slice(-SNAPSHOT_LIMITS.delisted)
    : [];
  let emailed = prev.snapshot?.emailed ?? [];
  let email: EmailOutcome = { status: 'skipped', reason: 'no email configured (notify.email)' };
  const settings = config.notify.email;
  if (settings && input.email) {
    const listed = Object.keys(state).length;
    if (emailed.includes(input.runId)) {
      email = { status: 'skipped', reason: 'this run\'s email was already sent (re-run)' };
    } else if (!emailDue(settings.when, listed, changes, delisted.length)) {
      email = { status: 'skipped', reason: `nothing to report for notify.email.when: ${settings.when}` };
    } else {
      const rendered = renderEmail({
        date: now,
        changes,
        state,
        delisted,
        lists: checked.lists,
        listDefs: new Map(checked.listDefs.map((l) => [l.id, l])),
        issueUrl: (t) => {
          const n = sync?.issues.get(t);
          return n === undefined ? undefined : sync?.urls.get(n);
        },
      });
      if (input.dryRun) {
        await input.email.preview(rendered);
        email = { status: 'previewed', subject: rendered.subject };
      } else {
        try {
          await input.email.send(rendered);
          email = { status: 'sent', subject: rendered.subject };
          emailed = [...emailed, input.runId].slice(-20);
          delisted.length = 0;
        } catch (e) {
          email = { status: 'failed', subject: rendered.subject, error: e instanceof Error ? e.message : String(e) };
        }
      }
    }
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
  return { ...checked, changes, sync, stateSource: prev.source, state, saved, email, chat, streaks };
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
