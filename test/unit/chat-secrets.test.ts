// Which parts of a webhook URL are secrets: the tokens that grant posting rights, in every form a
// server may echo; not the plain words around them, which masking would garble in every log line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatSecretForms, chatSecretValues } from '../../src/notify/chat.ts';
import { webhookRedactor } from '../../src/notify/webhook.ts';

test('a path without a token is not a secret; the token in its query is, in every encoding', () => {
  const values = chatSecretValues({ webhook: 'https://relay.example.com/hook?token=RelayToken0123456789' });
  assert.ok(values.includes('RelayToken0123456789'));
  assert.ok(!values.includes('/hook') && !values.includes('relay.example.com/hook'), JSON.stringify(values));
  const forms = chatSecretForms({ slack: 'https://hooks.slack.com/services/T0AAAA111/B0BBBB222/slackToken0123456789abcd', webhookSecret: 'sig&secret/1' });
  for (const f of ['/services/T0AAAA111/B0BBBB222/slackToken0123456789abcd', 'slackToken0123456789abcd', Buffer.from('slackToken0123456789abcd').toString('base64'), 'sig\\u0026secret/1', 'sig&secret\\/1', 'sig%26secret%2F1']) {
    assert.ok(forms.includes(f), f);
  }
});

test('the redactor takes the URL and its token out raw, URL-encoded, JSON-escaped, base64-encoded and in any case', () => {
  const url = 'https://hooks.slack.com/services/T0AAAA111/B0BBBB222/slackToken0123456789abcd';
  const redact = webhookRedactor(chatSecretValues({ slack: url }));
  const echoed = `no_service ${url} ${encodeURIComponent(url)} ${JSON.stringify(url)} ${Buffer.from('slackToken0123456789abcd').toString('base64')} SLACKTOKEN0123456789ABCD`;
  const said = redact(echoed);
  assert.equal(said, 'no_service *** *** "***" *** ***');
});
