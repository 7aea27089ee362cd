// The point-in-time view both background writers read: BGSAVE's RDB file and BGREWRITEAOF's new
// base. It stands in for the memory image a forked child sees.
// Mirrors: redis src/server.c (redisFork, hasActiveChildProcess: one child at a time) and the
// kernel's copy-on-write that fork() gives Redis for free.
//
// The problem. Redis forks: the child sees memory as it was at the fork, while the parent keeps
// serving writes; the kernel copies a page only when the parent writes to it. Node cannot fork a
// process with its heap, so we copy on write ourselves, per value instead of per page:
//
//   1. At the start, for every database, take its keys and values as two arrays (no value is
//      copied: a few ms per million keys) and a copy of its key → expiry Map.
//   2. Every write that may change a value in place finds it through Database.lookupWrite, which
//      calls the `writeGuard` installed on every database. Unless the value was already handed to
//      the writer (or already copied), the guard keeps a deep copy (duplicateObject) for the view.
//      Deleting, replacing, renaming, moving or expiring keys, FLUSHDB, SWAPDB and TTL changes
//      touch only the live Maps, so the arrays keep describing the dataset as it was.
//   3. The writer walks the arrays a batch at a time (`take`), getting the view's version of each
//      value, and the slot is emptied so written values can be collected.
//
// The guard goes by object identity, never by key name, so a value moved by RENAME, MOVE or SWAPDB
// is still protected under its new name. There is one guard slot per database, so only one view
// may exist at a time: Redis allows one child (hasActiveChildProcess), and Snapshots keeps it so.

import assert from 'node:assert';
import { duplicateObject, type RedisObject } from '../datatypes/object.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import type { ExpireTime } from '../keyspace/database.js';

/** One database as it was when the view was taken: keys[i] held values[i]. */
export interface FrozenDb {
  readonly index: number;
  readonly keys: string[];
  /** Emptied slot by slot as keys are taken, so written values can be collected. */
  readonly values: Array<RedisObject | undefined>;
  readonly expires: Map<string, ExpireTime>;
}

export class PointInTimeView {
  readonly dbs: FrozenDb[] = [];
  /** Deep copies taken when a write reached a value first: the view's version of it. */
  private readonly copies = new Map<RedisObject, RedisObject>();
  /** Values already taken by the writer: a write to them needs no copy. */
  private readonly taken = new WeakSet<RedisObject>();
  private released = false;
  readonly keysTotal: number;
  keysProcessed = 0;
  /** Values copied because a write reached them first (INFO's stand-in for Redis's CoW size). */
  copiedValues = 0;

  constructor(private readonly keyspace: Keyspace) {
    let total = 0;
    for (const db of keyspace.dbs) {
      // The invariant Snapshots keeps: one background writer, one guard.
      assert.equal(db.writeGuard, null, 'a point-in-time view is already active');
      if (db.size === 0) continue;
      // Both arrays from one walk of the table, in slot order (key-table.ts).
      const { keys, values: stored } = db.keysAndValues();
      const values: Array<RedisObject | undefined> = stored;
      this.dbs.push({ index: db.index, keys, values, expires: new Map(db.expiresIterator()) });
      total += keys.length;
    }
    this.keysTotal = total;
    const guard = (obj: RedisObject): void => this.beforeWrite(obj);
    for (const db of keyspace.dbs) db.writeGuard = guard;
  }

  /** The copy-on-write step: keep the view's version of a value a write is about to change. */
  private beforeWrite(obj: RedisObject): void {
    if (this.copies.has(obj) || this.taken.has(obj)) return;
    this.copies.set(obj, duplicateObject(obj));
    this.copiedValues++;
  }

  /** The i-th key of `db` as it was at the start: its value (the kept copy if a write came first). */
  take(db: FrozenDb, i: number): RedisObject {
    const original = db.values[i] as RedisObject;
    const copy = this.copies.get(original);
    this.taken.add(original);
    if (copy !== undefined) this.copies.delete(original);
    db.values[i] = undefined;
    this.keysProcessed++;
    return copy ?? original;
  }

  /** Remove the guard and drop the arrays (done, failed or aborted). Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    for (const db of this.keyspace.dbs) db.writeGuard = null;
    this.copies.clear();
    for (const db of this.dbs) {
      db.keys.length = 0;
      db.values.length = 0;
    }
  }
}

/** Let clients run between batches, even when the disk is fast. */
export function yieldToClients(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/** Keys serialized per batch before checking the time budget. */
export const BGSAVE_BATCH_KEYS = 256;
/** How long one batch may keep the event loop, in ms, before clients get their turn. */
export const BGSAVE_BATCH_BUDGET_MS = 4;

/** What a background writer (BGSAVE, the AOF rewrite) does with the view, batch by batch. */
export interface ViewWriter {
  /** A database starts (SELECTDB and RESIZEDB, or a SELECT command). */
  selectDb(db: FrozenDb): void;
  /** One key, with its value and expiry as of the view's moment. */
  key(key: string, value: RedisObject, expireAt: ExpireTime | undefined): void;
  /** After each batch: write what was encoded so far to the file. */
  flush(): Promise<void>;
  /** Checked between batches: stop early (SHUTDOWN, FLUSHALL, a failed job). */
  isAborted(): boolean;
}

/**
 * The one loop both background writers share: every key of the view, in batches of at most
 * BGSAVE_BATCH_KEYS keys or BGSAVE_BATCH_BUDGET_MS ms, each batch flushed to the file, clients served
 * between batches (yieldToClients), so a write arriving meanwhile is answered within a few ms while
 * the copy-on-write guard keeps the view's values as they were. False when it stopped because `isAborted()` said so.
 */
export async function writeViewInBatches(view: PointInTimeView, writer: ViewWriter): Promise<boolean> {
  for (const db of view.dbs) {
    if (writer.isAborted()) return false;
    writer.selectDb(db);
    let next = 0;
    for (;;) {
      if (writer.isAborted()) return false;
      const started = performance.now();
      let exhausted = false;
      for (;;) {
        const end = Math.min(db.keys.length, next + BGSAVE_BATCH_KEYS);
        for (; next < end; next++) {
          const key = db.keys[next] as string;
          writer.key(key, view.take(db, next), db.expires.get(key));
        }
        exhausted = next >= db.keys.length;
        if (exhausted || performance.now() - started >= BGSAVE_BATCH_BUDGET_MS) break;
      }
      await writer.flush();
      if (exhausted) break;
      await yieldToClients();
    }
  }
  return !writer.isAborted();
}
