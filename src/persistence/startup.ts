// Loading the dataset before the server accepts clients, and DEBUG RELOAD.
// Mirrors: redis src/server.c (loadDataFromDisk), src/rdb.c (rdbLoad, rdbLoadRio's expired-key
// rule for a master) and src/debug.c (DEBUG RELOAD).
//
// With `appendonly yes` the AOF is the more complete record and wins over the RDB, as in Redis;
// otherwise `dir`/`dbfilename` is read if it exists. A missing file is an empty dataset, not an
// error. A key whose TTL passed while the server was down is not loaded at all (a master's rule:
// a replica keeps it and waits for its master's DEL).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rdbLoadLimitsFromConfig } from './rdb/limits.js';
import { setObjectLruOrLfuFromLoad } from './rdb/object-lru.js';
import { parseRdb, RdbFormatError } from './rdb/rdb-reader.js';
import type { SnapshotHost, Snapshots } from './snapshots.js';

/** The server as start-up sees it: the snapshot host plus its snapshot state. */
export interface LoadHost extends SnapshotHost {
  readonly snapshots: Snapshots;
  /** appendonly yes: load the AOF directory and open it for appending (src/persistence/aof/). */
  startAppendOnly(): void;
}

/** The file could not be loaded; the server must not start (Redis exits). */
export class DataLoadError extends Error {}

export interface LoadResult {
  readonly loaded: number;
  readonly expired: number;
}

/**
 * loadDataFromDisk: fill the keyspace from disk before any client connects. Throws DataLoadError
 * (already logged) when the file is corrupt or does not fit this server (too few databases).
 */
export function loadDataAtStartup(host: LoadHost): void {
  if (host.config.get('appendonly')) {
    // With appendonly yes the AOF, not the RDB, is loaded, as Redis's loadDataFromDisk does
    // (src/persistence/aof/aof-control.ts loadAndOpenAof; throws AofLoadError, a DataLoadError).
    host.startAppendOnly();
    return;
  }
  const started = performance.now();
  const result = loadRdbFile(host, host.snapshots, join(host.config.get('dir'), host.config.get('dbfilename')));
  if (result === undefined) return;
  host.log('notice', `DB loaded from disk: ${((performance.now() - started) / 1000).toFixed(3)} seconds`);
}

/** rdbLoad: read one RDB file into the keyspace. Undefined when the file does not exist. */
export function loadRdbFile(host: SnapshotHost, snapshots: Snapshots, path: string): LoadResult | undefined {
  if (!existsSync(path)) return undefined;
  return loadRdbData(host, snapshots, readFileSync(path));
}

/**
 * rdbLoadRio: put every key of an RDB image into the keyspace (also the AOF's RDB preamble:
 * `bytesRead` is where its command tail starts). Keys already past their TTL are skipped, as a
 * master does; dirty is left as it was (loading is not a write). Throws DataLoadError, logged.
 */
export function loadRdbData(host: SnapshotHost, snapshots: Snapshots, data: Buffer): LoadResult & { readonly bytesRead: number } {
  const keyspace = host.keyspace;
  const now = host.clock.now();
  let loaded = 0;
  let expired = 0;
  let bytesRead = 0;
  const lfuPolicy = host.config.get('maxmemory-policy').endsWith('-lfu');
  snapshots.loading = true;
  const dirtyBefore = host.dirty;
  try {
    const result = parseRdb(
      data,
      (entry) => {
        if (entry.db >= keyspace.dbs.length) {
          throw new DataLoadError(
            `FATAL: Data file was created with a Redis server configured to handle more than ${keyspace.dbs.length} databases. Exiting`,
          );
        }
        if (entry.expireAtMs !== undefined && entry.expireAtMs < now) {
          expired++;
          return;
        }
        const db = keyspace.db(entry.db);
        db.set(entry.key, entry.value);
        if (entry.expireAtMs !== undefined) db.setExpire(entry.key, entry.expireAtMs);
        // IDLE/FREQ opcodes (files written under an LRU/LFU policy) restore the access info.
        if (entry.idleSeconds !== undefined || entry.lfuFreq !== undefined) {
          setObjectLruOrLfuFromLoad(entry.value, { idleSeconds: entry.idleSeconds, lfuFreq: entry.lfuFreq }, lfuPolicy, now);
        }
        loaded++;
      },
      {
        // Loaded values take the encodings this server's thresholds give (rdbLoadObject).
        limits: rdbLoadLimitsFromConfig(host.config),
        // FUNCTION2 records: the function libraries (rdbFunctionLoad), replacing any of the same name.
        onFunction: (code) => {
          host.scripting.functions.load(Buffer.from(code, 'latin1'), true);
        },
      },
    );
    bytesRead = result.bytesRead;
    const version = result.aux.get('redis-ver');
    if (version !== undefined) host.log('notice', `Loading RDB produced by version ${version}`);
    const ctime = Number(result.aux.get('ctime'));
    if (Number.isFinite(ctime)) host.log('notice', `RDB age ${Math.max(0, Math.floor(now / 1000) - ctime)} seconds`);
  } catch (err) {
    const message =
      err instanceof DataLoadError
        ? err.message
        : err instanceof RdbFormatError
          ? `Short read or OOM loading DB. Unrecoverable error, aborting now. (${err.message} at offset ${err.offset})`
          : `Fatal error loading the DB: ${err instanceof Error ? err.message : String(err)}. Exiting.`;
    host.log('warning', message);
    throw new DataLoadError(message);
  } finally {
    snapshots.loading = false;
    host.dirty = dirtyBefore;
  }
  snapshots.lastLoadKeysLoaded = loaded;
  snapshots.lastLoadKeysExpired = expired;
  host.log('notice', `Done loading RDB, keys loaded: ${loaded}, keys expired: ${expired}.`);
  return { loaded, expired, bytesRead };
}

/**
 * DEBUG RELOAD: save, empty every database, load the file back (a round trip through the
 * format). False when the save failed (nothing was flushed); throws DataLoadError if loading fails.
 */
export function debugReload(host: SnapshotHost, snapshots: Snapshots): boolean {
  if (!snapshots.saveSync()) return false;
  host.keyspace.flushAll();
  loadRdbFile(host, snapshots, join(host.config.get('dir'), host.config.get('dbfilename')));
  host.dirty = 0;
  host.log('notice', 'DB reloaded by DEBUG RELOAD');
  return true;
}
