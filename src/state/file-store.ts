// Snapshots in a local file: the CLI's `run`, and the demo.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readSnapshotFile, serializeSnapshot, type Snapshot, type StateStore } from './snapshot.ts';

export function fileStore(file: string): StateStore {
  return {
    load: () => readSnapshotFile(file),
    async save(s: Snapshot) {
      const text = serializeSnapshot(s);
      await mkdir(path.dirname(file), { recursive: true });
      // Write then rename: a crash mid-write never leaves half a snapshot.
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, text);
      await rename(tmp, file);
    },
    describe: () => file,
    whyMissing: () => 'first run, or the file was deleted',
  };
}
