// Renders the README pictures from the real templates: runs the demo's output through a
// GitHub-like page (issue) and the email HTML as sent, and screenshots both with headless
// Chromium. Run `npm run demo` first. Needs /usr/bin/chromium (apt-get install chromium).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { marked } from 'marked';

const OUT = path.resolve('demo-output');
const DOCS = path.resolve('docs');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const ISSUE_CSS = `body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#1f2328;margin:0;background:#fff}
.wrap{max-width:900px;margin:24px auto;padding:0 16px}h1{font-size:26px;font-weight:400;margin:0 0 8px}
.state{display:inline-block;background:#1f883d;color:#fff;border-radius:16px;padding:4px 12px;font-weight:600;margin-right:8px}
.label{display:inline-block;background:#d73a4a;color:#fff;border-radius:12px;padding:0 8px;font-size:12px;margin-right:4px}
.box{border:1px solid #d0d7de;border-radius:6px;margin-top:16px}.head{background:#f6f8fa;border-bottom:1px solid #d0d7de;padding:8px 16px;color:#59636e}
.body{padding:16px}table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #d0d7de;padding:6px 10px;text-align:left;vertical-align:top}
th{background:#f6f8fa}code{background:#eff1f3;border-radius:4px;padding:2px 4px;font-size:12px}h3{font-size:16px;margin:16px 0 8px}a{color:#0969da}sub{color:#59636e}`;

async function shot(html: string, file: string, width: number, height: number): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bp-shot-'));
  const page = path.join(dir, 'page.html');
  await writeFile(page, html);
  execFileSync(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--hide-scrollbars', `--user-data-dir=${path.join(dir, 'profile')}`,
    `--window-size=${width},${height}`, `--screenshot=${file}`, `file://${page}`,
  ], { stdio: 'ignore' });
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

const md = await readFile(path.join(OUT, 'issues', 'issue-1.md'), 'utf8');
const [titleLine = '', , , ...rest] = md.split('\n');
const body = rest.join('\n').split('\n---\n')[0] ?? '';
const title = titleLine.replace(/^# #\d+ /, '');
const issueHtml = `<!doctype html><html><head><meta charset="utf-8"><style>${ISSUE_CSS}</style></head><body><div class="wrap">
<h1>${title} <span style="color:#59636e">#1</span></h1><span class="state">Open</span><span class="label">blacklist-patrol</span><span class="label" style="background:#0e8a16">mail</span>
<div class="box"><div class="head"><b>github-actions</b> bot opened this issue</div><div class="body">${await marked.parse(body)}</div></div></div></body></html>`;
await shot(issueHtml, path.join(DOCS, 'sample-issue.png'), 1000, 1250);
await shot(await readFile(path.join(OUT, 'run-1', 'email.html'), 'utf8'), path.join(DOCS, 'sample-email.png'), 420, 1400);
// The Slack picture is drawn from the real template without the demo's output.
await import('./chat-screenshot.ts');
