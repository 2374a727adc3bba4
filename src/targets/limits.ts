// How much DNS work, and how many targets, one monitor's expansion may cause. Whoever controls a
// domain's DNS must not control the load we send to resolvers and lists, so every number here is
// a hard bound, and reaching one is a warning on the monitor that names it.

/**
 * Most addresses and domains one run checks, all monitors together: an IPv4 /12, the largest
 * settings.max-range. Beyond it a run is millions of queries, which lists rightly read as abuse.
 */
export const MAX_TARGETS = 1_048_576;

/**
 * DNS lookups one monitor's expansion (host, MX, implicit MX, SPF) may send. An SPF record
 * within RFC 7208's limits can still need 211 (ten mx terms of ten hosts, each asked for A and
 * AAAA); real records need about 20, and the MX expansion at most 21.
 */
export const EXPANSION_QUERY_BUDGET = 128;

/** RFC 7208 §4.6.4: terms that cause DNS lookups (include, a, mx, ptr, exists, redirect) per evaluation. */
export const SPF_LOOKUP_LIMIT = 10;

/** RFC 7208 §4.6.4: lookups that find nothing (NXDOMAIN or no records) per evaluation. */
export const SPF_VOID_LOOKUP_LIMIT = 2;

/**
 * RFC 7208 §4.6.4: an mx term may lead to at most 10 address lookups; a receiver asks one per
 * MX host (in the family it was reached over), so at most 10 MX hosts per mx term.
 */
export const SPF_MX_HOST_LIMIT = 10;

/** MX hosts followed for `expand: [mx]`, by priority: the SPF rule, as no RFC caps a domain's MX set. */
export const MX_HOST_LIMIT = 10;
