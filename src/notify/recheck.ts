// /recheck from an issue: which comments ask for a recheck, who may ask, and which issue's target
// is checked. Pure: the mode (src/modes/recheck.ts) reads the event, asks GitHub, and runs the check.
//
// Trust: the event payload says who commented and on what, but the target comes only from OUR
// hidden marker in an issue written by the token's own identity (a forged marker in someone else's
// issue counts for nothing), never from the comment's text. Whether the commenter may ask is
// GitHub's answer about their permission on the repository, not the comment's author_association.
import { createHash } from 'node:crypto';
import { LABEL, type IssueRecord } from './issues.ts';
import { parseMarker } from './marker.ts';

/** The command, alone on the comment's first line (more lines may follow: a note for the team). */
const COMMAND = /^\/recheck\s*$/i;

export interface RecheckRequest {
  issue: number;
  commentId: number;
  /** Login of the commenter. */
  commenter: string;
  commentUrl?: string;
}

export type RecheckEvent = { request: RecheckRequest } | { ignored: string };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

export function isRecheckCommand(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  const first = body.trim().split(/\r?\n/, 1)[0] ?? '';
  return COMMAND.test(first.trim());
}

/**
 * The request in an issue_comment event payload (GITHUB_EVENT_PATH), or why it is none of our
 * business: not a new comment, not the command, a pull request, or an issue without our label.
 */
export function parseRecheckEvent(payload: unknown): RecheckEvent {
  const p = obj(payload);
  const comment = obj(p.comment);
  const issue = obj(p.issue);
  if (p.action !== 'created') return { ignored: `the comment was ${typeof p.action === 'string' ? p.action : 'not created'}, not created` };
  if (!isRecheckCommand(comment.body)) return { ignored: 'the comment is not /recheck' };
  if (issue.pull_request !== undefined && issue.pull_request !== null) return { ignored: 'the comment is on a pull request' };
  const labelName = (l: unknown): string => {
    const n = typeof l === 'string' ? l : obj(l).name;
    return typeof n === 'string' ? n : '';
  };
  const labels = Array.isArray(issue.labels) ? issue.labels.map(labelName) : [];
  if (!labels.some((l) => l.toLowerCase() === LABEL)) return { ignored: `the issue has no ${LABEL} label` };
  const number = issue.number;
  const id = comment.id;
  const login = obj(comment.user).login;
  if (typeof number !== 'number' || typeof id !== 'number' || typeof login !== 'string' || login === '') return { ignored: 'the event has no issue number, comment id or commenter' };
  const url = comment.html_url;
  return { request: { issue: number, commentId: id, commenter: login, ...(typeof url === 'string' ? { commentUrl: url } : {}) } };
}

/** What GitHub says about a person's access to the repository (GET collaborators/{login}/permission). */
export interface RepoPermission {
  /** Legacy base role: admin, write, read or none (maintain counts as write, triage as read). */
  permission: string;
  /** The role itself: admin, maintain, write, triage, read, or a custom role's name. */
  roleName?: string;
}

/** Only people who could change the repository may spend its runs and write to its issues. */
export function mayRecheck(p: RepoPermission): boolean {
  return p.permission === 'admin' || p.permission === 'write' || ['admin', 'maintain', 'write'].includes(p.roleName ?? '');
}

/**
 * The target of one of our issues: the issue must carry our label, be written by our identity and
 * hold our marker. Anything else (another author's copy of a marker, a hand-made issue) is not ours.
 */
export function ourTarget(issue: IssueRecord | undefined, me: string): { target: string; monitor: string } | null {
  if (!issue || issue.author !== me) return null;
  const marker = parseMarker(issue.body);
  return marker ? { target: marker.target, monitor: marker.state.monitor } : null;
}

/** The reply's fingerprint: one reply per /recheck comment, however often its run is re-run. */
export function recheckFingerprint(commentId: number): string {
  return createHash('sha256').update(`recheck\u0000${commentId}`).digest('hex').slice(0, 16);
}
