#!/usr/bin/env node
// The local command line: `check`, `run` and `validate`, same pipeline as the Action.
import './node-check.ts'; // first: on too old a Node, one clear line instead of a failure inside
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Config } from './config/schema.ts';
import { formatDiagnostic, loadConfig } from './config/load.ts';
import { DEFAULT_CHAT, defaultConfig } from './config/schema.ts';
import { LISTS } from './dnsbl/catalog.ts';
import type { Keys } from './dnsbl/check.ts';
import { createDns, type ResolverDns } from './dnsbl/resolver.ts';
import { ListSelectionError, runCheck, runPatrol, type CheckOutput } from './patrol.ts';
import { groupNotChecked, someTargets } from './blind.ts';
import { nothingChecked } from './render/coverage.ts';
import { localIssues } from './notify/local-issues.ts';
import { chatAdapter, chatSecretValues, chatSecretsFromEnv } from './notify/chat.ts';
import { chatFailures, type ChatChannel, type ChatResult } from './notify/chat-delivery.ts';
import { webhookRedactor } from './notify/webhook.ts';
import { keyRedactor } from './secrets.ts';
import { fileStore } from './state/file-store.ts';
import path from 'node:path';
import { renderTable } from './render/table.ts';
import { ReportWriter } from './report.ts';
import { plain, printable, printableJsonText } from './render/escape.ts';
import type { MonitorInput } from './targets/expand.ts';
import { targetToMonitor } from './targets/adhoc.ts';
import { rangeWithin } from './targets/range.ts';
import { specialRange } from './targets/address.ts';
import { NAME, VERSION } from './version.ts';

/** The Io every command gets: cleaned output, plus the raw streams for the progress line. */
type CliIo = Io & { raw: Io };

export const EXIT = { clean: 0, listed: 1, usage: 2, incomplete: 3, blind: 4 } as const;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** A terminal on stderr: show a progress line. */
  progress: boolean;
}

const USAGE = `Usage:
  blacklist-patrol --version | --help
  blacklist-patrol check [TARGET...] [--config FILE] [--resolver HOST:PORT]... [--json] [--strict]
                         [--spamhaus-dqs-key KEY] [--abusix-key KEY]
  blacklist-patrol run [--config FILE] [--state FILE] [--issues DIR] [--resolver HOST:PORT]... [--dry-run]
  blacklist-patrol validate [--config FILE]

run is the whole patrol (as the Action does it) with local state and issues:
state in .blacklist-patrol/state.json, issues as Markdown in .blacklist-patrol/issues/;
with notify.email in the config, the email goes through SMTP_URL (from MAIL_FROM);
alerts go to SLACK_WEBHOOK_URL, TEAMS_WEBHOOK_URL, DISCORD_WEBHOOK_URL and WEBHOOK_URL
(signed with WEBHOOK_SECRET) as notify.chat says; --dry-run writes them as files instead.

TARGET is an IPv4/IPv6 address, a CIDR range, or a domain (checked on domain lists,
plus its MX hosts' addresses). Without targets, every monitor in the config is checked.

Keys: SPAMHAUS_DQS_KEY and ABUSIX_KEY in the environment (safer than the flags,
which other users of this machine can see in the process list).
Exit codes: 0 nothing listed, 1 something listed,
            2 usage or config error, a --config file that does not exist, or a refused target
              (not an address, range or domain; a range over settings.max-range): nothing is checked;
              run: or the email or a chat post failed, or a chat secret is not a URL,
            3 (--strict only) nothing listed but something could not be checked,
            4 nothing could be checked (run: or a list or target unchecked 3 runs in a row).`;

const KNOWN_IDS = LISTS.map((l) => l.id);

/** Flags win over the environment; empty values mean "no key". */
function keysFrom(env: NodeJS.ProcessEnv, flags: Flags): Keys {
  const keys: Keys = {};
  const dqs = (flags['spamhaus-dqs-key'] ?? env.SPAMHAUS_DQS_KEY ?? '').trim();
  const abusix = (flags['abusix-key'] ?? env.ABUSIX_KEY ?? '').trim();
  if (dqs) keys['spamhaus-dqs'] = dqs;
  if (abusix) keys.abusix = abusix;
  return keys;
}

/** The config, or null after saying why; `adHoc`: targets replace the monitors, so no word about those. */
async function readConfig(file: string, io: Io, required: boolean, adHoc = false): Promise<Config | null> {
  if (!required && !existsSync(file)) return defaultConfig();
  const result = await loadConfig(file, { knownListIds: KNOWN_IDS });
  for (const w of result.warnings) if (!(adHoc && w.monitor !== undefined)) io.err(formatDiagnostic(w));
  if (!result.ok) {
    for (const e of result.errors) io.err(formatDiagnostic(e));
    return null;
  }
  return result.config;
}

/** The progress line on a terminal's stderr: the one output that writes control characters, so it uses the raw stream. */
function progressLine(cli: CliIo): ((done: number, total: number) => void) | undefined {
  const io = cli.raw;
  if (!io.progress) return undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (total < 200 || (done < total && now - last < 100)) return;
    last = now;
    io.err(`\r\u001b[Kchecking ${done}/${total} (${Math.floor((done / total) * 100)}%)${done === total ? '\r\u001b[K' : ''}`);
  };
}

interface Flags {
  config?: string | undefined;
  resolver?: string[] | undefined;
  json?: boolean | undefined;
  strict?: boolean | undefined;
  'spamhaus-dqs-key'?: string | undefined;
  'abusix-key'?: string | undefined;
  state?: string | undefined;
  issues?: string | undefined;
  'dry-run'?: boolean | undefined;
}

/**
 * The DNS adapter from --resolver or settings.resolvers (`given`: the user chose the servers);
 * null (said on stderr) for a bad address.
 */
function dnsFor(values: Flags, config: Config, io: Io): (ResolverDns & { given: boolean }) | null {
  const flags = values.resolver ?? [];
  const servers = flags.length > 0 ? flags : config.settings.resolvers.map((r) => r.text);
  try {
    return Object.assign(createDns({ servers, timeoutMs: config.settings.timeoutMs, tries: config.settings.tries, transport: config.settings.transport }), { given: servers.length > 0 });
  } catch (e) {
    io.err(`error: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

/** Runs the pipeline; a list selection error is a usage error (exit 2), anything else propagates. */
async function guarded<T>(io: Io, work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof ListSelectionError)) throw e;
    io.err(`error: ${e.message}`);
    return null;
  }
}

/** Targets no list answered for, and a blind run's reason: never silent, never "clean". */
function printCoverage(io: Io, out: CheckOutput, json: boolean): void {
  const say = json ? io.err : io.out;
  const blind = out.coverage.blind;
  // In a blind run every target is unchecked: the one reason says it better than a line per target.
  const groups = blind ? [] : groupNotChecked(out.coverage.notChecked);
  if (groups.length > 0) {
    say('');
    say('NOT CHECKED (no list gave an answer; not counted as clean)');
    for (const g of groups) say(`  ${plain(someTargets(g.targets), 200)} (${plain(g.monitor, 40)}): ${plain(g.reason)}`);
  }
  if (!blind) return;
  if (json || !nothingChecked(out.lists)) say(`NOTHING WAS CHECKED: ${plain(blind.reason)}.`);
  io.err(`error: nothing was checked (exit ${EXIT.blind}): ${plain(blind.fix)}.`);
}

function printProblems(io: Io, problems: readonly { severity: string; monitor: string; message: string }[]): void {
  for (const p of problems) io.err(`${p.severity}: ${p.monitor}: ${plain(p.message)}`);
}

/**
 * Targets typed on the command line as monitors, or why they are refused: not a target, or a
 * range over settings.max-range (refused before any query, as the config loader refuses it).
 */
function adHocMonitors(positionals: string[], maxRange: number): { monitors: MonitorInput[]; refused: string[] } {
  const monitors: MonitorInput[] = [];
  const refused: string[] = [];
  for (const text of positionals) {
    const m = targetToMonitor(text);
    const range = typeof m !== 'string' && m.range !== undefined ? rangeWithin(m.range, maxRange) : null;
    if (typeof m === 'string') refused.push(m);
    else if (range && !range.ok) refused.push(range.message);
    else monitors.push(m);
  }
  return { monitors, refused };
}

/** What the config loader says about a monitor's address or range, said about the typed targets. */
function adHocWarnings(monitors: readonly MonitorInput[]): string[] {
  return monitors.flatMap((m) => {
    const literal = m.address ?? m.range?.split('/')[0];
    const special = literal === undefined ? null : specialRange(literal);
    return special === null ? [] : [`${m.name} is in ${special}: blacklists only list public addresses, so it cannot be listed meaningfully (checked anyway)`];
  });
}

async function check(positionals: string[], values: Flags, io: CliIo): Promise<number> {
  const file = values.config ?? 'monitors.yml';
  // Only the default file may be absent, and only for ad-hoc targets: a named file must exist.
  const config = await readConfig(file, io, positionals.length === 0 || values.config !== undefined, positionals.length > 0);
  if (!config) return EXIT.usage;

  let monitors: MonitorInput[] | undefined;
  if (positionals.length > 0) {
    const adHoc = adHocMonitors(positionals, config.settings.maxRange);
    for (const r of adHoc.refused) io.err(`error: ${r}`);
    if (adHoc.refused.length > 0) return EXIT.usage;
    monitors = adHoc.monitors;
    for (const w of adHocWarnings(monitors)) io.err(`warning: ${w}`);
  }

  const dns = dnsFor(values, config, io);
  if (!dns) return EXIT.usage;
  const json = values.json === true;
  // --json streams the report as results come: nothing is kept, so memory stays flat for a /16.
  // Escaped as JSON (same data), not cleaned as text: a TXT with a control character stays the same string.
  const stream = json ? new ReportWriter((lines) => io.raw.out(printableJsonText(lines))) : undefined;
  const progress = progressLine(io);
  const out = await guarded(io, () =>
    runCheck({
      config,
      ...(monitors ? { monitors } : {}),
      keys: keysFrom(io.env, values),
      dns,
      resolvers: dns.servers,
      resolversGiven: dns.given,
      now: () => new Date(),
      // The table shows listings and unknowns only; JSON streams every result.
      keep: json ? () => false : (v) => v.status !== 'clean',
      ...(stream ? { stream } : {}),
      ...(progress ? { onProgress: progress } : {}),
    }),
  );
  if (!out) return EXIT.usage;
  printProblems(io, out.problems);
  if (!json) io.out(renderTable(out.report, out.lists, { resolverGiven: dns.given }));
  printCoverage(io, out, json);

  // A target refused during expansion is a usage error, whatever else was found.
  if (out.problems.some((p) => p.severity === 'error')) return EXIT.usage;
  const s = out.report.summary;
  if (s.listed > 0) return EXIT.listed;
  if (out.coverage.blind) return EXIT.blind;
  const incomplete = s.unknown > 0 || s.listsChecked < s.listsTotal || out.problems.length > 0 || out.coverage.notChecked.length > 0;
  if (values.strict === true && incomplete) return EXIT.incomplete;
  return EXIT.clean;
}

const CHANGE_WORDS = { new: 'newly listed', changed: 'listing changed', still: 'still listed', delisted: 'delisted' } as const;

/** Chat from the environment: the configured destinations, as notify.chat says; null with none. */
function chatFromEnv(io: Io, config: Config, keys: Keys, previewDir: string): { channel: ChatChannel | null; errors: string[] } {
  const secrets = chatSecretsFromEnv(io.env);
  const chat = webhookRedactor(chatSecretValues(secrets));
  const key = keyRedactor(keys);
  const adapter = chatAdapter({ secrets, previewDir, redact: (t) => key(chat(t)), log: (m) => io.err(m) });
  return { channel: adapter.destinations.length > 0 ? { adapter, settings: config.notify.chat ?? DEFAULT_CHAT } : null, errors: adapter.errors };
}

/** What the chat step did, said on the terminal; the errors that make `run` fail. */
function printChat(io: Io, result: ChatResult, errors: readonly string[]): string[] {
  if (result.status === 'previewed') io.out(`Chat: not posted (dry run); ${result.destinations.join(', ')} would receive ${result.files.join(', ')}`);
  else if (result.status === 'delivered') {
    for (const o of result.outcomes) if (o.status === 'sent') io.out(`Chat: posted to ${o.destination}`);
  }
  return [...errors, ...chatFailures(result)].map((e) => `chat: ${e}`);
}

/** The whole patrol with local state and local issues: try everything without GitHub. */
async function patrolRun(values: Flags, io: Io): Promise<number> {
  const file = values.config ?? 'monitors.yml';
  const config = await readConfig(file, io, true);
  if (!config) return EXIT.usage;
  const dns = dnsFor(values, config, io);
  if (!dns) return EXIT.usage;
  const stateFile = values.state ?? path.join('.blacklist-patrol', 'state.json');
  const issueDir = values.issues ?? path.join('.blacklist-patrol', 'issues');
  const dryRun = values['dry-run'] === true;
  const keys = keysFrom(io.env, values);
  const chat = chatFromEnv(io, config, keys, path.dirname(stateFile));
  // nodemailer is loaded only when there is an email to send: it is a tenth of check's start-up time.
  const email = config.notify.email
    ? (await import('./notify/email.ts')).emailAdapter({
        smtpUrl: io.env.SMTP_URL ?? '',
        from: io.env.MAIL_FROM ?? '',
        to: config.notify.email.to,
        previewDir: path.dirname(stateFile),
        log: (m) => io.err(m),
      })
    : null;
  const out = await guarded(io, () =>
    runPatrol({
      config,
      keys,
      dns,
      resolvers: dns.servers,
      resolversGiven: dns.given,
      now: () => new Date(),
      runId: `local-${Date.now()}`,
      store: fileStore(stateFile),
      issues: localIssues(issueDir),
      issueSettings: { labels: config.notify.issues.labels, assignees: config.notify.issues.assignees, maxWrites: Number.MAX_SAFE_INTEGER },
      dryRun,
      log: { info: (m) => io.err(m), warning: (m) => io.err(`warning: ${m}`) },
      email,
      chat: chat.channel,
    }),
  );
  if (!out) return EXIT.usage;
  printProblems(io, out.problems);
  io.out(renderTable(out.report, out.lists, { resolverGiven: dns.given }));
  const chatErrors = printChat(io, out.chat, chat.errors);
  if (out.coverage.blind) {
    printCoverage(io, out, false);
    io.out('Nothing was changed: state, issues and email are as before.');
    for (const e of chatErrors) io.err(`error: ${e}`);
    return EXIT.blind;
  }
  const changed = out.changes.filter((c) => c.kind !== 'still');
  io.out('');
  io.out(changed.length === 0 ? 'No changes since the last run.' : 'Changes since the last run:');
  for (const c of changed) io.out(`  ${c.target} (${plain(c.monitor, 40)}): ${CHANGE_WORDS[c.kind]}${c.note ? ` (${c.note})` : ''}`);
  io.out(dryRun ? 'Dry run: no state or issue was written.' : `State: ${stateFile} · issues: ${issueDir}/`);
  if (out.email.status === 'failed') io.err(`error: the email was not sent: ${out.email.error}`);
  for (const e of chatErrors) io.err(`error: ${e}`);
  if (out.email.status === 'failed' || chatErrors.length > 0) return EXIT.usage;
  // A list or target unchecked too many runs in a row (the warnings above counted up to it).
  for (const f of out.streaks.failures) io.err(`error: ${plain(f, 1000)}`);
  if (out.report.summary.listed > 0) return EXIT.listed;
  return out.streaks.failures.length > 0 ? EXIT.blind : EXIT.clean;
}

async function validate(values: Flags, io: Io): Promise<number> {
  const file = values.config ?? 'monitors.yml';
  const config = await readConfig(file, io, true);
  if (!config) return EXIT.usage;
  io.out(`${file} is valid: ${config.monitors.length} monitor${config.monitors.length === 1 ? '' : 's'}, lists: ${config.lists.use}`);
  return EXIT.clean;
}

/**
 * Everything the CLI prints passes through here: text from config or DNS can neither drive the
 * terminal nor run a workflow command (the CLI may run in a workflow step). Only the progress
 * line writes its own control characters, through `raw`.
 */
function safeIo(io: Io): CliIo {
  return { ...io, out: (t) => io.out(printable(t)), err: (t) => io.err(printable(t)), raw: io };
}

export async function main(argv: string[], rawIo: Io): Promise<number> {
  const io = safeIo(rawIo);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string', short: 'c' },
        resolver: { type: 'string', multiple: true, short: 'r' },
        json: { type: 'boolean' },
        strict: { type: 'boolean' },
        'spamhaus-dqs-key': { type: 'string' },
        state: { type: 'string' },
        issues: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'abusix-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (e) {
    io.err(`error: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.version === true) {
    io.out(`${NAME} ${VERSION}`);
    return EXIT.clean;
  }
  if (parsed.values.help === true) {
    io.out(USAGE);
    return EXIT.clean;
  }
  switch (command) {
    case 'check':
      return check(rest, parsed.values, io);
    case 'validate':
      return validate(parsed.values, io);
    case 'run':
      return patrolRun(parsed.values, io);
    default:
      io.err(`${command ? `error: unknown command '${plain(command, 40)}'\n\n` : ''}${USAGE}`);
      return EXIT.usage;
  }
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  const code = await main(process.argv.slice(2), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(t.startsWith('\r') ? t : `${t}\n`),
    env: process.env,
    progress: process.stderr.isTTY,
  });
  process.exitCode = code;
}
