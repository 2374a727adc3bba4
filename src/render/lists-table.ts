// The catalog as Markdown tables for the README: the default set, then the optional lists.
import { LISTS } from '../dnsbl/catalog.ts';
import type { ListDef } from '../model.ts';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function codes(l: ListDef): string {
  const entries = Object.entries(l.codes);
  if (entries.length === 0) return 'any 127.0.0.0/8 answer';
  const shown = entries.slice(0, 4).map(([k, c]) => `${l.decode === 'bitmask' ? `bit ${k}` : `\`${k}\``} ${c.meaning.split(/[:(]/)[0]?.trim() ?? ''}`);
  return shown.join('; ') + (entries.length > 4 ? `; +${entries.length - 4} more` : '');
}

function access(l: ListDef): string {
  if (l.access === 'key') return `needs a key (${l.key})`;
  if (l.access === 'registered-resolver') return 'registered resolver only';
  return 'public';
}

function link(url: string | undefined, label: string): string {
  return url ? `[${label}](${url})` : '';
}

function table(lists: readonly ListDef[]): string {
  const rows = lists.map((l) => `| \`${l.id}\` | ${cell(l.name)} | ${l.kinds.join(', ')} | ${access(l)} | ${cell(codes(l))} | ${link(l.delist, 'delist') || link(l.info, 'info')} |`);
  return ['| id | list | checks | access | return codes | |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

export function renderListsTable(): string {
  const byDefault = (l: ListDef): boolean => l.default;
  return [
    '**Default set** (`lists.use: default`; key lists switch on when their key is given):',
    '',
    table(LISTS.filter(byDefault)),
    '',
    '**Optional** (add by id under `lists.add`, or `lists.use: all`):',
    '',
    table(LISTS.filter((l) => !byDefault(l))),
  ].join('\n');
}
