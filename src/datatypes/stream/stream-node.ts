// One stream node (Redis's listpack under one radix-tree key): its live entries packed into ONE
// latin1 string, walked and decoded on read.
// Mirrors: redis src/t_stream.c (streamAppendItem's entry layout, lpGetEdgeStreamID,
// streamIteratorGetID's walk) and src/listpack.c (one allocation of length-prefixed entries).
//
// Why packed. An entry kept as objects (an ID object with two bigints, an array of field and value
// strings, the entry object) cost ~215 heap bytes for one 16-byte field and ~265 for two, while its
// data is a few dozen bytes: V8 charges a header per object and per string. Redis keeps a node's
// entries in one listpack of up to stream-node-max-bytes, the IDs as deltas from the node's master
// ID and the field names shared with the master entry. We pack each node the same way, in our own
// layout (docs/performance.md, "Fifth session: stream entries"), as the hash, zset and list
// listpacks are (src/datatypes/packed.ts):
//
//   entry := key, n varint, then n bytes: k varint and strings (each a varint length and its bytes)
//   key   := the ID, ms then seq, each as its significant-byte count and those bytes big-endian
//            (9 chars for an `XADD *` ID): char order is ID order, so a range walk compares an
//            entry's key with the bound's key char by char and decodes only what it returns
//   n     := the length of the rest, so a walk steps over an entry with one read
//   k     := 0 when the entry has exactly the master fields (STREAM_ITEM_FLAG_SAMEFIELDS): then only
//            the values follow, one per master field; else pairs + 1, and the pairs follow
//
// SIMPLIFIED: the ID is its own bytes rather than Redis's two small deltas from the master ID (so
// compares need no decoding); deleted entries are cut out of the string rather than flagged (their
// count is kept, so the node fills up, and MEMORY USAGE prices it, as Redis's does); there are no
// back-lengths: a reverse walk collects a node's entry offsets first (a node holds at most
// stream-node-max-entries; back-lengths measured no faster).
//
// Appends copy the string (it is immutable), so on a node of FLATTEN_ALWAYS_BELOW_CHARS or more the
// concatenation is left as a V8 rope and flattened every APPENDS_PER_FLATTEN appends (more on nodes
// past 64 KB; or by V8 on the next read), as the quicklist's nodes do (src/datatypes/list/node.ts).

import { encodeLength, entryStart, flat, readLength } from '../packed.js';
import { MAX_ID, ZERO_ID, type StreamId } from './stream-id.js';

/** One entry as commands see it: its ID and its fields and values, alternating, as latin1 strings. */
export interface StreamEntry {
  readonly id: StreamId;
  readonly fields: readonly string[];
}

/** One node: Redis's listpack under one radix-tree key. */
export interface StreamChunk {
  /** The ID the node was created with (its rax key; the master entry's ID). */
  readonly masterId: StreamId;
  /** The master entry's field names (the first entry's fields). */
  readonly masterFields: readonly string[];
  /** The live entries, packed (see the header); never empty. */
  lp: string;
  /** Live entries. */
  count: number;
  /** Entries deleted from the node: they still count toward its fullness. */
  deleted: number;
  /**
   * The listpack's size in bytes as Redis would have it, without its first two elements (the live
   * and deleted counters, whose size changes as they grow): see streamNodeBytes.
   */
  bytes: number;
  /** Sum of the lengths of the live entries' fields and values (memory accounting). */
  payload: number;
  /** The key (idKey) of the last live entry: the binary search over nodes compares it. */
  lastKey: string;
  /** Appends left as a rope since the string was last flattened by us. */
  pending: number;
}

/** An append onto a node shorter than this (in chars) flattens at once. */
const FLATTEN_ALWAYS_BELOW_CHARS = 2048;
/**
 * Appends left as a rope on a bigger node before it is flattened, per FLATTEN_SCALE_CHARS of the node:
 * a node can grow far past 4 KB (stream-node-max-bytes 0 and stream-node-max-entries 0 make one node
 * of the whole stream), and flattening it every 16 appends would make appends O(node): scaled, an
 * append copies FLATTEN_SCALE_CHARS / APPENDS_PER_FLATTEN chars on average at any node size.
 */
const APPENDS_PER_FLATTEN = 16;
const FLATTEN_SCALE_CHARS = 65536;
const TWO_POW_32 = 4294967296;
/** Below this high word, hi * 2^32 + lo is an exact double (2^53). */
const SAFE_HI = 0x200000;

export function createChunk(masterId: StreamId, masterFields: readonly string[], bytes: number): StreamChunk {
  return { masterId, masterFields, lp: '', count: 0, deleted: 0, bytes, payload: 0, lastKey: '', pending: 0 };
}

// --- IDs as keys ---
//
// A key is ms then seq, each as a count of significant bytes (0-8) and those bytes, big-endian.
// A bigger number has more significant bytes or, as many, bigger bytes, and no key is a prefix of
// another: comparing two keys char by char orders them as their IDs. `XADD *` IDs take 9 chars
// (ms in 6 bytes, seq 0 in none) rather than 16.

/** Scratch output of splitU64: the high and low 32-bit words. */
let wordHi = 0;
let wordLo = 0;

function splitU64(v: bigint): void {
  if (v < 9007199254740992n) {
    const n = Number(v);
    wordHi = Math.floor(n / TWO_POW_32);
    wordLo = n - wordHi * TWO_POW_32;
  } else {
    wordHi = Number(v >> 32n);
    wordLo = Number(v & 0xffffffffn);
  }
}

/** The key of an ID (see above), one flat string. */
export function idKey(id: StreamId): string {
  // `-` and `+` (and XREAD's walk to the end) key the same two IDs again and again.
  if (id === MAX_ID) return MAX_KEY;
  if (id === ZERO_ID) return ZERO_KEY;
  if (id === lastKeyed) return lastKeyText;
  lastKeyed = id;
  lastKeyText = keyOf(id);
  return lastKeyText;
}

let lastKeyed: StreamId | undefined;
let lastKeyText = '';
const MAX_KEY = String.fromCharCode(8, 255, 255, 255, 255, 255, 255, 255, 255, 8, 255, 255, 255, 255, 255, 255, 255, 255);
const ZERO_KEY = '\0\0';

/** The last ms keyOf encoded, and its chars: appends and range bounds mostly repeat it. */
let splitMs = -1n;
let splitMsChars = '';
/** The chars of the sequence numbers 0 to 255, made once. */
const SMALL_SEQ_CHARS: readonly string[] = Array.from({ length: 256 }, (_, i) => (i === 0 ? '\0' : String.fromCharCode(1, i)));

/** Push a uint64's significant-byte count and bytes. */
function pushU64(out: number[], hi: number, lo: number): void {
  const nb = hi !== 0 ? (hi >= 0x1000000 ? 8 : hi >= 0x10000 ? 7 : hi >= 0x100 ? 6 : 5)
    : lo >= 0x1000000 ? 4 : lo >= 0x10000 ? 3 : lo >= 0x100 ? 2 : lo !== 0 ? 1 : 0;
  out.push(nb);
  for (let i = nb - 1; i >= 4; i--) out.push((hi >>> ((i - 4) * 8)) & 0xff);
  for (let i = Math.min(nb, 4) - 1; i >= 0; i--) out.push((lo >>> (i * 8)) & 0xff);
}

function u64Chars(v: bigint): string {
  splitU64(v);
  const chars: number[] = [];
  pushU64(chars, wordHi, wordLo);
  return String.fromCharCode.apply(null, chars);
}

function keyOf(id: StreamId): string {
  if (id.ms !== splitMs) {
    splitMs = id.ms;
    splitMsChars = u64Chars(id.ms);
  }
  const seq = id.seq < 256n ? (SMALL_SEQ_CHARS[Number(id.seq)] as string) : u64Chars(id.seq);
  // Below 13 chars V8 copies a concatenation into a flat string; longer, flat() copies the rope.
  return flat(splitMsChars + seq);
}

/** The length in chars of the key at `p`. */
export function keyLength(lp: string, p: number): number {
  const msBytes = lp.charCodeAt(p);
  return 2 + msBytes + lp.charCodeAt(p + 1 + msBytes);
}

/** The bigints of 0 to SMALL_BIGINTS - 1, made once: sequence numbers are mostly small. */
const SMALL_BIGINTS = 64;
const smallBigints: readonly bigint[] = Array.from({ length: SMALL_BIGINTS }, (_, i) => BigInt(i));

/** The last big value u64At made, by its two words: neighbouring entries often share their ms. */
let lastHi = -1;
let lastLo = -1;
let lastBig = 0n;

/** The uint64 whose count byte is at `p`. */
function u64At(lp: string, p: number): bigint {
  const nb = lp.charCodeAt(p);
  let hi = 0;
  let lo = 0;
  for (let i = 1; i <= nb - 4; i++) hi = hi * 256 + lp.charCodeAt(p + i);
  for (let i = Math.max(1, nb - 3); i <= nb; i++) lo = lo * 256 + lp.charCodeAt(p + i);
  if (hi === 0 && lo < SMALL_BIGINTS) return smallBigints[lo] as bigint;
  if (hi === lastHi && lo === lastLo) return lastBig;
  lastHi = hi;
  lastLo = lo;
  lastBig = hi < SAFE_HI ? BigInt(hi * TWO_POW_32 + lo) : (BigInt(hi) << 32n) | BigInt(lo);
  return lastBig;
}

/** The ID whose key starts at `p` of `lp` (a whole key string: p = 0). */
export function idAt(lp: string, p: number): StreamId {
  return { ms: u64At(lp, p), seq: u64At(lp, p + 1 + lp.charCodeAt(p)) };
}

/**
 * Compare the key at `p` of `lp` with `key`: negative, 0 or positive. The first `from` chars are
 * known to decide nothing (see keysShareFrom). No key is a prefix of another, so they differ
 * within the shorter one unless they are the same.
 */
export function compareKeyAt(lp: string, p: number, key: string, from = 0): number {
  const n = key.length;
  for (let i = from; i < n; i++) {
    const d = lp.charCodeAt(p + i) - key.charCodeAt(i);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Where comparisons of the node's keys with `key` can start: every key of a node lies between its
 * first and last, so they share those two keys' common prefix; where `key` leaves that prefix,
 * every entry compares with it alike, and the walk's comparisons start at that char.
 */
export function keysShareFrom(chunk: StreamChunk, key: string): number {
  const lp = chunk.lp;
  const last = chunk.lastKey;
  const n = Math.min(last.length, key.length);
  let i = 0;
  while (i < n && lp.charCodeAt(i) === last.charCodeAt(i) && lp.charCodeAt(i) === key.charCodeAt(i)) i++;
  return i;
}

// --- Writing ---

/** Does the entry have exactly the node's master fields (STREAM_ITEM_FLAG_SAMEFIELDS)? */
export function sameFields(master: readonly string[], fields: readonly string[]): boolean {
  if (master.length * 2 !== fields.length) return false;
  for (let i = 0; i < master.length; i++) if (master[i] !== fields[i * 2]) return false;
  return true;
}

/** One entry's packed form (see the header), as a rope: chunkAppend flattens it. */
export function encodeEntry(key: string, fields: readonly string[], same: boolean): string {
  let body: string;
  if (same) {
    body = '\0';
    for (let i = 1; i < fields.length; i += 2) {
      const v = fields[i] as string;
      body += encodeLength(v.length) + v;
    }
  } else {
    body = encodeLength(fields.length / 2 + 1);
    for (const f of fields) body += encodeLength(f.length) + f;
  }
  return key + encodeLength(body.length) + body;
}

/** Append an encoded entry (its key `key`, its strings `payload` bytes long) at the node's end. */
export function chunkAppend(chunk: StreamChunk, key: string, encoded: string, payload: number): void {
  const length = chunk.lp.length;
  if (length < FLATTEN_ALWAYS_BELOW_CHARS || ++chunk.pending >= APPENDS_PER_FLATTEN * Math.max(1, Math.floor(length / FLATTEN_SCALE_CHARS))) {
    chunk.pending = 0;
    chunk.lp = flat(chunk.lp + encoded);
  } else {
    // A piece of the rope is made flat: a rope of its own small pieces would outweigh its bytes.
    chunk.lp = chunk.lp + flat(encoded);
  }
  chunk.lastKey = key;
  chunk.count++;
  chunk.payload += payload;
}

/** A node that takes no more appends (a new tail was opened after it): flatten what is left as a rope. */
export function chunkSeal(chunk: StreamChunk): void {
  if (chunk.pending === 0) return;
  chunk.pending = 0;
  chunk.lp = flat(chunk.lp);
}

/** A node built from whole entries at once (RDB loading): one string, no ropes. */
export function chunkFill(chunk: StreamChunk, entries: readonly StreamEntry[]): void {
  const parts: string[] = [];
  let key = '';
  for (const e of entries) {
    key = idKey(e.id);
    parts.push(encodeEntry(key, e.fields, sameFields(chunk.masterFields, e.fields)));
    for (const f of e.fields) chunk.payload += f.length;
  }
  chunk.lp = flat(parts.join(''));
  chunk.lastKey = key;
  chunk.count = entries.length;
}

// --- Reading ---

/** The offset just past the entry at `p`. */
export function entryEnd(chunk: StreamChunk, p: number): number {
  const n = readLength(chunk.lp, p + keyLength(chunk.lp, p));
  return entryStart + n;
}

/** The sum of the lengths of the fields and values of the entry at `p` (memory accounting). */
export function entryPayloadAt(chunk: StreamChunk, p: number): number {
  const lp = chunk.lp;
  readLength(lp, p + keyLength(lp, p));
  const k = readLength(lp, entryStart);
  let pos = entryStart;
  let payload = 0;
  let strings: number;
  if (k === 0) {
    const master = chunk.masterFields;
    for (let i = 0; i < master.length; i++) payload += (master[i] as string).length;
    strings = master.length;
  } else {
    strings = (k - 1) * 2;
  }
  for (let i = 0; i < strings; i++) {
    const n = readLength(lp, pos);
    payload += n;
    pos = entryStart + n;
  }
  return payload;
}

/** The entry at `p`, decoded (its field and value strings are substrings of the node). */
export function decodeEntry(chunk: StreamChunk, p: number): StreamEntry {
  return { id: idAt(chunk.lp, p), fields: entryFields(chunk, p) };
}

/** The fields and values of the entry at `p`, alternating, as substrings of the node. */
function entryFields(chunk: StreamChunk, p: number): string[] {
  const lp = chunk.lp;
  readLength(lp, p + keyLength(lp, p));
  const k = readLength(lp, entryStart);
  let pos = entryStart;
  const fields: string[] = [];
  if (k === 0) {
    for (const name of chunk.masterFields) {
      const n = readLength(lp, pos);
      fields.push(name, lp.substring(entryStart, entryStart + n));
      pos = entryStart + n;
    }
  } else {
    for (let i = (k - 1) * 2; i > 0; i--) {
      const n = readLength(lp, pos);
      fields.push(lp.substring(entryStart, entryStart + n));
      pos = entryStart + n;
    }
  }
  return fields;
}

/**
 * The entry at `p` as a reply wants it, [ID text, fields], without the ID object decodeEntry makes
 * (XRANGE, XREVRANGE and XREAD reply with thousands of entries).
 */
export function decodeEntryPair(chunk: StreamChunk, p: number): [string, string[]] {
  const lp = chunk.lp;
  const idText = `${u64At(lp, p)}-${u64At(lp, p + 1 + lp.charCodeAt(p))}`;
  return [idText, entryFields(chunk, p)];
}

/** The offsets of the node's entries, in order (a reverse walk reads them backwards). */
export function chunkOffsets(chunk: StreamChunk): number[] {
  const out: number[] = [];
  const end = chunk.lp.length;
  for (let p = 0; p < end; p = entryEnd(chunk, p)) out.push(p);
  return out;
}

/** The node's entries, decoded (RDB and AOF writers). */
export function chunkEntries(chunk: StreamChunk): StreamEntry[] {
  const out: StreamEntry[] = [];
  const end = chunk.lp.length;
  for (let p = 0; p < end; p = entryEnd(chunk, p)) out.push(decodeEntry(chunk, p));
  return out;
}
