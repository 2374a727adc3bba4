// List health: a list is believed only after it passes its RFC 5782 test points this run.
import type { Dns, DnsResult, ItemKind, ListDef, ListHealth } from '../model.ts';
import { decodeAnswer, refusalFor } from './decode.ts';
import { displayZone } from './catalog.ts';
import { itemKind, queryName } from './query.ts';

/** Which of the two test points a failure came from; health wording names it. */
interface Probe {
  item: string;
  result: DnsResult;
}

/** What to tell the operator when a list refuses us, by how the list is reached. */
const REFUSED_FIX: Record<ListDef['access'], string> = {
  public:
    'the list refuses queries from this resolver (shared, public or cloud resolvers are often refused); ' +
    'run the check through your own resolver (settings.resolvers)',
  key: 'check that the key is right and still active',
  'registered-resolver':
    "register your resolver's address with the list operator, or run the patrol on a self-hosted runner whose resolver is registered",
};

const UNREACHABLE: Partial<Record<string, string>> = { timeout: 'timed out', servfail: 'SERVFAIL', error: 'DNS error' };

/** Per-list hint that beats the generic one (data, not branches). */
function refusedFix(list: ListDef): string {
  return list.refusedFix ?? REFUSED_FIX[list.access];
}

function kindOf(item: string, list: ListDef): ItemKind {
  return itemKind(item) ?? list.kinds[0] ?? 'ipv4';
}

function rewritten(result: DnsResult): string | undefined {
  if (!result.ok) return undefined;
  return result.records.find((r) => !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(r));
}

/**
 * Decides a list's status from its two test-point answers. Order matters: a resolver that rewrites
 * answers or a list that refuses us says nothing about the list's data, so those come first.
 */
export function judgeHealth(list: ListDef, listed: Probe, unlisted: Probe | null): Omit<ListHealth, 'id' | 'name' | 'zone'> {
  const probes = unlisted ? [listed, unlisted] : [listed];

  for (const p of probes) {
    const bad = rewritten(p.result);
    if (bad !== undefined) {
      return {
        status: 'unreachable',
        reason: 'unreachable: the resolver rewrites answers',
        detail: `test point ${p.item} answered ${bad}, outside 127.0.0.0/8`,
        fix: 'use a resolver that does not redirect NXDOMAIN (ISP, captive-portal and ad-blocking resolvers do); a local unbound works',
      };
    }
  }
  for (const p of probes) {
    const decoded = decodeAnswer(list, p.result);
    if (p.result.ok && decoded.status === 'unknown') {
      const code = p.result.records.find((r) => refusalFor(list, r) !== undefined) ?? '';
      return {
        status: 'refused',
        reason: `refused: ${refusalFor(list, code) ?? 'refusal code'}`,
        detail: `test point ${p.item} answered ${p.result.records.join(', ')}`,
        fix: refusedFix(list),
      };
    }
    if (!p.result.ok && p.result.error === 'refused') {
      return { status: 'refused', reason: 'refused: the DNS server answered REFUSED', detail: p.result.message, fix: refusedFix(list) };
    }
  }
  for (const p of probes) {
    if (!p.result.ok && p.result.error !== 'nxdomain' && p.result.error !== 'nodata') {
      return {
        status: 'unreachable',
        reason: `unreachable: ${UNREACHABLE[p.result.error] ?? 'DNS error'}`,
        detail: `no usable answer for test point ${p.item}: ${p.result.message}`,
        fix: 'check the resolver and network; if it persists the list may be down',
      };
    }
  }
  if (!listed.result.ok) {
    return {
      status: 'empty',
      reason: 'empty: does not list its test point',
      detail: `test point ${listed.item} is not listed (NXDOMAIN)`,
      fix: 'the list may be shut down, or it hides its data from this resolver (some lists answer NXDOMAIN to resolvers they block), or the resolver cannot reach the internet',
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
export async function checkListHealth(list: ListDef, zone: string, dns: Dns): Promise<ListHealth> {
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
  return { id: list.id, name: list.name, zone: displayZone(list), ...judgeHealth(list, listed, unlisted) };
}
