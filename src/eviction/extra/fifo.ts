// FIFO: evict the key that entered the cache first, whatever happened to it since.
// Mirrors: nothing in Redis.
//
// The idea. The simplest queue: keys join at one end and leave at the other; a hit changes
// nothing. It is the baseline the other policies must beat, and it is not as bad as its
// reputation: on skewed workloads popular keys come back quickly after being evicted, and a hit
// costs no work and no write at all, which is why FIFO-based designs (CLOCK, SIEVE, S3-FIFO) are
// back in fashion for concurrent caches.
//
// Source. Belady, "A study of replacement algorithms for a virtual-storage computer", IBM
// Systems Journal 1966 (FIFO among the policies compared; also his later FIFO anomaly).
//
// Costs. insert, remove, victim: O(1); access: O(1) and does nothing but the lookup.
//
// Simplified. Sizes are ignored.

import { SlotPolicy } from './slot-policy.js';
import { SlotList } from './slots.js';

export class FifoPolicy extends SlotPolicy {
  readonly name = 'allkeys-fifo';
  private readonly queue = this.register(new SlotList(this.table, 1));

  protected onInsert(slot: number): void {
    this.queue.pushNewest(slot);
  }

  protected onAccess(): void {}

  protected onRemove(slot: number): void {
    this.drop(slot);
  }

  protected chooseVictim(): number {
    return this.queue.tail;
  }
}
