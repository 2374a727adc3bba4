// The demo's chat channel: all four destinations, where "posting" writes each payload to a file
// (chat-slack.json, …) in the run's directory. No network: the URLs are never called.
import { chatAdapter } from '../src/notify/chat.ts';
import type { ChatChannel } from '../src/notify/chat-delivery.ts';
import { title } from '../src/render/chat/alert.ts';

const DEMO_URLS = {
  slack: 'https://hooks.slack.com/services/T00000000/B00000000/demo000000000000000000',
  teams: 'https://prod-00.westeurope.logic.azure.com/workflows/demo/triggers/manual/paths/invoke?sig=demo',
  discord: 'https://discord.com/api/webhooks/000000000000000000/demo',
  webhook: 'https://relay.example.com/blacklist-patrol',
  webhookSecret: 'demo-signing-secret',
};

/** The fallback text of the last alert "posted" (Slack's notification line). */
export let last = '';

export function demoChat(dir: string): ChatChannel {
  const real = chatAdapter({ secrets: DEMO_URLS, previewDir: dir });
  return {
    adapter: {
      ...real,
      async send(alert, deliveryId, only) {
        await real.preview(alert, deliveryId);
        last = title(alert);
        return real.destinations.filter((d) => !only || only.includes(d.kind)).map((d) => ({ kind: d.kind, destination: d.label, status: 'sent' as const, attempts: 1 }));
      },
    },
    settings: { when: 'always' },
    repository: 'example/mail-patrol',
    runUrl: 'https://github.com/example/mail-patrol/actions/runs/1',
  };
}
