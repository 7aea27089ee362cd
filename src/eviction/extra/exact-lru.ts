// Exact LRU: evict the key whose last use is the oldest.
// Mirrors: nothing in Redis; it is what evict.c's sampled allkeys-lru approximates.
//
// The idea. Recency predicts reuse: a key used a moment ago is likelier to be used again than one
// idle for an hour. The textbook implementation keeps every key in one list ordered by last use:
// a hit moves the key to the newest end, the victim is the oldest end.
//
// Source. LRU is folklore of virtual-memory paging (Mattson, Gecsei, Slutz, Traiger, "Evaluation
// techniques for storage hierarchies", IBM Systems Journal 1970, analysed it as a stack algorithm).
//
// Costs. insert, access, remove, victim: O(1) (a Map lookup and a few link writes); memory: one
// slot (two links, db, key) per resident key. Redis avoids exactly this list (two pointers per key
// and a write on every read) and samples 24-bit clocks instead: the lab measures what that costs
// in hit ratio.
//
// Simplified. Sizes are ignored: the oldest key goes first whatever its size.

import { SlotPolicy } from './slot-policy.js';
import { SlotList } from './slots.js';

export class ExactLruPolicy extends SlotPolicy {
  readonly name = 'allkeys-exact-lru';
  private readonly order = this.register(new SlotList(this.table, 1));

  protected onInsert(slot: number): void {
    this.order.pushNewest(slot);
  }

  protected onAccess(slot: number): void {
    this.order.moveToNewest(slot);
  }

  protected onRemove(slot: number): void {
    this.drop(slot);
  }

  protected chooseVictim(): number {
    return this.order.tail;
  }
}
