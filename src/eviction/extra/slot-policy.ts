// The part every extra policy shares: turning TrackingPolicy calls into slot operations, the
// resident count, the learnt capacity, and the "pending victim" that makes victim() repeatable.
// Mirrors: nothing in Redis (see src/eviction/tracking-policy.ts).
//
// Resident and ghost keys live in the same SlotTable; list tags below GHOST_TAG are resident
// queues, tags from GHOST_TAG up are ghost queues (keys remembered after eviction, no value).
//
// Capacity. The server evicts by bytes: it calls victim() while used_memory is over maxmemory.
// Policies with internal partitions (S3-FIFO's 10% small queue, W-TinyLFU's 1% window, ARC's
// target p and ghost bounds) need a size in keys. We take it from the only moment the cache tells
// us it is full: every victim() call records the resident count as `capacity`. It is 0 (unknown)
// until the first eviction, so nothing is partitioned while the cache fills, and it follows
// maxmemory when CONFIG SET changes it. The `expectedKeys` hint is used only to size W-TinyLFU's
// sketch up front.
//
// victim() names a key without removing it. Some policies reorganise while choosing (CLOCK and
// SIEVE clear reference bits, S3-FIFO promotes to its main queue, W-TinyLFU admits a candidate);
// the named slot is remembered as `pending`, so calling victim() again with nothing in between
// returns the same key, and remove() of that key knows it was an eviction (and may keep a ghost),
// not a DEL. Any other call clears `pending`.

import type { EvictionKeyRef, TrackingPolicy } from '../tracking-policy.js';
import { NIL, NO_LIST, SlotTable, type SlotList } from './slots.js';

/** List tags at or above this are ghost queues (not resident). */
export const GHOST_TAG = 8;

export abstract class SlotPolicy implements TrackingPolicy {
  abstract readonly name: string;
  protected readonly table = new SlotTable();
  /** Every list of the policy, indexed by its tag. */
  protected readonly lists: (SlotList | undefined)[] = [];
  /** The resident count at the last victim() call: the cache's size in keys when full; 0 = not yet known. */
  protected capacity = 0;
  private pending = NIL;
  private resident = 0;

  get size(): number {
    return this.resident;
  }

  /** A new key arrives. `slot` is fresh, or a ghost slot (still linked in its ghost list). */
  protected abstract onInsert(slot: number): void;
  /** A resident key is used. */
  protected abstract onAccess(slot: number): void;
  /** A resident key leaves; `evicted` when it is the pending victim. Must unlink, then release or ghost it. */
  protected abstract onRemove(slot: number, evicted: boolean): void;
  /** Choose a resident slot (there is at least one). */
  protected abstract chooseVictim(): number;
  /** FLUSHDB/FLUSHALL left nothing resident: forget learnt state, as a new cache would. */
  protected onEmptied(): void {}

  protected register(list: SlotList): SlotList {
    this.lists[list.tag] = list;
    return list;
  }

  /** Unlink a slot from whatever list holds it and forget it. */
  protected drop(slot: number): void {
    const tag = this.table.list[slot] as number;
    if (tag !== NO_LIST) this.lists[tag]?.unlink(slot);
    this.table.release(slot);
  }

  private isResident(slot: number): boolean {
    const tag = this.table.list[slot] as number;
    return tag !== NO_LIST && tag < GHOST_TAG;
  }

  insert(db: number, key: string, _size: number): void {
    this.pending = NIL;
    const found = this.table.find(db, key);
    if (found !== NIL && this.isResident(found)) {
      // The keyspace reports only new keys; a repeat is treated as a use.
      this.onAccess(found);
      return;
    }
    this.resident++;
    this.onInsert(found === NIL ? this.table.add(db, key) : found);
  }

  access(db: number, key: string): void {
    const slot = this.table.find(db, key);
    if (slot === NIL || !this.isResident(slot)) return;
    this.pending = NIL;
    this.onAccess(slot);
  }

  // SIMPLIFIED: every extra policy counts keys, not bytes (see docs/eviction.md); sizes are ignored.
  resize(_db: number, _key: string, _size: number): void {}

  remove(db: number, key: string): void {
    const slot = this.table.find(db, key);
    if (slot === NIL || !this.isResident(slot)) return;
    const evicted = slot === this.pending;
    this.pending = NIL;
    this.resident--;
    this.onRemove(slot, evicted);
  }

  clear(db: number): void {
    this.pending = NIL;
    for (const slot of this.table.slotsOf(db)) {
      if (this.table.list[slot] === NO_LIST) continue;
      if (this.isResident(slot)) {
        this.resident--;
        this.onRemove(slot, false);
      } else {
        this.drop(slot);
      }
    }
    if (this.resident === 0) this.onEmptied();
  }

  swap(a: number, b: number): void {
    this.pending = NIL;
    this.table.swapDbs(a, b);
  }

  victim(): EvictionKeyRef | undefined {
    if (this.resident === 0) return undefined;
    if (this.pending === NIL) {
      this.capacity = this.resident;
      this.pending = this.chooseVictim();
    }
    return { db: this.table.db[this.pending] as number, key: this.table.key[this.pending] as string };
  }
}
