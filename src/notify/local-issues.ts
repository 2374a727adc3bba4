// Issues kept in a local folder, for `blacklist-patrol run` without GitHub and for the demo:
// the same lifecycle, written as issues.json plus one readable Markdown file per issue.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { IssueApi, IssueRecord } from './issues.ts';

interface Stored extends IssueRecord {
  labels: string[];
  comments: string[];
}

export const LOCAL_AUTHOR = 'blacklist-patrol (local)';

export function localIssues(dir: string): IssueApi & { all(): Promise<Stored[]> } {
  const file = path.join(dir, 'issues.json');

  async function load(): Promise<Stored[]> {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Stored[];
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return [];
      throw e;
    }
  }

  async function save(issues: Stored[], changed: Stored): Promise<void> {
    await mkdir(dir, { recursive: true });
    const tmp = `${file}.tmp`;
    await writeFile(tmp, `${JSON.stringify(issues, null, 1)}\n`);
    await rename(tmp, file);
    const md = [
      `# #${changed.number} ${changed.title}`,
      '',
      `state: ${changed.state} · labels: ${changed.labels.join(', ')}`,
      '',
      changed.body,
      ...changed.comments.flatMap((c, i) => ['', `---`, `**comment ${i + 1}**`, '', c]),
      '',
    ].join('\n');
    await writeFile(path.join(dir, `issue-${changed.number}.md`), md);
  }

  async function edit(number: number, apply: (i: Stored) => void): Promise<void> {
    const issues = await load();
    const issue = issues.find((i) => i.number === number);
    if (!issue) throw new Error(`no local issue #${number}`);
    apply(issue);
    await save(issues, issue);
  }

  return {
    identity: () => Promise.resolve(LOCAL_AUTHOR),
    async listIssues(label) {
      return (await load()).filter((i) => i.labels.includes(label));
    },
    async create(issue) {
      const issues = await load();
      const number = issues.reduce((n, i) => Math.max(n, i.number), 0) + 1;
      const stored: Stored = {
        number,
        title: issue.title,
        body: issue.body,
        state: 'open',
        author: LOCAL_AUTHOR,
        url: path.join(dir, `issue-${number}.md`),
        labels: issue.labels,
        comments: [],
      };
      issues.push(stored);
      await save(issues, stored);
      return stored;
    },
    update: (number, patch) =>
      edit(number, (i) => {
        if (patch.title !== undefined) i.title = patch.title;
        if (patch.body !== undefined) i.body = patch.body;
        if (patch.state !== undefined) i.state = patch.state;
      }),
    comment: (number, body) => edit(number, (i) => i.comments.push(body)),
    async recentComments(number) {
      return ((await load()).find((i) => i.number === number)?.comments.slice(-100) ?? []).map((body) => ({ author: LOCAL_AUTHOR, body }));
    },
    all: load,
  };
}
