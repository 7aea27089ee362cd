// The keyspace's dictionary: key → value, and the slot array that SCAN cursors, RANDOMKEY and
// eviction sampling walk, in one structure of our own instead of a V8 Map plus a side array.
// Mirrors: redis src/dict.c (dictFind, dictAdd, dictDelete, _dictExpandIfNeeded, dictScan's role)
//
// Why not a Map. A Map<string, V> is V8's OrderedHashMap: a bucket array, then entries of three words
// (key, value, chain link) reached by following the chain and comparing each entry's stored key string
// by content. On a large keyspace every probe touches ~5-6 cache lines on as many 4 KB pages (bucket,
// ~1.8 chain entries, each entry's key string, the value), and on this KVM guest each of those is a
// likely TLB miss (bench/results/perf-2026-11-27-mset.md). And a Map has no positions, so SCAN needed
// a slot array beside it and the slot number was kept on every value (`obj.slot`), 8 bytes a key each.
//
// The design, in two parts:
// - Entries. Each live key owns a slot for as long as it lives: slots never move, freed slots are
//   reused by new keys, free slots at the end are trimmed. The slot number is SCAN's cursor, so a walk
//   in slot order meets every key present for its whole duration (Redis's SCAN guarantee, which Redis
//   gets from its reverse-binary cursor over buckets). Key and value sit side by side in the slot
//   (`[key, value]` pairs in fixed chunks of CHUNK_SLOTS slots), so they share a cache line.
// - The index. An Int32Array of pairs [hash, slot + 1] (0: empty position), open
//   addressing with linear probing. The stored 32-bit hash is compared first, so a probe reads an
//   entry and its key string only when the hashes match: a hit touches the index line, the entry's
//   line, the key string (compared by content) and the value, ~4 lines instead of ~5.5. Deletion
//   shifts the following run back (backward-shift deletion), so there are no tombstones and a miss
//   stops at the first empty position.
//
// Load factor: the index grows when it would pass 4/5 full and shrinks when under 1/10 (Redis shrinks
// its dict under 10% fill too), each time to twice the key count (half full), so it stays between
// half and 4/5 full while keys are added. Linear probing at load a costs about (1 + 1/(1-a))/2
// positions for a hit and (1 + 1/(1-a)^2)/2 for a miss: 3 and 13 at 4/5, and eight 8-byte pairs share
// a cache line, so even a miss at the worst load reads one or two lines. The index costs 8 bytes a
// position: 10-16 bytes a key (the Map's table ~28). Its size is not held to a power of two, where
// doubling would leave it between 3/8 and 3/4 full (16.8 bytes a key at 1M keys against 10.9): a
// hash's home position is the hash read as a fraction of 2^32 times the size (a multiply, not a mask).
//
// Resizing happens in one go, rebuilt from the stored hashes (entries do not move and no key string
// is read, so only the index is rewritten): ~35 ms for the growth at 1.7M keys on the development VM.
// Redis rehashes incrementally (dict.c's rehashidx moves a few buckets per operation and per cron
// tick) so a huge dict never stalls the server; V8's Map, which this replaces, also rebuilds its table
// in one go (~50 ms at 1M keys in the same test), so the stall is no worse than before.
//
// Hash: murmur3-style mixing of the key's chars, four at a time, seeded at random per process, so
// which keys collide differs from one run to the next. DIFFERS FROM REDIS: Redis hashes keys with
// SipHash-1-2 under a random key, which resists deliberately chosen colliding keys; a Math.imul mix
// like this one (or V8's own string hash, which the Map used) makes accidental collisions rare but is
// not a keyed cryptographic hash.

import assert from 'node:assert';
import { randomBytes } from 'node:crypto';

/** Slots per chunk: 4,096 slots of two references, 64 KB, under V8's large-object size (128 KB). */
const CHUNK_BITS = 12;
const CHUNK_SLOTS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SLOTS - 1;
/** The smallest index: 16 positions (128 bytes). */
const MIN_POSITIONS = 16;

/** This process's hash seed (see the header). */
const SEED = randomBytes(4).readInt32LE(0);

/**
 * A well-mixed 32-bit hash of a key's chars (latin1: one byte each) under `seed`: murmur3's block and
 * final mixes, four chars a block. Chars above 0xff (never in a key, which is latin1) still hash,
 * only less well. Kept under V8's inlining limit (460 bytes of bytecode), so lookups inline it.
 */
export function hashKey(key: string, seed: number): number {
  const n = key.length;
  let h = seed ^ n;
  let i = 0;
  for (const end = n - 3; i < end; i += 4) {
    let k = key.charCodeAt(i) | (key.charCodeAt(i + 1) << 8) | (key.charCodeAt(i + 2) << 16) | (key.charCodeAt(i + 3) << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  // The last zero to three chars (none leaves k at 0, which mixes to 0 and changes nothing).
  let k = 0;
  for (let shift = 0; i < n; i++, shift += 8) k |= key.charCodeAt(i) << shift;
  k = Math.imul(k, 0xcc9e2d51);
  h ^= Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

type Chunk<V> = Array<string | V | undefined>;

export class KeyTable<V> {
  /** Slot s is `chunks[s >> CHUNK_BITS][2 * (s & CHUNK_MASK)]` (the key, undefined when free) and the value after it. */
  private chunks: Array<Chunk<V>> = [];
  /** One past the highest slot in use: SCAN's and sampling's range. */
  private end = 0;
  private count = 0;
  /** Freed slots below `end`, reused newest first. Entries at or past `end` are stale (trimmed) and skipped. */
  private readonly freeSlots: number[] = [];
  /** Pairs [hash, slot + 1] per position; 0 in the second word: empty. */
  private index = new Int32Array(2 * MIN_POSITIONS);
  /** Positions in the index (any size, not only powers of two: see the header). */
  private positionCount = MIN_POSITIONS;

  /** `seed`: the hash seed, this process's random one unless a test fixes it. */
  constructor(private readonly seed: number = SEED) {}

  /** Live keys. */
  get size(): number {
    return this.count;
  }

  /** One past the highest slot in use (free slots below it read as undefined). */
  get slotCount(): number {
    return this.end;
  }

  /** The key in `slot`, or undefined when free or out of range. */
  keyAt(slot: number): string | undefined {
    const chunk = this.chunks[slot >> CHUNK_BITS];
    return chunk === undefined ? undefined : (chunk[(slot & CHUNK_MASK) << 1] as string | undefined);
  }

  /** The value in `slot` (undefined when free). */
  valueAt(slot: number): V | undefined {
    const chunk = this.chunks[slot >> CHUNK_BITS];
    return chunk === undefined ? undefined : (chunk[((slot & CHUNK_MASK) << 1) + 1] as V | undefined);
  }

  /** The value under `key`, or undefined. The one probe every lookup makes: written out for speed. */
  get(key: string): V | undefined {
    const hash = hashKey(key, this.seed);
    const index = this.index;
    const size = this.positionCount;
    let at = home(hash, size);
    for (;;) {
      const ref = index[2 * at + 1] as number;
      if (ref === 0) return undefined;
      if (index[2 * at] === hash) {
        const slot = ref - 1;
        const chunk = this.chunks[slot >> CHUNK_BITS] as Chunk<V>;
        const offset = (slot & CHUNK_MASK) << 1;
        if (chunk[offset] === key) return chunk[offset + 1] as V;
      }
      if (++at === size) at = 0;
    }
  }

  has(key: string): boolean {
    return this.slotOf(key) >= 0;
  }

  /** The slot `key` lives in, or -1. */
  slotOf(key: string): number {
    const at = this.find(key, hashKey(key, this.seed));
    return at < 0 ? -1 : (this.index[2 * at + 1] as number) - 1;
  }

  /** Store `value` under `key`: in the key's slot if present, else in a new slot. */
  set(key: string, value: V): void {
    const hash = hashKey(key, this.seed);
    const found = this.find(key, hash);
    const index = this.index;
    if (found >= 0) {
      const slot = (index[2 * found + 1] as number) - 1;
      (this.chunks[slot >> CHUNK_BITS] as Chunk<V>)[((slot & CHUNK_MASK) << 1) + 1] = value;
      return;
    }
    // Absent: `at` is the empty position that ends the key's run.
    const at = ~found;
    const slot = this.takeSlot();
    const chunk = this.chunkFor(slot);
    const offset = (slot & CHUNK_MASK) << 1;
    chunk[offset] = key;
    chunk[offset + 1] = value;
    index[2 * at] = hash;
    index[2 * at + 1] = slot + 1;
    this.count++;
    // Grow past 4/5 full (see the header).
    if (this.count * 5 > this.positionCount * 4) this.resize(2 * this.count);
  }

  /** Remove `key`; returns the value it held, or undefined if it was absent. */
  delete(key: string): V | undefined {
    const at = this.find(key, hashKey(key, this.seed));
    if (at < 0) return undefined;
    const index = this.index;
    const slot = (index[2 * at + 1] as number) - 1;
    const chunk = this.chunks[slot >> CHUNK_BITS] as Chunk<V>;
    const offset = (slot & CHUNK_MASK) << 1;
    const value = chunk[offset + 1] as V;
    chunk[offset] = undefined;
    chunk[offset + 1] = undefined;
    this.releaseSlot(slot);
    this.unlink(at);
    this.count--;
    // Shrink under 1/10 full (Redis's HASHTABLE_MIN_FILL), to half full.
    if (this.positionCount > MIN_POSITIONS && this.count * 10 < this.positionCount) this.resize(Math.max(MIN_POSITIONS, 2 * this.count));
    return value;
  }

  /** Every [key, value] in slot order. Reads the table as it is at each step (see Database.entries). */
  *entries(): Generator<[string, V]> {
    for (let slot = 0; slot < this.end; slot++) {
      const chunk = this.chunks[slot >> CHUNK_BITS] as Chunk<V>;
      const offset = (slot & CHUNK_MASK) << 1;
      const key = chunk[offset] as string | undefined;
      if (key !== undefined) yield [key, chunk[offset + 1] as V];
    }
  }

  /** Every key and its value in slot order, as two arrays of the same length: one walk, no iterator. */
  toArrays(): { keys: string[]; values: V[] } {
    const keys: string[] = [];
    const values: V[] = [];
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c] as Chunk<V>;
      const slots = Math.min(CHUNK_SLOTS, this.end - c * CHUNK_SLOTS);
      for (let offset = 0; offset < 2 * slots; offset += 2) {
        const key = chunk[offset] as string | undefined;
        if (key === undefined) continue;
        keys.push(key);
        values.push(chunk[offset + 1] as V);
      }
    }
    return { keys, values };
  }

  /** Every key in slot order. */
  *keys(): Generator<string> {
    for (let slot = 0; slot < this.end; slot++) {
      const key = this.keyAt(slot);
      if (key !== undefined) yield key;
    }
  }

  /** Index positions (for tests and the memory notes). */
  get positions(): number {
    return this.positionCount;
  }

  /**
   * Check the structure's invariants (tests): every live slot is indexed once under its key's hash
   * and reachable from its home position without crossing an empty one; the count and the end match.
   */
  assertConsistent(): void {
    const index = this.index;
    const size = this.positionCount;
    let indexed = 0;
    for (let at = 0; at < size; at++) {
      const ref = index[2 * at + 1] as number;
      if (ref === 0) continue;
      indexed++;
      const hash = index[2 * at] as number;
      const key = this.keyAt(ref - 1);
      assert.ok(key !== undefined, `position ${at} names free slot ${ref - 1}`);
      assert.equal(hash, hashKey(key, this.seed), `position ${at}: stored hash`);
      for (let p = home(hash, size); p !== at; p = p + 1 === size ? 0 : p + 1) assert.notEqual(index[2 * p + 1], 0, `position ${at} unreachable`);
    }
    let live = 0;
    for (let slot = 0; slot < this.end; slot++) {
      const key = this.keyAt(slot);
      if (key === undefined) continue;
      live++;
      assert.equal(this.slotOf(key), slot, `slot ${slot}: found under its key`);
    }
    assert.equal(indexed, this.count);
    assert.equal(live, this.count);
    assert.ok(this.end === 0 || this.keyAt(this.end - 1) !== undefined, 'the last slot in range is live');
    assert.ok(this.count * 5 <= size * 4, 'at most 4/5 full');
  }

  // --- The index ---

  /**
   * The index position holding `key` (whose hash is `hash`); when absent, `~p` (negative) for the
   * empty position p that ends its run, where an insert puts it.
   */
  private find(key: string, hash: number): number {
    const index = this.index;
    const size = this.positionCount;
    let at = home(hash, size);
    for (;;) {
      const ref = index[2 * at + 1] as number;
      if (ref === 0) return ~at;
      if (index[2 * at] === hash) {
        const slot = ref - 1;
        const chunk = this.chunks[slot >> CHUNK_BITS] as Chunk<V>;
        if (chunk[(slot & CHUNK_MASK) << 1] === key) return at;
      }
      if (++at === size) at = 0;
    }
  }

  /**
   * Empty position `at` without leaving a tombstone: each later pair of the run moves back into the
   * hole if the hole lies between its home position and where it sits now (so a probe from its home
   * still reaches it before an empty position).
   */
  private unlink(at: number): void {
    const index = this.index;
    const size = this.positionCount;
    let hole = at;
    let next = at;
    for (;;) {
      if (++next === size) next = 0;
      const ref = index[2 * next + 1] as number;
      if (ref === 0) break;
      const hash = index[2 * next] as number;
      const start = home(hash, size);
      // Distances forward, around the end: from its home to where it sits, from the hole to there.
      if ((next - start + size) % size >= (next - hole + size) % size) {
        index[2 * hole] = hash;
        index[2 * hole + 1] = ref;
        hole = next;
      }
    }
    index[2 * hole] = 0;
    index[2 * hole + 1] = 0;
  }

  /** Rebuild the index with `positions` positions from the stored hashes (entries stay put). */
  private resize(positions: number): void {
    const old = this.index;
    const index = new Int32Array(2 * positions);
    for (let i = 1; i < old.length; i += 2) {
      const ref = old[i] as number;
      if (ref === 0) continue;
      const hash = old[i - 1] as number;
      let at = home(hash, positions);
      while (index[2 * at + 1] !== 0) if (++at === positions) at = 0;
      index[2 * at] = hash;
      index[2 * at + 1] = ref;
    }
    this.index = index;
    this.positionCount = positions;
  }

  // --- Slots ---

  /** A slot for a new key: the most recently freed one still in range, else the next past the end. */
  private takeSlot(): number {
    const free = this.freeSlots;
    while (free.length > 0) {
      const slot = free.pop() as number;
      if (slot < this.end && this.keyAt(slot) === undefined) return slot;
    }
    return this.end++;
  }

  private chunkFor(slot: number): Chunk<V> {
    let chunk = this.chunks[slot >> CHUNK_BITS];
    if (chunk === undefined) {
      chunk = new Array<string | V | undefined>(2 * CHUNK_SLOTS).fill(undefined);
      this.chunks[slot >> CHUNK_BITS] = chunk;
    }
    return chunk;
  }

  /** `slot` was just emptied: remember it for reuse, or trim it and any free slots before it off the end. */
  private releaseSlot(slot: number): void {
    if (slot !== this.end - 1) {
      this.freeSlots.push(slot);
      return;
    }
    let end = slot;
    while (end > 0 && this.keyAt(end - 1) === undefined) end--;
    this.end = end;
    // Chunks wholly past the end go (stale freeSlots entries are skipped by takeSlot).
    this.chunks.length = (end + CHUNK_MASK) >> CHUNK_BITS;
    // A table emptied this way starts its free list afresh.
    if (end === 0) this.freeSlots.length = 0;
  }
}

/**
 * A hash's home position among `size`: the hash as a fraction of 2^32, times `size` (Lemire's
 * "fastrange", a multiply where a modulo would divide). Exact below 2^21 positions; above, the
 * product's rounding is the same every time, and the result stays below `size`.
 */
function home(hash: number, size: number): number {
  return (((hash >>> 0) * size) / 4294967296) | 0;
}
