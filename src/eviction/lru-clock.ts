// The LRU clock: a 24-bit seconds counter stamped on every object when it is used, cached once per
// cron tick instead of read from the system clock on every key lookup.
// Mirrors: redis src/evict.c (getLRUClock, LRU_CLOCK, estimateObjectIdleTime) and src/server.c
// (serverCron's `server.lruclock = getLRUClock()`).
//
// Redis keeps 24 bits of "seconds, wrapping" in each object's lru field, so an idle time can be
// estimated with one subtraction (allowing for one wrap, every ~194 days). Reading the time costs a
// system call, so serverCron stores the clock in server.lruclock and LRU_CLOCK() returns that copy
// whenever the cron runs at least once per clock tick (1000/hz <= 1000 ms, i.e. hz >= 1, always).
// We do the same: the server refreshes this cache from its cron and whenever the (test) clock is
// moved, and lookups read a field. Measured on Node 20 (docs/eviction.md): reading the cached
// number costs ~1 ns, `Math.floor(Date.now() / 1000) & MAX` ~25-40 ns per lookup.

import { LRU_CLOCK_MAX, LRU_CLOCK_RESOLUTION_MS, estimateIdleSeconds, lruClock } from '../datatypes/object.js';

export { LRU_CLOCK_MAX, LRU_CLOCK_RESOLUTION_MS, estimateIdleSeconds, lruClock };

/** The cached clocks the keyspace stamps objects with (server.lruclock, and the minutes LFU uses). */
export class CachedClocks {
  /** LRU clock: seconds, 24 bits. */
  lru = 0;
  /** LFU's time: minutes, 16 bits (LFUGetTimeInMinutes). */
  lfuMinutes = 0;
  /** The ms value these were computed from. */
  nowMs = 0;

  constructor(nowMs: number) {
    this.refresh(nowMs);
  }

  /** serverCron's update (and our clock.onChange hook). */
  refresh(nowMs: number): void {
    this.nowMs = nowMs;
    this.lru = lruClock(nowMs);
    this.lfuMinutes = Math.floor(nowMs / 60_000) & 65535;
  }
}
