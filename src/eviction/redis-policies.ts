// Redis's eight maxmemory policies, each an EvictionPolicy (policy.ts) that picks its victim the way
// performEvictions does: by sampling keys into the eviction pool (LRU, LFU, TTL) or at random.
// Mirrors: redis src/evict.c (performEvictions' victim selection, evictionPoolPopulate's idle score,
// estimateObjectIdleTime, the MAXMEMORY_* policy flags).
//
//   noeviction       never delete: commands flagged denyoom fail with the OOM error instead.
//   allkeys-lru      the least recently used key, approximated by sampling + the pool (eviction-pool.ts).
//   volatile-lru     the same among keys with a TTL.
//   allkeys-lfu      the least frequently used key (LFU counter, lfu.ts), sampled the same way.
//   volatile-lfu     the same among keys with a TTL.
//   allkeys-random   a random key, databases visited round-robin.
//   volatile-random  a random key with a TTL.
//   volatile-ttl     the key with the nearest expiry, among sampled keys with a TTL.

import { lfuDecrAndReturn } from './lfu.js';
import { LRU_CLOCK_MAX, LRU_CLOCK_RESOLUTION_MS } from './lru-clock.js';
import type { EvictionPolicy, EvictionPolicyFactory, PolicyHost } from './policy.js';
import type { EvictionKeyRef } from './tracking-policy.js';

/** Random probes for a key with a TTL before volatile-random falls back to the expires walk. */
const VOLATILE_RANDOM_PROBES = 32;

/** How a sampled key scores as a victim (evictionPoolPopulate's `idle`): higher is evicted first. */
type Score = (host: PolicyHost, dbIndex: number, key: string) => number | undefined;

/** Idle time in ms from the LRU clock (estimateObjectIdleTime). */
const lruScore: Score = (host, dbIndex, key) => {
  const obj = host.keyspace.db(dbIndex).peek(key);
  if (obj === undefined) return undefined;
  const clock = host.keyspace.clocks.lru;
  const lru = obj.lru;
  const idleTicks = clock >= lru ? clock - lru : clock + (LRU_CLOCK_MAX - lru);
  return idleTicks * LRU_CLOCK_RESOLUTION_MS;
};

/** 255 minus the decayed LFU counter: the least frequently used scores highest. */
const lfuScore: Score = (host, dbIndex, key) => {
  const obj = host.keyspace.db(dbIndex).peek(key);
  if (obj === undefined) return undefined;
  return 255 - lfuDecrAndReturn(obj.lru, host.keyspace.clocks.lfuMinutes, host.keyspace.lfuDecayTime);
};

/** The nearer the expiry, the higher: volatile-ttl. */
const ttlScore: Score = (host, dbIndex, key) => {
  const when = host.keyspace.db(dbIndex).getExpire(key);
  return when === undefined ? undefined : Number.MAX_SAFE_INTEGER - Number(when);
};

/**
 * The LRU/LFU/TTL branch of performEvictions: sample `maxmemory-samples` keys of every database into
 * the pool, then take the best candidate that still exists.
 */
function pooled(name: string, stamp: 'lru' | 'lfu', volatile: boolean, score: Score): EvictionPolicyFactory {
  return (host) => ({
    name,
    stamp,
    tracker: undefined,
    victim(): EvictionKeyRef | undefined {
      const keyspace = host.keyspace;
      const samples = host.config.values['maxmemory-samples'];
      const exists = volatile
        ? (db: number, key: string): boolean => keyspace.db(db).getExpire(key) !== undefined
        : (db: number, key: string): boolean => keyspace.db(db).peek(key) !== undefined;
      for (;;) {
        let totalKeys = 0;
        for (const db of keyspace.dbs) {
          const keys = volatile ? db.expiresSize : db.size;
          if (keys === 0) continue;
          totalKeys += keys;
          for (const key of db.sampleKeys(samples, volatile)) {
            const idle = score(host, db.index, key);
            if (idle !== undefined) host.pool.offer(db.index, key, idle);
          }
        }
        if (totalKeys === 0) return undefined;
        const best = host.pool.takeBest(exists);
        if (best !== undefined) return best;
        // Every pooled candidate was a ghost: sample again (Redis's `while (bestkey == NULL)`).
      }
    },
  });
}

/** allkeys-random / volatile-random: a random key of the next non-empty database, round-robin. */
function random(name: string, volatile: boolean): EvictionPolicyFactory {
  return (host) => {
    /** performEvictions' static next_db. */
    let nextDb = 0;
    return {
      name,
      stamp: 'lru',
      tracker: undefined,
      victim(): EvictionKeyRef | undefined {
        const dbs = host.keyspace.dbs;
        for (let i = 0; i < dbs.length; i++) {
          nextDb = (nextDb + 1) % dbs.length;
          const db = dbs[nextDb];
          if (db === undefined) continue;
          if (!volatile) {
            const key = db.randomSlotKey();
            if (key !== undefined) return { db: db.index, key };
            continue;
          }
          if (db.expiresSize === 0) continue;
          // dictGetRandomKey over db->expires: probe random keys for one with a TTL, else walk expires.
          for (let probe = 0; probe < VOLATILE_RANDOM_PROBES; probe++) {
            const key = db.randomSlotKey();
            if (key !== undefined && db.getExpire(key) !== undefined) return { db: db.index, key };
          }
          const [key] = db.sampleKeys(1, true);
          if (key !== undefined) return { db: db.index, key };
        }
        return undefined;
      },
    };
  };
}

/** noeviction: nothing is ever a victim, so denyoom commands get the OOM error. */
export const NO_EVICTION: EvictionPolicy = { name: 'noeviction', stamp: 'lru', tracker: undefined, victim: () => undefined };

export const REDIS_POLICIES: ReadonlyMap<string, EvictionPolicyFactory> = new Map<string, EvictionPolicyFactory>([
  ['noeviction', () => NO_EVICTION],
  ['allkeys-lru', pooled('allkeys-lru', 'lru', false, lruScore)],
  ['volatile-lru', pooled('volatile-lru', 'lru', true, lruScore)],
  ['allkeys-lfu', pooled('allkeys-lfu', 'lfu', false, lfuScore)],
  ['volatile-lfu', pooled('volatile-lfu', 'lfu', true, lfuScore)],
  ['allkeys-random', random('allkeys-random', false)],
  ['volatile-random', random('volatile-random', true)],
  ['volatile-ttl', pooled('volatile-ttl', 'lru', true, ttlScore)],
]);

/** Does this policy keep LFU counters in the objects' lru field (MAXMEMORY_FLAG_LFU)? */
export function isLfuPolicy(name: string): boolean {
  return name === 'allkeys-lfu' || name === 'volatile-lfu';
}
