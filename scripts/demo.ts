// npm run demo: the whole patrol, offline. An in-process DNS server answers for real catalog lists
// (sample listings) and for the reverse and forward zones; local state and issues, and the email
// written to files; then a second run in which an address is delisted.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseConfig, formatDiagnostic } from '../src/config/load.ts';
import { findList } from '../src/dnsbl/catalog.ts';
import { itemKind, queryName } from '../src/dnsbl/query.ts';
import { createDns } from '../src/dnsbl/resolver.ts';
import { emailAdapter } from '../src/notify/email.ts';
import { demoChat, last } from './demo-chat.ts';
import { localIssues } from '../src/notify/local-issues.ts';
import { runPatrol } from '../src/patrol.ts';
import { renderTable } from '../src/render/table.ts';
import { fileStore } from '../src/state/file-store.ts';
import { startFaultDns, type FaultAnswer } from '../test/helpers/fault-dns.ts';

const OUT = path.resolve('demo-output');

// Real catalog lists (their codes, causes, removal processes and lookup pages), answered by the
// in-process DNS server; plus a custom list that is dead, to show the coverage line.
const CATALOG = ['spamcop', 'uceprotect-l1', 'spamrats-all', 'spfbl', 'uribl-multi'];

const CONFIG = `monitors:
  - { name: mx1, address: 203.0.113.10 }
  - { name: mx2, address: 203.0.113.11 }
  - { name: shop, domain: shop.example }
lists:
  use: none
  add:
${CATALOG.map((id) => `    - ${id}`).join('\n')}
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

/** Every catalog list answers its must-list test point (RFC 5782), so it passes its health check. */
function testPoints(): Map<string, FaultAnswer> {
  const m = new Map<string, FaultAnswer>();
  for (const id of CATALOG) {
    const list = findList(id);
    if (!list) throw new Error(`no catalog list ${id}`);
    const kind = itemKind(list.test.listed) ?? 'domain';
    const code = Object.keys(list.codes)[0] ?? '2';
    m.set(queryName(list.test.listed, kind, list.zone), { rcode: 'NOERROR', a: [list.decode === 'bitmask' ? `127.0.0.${code}` : code], txt: ['test point'] });
  }
  return m;
}

/** What the demo lists answer; the second run delists 203.0.113.11. */
function answers(run: number): Map<string, FaultAnswer> {
  const a = (codes: string[], txt: string): FaultAnswer => ({ rcode: 'NOERROR', a: codes, txt: [txt] });
  const m = new Map<string, FaultAnswer>([
    ...testPoints(),
    ['10.113.0.203.bl.spamcop.net', a(['127.0.0.2'], 'Blocked - see https://www.spamcop.net/bl.shtml?203.0.113.10')],
    ['10.113.0.203.dnsbl-1.uceprotect.net', a(['127.0.0.2'], 'Net 203.0.113.10 is UCEPROTECT-Level1 listed because it hit our spamtraps. <b>Express delisting</b> @ https://www.uceprotect.net')],
    ['10.113.0.203.all.spamrats.com', a(['127.0.0.37'], 'SPAMRATS IP Addresses See: http://www.spamrats.com/bl?203.0.113.10')],
    ['10.113.0.203.dnsbl.spfbl.net', a(['127.0.0.4'], 'https://spfbl.net/en/dnsbl/203.0.113.10')],
    ['shop.example.multi.uribl.com', a(['127.0.0.2'], 'shop.example is blacklisted on multi.uribl.com')],
    // Reverse DNS: mx1 has none; mx2's PTR resolves back to it.
    ['PTR 11.113.0.203.in-addr.arpa', { rcode: 'NOERROR', ptr: ['mail2.example.com'] }],
    ['A mail2.example.com', { rcode: 'NOERROR', a: ['203.0.113.11'] }],
  ]);
  if (run === 1) m.set('11.113.0.203.bl.spamcop.net', a(['127.0.0.2'], 'Blocked - see https://www.spamcop.net/bl.shtml?203.0.113.11'));
  return m;
}

async function main(): Promise<void> {
  let run = 1;
  const server = await startFaultDns(({ name, type }) => {
    // A dead list answers for every name, the must-not-list test point included.
    if (name.endsWith('.dead.demo.test')) return { rcode: 'NOERROR', a: ['127.0.0.2'] };
    const m = answers(run);
    return m.get(`${type} ${name}`) ?? (type === 'PTR' || !m.has(name) ? { rcode: 'NXDOMAIN' } : (m.get(name) as FaultAnswer));
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
