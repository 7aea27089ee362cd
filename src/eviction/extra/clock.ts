// CLOCK: FIFO with a second chance, swept by a hand going round a ring.
// Mirrors: nothing in Redis.
//
// The idea. Keys sit on a ring, each with a reference bit that a hit sets. To evict, a hand moves
// round the ring: a key with its bit set has been used since the hand last passed, so the hand
// clears the bit and moves on ("second chance"); the first key with a clear bit is the victim. A
// new key takes its place just behind the hand, so it is the last the hand will look at. A hit
// costs one bit write, no list surgery, which is why operating systems have used it for page
// replacement for decades; it approximates LRU.
//
// Source. F. J. Corbató, "A paging experiment with the Multics system", MIT Project MAC report
// MAC-M-384, 1968 (published in the Festschrift for Morse, 1969).
//
// Costs. access: O(1), one byte written. victim: amortised O(1): every step past a key clears a
// bit that only a later hit can set again, so the hand moves at most once per hit plus once per
// eviction. insert, remove: O(1).
//
// Representation. The ring is a linked list read from its oldest end towards its newest and then
// round again; `hand` is the next slot the hand looks at (NIL = start again at the oldest end).
// New keys go in just before the hand. Simplified: sizes are ignored; a new key starts with its bit
// clear, as in Corbató's description (some variants set it).

import { SlotPolicy } from './slot-policy.js';
import { NIL, SlotList, sweepToUnreferenced } from './slots.js';

export class ClockPolicy extends SlotPolicy {
  readonly name = 'allkeys-clock';
  private readonly ring = this.register(new SlotList(this.table, 1));
  private hand = NIL;

  protected onInsert(slot: number): void {
    this.table.bits[slot] = 0;
    const before = this.hand === NIL ? NIL : (this.table.older[this.hand] as number);
    // Just behind the hand: on the older side of it, or at the newest end when the hand is at the
    // oldest end (the ring wraps from newest back to oldest).
    if (before === NIL) this.ring.pushNewest(slot);
    else this.ring.insertNewerThan(before, slot);
  }

  protected onAccess(slot: number): void {
    this.table.bits[slot] = 1;
  }

  protected onRemove(slot: number): void {
    if (slot === this.hand) this.hand = this.table.newer[slot] as number;
    this.drop(slot);
  }

  protected chooseVictim(): number {
    this.hand = sweepToUnreferenced(this.table, this.ring, this.hand);
    return this.hand;
  }
}
