// The CLI as a user runs it: a monitors.yml, rbldnsd as the lists' server, table and JSON output,
// exit codes. Exit codes and what reaches stdout are checked on the real process (src/cli.ts and
// the built bundle dist/cli/index.js), as a shell or a pipe sees them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, main, type Io } from '../../src/cli.ts';
import type { Report } from '../../src/report.ts';
import type { Rbldnsd } from '../helpers/rbldnsd.ts';
import { describeWithRbldnsd, startRbldnsd } from '../helpers/rbldnsd.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const source = path.join(root, 'src/cli.ts');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string>; engines: { node: string } };
/** Nothing listens on the discard port: every query fails at once, no test waits on a timeout. */
const DEAD_RESOLVER = '127.0.0.1:9';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: opts.cwd ?? root, env: { PATH: process.env.PATH, ...opts.env } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

/** The CLI (or another script) as a process, with a clean environment (no key from the caller's shell). */
function cli(args: string[], opts: { cwd?: string; script?: string; node?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return run(opts.node ?? process.execPath, [opts.script ?? source, ...args], opts);
}

function capture(env: NodeJS.ProcessEnv = {}): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { out: (t) => stdout.push(t), err: (t) => stderr.push(t), env, progress: false, stdout, stderr };
}

const CONFIG = `monitors:
  - { name: mx1, address: 192.0.2.10 }
  - { name: clean-host, address: 192.0.2.11 }
  - { name: shop, domain: spammy.example }
lists:
  use: none
  add:
    - id: test-bl
      name: Test BL
      zone: bl.test
      kinds: [ipv4]
      codes: { "127.0.0.2": "spam source" }
      delist: https://bl.test/delist
    - id: test-dbl
      name: Test DBL
      zone: dbl.test
      kinds: [domain]
      codes: { "127.0.1.2": "spam domain" }
    - id: wild-bl
      name: Wildcard BL
      zone: wild.test
      kinds: [ipv4]
settings: { timeout: 1s, tries: 1 }
`;

describeWithRbldnsd('blacklist-patrol check / validate', ({ test, before, after }) => {
  let server: Rbldnsd;
  let dir: string;
  let config: string;

  before(async () => {
    server = await startRbldnsd([
      { zone: 'bl.test', type: 'ip4set', lines: ['127.0.0.2 :127.0.0.2:test', '192.0.2.10 :127.0.0.2:Spam <b>seen</b> from $ \u001b[31mred'] },
      { zone: 'dbl.test', type: 'dnset', lines: [':127.0.1.2:Spam domain', 'test', 'spammy.example'] },
      // A zone that lists everything: the health check must catch it.
      { zone: 'wild.test', type: 'ip4set', lines: ['0.0.0.0/1 :127.0.0.2:everything', '128.0.0.0/1 :127.0.0.2:everything'] },
    ]);
    dir = await mkdtemp(path.join(tmpdir(), 'bp-cli-'));
    config = path.join(dir, 'monitors.yml');
    await writeFile(config, CONFIG);
  });
  after(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the table shows listings with code, meaning and TXT, the coverage line, and exits 1', async () => {
    const io = capture();
    const code = await main(['check', '--config', config, '--resolver', server.server], io);
    assert.equal(code, EXIT.listed);
    const out = io.stdout.join('\n');
    assert.match(out, /checked 2 of 3 lists; not checked: Wildcard BL \(dead: lists everything\)/);
    assert.match(out, /192\.0\.2\.10\s+mx1\s+Test BL\s+127\.0\.0\.2\s+spam source/);
    assert.match(out, /spammy\.example\s+shop\s+Test DBL\s+127\.0\.1\.2\s+spam domain/);
    // Terminal escapes from DNS are neutralised; the TXT stays readable text.
    assert.ok(!out.includes('\u001b'), 'no raw escape character reaches the terminal');
    assert.match(out, /Spam <b>seen<\/b> from 192\.0\.2\.10/);
    assert.doesNotMatch(out, /192\.0\.2\.11/, 'clean targets are not listed in the table');
    assert.match(out, /3 targets, 2 of 3 lists usable: 2 listed/);
  });

  test('--json prints the report: lists with status and reason, every result, the summary', async () => {
    const io = capture();
    const code = await main(['check', '--config', config, '--resolver', server.server, '--json'], io);
    assert.equal(code, EXIT.listed);
    const report = JSON.parse(io.stdout.join('\n')) as Report;
    assert.equal(report.version, 1);
    assert.deepEqual(report.lists.map((l) => [l.id, l.status]), [['test-bl', 'ok'], ['test-dbl', 'ok'], ['wild-bl', 'dead']]);
    const r = (t: string, l: string) => report.results.find((x) => x.target === t && x.list === l);
    assert.equal(r('192.0.2.10', 'test-bl')?.status, 'listed');
    assert.equal(r('192.0.2.11', 'test-bl')?.status, 'clean');
    assert.equal(r('192.0.2.11', 'wild-bl')?.status, 'unknown', 'a dead list never lists anyone');
    assert.equal(r('spammy.example', 'test-bl'), undefined, 'domains never go to IP lists');
    assert.deepEqual(report.summary, { targets: 3, listed: 2, listings: 2, unknown: 2, listsChecked: 2, listsTotal: 3 });
    assert.deepEqual(report.resolvers, [server.server]);
  });

  test('check --json | JSON.parse: the process prints only the report on stdout and exits 1 for a listing', async () => {
    const r = await cli(['check', '--config', config, '--resolver', server.server, '--json']);
    assert.equal(r.code, EXIT.listed, r.stderr);
    assert.equal((JSON.parse(r.stdout) as Report).summary.listed, 2);
  });

  test('ad-hoc targets use the config lists; a clean one exits 0, --strict exits 3 when a list was not checked', async () => {
    assert.equal(await main(['check', '192.0.2.11', '--config', config, '--resolver', server.server], capture()), EXIT.clean);
    assert.equal(await main(['check', '192.0.2.11', '--config', config, '--resolver', server.server, '--strict'], capture()), EXIT.incomplete);
    const io = capture();
    assert.equal(await main(['check', 'not_an_address!', '--config', config], io), EXIT.usage);
    assert.match(io.stderr.join('\n'), /not an IP address, a CIDR range or a domain/);
  });

  test('a key given in the environment never appears in the output', async () => {
    const io = capture({ SPAMHAUS_DQS_KEY: 'sekritkey123sekritkey12345' });
    const keyed = path.join(dir, 'keyed.yml');
    await writeFile(keyed, CONFIG.replace('  use: none', '  use: none\n  skip: []').replace('    - id: test-bl', '    - spamhaus-zen-dqs\n    - id: test-bl'));
    await main(['check', '--config', keyed, '--resolver', server.server, '--json'], io);
    const all = [...io.stdout, ...io.stderr].join('\n');
    assert.doesNotMatch(all, /sekritkey123sekritkey12345/);
    assert.match(all, /<key>\.zen\.dq\.spamhaus\.net/);
    const flagged = capture();
    await main(['check', '--config', keyed, '--resolver', server.server, '--spamhaus-dqs-key', 'flagkey456flagkey456flagke'], flagged);
    assert.doesNotMatch([...flagged.stdout, ...flagged.stderr].join('\n'), /flagkey456flagkey456flagke/);
    assert.doesNotMatch(flagged.stdout.join('\n'), /needs a Spamhaus DQS key/, 'the flag turns the DQS lists on');
  });

  test('validate: a broken config exits 2 with file:line:column errors', async () => {
    const bad = path.join(dir, 'bad.yml');
    await writeFile(bad, 'monitors:\n  - name: mx\n    adress: 192.0.2.1\n');
    const io = capture();
    assert.equal(await main(['validate', '--config', bad], io), EXIT.usage);
    assert.match(io.stderr.join('\n'), /bad\.yml:3:5: error: unknown key 'adress' in monitors\[0\]; did you mean 'address'\?/);
    const ok = capture();
    assert.equal(await main(['validate', '--config', config], ok), EXIT.clean);
    assert.equal(await main(['check', '--config', path.join(dir, 'missing.yml')], capture()), EXIT.usage);
    assert.equal(await main(['frobnicate'], capture()), EXIT.usage);
  });

  // The bundle is committed and CI checks it is fresh, so under CI=true a missing one fails.
  const bundle = path.join(root, 'dist/cli/index.js');
  const bundleSkip = existsSync(bundle) || process.env.CI === 'true' ? false : 'dist/cli/index.js is not built (npm run build); skipped here, mandatory under CI=true';
  test('the bundled CLI (dist/cli/index.js) runs as a process', { skip: bundleSkip }, async () => {
    assert.ok(existsSync(bundle), 'dist/cli/index.js is missing: run npm run build');
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, [bundle, 'check', '--config', config, '--resolver', server.server, '--json'], (err, stdout) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout }),
      );
    });
    assert.equal(result.code, EXIT.listed);
    assert.equal((JSON.parse(result.stdout) as Report).summary.listed, 2);
  });
});

describe('exit codes and output as a shell sees them (no DNS server needed)', () => {
  let empty: string;
  before(async () => {
    empty = await mkdtemp(path.join(tmpdir(), 'bp-cli-empty-'));
  });
  after(() => rm(empty, { recursive: true, force: true }));

  test('check refuses a range over settings.max-range, 0.0.0.0/0 and ::/0 with exit 2, before any query', async () => {
    const r = await cli(['check', '0.0.0.0/0', '::/0', '10.0.0.0/8', '--resolver', DEAD_RESOLVER], { cwd: empty });
    assert.equal(r.code, EXIT.usage, r.stderr);
    assert.equal(r.stderr.match(/the limit is 4096 \(settings\.max-range\)/g)?.length, 3, r.stderr);
    assert.equal(r.stdout, '', 'nothing was checked, so no report');

    const small = path.join(empty, 'small.yml');
    await writeFile(small, 'monitors:\n  - { name: mx1, address: 192.0.2.10 }\nsettings: { max-range: 256 }\n');
    for (const args of [['192.0.2.1', '198.51.100.0/23'], ['198.51.100.0/23', '--json']]) {
      const io = capture();
      assert.equal(await main(['check', ...args, '--config', small, '--resolver', DEAD_RESOLVER], io), EXIT.usage, args.join(' '));
      assert.match(io.stderr.join('\n'), /198\.51\.100\.0\/23 has 512 addresses; the limit is 256/);
      assert.deepEqual(io.stdout, [], `check ${args.join(' ')}: no target is checked when one is refused`);
    }
  });

  test("ad-hoc targets are warned about, not the config's monitors", async () => {
    const config = path.join(empty, 'reserved.yml');
    await writeFile(config, 'monitors:\n  - { name: mx1, address: 192.0.2.10 }\n  - { name: lan, range: 10.0.0.0/30 }\n');
    const io = capture();
    await main(['check', '8.8.8.8', '100.64.1.1', '--config', config, '--resolver', DEAD_RESOLVER, '--json'], io);
    const stderr = io.stderr.join('\n');
    assert.doesNotMatch(stderr, /192\.0\.2\.10|10\.0\.0\.0/, 'the monitors in the config are not checked, so not warned about');
    assert.match(stderr, /warning: 100\.64\.1\.1 is in carrier-grade NAT/);
    assert.doesNotMatch(stderr, /8\.8\.8\.8 is in/);
    const all = capture();
    await main(['check', '--config', config, '--resolver', DEAD_RESOLVER, '--json'], all);
    assert.match(all.stderr.join('\n'), /192\.0\.2\.10 is in a documentation range/, 'checking the monitors warns about them');
  });

  test('with --resolver given, the hints name that resolver instead of suggesting one', async () => {
    const config = path.join(empty, 'one.yml');
    await writeFile(config, 'monitors:\n  - { name: mx1, address: 8.8.8.8 }\nlists: { use: none, add: [spamcop] }\nsettings: { tries: 1 }\n');
    const io = capture();
    await main(['check', '--config', config, '--resolver', DEAD_RESOLVER], io);
    const out = io.stdout.join('\n');
    assert.match(out, /NOTHING WAS CHECKED/);
    assert.match(out, /the resolver you gave \(127\.0\.0\.1:9\)/);
    assert.doesNotMatch(out, /pass --resolver|settings\.resolvers/);
  });

  test('an explicit --config that does not exist is an error for every command', async () => {
    const missing = path.join(empty, 'missing.yml');
    for (const args of [['check'], ['check', '192.0.2.1'], ['check', 'example.com', '--json'], ['run', '--dry-run'], ['validate']]) {
      const io = capture();
      assert.equal(await main([...args, '--config', missing, '--resolver', DEAD_RESOLVER], io), EXIT.usage, `${args.join(' ')} --config missing.yml`);
      assert.match(io.stderr.join('\n'), /missing\.yml not found/);
      assert.deepEqual(io.stdout, []);
    }
  });

  test('without monitors.yml, ad-hoc targets use the default lists; --json stdout is only JSON, warnings go to stderr', async () => {
    const r = await cli(['check', '192.0.2.1', 'example.com', '--json', '--resolver', DEAD_RESOLVER], { cwd: empty });
    assert.notEqual(r.code, EXIT.usage, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.equal(report.summary.targets, 2);
    assert.equal(report.generator, `blacklist-patrol ${pkg.version}`);
    assert.ok(report.summary.listsTotal > 10, 'the default lists');
    assert.match(r.stderr, /could not look up the MX records of example\.com/, 'the warning is on stderr, not in the JSON');
  });
});

/** A Node.js older than package.json's engines on this machine (OLD_NODE, the PATH, the usual places). */
function olderNode(needed: number): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/bin', '/usr/bin', '/bin'];
  const candidates = [process.env.OLD_NODE, ...dirs.map((d) => d && path.join(d, 'node'))].filter((c): c is string => Boolean(c) && existsSync(c as string));
  for (const bin of new Set(candidates)) {
    try {
      const major = Number(/^v(\d+)/.exec(execFileSync(bin, ['--version'], { encoding: 'utf8' }))?.[1]);
      if (major < needed) return bin;
    } catch {
      // not a runnable node; try the next
    }
  }
  return null;
}

describe('on a Node.js older than the one required', () => {
  const needed = Number(/\d+/.exec(pkg.engines.node)?.[0]);
  const old = olderNode(needed);
  const noOld = old ? false : `no Node.js older than ${needed} on this machine (set OLD_NODE=/path/to/node to run this)`;
  const oneLine = new RegExp(`^blacklist-patrol needs Node\\.js ${needed} or newer, but this is Node\\.js v\\d+\\.\\d+\\.\\d+ \\(.+\\): install Node ${needed} .*\\n$`);

  test('every npm script checks the Node version first', () => {
    for (const [name, script] of Object.entries(pkg.scripts)) assert.match(script, /^node scripts\/check-node\.cjs && /, `npm run ${name}`);
  });

  test('the check passes silently on this Node', async () => {
    const r = await cli([], { script: path.join(root, 'scripts/check-node.cjs') });
    assert.deepEqual(r, { code: 0, stdout: '', stderr: '' });
  });

  test('npm start, npm test and npm run demo say in one line which Node is needed and which is running', { skip: noOld }, async () => {
    const bin = path.dirname(old ?? '');
    const env = { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, npm_config_update_notifier: 'false' };
    // npm as installed with that Node; without one, the script every npm script runs first.
    const runs = existsSync(path.join(bin, 'npm'))
      ? await Promise.all([['start'], ['test'], ['run', 'demo']].map((args) => run(path.join(bin, 'npm'), ['--silent', ...args], { env })))
      : [await cli([], { node: old ?? '', script: path.join(root, 'scripts/check-node.cjs') })];
    for (const r of runs) {
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, oneLine);
      assert.doesNotMatch(r.stderr + r.stdout, /ERR_UNKNOWN_FILE_EXTENSION|Could not find/);
    }
  });

  const bundle = path.join(root, 'dist/cli/index.js');
  const built = !existsSync(bundle)
    ? 'dist/cli/index.js is not built (npm run build)'
    : readFileSync(bundle, 'utf8').includes(' needs Node.js ')
      ? false
      : 'dist/cli/index.js was built before the Node check (npm run build)';
  test('the bundled CLI says so too, and exits 2', { skip: noOld || built }, async () => {
    const r = await cli(['check', '192.0.2.1'], { node: old ?? '', script: bundle });
    assert.equal(r.code, EXIT.usage);
    assert.match(r.stderr, oneLine);
    assert.equal(r.stdout, '');
  });
});

describe('--version', () => {
  test('prints the version of package.json, as the JSON report carries it', async () => {
    const r = await cli(['--version']);
    assert.deepEqual(r, { code: 0, stdout: `blacklist-patrol ${pkg.version}\n`, stderr: '' });
  });
});
