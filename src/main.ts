// The Action: inputs → adapters → check → outputs, job summary and report file.
import * as core from '@actions/core';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatDiagnostic, loadConfig } from './config/load.ts';
import { LISTS } from './dnsbl/catalog.ts';
import type { Keys } from './dnsbl/check.ts';
import { createDns } from './dnsbl/resolver.ts';
import { runCheck } from './patrol.ts';
import { coverageLine } from './render/coverage.ts';

/** Inputs parsed once into a typed options object (the actions/stale way). */
export interface ActionOptions {
  config: string;
  keys: Keys;
  resolvers: string[];
  reportPath: string;
}

export function readOptions(): ActionOptions {
  const keys: Keys = {};
  const dqs = core.getInput('spamhaus-dqs-key');
  const abusix = core.getInput('abusix-key');
  // Mask before anything else can print them: a DQS key sits inside every query name.
  if (dqs) {
    core.setSecret(dqs);
    keys['spamhaus-dqs'] = dqs;
  }
  if (abusix) {
    core.setSecret(abusix);
    keys.abusix = abusix;
  }
  const resolvers = core
    .getInput('resolvers')
    .split(/[\s,]+/)
    .filter((s) => s.length > 0);
  const temp = process.env.RUNNER_TEMP ?? '.';
  return {
    config: core.getInput('config') || 'monitors.yml',
    keys,
    resolvers,
    reportPath: core.getInput('report-path') || path.join(temp, 'blacklist-patrol-report.json'),
  };
}

export async function run(): Promise<void> {
  try {
    const opts = readOptions();
    const loaded = await loadConfig(opts.config, { knownListIds: LISTS.map((l) => l.id) });
    for (const w of loaded.warnings) core.warning(w.message, { file: w.file, startLine: w.line, startColumn: w.column });
    if (!loaded.ok) {
      for (const e of loaded.errors) core.error(e.message, { file: e.file, startLine: e.line, startColumn: e.column });
      core.setFailed(`${opts.config} has ${loaded.errors.length} error(s): ${loaded.errors.map(formatDiagnostic).join('; ')}`);
      return;
    }
    const config = loaded.config;
    const servers = opts.resolvers.length > 0 ? opts.resolvers : config.settings.resolvers.map((r) => r.text);
    const dns = createDns({ servers, timeoutMs: config.settings.timeoutMs, tries: config.settings.tries });
    const out = await runCheck({
      config,
      keys: opts.keys,
      dns,
      resolvers: servers.length > 0 ? servers : ['system'],
      now: () => new Date(),
    });
    for (const p of out.problems) core.warning(`${p.monitor}: ${p.message}`);
    await writeFile(opts.reportPath, JSON.stringify(out.report, null, 2));
    core.info(coverageLine(out.lists));
    core.setOutput('listed', out.report.summary.listed);
    core.setOutput('report', opts.reportPath);
  } catch (e) {
    core.setFailed(e instanceof Error ? e.message : String(e));
  }
}
