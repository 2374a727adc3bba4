// Snapshots in a local file: the CLI's `run`, and the demo.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseSnapshot, serializeSnapshot, type Snapshot, type StateStore } from './snapshot.ts';

export function fileStore(file: string): StateStore {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') return null;
        throw e;
      }
      return parseSnapshot(text);
    },
    async save(s: Snapshot) {
      await mkdir(path.dirname(file), { recursive: true });
      // Write then rename: a crash mid-write never leaves half a snapshot.
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, serializeSnapshot(s));
      await rename(tmp, file);
    },
    describe: () => file,
  };
}
