// What each chat platform accepts, written from its documentation (see src/render/chat/*.ts for
// the sources), independently of the renderers: the unit tests and the local receivers in the
// integration tests reject a payload for the same reasons the real service would.
// Also: alert inputs at their worst (hundreds of targets, huge TXT records, hostile names).
import type { AlertInput } from '../../src/render/chat/alert.ts';
import type { ListDef, ListHealth } from '../../src/model.ts';
import type { TargetChange } from '../../src/state/diff.ts';
import type { TargetsState } from '../../src/state/snapshot.ts';

type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Slack incoming webhook: docs.slack.dev block reference and the text-truncation changelog. */
export function slackProblems(payload: unknown): string[] {
  const p = obj(payload);
  const out: string[] = [];
  if (typeof p.text !== 'string' || p.text.length === 0) out.push('text: a non-empty fallback is required with blocks');
  if (str(p.text).length > 40_000) out.push('text: over 40,000 characters');
  const blocks = arr(p.blocks);
  if (blocks.length > 50) out.push(`blocks: ${blocks.length} > 50`);
  blocks.forEach((b, i) => {
    const block = obj(b);
    const text = obj(block.text);
    if (block.type === 'header') {
      if (text.type !== 'plain_text') out.push(`blocks[${i}]: header text must be plain_text`);
      if (str(text.text).length > 150) out.push(`blocks[${i}]: header over 150`);
    } else if (block.type === 'section') {
      if (str(text.text).length < 1 || str(text.text).length > 3000) out.push(`blocks[${i}]: section text length ${str(text.text).length}`);
    } else if (block.type === 'context') {
      const elements = arr(block.elements);
      if (elements.length < 1 || elements.length > 10) out.push(`blocks[${i}]: context elements ${elements.length}`);
      for (const e of elements) if (str(obj(e).text).length > 3000) out.push(`blocks[${i}]: context text over 3000`);
    } else if (block.type !== 'divider') {
      out.push(`blocks[${i}]: unexpected block type ${String(block.type)}`);
    }
  });
  return out;
}

/** Discord Execute Webhook and Embed Limits (discord-api-docs resources/webhook, resources/message). */
export function discordProblems(payload: unknown): string[] {
  const p = obj(payload);
  const out: string[] = [];
  const embeds = arr(p.embeds);
  if (!p.content && embeds.length === 0) out.push('one of content or embeds is required');
  if (str(p.content).length > 2000) out.push('content over 2000');
  if (embeds.length > 10) out.push(`embeds: ${embeds.length} > 10`);
  let total = 0;
  embeds.forEach((e, i) => {
    const em = obj(e);
    const fields = arr(em.fields);
    if (str(em.title).length > 256) out.push(`embeds[${i}].title over 256`);
    if (str(em.description).length > 4096) out.push(`embeds[${i}].description over 4096`);
    if (fields.length > 25) out.push(`embeds[${i}].fields: ${fields.length} > 25`);
    if (str(obj(em.footer).text).length > 2048) out.push(`embeds[${i}].footer over 2048`);
    total += str(em.title).length + str(em.description).length + str(obj(em.footer).text).length + str(obj(em.author).name).length;
    fields.forEach((f, j) => {
      const fl = obj(f);
      const name = str(fl.name).trim();
      const value = str(fl.value).trim();
      if (name.length < 1 || name.length > 256) out.push(`embeds[${i}].fields[${j}].name length ${name.length}`);
      if (value.length < 1 || value.length > 1024) out.push(`embeds[${i}].fields[${j}].value length ${value.length}`);
      total += name.length + value.length;
    });
  });
  if (total > 6000) out.push(`embeds: ${total} characters in all > 6000`);
  const urls = embeds.map((e) => obj(e).url).filter((u) => typeof u === 'string');
  if (new Set(urls).size !== urls.length) out.push('embeds share a url: Discord shows only the first of them');
  return out;
}

/** Teams Workflows webhook: the message envelope, an Adaptive Card of version ≤ 1.4, ~28 KB in all. */
export function teamsProblems(payload: unknown, raw: string = JSON.stringify(payload)): string[] {
  const p = obj(payload);
  const out: string[] = [];
  if (p.type !== 'message') out.push('type must be "message"');
  const att = arr(p.attachments);
  if (att.length !== 1) out.push(`attachments: ${att.length}, expected one card`);
  const a = obj(att[0]);
  if (a.contentType !== 'application/vnd.microsoft.card.adaptive') out.push('contentType must be the adaptive card type');
  const card = obj(a.content);
  if (card.type !== 'AdaptiveCard') out.push('content.type must be AdaptiveCard');
  if (!/^1\.[0-4]$/.test(str(card.version))) out.push(`card version ${String(card.version)} is above what Workflows renders (1.4)`);
  if (arr(card.body).length === 0) out.push('card body is empty');
  if (Buffer.byteLength(raw, 'utf8') > 28 * 1024) out.push(`payload ${Buffer.byteLength(raw, 'utf8')} bytes > 28 KB`);
  return out;
}

// ------------------------------------------------------------------ hostile input

export const HOSTILE = {
  monitor: '<!channel> @everyone @here <@U024BE7LH> <#C123|x> *bold* _it_ ~s~ `c` [x](https://evil.example) \u001b[31mred\u0007 {{DATE(2017-02-14T06:08:39Z,SHORT)}}',
  list: 'Evil <@&123> || spoiler || # heading <https://evil.example|click> @here\r\nnext',
  meaning: 'listed by <!here> — see https://evil.example/phish and www.evil.example ||x|| <t:0:R>',
  reason: 'needs a key <!channel> @everyone',
  txt: `<script>alert(1)</script> @everyone https://evil.example ${'A'.repeat(100_000)}`,
} as const;

/** URLs a rendered payload may link to: ours (issues, the run, catalog removal pages). */
export const OURS = /^https:\/\/(github\.com\/o\/r\/(issues\/\d+|actions\/runs\/\d+)|bl\.example\.org\/removal\/\d+)$/;

function def(i: number): ListDef {
  return {
    id: `evil-${i}`,
    name: `${HOSTILE.list} ${i}`,
    zone: `bl${i}.example.org`,
    kinds: ['ipv4'],
    decode: 'exact',
    codes: { '127.0.0.2': { meaning: HOSTILE.meaning, severity: i % 2 === 0 ? 'high' : 'info' } },
    refusals: {},
    test: { listed: '127.0.0.2', unlisted: '127.0.0.1' },
    access: 'public',
    scope: 'address',
    default: false,
    delist: i === 0 ? 'javascript:alert(1)' : `https://bl.example.org/removal/${i}`,
  };
}

/** `targets` listed targets (a third new, a third still, a third changed), `delisted` delisted, `lists` lists each. */
export function worstInput(opts: { targets: number; delisted?: number; lists?: number; notChecked?: number }): AlertInput {
  const nLists = opts.lists ?? 8;
  const defs = Array.from({ length: nLists }, (_, i) => def(i));
  const listing = (since: string): TargetsState[string]['listings'][string] => ({ codes: ['127.0.0.2'], since, meanings: [HOSTILE.meaning], txt: [HOSTILE.txt, HOSTILE.txt, HOSTILE.txt, HOSTILE.txt] });
  const state: TargetsState = {};
  const changes: TargetChange[] = [];
  for (let i = 0; i < opts.targets; i++) {
    const target = `198.51.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    const listings = Object.fromEntries(defs.map((d) => [d.id, listing('2026-11-01T00:00:00Z')]));
    state[target] = { monitor: `${HOSTILE.monitor} ${i}`, listings, clean: {} };
    const kind = (['new', 'still', 'changed'] as const)[i % 3]!;
    changes.push({ target, monitor: state[target].monitor, kind, added: kind === 'new' ? defs.map((d) => d.id) : kind === 'changed' ? [defs[0]!.id] : [], removed: [], recoded: [], before: undefined, after: state[target] });
  }
  for (let i = 0; i < (opts.delisted ?? 0); i++) {
    const target = `203.0.113.${i + 1}`;
    const before = { monitor: HOSTILE.monitor, listings: Object.fromEntries(defs.map((d) => [d.id, listing('2026-10-01T00:00:00Z')])), clean: {} };
    changes.push({ target, monitor: HOSTILE.monitor, kind: 'delisted', added: [], removed: defs.map((d) => d.id), recoded: [], before, after: undefined });
  }
  const lists: ListHealth[] = [
    ...defs.map((d) => ({ id: d.id, name: d.name, zone: d.zone, status: 'ok' as const })),
    ...Array.from({ length: opts.notChecked ?? 40 }, (_, i) => ({ id: `down-${i}`, name: `${HOSTILE.list} down ${i}`, zone: 'x', status: 'refused' as const, reason: `${HOSTILE.reason} ${i % 3}`, fix: HOSTILE.reason })),
  ];
  return {
    date: new Date('2026-11-28T06:17:00Z'),
    dryRun: false,
    changes,
    state,
    lists,
    listDefs: new Map(defs.map((d) => [d.id, d])),
    issueUrl: (t) => (t.endsWith('.1') ? 'javascript:alert(1)' : `https://github.com/o/r/issues/${t.split('.').pop()}`),
    run: { id: '123', url: 'https://github.com/o/r/actions/runs/123' },
    repository: 'o/r',
  };
}
