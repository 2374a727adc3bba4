// Chat alerts: the platform-neutral model, and its Slack, Teams, Discord and generic webhook
// renderings within each platform's documented limits, with hostile and oversized input.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildChatAlert, chatDue, type AlertInput, type ChatAlert } from '../../src/render/chat/alert.ts';
import { renderSlack, slackEscape, type SlackPayload } from '../../src/render/chat/slack.ts';
import { discordEscape, renderDiscord, type DiscordPayload } from '../../src/render/chat/discord.ts';
import { renderTeams, teamsText, type TeamsPayload } from '../../src/render/chat/teams.ts';
import { renderWebhook, WEBHOOK_SCHEMA } from '../../src/render/chat/webhook.ts';
import { findList } from '../../src/dnsbl/catalog.ts';
import { chatDeliveryId } from '../../src/notify/chat-delivery.ts';
import { OURS, discordProblems, slackProblems, teamsProblems, worstInput } from '../helpers/chat-platforms.ts';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** Every string anywhere in a JSON value. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

function small(over: Partial<AlertInput> = {}): AlertInput {
  const spamcop = findList('spamcop');
  const psbl = findList('psbl');
  assert.ok(spamcop && psbl);
  return {
    date: new Date('2026-11-28T06:17:00Z'),
    dryRun: false,
    changes: [
      { target: '203.0.113.10', monitor: 'mx1', kind: 'new', added: ['spamcop'], removed: [], recoded: [], before: undefined, after: undefined },
      { target: '203.0.113.11', monitor: 'mx2', kind: 'still', added: [], removed: [], recoded: [], before: undefined, after: undefined },
      {
        target: '203.0.113.12',
        monitor: 'mx3',
        kind: 'delisted',
        added: [],
        removed: ['psbl'],
        recoded: [],
        before: { monitor: 'mx3', listings: { psbl: { codes: ['127.0.0.2'], since: '2026-11-16T06:00:00Z' } }, clean: {} },
        after: undefined,
      },
    ],
    state: {
      '203.0.113.10': { monitor: 'mx1', listings: { spamcop: { codes: ['127.0.0.2'], since: '2026-11-28T06:17:00Z', meanings: ['reported by users'], txt: ['see url'] } }, clean: {} },
      '203.0.113.11': { monitor: 'mx2', listings: { psbl: { codes: ['127.0.0.2'], since: '2026-11-25T06:00:00Z', meanings: ['spam trap hits'] } }, clean: {} },
    },
    lists: [
      { id: 'spamcop', name: 'SpamCop', zone: 'bl.spamcop.net', status: 'ok' },
      { id: 'psbl', name: 'PSBL', zone: 'psbl.surriel.com', status: 'ok' },
      { id: 'spamhaus-zen-dqs', name: 'Spamhaus ZEN', zone: '<key>.zen.dq.spamhaus.net', status: 'skipped', reason: 'needs a Spamhaus DQS key', fix: 'get a free DQS key' },
    ],
    listDefs: new Map([['spamcop', spamcop], ['psbl', psbl]]),
    issueUrl: (t) => (t === '203.0.113.10' ? 'https://github.com/o/r/issues/7' : undefined),
    run: { id: '123', url: 'https://github.com/o/r/actions/runs/123' },
    ...over,
  };
}

describe('the chat alert model', () => {
  test('what changed, what is still listed and what was delisted, in that order, with days and links', () => {
    const a = buildChatAlert(small());
    assert.deepEqual(a.targets.map((t) => [t.target, t.kind, t.days]), [
      ['203.0.113.10', 'new', 0],
      ['203.0.113.12', 'delisted', 12],
      ['203.0.113.11', 'still', 3],
    ]);
    assert.deepEqual(a.totals, { listed: 2, new: 1, changed: 0, delisted: 1, still: 1 });
    assert.equal(a.targets[0]?.issueUrl, 'https://github.com/o/r/issues/7');
    assert.deepEqual(a.targets[0]?.listings[0], {
      list: 'spamcop',
      name: 'SpamCop',
      codes: ['127.0.0.2'],
      meanings: ['reported by users'],
      txt: ['see url'],
      severity: 'high',
      since: '2026-11-28T06:17:00Z',
      change: 'added',
      delistUrl: 'https://www.spamcop.net/bl.shtml',
    });
    assert.equal(a.coverage.line, 'checked 2 of 3 lists; not checked: Spamhaus ZEN (needs a Spamhaus DQS key)');
    assert.deepEqual(a.coverage.notChecked, [{ reason: 'needs a Spamhaus DQS key', fix: 'get a free DQS key', lists: ['Spamhaus ZEN'] }]);
    assert.equal(a.run?.url, 'https://github.com/o/r/actions/runs/123');
  });

  test('only http(s) links survive; TXT, names and meanings are bounded and lose control characters', () => {
    const a = buildChatAlert(worstInput({ targets: 3, delisted: 1, lists: 2 }));
    const t1 = a.targets.find((t) => t.target === '198.51.0.1');
    assert.ok(t1);
    assert.equal(t1.issueUrl, undefined, 'javascript: issue link dropped');
    assert.equal(t1.listings.find((l) => l.list === 'evil-0')?.delistUrl, undefined, 'javascript: removal link dropped');
    for (const l of a.targets.flatMap((t) => t.listings)) {
      assert.ok(l.txt.length <= 3 && l.txt.every((x) => x.length <= 300), 'TXT bounded');
      assert.ok(l.name.length <= 100 && l.meanings.every((m) => m.length <= 200));
    }
    assert.ok(!strings(a).some((s) => CONTROL.test(s.replace(/\n/g, ''))), 'no control characters anywhere');
  });

  test('severities: listings below them are left out, and a target with nothing left is not mentioned', () => {
    const input = worstInput({ targets: 3, lists: 2 });
    const all = buildChatAlert(input);
    const high = buildChatAlert({ ...input, severities: ['high'] });
    assert.ok(all.targets.every((t) => t.listings.some((l) => l.severity === 'info')));
    assert.ok(high.targets.every((t) => t.listings.every((l) => l.severity === 'high')));
    const none = buildChatAlert({ ...input, severities: ['low'] });
    assert.equal(none.targets.length, 0);
    assert.equal(chatDue('changes', none), false, 'a change only on lists nobody asked about is no reason to post');
  });

  test('notify.chat.when: always, listed, changes, never', () => {
    const changed = buildChatAlert(small());
    const still = buildChatAlert(small({ changes: [], state: { '203.0.113.11': small().state['203.0.113.11']! } }));
    const clear = buildChatAlert(small({ changes: [], state: {} }));
    const due = (a: ChatAlert): boolean[] => (['always', 'listed', 'changes', 'never'] as const).map((w) => chatDue(w, a));
    assert.deepEqual(due(changed), [true, true, true, false]);
    assert.deepEqual(due(still), [true, true, false, false]);
    assert.deepEqual(due(clear), [true, false, false, false]);
  });
});

describe('escaping for each platform', () => {
  test('Slack mrkdwn: control characters as entities, formatting as look-alikes, no mention or autolink', () => {
    const s = slackEscape('<!channel> & <@U1> *b* _i_ ~s~ `c` @here https://evil.example www.evil.example');
    assert.equal(s, '&lt;!channel&gt; &amp; &lt;@\u200bU1&gt; \u2217b\u2217 \u02cdi\u02cd \u223cs\u223c \u02cbc\u02cb @\u200bhere https:\u200b//evil.example www\u200b.evil.example');
  });

  test('Discord markdown: every markdown character escaped, no mention or autolink', () => {
    const s = discordEscape('@everyone <@&123> [x](https://evil.example) ||sp|| # h *b* _i_ `c` ~s~ > q');
    assert.equal(s, '@\u200beveryone \\<@\u200b&123\\> \\[x\\]\\(https:\u200b//evil.example\\) \\|\\|sp\\|\\| \\# h \\*b\\* \\_i\\_ \\`c\\` \\~s\\~ \\> q');
  });

  test('Teams TextRun: no autolink, no {{DATE()}} expansion, no control characters', () => {
    assert.equal(teamsText('{{DATE(2017-02-14T06:08:39Z,SHORT)}} https://evil.example\u001b[31m'), '{\u200b{DATE(2017-02-14T06:08:39Z,SHORT)}} https:\u200b//evil.example\uFFFD[31m');
  });
});

describe('Slack payload', () => {
  test('a small run: fallback text, a header, one section per target, coverage', () => {
    const p = renderSlack(buildChatAlert(small()));
    assert.deepEqual(slackProblems(p), []);
    assert.equal(p.text, 'Blacklist Patrol: 2 addresses listed (1 new), 1 delisted · 2026-11-28');
    assert.equal(p.blocks[0]?.type, 'header');
    const texts = p.blocks.flatMap((b) => (b.type === 'section' ? [b.text.text] : b.type === 'context' ? b.elements.map((e) => e.text) : []));
    assert.ok(texts.some((t) => t.startsWith('*Newly listed:* `203.0.113.10` (mx1) · new · <https://github.com/o/r/issues/7|issue>')));
    assert.ok(texts.some((t) => t.includes('*Delisted:* `203.0.113.12` (mx3) · delisted after 12 days')));
    assert.ok(texts.some((t) => t === 'Not checked: Spamhaus ZEN (needs a Spamhaus DQS key)'));
    assert.ok(texts.some((t) => t.includes('<https://github.com/o/r/actions/runs/123|workflow run>')));
  });

  test('worst case: hundreds of targets and hostile text stay within every limit, summarised, with nothing live', () => {
    const alert = buildChatAlert(worstInput({ targets: 400, delisted: 50, lists: 30 }));
    const p: SlackPayload = renderSlack(alert);
    assert.deepEqual(slackProblems(p), []);
    assert.ok(JSON.stringify(p.blocks).length <= 12_000, 'under the aggregate that trips msg_blocks_too_long');
    const sections = p.blocks.filter((b) => b.type === 'section').map((b) => b.text.text);
    const shown = sections.filter((t) => /^\*(Newly listed|Listing changed|Delisted|Still listed):\*/.test(t)).length;
    assert.ok(shown >= 3, `shows some targets (${shown})`);
    assert.ok(sections.some((t) => t.startsWith(`… and ${450 - shown} more`)), 'counts the rest');
    for (const b of p.blocks) {
      const objects = b.type === 'section' ? [b.text] : b.type === 'context' ? b.elements : [];
      for (const o of objects) {
        if (o.type === 'mrkdwn') assert.equal(o.verbatim, true);
        const links = [...o.text.matchAll(/<([^>]*)>/g)].map((m) => m[1] ?? '');
        for (const l of links) assert.match(l.split('|')[0] ?? '', OURS, 'a <…> sequence is only ever one of our links');
      }
    }
    const all = strings(p).join('\n');
    assert.doesNotMatch(all, /@(everyone|here|channel)/);
    assert.doesNotMatch(all, /javascript:|:\/\/evil|www\.evil/, 'hostile URLs arrive as text, not links');
    assert.ok(!CONTROL.test(all), 'no control characters');
  });
});

describe('Discord payload', () => {
  test('a small run: content line, one embed per kind, coverage, mentions off', () => {
    const p = renderDiscord(buildChatAlert(small()));
    assert.deepEqual(discordProblems(p), []);
    assert.deepEqual(p.allowed_mentions, { parse: [] });
    assert.equal(p.content, '**Blacklist Patrol: 2 addresses listed (1 new), 1 delisted · 2026-11-28**');
    assert.deepEqual(p.embeds.map((e) => e.title), ['Newly listed (1)', 'Delisted (1)', 'Still listed (1)', 'Checked 2 of 3 lists']);
    assert.equal(p.embeds[0]?.fields?.[0]?.name, '203.0.113.10 · mx1');
    assert.match(p.embeds[0]?.fields?.[0]?.value ?? '', /^new · \[issue\]\(https:\/\/github\.com\/o\/r\/issues\/7\)\n• \*\*SpamCop\*\* 127\.0\.0\.2 — reported by users/);
  });

  test('worst case: within 10 embeds, 25 fields, 1024 per value and 6000 in all; escaped; links only ours', () => {
    const alert = buildChatAlert(worstInput({ targets: 400, delisted: 50, lists: 30 }));
    const p: DiscordPayload = renderDiscord(alert);
    assert.deepEqual(discordProblems(p), []);
    const fields = p.embeds.flatMap((e) => e.fields ?? []);
    assert.ok(fields.length >= 1);
    assert.ok(p.embeds.some((e) => e.description?.includes(`… and ${450 - fields.length} more`)), 'counts the rest');
    const all = strings(p).join('\n');
    assert.doesNotMatch(all, /@(everyone|here)/);
    assert.doesNotMatch(all, /(?<!\\)<[@#t]/, 'no live <@…>, <#…> or <t:…>');
    const links = [...all.matchAll(/(?<!\\)\]\(([^)]*)\)/g)].map((m) => m[1] ?? '');
    assert.ok(links.length > 0);
    for (const l of links) assert.match(l, OURS);
    const text = strings(p).filter((x) => !OURS.test(x)).join('\n').replace(/(?<!\\)\]\([^)]*\)/g, '');
    assert.doesNotMatch(text, /:\/\/|www\.evil/, 'no bare URL outside our links');
    assert.ok(!CONTROL.test(all));
  });
});

describe('Teams payload', () => {
  test('a small run: the message envelope around an Adaptive Card 1.4, a run button', () => {
    const p = renderTeams(buildChatAlert(small()));
    assert.deepEqual(teamsProblems(p), []);
    const card = p.attachments[0].content;
    assert.equal(card.version, '1.4');
    assert.deepEqual(card.actions, [{ type: 'Action.OpenUrl', title: 'Open the workflow run', url: 'https://github.com/o/r/actions/runs/123' }]);
    const texts = card.body.map((e) => (e.type === 'TextBlock' ? e.text : e.inlines.map((r) => r.text).join('')));
    assert.ok(texts.includes('Blacklist Patrol: 2 addresses listed (1 new), 1 delisted'));
    assert.ok(texts.includes('203.0.113.10 (mx1) · new · issue'));
    assert.ok(texts.includes('• SpamCop 127.0.0.2 — reported by users · request removal'));
  });

  test('worst case: under the size limit, untrusted text only in TextRuns, links only ours', () => {
    const alert = buildChatAlert(worstInput({ targets: 400, delisted: 50, lists: 30 }));
    const p: TeamsPayload = renderTeams(alert);
    assert.deepEqual(teamsProblems(p), []);
    assert.ok(Buffer.byteLength(JSON.stringify(p)) <= 20_000);
    const body = p.attachments[0].content.body;
    const textBlocks = body.filter((e) => e.type === 'TextBlock').map((e) => e.text);
    assert.ok(textBlocks.some((t) => /^… and \d+ more/.test(t)), 'counts the rest');
    for (const t of textBlocks) assert.doesNotMatch(t, /Evil|everyone|channel|evil\.example/, 'TextBlocks (markdown) hold only our words');
    const urls = [...JSON.stringify(p).matchAll(/"url":"([^"]*)"/g)].map((m) => m[1] ?? '');
    for (const u of urls) assert.match(u, OURS);
    const runs = body.flatMap((e) => (e.type === 'RichTextBlock' ? e.inlines.map((r) => r.text) : []));
    assert.ok(runs.some((r) => r.includes('<!channel>')), 'hostile text arrives as text');
    assert.doesNotMatch(runs.join('\n'), /:\/\/|\{\{/);
    assert.ok(!CONTROL.test(strings(p).join('\n')));
  });
});

describe('generic webhook payload', () => {
  test('versioned, with the delivery id, the summary and every target of a small run', () => {
    const p = renderWebhook(buildChatAlert(small()), 'd-1');
    assert.equal(p.schema, WEBHOOK_SCHEMA);
    assert.equal(p.delivery, 'd-1');
    assert.equal(p.summary.headline, '2 addresses listed (1 new), 1 delisted');
    assert.deepEqual({ listed: p.summary.listed, new: p.summary.new, delisted: p.summary.delisted }, { listed: 2, new: 1, delisted: 1 });
    assert.equal(p.targets.length, 3);
    assert.equal(p.omitted, 0);
  });

  test('docs/webhook.md shows what the renderer sends', () => {
    const doc = readFileSync(new URL('../../docs/webhook.md', import.meta.url), 'utf8');
    const example = /### Example[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.ok(example, 'the doc has a JSON example');
    const spamcop = findList('spamcop');
    const psbl = findList('psbl');
    assert.ok(spamcop && psbl);
    const alert = buildChatAlert({
      date: new Date('2026-11-28T06:17:00Z'),
      dryRun: false,
      changes: [
        { target: '203.0.113.10', monitor: 'mx1', kind: 'new', added: ['spamcop'], removed: [], recoded: [], before: undefined, after: undefined },
        {
          target: '203.0.113.12',
          monitor: 'mx3',
          kind: 'delisted',
          added: [],
          removed: ['psbl'],
          recoded: [],
          before: { monitor: 'mx3', listings: { psbl: { codes: ['127.0.0.2'], since: '2026-11-16T06:00:00Z', meanings: ['spam trap hits'] } }, clean: {} },
          after: undefined,
        },
      ],
      state: {
        '203.0.113.10': {
          monitor: 'mx1',
          listings: { spamcop: { codes: ['127.0.0.2'], since: '2026-11-28T06:17:00Z', meanings: ['reported by users'], txt: ['Blocked - see https://www.spamcop.net/bl.shtml?203.0.113.10'] } },
          clean: {},
        },
      },
      lists: [
        { id: 'spamcop', name: 'SpamCop', zone: 'bl.spamcop.net', status: 'ok' },
        { id: 'psbl', name: 'PSBL', zone: 'psbl.surriel.com', status: 'ok' },
        { id: 'spamhaus-zen-dqs', name: 'Spamhaus ZEN', zone: '<key>.zen.dq.spamhaus.net', status: 'skipped', reason: 'needs a Spamhaus DQS key', fix: 'add the spamhaus-dqs-key input (free for low volumes)' },
      ],
      listDefs: new Map([['spamcop', spamcop], ['psbl', psbl]]),
      issueUrl: (t) => ({ '203.0.113.10': 'https://github.com/example/mail-patrol/issues/7', '203.0.113.12': 'https://github.com/example/mail-patrol/issues/5' })[t],
      run: { id: '9876543210', url: 'https://github.com/example/mail-patrol/actions/runs/9876543210' },
      repository: 'example/mail-patrol',
    });
    assert.deepEqual(JSON.parse(example), JSON.parse(JSON.stringify(renderWebhook(alert, chatDeliveryId('example/mail-patrol', '9876543210')))));
  });

  test('worst case: bounded in size and count, the rest counted', () => {
    const p = renderWebhook(buildChatAlert(worstInput({ targets: 900, lists: 10, delisted: 20 })), 'd-1');
    const bytes = Buffer.byteLength(JSON.stringify(p));
    assert.ok(bytes <= 512 * 1024, `${bytes} bytes`);
    assert.ok(p.targets.length > 0 && p.targets.length <= 500);
    assert.equal(p.targets.length + p.omitted, 920);
    assert.ok(!CONTROL.test(strings(p).join('\n')));
  });
});

describe('edge runs', () => {
  test('all clear, and a blind run that checked nothing, say so on every platform', () => {
    const clear = buildChatAlert(small({ changes: [], state: {} }));
    const blind = buildChatAlert(small({ lists: [{ id: 'spamcop', name: 'SpamCop', zone: 'bl.spamcop.net', status: 'unreachable', reason: 'unreachable' }] }));
    assert.match(JSON.stringify(renderSlack(clear)), /all clear[\s\S]*Nothing you watch is listed/);
    assert.match(JSON.stringify(renderDiscord(clear)), /all clear[\s\S]*Nothing you watch is listed/);
    assert.match(JSON.stringify(renderTeams(clear)), /all clear[\s\S]*Nothing you watch is listed/);
    for (const p of [renderSlack(blind), renderDiscord(blind), renderTeams(blind)]) assert.match(JSON.stringify(p), /nothing could be checked[\s\S]*Nothing was checked/);
    assert.equal(renderWebhook(blind, 'd').summary.coverage.blind, true);
  });

  test('a dry run is marked as one', () => {
    const a = buildChatAlert(small({ dryRun: true }));
    assert.match(renderSlack(a).text, /^\[dry run\] /);
    assert.match(renderDiscord(a).content, /\[dry run\]/);
    assert.equal(renderWebhook(a, 'd').dryRun, true);
  });
});

describe('a blind run\'s notice', () => {
  test('says why nothing was checked and what to do, escaped for each platform', () => {
    const why = { reason: 'none of its lists is usable: Evil <!channel> @everyone [x](https://evil.example)', fix: 'check the resolver' };
    const a = buildChatAlert(small({ changes: [], state: {}, blind: why }));
    assert.equal(a.coverage.blind, true);
    assert.equal(a.coverage.why, 'none of its lists is usable: Evil <!channel> @everyone [x](https://evil.example). What to do: check the resolver');
    const slack = strings(renderSlack(a)).join('\n');
    assert.match(slack, /\*Nothing was checked:\* none of its lists is usable: Evil &lt;!channel&gt; @\u200beveryone .*What to do: check the resolver/);
    assert.doesNotMatch(slack, /<!channel>|@everyone/);
    const discord = strings(renderDiscord(a)).join('\n');
    assert.match(discord, /\*\*Nothing was checked:\*\* none of its lists is usable: Evil \\<!channel\\> @\u200beveryone \\\[x\\\]\\\(https:\u200b\/\/evil\.example\\\)/);
    const teams = renderTeams(a).attachments[0].content.body;
    const notice = teams.find((b) => b.type === 'RichTextBlock' && b.inlines.some((r) => r.text.includes('none of its lists is usable')));
    assert.ok(notice, 'untrusted text only in a TextRun');
    assert.equal(renderWebhook(a, 'd').summary.coverage.why, a.coverage.why);
  });
});
