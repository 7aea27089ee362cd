// W-TinyLFU: a tiny LRU window in front of a segmented-LRU main cache, guarded by a frequency
// sketch that decides who deserves a place.
// Mirrors: nothing in Redis.
//
// The idea. New keys enter a small LRU "window" (1% of the cache), where a burst of recent use
// can save them. When the window overflows, its oldest key becomes a candidate for the main
// cache, whose own victim is the oldest key of its probation segment. TinyLFU admission compares
// the two by their estimated access counts (a count-min sketch, count-min-sketch.ts, that counts
// every access including of keys not in the cache): the candidate gets in only if it is more
// popular than the victim, otherwise the candidate itself is evicted. The main cache is a
// segmented LRU: keys enter "probation" (20%), a hit promotes them to "protected" (80%), and
// protected's overflow is demoted back to probation. Scans and one-hit keys die in the window;
// popular keys survive in protected; the aging sketch lets popularity shift over time.
//
// Source. G. Einziger, R. Friedman, B. Manes, "TinyLFU: A Highly Efficient Cache Admission
// Policy", ACM Transactions on Storage 2017; the design of Ben Manes's Caffeine (Java).
//
// Costs. access: O(1) list moves plus a sketch increment (4 counters, one key hash). victim: O(1)
// plus two sketch estimates. The sketch's periodic halving is amortised O(1).
//
// Simplifications.
// - Capacity is the resident count at the last victim() call (slot-policy.ts). At each victim()
//   the window is first brought down to its share (its oldest keys move to probation, which is how
//   the cache fills before the first eviction) and protected down to 80% of the main cache. Then
//   the window's oldest key competes with probation's oldest (protected's when probation is empty).
// - The window is a fixed 1%: Caffeine's hill climber that resizes it adaptively is left out.
// - No doorkeeper (the Bloom filter in front of the sketch from the paper; Caffeine omits it too)
//   and no random admission of warm candidates (Caffeine's defence against hash flooding).
// - The sketch is sized from the factory's expectedKeys hint (the server passes the key count when
//   the policy is selected, often 0) and widened, losing its counts, when the learnt capacity
//   outgrows it. When a FLUSHDB/FLUSHALL leaves the cache empty the sketch is cleared as well.
//   Sizes are ignored.

import { CountMinSketch, hashKey } from './count-min-sketch.js';
import { SlotPolicy } from './slot-policy.js';
import { NIL, SlotList } from './slots.js';

const WINDOW_SHARE = 0.01;
const PROTECTED_SHARE = 0.8;

export class WTinyLfuPolicy extends SlotPolicy {
  readonly name = 'allkeys-wtinylfu';
  private readonly window = this.register(new SlotList(this.table, 1));
  private readonly probation = this.register(new SlotList(this.table, 2));
  private readonly protectedSeg = this.register(new SlotList(this.table, 3));
  private readonly sketch: CountMinSketch;

  constructor(expectedKeys: number) {
    super();
    this.sketch = new CountMinSketch(expectedKeys);
  }

  private frequency(slot: number): number {
    return this.sketch.estimate(hashKey(this.table.db[slot] as number, this.table.key[slot] as string));
  }

  private record(slot: number): void {
    this.sketch.increment(hashKey(this.table.db[slot] as number, this.table.key[slot] as string));
  }

  private protectedLimit(): number {
    if (this.capacity === 0) return Number.POSITIVE_INFINITY;
    return Math.floor((this.capacity - this.windowLimit()) * PROTECTED_SHARE);
  }

  private windowLimit(): number {
    return Math.max(1, Math.round(this.capacity * WINDOW_SHARE));
  }

  protected onInsert(slot: number): void {
    this.record(slot);
    this.window.pushNewest(slot);
  }

  protected onAccess(slot: number): void {
    this.record(slot);
    const tag = this.table.list[slot];
    if (tag === this.window.tag) {
      this.window.moveToNewest(slot);
    } else if (tag === this.probation.tag) {
      this.probation.unlink(slot);
      this.protectedSeg.pushNewest(slot);
      const limit = this.protectedLimit();
      while (this.protectedSeg.length > limit) this.demoteProtected();
    } else {
      this.protectedSeg.moveToNewest(slot);
    }
  }

  private demoteProtected(): void {
    const oldest = this.protectedSeg.tail;
    this.protectedSeg.unlink(oldest);
    this.probation.pushNewest(oldest);
  }

  protected onRemove(slot: number): void {
    this.drop(slot);
  }

  /** When a flush leaves nothing, popularity is forgotten too (a new cache, a fresh sketch). */
  protected override onEmptied(): void {
    this.sketch.reset();
  }

  protected chooseVictim(): number {
    this.sketch.ensureCapacity(this.capacity);
    const windowLimit = this.windowLimit();
    while (this.window.length > windowLimit) {
      const oldest = this.window.tail;
      this.window.unlink(oldest);
      this.probation.pushNewest(oldest);
    }
    const protectedLimit = this.protectedLimit();
    while (this.protectedSeg.length > protectedLimit) this.demoteProtected();

    const candidate = this.window.tail;
    const mainVictim = this.probation.tail !== NIL ? this.probation.tail : this.protectedSeg.tail;
    if (mainVictim === NIL) return candidate;
    if (candidate === NIL) return mainVictim;
    // TinyLFU admission: the candidate enters the main cache only if it is more popular.
    if (this.frequency(candidate) > this.frequency(mainVictim)) {
      this.window.unlink(candidate);
      this.probation.pushNewest(candidate);
      return mainVictim;
    }
    return candidate;
  }
}
