// The README's Slack picture, from the real template: a sample run (real catalog lists, their
// code meanings) through buildChatAlert and renderSlack, the Block Kit payload drawn as Slack
// draws it (header, context, mrkdwn sections), screenshot with headless Chromium into
// docs/sample-slack.png. Needs /usr/bin/chromium (apt-get install chromium).
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findList } from '../src/dnsbl/catalog.ts';
import { decodeAnswer } from '../src/dnsbl/decode.ts';
import type { ListDef } from '../src/model.ts';
import { buildChatAlert } from '../src/render/chat/alert.ts';
import { renderSlack, type SlackBlock } from '../src/render/chat/slack.ts';
import type { TargetChange } from '../src/state/diff.ts';
import type { Listing, TargetsState } from '../src/state/snapshot.ts';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const OUT = path.resolve('docs', 'sample-slack.png');
const NOW = new Date('2026-11-28T06:17:00Z');
const REPO = 'https://github.com/example/mail-patrol';

function def(id: string): ListDef {
  const d = findList(id);
  if (!d) throw new Error(`no catalog list ${id}`);
  return d;
}

/** A listing as the patrol keeps it: the codes and their meanings as the list documents them. */
function listing(id: string, codes: string[], daysAgo: number): Listing {
  const decoded = decodeAnswer(def(id), { ok: true, records: codes });
  return { codes, since: new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString(), meanings: decoded.meanings };
}

const state: TargetsState = {
  '203.0.113.10': { monitor: 'mx1', listings: { 'spamhaus-zen-dqs': listing('spamhaus-zen-dqs', ['127.0.0.4'], 0), spamcop: listing('spamcop', ['127.0.0.2'], 0) }, clean: {}, issue: 12 },
  '198.51.100.25': { monitor: 'outbound', listings: { psbl: listing('psbl', ['127.0.0.2'], 6) }, clean: {}, issue: 9 },
};
const delisted = { monitor: 'mx2', listings: { spamcop: listing('spamcop', ['127.0.0.2'], 3) }, clean: {}, issue: 11 };
const changes: TargetChange[] = [
  { target: '203.0.113.10', monitor: 'mx1', kind: 'new', added: ['spamcop', 'spamhaus-zen-dqs'], removed: [], recoded: [], before: undefined, after: state['203.0.113.10'] },
  { target: '198.51.100.25', monitor: 'outbound', kind: 'still', added: [], removed: [], recoded: [], before: state['198.51.100.25'], after: state['198.51.100.25'] },
  { target: '203.0.113.11', monitor: 'mx2', kind: 'delisted', added: [], removed: ['spamcop'], recoded: [], before: delisted, after: undefined },
];
const ids = ['spamhaus-zen-dqs', 'spamhaus-dbl-dqs', 'spamcop', 'psbl', 'mailspike-bl', 'sem-black', 'nordspam-bl', 'surbl-multi', 'uribl-multi', 'abusix-combined', 'abusix-dblack'];
const lists = ids.map((id) => {
  const d = def(id);
  return d.key === 'abusix'
    ? { id, name: d.name, zone: d.zone, status: 'skipped' as const, reason: 'needs an Abusix Mail Intelligence key' }
    : { id, name: d.name, zone: d.zone, status: 'ok' as const };
});
const issues: Record<string, number> = { '203.0.113.10': 12, '198.51.100.25': 9, '203.0.113.11': 11 };

const payload = renderSlack(
  buildChatAlert({
    date: NOW,
    dryRun: false,
    changes,
    state,
    lists,
    listDefs: new Map(ids.map((id) => [id, def(id)])),
    issueUrl: (t) => `${REPO}/issues/${issues[t] ?? 0}`,
    run: { id: '1', url: `${REPO}/actions/runs/1` },
    repository: 'example/mail-patrol',
  }),
);

// ------------------------------------------------------------------ Block Kit as Slack draws it

const EMOJI: Record<string, string> = {
  ':rotating_light:': '<span class="emoji" style="background:#e01e5a">!</span>',
  ':warning:': '<span class="emoji" style="background:#ecb22e">!</span>',
  ':large_orange_circle:': '<span class="emoji" style="background:#f2994a"></span>',
  ':white_check_mark:': '<span class="emoji" style="background:#2eb67d">✓</span>',
};

/** mrkdwn to HTML. Slack's text already has &, < and > as entities; only links use raw brackets. */
function mrkdwn(text: string): string {
  return text
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '<a href="$1">$2</a>')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/(^|[\s(•])\*([^*\n]+)\*/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<i>$2</i>')
    .replace(/:[a-z_]+:/g, (m) => EMOJI[m] ?? m)
    .replace(/\n/g, '<br>');
}

function block(b: SlackBlock): string {
  if (b.type === 'header') return `<div class="header">${b.text.text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</div>`;
  if (b.type === 'context') return `<div class="context">${b.elements.map((e) => mrkdwn(e.text)).join(' ')}</div>`;
  if (b.type === 'section') return `<div class="section">${mrkdwn(b.text.text)}</div>`;
  return '<hr>';
}

const CSS = `body{margin:0;font-family:Lato,"Helvetica Neue",Helvetica,"DejaVu Sans",Arial,sans-serif;font-size:15px;color:#1d1c1d;background:#fff;display:flex;height:100vh}
.side{width:220px;background:#3f0e40;color:#cfc3cf;padding:14px 0;font-size:15px}.side .ws{color:#fff;font-weight:700;font-size:18px;padding:0 16px 14px;border-bottom:1px solid #5d3d5e}
.side .ch{padding:4px 16px}.side .on{background:#1164a3;color:#fff}.main{flex:1;display:flex;flex-direction:column}
.top{height:48px;border-bottom:1px solid #ddd;display:flex;align-items:center;padding:0 20px;font-weight:900;font-size:18px}
.msg{display:flex;padding:16px 20px}.avatar{width:36px;height:36px;border-radius:6px;background:#cf222e;color:#fff;font-weight:900;display:flex;align-items:center;justify-content:center;margin-right:10px;flex:none}
.who b{font-weight:900}.app{background:#e8e8e8;color:#616061;font-size:10px;font-weight:700;border-radius:2px;padding:1px 3px;margin:0 6px;vertical-align:2px}.time{color:#616061;font-size:12px}
.header{font-size:18px;font-weight:900;margin:8px 0 6px}.context{color:#616061;font-size:13px;margin:4px 0 10px}.section{margin:0 0 12px;line-height:1.47}
code{font-family:Monaco,Menlo,"DejaVu Sans Mono",monospace;font-size:12px;color:#e01e5a;background:#f8f8f8;border:1px solid #e1e1e1;border-radius:3px;padding:1px 3px}
a{color:#1264a3;text-decoration:none}.emoji{display:inline-block;width:15px;height:15px;border-radius:50%;color:#fff;font-size:11px;font-weight:900;text-align:center;line-height:15px;vertical-align:-2px}`;

const html = `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head><body>
<div class="side"><div class="ws">Example Mail</div><div class="ch"># general</div><div class="ch on"># mail-ops</div><div class="ch"># random</div></div>
<div class="main"><div class="top"># mail-ops</div><div class="msg"><div class="avatar">BP</div><div><div class="who"><b>Blacklist Patrol</b><span class="app">APP</span><span class="time">6:17 AM</span></div>
${payload.blocks.map(block).join('\n')}</div></div></div></body></html>`;

const dir = await mkdtemp(path.join(tmpdir(), 'bp-slack-'));
const page = path.join(dir, 'page.html');
await writeFile(page, html);
execFileSync(
  CHROMIUM,
  [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--hide-scrollbars', `--user-data-dir=${path.join(dir, 'profile')}`,
    '--window-size=1000,450', `--screenshot=${OUT}`, `file://${page}`,
  ],
  { stdio: 'ignore' },
);
console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
