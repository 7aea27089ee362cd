// The types a database shares with the rest of the server: expiry times (numbers, or bigints beyond
// 2^53 ms) and the context a Database runs in (time, randomness, and where its events go).
// Mirrors: redis src/server.h (the `redisDb` fields and server globals db.c reads: lruclock,
// the keyspace event hooks).

import type { Rng } from '../util/clock.js';
import type { TrackingPolicy } from '../eviction/tracking-policy.js';
import type { Database } from './database.js';

/**
 * An absolute expiry time in Unix ms. A number, except beyond 2^53 ms (the year 287,396), where a
 * double cannot hold every integer and Redis's long long can: there it is a bigint, so
 * `PEXPIREAT k 9007199254740993` reads back exactly. JS compares a number with a bigint directly, so
 * the expiry checks need no special case; arithmetic on one (TTL) converts first.
 */
export type ExpireTime = number | bigint;

const MAX_EXACT_MS = BigInt(Number.MAX_SAFE_INTEGER);

/** A 64-bit ms time as an ExpireTime: a number when a double holds it exactly, else the bigint. */
export function exactExpireTime(ms: bigint): ExpireTime {
  return ms > MAX_EXACT_MS || ms < -MAX_EXACT_MS ? ms : Number(ms);
}

/** What a database needs from the server around it: time, randomness, and where events go. */
export interface KeyspaceContext {
  now(): number;
  readonly rng: Rng;
  /** A key was changed by a write (Redis signalModifiedKey: WATCH, client tracking). */
  keyModified(db: Database, key: string): void;
  /** A key was removed because its TTL passed (stats, `expired` notification, AOF DEL). */
  keyExpired(db: Database, key: string): void;
  /** keyspace_hits / keyspace_misses. */
  keyspaceHit(): void;
  keyspaceMiss(): void;
  /** Keyspace events `new` (a key was created: dbAdd) and `keymiss` (a read lookup found nothing). */
  keyCreated(db: Database, key: string): void;
  keyMissed(db: Database, key: string): void;
  /** While false (a replica, or while loading), expired keys are reported missing but kept. */
  readonly activeExpiry: boolean;
  /**
   * True while a replica applies its master's stream: keys past their TTL are still there for the
   * master's commands (expireIfNeeded's `current_client == server.master`), the master DELs them.
   */
  readonly obeyingMaster: boolean;
  /** The whole database is about to be emptied (FLUSHDB) or swapped with `other` (SWAPDB). */
  databaseReplaced(db: Database, other?: Database): void;
  /**
   * The `lru` field for an object being stored, and the one after an access: the cached LRU
   * clock, or under an LFU policy the LFU counter (src/eviction/lru-clock.ts, lfu.ts).
   */
  newObjectField(): number;
  touchField(field: number): number;
  /** True while an LFU policy is selected: an overwritten key keeps its counter (dbSetValue). */
  readonly lfuMode: boolean;
  /** The selected tracking eviction policy (src/eviction/tracking-policy.ts), if any. */
  readonly tracker: TrackingPolicy | undefined;
  /** A key was evicted under maxmemory (stats, `evicted` notification, WATCH, AOF DEL). */
  keyEvicted(db: Database, key: string): void;
  /**
   * A key was added or written: re-price it once the command is done (Keyspace.settleMemory), since
   * commands may change a value in place after signalling (LPUSH creates the key, then pushes).
   */
  deferReprice(db: Database, key: string): void;
}
