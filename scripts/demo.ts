// npm run demo: the whole patrol, offline. An in-process DNSBL with sample listings, local state
// and issues, and the email written to files; then a second run in which an address is delisted.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseConfig, formatDiagnostic } from '../src/config/load.ts';
import { createDns } from '../src/dnsbl/resolver.ts';
import { emailAdapter } from '../src/notify/email.ts';
import { demoChat, last } from './demo-chat.ts';
import { localIssues } from '../src/notify/local-issues.ts';
import { runPatrol } from '../src/patrol.ts';
import { renderTable } from '../src/render/table.ts';
import { fileStore } from '../src/state/file-store.ts';
import { startFaultDns, type FaultAnswer } from '../test/helpers/fault-dns.ts';

const OUT = path.resolve('demo-output');

const CONFIG = `monitors:
  - { name: mx1, address: 203.0.113.10 }
  - { name: mx2, address: 203.0.113.11 }
  - { name: shop, domain: shop.example }
lists:
  use: none
  add:
    - id: demo-spam
      name: Demo Spam List
      zone: bl.demo.test
      kinds: [ipv4]
      codes: { "127.0.0.2": "sent mail to spam traps", "127.0.0.4": "exploited host (malware or open proxy)" }
      delist: https://bl.demo.test/removal
    - id: demo-policy
      name: Demo Policy List
      zone: pbl.demo.test
      kinds: [ipv4]
      codes: { "127.0.0.10": "end-user (dynamic) range: should not send mail directly" }
      delist: https://pbl.demo.test/removal
    - id: demo-domains
      name: Demo Domain List
      zone: dbl.demo.test
      kinds: [domain]
      codes: { "127.0.1.2": "domain seen in spam" }
      delist: https://dbl.demo.test/removal
    - id: demo-dead
      name: Demo Dead List
      zone: dead.demo.test
      kinds: [ipv4]
settings: { timeout: 1s, tries: 1 }
notify:
  issues: { close-after: 1 }
  email: { to: ops@example.com, when: always }
  chat: { when: always }
`;

/** What the demo DNSBL answers; the second run delists 203.0.113.11. */
function answers(run: number): Map<string, FaultAnswer> {
  const a = (codes: string[], txt: string): FaultAnswer => ({ rcode: 'NOERROR', a: codes, txt: [txt] });
  const m = new Map<string, FaultAnswer>([
    ['2.0.0.127.bl.demo.test', a(['127.0.0.2'], 'test point')],
    ['2.0.0.127.pbl.demo.test', a(['127.0.0.10'], 'test point')],
    ['test.dbl.demo.test', a(['127.0.1.2'], 'test point')],
    ['10.113.0.203.bl.demo.test', a(['127.0.0.2', '127.0.0.4'], 'Trapped 2026-11-27: see https://bl.demo.test/lookup?ip=203.0.113.10')],
    ['10.113.0.203.pbl.demo.test', a(['127.0.0.10'], 'Dynamic range per the ISP; <b>static</b> senders can delist @ https://pbl.demo.test')],
    ['shop.example.dbl.demo.test', a(['127.0.1.2'], 'Domain seen in spam campaigns')],
  ]);
  if (run === 1) m.set('11.113.0.203.bl.demo.test', a(['127.0.0.2'], 'Trapped once; expires in 24 hours'));
  return m;
}

async function main(): Promise<void> {
  let run = 1;
  const server = await startFaultDns(({ name }) => {
    // A dead list answers for every name, the must-not-list test point included.
    if (name.endsWith('.dead.demo.test')) return { rcode: 'NOERROR', a: ['127.0.0.2'] };
    return answers(run).get(name) ?? { rcode: 'NXDOMAIN' };
  });
  try {
    await rm(OUT, { recursive: true, force: true });
    await mkdir(OUT, { recursive: true });
    const parsed = parseConfig(CONFIG, 'demo monitors.yml');
    if (!parsed.ok) throw new Error(parsed.errors.map(formatDiagnostic).join('\n'));
    const issues = localIssues(path.join(OUT, 'issues'));
    for (run = 1; run <= 2; run++) {
      const dir = path.join(OUT, `run-${run}`);
      const email = emailAdapter({ smtpUrl: '', from: 'patrol@example.com', to: ['ops@example.com'], previewDir: dir, log: () => undefined });
      const out = await runPatrol({
        config: parsed.config,
        keys: {},
        dns: createDns({ servers: [server.server], timeoutMs: 1000, tries: 1 }),
        resolvers: ['demo DNSBL (in-process)'],
        now: () => new Date(),
        runId: `demo-${run}`,
        store: fileStore(path.join(OUT, 'state.json')),
        issues,
        issueSettings: { labels: ['mail'], assignees: [], maxWrites: 30 },
        dryRun: false,
        log: { info: () => undefined, warning: (m) => console.log(`  warning: ${m}`) },
        // The demo has no SMTP server: "sending" writes the email where a dry run would.
        email: { send: email.preview, preview: email.preview },
        // Nor Slack, Teams, Discord or a webhook: "posting" writes each payload to a file.
        chat: demoChat(dir),
      });
      console.log(`\n=== run ${run} ===\n`);
      console.log(renderTable(out.report, out.lists));
      for (const c of out.changes) console.log(`  ${c.target} (${c.monitor}): ${c.kind}`);
      if (out.chat.status === 'delivered') console.log(`  chat: "${last}" → run-${run}/chat-{slack,teams,discord,webhook}.json`);
    }
    const all = await issues.all();
    console.log(`\nWhere to look (${OUT}):`);
    for (const i of all) console.log(`  issues/issue-${i.number}.md   ${i.state.padEnd(6)}  ${i.title}`);
    console.log('  run-1/email.html, run-1/email.txt   the first email (new listings)');
    console.log('  run-2/email.html, run-2/email.txt   the second email (203.0.113.11 delisted)');
    console.log('  run-N/chat-slack.json, chat-teams.json, chat-discord.json, chat-webhook.json');
    console.log('                                      what each run would post to Slack, Teams, Discord and a webhook');
    console.log('  state.json                          what the next run starts from');
  } finally {
    await server.stop();
  }
}

await main();
