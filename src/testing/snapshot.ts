// Snapshots: an in-memory deep copy of every database, and putting one back, so each test can
// start from the same dataset in microseconds instead of reloading it.
// Mirrors: the idea of redis src/rdb.c (rdbSaveRio / rdbLoadRio: every db, every key with its
// expire) without the serialisation: values are copied with duplicateObject, as COPY does.
//
// TTLs are kept as the time left when the snapshot was taken, not as absolute unix times: restoring
// gives every key the same remaining TTL whatever the clock says by then, so a test that advanced
// a frozen clock by an hour still gets a fresh dataset. DIFFERS FROM REDIS: an RDB file stores
// absolute expiry times; this is a testing feature, not persistence.
//
// Neither side shares mutable state with the other: the snapshot holds copies, and restore copies
// again, so one snapshot can be restored any number of times.

import { duplicateObject, type RedisObject } from '../datatypes/object.js';
import type { Server } from '../server/server.js';

interface SnapshotEntry {
  readonly key: string;
  readonly value: RedisObject;
  /** Milliseconds left to live when the snapshot was taken; undefined for no TTL. */
  readonly ttlMs: number | undefined;
}

/** What `snapshot()` returns; pass it to `restore()`. Treat it as opaque. */
export interface Snapshot {
  /** The server clock (unix ms) when it was taken. */
  readonly takenAt: number;
  /** How many keys it holds, over all databases. */
  readonly keyCount: number;
  /** One array per database, index = database number. */
  readonly databases: ReadonlyArray<readonly SnapshotEntry[]>;
}

/** Copy every live key of every database (keys whose TTL already passed are left out). */
export function takeSnapshot(server: Server): Snapshot {
  const now = server.clock.now();
  let keyCount = 0;
  const databases = server.keyspace.dbs.map((db) => {
    const entries: SnapshotEntry[] = [];
    for (const [key, value] of db.entries()) {
      const when = db.getExpire(key);
      if (when !== undefined && when < now) continue;
      entries.push({ key, value: duplicateObject(value), ttlMs: when === undefined ? undefined : Number(when) - now });
    }
    keyCount += entries.length;
    return entries;
  });
  return { takenAt: now, keyCount, databases };
}

/**
 * Empty every database and put the snapshot's keys back (copies of them), with their remaining
 * TTLs counted from the server clock's now. Goes through FLUSHALL's path, so WATCHes on
 * touched keys fail as they would after a FLUSHALL.
 */
export function restoreSnapshot(server: Server, snapshot: Snapshot): void {
  const dbs = server.keyspace.dbs;
  if (snapshot.databases.length > dbs.length) {
    // Only an error if the extra databases hold keys: a 16-db snapshot restores into a 4-db server when it can.
    for (let i = dbs.length; i < snapshot.databases.length; i++) {
      if ((snapshot.databases[i]?.length ?? 0) > 0) {
        throw new RangeError(`snapshot has keys in db${i}, but the server has ${dbs.length} databases`);
      }
    }
  }
  server.keyspace.flushAll();
  const now = server.clock.now();
  for (let i = 0; i < snapshot.databases.length && i < dbs.length; i++) {
    const db = dbs[i];
    const entries = snapshot.databases[i];
    if (db === undefined || entries === undefined) continue;
    for (const { key, value, ttlMs } of entries) {
      db.add(key, duplicateObject(value));
      if (ttlMs !== undefined) db.setExpire(key, now + ttlMs);
    }
  }
}
