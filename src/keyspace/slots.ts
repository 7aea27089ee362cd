// The slot array behind SCAN cursors, RANDOMKEY and eviction sampling; sampling.ts reads it.
// Mirrors: redis src/dict.c's role for db.c (a position per key that SCAN's cursor can name).
//
// SCAN and RANDOMKEY need positions, which a JS Map does not expose. Redis walks its hash table's
// buckets with a reverse-binary cursor that survives rehashing. We get the same guarantee (every
// key present for the whole scan is returned at least once) more simply: each key owns a slot in
// an array for as long as it lives, freed slots are reused by new keys, and the cursor is a slot
// index. A key never moves while it exists, so a scan that walks the slots in order meets it once.
// The slot index is kept on the value itself (`obj.slot`), not in a key → slot Map: that saves a
// hash insert per new key and a Map entry (~30 bytes) per key. A value is normally stored under one
// key; RENAME and MOVE briefly store it under two (the new key is added before the old one is
// deleted), so the key an `obj.slot` belongs to is always checked, and a placement the value was
// moved away from is remembered in `aliasSlots` until that key goes.
// SIMPLIFIED: the slot array only shrinks from its end (Redis shrinks its table when sparse), so
// it is as long as the most keys the database held at once, minus trailing free slots.

import assert from 'node:assert';
import type { RedisObject } from '../datatypes/object.js';

/** A database as the slot table sees it (noteAlias looks at every database): its table, and a raw lookup. */
export interface SlotHolder {
  readonly slotTable: SlotTable;
  peek(key: string): RedisObject | undefined;
}

/** Slots per chunk of a SlotArray: 64 KB of references, under V8's large-object size (128 KB). */
const CHUNK_BITS = 13;
const CHUNK_SLOTS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SLOTS - 1;

/**
 * slot index → key (undefined when free), as fixed-size chunks rather than one JS array. A growing
 * array is copied into a new backing store half as big again each time, and the old one is V8 garbage
 * until the next full collection: loading 1M keys left ~16 MB of old copies in RSS (16 bytes a key,
 * bench/memory/rss-breakdown.ts), and the live array carries up to 50% spare capacity. Chunks are never
 * copied, and at most one is partly empty.
 */
export class SlotArray {
  private readonly chunks: Array<Array<string | undefined>> = [];
  /** One past the highest slot in use (free slots below it are undefined). */
  length = 0;

  get(slot: number): string | undefined {
    const chunk = this.chunks[slot >> CHUNK_BITS];
    return chunk === undefined ? undefined : chunk[slot & CHUNK_MASK];
  }

  /** Store a key (or free a slot with undefined); `slot` may be `length`, which extends the array. */
  set(slot: number, key: string | undefined): void {
    let chunk = this.chunks[slot >> CHUNK_BITS];
    if (chunk === undefined) {
      chunk = new Array<string | undefined>(CHUNK_SLOTS).fill(undefined);
      this.chunks[slot >> CHUNK_BITS] = chunk;
    }
    chunk[slot & CHUNK_MASK] = key;
    if (slot >= this.length) this.length = slot + 1;
  }

  /** Shorten to `length` slots (all slots past it are already free); chunks past the end are dropped. */
  truncate(length: number): void {
    this.length = length;
    this.chunks.length = (length + CHUNK_MASK) >> CHUNK_BITS;
  }
}

export class SlotTable {
  /** slot index → key (undefined when free). */
  readonly slots = new SlotArray();
  /** key → slot for keys whose value has since been stored under another key too (rare; see noteAlias). */
  readonly aliasSlots = new Map<string, number>();
  readonly freeSlots: number[] = [];

  /** Give a new key a slot (a free one if any) and record it on its value. */
  assign(key: string, obj: RedisObject, dbs: readonly SlotHolder[]): void {
    let slot = this.freeSlots.pop();
    while (slot !== undefined && slot >= this.slots.length) slot = this.freeSlots.pop();
    if (slot === undefined) slot = this.slots.length;
    this.noteAlias(obj, dbs);
    this.slots.set(slot, key);
    obj.slot = slot;
  }

  /** A new value `obj` under a key that held `old` (an overwrite): the key keeps its slot, now carried by `obj`. */
  handOver(key: string, old: RedisObject, obj: RedisObject, dbs: readonly SlotHolder[]): void {
    const slot = this.take(key, old);
    this.noteAlias(obj, dbs);
    obj.slot = slot;
  }

  /**
   * `obj` is about to get a new slot. If it is still stored under another key (RENAME and MOVE add
   * the new key before deleting the old one), remember that key's slot in its own database's
   * `aliasSlots`, since `obj.slot` will no longer name it. A stale `obj.slot` (a value that was
   * dropped with FLUSHDB and stored again) matches no database and is ignored. Looks at every
   * database, but only for a value that already has a slot, which SET, MSET and friends never pass.
   */
  private noteAlias(obj: RedisObject, dbs: readonly SlotHolder[]): void {
    const prev = obj.slot;
    if (prev === undefined || prev < 0) return;
    for (const db of dbs) {
      const table = db.slotTable;
      const key = table.slots.get(prev);
      if (key !== undefined && db.peek(key) === obj) table.aliasSlots.set(key, prev);
    }
  }

  /**
   * The slot of `key`, whose value is `obj`; it leaves the value (the key keeps it or frees it).
   * Every placement of a value but its latest has an `aliasSlots` entry, so that map is asked
   * first: `obj.slot` alone cannot tell MOVE's two placements apart when both got the same index.
   */
  private take(key: string, obj: RedisObject): number {
    if (this.aliasSlots.size !== 0) {
      const alias = this.aliasSlots.get(key);
      if (alias !== undefined) {
        this.aliasSlots.delete(key);
        return alias;
      }
    }
    // Not checked against `slots[slot] === key`: on an overwrite that read would be a cache miss
    // into a big array (measured); the slots property test checks the invariant instead.
    const slot = obj.slot;
    // A plain test rather than assert(): this runs on every overwrite (MSET, SET of an existing key).
    if (slot === undefined || slot < 0) throw new assert.AssertionError({ message: 'a stored value names its slot' });
    obj.slot = -1;
    return slot;
  }

  /** A key is gone: free its slot. */
  release(key: string, obj: RedisObject): void {
    const slot = this.take(key, obj);
    this.slots.set(slot, undefined);
    if (slot === this.slots.length - 1) {
      // Trim free slots off the end; stale entries in freeSlots are skipped in assign.
      let end = this.slots.length - 1;
      while (end >= 0 && this.slots.get(end) === undefined) end--;
      this.slots.truncate(end + 1);
    } else {
      this.freeSlots.push(slot);
    }
  }
}
