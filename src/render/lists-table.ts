// The catalog as Markdown tables for the README: the default set, then the optional lists.
// Each row says what the list checks, its codes (informational ones marked), how its listings
// end, and where to look an address up.
import { DEFAULT_SET_RULE, LISTS } from '../dnsbl/catalog.ts';
import { linkKinds } from '../dnsbl/links.ts';
import type { ListDef, Removal } from '../model.ts';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function codes(l: ListDef): string {
  const entries = Object.entries(l.codes);
  if (entries.length === 0) return 'any 127.0.0.0/8 answer';
  const key = (k: string): string => {
    if (l.decode === 'bitmask') return `bit ${k}`;
    if (l.decode === 'exact') return `\`${k}\``;
    // An octet-N code as the answer it comes in: octet-3 code 5 is 127.0.5.0.
    const n = Number(l.decode.slice('octet-'.length));
    return `\`${['127', '0', '0', '0'].map((o, i) => (i === n - 1 ? k : o)).join('.')}\``;
  };
  const shown = entries.slice(0, 4).map(([k, c]) => {
    const label = c.meaning.split(/[:(]/)[0]?.trim() ?? '';
    return `${key(k)} ${label}${c.severity === 'info' ? ' (info)' : ''}`;
  });
  return shown.join('; ') + (entries.length > 4 ? `; +${entries.length - 4} more` : '');
}

function access(l: ListDef): string {
  const how = l.access === 'key' ? `needs a key (${l.key})` : l.access === 'registered-resolver' ? 'registered resolver only' : 'public';
  const cap = l.rateCap;
  if (!cap) return how;
  const limits = [...(cap.perSecond ? [`${cap.perSecond} queries/s`] : []), ...(cap.perDay ? [`${cap.perDay.toLocaleString('en-US')} queries/day`] : [])];
  return `${how}; [at most ${limits.join(', ')}${cap.pool ? ' for all its lists together' : ''}](${cap.source})`;
}

const REQUEST: Record<Removal['request'], string> = {
  form: 'removal form',
  account: 'removal form (free account)',
  'from-address': 'request from the listed address itself',
  email: 'removal by email',
  provider: 'only through your provider',
  none: 'no manual removal',
  unknown: 'removal not documented',
};

/** "expires after 7 days; no manual removal; paid express sold (waiting is free)" */
function removal(r: Removal | undefined): string {
  if (!r) return '';
  const parts = [
    ...(r.expires ? [`expires after ${r.expires}`] : []),
    ...(r.permanent ? [r.expires ? 'some listings never expire' : 'listings do not expire'] : []),
    REQUEST[r.request],
    ...(r.paidExpress ? ['sells express delisting (waiting is free)'] : []),
  ];
  return parts.join('; ');
}

function link(url: string | undefined, label: string): string[] {
  return url ? [`[${label}](${url})`] : [];
}

/** About page, removal page (when it is one fixed page), and whether a lookup takes the target. */
function links(l: ListDef): string {
  const fixed = (u: string | undefined): string | undefined => (u !== undefined && !/[{}]/.test(u) ? u : undefined);
  const prefilled = [l.lookup, l.delist].some((u) => u !== undefined && /[{}]/.test(u) && linkKinds(u).length < 3);
  return [...link(fixed(l.info), 'about'), ...link(fixed(l.delist), 'removal'), ...(prefilled ? ['lookup per target'] : [])].join(' · ');
}

function table(lists: readonly ListDef[], withNote: boolean): string {
  const head = ['id', 'list', 'checks', 'access', 'return codes', 'how listings end', 'links', ...(withNote ? ['note'] : [])];
  const rows = lists.map((l) => {
    const cells = [`\`${l.id}\``, l.name, l.kinds.join(', '), access(l), codes(l), removal(l.removal), links(l), ...(withNote ? [l.note ?? ''] : [])];
    return `| ${cells.map(cell).join(' | ')} |`;
  });
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows].join('\n');
}

export function renderListsTable(): string {
  const byDefault = (l: ListDef): boolean => l.default;
  return [
    'A list is in the default set when it is:',
    '',
    ...DEFAULT_SET_RULE.map((r) => `- ${r}`),
    '',
    '**Default set** (`lists.use: default`; key lists switch on when their key is given):',
    '',
    table(LISTS.filter(byDefault), false),
    '',
    '**Optional** (add by id under `lists.add`, or `lists.use: all`):',
    '',
    table(LISTS.filter((l) => !byDefault(l)), true),
  ].join('\n');
}
