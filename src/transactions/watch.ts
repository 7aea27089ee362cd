// WATCH: optimistic locking. A client watches keys; any write to one of them before its EXEC
// makes the EXEC fail with a null reply, so a read-modify-write loop can retry.
// Mirrors: redis src/multi.c (watchForKey, unwatchAllKeys, touchWatchedKey,
// touchAllWatchedKeysInDb, isWatchedKeyExpired).
//
// Redis keeps, per database, a dict from key to the list of clients watching it, so a write only
// looks at the watchers of the key it wrote. Same here: "<db>:<key>" → watchers. Every
// modification the keyspace signals (commands, expiry, eviction, FLUSHDB, SWAPDB) reaches
// `keyModified`.
//
// Redis 7.0's detail for a key that was already logically expired when watched: its later
// deletion by expiry is not a change (the key was already "gone"), so that deletion does not
// fail the EXEC; but a key that expires between WATCH and EXEC does fail it.

import type { Database } from '../keyspace/database.js';

/** The part of a client the registry needs. */
export interface Watcher {
  /** Set when a watched key changed: the next EXEC fails (CLIENT_DIRTY_CAS). */
  dirtyCas: boolean;
  readonly watching: Map<string, WatchedKey>;
}

export interface WatchedKey {
  readonly db: Database;
  readonly key: string;
  /** The key was logically expired when WATCH ran. */
  expiredWhenWatched: boolean;
}

export class WatchRegistry {
  private readonly watchers = new Map<string, Set<Watcher>>();

  get watchedKeys(): number {
    return this.watchers.size;
  }

  watch(client: Watcher, db: Database, key: string, now: number): void {
    const id = `${db.index}:${key}`;
    if (client.watching.has(id)) return;
    const when = db.getExpire(key);
    const expired = when !== undefined && when < now && db.peek(key) !== undefined;
    client.watching.set(id, { db, key, expiredWhenWatched: expired });
    let set = this.watchers.get(id);
    if (set === undefined) this.watchers.set(id, (set = new Set()));
    set.add(client);
  }

  unwatchAll(client: Watcher): void {
    for (const id of client.watching.keys()) {
      const set = this.watchers.get(id);
      if (set === undefined) continue;
      set.delete(client);
      if (set.size === 0) this.watchers.delete(id);
    }
    client.watching.clear();
  }

  /** A key was written (touchWatchedKey). */
  keyModified(db: Database, key: string): void {
    if (this.watchers.size === 0) return;
    const set = this.watchers.get(`${db.index}:${key}`);
    if (set === undefined) return;
    for (const client of set) {
      const watched = client.watching.get(`${db.index}:${key}`);
      if (watched?.expiredWhenWatched === true && db.peek(key) === undefined) {
        // Already expired when watched and now deleted: logically no change.
        watched.expiredWhenWatched = false;
        continue;
      }
      client.dirtyCas = true;
    }
  }

  /**
   * FLUSHDB/FLUSHALL (before clearing) and SWAPDB: every watched key that exists in `db` (or in
   * `other`, for a swap) counts as modified (touchAllWatchedKeysInDb).
   */
  databaseReplaced(db: Database, other?: Database): void {
    if (this.watchers.size === 0) return;
    for (const set of this.watchers.values()) {
      for (const client of set) {
        for (const watched of client.watching.values()) {
          if (watched.db !== db) continue;
          if (db.peek(watched.key) !== undefined || other?.peek(watched.key) !== undefined) client.dirtyCas = true;
        }
      }
    }
  }

  /** At EXEC: did any watched key expire since WATCH (isWatchedKeyExpired)? */
  anyExpiredSinceWatch(client: Watcher, now: number): boolean {
    for (const watched of client.watching.values()) {
      if (watched.expiredWhenWatched) continue;
      const when = watched.db.getExpire(watched.key);
      if (when !== undefined && when < now && watched.db.peek(watched.key) !== undefined) return true;
    }
    return false;
  }
}
