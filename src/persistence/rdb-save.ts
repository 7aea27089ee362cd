// Writing the keyspace to an RDB file: SAVE's synchronous pass, and BGSAVE's point-in-time snapshot
// taken a chunk per event-loop turn while clients keep writing, without fork().
// Mirrors: redis src/rdb.c (rdbSave, rdbSaveRio, rdbSaveBackground, rdbSaveKeyValuePair) and the
// kernel's copy-on-write that fork() gives Redis for free.
//
// BGSAVE without fork: the point-in-time view with per-value copy-on-write is point-in-time.ts
// (shared with the background AOF rewrite); this file encodes it a batch per event-loop turn,
// hands the chunks to async writes, then fsyncs, closes, renames the temp file over `dbfilename`
// (atomic on POSIX) and fsyncs the directory. A crash at any point leaves either the old file or
// the new one, never half of one.

import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { RedisObject } from '../datatypes/object.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import type { ExpireTime } from '../keyspace/database.js';
import { Crc64 } from './rdb/crc64.js';
import { RdbEncoder, type RdbKeyAccess } from './rdb/rdb-writer.js';
import { BGSAVE_BATCH_KEYS, PointInTimeView, writeViewInBatches } from './point-in-time.js';

/** The auxiliary fields written after the header (rdbSaveInfoAuxFields). */
export type AuxFields = ReadonlyArray<readonly [string, string | number]>;

export interface RdbSaveOptions {
  readonly dir: string;
  readonly dbfilename: string;
  readonly compression: boolean;
  readonly checksum: boolean;
  readonly aux: AuxFields;
  /** FUNCTION2 records of the function libraries (rdbSaveFunctions), written after the AUX fields. */
  readonly functionRecords: Buffer;
  /** Under an LRU/LFU maxmemory-policy: each value's IDLE or FREQ to write before it. */
  readonly access: ((value: RedisObject) => RdbKeyAccess) | undefined;
}

/** What the encoder needs of RdbSaveOptions (a replica's sync has no file, so no dir or name). */
export type SnapshotEncoderOptions = Pick<RdbSaveOptions, 'compression' | 'checksum' | 'aux' | 'functionRecords' | 'access'>;

export { BGSAVE_BATCH_BUDGET_MS, BGSAVE_BATCH_KEYS } from './point-in-time.js';

/** Redis names its temp file after the saving process: temp-<pid>.rdb, in `dir` (SAVE's name here). */
export function tempRdbPath(dir: string): string {
  return join(dir, `temp-${process.pid}.rdb`);
}

/**
 * A BGSAVE's temp file: Redis's child writes temp-<childpid>.rdb, a name no other save shares. We
 * have no child pid, so each background save numbers its own: an abandoned save still closing its
 * file can never touch the file of the save (or SAVE) that follows it.
 */
let backgroundSaveSeq = 0;
function backgroundTempName(): string {
  backgroundSaveSeq++;
  return `temp-${process.pid}-${backgroundSaveSeq}.rdb`;
}

/** An fs error as Redis's strerror() text ("No such file or directory"). */
export function errnoMessage(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const texts: Record<string, string> = {
    ENOENT: 'No such file or directory',
    EACCES: 'Permission denied',
    ENOSPC: 'No space left on device',
    EROFS: 'Read-only file system',
    ENOTDIR: 'Not a directory',
    EISDIR: 'Is a directory',
    EDQUOT: 'Disk quota exceeded',
    EIO: 'Input/output error',
  };
  if (typeof code === 'string' && texts[code] !== undefined) return texts[code];
  return err instanceof Error ? err.message : String(err);
}

/** A failure while saving, with the log line Redis would print. */
export class RdbSaveError extends Error {}

// --- The encoder, plus function libraries ---

/**
 * RdbEncoder with the function libraries' FUNCTION2 records after the AUX fields, where Redis's
 * rdbSaveRio puts them. RdbEncoder has no call for them, so when there are libraries we run it
 * without its checksum, splice the records in, and compute the file's CRC-64 here over every
 * byte (the same sum RdbEncoder would make). Without libraries it is RdbEncoder untouched.
 * Also used by a replica's full sync (src/replication/master-sync.ts).
 */
export class SnapshotEncoder {
  private readonly encoder: RdbEncoder;
  /** Our running checksum, only when we splice records in and the file has one. */
  private readonly crc: Crc64 | undefined;
  private readonly splice: boolean;
  /** The header and the function records, until the first takeChunks. */
  private pending: Buffer[] = [];
  private finished = false;

  constructor(private readonly options: SnapshotEncoderOptions) {
    this.splice = options.functionRecords.length > 0;
    this.encoder = new RdbEncoder({ compression: options.compression, checksum: options.checksum && !this.splice });
    this.crc = this.splice && options.checksum ? new Crc64() : undefined;
  }

  header(): void {
    this.encoder.header(this.options.aux);
    this.pending = this.splice ? [...this.encoder.takeChunks(), this.options.functionRecords] : [];
  }

  selectDb(index: number, dbSize: number, expiresSize: number): void {
    this.encoder.selectDb(index, dbSize, expiresSize);
  }

  key(key: string, value: RedisObject, expireAtMs: ExpireTime | undefined): void {
    const access = this.options.access;
    if (access === undefined) this.encoder.key(key, value, expireAtMs);
    else this.encoder.key(key, value, expireAtMs, access(value));
  }

  finish(): void {
    this.encoder.finish();
    this.finished = true;
  }

  takeChunks(): Buffer[] {
    const chunks = this.pending.length > 0 ? [...this.pending, ...this.encoder.takeChunks()] : this.encoder.takeChunks();
    this.pending = [];
    if (this.crc === undefined) return chunks;
    if (!this.finished) {
      for (const chunk of chunks) this.crc.update(chunk);
      return chunks;
    }
    // The last 8 bytes are the checksum RdbEncoder left as zeros: sum everything before them.
    const tail = Buffer.concat(chunks);
    this.crc.update(tail, 0, tail.length - 8);
    this.crc.bytesLE().copy(tail, tail.length - 8);
    return [tail];
  }
}

// --- SAVE: one synchronous pass (rdbSave) ---

/**
 * Write every database to `dbfilename` through a temp file, blocking the event loop as Redis's
 * SAVE blocks the server. Throws RdbSaveError with the log line on failure (the temp file removed).
 */
export function saveRdbSync(keyspace: Keyspace, options: RdbSaveOptions): void {
  const temp = tempRdbPath(options.dir);
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch (err) {
    throw new RdbSaveError(
      `Failed opening the temp RDB file temp-${process.pid}.rdb (in server root dir ${options.dir}) for saving: ${errnoMessage(err)}`,
    );
  }
  try {
    const encoder = new SnapshotEncoder(options);
    const flush = (): void => {
      for (const chunk of encoder.takeChunks()) writeAll(fd, chunk);
    };
    encoder.header();
    for (const db of keyspace.dbs) {
      if (db.size === 0) continue;
      encoder.selectDb(db.index, db.size, db.expiresSize);
      let n = 0;
      for (const [key, value] of db.entries()) {
        encoder.key(key, value, db.getExpire(key));
        if (++n % BGSAVE_BATCH_KEYS === 0) flush();
      }
    }
    encoder.finish();
    flush();
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, join(options.dir, options.dbfilename));
    fsyncDirSync(options.dir);
  } catch (err) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    removeQuietly(temp);
    throw err instanceof RdbSaveError ? err : new RdbSaveError(`Write error saving DB on disk: ${errnoMessage(err)}`);
  }
}

function writeAll(fd: number, chunk: Buffer): void {
  let offset = 0;
  while (offset < chunk.length) offset += writeSync(fd, chunk, offset, chunk.length - offset);
}

function fsyncDirSync(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  }
}

export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // nothing to remove
  }
}

// --- BGSAVE: a point-in-time snapshot written a batch per event-loop turn ---

export type BackgroundSaveResult = { readonly ok: true } | { readonly ok: false; readonly aborted: boolean; readonly message: string };

export class BackgroundSave {
  /** The dataset as it was at BGSAVE (point-in-time.ts: arrays plus copy-on-write). */
  private readonly view: PointInTimeView;
  private aborted = false;
  /** The temp file once created (removed at once by abort, so a process exiting leaves nothing). */
  private tempPath: string | undefined;
  readonly keysTotal: number;
  /** Settles when the file is in place (or the save failed or was aborted). */
  readonly done: Promise<BackgroundSaveResult>;

  constructor(
    keyspace: Keyspace,
    private readonly options: RdbSaveOptions,
  ) {
    this.view = new PointInTimeView(keyspace);
    this.keysTotal = this.view.keysTotal;
    this.done = this.run().finally(() => this.view.release());
  }

  get keysProcessed(): number {
    return this.view.keysProcessed;
  }

  /** Values copied because a write reached them during the save (INFO's stand-in for Redis's CoW size). */
  get copiedValues(): number {
    return this.view.copiedValues;
  }

  /** Stop at the next batch and remove the temp file (SHUTDOWN, FLUSHALL, DEBUG RELOAD). */
  abort(): void {
    this.aborted = true;
    this.view.release();
    // Synchronously: SHUTDOWN and SIGTERM abort and then exit before any async clean-up would run.
    if (this.tempPath !== undefined) removeQuietly(this.tempPath);
  }

  private async run(): Promise<BackgroundSaveResult> {
    const tempName = backgroundTempName();
    const temp = join(this.options.dir, tempName);
    let file: FileHandle;
    try {
      file = await open(temp, 'w');
      this.tempPath = temp;
    } catch (err) {
      return {
        ok: false,
        aborted: this.aborted,
        message: `Failed opening the temp RDB file ${tempName} (in server root dir ${this.options.dir}) for saving: ${errnoMessage(err)}`,
      };
    }
    try {
      const encoder = new SnapshotEncoder(this.options);
      encoder.header();
      await writeViewInBatches(this.view, {
        selectDb: (db) => encoder.selectDb(db.index, db.keys.length, db.expires.size),
        key: (key, value, expireAt) => encoder.key(key, value, expireAt),
        flush: () => writeChunks(file, encoder.takeChunks()),
        isAborted: () => this.aborted,
      });
      if (this.aborted) {
        removeQuietly(temp);
        await file.close();
        return { ok: false, aborted: true, message: 'Background saving aborted' };
      }
      encoder.finish();
      await writeChunks(file, encoder.takeChunks());
      await file.sync();
      await file.close();
      await rename(temp, join(this.options.dir, this.options.dbfilename));
      await fsyncDir(this.options.dir);
      return { ok: true };
    } catch (err) {
      await file.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      return { ok: false, aborted: this.aborted, message: `Write error saving DB on disk: ${errnoMessage(err)}` };
    }
  }
}

export async function writeChunks(file: FileHandle, chunks: Buffer[]): Promise<void> {
  if (chunks.length === 0) return;
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const { bytesWritten } = await file.writev(chunks);
  if (bytesWritten === total) return;
  // A short write (a full disk usually fails next): write the rest, or surface the error.
  let rest = Buffer.concat(chunks).subarray(bytesWritten);
  while (rest.length > 0) {
    const { bytesWritten: n } = await file.write(rest);
    if (n === 0) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    rest = rest.subarray(n);
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  }
}
