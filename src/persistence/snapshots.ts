// The server's snapshot state: SAVE, BGSAVE [SCHEDULE], save points checked by the cron, the
// save before shutting down, MISCONF after a failed save, and the numbers INFO persistence shows.
// Mirrors: redis src/rdb.c (saveCommand, bgsaveCommand, rdbSaveBackground,
// backgroundSaveDoneHandlerDisk, killRDBChild), src/server.c (serverCron's save points,
// writeCommandsDeniedByDiskError, prepareForShutdown) and the rdb_* fields of struct redisServer.
//
// Redis keeps the bookkeeping in the parent and does the writing in a forked child; we keep the
// same bookkeeping and let a BackgroundSave (rdb-save.ts) write between event-loop turns. Redis
// has at most one child (hasActiveChildProcess): a BGSAVE or an AOF rewrite. Here both are
// point-in-time writers sharing the databases' one copy-on-write guard (point-in-time.ts), so the
// same rule holds: `hasActiveChild` covers both, BGSAVE waits for (or refuses) a running AOF
// rewrite, and the AOF side (aof-control.ts) waits for a running BGSAVE.

import type { Config } from '../config/config.js';
import { aofChildActiveBgsaveError, bareError, bgsaveInProgressError } from '../errors.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import type { Clock } from '../util/clock.js';
import { BackgroundSave, RdbSaveError, saveRdbSync, type RdbSaveOptions } from './rdb-save.js';
import { debugReload } from './startup.js';
import { defaultAuxFields, type RdbKeyAccess } from './rdb/rdb-writer.js';
import { estimateIdleSeconds, type RedisObject } from '../datatypes/object.js';
import { lfuDecrAndReturn, lfuTimeInMinutes } from '../eviction/lfu.js';

/** After a failed BGSAVE, save points wait this long before trying again (CONFIG_BGSAVE_RETRY_DELAY, seconds). */
export const CONFIG_BGSAVE_RETRY_DELAY_SEC = 5;

export type LogFn = (level: 'debug' | 'verbose' | 'notice' | 'warning', message: string) => void;

/** The function libraries (src/scripting/functions.ts), saved in and loaded from the RDB. */
export interface FunctionLibraries {
  readonly libraryCount: number;
  /** FUNCTION DUMP's payload: the FUNCTION2 records, then a 10-byte footer (version, CRC-64). */
  dump(): Buffer;
  /** FUNCTION LOAD [REPLACE] of one library's code; throws its load error. */
  load(code: Buffer, replace: boolean): unknown;
}

/** FUNCTION DUMP's footer: RDB version (2 bytes) and CRC-64 (8 bytes). */
const DUMP_FOOTER_BYTES = 10;

/** What the snapshot code needs from the server. */
export interface SnapshotHost {
  readonly scripting: { readonly functions: FunctionLibraries };
  readonly config: Config;
  readonly keyspace: Keyspace;
  readonly clock: Clock;
  /** Writes since the last successful save (server.dirty). */
  dirty: number;
  log: LogFn;
  usedMemory(): number;
}

/** A full sync writing the RDB for replicas (src/replication/master-sync.ts): Redis's RDB child with a socket target. */
export interface ReplicationSaveProgress {
  readonly keysProcessed: number;
  readonly keysTotal: number;
  readonly startedMs: number;
}

/** How SHUTDOWN (or a signal) asks to stop: the SAVE/NOSAVE override and FORCE. */
export interface ShutdownSaveOptions {
  readonly save?: boolean;
  readonly force?: boolean;
}

export class Snapshots {
  /** Unix ms of the last successful save (server.lastsave); the start time before any. */
  lastSaveMs: number;
  lastBgsaveStatus: 'ok' | 'err' = 'ok';
  /** Unix ms of the last BGSAVE attempt (server.lastbgsave_try). */
  private lastBgsaveTryMs = 0;
  /** rdb_saves: SAVE and BGSAVE runs started. */
  saves = 0;
  lastBgsaveTimeSec = -1;
  /** BGSAVE SCHEDULE asked while something else ran (server.rdb_bgsave_scheduled). */
  bgsaveScheduled = false;
  /** rdb_last_load_keys_loaded / rdb_last_load_keys_expired. */
  lastLoadKeysLoaded = 0;
  lastLoadKeysExpired = 0;
  /** True while the RDB is being loaded at start-up (INFO loading). */
  loading = false;
  private current: { save: BackgroundSave; startedMs: number; dirtyAtStart: number } | undefined;
  /** Values the last BGSAVE had to copy because a write reached them first (rdb_last_cow_size's stand-in). */
  lastCopiedValues = 0;

  /** Set by the AOF (aof-control.ts): is an AOF rewrite running? */
  aofRewriteActive: () => boolean = () => false;
  /** Set by the AOF: the running rewrite's keys written and total (current_save_keys_*), if one runs. */
  aofRewriteProgress: () => readonly [number, number] | undefined = () => undefined;
  /** Set by the AOF: is the first rewrite after CONFIG SET appendonly yes running (AOF_WAIT_REWRITE)? */
  aofInitialRewriteRunning: () => boolean = () => false;
  /** Set by the replication master: the full sync writing an RDB for replicas, if one runs. */
  replicationSave: () => ReplicationSaveProgress | undefined = () => undefined;
  /** Set by the AOF: its part of serverCron (a scheduled or automatic rewrite), run first. */
  aofCron: () => void = () => undefined;

  constructor(private readonly host: SnapshotHost) {
    this.lastSaveMs = host.clock.now();
  }

  get inProgress(): boolean {
    return this.current !== undefined;
  }

  /** hasActiveChildProcess: a BGSAVE or an AOF rewrite is writing a point-in-time view. */
  get hasActiveChild(): boolean {
    return this.current !== undefined || this.aofRewriteActive() || this.replicationSave() !== undefined;
  }

  /** The running BGSAVE's promise (tests and shutdown wait on it), or undefined. */
  get running(): Promise<unknown> | undefined {
    return this.current?.save.done;
  }

  private options(): RdbSaveOptions {
    const config = this.host.config;
    return {
      dir: config.get('dir'),
      dbfilename: config.get('dbfilename'),
      compression: config.get('rdbcompression'),
      checksum: config.get('rdbchecksum'),
      aux: defaultAuxFields(this.host.clock.now(), this.host.usedMemory()),
      functionRecords: functionRecords(this.host.scripting.functions),
      access: keyAccess(config, this.host.clock.now()),
    };
  }

  // --- SAVE ---

  /** SAVE: write the file now, blocking. Replies OK, or -ERR (details in the log). */
  save(): 'OK' {
    // A replica's sync is an RDB child too (child_type RDB): SAVE and BGSAVE refuse alike.
    if (this.current !== undefined || this.replicationSave() !== undefined) throw bgsaveInProgressError();
    // rdb_saves counts SAVE and BGSAVE only: FLUSHALL's and SHUTDOWN's own saves leave it alone (as 7.0.15).
    this.saves++;
    if (!this.saveSync()) throw bareError();
    return 'OK';
  }

  /** rdbSave: true on success (dirty reset, lastsave now), false after logging the failure. */
  saveSync(): boolean {
    try {
      saveRdbSync(this.host.keyspace, this.options());
    } catch (err) {
      if (!(err instanceof RdbSaveError)) throw err;
      this.host.log('warning', err.message);
      return false;
    }
    this.host.log('notice', 'DB saved on disk');
    this.host.dirty = 0;
    this.lastSaveMs = this.host.clock.now();
    this.lastBgsaveStatus = 'ok';
    return true;
  }

  // --- BGSAVE ---

  /**
   * BGSAVE [SCHEDULE]. Inside MULTI/EXEC Redis only schedules it (a fork inside a transaction
   * would split it); while an AOF rewrite runs it refuses, or with SCHEDULE waits for it.
   */
  bgsave(schedule: boolean, inExec: boolean): string {
    if (this.current !== undefined || this.replicationSave() !== undefined) throw bgsaveInProgressError();
    if (this.aofRewriteActive()) {
      if (!schedule) throw aofChildActiveBgsaveError();
      this.bgsaveScheduled = true;
      return 'Background saving scheduled';
    }
    if (inExec) {
      this.bgsaveScheduled = true;
      return 'Background saving scheduled';
    }
    this.startBackgroundSave();
    return 'Background saving started';
  }

  /** rdbSaveBackground: take the snapshot and start writing it. */
  startBackgroundSave(): void {
    if (this.hasActiveChild) return;
    const now = this.host.clock.now();
    this.lastBgsaveTryMs = now;
    this.saves++;
    this.bgsaveScheduled = false;
    const save = new BackgroundSave(this.host.keyspace, this.options());
    const run = { save, startedMs: now, dirtyAtStart: this.host.dirty };
    this.current = run;
    this.host.log('notice', 'Background saving started');
    void save.done.then((result) => {
      if (this.current !== run) return;
      this.current = undefined;
      this.lastCopiedValues = save.copiedValues;
      this.lastBgsaveTimeSec = Math.floor((this.host.clock.now() - run.startedMs) / 1000);
      if (result.ok) {
        // backgroundSaveDoneHandlerDisk: only the writes made before the snapshot are now saved.
        this.host.log('notice', 'DB saved on disk');
        this.host.log('notice', 'Background saving terminated with success');
        this.host.dirty = Math.max(0, this.host.dirty - run.dirtyAtStart);
        this.lastSaveMs = this.host.clock.now();
        this.lastBgsaveStatus = 'ok';
      } else if (!result.aborted) {
        this.host.log('warning', result.message);
        this.host.log('warning', 'Background saving error');
        this.lastBgsaveStatus = 'err';
      }
    });
  }

  /** killRDBChild: stop a running BGSAVE and forget it (its temp file is removed). */
  abortBackgroundSave(): void {
    const run = this.current;
    if (run === undefined) return;
    this.current = undefined;
    run.save.abort();
    this.lastBgsaveTimeSec = Math.floor((this.host.clock.now() - run.startedMs) / 1000);
  }

  // --- The cron (serverCron) ---

  /** Start a BGSAVE when a save point is reached, or when one was scheduled. */
  cron(): void {
    // serverCron starts a scheduled AOF rewrite first, and checks the auto rewrite.
    this.aofCron();
    if (this.hasActiveChild) return;
    if (this.bgsaveScheduled) {
      this.startBackgroundSave();
      return;
    }
    const points = this.host.config.get('save');
    if (points.length === 0) return;
    const nowSec = Math.floor(this.host.clock.now() / 1000);
    const lastSaveSec = Math.floor(this.lastSaveMs / 1000);
    const retryAllowed =
      this.lastBgsaveStatus === 'ok' || nowSec - Math.floor(this.lastBgsaveTryMs / 1000) > CONFIG_BGSAVE_RETRY_DELAY_SEC;
    for (const point of points) {
      if (this.host.dirty >= point.changes && nowSec - lastSaveSec > point.seconds && retryAllowed) {
        this.host.log('notice', `${point.changes} changes in ${point.seconds} seconds. Saving...`);
        this.startBackgroundSave();
        return;
      }
    }
  }

  /** DEBUG RELOAD: save, flush, load back. -ERR if the save failed (nothing flushed then). */
  debugReload(): 'OK' {
    if (!debugReload(this.host, this)) throw bareError();
    return 'OK';
  }

  /**
   * FLUSHALL's persistence half (flushAllDataAndResetRDB): a running BGSAVE is abandoned and, with
   * save points set, the now empty dataset is saved at once, so a restart cannot bring it back.
   */
  afterFlushAll(): void {
    this.abortBackgroundSave();
    if (this.host.config.get('save').length > 0) this.saveSync();
  }

  // --- MISCONF (writeCommandsDeniedByDiskError) ---

  /** Are writes refused because the last background save failed? */
  get writesDenied(): boolean {
    return (
      this.lastBgsaveStatus === 'err' &&
      this.host.config.get('stop-writes-on-bgsave-error') &&
      this.host.config.get('save').length > 0
    );
  }

  // --- Shutdown (prepareForShutdown) ---

  /**
   * Save before exiting when save points are set (or SAVE was given, and not NOSAVE). A running
   * BGSAVE is abandoned first. False when the save failed and FORCE was not given: the server
   * must keep running.
   */
  prepareForShutdown(options: ShutdownSaveOptions): boolean {
    // The AOF was just turned on and its first base is not written: exiting now would leave no
    // AOF with the dataset, so only FORCE exits (the rewrite itself is stopped by closeAof).
    if (this.aofInitialRewriteRunning()) {
      if (options.force !== true) {
        this.host.log('warning', "Writing initial AOF, can't exit.");
        return false;
      }
      this.host.log('warning', 'Writing initial AOF. Exit anyway.');
    }
    if (this.current !== undefined) {
      this.host.log('warning', 'There is a child saving an .rdb. Killing it!');
      this.abortBackgroundSave();
    }
    const wantSave = options.save ?? this.host.config.get('save').length > 0;
    if (!wantSave) return true;
    this.host.log('notice', 'Saving the final RDB snapshot before exiting.');
    if (this.saveSync()) return true;
    if (options.force === true) {
      this.host.log('warning', 'Error trying to save the DB. Exit anyway.');
      return true;
    }
    this.host.log('warning', "Error trying to save the DB, can't exit.");
    return false;
  }

  // --- INFO persistence ---

  /** The rdb_* and loading fields of INFO persistence, in Redis's order. */
  infoFields(): Array<readonly [string, string | number]> {
    const now = this.host.clock.now();
    // Redis reports the running child's progress, whichever kind it is (a replica's sync is an RDB child).
    const current = this.current?.save ?? this.replicationSave();
    const startedMs = this.current?.startedMs ?? this.replicationSave()?.startedMs;
    const aofProgress = current === undefined ? this.aofRewriteProgress() : undefined;
    return [
      ['loading', this.loading ? 1 : 0],
      ['async_loading', 0],
      ['current_cow_peak', 0],
      ['current_cow_size', 0],
      ['current_cow_size_age', 0],
      ['current_fork_perc', '0.00'],
      ['current_save_keys_processed', current?.keysProcessed ?? aofProgress?.[0] ?? 0],
      ['current_save_keys_total', current?.keysTotal ?? aofProgress?.[1] ?? 0],
      ['rdb_changes_since_last_save', this.host.dirty],
      ['rdb_bgsave_in_progress', current === undefined ? 0 : 1],
      ['rdb_last_save_time', Math.floor(this.lastSaveMs / 1000)],
      ['rdb_last_bgsave_status', this.lastBgsaveStatus],
      ['rdb_last_bgsave_time_sec', this.lastBgsaveTimeSec],
      ['rdb_current_bgsave_time_sec', startedMs === undefined ? -1 : Math.floor((now - startedMs) / 1000)],
      ['rdb_saves', this.saves],
      ['rdb_last_cow_size', 0],
      ['rdb_last_load_keys_expired', this.lastLoadKeysExpired],
      ['rdb_last_load_keys_loaded', this.lastLoadKeysLoaded],
    ];
  }
}

/** The libraries as FUNCTION2 records (rdbSaveFunctions): FUNCTION DUMP without its footer. */
function functionRecords(functions: FunctionLibraries): Buffer {
  if (functions.libraryCount === 0) return Buffer.alloc(0);
  const payload = functions.dump();
  return payload.subarray(0, payload.length - DUMP_FOOTER_BYTES);
}

/**
 * What rdbSaveKeyValuePair writes before each key under an eviction policy that tracks accesses:
 * the idle time in seconds (LRU policies) or the decayed LFU counter (LFU policies).
 */
function keyAccess(config: Config, nowMs: number): ((value: RedisObject) => RdbKeyAccess) | undefined {
  const policy = config.get('maxmemory-policy');
  if (policy.endsWith('-lru')) return (value) => ({ idleSeconds: estimateIdleSeconds(value.lru, nowMs) });
  if (policy.endsWith('-lfu')) {
    const minutes = lfuTimeInMinutes(nowMs);
    const decay = config.get('lfu-decay-time');
    return (value) => ({ lfuFreq: lfuDecrAndReturn(value.lru, minutes, decay) });
  }
  return undefined;
}
