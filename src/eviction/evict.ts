// Eviction under maxmemory: when the server uses more memory than `maxmemory`, delete keys chosen
// by `maxmemory-policy` until it does not, before running a command that may grow the dataset.
// Mirrors: redis src/evict.c (performEvictions, evictionTimeLimitUs, startEvictionTimeProc,
// getMaxmemoryState, the MAXMEMORY_* policy flags) and src/config.c (updateMaxmemory).
//
// The policies (maxmemory-policy):
//   noeviction       never delete: commands flagged denyoom fail with the OOM error instead.
//   allkeys-lru      the least recently used key, approximated by sampling + the pool (eviction-pool.ts).
//   volatile-lru     the same among keys with a TTL.
//   allkeys-lfu      the least frequently used key (LFU counter, lfu.ts), sampled the same way.
//   volatile-lfu     the same among keys with a TTL.
//   allkeys-random   a random key, databases visited round-robin.
//   volatile-random  a random key with a TTL.
//   volatile-ttl     the key with the nearest expiry, among sampled keys with a TTL.
// and the tracking policies of src/eviction/extra/ (allkeys-exact-lru, allkeys-sieve ...), which
// keep their own record of keys and name the victim themselves (tracking-policy.ts).
//
// The loop. Compute how much must go (used - maxmemory). Pick a victim, delete it, count what that
// freed, repeat. Under a volatile-* policy with no key having a TTL (or noeviction) nothing can be
// freed: the caller rejects the command with `OOM command not allowed when used memory >
// 'maxmemory'.`. Evicting is bounded in time by maxmemory-eviction-tenacity (10 → 500 µs, then +15%
// per step, 100 → unbounded); when the budget runs out with memory still over the limit, eviction
// continues from a timer between commands (Redis's evictionTimeProc) and the current command is
// let through, exactly as Redis reports EVICT_RUNNING.
// SIMPLIFIED: no lazyfree (lazyfree-lazy-eviction is accepted and ignored: deleting any key is O(1)
// here); replicas' output buffers and the AOF buffer are not part of used_memory, so nothing needs
// to be excluded ("mem_not_counted_for_evict" is 0).

import type { Config } from '../config/config.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import { EvictionPool } from './eviction-pool.js';
import { lfuDecrAndReturn } from './lfu.js';
import { LRU_CLOCK_MAX, LRU_CLOCK_RESOLUTION_MS } from './lru-clock.js';
import type { TrackingPolicyFactory } from './tracking-policy.js';

/** What performEvictions reports (EVICT_OK, EVICT_RUNNING, EVICT_FAIL). */
export type EvictResult = 'ok' | 'running' | 'fail';

/** How a policy chooses (the MAXMEMORY_FLAG_* bits, spelled out). */
export interface PolicyInfo {
  readonly kind: 'noeviction' | 'lru' | 'lfu' | 'ttl' | 'random' | 'tracking';
  /** Only keys with a TTL are candidates (MAXMEMORY_FLAG_ALLKEYS unset). */
  readonly volatile: boolean;
}

const REDIS_POLICIES: ReadonlyMap<string, PolicyInfo> = new Map<string, PolicyInfo>([
  ['noeviction', { kind: 'noeviction', volatile: false }],
  ['allkeys-lru', { kind: 'lru', volatile: false }],
  ['volatile-lru', { kind: 'lru', volatile: true }],
  ['allkeys-lfu', { kind: 'lfu', volatile: false }],
  ['volatile-lfu', { kind: 'lfu', volatile: true }],
  ['allkeys-random', { kind: 'random', volatile: false }],
  ['volatile-random', { kind: 'random', volatile: true }],
  ['volatile-ttl', { kind: 'ttl', volatile: true }],
]);

const TRACKING: PolicyInfo = { kind: 'tracking', volatile: false };

/** The policy's flags; an unknown name (a registered extra) is a tracking policy. */
export function policyInfo(name: string): PolicyInfo {
  return REDIS_POLICIES.get(name) ?? TRACKING;
}

/** Does this policy keep LFU counters in the objects' lru field (MAXMEMORY_FLAG_LFU)? */
export function isLfuPolicy(name: string): boolean {
  return policyInfo(name).kind === 'lfu';
}

/**
 * evictionTimeLimitUs: the time one performEvictions call may spend, from maxmemory-eviction-tenacity:
 * 0..10 linear up to 500 µs, then a 15% geometric progression (~2 minutes at 99), 100 unlimited.
 */
export function evictionTimeLimitUs(tenacity: number): number {
  if (tenacity <= 10) return 50 * tenacity;
  if (tenacity < 100) return Math.floor(500 * 1.15 ** (tenacity - 10));
  return Number.POSITIVE_INFINITY;
}

/** Keys sampled between time checks (performEvictions checks the clock every 16 evictions). */
const KEYS_PER_TIME_CHECK = 16;
/** Victims named by a tracking policy that were not in the keyspace, before eviction gives up. */
const MAX_STALE_VICTIMS = 1000;
/** Random probes for a key with a TTL before volatile-random falls back to the expires walk. */
const VOLATILE_RANDOM_PROBES = 32;

/** What eviction needs from the server. */
export interface EvictionHost {
  readonly keyspace: Keyspace;
  readonly config: Config;
  /** INFO stats' total/current_eviction_exceeded_time are kept here. */
  readonly stats: { evictionExceededUs: number; evictionExceededSince: number };
  /** used_memory as the maxmemory check sees it (src/eviction/memory-model.ts). */
  usedMemory(): number;
  log(level: 'debug' | 'verbose' | 'notice' | 'warning', message: string): void;
}

export class Evictor {
  readonly pool = new EvictionPool();
  /** Round-robin start for the random policies (performEvictions' static next_db). */
  private nextDb = 0;
  private timer: NodeJS.Timeout | undefined;
  private policy: PolicyInfo = REDIS_POLICIES.get('noeviction') as PolicyInfo;

  constructor(
    private readonly host: EvictionHost,
    private readonly trackingPolicies: ReadonlyMap<string, TrackingPolicyFactory>,
  ) {}

  /** Is an eviction timer still working through an over-limit backlog (isEvictionProcRunning)? */
  get running(): boolean {
    return this.timer !== undefined;
  }

  /**
   * Select a policy (CONFIG SET maxmemory-policy): the keyspace starts stamping objects with the
   * LRU clock or the LFU counter, and a tracking policy is built and told about every key that
   * exists now. Objects already stored keep their field as it is, to be read the new way (as in Redis).
   */
  applyPolicy(name: string): void {
    const keyspace = this.host.keyspace;
    this.policy = policyInfo(name);
    this.pool.clear();
    keyspace.lfuMode = this.policy.kind === 'lfu';
    keyspace.tracker = undefined;
    if (this.policy.kind !== 'tracking') return;
    const factory = this.trackingPolicies.get(name);
    if (factory === undefined) {
      // Accepted by the config table but not built into this server: behave as noeviction.
      this.policy = REDIS_POLICIES.get('noeviction') as PolicyInfo;
      this.host.log('warning', `maxmemory-policy ${name} has no implementation here; acting as noeviction`);
      return;
    }
    const tracker = factory(keyspace.totalKeys);
    for (const db of keyspace.dbs) {
      for (const [key, obj] of db.entries()) tracker.insert(db.index, key, obj.charged ?? 0);
    }
    keyspace.tracker = tracker;
  }

  /**
   * performEvictions: free memory until used_memory <= maxmemory. 'fail' means nothing more could
   * be evicted (or noeviction) and the server is still over the limit: the caller rejects denyoom
   * commands. 'running' means the time budget ran out and a timer carries on.
   */
  perform(): EvictResult {
    const result = this.evict();
    // update_metrics: time spent over the limit, from the first call that could not get under it
    // to the first one that finds memory fine again.
    const stats = this.host.stats;
    if (result !== 'ok') {
      if (stats.evictionExceededSince === 0) stats.evictionExceededSince = performance.now();
    } else if (stats.evictionExceededSince !== 0) {
      stats.evictionExceededUs += Math.round((performance.now() - stats.evictionExceededSince) * 1000);
      stats.evictionExceededSince = 0;
    }
    return result;
  }

  private evict(): EvictResult {
    const host = this.host;
    const keyspace = host.keyspace;
    const maxmemory = host.config.values.maxmemory;
    // isSafeToPerformEvictions: not while loading (or as a replica, which mirrors its master).
    if (maxmemory === 0 || !keyspace.activeExpiry) return 'ok';
    let used = host.usedMemory();
    if (used <= maxmemory) return 'ok';
    if (this.policy.kind === 'noeviction') return 'fail';
    const toFree = used - maxmemory;
    const limitUs = evictionTimeLimitUs(host.config.values['maxmemory-eviction-tenacity']);
    const start = performance.now();
    let freed = 0;
    let keysFreed = 0;
    let staleVictims = 0;
    while (freed < toFree) {
      const victim = this.pickVictim();
      if (victim === undefined) return 'fail';
      const db = keyspace.db(victim.db);
      if (!db.evict(victim.key)) {
        // A tracking policy named a key the keyspace no longer has: forget it and go on (a policy
        // that keeps naming missing keys would spin, so give up after a while).
        keyspace.tracker?.remove(victim.db, victim.key);
        if (++staleVictims > MAX_STALE_VICTIMS) return 'fail';
        continue;
      }
      const now = host.usedMemory();
      freed += used - now;
      used = now;
      keysFreed++;
      if (keysFreed % KEYS_PER_TIME_CHECK === 0 && (performance.now() - start) * 1000 > limitUs) {
        if (used > maxmemory) {
          this.startTimer();
          return 'running';
        }
        break;
      }
    }
    return 'ok';
  }

  /** startEvictionTimeProc: keep evicting between commands until under the limit. */
  private startTimer(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.perform();
    }, 0);
    this.timer.unref();
  }

  /** Stop the eviction timer (server shutdown). */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The next key to evict under the current policy, or undefined when there is none. */
  pickVictim(): { db: number; key: string } | undefined {
    const keyspace = this.host.keyspace;
    const policy = this.policy;
    switch (policy.kind) {
      case 'noeviction':
        return undefined;
      case 'tracking': {
        const victim = keyspace.tracker?.victim();
        return victim === undefined ? undefined : { db: victim.db, key: victim.key };
      }
      case 'random':
        return this.pickRandom(policy.volatile);
      case 'lru':
      case 'lfu':
      case 'ttl':
        return this.pickFromPool(policy);
      default:
        return undefined;
    }
  }

  /** The LRU/LFU/TTL branch of performEvictions: sample every database into the pool, take the best. */
  private pickFromPool(policy: PolicyInfo): { db: number; key: string } | undefined {
    const keyspace = this.host.keyspace;
    const samples = this.host.config.values['maxmemory-samples'];
    const exists = policy.volatile
      ? (db: number, key: string): boolean => keyspace.db(db).getExpire(key) !== undefined
      : (db: number, key: string): boolean => keyspace.db(db).peek(key) !== undefined;
    for (;;) {
      let totalKeys = 0;
      for (const db of keyspace.dbs) {
        const keys = policy.volatile ? db.expiresSize : db.size;
        if (keys === 0) continue;
        totalKeys += keys;
        for (const key of db.sampleKeys(samples, policy.volatile)) {
          const idle = this.idleScore(policy, db.index, key);
          if (idle !== undefined) this.pool.offer(db.index, key, idle);
        }
      }
      if (totalKeys === 0) return undefined;
      const best = this.pool.takeBest(exists);
      if (best !== undefined) return best;
      // Every pooled candidate was a ghost: sample again (Redis's `while (bestkey == NULL)`).
    }
  }

  /** How good a victim a key is (evictionPoolPopulate's idle): higher is evicted first. */
  private idleScore(policy: PolicyInfo, dbIndex: number, key: string): number | undefined {
    const keyspace = this.host.keyspace;
    const db = keyspace.db(dbIndex);
    if (policy.kind === 'ttl') {
      const when = db.getExpire(key);
      return when === undefined ? undefined : Number.MAX_SAFE_INTEGER - when;
    }
    const obj = db.peek(key);
    if (obj === undefined) return undefined;
    if (policy.kind === 'lfu') {
      return 255 - lfuDecrAndReturn(obj.lru, keyspace.clocks.lfuMinutes, keyspace.lfuDecayTime);
    }
    // estimateObjectIdleTime, in ms.
    const clock = keyspace.clocks.lru;
    const lru = obj.lru;
    const idleTicks = clock >= lru ? clock - lru : clock + (LRU_CLOCK_MAX - lru);
    return idleTicks * LRU_CLOCK_RESOLUTION_MS;
  }

  /** allkeys-random / volatile-random: a random key of the next non-empty database, round-robin. */
  private pickRandom(volatile: boolean): { db: number; key: string } | undefined {
    const keyspace = this.host.keyspace;
    const dbs = keyspace.dbs;
    for (let i = 0; i < dbs.length; i++) {
      this.nextDb = (this.nextDb + 1) % dbs.length;
      const db = dbs[this.nextDb];
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
  }
}
