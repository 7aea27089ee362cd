// SIEVE: a FIFO queue whose hand sweeps from old to new, keeping visited keys where they are.
// Mirrors: nothing in Redis.
//
// The idea. Like CLOCK, each key has a "visited" bit that a hit sets, and a hand looks for a key
// with the bit clear, clearing bits as it passes. The difference is where keys go: new keys always
// enter at the newest end of the queue (not behind the hand), and a key that survives the hand
// stays in place instead of being moved. So the queue separates into old keys that proved
// themselves popular (kept behind the hand's path) and new keys that must earn a bit before the
// hand reaches them: new keys are demoted quickly ("lazy promotion, quick demotion"). The hand
// moves from the oldest end towards the newest and wraps back to the oldest.
//
// Source. Y. Zhang, J. Yang, Y. Yue, Y. Vigfusson, K. V. Rashmi, "SIEVE is Simpler than LRU: an
// Efficient Turn-Key Eviction Algorithm for Web Caches", NSDI 2024.
//
// Costs. access: O(1), one byte written, no list change (no lock in a concurrent cache). victim:
// amortised O(1) (each bit cleared was set by a hit). insert, remove: O(1).
//
// Simplified. Sizes are ignored. After an eviction the hand continues from the evicted key's
// newer neighbour, as in the paper.

import { SlotPolicy } from './slot-policy.js';
import { NIL, SlotList, sweepToUnreferenced } from './slots.js';

export class SievePolicy extends SlotPolicy {
  readonly name = 'allkeys-sieve';
  private readonly queue = this.register(new SlotList(this.table, 1));
  /** The next slot the hand examines; NIL = start from the oldest end. */
  private hand = NIL;

  protected onInsert(slot: number): void {
    this.table.bits[slot] = 0;
    this.queue.pushNewest(slot);
  }

  protected onAccess(slot: number): void {
    this.table.bits[slot] = 1;
  }

  protected onRemove(slot: number): void {
    if (slot === this.hand) this.hand = this.table.newer[slot] as number;
    this.drop(slot);
  }

  protected chooseVictim(): number {
    this.hand = sweepToUnreferenced(this.table, this.queue, this.hand);
    return this.hand;
  }
}
