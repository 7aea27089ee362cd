// All of the server's databases, and the bookkeeping every key change goes through.
// Mirrors: redis src/db.c (server.db[], selectDb, swapdb, signalModifiedKey, the stats
// counters) and src/notify.c's entry point for keyspace events.
//
// Every write reaches `keyModified`, every lazy or active expiry reaches `keyExpired`. Other
// subsystems (WATCH, keyspace notifications, eviction bookkeeping, the AOF) subscribe here
// instead of being called from each command.

import type { Clock, Rng } from '../util/clock.js';
import { Database, type KeyspaceContext } from './database.js';
import { CachedClocks } from '../eviction/lru-clock.js';
import { lfuInitField, lfuTouch } from '../eviction/lfu.js';
import type { TrackingPolicy } from '../eviction/tracking-policy.js';
import { NOTIFY_KEY_MISS, NOTIFY_NEW } from '../config/keyspace-events.js';

export interface KeyspaceStats {
  expiredKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
}

export type KeyListener = (db: Database, key: string) => void;

/** Pending re-prices that trigger an early settle, and how many recent ones that settle leaves. */
const REPRICE_PENDING_MAX = 4096;
const REPRICE_KEEP_RECENT = 64;

export class Keyspace implements KeyspaceContext {
  readonly dbs: Database[];
  /** Expired keys are deleted when found (false while loading, as in Redis). */
  activeExpiry = true;
  /** A replica is running its master's command (src/replication/replica-stream.ts). */
  obeyingMaster = false;
  private readonly modifiedListeners: KeyListener[] = [];
  private readonly expiredListeners: KeyListener[] = [];
  private readonly replacedListeners: Array<(db: Database, other?: Database) => void> = [];
  private readonly evictedListeners: KeyListener[] = [];
  /** server.lruclock and LFU's minutes, refreshed by the cron and whenever the clock is moved. */
  readonly clocks: CachedClocks;
  /**
   * How objects' `lru` fields are kept: false the LRU clock, true the LFU counter (an LFU
   * maxmemory-policy is selected). lfu-log-factor / lfu-decay-time are copied here by the server.
   */
  lfuMode = false;
  lfuLogFactor = 10;
  lfuDecayTime = 1;
  /** The tracking eviction policy fed by every key change, when one is selected (else undefined). */
  tracker: TrackingPolicy | undefined = undefined;

  constructor(
    databases: number,
    private readonly clock: Clock,
    readonly rng: Rng,
    readonly stats: KeyspaceStats,
  ) {
    this.clocks = new CachedClocks(clock.now());
    clock.onChange(() => this.refreshClocks());
    this.dbs = Array.from({ length: databases }, (_, i) => new Database(i, this));
  }

  /** serverCron's `server.lruclock = getLRUClock()`. */
  refreshClocks(): void {
    this.clocks.refresh(this.clock.now());
  }

  newObjectField(): number {
    return this.lfuMode ? lfuInitField(this.clocks.lfuMinutes) : this.clocks.lru;
  }

  touchField(field: number): number {
    if (!this.lfuMode) return this.clocks.lru;
    return lfuTouch(field, this.clocks.lfuMinutes, this.lfuLogFactor, this.lfuDecayTime, this.rng);
  }

  /**
   * Keys written since the last settleMemory, as parallel arrays (database, key) of which the first
   * `repriceCount` entries are live. The arrays are reused, never shortened: `length = 0` on every
   * command was a runtime call (~0.5% of CPU at -P 16); a settled entry's key is blanked instead, so a
   * big key is not kept alive.
   */
  private readonly repriceDbs: Database[] = [];
  private readonly repriceKeys: string[] = [];
  private repriceCount = 0;

  deferReprice(db: Database, key: string): void {
    const i = this.repriceCount++;
    this.repriceDbs[i] = db;
    this.repriceKeys[i] = key;
    // Writes outside dispatch (fixtures, AOF loading) settle nothing until the total is read:
    // keep the list bounded by settling all but the most recent entries (the running command's).
    if (this.repriceCount >= REPRICE_PENDING_MAX) this.settleMemory(REPRICE_KEEP_RECENT);
  }

  /**
   * Re-price every key written since the last call (dispatch calls this after each command, and
   * every read of usedBytes does first). One comparison when nothing was written.
   */
  settleMemory(keepRecent = 0): void {
    const n = this.repriceCount - keepRecent;
    if (n <= 0) return;
    const keys = this.repriceKeys;
    const dbs = this.repriceDbs;
    for (let i = 0; i < n; i++) {
      (dbs[i] as Database).reprice(keys[i] as string);
      keys[i] = '';
    }
    // The kept entries (the running command's) move to the front.
    for (let i = 0; i < keepRecent; i++) {
      keys[i] = keys[n + i] as string;
      dbs[i] = dbs[n + i] as Database;
      keys[n + i] = '';
    }
    this.repriceCount = keepRecent;
  }

  /** Bytes charged for every database (src/eviction/memory-model.ts), maintained incrementally. */
  get usedBytes(): number {
    this.settleMemory();
    let total = 0;
    for (const db of this.dbs) total += db.usedBytes;
    return total;
  }

  /** The same, recomputed by walking every key (tests). */
  recount(): number {
    let total = 0;
    for (const db of this.dbs) total += db.recount();
    return total;
  }

  /**
   * Subscribe to evictions (the AOF propagates a DEL for each). Runs after the key is gone and
   * before the modified-key listeners (WATCH), as Redis's performEvictions orders them.
   */
  onKeyEvicted(listener: KeyListener): void {
    this.evictedListeners.push(listener);
  }

  keyEvicted(db: Database, key: string): void {
    for (const listener of this.modifiedListeners) listener(db, key);
    for (const listener of this.evictedListeners) listener(db, key);
  }

  now(): number {
    return this.clock.now();
  }

  db(index: number): Database {
    const db = this.dbs[index];
    if (db === undefined) throw new RangeError(`no database ${index}`);
    return db;
  }

  onKeyModified(listener: KeyListener): void {
    this.modifiedListeners.push(listener);
  }

  /** Called before FLUSHDB empties a database or SWAPDB swaps two (`other`). */
  onDatabaseReplaced(listener: (db: Database, other?: Database) => void): void {
    this.replacedListeners.push(listener);
  }

  databaseReplaced(db: Database, other?: Database): void {
    for (const listener of this.replacedListeners) listener(db, other);
  }

  onKeyExpired(listener: KeyListener): void {
    this.expiredListeners.push(listener);
  }

  keyModified(db: Database, key: string): void {
    for (const listener of this.modifiedListeners) listener(db, key);
  }

  keyExpired(db: Database, key: string): void {
    this.stats.expiredKeys++;
    for (const listener of this.expiredListeners) listener(db, key);
    for (const listener of this.modifiedListeners) listener(db, key);
  }

  keyspaceHit(): void {
    this.stats.keyspaceHits++;
  }

  keyspaceMiss(): void {
    this.stats.keyspaceMisses++;
  }

  /**
   * Where the events raised inside a database go (`new` from dbAdd, `keymiss` from a read lookup
   * miss): the server points this at notifyKeyspaceEvent; unset, they cost one check.
   */
  keyEvent: ((db: Database, type: number, event: string, key: string) => void) | undefined;

  keyCreated(db: Database, key: string): void {
    this.keyEvent?.(db, NOTIFY_NEW, 'new', key);
  }

  keyMissed(db: Database, key: string): void {
    this.keyEvent?.(db, NOTIFY_KEY_MISS, 'keymiss', key);
  }

  /** SWAPDB: the contents move, the indexes stay (clients keep their selected index). */
  swap(a: number, b: number): void {
    if (a === b) return;
    // Keys written earlier in the same script or EXEC are re-priced in the database they were in.
    this.settleMemory();
    this.db(a).swapWith(this.db(b));
  }

  /** FLUSHDB: empty one database; returns the number of keys removed. */
  flushDb(index: number): number {
    return this.db(index).clear();
  }

  /** FLUSHALL: returns the number of keys removed. */
  flushAll(): number {
    let removed = 0;
    for (let i = 0; i < this.dbs.length; i++) removed += this.flushDb(i);
    return removed;
  }

  get totalKeys(): number {
    let total = 0;
    for (const db of this.dbs) total += db.size;
    return total;
  }
}
