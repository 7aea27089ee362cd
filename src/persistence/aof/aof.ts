// The append-only file: the propagation feed written to disk, fsynced by policy, rewritten when it
// grows, in Redis 7's multi-part layout (a manifest, one base file, incr files).
// Mirrors: redis src/aof.c (feedAppendOnlyFile, flushAppendOnlyFile, startAppendOnly,
// stopAppendOnly, rewriteAppendOnlyFileBackground, backgroundRewriteDoneHandler, openNewIncrAofForAppend,
// aofOpenIfNeededOnServerStart) and server.c (the auto-rewrite check in serverCron).
//
// Writing. Every unit the feed hands over is encoded into an in-memory buffer (Redis's aof_buf),
// with a SELECT first whenever the database differs from the file's current one. The buffer is
// written to the incr file before any client sees a reply: the end-of-turn write pass
// (src/server/client-output.ts queueFlush) flushes the buffer before the turn's replies, a client
// flushed at any other moment asks holdReplies() first, and a setImmediate catches writes no reply
// follows (active expiry). By `appendfsync`:
//   always   — group commit: one write and one fdatasync per event-loop turn, before every reply of
//              the turn (Redis: one fsync in beforeSleep for all the replies of a loop iteration);
//              a reply that finds the buffer unwritten (a failed write, a flush outside the pass)
//              is held until the next commit;
//   everysec — the buffer is written as replies go; a one-second timer runs fdatasync on libuv's
//              thread pool (Redis's bio thread);
//   no       — written as replies go; the kernel decides when it reaches the disk.
//
// Rewriting (rewriteAppendOnlyFileBackground, backgroundRewriteDoneHandler). Redis forks: the child
// writes a new base from its copy-on-write image while the parent logs new writes into a fresh incr
// file. We have no fork, so the base is written by a BackgroundBaseWrite (aof-bgrewrite.ts, driven
// by aof-rewrite-job.ts) from a PointInTimeView (point-in-time.ts), a batch per event-loop turn,
// while clients are served. The steps are Redis 7's:
//   start  — a new incr file is opened and named in the manifest at once (persisted: a crash now
//            loads old base + old incrs + new incr); new writes go there. Turning the AOF on
//            (CONFIG SET appendonly yes) writes to a temp incr no manifest names yet instead.
//   base   — temp file, fsync, rename to <appendfilename>.<n>.base.{rdb,aof}.
//   commit — the manifest naming the new base and the incr files opened since the start replaces
//            the old one (write temp, fsync, rename, fsync dir); then the old files are deleted.
// A crash at any point leaves a manifest whose files hold the whole dataset.

import { closeSync, fdatasync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config/config.js';
import type { Keyspace } from '../../keyspace/keyspace.js';
import type { Clock } from '../../util/clock.js';
import { encodeCommand, writeBaseFile } from './aof-rewrite.js';
import { AofRewriter, type RewriteReason } from './aof-rewrite-job.js';
import {
  baseFileName, emptyManifest, incrFileName, manifestFilesSize, persistManifest, removeFileQuietly,
  TEMP_FILE_NAME_PREFIX, type AofManifest,
} from './manifest.js';
import type { PropagatedOp } from './propagate.js';
import { aofStatsOf, type AofStats } from './aof-info.js';
import { errnoMessage } from '../rdb-save.js';

/** What the AOF needs from the server (kept narrow so persistence never imports server/). */
export interface AofHost {
  readonly config: Config;
  readonly keyspace: Keyspace;
  readonly clock: Clock;
  /** FUNCTION's libraries: the base carries them as a FUNCTION RESTORE (see writeBase). */
  readonly scripting: { readonly functions: { readonly libraryCount: number; dump(): Buffer } };
  /** hasActiveChild: a BGSAVE or an AOF rewrite runs (no-appendfsync-on-rewrite acts then). */
  readonly snapshots: { readonly hasActiveChild: boolean };
  log(level: 'debug' | 'verbose' | 'notice' | 'warning', message: string): void;
}

const SELECT = Buffer.from('SELECT');
const FSYNC_EVERYSEC_MS = 1000;
/** Redis checks auto-rewrite from serverCron; once a second is enough here. */
const AUTO_REWRITE_CHECK_MS = 1000;

export class AppendOnlyFile {
  manifest: AofManifest = emptyManifest();
  /** Encoded commands not yet written (aof_buf). */
  private buffer: Buffer[] = [];
  private bufferBytes = 0;
  private flushScheduled = false;
  /** Clients whose replies wait for the group commit (appendfsync always). */
  private readonly waiters = new Set<{ flush(): void }>();
  private fd: number | undefined = undefined;
  /** The database the incr file's last SELECT chose; -1 forces a SELECT first (aof_selected_db). */
  private selectedDb = -1;
  private timer: NodeJS.Timeout | undefined = undefined;
  private unsynced = false;
  /** Under `always`: written but the fdatasync failed; retried before replies are released. */
  private syncPending = false;
  private fsyncInFlight = false;
  /** Size of the incr files and base together (aof_current_size) and right after the last rewrite (aof_rewrite_base_size). */
  currentSize = 0;
  rewriteBaseSize = 0;
  /** Why the last write to the incr file failed (strerror's text); undefined when writes succeed. */
  writeError: string | undefined = undefined;
  /** INFO persistence counters, kept per server across AOF off/on (aof-info.ts). */
  readonly stats: AofStats;
  private readonly rewriter: AofRewriter = new AofRewriter(this);
  /**
   * Turned on at runtime and waiting for its first rewrite (AOF_WAIT_REWRITE): writes go to a temp
   * incr file while the base is written, and nothing is in the manifest until it is done.
   */
  waitingForRewrite = false;

  constructor(readonly host: AofHost) {
    this.stats = aofStatsOf(host);
  }

  get dirPath(): string {
    return join(this.host.config.get('dir'), this.host.config.get('appenddirname'));
  }

  get filename(): string {
    return this.host.config.get('appendfilename');
  }

  get isOpen(): boolean {
    return this.fd !== undefined;
  }

  get bufferLength(): number {
    return this.bufferBytes;
  }

  get pendingFsync(): boolean {
    return this.fsyncInFlight;
  }

  get rewriteInProgress(): boolean {
    return this.rewriter.inProgress;
  }

  /** Unix ms the running rewrite started at (aof_rewrite_time_start), or undefined. */
  get rewriteStartedMs(): number | undefined {
    return this.rewriter.startedMs;
  }

  /** The running rewrite's keys written and total, or undefined. */
  get rewriteProgress(): readonly [number, number] | undefined {
    return this.rewriter.progress;
  }

  /** Settles when the running rewrite is over (tests and the off-mode caller wait on it). */
  get rewriteDone(): Promise<void> | undefined {
    return this.rewriter.done;
  }

  /** no-appendfsync-on-rewrite: no fsync while a background writer loads the disk. */
  private get fsyncSuspended(): boolean {
    return this.host.config.get('no-appendfsync-on-rewrite') && this.host.snapshots.hasActiveChild;
  }

  // --- Feeding ---

  /** The PropagationConsumer: encode one unit into the buffer (feedAppendOnlyFile). */
  readonly feed = (ops: readonly PropagatedOp[]): void => {
    if (this.fd === undefined) return;
    const timestamps = this.host.config.get('aof-timestamp-enabled');
    for (const op of ops) {
      // aof-timestamp-enabled: "#TS:<unix seconds>" whenever the second changed since the last one
      // (genAofTimestampAnnotationIfNeeded), so redis-check-aof can truncate a log to a point in time.
      if (timestamps) this.annotateTimestamp();
      if (op.db !== -1 && op.db !== this.selectedDb) {
        this.push(encodeCommand([SELECT, Buffer.from(String(op.db))]));
        this.selectedDb = op.db;
      }
      this.push(encodeCommand(op.argv));
    }
    // Writes no client reply follows (active expiry, a timer) still reach the file this turn;
    // under `always` this is also the group commit that releases held replies.
    this.scheduleCommit();
  };

  private scheduleCommit(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.commit();
    });
  }

  /**
   * Client.flush() asks before sending replies. Under `always`, while anything is unwritten the
   * replies are held and the client is flushed again after the group commit: one write and one
   * fdatasync for every client served in this turn of the event loop, as Redis's beforeSleep does
   * one fsync for all the replies of a loop iteration. Under everysec/no the buffer is written
   * now and the replies go. Returns true when the caller must hold its replies.
   */
  holdReplies(client: { flush(): void }): boolean {
    if ((this.bufferBytes === 0 && !this.syncPending) || this.fd === undefined) return false;
    if (this.host.config.get('appendfsync') !== 'always') {
      this.flush();
      return false;
    }
    this.waiters.add(client);
    this.scheduleCommit();
    return true;
  }

  /** Write and (under always) fsync, then let the held replies go (unless the write failed). */
  private commit(): void {
    this.flush();
    if (this.bufferBytes > 0 || this.syncPending || this.waiters.size === 0) return;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const client of waiters) client.flush();
  }

  /** The unix second of the last "#TS:" annotation written (aof_cur_timestamp). */
  private lastTimestampSec = 0;

  private annotateTimestamp(): void {
    const nowSec = Math.floor(this.host.clock.now() / 1000);
    if (nowSec <= this.lastTimestampSec) return;
    this.lastTimestampSec = nowSec;
    this.push(Buffer.from(`#TS:${nowSec}\r\n`));
  }

  private push(chunk: Buffer): void {
    this.buffer.push(chunk);
    this.bufferBytes += chunk.length;
  }

  /** Write the buffer to the incr file, and fsync it under `appendfsync always` (flushAppendOnlyFile). */
  flush(): void {
    const fd = this.fd;
    if (fd === undefined || (this.bufferBytes === 0 && !this.syncPending)) return;
    const always = this.host.config.get('appendfsync') === 'always';
    let data = this.buffer.length === 1 ? (this.buffer[0] as Buffer) : Buffer.concat(this.buffer, this.bufferBytes);
    let offset = 0;
    try {
      while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
      this.buffer = [];
      this.bufferBytes = 0;
      this.currentSize += data.length;
      data = Buffer.alloc(0);
      if (always && !this.fsyncSuspended) {
        // Under `always` a failed fsync is retried before any held reply is released.
        this.syncPending = true;
        fdatasyncSync(fd);
        this.syncPending = false;
      } else {
        this.unsynced = true;
      }
      if (this.stats.lastWriteStatus === 'err') this.host.log('warning', 'AOF write error looks solved, Redis can write again.');
      this.stats.lastWriteStatus = 'ok';
      this.writeError = undefined;
    } catch (err) {
      if (offset > 0 && offset < data.length) {
        // A short write: take it back so the retry does not duplicate half a command; if the
        // file cannot be cut, keep what was written and retry only the rest (flushAppendOnlyFile).
        try {
          ftruncateSync(fd, fstatSync(fd).size - offset);
        } catch {
          data = data.subarray(offset);
          this.currentSize += offset;
        }
      }
      if (data.length > 0) {
        this.buffer = [data];
        this.bufferBytes = data.length;
      }
      // Retried on the next flush and by the timer (Redis: serverCron); meanwhile writes are
      // refused with MISCONF (dispatch.ts) and, under `always`, replies stay held.
      // DIFFERS FROM REDIS: under `always` Redis exits on a write or fsync error.
      this.writeError = errnoMessage(err);
      if (this.stats.lastWriteStatus === 'ok') this.host.log('warning', `Error writing to the AOF file: ${this.writeError}`);
      this.stats.lastWriteStatus = 'err';
    }
  }

  // --- Lifecycle ---

  /**
   * After loading at start-up (aofOpenIfNeededOnServerStart): append to the last incr file, or,
   * for a fresh directory, create the base from the current dataset and a first incr file.
   */
  openOnStartup(): void {
    mkdirSync(this.dirPath, { recursive: true });
    // A crash during a rewrite leaves its temp files; no manifest names them.
    for (const name of readdirSync(this.dirPath)) {
      if (name.startsWith(TEMP_FILE_NAME_PREFIX)) removeFileQuietly(join(this.dirPath, name));
    }
    const fresh = this.manifest.base === undefined && this.manifest.incrs.length === 0;
    if (fresh) {
      this.writeNewBaseAndIncr('on server start');
    } else if (this.manifest.incrs.length === 0) {
      this.openNewIncr('on server start');
      persistManifest(this.dirPath, this.filename, this.manifest);
    } else {
      const last = this.manifest.incrs[this.manifest.incrs.length - 1] as { name: string };
      this.fd = openSync(join(this.dirPath, last.name), 'a');
      this.selectedDb = -1;
      this.host.log('notice', `Opening AOF incr file ${last.name} on server start`);
    }
    // Redis counts what it loaded; the base it just created for a fresh directory is not counted.
    this.currentSize = fresh ? 0 : manifestFilesSize(this.dirPath, this.manifest);
    this.rewriteBaseSize = this.currentSize;
    this.startTimer();
  }

  /**
   * CONFIG SET appendonly yes (startAppendOnly): wait for a first rewrite, which the caller starts
   * now or, when a BGSAVE runs, once it is over. Writes before the rewrite starts are in its base.
   */
  enableAtRuntime(): void {
    mkdirSync(this.dirPath, { recursive: true });
    this.waitingForRewrite = true;
    this.startTimer();
  }

  /** CONFIG SET appendonly no, or shutdown (stopAppendOnly): write, fsync and close. */
  close(): void {
    if (this.rewriter.inProgress) {
      this.host.log('notice', 'Killing running AOF rewrite child');
      this.rewriter.abort();
    }
    this.flush();
    // Replies held for a group commit go now (the caller closes the file right after).
    const waiters = [...this.waiters];
    this.waiters.clear();
    setImmediate(() => {
      for (const client of waiters) client.flush();
    });
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.fd !== undefined) {
      try {
        fdatasyncSync(this.fd);
      } catch {
        // nothing more to do at close
      }
      closeSync(this.fd);
    }
    this.fd = undefined;
    // Turned off before its first rewrite finished: the temp incr file was never part of the log.
    if (this.waitingForRewrite) removeFileQuietly(join(this.dirPath, this.rewriter.tempIncrName));
  }

  private startTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = setInterval(() => this.tick(), Math.min(FSYNC_EVERYSEC_MS, AUTO_REWRITE_CHECK_MS));
    this.timer.unref();
  }

  /** Once a second: everysec's fsync on the thread pool, and the auto-rewrite check. */
  private tick(): void {
    // Also retries a failed write (and releases the replies held for it once it succeeds).
    this.commit();
    const fd = this.fd;
    if (fd !== undefined && this.unsynced && this.host.config.get('appendfsync') === 'everysec' && !this.fsyncSuspended) {
      if (this.fsyncInFlight) {
        // The previous fsync is still running (a slow disk): Redis counts this as aof_delayed_fsync.
        this.stats.delayedFsync++;
      } else {
        this.unsynced = false;
        this.fsyncInFlight = true;
        fdatasync(fd, () => {
          this.fsyncInFlight = false;
        });
      }
    }
  }

  /**
   * auto-aof-rewrite-percentage / -min-size (serverCron): the growth in percent when the log has
   * outgrown its last base by that much, else undefined. The caller checks for other jobs.
   */
  autoRewriteGrowth(): number | undefined {
    const percentage = this.host.config.get('auto-aof-rewrite-percentage');
    if (percentage === 0 || this.fd === undefined || this.waitingForRewrite) return undefined;
    const minSize = Number(this.host.config.get('auto-aof-rewrite-min-size'));
    if (this.currentSize <= minSize) return undefined;
    const base = this.rewriteBaseSize === 0 ? 1 : this.rewriteBaseSize;
    const growth = ((this.currentSize - base) * 100) / base;
    return growth >= percentage ? growth : undefined;
  }

  // --- Rewrite (aof-rewrite-job.ts) ---

  /** Start a background rewrite; false (logged, status err) when it could not start. */
  startRewrite(reason: RewriteReason): boolean {
    return this.rewriter.start(reason);
  }

  /** killAppendOnlyChild: stop a running rewrite; the files on disk stay valid. */
  abortRewrite(): void {
    this.rewriter.abort();
  }

  /** A command base starts with its own "#TS:" line: the incr's annotations continue from it. */
  resetTimestamp(sec: number): void {
    this.lastTimestampSec = sec;
  }

  /** Writes go to `fd` from now on (the old incr file is fsynced and closed). */
  switchIncr(fd: number): void {
    if (this.fd !== undefined) {
      try {
        fdatasyncSync(this.fd);
      } catch {
        // its writes are in the kernel; the manifest still names it
      }
      closeSync(this.fd);
    }
    this.fd = fd;
    this.selectedDb = -1;
    this.unsynced = false;
  }

  /** The base file (aof-rewrite.ts writeBaseFile); a command base resets the #TS clock. */
  private writeBase(dir: string, name: string, useRdb: boolean): void {
    const timestampSec = writeBaseFile(this.host, dir, name, useRdb);
    if (timestampSec !== undefined) this.lastTimestampSec = timestampSec;
  }

  /** A fresh directory: base + first incr + manifest. */
  private writeNewBaseAndIncr(when: string): void {
    const dir = this.dirPath;
    const useRdb = this.host.config.get('aof-use-rdb-preamble');
    const seq = this.manifest.baseSeq + 1;
    const baseName = baseFileName(this.filename, seq, useRdb);
    this.host.log('notice', `Creating AOF base file ${baseName} ${when}`);
    this.writeBase(dir, baseName, useRdb);
    this.manifest.base = { name: baseName, seq, type: 'b' };
    this.manifest.baseSeq = seq;
    this.openNewIncr(when);
    persistManifest(dir, this.filename, this.manifest);
  }

  private openNewIncr(when: string): void {
    const seq = this.manifest.incrSeq + 1;
    const name = incrFileName(this.filename, seq);
    this.host.log('notice', `Creating AOF incr file ${name} ${when}`);
    this.fd = openSync(join(this.dirPath, name), 'a');
    this.selectedDb = -1;
    this.manifest.incrs.push({ name, seq, type: 'i' });
    this.manifest.incrSeq = seq;
  }
}
