// One of the server's numbered databases: the key → value dictionary, the key → expiry
// dictionary, and the lookups that apply lazy expiry and access tracking on the way.
// Mirrors: redis src/db.c (lookupKeyRead/Write, dbAdd, setKey, dbDelete, expireIfNeeded,
// scanGenericCommand's guarantees, dbRandomKey) and the `redisDb` struct in server.h.
//
// Keys are binary: a key is the latin1 string of its bytes (lossless, one char per byte). Values
// are RedisObjects, kept in a KeyTable (key-table.ts, whose header explains the design): a hash
// table of our own whose entries sit in stable slots, which SCAN, RANDOMKEY and eviction sampling
// walk. Expiry times are absolute Unix milliseconds, kept in their own Map as Redis keeps
// `db->expires`, so "keys with a TTL" can be walked without touching the rest.

import type { RedisObject } from '../datatypes/object.js';
import { createString, overwriteString } from '../datatypes/string/string-type.js';
import { EXPIRE_ENTRY_BYTES, dictBucketsBytes, keyBytes, objectBytes, objectBytesByWalking } from '../eviction/memory-model.js';
import type { ExpireTime, KeyspaceContext } from './context.js';
import { KeyTable } from './key-table.js';
import { randomSlotKeyOf, sampleSlotKeys, scanSlots, type ExpiresCursor, type ScanStep, type SlotSource } from './sampling.js';

export { exactExpireTime, type ExpireTime, type KeyspaceContext } from './context.js';
export type { ScanStep } from './sampling.js';

export class Database {
  /** key → value, in slots that SCAN and sampling walk (key-table.ts). */
  private dict = new KeyTable<RedisObject>();
  private expires = new Map<string, ExpireTime>();
  /**
   * Bumped whenever the dictionaries are replaced wholesale (FLUSHDB, FLUSHALL, SWAPDB), so
   * anything holding an iterator over the old ones (the active expiry cycle) knows to drop it.
   */
  private dictGeneration = 0;
  /**
   * Copy-on-write hook of a running BGSAVE (src/persistence/bgsave.ts): called with a value
   * just before a write may change it in place. null when no background save runs, so the
   * write path pays one null check. Objects are mutated in place only after lookupWrite.
   */
  writeGuard: ((obj: RedisObject) => void) | null = null;
  /**
   * Bytes charged for this database's keys, values and TTL entries (src/eviction/memory-model.ts),
   * maintained on every add, write and removal; `usedBytes` adds the dicts' bucket arrays.
   */
  private chargedBytes = 0;
  /** Where volatile-* eviction sampling resumes in `expires` (see sampleKeys). */
  private expiresSampler: ExpiresCursor = { iterator: undefined };

  constructor(
    public index: number,
    private readonly ctx: KeyspaceContext,
  ) {}

  get size(): number {
    return this.dict.size;
  }

  get expiresSize(): number {
    return this.expires.size;
  }

  /** Changes each time clear() or swapWith() replaces the dictionaries. */
  get generation(): number {
    return this.dictGeneration;
  }

  // --- Lookups: lazy expiry and access tracking (db.c lookupKey*) ---

  /** A read: expired keys are deleted first; counts a keyspace hit or miss; touches LRU. */
  lookupRead(key: string): RedisObject | undefined {
    const obj = this.lookup(key);
    if (obj === undefined) this.miss(key);
    else this.ctx.keyspaceHit();
    return obj;
  }

  /** A read lookup that found nothing: keyspace_misses and the `keymiss` event (lookupKeyReadWithFlags). */
  private miss(key: string): void {
    this.ctx.keyspaceMiss();
    this.ctx.keyMissed(this, key);
  }

  /** A lookup made on the way to a write: expires the key if due, touches LRU, no hit/miss stats. */
  lookupWrite(key: string): RedisObject | undefined {
    const obj = this.lookup(key);
    if (this.writeGuard !== null && obj !== undefined) this.writeGuard(obj);
    return obj;
  }

  /** Look without side effects other than lazy expiry (TYPE's, EXISTS's and OBJECT's view: LOOKUP_NOTOUCH). */
  lookupNoTouch(key: string): RedisObject | undefined {
    const obj = this.dict.get(key);
    if (obj === undefined) return undefined;
    if (this.expireIfNeeded(key)) return undefined;
    return obj;
  }

  /**
   * A read that counts a keyspace hit or miss but leaves the access time alone (Redis's
   * lookupKeyReadWithFlags with LOOKUP_NOTOUCH): EXISTS, TYPE, TTL and OBJECT look at a key this
   * way, so asking about a key does not make it look recently used to eviction.
   */
  lookupReadNoTouch(key: string, notifyMiss = true): RedisObject | undefined {
    const obj = this.lookupNoTouch(key);
    if (obj === undefined) {
      // OBJECT passes false: Redis looks with LOOKUP_NONOTIFY, counting the miss without a `keymiss` event.
      if (notifyMiss) this.miss(key);
      else this.ctx.keyspaceMiss();
    } else {
      this.ctx.keyspaceHit();
    }
    return obj;
  }

  private lookup(key: string): RedisObject | undefined {
    const obj = this.dict.get(key);
    if (obj === undefined) return undefined;
    if (this.expires.size > 0 && this.expireIfNeeded(key)) return undefined;
    obj.lru = this.ctx.touchField(obj.lru);
    const tracker = this.ctx.tracker;
    if (tracker !== undefined) tracker.access(this.index, key);
    return obj;
  }

  /**
   * Redis expireIfNeeded: true when the key is logically expired (and then deleted, if allowed).
   * A key expires once the clock is strictly past its expiry time, as in Redis's keyIsExpired
   * (`now > when`): at exactly `when` the key is still there, with a TTL of 0.
   */
  expireIfNeeded(key: string): boolean {
    const when = this.expires.get(key);
    if (when === undefined || when >= this.ctx.now()) return false;
    // The master's stream sees the key until the master's own DEL arrives.
    if (this.ctx.obeyingMaster) return false;
    if (!this.ctx.activeExpiry) return true;
    this.remove(key);
    this.ctx.keyExpired(this, key);
    return true;
  }

  /**
   * Is the key logically expired? Unlike expireIfNeeded nothing is deleted: KEYS asks this
   * (Redis keyIsExpired) so that listing keys never writes.
   */
  isExpired(key: string): boolean {
    const when = this.expires.get(key);
    return when !== undefined && when < this.ctx.now();
  }

  /** Is the key present (and not expired)? No stats, no LRU touch. */
  has(key: string): boolean {
    return this.lookupNoTouch(key) !== undefined;
  }

  // --- Writes ---

  /**
   * Store `obj` under `key` (Redis setKey): replaces any value, drops the TTL unless `keepTtl`,
   * and signals the modification.
   */
  set(key: string, obj: RedisObject, keepTtl = false): void {
    this.store(key, this.dict.get(key), obj, keepTtl);
  }

  /**
   * Store a string given as bytes (SET, MSET, GETSET): set(key, createString(bytes), keepTtl), but a
   * string already under the key is rewritten in place (overwriteString): no new object and no second
   * probe (`dict.set`) (bench/results/perf-2026-11-26-mset.md). Readers see what a
   * replacement gives (value, encoding, LRU reset or LFU counter kept, TTL, price, tracking, signal);
   * only identity differs, and only a background save's point-in-time view reads that: while one
   * exists the value is replaced. `current`: what lookupWrite just returned for `key`, if the caller
   * made that lookup, sparing a probe; undefined means "look it up".
   */
  setString(key: string, bytes: Buffer, keepTtl = false, current?: RedisObject): void {
    const old = current ?? this.dict.get(key);
    if (old !== undefined && old.type === 'string' && this.writeGuard === null) {
      // Read before the rewrite: the price charged so far and, under LFU, the counter kept.
      const before = old.charged ?? 0;
      const lru = this.ctx.lfuMode ? old.lru : this.ctx.newObjectField();
      if (overwriteString(old, bytes, lru)) {
        this.chargeReplacement(key, old, before);
        this.finishSet(key, keepTtl);
        return;
      }
    }
    this.store(key, old, createString(bytes), keepTtl);
  }

  /** set() once the key's current value (`old`, undefined if absent) is known. */
  private store(key: string, old: RedisObject | undefined, obj: RedisObject, keepTtl: boolean): void {
    if (old === undefined) this.insert(key, obj);
    else this.replaceValue(key, old, obj);
    this.finishSet(key, keepTtl);
  }

  /** setKey's tail: the TTL goes unless KEEPTTL, and the modification is signalled. */
  private finishSet(key: string, keepTtl: boolean): void {
    // Most datasets have no TTLs at all: then there is nothing to drop, and no second hash probe.
    if (!keepTtl && this.expires.size !== 0 && this.expires.delete(key)) this.chargedBytes -= EXPIRE_ENTRY_BYTES;
    this.ctx.keyModified(this, key);
  }

  /** Add a key known to be absent (Redis dbAdd). Signals the modification. */
  add(key: string, obj: RedisObject): void {
    this.insert(key, obj);
    this.ctx.keyModified(this, key);
  }

  /** dbAdd without the signal: a slot, the dict entry, the charge, the keyspace's "new key" hook. */
  private insert(key: string, obj: RedisObject): void {
    obj.lru = this.ctx.newObjectField();
    this.dict.set(key, obj);
    this.chargeNew(key, obj);
    this.deferRepriceUnlessString(key, obj);
    this.ctx.keyCreated(this, key);
  }

  /** Replace the value of an existing key in place, keeping its TTL (Redis dbOverwrite). */
  overwrite(key: string, obj: RedisObject): void {
    const old = this.dict.get(key);
    if (old === undefined) {
      this.add(key, obj);
      return;
    }
    this.replaceValue(key, old, obj);
    this.ctx.keyModified(this, key);
  }

  // --- Memory accounting (src/eviction/memory-model.ts) ---

  /** Charge a key that just appeared, and tell the tracking policy. */
  private chargeNew(key: string, obj: RedisObject): void {
    const size = objectBytes(obj);
    obj.charged = size;
    this.chargedBytes += keyBytes(key.length) + size;
    const tracker = this.ctx.tracker;
    if (tracker !== undefined) tracker.insert(this.index, key, size);
  }

  /**
   * A container may be filled after it is stored (LPUSH adds the empty list, then pushes): re-price
   * it when the command is done. A string is complete when stored, and edits in place (APPEND,
   * SETRANGE, INCR) go through touchWrite, so SET and MSET skip the extra work.
   */
  private deferRepriceUnlessString(key: string, obj: RedisObject): void {
    if (obj.type !== 'string') this.ctx.deferReprice(this, key);
  }

  /** A new value under an existing key (dbSetValue): refund the old one, charge the new one. */
  private replaceValue(key: string, old: RedisObject, obj: RedisObject): void {
    // Under LFU the key keeps its access history across overwrites (Redis 7.0 dbSetValue).
    obj.lru = this.ctx.lfuMode ? old.lru : this.ctx.newObjectField();
    // The key keeps its slot; the new value goes into it.
    this.dict.set(key, obj);
    this.chargeReplacement(key, obj, old.charged ?? 0);
    this.deferRepriceUnlessString(key, obj);
  }

  /** `obj` now stands under `key` where a value charged `before` stood: settle the difference, tell the tracking policy. */
  private chargeReplacement(key: string, obj: RedisObject, before: number): void {
    const size = objectBytes(obj);
    this.chargedBytes += size - before;
    obj.charged = size;
    const tracker = this.ctx.tracker;
    if (tracker !== undefined) {
      tracker.access(this.index, key);
      tracker.resize(this.index, key, size);
    }
  }

  /**
   * Re-price a value changed in place (after touchWrite or add, from Keyspace.settleMemory): O(1),
   * the datatypes keep their byte counts. A key deleted since is skipped (its removal refunded
   * exactly what it had been charged).
   */
  reprice(key: string): void {
    const obj = this.dict.get(key);
    if (obj !== undefined) this.repriceValue(key, obj);
  }

  /** reprice() once the value under `key` is known. */
  private repriceValue(key: string, obj: RedisObject): void {
    const size = objectBytes(obj);
    const before = obj.charged ?? 0;
    if (size === before) return;
    this.chargedBytes += size - before;
    obj.charged = size;
    const tracker = this.ctx.tracker;
    if (tracker !== undefined) tracker.resize(this.index, key, size);
  }

  /** Bytes this database is charged: keys, values, TTL entries and both dicts' bucket arrays. */
  get usedBytes(): number {
    return this.chargedBytes + dictBucketsBytes(this.dict.size) + dictBucketsBytes(this.expires.size);
  }

  /**
   * The same total computed from scratch by walking every key and every element (tests check
   * that the incremental count never drifts from it). O(keys + elements).
   */
  recount(): number {
    let total = 0;
    for (const [key, obj] of this.dict.entries()) total += keyBytes(key.length) + objectBytesByWalking(obj);
    total += this.expires.size * EXPIRE_ENTRY_BYTES;
    return total + dictBucketsBytes(this.dict.size) + dictBucketsBytes(this.expires.size);
  }

  /** Delete a key (Redis dbDelete + signalModifiedKey). True if it existed. */
  delete(key: string): boolean {
    if (!this.remove(key)) return false;
    this.ctx.keyModified(this, key);
    return true;
  }

  /** Remove without signalling (the caller signals, or it is an expiry). O(1) whatever the value's size. */
  private remove(key: string): boolean {
    const obj = this.dict.delete(key);
    if (obj === undefined) return false;
    this.chargedBytes -= keyBytes(key.length) + (obj.charged ?? 0);
    if (this.expires.size !== 0 && this.expires.delete(key)) this.chargedBytes -= EXPIRE_ENTRY_BYTES;
    const tracker = this.ctx.tracker;
    if (tracker !== undefined) tracker.remove(this.index, key);
    return true;
  }

  /**
   * Evict a key under maxmemory (src/eviction/evict.ts): delete it, then report it (evicted_keys,
   * the `evicted` notification, WATCH, the AOF's DEL). True if it existed.
   */
  evict(key: string): boolean {
    if (!this.remove(key)) return false;
    this.ctx.keyEvicted(this, key);
    return true;
  }

  /** Signal a change made to a value in place (e.g. APPEND to an existing string). */
  touchWrite(key: string): void {
    this.ctx.deferReprice(this, key);
    this.ctx.keyModified(this, key);
  }

  /**
   * touchWrite once the change is made: `obj`, the value stored under `key` (lookupWrite's answer,
   * or what add() stored), was edited in place and is re-priced now from the object in hand, which
   * spares the deferred re-price its second hash probe (INCR, HSET, SADD, ZADD, LPUSH/RPUSH).
   */
  touchWriteDone(key: string, obj: RedisObject): void {
    this.repriceValue(key, obj);
    this.ctx.keyModified(this, key);
  }

  // --- Expiry ---

  getExpire(key: string): ExpireTime | undefined {
    return this.expires.get(key);
  }

  /** Set an absolute expiry time in ms on an existing key. */
  setExpire(key: string, whenMs: ExpireTime): void {
    const before = this.expires.size;
    this.expires.set(key, whenMs);
    if (this.expires.size !== before) this.chargedBytes += EXPIRE_ENTRY_BYTES;
  }

  /** Remove the TTL; true if there was one. */
  removeExpire(key: string): boolean {
    if (!this.expires.delete(key)) return false;
    this.chargedBytes -= EXPIRE_ENTRY_BYTES;
    return true;
  }

  /**
   * The keys with a TTL, in a stable order that tolerates deletion during iteration (JS Map
   * iterators are live). The active expiry cycle keeps one of these between runs as its cursor.
   */
  expiresIterator(): IterableIterator<[string, ExpireTime]> {
    return this.expires.entries();
  }

  // --- Whole-database operations ---

  /**
   * The keys in slot order. Like Map iteration it reads the table as it is at each step (a key
   * deleted before the walk reaches it is skipped, one added in a later slot is met), but a key
   * added into a free slot the walk has passed is not met. Every caller walks without writing
   * (KEYS, SAVE, the AOF rewrite, the point-in-time view's copy, eviction's tracker fill, tests).
   */
  keys(): IterableIterator<string> {
    return this.dict.keys();
  }

  /** The [key, value] pairs in slot order (see keys()). */
  entries(): IterableIterator<[string, RedisObject]> {
    return this.dict.entries();
  }

  /**
   * Every key and its value, in slot order, as two arrays (a point-in-time copy of the dictionary for
   * a background save): one direct walk of the table, about twice as fast as two iterator walks.
   */
  keysAndValues(): { keys: string[]; values: RedisObject[] } {
    return this.dict.toArrays();
  }

  /** The slot `key` lives in, -1 if absent (tests: slots do not move while a key lives). */
  slotOf(key: string): number {
    return this.dict.slotOf(key);
  }

  /** FLUSHDB: drop everything; returns how many keys were removed. */
  clear(): number {
    this.ctx.databaseReplaced(this);
    const removed = this.dict.size;
    this.dict = new KeyTable();
    this.expires = new Map();
    this.chargedBytes = 0;
    this.expiresSampler.iterator = undefined;
    this.dictGeneration++;
    const tracker = this.ctx.tracker;
    if (tracker !== undefined) tracker.clear(this.index);
    return removed;
  }

  /** SWAPDB: exchange contents with another database (each keeps its index). */
  swapWith(other: Database): void {
    this.ctx.databaseReplaced(this, other);
    this.ctx.databaseReplaced(other, this);
    [this.dict, other.dict] = [other.dict, this.dict];
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.chargedBytes, other.chargedBytes] = [other.chargedBytes, this.chargedBytes];
    this.expiresSampler.iterator = undefined;
    other.expiresSampler.iterator = undefined;
    this.dictGeneration++;
    other.dictGeneration++;
    const tracker = this.ctx.tracker;
    if (tracker !== undefined) tracker.swap(this.index, other.index);
  }

  /** Raw access without expiry checks (persistence, DEBUG, tests). */
  peek(key: string): RedisObject | undefined {
    return this.dict.get(key);
  }

  /** One SCAN step over the slot array (sampling.ts). */
  scan(cursor: number, count: number): ScanStep {
    return scanSlots(this.dict, cursor, count);
  }

  /** Up to `count` keys for eviction sampling, all keys or only `volatile` ones (sampling.ts). */
  sampleKeys(count: number, volatile: boolean): string[] {
    return sampleSlotKeys(this.slotSource(), this.expires, this.expiresSampler, count, volatile);
  }

  /** A uniformly random live key, or undefined when empty (sampling.ts). */
  randomSlotKey(): string | undefined {
    return randomSlotKeyOf(this.slotSource());
  }

  private slotSource(): SlotSource {
    return { slots: this.dict, size: this.dict.size, rng: this.ctx.rng };
  }
}
