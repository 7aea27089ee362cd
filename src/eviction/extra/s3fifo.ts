// S3-FIFO: three FIFO queues — a small probationary queue, a main queue, and a ghost queue.
// Mirrors: nothing in Redis.
//
// The idea. Most keys in real caches are used once and never again ("one-hit wonders"). S3-FIFO
// makes them leave fast: new keys enter a small FIFO queue S (10% of the cache). When S is over
// its share, its oldest key is examined: if it was hit while in S it moves to the main queue M
// (90%), otherwise it is evicted and its name (no value) goes into the ghost queue G. A key that
// misses but is found in G was evicted too early, so it is inserted straight into M. M is a FIFO
// with a 2-bit hit counter per key used as a CLOCK: its oldest key, if its counter is non-zero,
// goes back to the newest end with the counter decremented; otherwise it is evicted. Hits only
// bump a counter (capped at 3), so reads never touch a list.
//
// Source. J. Yang, Y. Zhang, Z. Qiu, Y. Yue, K. V. Rashmi, "FIFO queues are all you need for
// cache eviction", SOSP 2023 (Algorithm 1).
//
// Costs. access: O(1), one byte. insert, remove: O(1). victim: amortised O(1): a key moves from S
// to M at most once per stay, and each M reinsertion spends one of at most three counter units
// that only hits can buy.
//
// Choices and simplifications.
// - Capacity is the resident count at the last victim() call (see slot-policy.ts); S's share is
//   max(1, floor(10% of it)) and G holds as many names as M's share (90%).
// - A key moves from S to M when it was hit at least once in S (counter ≥ 1: the authors' blog
//   post, updated after the paper, illustrates S3-FIFO with a small-to-main threshold of 1). Its
//   counter goes with it (some implementations reset it to 0 on promotion).
// - The paper evicts from M inside S's loop when moving a key fills M; here victim() names one
//   key per call, so promotion only moves keys and the next decision looks at the new sizes. When
//   every key of S is promoted, the victim comes from M in the same call.
// - Only a real eviction (remove of the key victim() named) leaves a ghost, not a DEL. Sizes are
//   ignored.

import { GHOST_TAG, SlotPolicy } from './slot-policy.js';
import { NIL, SlotList } from './slots.js';

const MAX_FREQ = 3;
const SMALL_SHARE = 0.1;

export class S3FifoPolicy extends SlotPolicy {
  readonly name = 'allkeys-s3fifo';
  private readonly small = this.register(new SlotList(this.table, 1));
  private readonly main = this.register(new SlotList(this.table, 2));
  private readonly ghost = this.register(new SlotList(this.table, GHOST_TAG));

  protected onInsert(slot: number): void {
    this.table.bits[slot] = 0;
    if (this.table.list[slot] === GHOST_TAG) {
      this.ghost.unlink(slot);
      this.main.pushNewest(slot);
    } else {
      this.small.pushNewest(slot);
    }
  }

  protected onAccess(slot: number): void {
    const bits = this.table.bits;
    if ((bits[slot] as number) < MAX_FREQ) bits[slot] = (bits[slot] as number) + 1;
  }

  protected onRemove(slot: number, evicted: boolean): void {
    if (evicted && this.table.list[slot] === this.small.tag) {
      this.small.unlink(slot);
      this.ghost.pushNewest(slot);
      const ghostLimit = Math.max(1, this.capacity - this.smallTarget());
      while (this.ghost.length > ghostLimit) this.drop(this.ghost.tail);
      return;
    }
    this.drop(slot);
  }

  private smallTarget(): number {
    return Math.max(1, Math.floor(this.capacity * SMALL_SHARE));
  }

  protected chooseVictim(): number {
    const bits = this.table.bits;
    if (this.small.length >= this.smallTarget() || this.main.length === 0) {
      while (this.small.length > 0) {
        const oldest = this.small.tail;
        if (bits[oldest] === 0) return oldest;
        this.small.unlink(oldest);
        this.main.pushNewest(oldest);
      }
    }
    for (;;) {
      const oldest = this.main.tail;
      if (oldest === NIL) throw new Error('S3-FIFO: no resident key to evict');
      if (bits[oldest] === 0) return oldest;
      bits[oldest] = (bits[oldest] as number) - 1;
      this.main.moveToNewest(oldest);
    }
  }
}
