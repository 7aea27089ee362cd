// The eviction pool: the 16 best eviction candidates seen so far, kept sorted, refilled by
// sampling a few keys per database on every eviction.
// Mirrors: redis src/evict.c (struct evictionPoolEntry, EVPOOL_SIZE, evictionPoolAlloc,
// evictionPoolPopulate).
//
// The problem. Exact LRU needs a linked list threaded through every key and an update on every
// access: memory and time Redis does not want to spend. Picking the oldest of a few random keys
// (maxmemory-samples, default 5) is cheap but noisy: a sample of 5 often holds no old key at all.
//
// The algorithm. Keep a small array of the best candidates met so far across evictions, sorted
// by "idle" ascending (so the best candidate is the rightmost filled entry). Each eviction samples
// `maxmemory-samples` keys in every non-empty database and offers each to the pool: a key better
// than the worst entry takes its place, shifting the others; a key worse than all of them is
// dropped when the pool is full. The eviction then takes the rightmost entry whose key still
// exists (it may have been deleted since it was pooled: a "ghost", skipped). Because good
// candidates survive between evictions, the result is much closer to true LRU than sampling
// alone: Redis's own measurements show 5 samples with a pool rival 10 samples without one.
//
// "Idle" is what makes a key a better victim: the LRU idle time in ms, 255 minus the decayed LFU
// counter, or (volatile-ttl) how soon the TTL fires, as ULLONG_MAX minus the expiry time.
// SIMPLIFIED: Redis keeps a preallocated sds per entry to avoid allocations; here keys are JS
// strings, which are shared, not copied.

/** EVPOOL_SIZE: candidates kept between evictions. */
export const EVPOOL_SIZE = 16;

export interface PoolEntry {
  /** The candidate's score: higher is a better victim. */
  idle: number;
  /** The key (latin1 string), or null for an empty entry. */
  key: string | null;
  db: number;
}

export class EvictionPool {
  readonly entries: PoolEntry[] = Array.from({ length: EVPOOL_SIZE }, () => ({ idle: 0, key: null, db: 0 }));

  /**
   * Offer a sampled key (evictionPoolPopulate's insertion): find its place in the ascending order;
   * insert into an empty entry there, or shift the right part right when the last entry is free,
   * or else shift the left part left, dropping the worst candidate.
   */
  offer(db: number, key: string, idle: number): void {
    const pool = this.entries;
    let k = 0;
    while (k < EVPOOL_SIZE && (pool[k] as PoolEntry).key !== null && (pool[k] as PoolEntry).idle < idle) k++;
    if (k === 0 && (pool[EVPOOL_SIZE - 1] as PoolEntry).key !== null) {
      // Worse than every candidate, and the pool is full.
      return;
    } else if (k < EVPOOL_SIZE && (pool[k] as PoolEntry).key === null) {
      // An empty entry at the insertion point: nothing to move.
    } else if ((pool[EVPOOL_SIZE - 1] as PoolEntry).key === null) {
      // Room at the right end: shift k..end-1 one to the right (the last, empty entry is reused).
      const spare = pool.pop() as PoolEntry;
      pool.splice(k, 0, spare);
    } else {
      // Full: drop the worst (leftmost) candidate and shift 1..k-1 left.
      k--;
      const spare = pool.shift() as PoolEntry;
      pool.splice(k, 0, spare);
    }
    const entry = pool[k] as PoolEntry;
    entry.key = key;
    entry.idle = idle;
    entry.db = db;
  }

  /**
   * Take candidates from the best down (performEvictions' backward walk): each one is removed
   * from the pool; the first for which `exists` is true is returned, ghosts are skipped.
   */
  takeBest(exists: (db: number, key: string) => boolean): { db: number; key: string } | undefined {
    const pool = this.entries;
    for (let k = EVPOOL_SIZE - 1; k >= 0; k--) {
      const entry = pool[k] as PoolEntry;
      const key = entry.key;
      if (key === null) continue;
      entry.key = null;
      entry.idle = 0;
      if (exists(entry.db, key)) return { db: entry.db, key };
    }
    return undefined;
  }

  /** Candidates currently held (tests). */
  get size(): number {
    let n = 0;
    for (const entry of this.entries) if (entry.key !== null) n++;
    return n;
  }

  /** Forget every candidate (FLUSHALL, a policy change). */
  clear(): void {
    for (const entry of this.entries) {
      entry.key = null;
      entry.idle = 0;
    }
  }
}
