// ARC: Adaptive Replacement Cache — two LRU lists, two ghost lists, and a self-tuning split.
// Mirrors: nothing in Redis.
//
// The idea. T1 holds keys seen once recently, T2 keys seen at least twice (a hit in T1 or T2 moves
// the key to T2's newest end). Evicted keys leave their name in a ghost list: B1 for keys evicted
// from T1, B2 for T2. A target size p for T1 adapts to the workload: a miss that finds its key in
// B1 says "T1 was too small" and raises p; one found in B2 lowers it. Eviction takes T1's oldest
// key when T1 is over its target p, otherwise T2's oldest. So ARC slides between LRU (recency)
// and LFU-like behaviour (frequency) without a tuning knob, and a one-pass scan only churns T1.
//
// Source. N. Megiddo and D. S. Modha, "ARC: A Self-Tuning, Low Overhead Replacement Cache",
// FAST 2003.
//
// Costs. insert, access, remove, victim: O(1); memory: up to one ghost name per resident key
// (|T1|+|T2|+|B1|+|B2| ≤ 2c).
//
// Simplifications.
// - c is the resident count at the last victim() call (slot-policy.ts). The ghost bounds of the
//   paper's case IV (|T1|+|B1| ≤ c, total ≤ 2c) are enforced whenever a ghost is added or a key
//   inserted, by dropping the oldest ghost of B1 (then B2).
// - The paper runs REPLACE knowing the missed key x and breaks the tie |T1| = p towards T1 when x
//   is in B2. Here eviction happens before the write that inserts x (as in the server), so x is not
//   known: the tie goes to T2. When T2 is empty, T1's oldest key goes whatever p says.
// - A FLUSHDB/FLUSHALL that leaves the cache empty resets p to 0 (ghosts of the flushed databases
//   are dropped with them).
// - A hit in B1/B2 is the insert of a key whose name is still in the ghost list (the keyspace
//   reports no separate miss). Only real evictions leave ghosts, not DELs. Sizes are ignored.

import { GHOST_TAG, SlotPolicy } from './slot-policy.js';
import { SlotList } from './slots.js';

export class ArcPolicy extends SlotPolicy {
  readonly name = 'allkeys-arc';
  private readonly t1 = this.register(new SlotList(this.table, 1));
  private readonly t2 = this.register(new SlotList(this.table, 2));
  private readonly b1 = this.register(new SlotList(this.table, GHOST_TAG));
  private readonly b2 = this.register(new SlotList(this.table, GHOST_TAG + 1));
  /** Target size of T1, 0 ≤ p ≤ c. */
  private p = 0;

  /** The current target for T1 (for tests). */
  get target(): number {
    return this.p;
  }

  protected onInsert(slot: number): void {
    const tag = this.table.list[slot];
    if (tag === this.b1.tag) {
      const delta = Math.max(1, this.b2.length / this.b1.length);
      this.p = Math.min(this.capacity, this.p + delta);
      this.b1.unlink(slot);
      this.t2.pushNewest(slot);
    } else if (tag === this.b2.tag) {
      const delta = Math.max(1, this.b1.length / this.b2.length);
      this.p = Math.max(0, this.p - delta);
      this.b2.unlink(slot);
      this.t2.pushNewest(slot);
    } else {
      this.t1.pushNewest(slot);
    }
    this.trimGhosts();
  }

  /** A flush that empties the cache also resets the target, as for a new cache. */
  protected override onEmptied(): void {
    this.p = 0;
  }

  protected onAccess(slot: number): void {
    if (this.table.list[slot] === this.t1.tag) {
      this.t1.unlink(slot);
      this.t2.pushNewest(slot);
    } else {
      this.t2.moveToNewest(slot);
    }
  }

  protected onRemove(slot: number, evicted: boolean): void {
    if (!evicted) {
      this.drop(slot);
      return;
    }
    const fromT1 = this.table.list[slot] === this.t1.tag;
    (fromT1 ? this.t1 : this.t2).unlink(slot);
    (fromT1 ? this.b1 : this.b2).pushNewest(slot);
    this.trimGhosts();
  }

  private trimGhosts(): void {
    const c = this.capacity;
    while (this.b1.length > 0 && this.t1.length + this.b1.length > c) this.drop(this.b1.tail);
    const total = (): number => this.t1.length + this.t2.length + this.b1.length + this.b2.length;
    while (this.b2.length > 0 && total() > 2 * c) this.drop(this.b2.tail);
    while (this.b1.length > 0 && total() > 2 * c) this.drop(this.b1.tail);
  }

  protected chooseVictim(): number {
    if (this.t1.length > 0 && (this.t1.length > this.p || this.t2.length === 0)) return this.t1.tail;
    return this.t2.tail;
  }
}
