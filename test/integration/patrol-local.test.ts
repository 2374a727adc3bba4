// `blacklist-patrol run`: the whole lifecycle against rbldnsd with local state and local issues.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXIT, main, type Io } from '../../src/cli.ts';
import type { Rbldnsd } from '../helpers/rbldnsd.ts';
import { describeWithRbldnsd, startRbldnsd } from '../helpers/rbldnsd.ts';


interface LocalIssue {
  number: number;
  title: string;
  state: string;
  body: string;
  comments: string[];
}

const LISTED = ['127.0.0.2 :127.0.0.2:test', '192.0.2.10 :127.0.0.2:Listed: <script>x</script> @admin'];
const CLEAN = ['127.0.0.2 :127.0.0.2:test'];

describeWithRbldnsd('blacklist-patrol run (local state and issues)', ({ test, before, after }) => {
  let server: Rbldnsd;
  let dir: string;
  let args: string[];
  const issuesFile = (): string => path.join(dir, 'issues', 'issues.json');
  const issues = async (): Promise<LocalIssue[]> => JSON.parse(await readFile(issuesFile(), 'utf8')) as LocalIssue[];
  const run = async (): Promise<{ code: number; out: string }> => {
    const io: Io & { lines: string[] } = { lines: [], out: (t) => io.lines.push(t), err: () => undefined, env: {}, progress: false };
    const code = await main(args, io);
    return { code, out: io.lines.join('\n') };
  };

  before(async () => {
    server = await startRbldnsd([{ zone: 'bl.test', type: 'ip4set', lines: LISTED }]);
    dir = await mkdtemp(path.join(tmpdir(), 'bp-run-'));
    const config = path.join(dir, 'monitors.yml');
    await writeFile(
      config,
      `monitors:
  - { name: mx1, address: 192.0.2.10 }
  - { name: mx2, address: 192.0.2.11 }
lists:
  use: none
  add:
    - { id: test-bl, name: Test BL, zone: bl.test, kinds: [ipv4], codes: { "127.0.0.2": "spam source" }, delist: "https://bl.test/delist" }
settings: { timeout: 1s, tries: 1 }
notify:
  issues: { close-after: 2 }
`,
    );
    args = ['run', '--config', config, '--state', path.join(dir, 'state.json'), '--issues', path.join(dir, 'issues'), '--resolver', server.server];
  });
  after(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('first run: one issue for the listed address, escaped, with its marker', async () => {
    const r = await run();
    assert.equal(r.code, EXIT.listed);
    assert.match(r.out, /192\.0\.2\.10 \(mx1\): newly listed/);
    const all = await issues();
    assert.equal(all.length, 1);
    assert.equal(all[0]?.title, '192.0.2.10 (mx1) is listed on 1 blacklist');
    assert.equal(all[0]?.state, 'open');
    assert.match(all[0]?.body ?? '', /`Listed: <script>x<\/script> @admin`/, 'TXT is shown only inside a code span');
    assert.match(all[0]?.body ?? '', /<!-- blacklist-patrol:v1 /);
  });

  test('an identical second run writes nothing', async () => {
    const before = await readFile(issuesFile(), 'utf8');
    const r = await run();
    assert.match(r.out, /No changes since the last run/);
    assert.equal(await readFile(issuesFile(), 'utf8'), before);
  });

  test("a person's edit to the body is kept until the listing changes", async () => {
    const all = await issues();
    const edited = `${all[0]?.body ?? ''}\n\nNote from ops: ticket 4711 with the provider.`;
    await writeFile(issuesFile(), JSON.stringify([{ ...all[0], body: edited }], null, 1));
    await run();
    assert.match((await issues())[0]?.body ?? '', /ticket 4711/);
  });

  test('delisted: the issue stays open after one clean run and closes after close-after runs', async () => {
    await server.setZone('bl.test', CLEAN);
    let r = await run();
    assert.equal(r.code, EXIT.clean);
    assert.equal((await issues())[0]?.state, 'open');
    assert.match((await issues())[0]?.body ?? '', /Clean again on Test BL \(1 run\)/);
    r = await run();
    assert.match(r.out, /192\.0\.2\.10 \(mx1\): delisted/);
    const [issue] = await issues();
    assert.equal(issue?.state, 'closed');
    assert.match(issue?.comments.at(-1) ?? '', /Delisted/);
  });

  test('relisted: the same issue is reopened with a comment, no second issue', async () => {
    await server.setZone('bl.test', LISTED);
    await run();
    const all = await issues();
    assert.equal(all.length, 1);
    assert.equal(all[0]?.state, 'open');
    assert.match(all[0]?.comments.at(-1) ?? '', /Listed again/);
  });

  test('a lost state file: rebuilt from the open issue, no duplicate and no new comment', async () => {
    const comments = (await issues())[0]?.comments.length;
    await rm(path.join(dir, 'state.json'));
    await run();
    const all = await issues();
    assert.equal(all.length, 1);
    assert.equal(all[0]?.comments.length, comments);
  });

  test('a broken monitors.yml fails with its position and touches neither state nor issues', async () => {
    const state = await readFile(path.join(dir, 'state.json'), 'utf8');
    const issuesBefore = await readFile(issuesFile(), 'utf8');
    const config = args[2] ?? '';
    const good = await readFile(config, 'utf8');
    await writeFile(config, good.replace('address: 192.0.2.10', 'adress: 192.0.2.10'));
    try {
      const r = await run();
      assert.equal(r.code, EXIT.usage);
    } finally {
      await writeFile(config, good);
    }
    assert.equal(await readFile(path.join(dir, 'state.json'), 'utf8'), state);
    assert.equal(await readFile(issuesFile(), 'utf8'), issuesBefore);
  });
});
