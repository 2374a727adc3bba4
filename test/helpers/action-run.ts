// Runs the Action in this process as the runner would start it: inputs and GitHub's variables in
// the environment, stdout captured (annotations, masks and logs are workflow commands there).
import { run } from '../../src/main.ts';

export interface ActionRun {
  /** process.exitCode after the run (1: the step failed). */
  code: number;
  /** Everything the Action printed. */
  stdout: string;
}

/** The environment is restored afterwards; process.exitCode is read and cleared. */
export async function runActionWith(env: Record<string, string>): Promise<ActionRun> {
  const saved = { ...process.env };
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  Object.assign(process.env, env);
  process.stdout.write = (chunk: string | Uint8Array): boolean => (lines.push(String(chunk)), true);
  try {
    await run();
  } finally {
    process.stdout.write = write;
    process.env = saved;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, stdout: lines.join('') };
}
