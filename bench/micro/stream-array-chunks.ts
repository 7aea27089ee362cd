// A frozen copy of src/datatypes/stream/stream-type.ts before its nodes were packed (2026-11-27): the
// "before" side of bench/micro/stream.bench.ts. Not used by the server.

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
// We keep the same node boundaries: a chunk is an array of live entries plus the count of
// entries deleted from it and an estimate of its listpack's bytes (exact for the usual small
// integers and short strings, see lpElementBytes), so `~` trims exactly what Redis trims. Inside a
// chunk the entries are a plain sorted array (deleting splices it: at most a node's worth of
// work); the chunks are a sorted array searched by binary search instead of a radix tree.

import { compareIds, formatId, nextAutoId, ZERO_ID, type StreamId } from '../../src/datatypes/stream/stream-id.js';
import type { ConsumerGroup } from '../../src/datatypes/stream/consumer-group.js';

/** One entry: its ID and its fields and values, alternating, as latin1 strings. */
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
  /** Live entries in ID order; never empty. */
  entries: StreamEntry[];
  /** Entries flagged deleted inside the node: they still count toward its fullness. */
  deleted: number;
  /**
   * The listpack's size in bytes as Redis would have it, without its first two elements (the live
   * and deleted counters, whose size changes as they grow): see streamNodeBytes.
   */
  bytes: number;
}

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
    else if (limits.maxEntries !== 0 && tail.entries.length + tail.deleted >= limits.maxEntries) tail = undefined;
  }
  if (tail === undefined) {
    const masterFields: string[] = [];
    for (let i = 0; i < fields.length; i += 2) masterFields.push(fields[i] as string);
    // num-fields, the fields, the master terminator (count and deleted: streamNodeBytes).
    let bytes = LP_HEADER_BYTES + lpIntBytes(masterFields.length) + lpIntBytes(0);
    for (const f of masterFields) bytes += lpElementBytes(f);
    tail = { masterId: newId, masterFields, entries: [], deleted: 0, bytes };
    s.chunks.push(tail);
  }
  // An entry with its node's master fields shares the master's field-name strings (the listpack
  // stores them once too): two fewer strings per entry in the usual case.
  const same = sameFields(tail.masterFields, fields);
  let stored = fields;
  if (same) {
    const shared = fields.slice();
    for (let i = 0; i < tail.masterFields.length; i++) shared[i * 2] = tail.masterFields[i] as string;
    stored = shared;
  }
  const entry: StreamEntry = { id: newId, fields: stored };
  tail.bytes += entryBytes(tail, entry, same);
  tail.entries.push(entry);
  if (s.length === 0) s.firstId = newId;
  s.length++;
  s.lastId = newId;
  s.entriesAdded++;
  s.payloadBytes += totalLength;
  return newId;
}

/** A node's listpack size in bytes, as lpBytes reports it in Redis (its live and deleted counters included). */
export function streamNodeBytes(chunk: StreamChunk): number {
  return chunk.bytes + lpIntBytes(chunk.entries.length) + lpIntBytes(chunk.deleted);
}

/** The bytes one entry adds to its node's listpack: flags, ID deltas, [fields], values, lp-count. */
function entryBytes(chunk: StreamChunk, entry: StreamEntry, same: boolean): number {
  const fields = entry.fields;
  // The deltas are written as int64 (lpAppendInteger): an unsigned difference wraps.
  let bytes = lpIntBytes(same ? 2 : 0) + deltaBytes(entry.id.ms, chunk.masterId.ms) + deltaBytes(entry.id.seq, chunk.masterId.seq);
  const pairs = fields.length / 2;
  if (!same) bytes += lpIntBytes(pairs);
  for (let i = 0; i < fields.length; i += 2) {
    if (!same) bytes += lpElementBytes(fields[i] as string);
    bytes += lpElementBytes(fields[i + 1] as string);
  }
  return bytes + lpIntBytes(3 + pairs + (same ? 0 : pairs + 1));
}

/** The listpack bytes of `a - b` stored as an int64. */
function deltaBytes(a: bigint, b: bigint): number {
  const d = a - b;
  // The usual case (an entry a few ms or sequence numbers after its node's first) stays small.
  if (d >= 0n && d <= 127n) return 2;
  return lpBigIntBytes(BigInt.asIntN(64, d));
}

/** Does the entry have exactly the node's master fields (STREAM_ITEM_FLAG_SAMEFIELDS)? */
export function sameFields(master: readonly string[], fields: readonly string[]): boolean {
  if (master.length * 2 !== fields.length) return false;
  for (let i = 0; i < master.length; i++) if (master[i] !== fields[i * 2]) return false;
  return true;
}

// --- Listpack sizes (listpack.c lpEncodeGetType, lpEncodeBacklen) ---

const LP_HEADER_BYTES = 6 + 1; // total bytes + count, and the end byte

function lpBacklenBytes(l: number): number {
  return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
}

function lpIntBytes(v: number): number {
  const enc = v >= 0 && v <= 127 ? 1 : v >= -4096 && v <= 4095 ? 2 : v >= -32768 && v <= 32767 ? 3
    : v >= -8388608 && v <= 8388607 ? 4 : v >= -2147483648 && v <= 2147483647 ? 5 : 9;
  return enc + 1;
}

function lpBigIntBytes(v: bigint): number {
  return v >= -2147483648n && v <= 2147483647n ? lpIntBytes(Number(v)) : 10;
}

/** One element's bytes: as an integer when the text is one (string2ll), else as a string. */
export function lpElementBytes(text: string): number {
  const n = text.length;
  if (n > 0 && n <= 20 && isIntText(text)) {
    // Up to 15 digits a double is exact: no bigint on the common path.
    if (n <= 15) return lpIntBytes(Number(text));
    const v = BigInt(text);
    if (v >= -(1n << 63n) && v < 1n << 63n) return lpBigIntBytes(v);
  }
  const enc = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
  return enc + lpBacklenBytes(enc);
}

function isIntText(text: string): boolean {
  let i = text.charCodeAt(0) === 0x2d ? 1 : 0;
  if (i === text.length) return false;
  if (text.charCodeAt(i) === 0x30) return text.length === 1;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

// --- Reading ---

/** The index of the first chunk whose last entry is >= id (chunks.length if none). */
function chunkAtOrAfter(s: StreamObject, id: StreamId): number {
  let lo = 0;
  let hi = s.chunks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = s.chunks[mid] as StreamChunk;
    if (compareIds((c.entries[c.entries.length - 1] as StreamEntry).id, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first entry of `entries` >= id. */
function entryAtOrAfter(entries: readonly StreamEntry[], id: StreamId): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareIds((entries[mid] as StreamEntry).id, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Visit the entries with start <= id <= end, ascending (or descending with `rev`), until `visit`
 * returns false. Mirrors streamIteratorStart + streamIteratorGetID.
 */
export function streamForRange(
  s: StreamObject, start: StreamId, end: StreamId, rev: boolean, visit: (entry: StreamEntry) => boolean,
): void {
  if (compareIds(start, end) > 0) return;
  if (!rev) {
    for (let c = chunkAtOrAfter(s, start); c < s.chunks.length; c++) {
      const entries = (s.chunks[c] as StreamChunk).entries;
      for (let i = entryAtOrAfter(entries, start); i < entries.length; i++) {
        const e = entries[i] as StreamEntry;
        if (compareIds(e.id, end) > 0) return;
        if (!visit(e)) return;
      }
    }
    return;
  }
  let c = chunkAtOrAfter(s, end);
  if (c === s.chunks.length) c--;
  for (; c >= 0; c--) {
    const entries = (s.chunks[c] as StreamChunk).entries;
    let i = entryAtOrAfter(entries, end);
    if (i === entries.length || compareIds((entries[i] as StreamEntry).id, end) > 0) i--;
    for (; i >= 0; i--) {
      const e = entries[i] as StreamEntry;
      if (compareIds(e.id, start) < 0) return;
      if (!visit(e)) return;
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
  const c = s.chunks[chunkAtOrAfter(s, id)];
  if (c === undefined) return undefined;
  const e = c.entries[entryAtOrAfter(c.entries, id)];
  return e !== undefined && compareIds(e.id, id) === 0 ? e : undefined;
}

export function streamFirstEntry(s: StreamObject): StreamEntry | undefined {
  return s.chunks[0]?.entries[0];
}

export function streamLastEntry(s: StreamObject): StreamEntry | undefined {
  const c = s.chunks[s.chunks.length - 1];
  return c?.entries[c.entries.length - 1];
}

// --- Deleting (streamDeleteItem, streamTrim) ---

/** XDEL one ID: true if it was a live entry. Updates max_deleted_entry_id and the first ID. */
export function streamDelete(s: StreamObject, id: StreamId): boolean {
  const ci = chunkAtOrAfter(s, id);
  const c = s.chunks[ci];
  if (c === undefined) return false;
  const i = entryAtOrAfter(c.entries, id);
  const e = c.entries[i];
  if (e === undefined || compareIds(e.id, id) !== 0) return false;
  removeAt(s, ci, i);
  if (compareIds(id, s.maxDeletedId) > 0) s.maxDeletedId = id;
  refreshFirstId(s);
  return true;
}

function removeAt(s: StreamObject, ci: number, i: number): void {
  const c = s.chunks[ci] as StreamChunk;
  const [e] = c.entries.splice(i, 1);
  for (const f of (e as StreamEntry).fields) s.payloadBytes -= f.length;
  s.length--;
  if (c.entries.length === 0) s.chunks.splice(ci, 1);
  else c.deleted++;
}

function refreshFirstId(s: StreamObject): void {
  s.firstId = streamFirstEntry(s)?.id ?? ZERO_ID;
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
  while (s.chunks.length > 0) {
    if (spec.strategy === 'maxlen' && s.length <= spec.maxlen) break;
    const c = s.chunks[0] as StreamChunk;
    const live = c.entries.length;
    if (spec.limit !== 0 && deleted + live > spec.limit) break;
    const removeNode = spec.strategy === 'maxlen'
      ? s.length - live >= spec.maxlen
      : compareIds((c.entries[live - 1] as StreamEntry).id, spec.minid) < 0;
    if (removeNode) {
      for (const e of c.entries) for (const f of e.fields) s.payloadBytes -= f.length;
      s.chunks.shift();
      s.length -= live;
      deleted += live;
      continue;
    }
    if (spec.approx) break;
    // Flag entries deleted inside this node until enough are gone; the node keeps at least one.
    let n = 0;
    while (n < live) {
      const e = c.entries[n] as StreamEntry;
      if (spec.strategy === 'maxlen' ? s.length - n <= spec.maxlen : compareIds(e.id, spec.minid) >= 0) break;
      for (const f of e.fields) s.payloadBytes -= f.length;
      n++;
    }
    c.entries.splice(0, n);
    c.deleted += n;
    s.length -= n;
    deleted += n;
    break;
  }
  refreshFirstId(s);
  return deleted;
}

// --- Copying ---

/** A deep copy for COPY (entries are immutable and shared; chunks, groups and PELs are not). */
export function duplicateStream(s: StreamObject, copyGroups: (g: ConsumerGroup) => ConsumerGroup): StreamObject {
  const copy = createStream();
  copy.lru = s.lru;
  copy.chunks = s.chunks.map((c) => ({ ...c, entries: c.entries.slice() }));
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
  for (const c of s.chunks) for (const e of c.entries) out.push(formatId(e.id));
  return out;
}

