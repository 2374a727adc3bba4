// DNS messages on the wire (RFC 1035 §4): the one query a stub resolver sends, and the parts of an
// answer it reads (header, question, A/AAAA/TXT/MX/CNAME records). Pure: bytes in, data out.
//
// Every read is bounds-checked: a reply is attacker-controlled input. A name may point back into
// the message (compression), never forwards and never in a loop, and is at most 255 octets.
import ipaddr from 'ipaddr.js';

export const TYPE = { A: 1, CNAME: 5, MX: 15, TXT: 16, AAAA: 28 } as const;
export type QueryType = (typeof TYPE)[keyof typeof TYPE];

const CLASS_IN = 1;
const HEADER = 12;
const MAX_NAME_WIRE = 255;
const MAX_LABEL = 63;
/** Flags of a standard query with recursion desired (RD), as every stub resolver sends. */
const FLAGS_RD = 0x0100;

export class WireError extends Error {}

/**
 * A query for `name` (dotted text, a trailing dot allowed) with `id`. Throws WireError for a name
 * DNS cannot carry: an empty label, a label over 63 octets, over 255 octets in all, or non-ASCII
 * (names reach here as A-labels). The message never repeats the name: it may hold a list key.
 */
export function encodeQuery(name: string, type: QueryType, id: number): Buffer {
  const text = name.endsWith('.') ? name.slice(0, -1) : name;
  const wireLength = text.length + 2; // a length octet per label (one more than the dots) + the root
  if (text.length === 0 || wireLength > MAX_NAME_WIRE) throw new WireError('the query name is not a valid DNS name (length)');
  const buf = Buffer.allocUnsafe(HEADER + wireLength + 4);
  buf.writeUInt16BE(id, 0);
  buf.writeUInt16BE(FLAGS_RD, 2);
  buf.writeUInt16BE(1, 4); // QDCOUNT
  buf.writeUInt32BE(0, 6); // ANCOUNT, NSCOUNT
  buf.writeUInt16BE(0, 10); // ARCOUNT
  let o = HEADER;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? 46 : text.charCodeAt(i);
    if (c === 46) {
      const len = i - start;
      if (len === 0 || len > MAX_LABEL) throw new WireError('the query name is not a valid DNS name (label length)');
      buf[o++] = len;
      for (let j = start; j < i; j++) buf[o++] = text.charCodeAt(j);
      start = i + 1;
    } else if (c > 126 || c < 33) {
      throw new WireError('the query name is not a valid DNS name (characters)');
    }
  }
  buf[o++] = 0;
  buf.writeUInt16BE(type, o);
  buf.writeUInt16BE(CLASS_IN, o + 2);
  return buf;
}

/** Puts a new ID into an encoded query (a retry is a new query to the outside world). */
export function setId(query: Buffer, id: number): void {
  query.writeUInt16BE(id, 0);
}

export function idOf(msg: Uint8Array): number {
  return msg.length >= 2 ? ((msg[0] ?? 0) << 8) | (msg[1] ?? 0) : -1;
}

/** What the header of a reply says. */
export interface ReplyHeader {
  id: number;
  truncated: boolean;
  rcode: number;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c | 0x20 : c;
}

/**
 * Whether `reply` is a response to `query`: QR set, a standard query, one question, and that
 * question equal to ours (name case-insensitively, octet for octet as ASCII, RFC 4343; type and
 * class exactly). The question of a reply is never compressed (nothing precedes it to point at),
 * so a byte comparison is exact. The ID is the caller's to check (it picks the pending query).
 */
export function answersQuery(reply: Uint8Array, query: Uint8Array): boolean {
  if (reply.length < query.length) return false;
  const flags = reply[2] ?? 0;
  if ((flags & 0x80) === 0 || (flags & 0x78) !== 0) return false; // QR, OPCODE 0
  if (reply[4] !== 0 || reply[5] !== 1) return false; // QDCOUNT 1
  const end = query.length;
  const nameEnd = end - 4;
  let o = HEADER;
  // Walk the labels so that only label octets are folded, never a length octet.
  while (o < nameEnd) {
    const len = query[o] ?? 0;
    if (reply[o] !== len) return false;
    o++;
    for (const stop = o + len; o < stop; o++) if (lower(reply[o] ?? 0) !== lower(query[o] ?? 0)) return false;
    if (len === 0) break;
  }
  for (let i = nameEnd; i < end; i++) if (reply[i] !== query[i]) return false;
  return true;
}

export function readHeader(reply: Uint8Array): ReplyHeader | null {
  if (reply.length < HEADER) return null;
  return { id: idOf(reply), truncated: ((reply[2] ?? 0) & 0x02) !== 0, rcode: (reply[3] ?? 0) & 0x0f };
}

/** Reads a (possibly compressed) name at `off` as lower-case dotted text (no trailing dot). */
function readName(buf: Uint8Array, off: number): string {
  const labels: string[] = [];
  let o = off;
  let total = 1;
  let jumps = 0;
  for (;;) {
    if (o >= buf.length) throw new WireError('name runs past the end of the message');
    const len = buf[o] ?? 0;
    if (len === 0) break;
    if ((len & 0xc0) === 0xc0) {
      if (o + 1 >= buf.length) throw new WireError('compression pointer runs past the end of the message');
      const target = ((len & 0x3f) << 8) | (buf[o + 1] ?? 0);
      // Only backwards, and a bounded number of times: no loops.
      if (target >= o || ++jumps > 64) throw new WireError('bad compression pointer');
      o = target;
      continue;
    }
    if ((len & 0xc0) !== 0) throw new WireError('unknown label type');
    if (o + 1 + len > buf.length) throw new WireError('label runs past the end of the message');
    total += len + 1;
    if (total > MAX_NAME_WIRE) throw new WireError('name longer than 255 octets');
    let label = '';
    for (let i = o + 1; i <= o + len; i++) label += String.fromCharCode(lower(buf[i] ?? 0));
    labels.push(label);
    o += 1 + len;
  }
  return labels.join('.');
}

/** Skips a name without building its text (the hot path reads owner names only when it must). */
function skipName(buf: Uint8Array, off: number): number {
  let o = off;
  for (;;) {
    if (o >= buf.length) throw new WireError('name runs past the end of the message');
    const len = buf[o] ?? 0;
    if (len === 0) return o + 1;
    if ((len & 0xc0) === 0xc0) {
      if (o + 1 >= buf.length) throw new WireError('compression pointer runs past the end of the message');
      return o + 2;
    }
    if ((len & 0xc0) !== 0) throw new WireError('unknown label type');
    o += 1 + len;
  }
}

interface Rr {
  type: number;
  /** Owner name; null when it is a pointer to the question's name (the usual case). */
  owner: string | null;
  rdata: number;
  rdlength: number;
}

function rdataOf(reply: Uint8Array, type: number, off: number, len: number): string {
  switch (type) {
    case TYPE.A:
      if (len !== 4) throw new WireError('A record of the wrong length');
      return `${reply[off]}.${reply[off + 1]}.${reply[off + 2]}.${reply[off + 3]}`;
    case TYPE.AAAA:
      if (len !== 16) throw new WireError('AAAA record of the wrong length');
      return ipaddr.fromByteArray(Array.from(reply.subarray(off, off + 16))).toString();
    case TYPE.TXT: {
      // One record is one or more character-strings; they join into one text (RFC 7208 §3.3 does the same).
      const parts: Uint8Array[] = [];
      for (let o = off; o < off + len; ) {
        const n = reply[o] ?? 0;
        if (o + 1 + n > off + len) throw new WireError('TXT string runs past its record');
        parts.push(reply.subarray(o + 1, o + 1 + n));
        o += 1 + n;
      }
      return Buffer.concat(parts).toString('utf8');
    }
    default:
      throw new WireError(`unexpected record type ${type}`);
  }
}

/** The records of the asked type that answer the question's name (directly or through CNAMEs). */
export interface Answer {
  rcode: number;
  records: string[];
  /** MX only: the preference of each record, same order. */
  priorities?: number[];
}

/**
 * Reads the answer section of a reply already matched to its query. Records of other classes or
 * types are skipped; records for names outside the question's CNAME chain are ignored (a server
 * may not answer for names we did not ask about). Throws WireError on a malformed message.
 */
export function readAnswer(reply: Uint8Array, query: Uint8Array, type: QueryType): Answer {
  const rcode = (reply[3] ?? 0) & 0x0f;
  const ancount = ((reply[6] ?? 0) << 8) | (reply[7] ?? 0);
  let o = query.length; // the question was matched byte for byte, so it ends where ours does
  const records: string[] = [];
  const priorities: number[] = [];
  /** Records owned by another name: kept only if a CNAME chain from the question leads there. */
  const other: Rr[] = [];
  for (let i = 0; i < ancount; i++) {
    // Fast path: an owner that points at the question's name (how servers usually write it).
    const atQuestion = o + 2 <= reply.length && reply[o] === 0xc0 && reply[o + 1] === HEADER;
    const owner = atQuestion ? null : readName(reply, o);
    o = atQuestion ? o + 2 : skipName(reply, o);
    if (o + 10 > reply.length) throw new WireError('record header runs past the end of the message');
    const rtype = ((reply[o] ?? 0) << 8) | (reply[o + 1] ?? 0);
    const rclass = ((reply[o + 2] ?? 0) << 8) | (reply[o + 3] ?? 0);
    const rdlength = ((reply[o + 8] ?? 0) << 8) | (reply[o + 9] ?? 0);
    const rdata = o + 10;
    o = rdata + rdlength;
    if (o > reply.length) throw new WireError('record data runs past the end of the message');
    if (rclass !== CLASS_IN || (rtype !== type && rtype !== TYPE.CNAME)) continue;
    const rr = { type: rtype, owner, rdata, rdlength };
    if (owner === null && rtype === type) take(reply, rr, type, records, priorities);
    else other.push(rr);
  }
  if (other.length > 0) {
    // The names that stand for the question: its own, and every alias a CNAME chain leads to.
    const question = readName(reply, HEADER);
    const accepted = new Set([question]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of other) {
        if (r.type !== TYPE.CNAME || !accepted.has(r.owner ?? question)) continue;
        if (skipName(reply, r.rdata) > r.rdata + r.rdlength) throw new WireError('CNAME target runs past its record');
        const alias = readName(reply, r.rdata);
        if (!accepted.has(alias)) {
          accepted.add(alias);
          grew = true;
        }
      }
    }
    for (const r of other) if (r.type === type && accepted.has(r.owner ?? question)) take(reply, r, type, records, priorities);
  }
  return type === TYPE.MX ? { rcode, records, priorities } : { rcode, records };
}

/** Decodes one record of the asked type into `records` (and its preference, for MX). */
function take(reply: Uint8Array, r: Rr, type: QueryType, records: string[], priorities: number[]): void {
  if (type !== TYPE.MX) {
    records.push(rdataOf(reply, r.type, r.rdata, r.rdlength));
    return;
  }
  if (r.rdlength < 3) throw new WireError('MX record too short');
  priorities.push(((reply[r.rdata] ?? 0) << 8) | (reply[r.rdata + 1] ?? 0));
  if (skipName(reply, r.rdata + 2) > r.rdata + r.rdlength) throw new WireError('MX exchange runs past its record');
  records.push(readName(reply, r.rdata + 2));
}
