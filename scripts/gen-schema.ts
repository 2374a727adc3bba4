// Writes monitors.schema.json from the zod schema; --check fails when the file is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { renderJsonSchema } from '../src/config/schema.ts';

const file = new URL('../monitors.schema.json', import.meta.url);
const fresh = renderJsonSchema();
if (process.argv.includes('--check')) {
  const current = await readFile(file, 'utf8').catch(() => '');
  if (current !== fresh) {
    console.error('monitors.schema.json is stale; run npm run build');
    process.exit(1);
  }
} else {
  await writeFile(file, fresh);
}
