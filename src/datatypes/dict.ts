// The hash table behind the `hashtable` encoding of hashes and sets: O(1) lookup, O(1) uniform random
// pick, and a scan cursor that never misses an element.
// Mirrors: redis src/dict.c (dictAdd, dictDelete, dictFind, dictGetFairRandomKey, dictScan, dictResize).
//
// The problem. A Redis hash table must do three things at once: find a key in O(1); pick a random key
// in O(1) (SPOP, SRANDMEMBER, HRANDFIELD); and support HSCAN/SSCAN, whose contract is that every
// element present from the first call of a scan to the last is returned at least once, however the
// table changes in between. Redis walks its buckets in reverse-binary order, which keeps that promise
// even when the table grows or shrinks between calls (the cursor is a bucket index read bit-reversed,
// so the buckets a key can move to on a resize are all still ahead of the cursor).
//
// A JS Map gives O(1) lookup but no positions: it can neither pick a random key nor resume a walk from
// a number. So we keep the Map for lookup and add a slot array that does the other two:
//
//   index: Map<key, slot>       keys[slot]: the key (undefined once deleted: a "hole")
//                               seqs[slot]: the key's sequence number
//
// Every key added gets the next sequence number (1, 2, 3 ...) and a slot at the end of the array, so
// `seqs` is always sorted. Deleting a key leaves a hole that keeps its sequence number. When holes
// outnumber live keys the array is compacted: live slots slide down, in order, keeping their sequence
// numbers, so `seqs` stays sorted. That is all the invariants we need:
//
//   - Random pick: probe random slots until one is live. Holes are never more than half the array, so
//     that takes at most 2 probes on average, and every live key is equally likely (Redis's
//     dictGetFairRandomKey is only approximately fair: it samples a few buckets and then a chain).
//   - Scan: the cursor is a sequence number. A call binary-searches the first slot whose number is
//     >= the cursor, walks `count` live keys, and returns the number of the next slot as the cursor.
//     A key keeps its number for its whole life and numbers only grow, so a scan visits every key
//     that existed for its whole duration exactly once (Redis may return some twice), whether or not
//     the array was compacted in between. Keys added during a scan may or may not be seen, as in Redis.
//   - Iteration (HGETALL, SMEMBERS) follows slot order, which is insertion order. Redis's order is its
//     bucket order; both are "unspecified" to clients.
//
// Costs: add, delete, lookup O(1) (compaction is O(n) but happens once per n/2 deletes, so O(1)
// amortised); random pick O(1) expected; a scan call O(log n + count).
// SIMPLIFIED: no incremental rehashing (V8's Map rehashes itself) and no shrinking beyond compaction.

import type { Rng } from '../util/clock.js';

/** One call's worth of a scan: the slots met (live ones only) and the cursor for the next call. */
export interface DictScanStep {
  readonly cursor: number;
  readonly slots: readonly number[];
}

/** How many slots a scan call may visit per element asked for (Redis's maxiterations = count * 10). */
const SCAN_VISITS_PER_COUNT = 10;

/** A set of keys (latin1 strings): the `hashtable` encoding of a set. Dict<V> adds values. */
export class DictSet {
  protected readonly index = new Map<string, number>();
  protected keys: Array<string | undefined> = [];
  protected seqs: number[] = [];
  private nextSeq = 1;
  private holes = 0;
  /**
   * The sum of the keys' lengths in bytes, kept as keys come and go so memory accounting
   * (src/eviction/memory-model.ts) prices the table in O(1).
   */
  keyBytes = 0;

  get size(): number {
    return this.index.size;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  /** Add a key; false if it was already there. */
  add(key: string): boolean {
    if (this.index.has(key)) return false;
    this.appendSlot(key);
    return true;
  }

  /** Delete a key; false if it was not there. */
  delete(key: string): boolean {
    const slot = this.index.get(key);
    if (slot === undefined) return false;
    this.index.delete(key);
    this.keyBytes -= key.length;
    this.keys[slot] = undefined;
    this.clearValue(slot);
    this.holes++;
    if (this.index.size === 0) this.reset();
    else if (this.holes > this.index.size) this.compact();
    return true;
  }

  /** The keys in slot (insertion) order. */
  keyList(): string[] {
    const out: string[] = new Array<string>(this.index.size);
    let n = 0;
    for (const key of this.keys) if (key !== undefined) out[n++] = key;
    return out;
  }

  /** Every live slot, in order (for sampling). */
  slotList(): number[] {
    const out: number[] = [];
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== undefined) out.push(i);
    return out;
  }

  /** A uniformly random live slot. The table must not be empty. */
  randomSlot(rng: Rng): number {
    if (this.index.size === 0) throw new Error('randomSlot on an empty dict');
    const keys = this.keys;
    for (;;) {
      const slot = rng.int(keys.length);
      if (keys[slot] !== undefined) return slot;
    }
  }

  /** A uniformly random key. The table must not be empty. */
  randomKey(rng: Rng): string {
    return this.keys[this.randomSlot(rng)] as string;
  }

  /** The key in a live slot (from randomSlot or scan). */
  keyAt(slot: number): string {
    return this.keys[slot] as string;
  }

  /**
   * Walk up to `count` live keys starting at the scan cursor `cursor` (0 starts a scan). The
   * returned cursor is 0 when the walk reached the end. See the header for the guarantee.
   */
  scan(cursor: number, count: number): DictScanStep {
    const keys = this.keys;
    const seqs = this.seqs;
    let i = lowerBound(seqs, cursor);
    const slots: number[] = [];
    const limit = Math.min(keys.length, i + count * SCAN_VISITS_PER_COUNT);
    for (; i < limit && slots.length < count; i++) {
      if (keys[i] !== undefined) slots.push(i);
    }
    return { cursor: i < keys.length ? (seqs[i] as number) : 0, slots };
  }

  // --- Slot bookkeeping, shared with Dict<V> ---

  protected appendSlot(key: string): number {
    const slot = this.keys.length;
    this.keyBytes += key.length;
    this.keys.push(key);
    this.seqs.push(this.nextSeq++);
    this.index.set(key, slot);
    return slot;
  }

  /** Subclasses drop the value stored for a slot that became a hole. */
  protected clearValue(_slot: number): void {}

  /** Subclasses move a value when compaction moves its key. */
  protected moveValue(_from: number, _to: number): void {}

  /** Subclasses cut their value array to the new length after compaction. */
  protected truncateValues(_length: number): void {}

  /** The table is empty: drop the arrays, but keep counting sequence numbers (a scan may be running). */
  private reset(): void {
    this.keys = [];
    this.seqs = [];
    this.truncateValues(0);
    this.holes = 0;
  }

  /** Slide live slots down over the holes, in order, keeping their sequence numbers. */
  private compact(): void {
    const keys = this.keys;
    const seqs = this.seqs;
    let to = 0;
    for (let from = 0; from < keys.length; from++) {
      const key = keys[from];
      if (key === undefined) continue;
      if (to !== from) {
        keys[to] = key;
        seqs[to] = seqs[from] as number;
        this.moveValue(from, to);
        this.index.set(key, to);
      }
      to++;
    }
    keys.length = to;
    seqs.length = to;
    this.truncateValues(to);
    this.holes = 0;
  }
}

/** A map of keys to values: the `hashtable` encoding of a hash (field → value). */
export class Dict<V> extends DictSet {
  private values: Array<V | undefined> = [];
  /** The sum of the string values' lengths in bytes (memory accounting; other values count 0). */
  valueBytes = 0;

  get(key: string): V | undefined {
    const slot = this.index.get(key);
    return slot === undefined ? undefined : this.values[slot];
  }

  /** Set a key's value; true if the key is new. An existing key keeps its slot (and scan position). */
  set(key: string, value: V): boolean {
    const slot = this.index.get(key);
    if (slot !== undefined) {
      this.valueBytes += valueLength(value) - valueLength(this.values[slot]);
      this.values[slot] = value;
      return false;
    }
    this.valueBytes += valueLength(value);
    this.values[this.appendSlot(key)] = value;
    return true;
  }

  /** The value in a live slot (from randomSlot or scan). */
  valueAt(slot: number): V {
    return this.values[slot] as V;
  }

  /** The values in slot (insertion) order. */
  valueList(): V[] {
    const out: V[] = new Array<V>(this.size);
    let n = 0;
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== undefined) out[n++] = this.values[i] as V;
    return out;
  }

  /** Call `fn` for each key and value, in slot order. */
  forEach(fn: (key: string, value: V) => void): void {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key !== undefined) fn(key, this.values[i] as V);
    }
  }

  protected override clearValue(slot: number): void {
    this.valueBytes -= valueLength(this.values[slot]);
    this.values[slot] = undefined;
  }

  protected override moveValue(from: number, to: number): void {
    this.values[to] = this.values[from];
  }

  protected override truncateValues(length: number): void {
    if (length === 0) this.values = [];
    else this.values.length = length;
  }
}

/** A value's bytes for accounting: a latin1 string's length, 0 for anything else. */
function valueLength(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}

/** The first index whose value is >= `target` in a sorted array (its length if none). */
function lowerBound(sorted: readonly number[], target: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The largest count of picks-with-repeats (SRANDMEMBER/HRANDFIELD with a negative count) we build a
 * reply for. DIFFERS FROM REDIS: Redis 7.0 accepts any count up to LONG_MAX and tries to send that
 * many elements (a count like -1e12 exhausts its memory); we refuse beyond 2^24 (16,777,216) picks
 * with 'ERR value is out of range' rather than take the server down.
 */
export const MAX_RANDOM_PICKS = 2 ** 24;

/**
 * How much bigger than the sample the collection must be before we sample by random draws rather than
 * by shuffling everything (Redis's SRANDMEMBER_SUB_STRATEGY_MUL, also used by HRANDFIELD/ZRANDMEMBER).
 */
const SUB_STRATEGY_MUL = 3;

/**
 * `count` distinct items out of a collection of `size` (0 < count < size), uniformly. Like Redis
 * (srandmemberWithCountCommand "CASE 3 / CASE 4"), the strategy depends on how close `count` is to
 * `size`: close to it, take every item and shuffle `count` of them to the front (a partial
 * Fisher-Yates, O(size) = O(count)); far below it, draw random items and skip repeats, which needs
 * few redraws when most items are not yet chosen (O(count) expected). `randomItem` must return a
 * uniformly random item (a slot or an index), `allItems` every item.
 */
export function sampleDistinct<T>(count: number, size: number, rng: Rng, randomItem: () => T, allItems: () => T[]): T[] {
  if (count * SUB_STRATEGY_MUL > size) {
    const all = allItems();
    for (let i = 0; i < count; i++) {
      const j = i + rng.int(all.length - i);
      const picked = all[j] as T;
      all[j] = all[i] as T;
      all[i] = picked;
    }
    all.length = count;
    return all;
  }
  const seen = new Set<T>();
  const out: T[] = [];
  while (out.length < count) {
    const item = randomItem();
    if (seen.has(item)) continue;
    seen.add(item);
    out.push(item);
  }
  return out;
}
