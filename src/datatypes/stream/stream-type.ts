// The stream type: an append-only log of entries (ID + field/value pairs) with trimming, deletion
// and range reads, plus the metadata Redis 7.0 keeps beside it (last ID, first ID, max deleted ID,
// entries added) and its consumer groups (consumer-group.ts).
// Mirrors: redis src/t_stream.c (streamAppendItem, streamTrim, streamIteratorStart/GetID,
// streamIteratorRemoveEntry, streamGetEdgeID, streamDeleteItem) and src/stream.h.
//
// Redis stores a stream as a radix tree of listpacks ("nodes"), keyed by the first ID each node
// was created with. A node takes entries until it holds stream-node-max-entries of them (live
// plus deleted) or its bytes reach stream-node-max-bytes; XDEL and exact trimming only flag an
// entry deleted inside its node, and a node goes away when its last live entry does. Approximate
// trimming (MAXLEN ~ / MINID ~) removes whole nodes only, so the number of entries it deletes
// depends on where the node boundaries fall — visible to clients in XTRIM's reply and in the
// MAXLEN/MINID Redis writes to the AOF.
//
// We keep the same node boundaries: a chunk holds its live entries packed into one string
// (stream-node.ts: IDs as keys that compare in ID order, field names shared with the master entry), the count of
// entries deleted from it and an estimate of its listpack's bytes (exact for the usual small
// integers and short strings: stream-node-bytes.ts), so `~` trims exactly what Redis trims. Inside a
// chunk entries are found by a walk from its start (Redis's lpSeek does the same: a node holds at
// most stream-node-max-entries); the chunks are a sorted array searched by binary search on their
// last entry's key instead of a radix tree. Reads decode only the entries they return.

import { compareIds, formatId, nextAutoId, ZERO_ID, type StreamId } from './stream-id.js';
import { flat, unslice } from '../packed.js';
import type { ConsumerGroup } from './consumer-group.js';
import {
  chunkAppend, chunkOffsets, chunkSeal, compareKeyAt, createChunk, decodeEntry, decodeEntryPair, encodeEntry, entryEnd, entryPayloadAt, idAt, idKey, keyLength, keysShareFrom,
  sameFields, type StreamChunk, type StreamEntry,
} from './stream-node.js';
import { entryBytes, LP_HEADER_BYTES, lpElementBytes, lpIntBytes, streamNodeBytes } from './stream-node-bytes.js';

export { sameFields, type StreamChunk, type StreamEntry } from './stream-node.js';
export { lpElementBytes, streamNodeBytes } from './stream-node-bytes.js';

export interface StreamObject {
  readonly type: 'stream';
  readonly encoding: 'stream';
  lru: number;
  charged?: number;
  slot?: number;
  chunks: StreamChunk[];
  /** Live entries. */
  length: number;
  lastId: StreamId;
  /** The first live entry's ID, 0-0 when empty. */
  firstId: StreamId;
  /** The highest ID ever deleted by XDEL (7.0's max_deleted_entry_id). */
  maxDeletedId: StreamId;
  /** Entries ever added (7.0's entries_added), an int64. */
  entriesAdded: bigint;
  /** Consumer groups by name (latin1), in creation order; Redis keeps them sorted (see groupsSorted). */
  groups: Map<string, ConsumerGroup> | undefined;
  /** Sum of the lengths of all fields and values (memory accounting). */
  payloadBytes: number;
}

/** stream-node-max-bytes / stream-node-max-entries, read from config by the caller. */
export interface StreamNodeLimits {
  readonly maxBytes: number;
  readonly maxEntries: number;
}

/** Redis's cap on one listpack (STREAM_LISTPACK_MAX_SIZE). */
const STREAM_LISTPACK_MAX_SIZE = 1 << 30;
/** Our cap on one node's packed string, in chars: half of V8's longest string (2^29 - 24). */
const NODE_MAX_CHARS = 1 << 28;
/** An entry's packed size beyond its strings' bytes and their length prefixes: key, lengths, k. */
const NODE_ENTRY_OVERHEAD_CHARS = 32;

export function createStream(): StreamObject {
  return {
    type: 'stream', encoding: 'stream', lru: 0, charged: 0, slot: -1, chunks: [], length: 0, lastId: ZERO_ID,
    firstId: ZERO_ID, maxDeletedId: ZERO_ID, entriesAdded: 0n, groups: undefined, payloadBytes: 0,
  };
}

// --- Appending (streamAppendItem) ---

/** Why an append failed: the ID is not above the last one, or the entry is too large for a node. */
export type AppendFailure = 'id-too-small' | 'too-large';

/**
 * Append an entry. `id` undefined generates one from `nowMs` (XADD *); `seqGiven` false makes
 * `id.seq` generated (XADD <ms>-*). Returns the new ID or why it failed.
 */
export function streamAppend(
  s: StreamObject, fields: readonly string[], id: StreamId | undefined, seqGiven: boolean, nowMs: number,
  limits: StreamNodeLimits,
): StreamId | AppendFailure {
  let newId: StreamId | undefined;
  if (id === undefined) newId = nextAutoId(s.lastId, nowMs);
  else if (seqGiven) newId = id;
  else if (id.ms === s.lastId.ms) newId = s.lastId.seq === (1n << 64n) - 1n ? undefined : { ms: id.ms, seq: s.lastId.seq + 1n };
  else newId = id;
  if (newId === undefined || compareIds(newId, s.lastId) <= 0) return 'id-too-small';
  let totalLength = 0;
  for (const f of fields) totalLength += f.length;
  if (totalLength > STREAM_LISTPACK_MAX_SIZE) return 'too-large';

  let tail = s.chunks[s.chunks.length - 1];
  if (tail !== undefined) {
    const maxBytes = limits.maxBytes === 0 || limits.maxBytes > STREAM_LISTPACK_MAX_SIZE ? STREAM_LISTPACK_MAX_SIZE : limits.maxBytes;
    if (streamNodeBytes(tail) + totalLength >= maxBytes) tail = undefined;
    else if (limits.maxEntries !== 0 && tail.count + tail.deleted >= limits.maxEntries) tail = undefined;
    // DIFFERS FROM REDIS: a V8 string holds at most ~2^29 chars, so a node stops at NODE_MAX_CHARS
    // even where Redis's would grow to 1 GB (stream-node-max-bytes 0 or above 256 MB).
    else if (tail.lp.length + totalLength + 2 * fields.length + NODE_ENTRY_OVERHEAD_CHARS > NODE_MAX_CHARS) tail = undefined;
  }
  if (tail === undefined) {
    const masterFields: string[] = [];
    for (let i = 0; i < fields.length; i += 2) masterFields.push(fields[i] as string);
    // num-fields, the fields, the master terminator (count and deleted: streamNodeBytes).
    let bytes = LP_HEADER_BYTES + lpIntBytes(masterFields.length) + lpIntBytes(0);
    for (const f of masterFields) bytes += lpElementBytes(f);
    const sealed = s.chunks[s.chunks.length - 1];
    if (sealed !== undefined) chunkSeal(sealed);
    tail = createChunk(newId, masterFields, bytes);
    s.chunks.push(tail);
  }
  // An entry with its node's master fields stores only its values (the listpack too).
  const same = sameFields(tail.masterFields, fields);
  tail.bytes += entryBytes(tail, newId, fields, same);
  const key = idKey(newId);
  chunkAppend(tail, key, encodeEntry(key, fields, same), totalLength);
  if (s.length === 0) s.firstId = newId;
  s.length++;
  s.lastId = newId;
  s.entriesAdded++;
  s.payloadBytes += totalLength;
  return newId;
}

// --- Reading ---

/** The index of the first chunk whose last entry's key is >= key (chunks.length if none). */
function chunkAtOrAfter(s: StreamObject, key: string): number {
  let lo = 0;
  let hi = s.chunks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((s.chunks[mid] as StreamChunk).lastKey < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Scratch output of findInChunk: the offset of the entry before the one found (-1 if none). */
let previousOffset = -1;

/** The offset of the chunk's first entry whose key is >= key (lp.length if none); sets previousOffset. */
function findInChunk(c: StreamChunk, key: string): number {
  const lp = c.lp;
  const end = lp.length;
  const from = keysShareFrom(c, key);
  let prev = -1;
  let p = 0;
  while (p < end && compareKeyAt(lp, p, key, from) < 0) {
    prev = p;
    p = entryEnd(c, p);
  }
  previousOffset = prev;
  return p;
}

/**
 * Visit the entries with start <= id <= end, ascending (or descending with `rev`), until `visit`
 * returns false. Mirrors streamIteratorStart + streamIteratorGetID.
 */
export function streamForRange(
  s: StreamObject, start: StreamId, end: StreamId, rev: boolean, visit: (entry: StreamEntry) => boolean,
): void {
  streamForRangeAt(s, start, end, rev, (chunk, p) => visit(decodeEntry(chunk, p)));
}

/** The entries with start <= id <= end as replies want them, [ID text, fields], at most `count` (0: all). */
export function streamRangePairs(
  s: StreamObject, start: StreamId, end: StreamId, rev: boolean, count: number,
): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [];
  streamForRangeAt(s, start, end, rev, (chunk, p) => {
    out.push(decodeEntryPair(chunk, p));
    return count === 0 || out.length < count;
  });
  return out;
}

/** streamForRange's walk, visiting each entry where it lies in its node (undecoded). */
function streamForRangeAt(
  s: StreamObject, start: StreamId, end: StreamId, rev: boolean, visit: (chunk: StreamChunk, p: number) => boolean,
): void {
  if (compareIds(start, end) > 0) return;
  const startKey = idKey(start);
  const endKey = idKey(end);
  if (!rev) {
    for (let c = chunkAtOrAfter(s, startKey); c < s.chunks.length; c++) {
      const chunk = s.chunks[c] as StreamChunk;
      const lp = chunk.lp;
      const stop = lp.length;
      const from = keysShareFrom(chunk, endKey);
      for (let p = findInChunk(chunk, startKey); p < stop; p = entryEnd(chunk, p)) {
        if (compareKeyAt(lp, p, endKey, from) > 0) return;
        if (!visit(chunk, p)) return;
      }
    }
    return;
  }
  let c = chunkAtOrAfter(s, endKey);
  if (c === s.chunks.length) c--;
  for (; c >= 0; c--) {
    const chunk = s.chunks[c] as StreamChunk;
    const lp = chunk.lp;
    const offsets = chunkOffsets(chunk);
    for (let i = offsets.length - 1; i >= 0; i--) {
      const p = offsets[i] as number;
      if (compareKeyAt(lp, p, endKey) > 0) continue;
      if (compareKeyAt(lp, p, startKey) < 0) return;
      if (!visit(chunk, p)) return;
    }
  }
}

/** The entries with start <= id <= end, at most `count` (0: all). */
export function streamRange(s: StreamObject, start: StreamId, end: StreamId, rev: boolean, count: number): StreamEntry[] {
  const out: StreamEntry[] = [];
  streamForRange(s, start, end, rev, (e) => {
    out.push(e);
    return count === 0 || out.length < count;
  });
  return out;
}

/** The entry with this exact ID, if live. */
export function streamLookup(s: StreamObject, id: StreamId): StreamEntry | undefined {
  const key = idKey(id);
  const c = s.chunks[chunkAtOrAfter(s, key)];
  if (c === undefined) return undefined;
  const p = findInChunk(c, key);
  return p < c.lp.length && compareKeyAt(c.lp, p, key) === 0 ? decodeEntry(c, p) : undefined;
}

export function streamFirstEntry(s: StreamObject): StreamEntry | undefined {
  const c = s.chunks[0];
  return c === undefined ? undefined : decodeEntry(c, 0);
}

export function streamLastEntry(s: StreamObject): StreamEntry | undefined {
  const c = s.chunks[s.chunks.length - 1];
  if (c === undefined) return undefined;
  const offsets = chunkOffsets(c);
  return decodeEntry(c, offsets[offsets.length - 1] as number);
}

/** The last live entry's ID, without decoding the entry (undefined when empty). */
export function streamLastLiveId(s: StreamObject): StreamId | undefined {
  const c = s.chunks[s.chunks.length - 1];
  return c === undefined ? undefined : idAt(c.lastKey, 0);
}

// --- Deleting (streamDeleteItem, streamTrim) ---

/** XDEL one ID: true if it was a live entry. Updates max_deleted_entry_id and the first ID. */
export function streamDelete(s: StreamObject, id: StreamId): boolean {
  const key = idKey(id);
  const ci = chunkAtOrAfter(s, key);
  const c = s.chunks[ci];
  if (c === undefined) return false;
  const p = findInChunk(c, key);
  if (p === c.lp.length || compareKeyAt(c.lp, p, key) !== 0) return false;
  const prev = previousOffset;
  const q = entryEnd(c, p);
  const entryPayload = entryPayloadAt(c, p);
  s.payloadBytes -= entryPayload;
  s.length--;
  if (c.count === 1) {
    s.chunks.splice(ci, 1);
  } else {
    // The string is copied without the entry (Redis flags it deleted in place; see stream-node.ts).
    const lp = c.lp;
    c.lp = flat(lp.substring(0, p) + lp.substring(q));
    c.pending = 0;
    c.count--;
    c.deleted++;
    c.payload -= entryPayload;
    if (q === lp.length) c.lastKey = unslice(c.lp.substring(prev, prev + keyLength(c.lp, prev)));
  }
  if (compareIds(id, s.maxDeletedId) > 0) s.maxDeletedId = id;
  refreshFirstId(s);
  return true;
}

function refreshFirstId(s: StreamObject): void {
  const c = s.chunks[0];
  s.firstId = c === undefined ? ZERO_ID : idAt(c.lp, 0);
}

/** A trim request (streamAddTrimArgs): by length or by minimum ID, exact or approximate. */
export interface TrimSpec {
  readonly strategy: 'maxlen' | 'minid';
  readonly maxlen: number;
  readonly minid: StreamId;
  readonly approx: boolean;
  /** At most this many entries removed (approximate only); 0: no limit. */
  readonly limit: number;
}

/** streamTrim: remove entries from the head; returns how many. */
export function streamTrim(s: StreamObject, spec: TrimSpec): number {
  let deleted = 0;
  const minKey = spec.strategy === 'minid' ? idKey(spec.minid) : '';
  while (s.chunks.length > 0) {
    if (spec.strategy === 'maxlen' && s.length <= spec.maxlen) break;
    const c = s.chunks[0] as StreamChunk;
    const live = c.count;
    if (spec.limit !== 0 && deleted + live > spec.limit) break;
    const removeNode = spec.strategy === 'maxlen' ? s.length - live >= spec.maxlen : c.lastKey < minKey;
    if (removeNode) {
      s.payloadBytes -= c.payload;
      s.chunks.shift();
      s.length -= live;
      deleted += live;
      continue;
    }
    if (spec.approx) break;
    // Delete entries from the node's head until enough are gone; the node keeps at least one.
    const lp = c.lp;
    let n = 0;
    let p = 0;
    let payload = 0;
    while (n < live) {
      if (spec.strategy === 'maxlen' ? s.length - n <= spec.maxlen : compareKeyAt(lp, p, minKey) >= 0) break;
      payload += entryPayloadAt(c, p);
      p = entryEnd(c, p);
      n++;
    }
    if (n > 0) {
      c.lp = unslice(lp.substring(p));
      c.pending = 0;
      c.count -= n;
      c.deleted += n;
      c.payload -= payload;
      s.payloadBytes -= payload;
      s.length -= n;
      deleted += n;
    }
    break;
  }
  if (deleted > 0) refreshFirstId(s);
  return deleted;
}

// --- Copying ---

/** A deep copy for COPY (node strings are immutable and shared; chunks, groups and PELs are not). */
export function duplicateStream(s: StreamObject, copyGroups: (g: ConsumerGroup) => ConsumerGroup): StreamObject {
  const copy = createStream();
  copy.lru = s.lru;
  copy.chunks = s.chunks.map((c) => ({ ...c }));
  copy.length = s.length;
  copy.lastId = s.lastId;
  copy.firstId = s.firstId;
  copy.maxDeletedId = s.maxDeletedId;
  copy.entriesAdded = s.entriesAdded;
  copy.payloadBytes = s.payloadBytes;
  if (s.groups !== undefined) {
    copy.groups = new Map();
    for (const [name, g] of s.groups) copy.groups.set(name, copyGroups(g));
  }
  return copy;
}

/** Debug aid: the IDs in order. */
export function streamIds(s: StreamObject): string[] {
  const out: string[] = [];
  for (const c of s.chunks) for (const p of chunkOffsets(c)) out.push(formatId(idAt(c.lp, p)));
  return out;
}
