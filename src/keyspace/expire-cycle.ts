// Active expiry: reclaim keys whose TTL passed even if nobody reads them again.
// Mirrors: redis src/expire.c (activeExpireCycle, ACTIVE_EXPIRE_CYCLE_* constants).
//
// The problem: lazy expiry (a key is deleted when a command touches it after its TTL) never frees
// a key that is never read again. Scanning every key with a TTL on each tick would stall the
// server, so Redis samples instead. Each cron tick (`hz` times a second) walks the databases; in
// each it tests a batch of keys that have a TTL, deletes the expired ones, and repeats while more
// than a tenth of the batch was expired (the database probably holds many more), stopping when
// the cycle's time budget (a quarter of a tick) runs out. The effect: at most ~10% of the memory
// is held by logically expired keys, at bounded CPU cost.
//
// Redis remembers where it stopped with a bucket cursor per database; we keep a live Map
// iterator over each database's TTL dictionary, which tolerates deletions and restarts when done.
// FLUSHDB/FLUSHALL/SWAPDB replace a database's dictionaries (Redis resets expires_cursor in
// emptyDbStructure); each cursor remembers the database's generation and is dropped when it moved,
// so the cycle never walks, or keeps alive, a dictionary that is gone.
// SIMPLIFIED: no "fast" cycle from beforeSleep; `active-expire-effort` scales batch and budget
// as in Redis (1..10, default 1).

import type { Database, ExpireTime } from './database.js';
import type { Keyspace } from './keyspace.js';

/** Keys with a TTL tested per batch (ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP). */
const ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP = 20;
/** Share of a tick the cycle may use (ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC). */
const ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC = 25;
/** Keep going while more than this percentage of a batch was expired (…_ACCEPTABLE_STALE). */
const ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE = 10;

/** Where the cycle stopped in one database, valid while the database keeps the same generation. */
interface ExpireCursor {
  readonly generation: number;
  readonly iterator: Iterator<[string, ExpireTime]>;
}

export class ActiveExpireCycle {
  private readonly cursors = new Map<Database, ExpireCursor>();
  private nextDb = 0;
  /** Disabled by DEBUG SET-ACTIVE-EXPIRE 0. */
  enabled = true;

  constructor(private readonly keyspace: Keyspace) {}

  /**
   * Run one slow cycle. `hz` sets the time budget; `effort` is active-expire-effort (1..10).
   * Returns how many keys were expired.
   */
  run(hz: number, effort = 1): number {
    if (!this.enabled) return 0;
    const extra = Math.max(0, effort - 1);
    const keysPerLoop = ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP + (ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP / 4) * extra;
    const stalePerc = ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE - extra;
    const budgetUs = (1_000_000 * (ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC + 2 * extra)) / hz / 100;
    const start = performance.now();
    const dbs = this.keyspace.dbs;
    let expired = 0;
    for (let n = 0; n < dbs.length; n++) {
      const db = dbs[this.nextDb % dbs.length];
      this.nextDb = (this.nextDb + 1) % dbs.length;
      if (db === undefined || db.expiresSize === 0) continue;
      for (;;) {
        const { sampled, expiredNow } = this.sampleBatch(db, keysPerLoop);
        expired += expiredNow;
        if ((performance.now() - start) * 1000 > budgetUs) return expired;
        if (sampled === 0 || expiredNow * 100 <= sampled * stalePerc) break;
      }
    }
    return expired;
  }

  private sampleBatch(db: Database, batch: number): { sampled: number; expiredNow: number } {
    let saved = this.cursors.get(db);
    if (saved === undefined || saved.generation !== db.generation) {
      saved = { generation: db.generation, iterator: db.expiresIterator() };
      this.cursors.set(db, saved);
    }
    let cursor = saved.iterator;
    const now = this.keyspace.now();
    let sampled = 0;
    let expiredNow = 0;
    let wrapped = false;
    while (sampled < batch) {
      const next = cursor.next();
      if (next.done === true) {
        this.cursors.delete(db);
        // A batch that starts at the end wraps to the beginning (Redis's cursor wraps to 0 and
        // the loop goes on); one that ran into the end stops, and the next batch starts over.
        if (sampled > 0 || wrapped) break;
        wrapped = true;
        cursor = db.expiresIterator();
        this.cursors.set(db, { generation: db.generation, iterator: cursor });
        continue;
      }
      sampled++;
      const [key, when] = next.value;
      // Expired once the clock is strictly past the expiry time (activeExpireCycleTryExpire).
      if (now > when && db.expireIfNeeded(key)) expiredNow++;
    }
    return { sampled, expiredNow };
  }

  /** Forget every iterator (not needed after FLUSHALL/SWAPDB: cursors check the generation). */
  reset(): void {
    this.cursors.clear();
  }
}
