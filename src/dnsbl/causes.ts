// Why listings happen: a small, fixed vocabulary. Every code meaning in the catalog names one
// cause, so a report can tell an operator what is wrong and what to change, only for the codes
// this target actually got. Data only; wording for issues and emails is the renderers' job.
// Whether a listing is alarming is its code's severity (info, low ...), not its cause.
import type { CauseId, CodeMeaning } from '../model.ts';

export interface Cause {
  /** Short label, as a mail admin would say it. */
  label: string;
  /** The concrete fix an operator applies (before asking for removal). */
  fix: string;
}

export const CAUSES: Readonly<Record<CauseId, Cause>> = {
  exploited: {
    label: 'Exploited or infected host',
    fix:
      'Find the infected machine or hijacked account sending from this address (outbound connections to port 25 ' +
      'from anything but your mail server are the usual sign), clean or rebuild it, change its passwords, and ' +
      'block outbound port 25 for everything except the mail server.',
  },
  'open-service': {
    label: 'Open proxy, relay or resolver',
    fix:
      'Close the open service: require authentication for relaying, and do not expose SOCKS/HTTP proxies or a ' +
      'recursive DNS resolver to the internet. Test from outside that it now refuses strangers.',
  },
  credentials: {
    label: 'Logins with stolen or guessed passwords',
    fix:
      'Something at this address tries to log in to other servers (SMTP AUTH, IMAP, SSH) or sends with stolen ' +
      'credentials: find and remove the bot or attack tool, reset the passwords of any account it used, and rate-limit ' +
      'outbound authentication.',
  },
  attacks: {
    label: 'Attack traffic (scans, exploits, floods)',
    fix:
      'Find the process making the reported connections (the list names the service attacked), remove it, and ' +
      'patch the host; a server that attacks others is usually compromised.',
  },
  'spam-traps': {
    label: 'Mail to spam traps',
    fix:
      'Mail from this address reached addresses that never asked for mail: find the source (a compromised ' +
      'account or script, a bought or old list, a web form abused for sign-ups), stop it, and send only to ' +
      'confirmed opt-in recipients.',
  },
  'user-reports': {
    label: 'Recipients reported it as spam',
    fix:
      'Recipients marked this mail as spam: send only to people who asked for it, make unsubscribing one click ' +
      '(List-Unsubscribe), and stop mailing those who complained.',
  },
  'spam-source': {
    label: 'Spam sent or hosted here',
    fix:
      "Read the list's record for this listing: it names what was seen. Stop the spam operation or the customer " +
      'behind it before asking for removal.',
  },
  reputation: {
    label: 'Poor sending reputation',
    fix:
      'Reputation comes from what receivers see: check volume spikes, bounces and complaints, authenticate all mail ' +
      '(SPF, DKIM, DMARC), and send only wanted mail; it recovers as clean mail is seen.',
  },
  'bulk-mail': {
    label: 'Bulk-mail practices',
    fix:
      'Send bulk mail only to confirmed opt-in recipients, honour unsubscribes at once (List-Unsubscribe), and drop ' +
      'addresses that bounce or never engage.',
  },
  backscatter: {
    label: 'Backscatter (bounces to forged senders)',
    fix:
      'Reject unwanted mail during the SMTP session instead of accepting it and bouncing later; do not send ' +
      'autoreplies or virus notices to forged senders, and turn off sender callouts.',
  },
  misconfiguration: {
    label: 'Mail server misconfiguration',
    fix:
      'Fix the setup the list names: a HELO name that resolves, standards-compliant SMTP, bounces sent to the ' +
      'real sender only, and no relaying for strangers.',
  },
  policy: {
    label: 'Policy listing: end-user or dynamic range',
    fix:
      'The range is marked as one that should not send mail directly. Send through your provider\'s relay, or ' +
      'move the server to a static address with matching reverse DNS and ask for removal as a mail server.',
  },
  'no-rdns': {
    label: 'Missing or generic reverse DNS',
    fix:
      'Ask whoever owns the address (your provider) for a PTR record naming the mail server, such as ' +
      'mail.example.com, and make that name resolve back to the same address (forward-confirmed reverse DNS).',
  },
  neighbourhood: {
    label: 'Neighbouring addresses or the provider network',
    fix:
      'The listing covers other addresses around yours: only the provider who owns the range can clean it up. ' +
      'Ask them to act on the abuse, or move the mail server to a cleaner range.',
  },
  'domain-in-spam': {
    label: 'Domain seen in spam',
    fix:
      'Find where the domain appears in spam: links in your own campaigns, a spammer advertising or spoofing you, ' +
      'or a redirect on your site. Stop it, enforce DMARC (p=quarantine or reject), then ask for removal.',
  },
  'malicious-content': {
    label: 'Phishing, malware or fraud',
    fix:
      'Remove the phishing page, malware or fraud content (often on a hacked site or account), find how it got ' +
      'there and close that hole, then ask for removal.',
  },
  'compromised-site': {
    label: 'Compromised or abused website',
    fix:
      'Clean the hacked site: update the CMS and plugins, remove injected pages, close open redirects and URL ' +
      'shorteners that spammers use, then ask for removal.',
  },
  'new-domain': {
    label: 'New or newly seen domain',
    fix: 'Nothing to fix: new domains are flagged for a while and the listing clears by itself as the domain ages.',
  },
  uncategorised: {
    label: 'Reason not categorised',
    fix: "Look the listing up on the list's page: it says why, and what it expects before removal.",
  },
};

/** The cause of one meaning; a meaning without one (custom lists) is uncategorised. */
export function causeOf(meaning: Pick<CodeMeaning, 'cause'>): CauseId {
  return meaning.cause ?? 'uncategorised';
}

/** The distinct causes behind some meanings, in order of first appearance. */
export function causesOf(meanings: readonly Pick<CodeMeaning, 'cause'>[]): CauseId[] {
  return [...new Set(meanings.map(causeOf))];
}
