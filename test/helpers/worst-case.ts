// The largest issue anyone can make us write: hundreds of lists with long ids, names, meanings
// and policies, each answering with many return codes and many long TXT strings, for a 253-octet
// domain watched by a monitor with a long name. Text is made of the characters escaping grows
// most (& becomes &amp;, @ gains a zero-width space, \| gains two backslashes) and of astral
// characters (two UTF-16 units each).
import type { ListDef, Verdict } from '../../src/model.ts';

export const HOSTILE = '&@\\|`<>*_\u{1F4E7}';
export const long = (n: number): string => HOSTILE.repeat(Math.ceil(n / HOSTILE.length)).slice(0, n);

/** A valid 253-octet domain name. */
export const LONG_DOMAIN = `${Array.from({ length: 3 }, (_, i) => `${String(i)}${'a'.repeat(62)}`).join('.')}.${'b'.repeat(61)}`;

export interface WorstCase {
  target: string;
  monitor: string;
  lists: Map<string, ListDef>;
  verdicts: Verdict[];
  coverage: string;
}

/** `lists` lists, each answering `codes` return codes and `txt` TXT strings of `txtLength` characters. */
export function worstCase(opts: { lists?: number; codes?: number; txt?: number; txtLength?: number; offset?: number } = {}): WorstCase {
  const { lists: n = 300, codes = 200, txt = 500, txtLength = 4000, offset = 0 } = opts;
  const target = LONG_DOMAIN;
  const monitor = long(2_000);
  const lists = new Map<string, ListDef>();
  const verdicts: Verdict[] = [];
  // Shared strings: the size is in what we would write, not in this test's memory.
  const [name, meaning, policy, text] = [long(5_000), long(3_000), long(10_000), long(txtLength)];
  for (let i = 0; i < n; i++) {
    const id = `list-${String(i).padStart(4, '0')}-${'x'.repeat(200)}`;
    const answer = Array.from({ length: codes }, (_, c) => `127.0.${Math.floor((c + offset) / 250)}.${((c + offset) % 250) + 2}`);
    lists.set(id, {
      id,
      name,
      zone: `${id}.example`,
      kinds: ['domain'],
      decode: 'exact',
      codes: Object.fromEntries(answer.map((a) => [a, { meaning, severity: 'high' as const }])),
      refusals: {},
      test: { listed: 'test', unlisted: 'invalid' },
      access: 'public',
      scope: 'domain',
      default: false,
      policy,
      delist: `https://example.org/${'d'.repeat(20_000)}`,
    });
    verdicts.push({
      target,
      monitor,
      list: id,
      status: 'listed',
      codes: answer,
      meanings: answer.map(() => meaning),
      txt: Array.from({ length: txt }, () => text),
    });
  }
  return { target, monitor, lists, verdicts, coverage: long(50_000) };
}
