// List health: a list is believed only after it passes its RFC 5782 test points this run.
import type { Dns, DnsError, DnsResult, ItemKind, ListDef, ListHealth } from '../model.ts';
import { inLoopback, refusalFor } from './decode.ts';
import { displayZone } from './catalog.ts';
import { itemKind, queryName } from './query.ts';

/** Which of the two test points a failure came from; health wording names it. */
interface Probe {
  item: string;
  result: DnsResult;
}

/**
 * How fixes name the resolver: the one the user gave (--resolver, the resolvers input or
 * settings.resolvers), which they need not be told to set; or the system's, which they can replace.
 */
interface ResolverWords {
  /** "the resolver you gave (192.0.2.53:53)" or "this machine's resolver". */
  it: string;
  /** How to pick another; empty when the user already picked this one. */
  choose: string;
}

function resolverWords(given: string | undefined): ResolverWords {
  return given
    ? { it: `the resolver you gave (${given})`, choose: '' }
    : { it: "this machine's resolver", choose: ' (choose one with settings.resolvers, --resolver or the resolvers input)' };
}

/** What to tell the operator when a list refuses us, by how the list is reached. */
const REFUSED_FIX: Record<ListDef['access'], (r: ResolverWords) => string> = {
  public: (r) =>
    `the list refuses queries from ${r.it} (shared, public or cloud resolvers are often refused); ` +
    `use a resolver of your own with a fixed, attributable address${r.choose}`,
  key: () => 'check that the key is right and still active',
  'registered-resolver': (r) =>
    `register the address of ${r.it} with the list operator, or run the patrol on a self-hosted runner whose resolver is registered`,
};

/** DNS errors that mean no answer (REFUSED is told apart; NXDOMAIN and NODATA are answers). */
const UNREACHABLE: Partial<Record<DnsError, string>> = { timeout: 'timed out', servfail: 'SERVFAIL', error: 'DNS error' };

/** Per-list hint that beats the generic one (data, not branches). */
function refusedFix(list: ListDef, r: ResolverWords): string {
  return list.refusedFix ?? REFUSED_FIX[list.access](r);
}

function kindOf(item: string, list: ListDef): ItemKind {
  return itemKind(item) ?? list.kinds[0] ?? 'ipv4';
}

function rewritten(result: DnsResult): string | undefined {
  if (!result.ok) return undefined;
  // The same test a verdict's answer gets: anything else is the resolver's, not the list's.
  return result.records.find((r) => !inLoopback(r));
}

/**
 * Decides a list's status from its two test-point answers. Order matters: a resolver that rewrites
 * answers or a list that refuses us says nothing about the list's data, so those come first.
 * `resolver`: the servers the user gave, named in the fixes (absent: the system resolver).
 */
export function judgeHealth(list: ListDef, listed: Probe, unlisted: Probe | null, resolver?: string): Omit<ListHealth, 'id' | 'name' | 'zone'> {
  const probes = unlisted ? [listed, unlisted] : [listed];
  const r = resolverWords(resolver);

  for (const p of probes) {
    const bad = rewritten(p.result);
    if (bad !== undefined) {
      return {
        status: 'unreachable',
        reason: 'unreachable: the resolver rewrites answers',
        detail: `test point ${p.item} answered ${bad}, outside 127.0.0.0/8`,
        fix: `${r.it} redirects NXDOMAIN to its own address (ISP, captive-portal and ad-blocking resolvers do): use one that does not${r.choose}; a local unbound works`,
      };
    }
  }
  for (const p of probes) {
    if (p.result.ok) {
      const refusal = p.result.records.map((rec) => refusalFor(list, rec)).find((why) => why !== undefined);
      if (refusal !== undefined) {
        return {
          status: 'refused',
          reason: `refused: ${refusal}`,
          detail: `test point ${p.item} answered ${p.result.records.join(', ')}`,
          fix: refusedFix(list, r),
        };
      }
    } else if (p.result.error === 'refused') {
      return { status: 'refused', reason: 'refused: the DNS server answered REFUSED', detail: p.result.message, fix: refusedFix(list, r) };
    }
  }
  for (const p of probes) {
    if (!p.result.ok) {
      const why = UNREACHABLE[p.result.error];
      if (why !== undefined) {
        return {
          status: 'unreachable',
          reason: `unreachable: ${why}`,
          detail: `no usable answer for test point ${p.item}: ${p.result.message}`,
          fix: `check that ${r.it} answers and reaches the internet${r.choose}; if it does, the list may be down`,
        };
      }
    }
  }
  if (!listed.result.ok) {
    return {
      status: 'empty',
      reason: 'empty: does not list its test point',
      detail: `test point ${listed.item} is not listed (NXDOMAIN)`,
      fix: `the list may be shut down, or it hides its data from ${r.it} (some lists answer NXDOMAIN to resolvers they block), or ${r.it} cannot reach the internet${r.choose}`,
    };
  }
  if (unlisted && unlisted.result.ok) {
    return {
      status: 'dead',
      reason: 'dead: lists everything',
      detail: `its must-not-list test point ${unlisted.item} is listed (${unlisted.result.records.join(', ')})`,
      fix: 'remove this list: a zone that answers for every name would report every address as listed',
    };
  }
  return { status: 'ok' };
}

/** Queries a list's test points (both at once) and judges its health. `zone` has any key filled in. */
export async function checkListHealth(list: ListDef, zone: string, dns: Dns, resolver?: string): Promise<ListHealth> {
  const probe = async (item: string): Promise<Probe> => {
    let name: string;
    try {
      name = queryName(item, kindOf(item, list), zone);
    } catch (e) {
      // A name DNS cannot carry (a zone too long for its test point): the list is unusable, the run goes on.
      return { item, result: { ok: false, error: 'error', message: e instanceof Error ? e.message : String(e) } };
    }
    return { item, result: await dns.a(name) };
  };
  const [listed, unlisted] = await Promise.all([
    probe(list.test.listed),
    list.test.unlisted === null ? Promise.resolve(null) : probe(list.test.unlisted),
  ]);
  return { id: list.id, name: list.name, zone: displayZone(list), ...judgeHealth(list, listed, unlisted, resolver) };
}
