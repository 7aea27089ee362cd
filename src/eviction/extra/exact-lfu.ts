// Exact LFU: evict the key used the fewest times; among equals, the least recently used.
// Mirrors: nothing in Redis; it is what evict.c's allkeys-lfu approximates with an 8-bit
// logarithmic counter per key, sampled.
//
// The idea. Frequency predicts reuse better than recency when popularity is stable (Zipf-like
// workloads): a key read a thousand times should outlive one read twice, however recently. The
// cost is adaptivity: counts never decay here, so yesterday's hot keys squat in the cache after
// the workload moves on (the lab's shifting hot set shows it); Redis's counter decays with
// lfu-decay-time, and W-TinyLFU ages its sketch, for that reason.
//
// Source. The O(1) structure is K. Shah, A. Mitra, D. Matani, "An O(1) algorithm for
// implementing the LFU cache eviction scheme", 2010: a list of frequency buckets in increasing
// order, each holding its keys in an LRU list. A hit moves a key from bucket f to bucket f+1
// (created next to f if missing); the victim is the oldest key of the lowest bucket.
//
// Costs. insert, access, remove, victim: O(1); memory: one slot per key plus one small object per
// distinct frequency present.
//
// Simplified. Counts start at 1 on insert and are forgotten when a key leaves (no history of
// evicted keys); sizes are ignored.

import { SlotPolicy } from './slot-policy.js';
import { SlotList } from './slots.js';

const RESIDENT_TAG = 1;

/** The keys used exactly `freq` times, least recently used at the tail. */
interface FreqBucket {
  readonly freq: number;
  readonly keys: SlotList;
  lower: FreqBucket | undefined;
  higher: FreqBucket | undefined;
}

export class ExactLfuPolicy extends SlotPolicy {
  readonly name = 'allkeys-exact-lfu';
  /** The bucket with the smallest frequency. */
  private lowest: FreqBucket | undefined = undefined;
  /** The bucket each resident slot is in. */
  private readonly bucketOf: (FreqBucket | undefined)[] = [];

  private newBucket(freq: number, lower: FreqBucket | undefined, higher: FreqBucket | undefined): FreqBucket {
    const bucket: FreqBucket = { freq, keys: new SlotList(this.table, RESIDENT_TAG), lower, higher };
    if (lower !== undefined) lower.higher = bucket;
    else this.lowest = bucket;
    if (higher !== undefined) higher.lower = bucket;
    return bucket;
  }

  private leave(slot: number): FreqBucket {
    const bucket = this.bucketOf[slot] as FreqBucket;
    bucket.keys.unlink(slot);
    this.bucketOf[slot] = undefined;
    if (bucket.keys.length === 0) {
      if (bucket.lower !== undefined) bucket.lower.higher = bucket.higher;
      else this.lowest = bucket.higher;
      if (bucket.higher !== undefined) bucket.higher.lower = bucket.lower;
    }
    return bucket;
  }

  protected onInsert(slot: number): void {
    const first = this.lowest?.freq === 1 ? this.lowest : this.newBucket(1, undefined, this.lowest);
    first.keys.pushNewest(slot);
    this.bucketOf[slot] = first;
  }

  protected onAccess(slot: number): void {
    const from = this.bucketOf[slot] as FreqBucket;
    const higher = from.higher;
    // Decide the target before leaving: leaving may unlink `from` from the bucket chain.
    const emptied = from.keys.length === 1;
    let to: FreqBucket;
    if (higher !== undefined && higher.freq === from.freq + 1) {
      to = higher;
      this.leave(slot);
    } else if (emptied) {
      // Alone in its bucket: the bucket cannot be renumbered (freq is readonly), so replace it.
      const lower = from.lower;
      this.leave(slot);
      to = this.newBucket(from.freq + 1, lower, higher);
    } else {
      this.leave(slot);
      to = this.newBucket(from.freq + 1, from, higher);
    }
    to.keys.pushNewest(slot);
    this.bucketOf[slot] = to;
  }

  protected onRemove(slot: number): void {
    this.leave(slot);
    this.table.release(slot);
  }

  protected chooseVictim(): number {
    return (this.lowest as FreqBucket).keys.tail;
  }

  /** The use count of a resident key (for tests). */
  frequencyOf(db: number, key: string): number | undefined {
    const slot = this.table.find(db, key);
    return slot < 0 ? undefined : this.bucketOf[slot]?.freq;
  }
}
