// The slot array behind SCAN cursors, RANDOMKEY and eviction sampling: each live key of a database
// owns a slot for as long as it lives, freed slots are reused, and the slot's index is kept on the
// value (`obj.slot`). database.ts's header comment explains why; sampling.ts reads the array.
// Mirrors: redis src/dict.c's role for db.c (a position per key that SCAN's cursor can name).

import assert from 'node:assert';
import type { RedisObject } from '../datatypes/object.js';

/** A database as the slot table sees it (noteAlias looks at every database): its table, and a raw lookup. */
export interface SlotHolder {
  readonly slotTable: SlotTable;
  peek(key: string): RedisObject | undefined;
}

export class SlotTable {
  /** slot index → key (undefined when free). */
  readonly slots: Array<string | undefined> = [];
  /** key → slot for keys whose value has since been stored under another key too (rare; see noteAlias). */
  readonly aliasSlots = new Map<string, number>();
  readonly freeSlots: number[] = [];

  /** Give a new key a slot (a free one if any) and record it on its value. */
  assign(key: string, obj: RedisObject, dbs: readonly SlotHolder[]): void {
    let slot = this.freeSlots.pop();
    while (slot !== undefined && slot >= this.slots.length) slot = this.freeSlots.pop();
    if (slot === undefined) slot = this.slots.length;
    this.noteAlias(obj, dbs);
    this.slots[slot] = key;
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
      const key = table.slots[prev];
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
    this.slots[slot] = undefined;
    if (slot === this.slots.length - 1) {
      // Trim free slots off the end; stale entries in freeSlots are skipped in assign.
      let end = this.slots.length - 1;
      while (end >= 0 && this.slots[end] === undefined) end--;
      this.slots.length = end + 1;
    } else {
      this.freeSlots.push(slot);
    }
  }
}
