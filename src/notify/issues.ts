// Issues as desired state: for every listed target, one open issue whose body matches; for every
// confirmed delisting, a closing comment. Writes only where reality differs, within a budget, so a
// re-run makes zero writes and a run that died half-way is finished by the next one.
import { createHash } from 'node:crypto';
import type { TargetChange } from '../state/diff.ts';
import type { TargetState, TargetsState } from '../state/snapshot.ts';
import { changeComment, delistedComment, delistedTitle, issueBody, issueTitle, type IssueContext } from '../render/issue.ts';
import { eventMarker, eventOf, parseMarker } from './marker.ts';

export const LABEL = 'blacklist-patrol';

export interface IssueRecord {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  author: string;
  url: string;
}

/** The few GitHub calls the patrol makes; Octokit in production, a local fake server in tests. */
export interface IssueApi {
  /** Login of the token's identity (github-actions[bot] for GITHUB_TOKEN). */
  identity(): Promise<string>;
  /** Every issue with the label, open and closed, all pages. */
  listIssues(label: string): Promise<IssueRecord[]>;
  create(issue: { title: string; body: string; labels: string[]; assignees: string[] }): Promise<IssueRecord>;
  update(number: number, patch: { title?: string; body?: string; state?: 'open' | 'closed'; stateReason?: 'completed' | 'reopened' }): Promise<void>;
  comment(number: number, body: string): Promise<void>;
  /** The issue's most recent comments, at least the last 100 (enough to see our own last few). */
  recentComments(number: number): Promise<{ author: string; body: string }[]>;
}

export interface IssueSettings {
  labels: string[];
  assignees: string[];
  /** Writes (create, edit, comment, close, reopen) allowed this run. */
  maxWrites: number;
}

export interface SyncResult {
  /** Targets whose issue now matches this run's state. */
  delivered: Set<string>;
  /** Targets left for the next run because the write budget ran out. */
  deferred: string[];
  failed: { target: string; error: string }[];
  writes: number;
  /** Issue number per target, after this run. */
  issues: Map<string, number>;
  /** URL per issue number (for emails and summaries). */
  urls: Map<number, string>;
}

/** Our issues by target: only those written by the token's own identity and carrying our marker. */
export async function findOurIssues(api: IssueApi): Promise<Map<string, IssueRecord>> {
  const me = await api.identity();
  const mine = new Map<string, IssueRecord>();
  for (const issue of await api.listIssues(LABEL)) {
    if (issue.author !== me) continue; // a forged marker from someone else counts for nothing
    const marker = parseMarker(issue.body);
    if (!marker) continue;
    const had = mine.get(marker.target);
    // Prefer an open issue, then the newest.
    if (!had || (had.state === 'closed' && issue.state === 'open') || (had.state === issue.state && issue.number > had.number)) {
      mine.set(marker.target, issue);
    }
  }
  return mine;
}

/** State rebuilt from open issues' markers, for a first run or a lost cache. */
export function stateFromIssues(issues: ReadonlyMap<string, IssueRecord>): TargetsState {
  const state: TargetsState = {};
  for (const [target, issue] of issues) {
    if (issue.state !== 'open') continue;
    const m = parseMarker(issue.body);
    if (m && Object.keys(m.state.listings).length > 0) state[target] = { ...m.state, issue: issue.number };
  }
  return state;
}

function fingerprint(change: TargetChange, what: string): string {
  const after = Object.fromEntries(Object.entries(change.after?.listings ?? {}).map(([k, l]) => [k, [...l.codes].sort()]));
  const payload = JSON.stringify([change.target, what, change.added, change.removed, change.recoded, after, change.before ? Object.keys(change.before.listings).sort() : []]);
  return createHash('sha256').update(payload).digest('hex').slice(0, 16);
}

class BudgetExhausted extends Error {}

interface Op {
  run: () => Promise<void>;
}

export async function syncIssues(
  api: IssueApi,
  changes: readonly TargetChange[],
  existing: ReadonlyMap<string, IssueRecord>,
  render: (target: string) => IssueContext,
  settings: IssueSettings,
  now: Date,
): Promise<SyncResult> {
  const result: SyncResult = { delivered: new Set(), deferred: [], failed: [], writes: 0, issues: new Map(), urls: new Map() };
  for (const [target, issue] of existing) {
    result.issues.set(target, issue.number);
    result.urls.set(issue.number, issue.url);
  }

  const me = await api.identity();
  /**
   * A comment once per change: skipped when one of our recent comments carries its fingerprint.
   * Only ours: anyone can comment, and a copied fingerprint must not silence us.
   */
  const commentOnce = async (number: number, body: string, fp: string): Promise<Op[]> => {
    const recent = await api.recentComments(number);
    if (recent.some((c) => c.author === me && eventOf(c.body) === fp)) return [];
    return [{ run: () => api.comment(number, `${body}\n\n${eventMarker(fp)}`) }];
  };

  const plan = async (change: TargetChange): Promise<Op[]> => {
    const issue = existing.get(change.target);
    const target = change.target;
    if (change.kind === 'delisted') {
      if (!issue || issue.state === 'closed') return [];
      const fp = fingerprint(change, 'delisted');
      return [
        ...(await commentOnce(issue.number, delistedComment(change, now), fp)),
        // The title stops saying "is listed" (one write: the same edit closes it).
        { run: () => api.update(issue.number, { title: delistedTitle(change), state: 'closed', stateReason: 'completed' }) },
      ];
    }
    const after = change.after as TargetState;
    const ctx = render(target);
    const title = issueTitle(target, after);
    const body = issueBody(target, after, ctx);
    if (!issue) {
      return [
        {
          run: async () => {
            const created = await api.create({ title, body, labels: [LABEL, ...settings.labels], assignees: settings.assignees });
            result.issues.set(target, created.number);
            result.urls.set(created.number, created.url);
          },
        },
      ];
    }
    const ops: Op[] = [];
    const listingChanged = change.kind === 'new' || change.kind === 'changed';
    // A closed issue for a still-listed target stays closed (someone closed it by hand) until the
    // listing changes; a change or a relisting reopens it.
    if (issue.state === 'closed' && !listingChanged) return [];
    const reopen = issue.state === 'closed';
    // Compare what we rendered, not the whole body: a person's edit is replaced only at our next change.
    const ours = parseMarker(issue.body)?.hash;
    const want = parseMarker(body)?.hash;
    if (reopen || issue.title !== title || ours !== want) {
      ops.push({ run: () => api.update(issue.number, { title, body, ...(reopen ? { state: 'open' as const, stateReason: 'reopened' as const } : {}) }) });
    }
    if (change.kind === 'changed' || (change.kind === 'new' && reopen)) {
      const text = change.kind === 'new' ? `Listed again.\n\n${changeComment(change, ctx)}` : changeComment(change, ctx);
      ops.push(...(await commentOnce(issue.number, text, fingerprint(change, change.kind))));
    }
    return ops;
  };

  for (const change of changes) {
    try {
      const ops = await plan(change);
      if (ops.length > settings.maxWrites - result.writes) throw new BudgetExhausted();
      for (const op of ops) {
        await op.run();
        result.writes++;
      }
      result.delivered.add(change.target);
    } catch (e) {
      if (e instanceof BudgetExhausted) result.deferred.push(change.target);
      else result.failed.push({ target: change.target, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return result;
}

/** Wraps an IssueApi so writes are printed, not made (dry-run). Reads still happen. */
export function dryRunIssues(api: IssueApi, print: (line: string) => void): IssueApi {
  let fake = 1_000_000;
  return {
    identity: () => api.identity(),
    listIssues: (label) => api.listIssues(label),
    recentComments: (n) => api.recentComments(n),
    create(issue) {
      print(`[dry-run] would open an issue: ${issue.title} (labels: ${issue.labels.join(', ')})`);
      const number = fake++;
      return Promise.resolve({ number, title: issue.title, body: issue.body, state: 'open', author: '', url: '' });
    },
    update(number, patch) {
      // The sync edits in two ways: a delisting closes and retitles in one edit; anything else
      // rewrites the title and body, reopening a closed issue.
      if (patch.state === 'closed') print(`[dry-run] would close issue #${number}, titled: ${patch.title ?? ''}`);
      else print(`[dry-run] would ${patch.state === 'open' ? 'reopen and edit' : 'edit'} issue #${number}`);
      return Promise.resolve();
    },
    comment(number, body) {
      print(`[dry-run] would comment on issue #${number}: ${body.split('\n')[0] ?? ''}`);
      return Promise.resolve();
    },
  };
}
