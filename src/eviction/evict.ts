// Eviction under maxmemory: when the server uses more memory than `maxmemory`, delete keys chosen
// by `maxmemory-policy` until it does not, before running a command that may grow the dataset.
// Mirrors: redis src/evict.c (performEvictions, evictionTimeLimitUs, startEvictionTimeProc,
// getMaxmemoryState, the MAXMEMORY_* policy flags) and src/config.c (updateMaxmemory).
//
// The policies (maxmemory-policy) sit behind one interface (policy.ts): Redis's eight in
// redis-policies.ts, the tracking policies of extra/ (allkeys-exact-lru, allkeys-sieve ...) adapted by
// trackingEvictionPolicy. This loop only asks the current one for a victim.
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
import { trackingEvictionPolicy, type EvictionPolicy, type EvictionPolicyFactory } from './policy.js';
import { NO_EVICTION, REDIS_POLICIES } from './redis-policies.js';
import type { TrackingPolicyFactory } from './tracking-policy.js';

export { isLfuPolicy } from './redis-policies.js';

/** What performEvictions reports (EVICT_OK, EVICT_RUNNING, EVICT_FAIL). */
export type EvictResult = 'ok' | 'running' | 'fail';

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

/** What eviction needs from the server. */
export interface EvictionHost {
  readonly keyspace: Keyspace;
  readonly config: Config;
  /** INFO stats' total/current_eviction_exceeded_time are kept here. */
  readonly stats: { evictionExceededUs: number; evictionExceededSince: number };
  /** used_memory as the maxmemory check sees it (src/eviction/memory-model.ts). */
  usedMemory(): number;
  log(level: 'debug' | 'verbose' | 'notice' | 'warning', message: string): void;
  /** Set while a script is busy: nothing is evicted under it (src/scripting/busy-script.ts). */
  readonly busyScript: unknown;
}

export class Evictor {
  readonly pool = new EvictionPool();
    private timer: NodeJS.Timeout | undefined;
  private policy: EvictionPolicy = NO_EVICTION;
  /** Every policy this server can run, by maxmemory-policy name. */
  private readonly factories: ReadonlyMap<string, EvictionPolicyFactory>;

  constructor(
    private readonly host: EvictionHost,
    trackingPolicies: ReadonlyMap<string, TrackingPolicyFactory>,
  ) {
    const factories = new Map(REDIS_POLICIES);
    for (const [name, factory] of trackingPolicies) factories.set(name, trackingEvictionPolicy(name, factory));
    this.factories = factories;
  }

  /** The policy in force. */
  get current(): EvictionPolicy {
    return this.policy;
  }

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
    this.pool.clear();
    const factory = this.factories.get(name);
    if (factory === undefined) {
      // Accepted by the config table but not built into this server: behave as noeviction.
      this.host.log('warning', `maxmemory-policy ${name} has no implementation here; acting as noeviction`);
    }
    this.policy = factory === undefined ? NO_EVICTION : factory({ keyspace, config: this.host.config, pool: this.pool });
    keyspace.lfuMode = this.policy.stamp === 'lfu';
    keyspace.tracker = undefined;
    const tracker = this.policy.tracker;
    if (tracker === undefined) return;
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
      // A busy script runs between event-loop turns: evicting now would change keys under it.
      if (this.host.busyScript !== undefined) this.startTimer();
      else this.perform();
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
    const victim = this.policy.victim();
    return victim === undefined ? undefined : { db: victim.db, key: victim.key };
  }
}
