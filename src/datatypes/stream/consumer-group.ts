// Consumer groups: a group's last delivered ID and read counter, its consumers, and the pending
// entries list (PEL) of messages delivered but not yet acknowledged.
// Mirrors: redis src/t_stream.c (streamCreateCG, streamCreateNACK, streamLookupConsumer,
// streamCreateConsumer, streamDelConsumer, streamEstimateDistanceFromFirstEverEntry,
// streamRangeHasTombstones) and src/stream.h (streamCG, streamConsumer, streamNACK).
//
// Redis keeps each PEL as a radix tree keyed by the 128-bit big-endian ID, the group's and each
// consumer's sharing the same NACK structs. We keep sorted arrays of the same shared objects:
// inserting is a binary search plus a splice; PELs are usually short (clients acknowledge).

import { compareIds, isZeroId, MAX_ID, ZERO_ID, type StreamId } from './stream-id.js';
import type { StreamObject } from './stream-type.js';

/** A delivered, unacknowledged message (streamNACK). */
export interface PendingEntry {
  readonly id: StreamId;
  consumer: Consumer;
  /** Unix ms of the last delivery. */
  deliveryTime: number;
  deliveryCount: number;
}

export interface Consumer {
  /** latin1 bytes. */
  readonly name: string;
  /** Unix ms of the last time it read or claimed (seen-time). */
  seenTime: number;
  readonly pel: PendingEntry[];
}

/** SCG_INVALID_ENTRIES_READ: the group's read counter is unknown. */
export const ENTRIES_READ_INVALID = -1n;

export interface ConsumerGroup {
  readonly name: string;
  lastId: StreamId;
  /** Logical read counter (entries_read), or ENTRIES_READ_INVALID. */
  entriesRead: bigint;
  readonly pel: PendingEntry[];
  readonly consumers: Map<string, Consumer>;
}

// --- Groups ---

export function createGroup(s: StreamObject, name: string, lastId: StreamId, entriesRead: bigint): ConsumerGroup | undefined {
  s.groups ??= new Map();
  if (s.groups.has(name)) return undefined;
  const group: ConsumerGroup = { name, lastId, entriesRead, pel: [], consumers: new Map() };
  s.groups.set(name, group);
  return group;
}

export function lookupGroup(s: StreamObject, name: string): ConsumerGroup | undefined {
  return s.groups?.get(name);
}

/** Groups sorted by name, as Redis's rax of groups iterates them. */
export function groupsSorted(s: StreamObject): ConsumerGroup[] {
  if (s.groups === undefined) return [];
  return [...s.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function consumersSorted(g: ConsumerGroup): Consumer[] {
  return [...g.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function createConsumer(g: ConsumerGroup, name: string, nowMs: number): Consumer | undefined {
  if (g.consumers.has(name)) return undefined;
  const consumer: Consumer = { name, seenTime: nowMs, pel: [] };
  g.consumers.set(name, consumer);
  return consumer;
}

/** streamDelConsumer: drop the consumer and its pending entries; returns how many were pending. */
export function deleteConsumer(g: ConsumerGroup, consumer: Consumer): number {
  const pending = consumer.pel.length;
  for (const nack of consumer.pel) pelRemove(g.pel, nack.id);
  g.consumers.delete(consumer.name);
  return pending;
}

/** A deep copy (COPY). */
export function duplicateGroup(g: ConsumerGroup): ConsumerGroup {
  const copy: ConsumerGroup = { name: g.name, lastId: g.lastId, entriesRead: g.entriesRead, pel: [], consumers: new Map() };
  for (const c of g.consumers.values()) copy.consumers.set(c.name, { name: c.name, seenTime: c.seenTime, pel: [] });
  for (const nack of g.pel) {
    const owner = copy.consumers.get(nack.consumer.name) as Consumer;
    const n: PendingEntry = { id: nack.id, consumer: owner, deliveryTime: nack.deliveryTime, deliveryCount: nack.deliveryCount };
    copy.pel.push(n);
    owner.pel.push(n);
  }
  return copy;
}

// --- PELs: sorted arrays of shared PendingEntry objects ---

/** The index of the first entry >= id. */
export function pelIndex(pel: readonly PendingEntry[], id: StreamId): number {
  let lo = 0;
  let hi = pel.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareIds((pel[mid] as PendingEntry).id, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function pelFind(pel: readonly PendingEntry[], id: StreamId): PendingEntry | undefined {
  const e = pel[pelIndex(pel, id)];
  return e !== undefined && compareIds(e.id, id) === 0 ? e : undefined;
}

/** Insert keeping the order; the caller knows the ID is absent. */
export function pelInsert(pel: PendingEntry[], nack: PendingEntry): void {
  const last = pel[pel.length - 1];
  if (last === undefined || compareIds(last.id, nack.id) < 0) pel.push(nack);
  else pel.splice(pelIndex(pel, nack.id), 0, nack);
}

export function pelRemove(pel: PendingEntry[], id: StreamId): boolean {
  const i = pelIndex(pel, id);
  const e = pel[i];
  if (e === undefined || compareIds(e.id, id) !== 0) return false;
  pel.splice(i, 1);
  return true;
}

/** Acknowledge one ID: remove it from the group's and its consumer's PEL. */
export function ackId(g: ConsumerGroup, id: StreamId): boolean {
  const nack = pelFind(g.pel, id);
  if (nack === undefined) return false;
  pelRemove(g.pel, id);
  pelRemove(nack.consumer.pel, id);
  return true;
}

/** Give a pending entry to another consumer (XCLAIM, XAUTOCLAIM, XREADGROUP re-delivery). */
export function moveNack(nack: PendingEntry, to: Consumer): void {
  if (nack.consumer === to) return;
  pelRemove(nack.consumer.pel, nack.id);
  nack.consumer = to;
  pelInsert(to.pel, nack);
}

// --- Read counters and lag (7.0) ---

/** streamRangeHasTombstones: might an XDEL'd entry lie between start and end (inclusive)? */
export function rangeHasTombstones(s: StreamObject, start: StreamId | undefined, end: StreamId | undefined): boolean {
  if (s.length === 0 || isZeroId(s.maxDeletedId)) return false;
  if (compareIds(s.firstId, s.maxDeletedId) > 0) return false;
  const from = start ?? ZERO_ID;
  const to = end ?? MAX_ID;
  return compareIds(from, s.maxDeletedId) <= 0 && compareIds(s.maxDeletedId, to) <= 0;
}

/**
 * streamEstimateDistanceFromFirstEverEntry: the logical read counter of `id` (how many entries
 * were added up to it), when it can be known without walking the stream; else ENTRIES_READ_INVALID.
 */
export function estimateEntriesRead(s: StreamObject, id: StreamId): bigint {
  if (s.entriesAdded === 0n) return 0n;
  if (s.length === 0 && compareIds(id, s.lastId) < 1) return s.entriesAdded;
  const cmpLast = compareIds(id, s.lastId);
  if (cmpLast === 0) return s.entriesAdded;
  if (cmpLast > 0) return ENTRIES_READ_INVALID;
  const cmpFirst = compareIds(id, s.firstId);
  if (isZeroId(s.maxDeletedId) || compareIds(s.maxDeletedId, s.firstId) < 0) {
    if (cmpFirst < 0) return s.entriesAdded - BigInt(s.length);
    if (cmpFirst === 0) return s.entriesAdded - BigInt(s.length) + 1n;
  }
  return ENTRIES_READ_INVALID;
}

/** streamReplyWithCGLag: entries not yet delivered to the group, or undefined if unknowable. */
export function groupLag(s: StreamObject, g: ConsumerGroup): bigint | undefined {
  if (s.entriesAdded === 0n) return 0n;
  if (g.entriesRead !== ENTRIES_READ_INVALID && !rangeHasTombstones(s, g.lastId, undefined)) {
    return s.entriesAdded - g.entriesRead;
  }
  const read = estimateEntriesRead(s, g.lastId);
  return read === ENTRIES_READ_INVALID ? undefined : s.entriesAdded - read;
}

/** Advance the group's last ID past a delivered entry, keeping entries_read (streamReplyWithRange). */
export function advanceGroup(s: StreamObject, g: ConsumerGroup, id: StreamId): boolean {
  if (compareIds(id, g.lastId) <= 0) return false;
  if (g.entriesRead !== ENTRIES_READ_INVALID && !rangeHasTombstones(s, id, undefined)) g.entriesRead++;
  else if (s.entriesAdded !== 0n) g.entriesRead = estimateEntriesRead(s, id);
  g.lastId = id;
  return true;
}
