// A step of a workflow job as the runner starts it: a new node process with one INPUT_* variable
// per input, GitHub's variables, a RUNNER_TEMP of its own, and the two files the runner creates
// before every step (@actions/core requires them to exist).
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Action from its sources (Node 24 runs the .ts directly). */
export const ACTION_SOURCE = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
/** The committed bundle that action.yml names. */
export const ACTION_BUNDLE = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

export interface StepOptions {
  /** The script to start: ACTION_SOURCE or ACTION_BUNDLE. */
  entry: string;
  /** The workspace: the step's working directory; its RUNNER_TEMP is made inside it. */
  cwd: string;
  runId: string;
  /** Action inputs by their action.yml names ('github-token', 'dry-run'). */
  inputs: Record<string, string>;
  /** More environment (the cache fake's, GITHUB_API_URL); GITHUB_REPOSITORY defaults to octo/mail. */
  env?: Record<string, string>;
}

export interface Step {
  /** The process's exit code (1: the step failed). */
  code: number;
  stdout: string;
  /** What the step wrote to GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. */
  outputs: string;
  summary: string;
  /** The step's RUNNER_TEMP (previews of emails and chat posts are written there). */
  temp: string;
}

export async function runStep(o: StepOptions): Promise<Step> {
  const temp = path.join(o.cwd, `step-${o.runId}`);
  await mkdir(temp, { recursive: true });
  const files = { GITHUB_OUTPUT: path.join(temp, 'output'), GITHUB_STEP_SUMMARY: path.join(temp, 'summary.md') };
  for (const f of Object.values(files)) await writeFile(f, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GITHUB_REPOSITORY: 'octo/mail',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: o.runId,
    GITHUB_RUN_ATTEMPT: '1',
    ...o.env,
    ...files,
    RUNNER_TEMP: temp,
    ...Object.fromEntries(Object.entries(o.inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [o.entry], { cwd: o.cwd, env }, (err, out) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout: out }));
  });
  return { code, stdout, outputs: await readFile(files.GITHUB_OUTPUT, 'utf8'), summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'), temp };
}

/** How @actions/core escapes a command's data (the runner reads it back this way). */
export function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/** The values a step asked the runner to mask, in the order it asked. */
export function maskedValues(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('::add-mask::'))
    .map((l) => unescapeData(l.slice('::add-mask::'.length)));
}
