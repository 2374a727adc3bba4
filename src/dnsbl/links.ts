// Lookup and removal links that carry the target: `{ip}` and `{domain}` in a catalog (or
// monitors.yml) URL template are replaced by the percent-encoded target. Only http(s) links come
// out, and the substituted value can never change where the link points (scheme, host, port).
import type { ItemKind } from '../model.ts';

/** The placeholders a template may hold, and the target kinds that fill each one. */
export const PLACEHOLDERS: Readonly<Record<string, readonly ItemKind[]>> = {
  ip: ['ipv4', 'ipv6'],
  domain: ['domain'],
};

const TOKEN = /\{([^{}]*)\}/g;

/** Stand-in used to check a template's shape; any plain URL-safe word would do. */
const PROBE = 'x';

function placeholders(template: string): string[] {
  return [...template.matchAll(TOKEN)].map((m) => m[1] ?? '');
}

function substitute(template: string, value: string): string {
  return template.replace(TOKEN, () => value);
}

function webUrl(text: string): URL | undefined {
  if (!URL.canParse(text)) return undefined;
  const url = new URL(text);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
}

/**
 * Why a link template is unusable, or undefined when it is fine: it must be an http(s) URL,
 * may hold only `{ip}` and `{domain}`, and only after the host (a placeholder in the scheme or
 * host would let the target decide where the link goes).
 */
export function linkTemplateProblem(template: string): string | undefined {
  const unknown = placeholders(template).filter((p) => !(p in PLACEHOLDERS));
  if (unknown.length > 0) return `unknown placeholder {${unknown[0] ?? ''}}: only {ip} and {domain} are filled in`;
  if (/[{}]/.test(template.replace(TOKEN, ''))) return 'unbalanced { or } in the address';
  const probe = webUrl(substitute(template, PROBE));
  if (!probe) return 'expected a web address starting with https:// or http://';
  const bare = webUrl(substitute(template, 'y'));
  if (!bare || bare.origin !== probe.origin) return '{ip} and {domain} may appear only after the host name';
  return undefined;
}

/** Target kinds a template can be filled for; every kind when it holds no placeholder. */
export function linkKinds(template: string): ItemKind[] {
  const used = placeholders(template);
  if (used.length === 0) return ['ipv4', 'ipv6', 'domain'];
  return (['ipv4', 'ipv6', 'domain'] as const).filter((k) => used.every((p) => PLACEHOLDERS[p]?.includes(k) ?? false));
}

/**
 * The link for one target: the template with each placeholder replaced by the percent-encoded
 * target. Undefined when there is no template, the template is unusable, or it needs a kind of
 * target this is not (an `{ip}` page for a domain): the caller then shows the list's own page.
 */
export function fillLink(template: string | undefined, target: { value: string; kind: ItemKind }): string | undefined {
  if (template === undefined || linkTemplateProblem(template) !== undefined) return undefined;
  if (!linkKinds(template).includes(target.kind)) return undefined;
  // In a path, "." and ".." (encoded or not) are dot segments that URL parsing folds away.
  if (/^\.{1,2}$/.test(target.value)) return undefined;
  let encoded: string;
  try {
    encoded = encodeURIComponent(target.value);
  } catch {
    return undefined; // a lone surrogate: not a target anyone could have meant
  }
  const filled = webUrl(substitute(template, encoded));
  const shape = webUrl(substitute(template, PROBE));
  if (!filled || !shape || filled.origin !== shape.origin) return undefined;
  return filled.href;
}
