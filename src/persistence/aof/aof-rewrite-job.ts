// The AOF rewrite's lifecycle in the parent: start (a new incr file, the point-in-time view),
// finish (the manifest swap, the old files deleted), failure and abort. The base itself is written
// by BackgroundBaseWrite (aof-bgrewrite.ts).
// Mirrors: redis src/aof.c (rewriteAppendOnlyFileBackground, openNewIncrAofForAppend,
// backgroundRewriteDoneHandler, killAppendOnlyChild).
//
// Crash safety rests on the order, Redis 7's: the new incr file is named in the manifest before
// any write reaches it, and the new base only once it is complete, fsynced and renamed; the
// manifest is always replaced by write-temp / fsync / rename. At every moment the manifest on disk
// names files that hold the whole dataset.

import { closeSync, mkdirSync, openSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { errnoMessage } from '../rdb-save.js';
import { defaultAuxFields } from '../rdb/rdb-writer.js';
import { BackgroundBaseWrite, type BaseWriteResult } from './aof-bgrewrite.js';
import type { AofHost } from './aof.js';
import type { AofStats } from './aof-info.js';
import { encodeCommand } from './aof-rewrite.js';
import {
  baseFileName, emptyManifest, fsyncDirectory, INCR_FILE_SUFFIX, incrFileName, manifestFilesSize, persistManifest,
  removeFileQuietly, TEMP_FILE_NAME_PREFIX, type AofManifest,
} from './manifest.js';

export type RewriteReason = 'enable' | 'auto' | 'command' | 'off';

/** What the rewrite needs from the AppendOnlyFile it rewrites. */
export interface RewriteTarget {
  readonly host: AofHost;
  readonly dirPath: string;
  readonly filename: string;
  readonly stats: AofStats;
  manifest: AofManifest;
  waitingForRewrite: boolean;
  currentSize: number;
  rewriteBaseSize: number;
  /** Write the buffered commands to the current incr file. */
  flush(): void;
  /** Writes go to `fd` from now on. */
  switchIncr(fd: number): void;
  resetTimestamp(sec: number): void;
}

/** The rewrite in progress (Redis's AOF child and the parent's state about it). */
interface RewriteJob {
  readonly write: BackgroundBaseWrite;
  readonly reason: RewriteReason;
  readonly startedMs: number;
  readonly baseName: string;
  readonly baseSeq: number;
  /** manifest.incrs from this index on were opened at or after the start: they stay. */
  readonly keepIncrsFrom: number;
  readonly done: Promise<void>;
}

export class AofRewriter {
  private job: RewriteJob | undefined = undefined;

  constructor(private readonly aof: RewriteTarget) {}

  get inProgress(): boolean {
    return this.job !== undefined;
  }

  get startedMs(): number | undefined {
    return this.job?.startedMs;
  }

  get progress(): readonly [number, number] | undefined {
    const write = this.job?.write;
    return write === undefined ? undefined : [write.keysProcessed, write.keysTotal];
  }

  get done(): Promise<void> | undefined {
    return this.job?.done;
  }

  /** Where writes go while the first rewrite after CONFIG SET appendonly yes runs. */
  get tempIncrName(): string {
    return `${TEMP_FILE_NAME_PREFIX}${this.aof.filename}${INCR_FILE_SUFFIX}`;
  }

  /**
   * Start a background rewrite (rewriteAppendOnlyFileBackground): switch new writes to a new incr
   * file, take the point-in-time view, and let the base be written between event-loop turns.
   * Returns false (logged, status err) when it could not start; the old files stay in charge.
   * The caller makes sure no other background writer runs.
   */
  start(reason: RewriteReason): boolean {
    if (this.job !== undefined) return false;
    const dir = this.aof.dirPath;
    const now = this.aof.host.clock.now();
    this.aof.flush();
    try {
      mkdirSync(dir, { recursive: true });
      const keepIncrsFrom = this.aof.manifest.incrs.length;
      if (reason === 'enable') {
        // AOF_WAIT_REWRITE: a temp incr, truncated on every attempt (the new base covers the rest).
        this.aof.switchIncr(openSync(join(dir, this.tempIncrName), 'w'));
      } else if (reason !== 'off') {
        // openNewIncrAofForAppend: the new incr is in the manifest before any write reaches it.
        const seq = this.aof.manifest.incrSeq + 1;
        const name = incrFileName(this.aof.filename, seq);
        const fd = openSync(join(dir, name), 'a');
        const next: AofManifest = { ...this.aof.manifest, incrs: [...this.aof.manifest.incrs, { name, seq, type: 'i' }], incrSeq: seq };
        try {
          persistManifest(dir, this.aof.filename, next);
        } catch (err) {
          closeSync(fd);
          removeFileQuietly(join(dir, name));
          throw err;
        }
        this.aof.manifest = next;
        this.aof.switchIncr(fd);
      }
      const useRdb = this.aof.host.config.get('aof-use-rdb-preamble');
      const baseSeq = this.aof.manifest.baseSeq + 1;
      const baseName = baseFileName(this.aof.filename, baseSeq, useRdb);
      const timestampSec = !useRdb && this.aof.host.config.get('aof-timestamp-enabled') ? Math.floor(now / 1000) : undefined;
      if (timestampSec !== undefined) this.aof.resetTimestamp(timestampSec);
      const functions = this.aof.host.scripting.functions;
      const write = new BackgroundBaseWrite(this.aof.host.keyspace, {
        dir,
        tempName: `${TEMP_FILE_NAME_PREFIX}rewriteaof-bg-${process.pid}.aof`,
        finalName: baseName,
        useRdb,
        compression: this.aof.host.config.get('rdbcompression'),
        checksum: this.aof.host.config.get('rdbchecksum'),
        aux: defaultAuxFields(now, 0, true),
        // One FUNCTION RESTORE carries the libraries as they are now (see docs/differences.md).
        restoreFunctions: functions.libraryCount === 0 ? undefined : encodeCommand([
          Buffer.from('FUNCTION'), Buffer.from('RESTORE'), functions.dump(), Buffer.from('REPLACE'),
        ]),
        timestampSec,
        nowMs: now,
      });
      const job: RewriteJob = {
        write, reason, startedMs: now, baseName, baseSeq, keepIncrsFrom,
        done: write.done.then((result) => this.finishRewrite(job, result)),
      };
      this.job = job;
      // aof_rewrites counts rewrites started, as Redis's stat_aof_rewrites does.
      this.aof.stats.rewrites++;
      this.aof.stats.rewriteStartedMs = now;
      this.aof.host.log('notice', 'Background append only file rewriting started');
      return true;
    } catch (err) {
      // Redis counts no failure in a row for a rewrite that never started, only the status.
      this.aof.stats.lastBgrewriteStatus = 'err';
      this.aof.host.log('warning', `Background AOF rewrite failed to start: ${errnoMessage(err)}`);
      return false;
    }
  }

  private rewriteFailed(message: string): void {
    this.aof.stats.rewritesConsecutiveFailures++;
    this.aof.stats.lastBgrewriteStatus = 'err';
    this.aof.host.log('warning', message);
  }

  /** killAppendOnlyChild: stop the base write, remove its temp file; the files written so far stay valid. */
  abort(): void {
    const job = this.job;
    if (job === undefined) return;
    this.job = undefined;
    this.aof.stats.rewriteStartedMs = undefined;
    job.write.abort();
  }

  /** backgroundRewriteDoneHandler: the base is in place; swap the manifest and delete the old files. */
  private finishRewrite(job: RewriteJob, result: BaseWriteResult): void {
    if (this.job !== job) return;
    this.job = undefined;
    this.aof.stats.rewriteStartedMs = undefined;
    const now = this.aof.host.clock.now();
    this.aof.stats.lastRewriteTimeSec = Math.floor((now - job.startedMs) / 1000);
    if (!result.ok) {
      if (!result.aborted) this.rewriteFailed(`Background AOF rewrite terminated with error: ${result.message}`);
      return;
    }
    const dir = this.aof.dirPath;
    const old = this.aof.manifest;
    try {
      this.aof.flush();
      const next: AofManifest = {
        ...emptyManifest(), base: { name: job.baseName, seq: job.baseSeq, type: 'b' }, baseSeq: job.baseSeq, incrSeq: old.incrSeq,
      };
      if (job.reason === 'enable') {
        // The temp incr becomes the first incr file; the fd stays valid across the rename.
        const seq = old.incrSeq + 1;
        const name = incrFileName(this.aof.filename, seq);
        renameSync(join(dir, this.tempIncrName), join(dir, name));
        next.incrs.push({ name, seq, type: 'i' });
        next.incrSeq = seq;
      } else if (job.reason !== 'off') {
        next.incrs.push(...old.incrs.slice(job.keepIncrsFrom));
      }
      fsyncDirectory(dir);
      // The commit point: from here on a restart loads the new set.
      persistManifest(dir, this.aof.filename, next);
      this.aof.manifest = next;
      this.aof.waitingForRewrite = false;
    } catch (err) {
      removeFileQuietly(join(dir, job.baseName));
      this.rewriteFailed(`Background AOF rewrite failed: ${errnoMessage(err)}`);
      return;
    }
    const keep = new Set([...(this.aof.manifest.base !== undefined ? [this.aof.manifest.base.name] : []), ...this.aof.manifest.incrs.map((i) => i.name)]);
    for (const file of [...(old.base !== undefined ? [old.base] : []), ...old.incrs, ...old.history]) {
      if (!keep.has(file.name)) removeFileQuietly(join(dir, file.name));
    }
    this.aof.currentSize = manifestFilesSize(dir, this.aof.manifest);
    this.aof.rewriteBaseSize = this.aof.currentSize;
    this.aof.stats.rewritesConsecutiveFailures = 0;
    this.aof.stats.lastBgrewriteStatus = 'ok';
    this.aof.host.log('notice', 'Background AOF rewrite terminated with success');
    if (job.reason === 'enable') this.aof.host.log('notice', 'AOF rewrite done; appendonly is on');
    else this.aof.host.log('notice', 'Background AOF rewrite finished successfully');
  }
}
