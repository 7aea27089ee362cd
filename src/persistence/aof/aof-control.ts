// Turning the AOF on and off: at start-up (load, then open for appending), at runtime with
// CONFIG SET appendonly, at shutdown; and BGREWRITEAOF.
// Mirrors: redis src/aof.c (startAppendOnly, stopAppendOnly, bgrewriteaofCommand,
// loadAppendOnlyFiles' caller loadDataFromDisk in server.c, aofOpenIfNeededOnServerStart).
//
// While the AOF is on, the server has a PropagationFeed (server.propagation) whose consumer is the
// AppendOnlyFile; while it is off there is no feed at all, so the write path costs nothing.

import { ConfigApplyError } from '../../config/errors.js';
import { aofRewriteFailedError, aofRewriteInProgressError, ReplyError } from '../../errors.js';
import type { Server } from '../../server/server.js';
import { InternalClient } from '../../testing/internal-client.js';
import { lookupCommand } from '../../server/dispatch.js';
import { AppendOnlyFile } from './aof.js';
import { aofStatsOf } from './aof-info.js';
import { AofLoadError, loadAppendOnlyFiles } from './aof-loader.js';
import { readManifest } from './manifest.js';
import { PropagationFeed } from './propagate.js';
import { rdbLoadLimitsFromConfig } from '../rdb/limits.js';
import { parseRdb } from '../rdb/rdb-reader.js';

export { AofLoadError };

/** Give the server a feed with the AOF as its consumer. */
function attach(server: Server, aof: AppendOnlyFile): void {
  server.aof = aof;
  const feed = server.propagation ?? new PropagationFeed();
  feed.addConsumer(aof.feed);
  server.propagation = feed;
}

function detach(server: Server): void {
  const aof = server.aof;
  if (aof === undefined) return;
  server.propagation?.removeConsumer(aof.feed);
  if (server.propagation !== undefined && !server.propagation.hasConsumers) server.propagation = undefined;
  aof.close();
  server.aof = undefined;
}

/**
 * Replay one AOF command (loadSingleAppendOnlyFile): through the command's handler, with a fake
 * client and no propagation; error replies are ignored, as Redis's AOF client drops its replies.
 */
function replayer(server: Server, log: (level: 'warning', message: string) => void): (argv: Buffer[], fileName: string) => void {
  const client = new InternalClient(server);
  return (argv, fileName) => {
    const found = lookupCommand(server.commands, argv);
    if (found instanceof ReplyError || found.handler === undefined) {
      const name = (argv[0] as Buffer).toString('latin1');
      log('warning', `Unknown command '${name}' reading the append only file ${fileName}`);
      throw new AofLoadError(`Unknown command '${name}' reading the append only file ${fileName}`);
    }
    client.command = found;
    try {
      found.handler(client, argv);
    } catch (err) {
      if (!(err instanceof ReplyError)) throw err;
    }
  };
}

/**
 * Start-up with appendonly yes: load the manifest's files into the (empty) keyspace, then keep
 * appending to the last incr file (or create base + incr for a fresh directory).
 * Throws AofLoadError when the files cannot be loaded: the server must not start.
 */
export function loadAndOpenAof(server: Server): void {
  const config = server.config;
  const aof = new AppendOnlyFile(server);
  const keyspace = server.keyspace;
  const activeExpiry = keyspace.activeExpiry;
  // Keys whose TTL passed while the server was down are loaded and expire afterwards, as in Redis.
  keyspace.activeExpiry = false;
  const logged = new Set<string>();
  const log = (level: 'notice' | 'warning', message: string): void => {
    logged.add(message);
    server.log(level, message);
  };
  try {
    const result = loadAppendOnlyFiles(
      {
        dir: config.get('dir'),
        appendDirname: config.get('appenddirname'),
        appendFilename: config.get('appendfilename'),
        loadTruncated: config.get('aof-load-truncated'),
      },
      { execute: replayer(server, log), loadRdb: (data) => loadRdbPreamble(server, data), log },
    );
    aof.manifest = result.manifest;
  } catch (err) {
    // The reason reaches the log once (the CLI exits 1 after it; startServer rejects with it).
    if (err instanceof AofLoadError && !logged.has(err.message)) server.log('warning', err.message);
    throw err;
  } finally {
    keyspace.activeExpiry = activeExpiry;
  }
  // Loading is not a write: nothing is unsaved yet.
  server.dirty = 0;
  aof.openOnStartup();
  attach(server, aof);
}

/**
 * The base file's RDB image (rdbLoadRio with RDBFLAGS_AOF_PREAMBLE): every key, expired ones too
 * (they expire once the server runs, as the commands after them may still touch them).
 * Returns where the AOF commands that may follow it start.
 */
function loadRdbPreamble(server: Server, data: Buffer): number {
  const dbs = server.keyspace.dbs;
  let loaded = 0;
  const result = parseRdb(data, (entry) => {
    loaded++;
    if (entry.db >= dbs.length) {
      throw new AofLoadError(
        `FATAL: Data file was created with a Redis server configured to handle more than ${dbs.length} databases. Exiting`,
      );
    }
    const db = server.keyspace.db(entry.db);
    db.set(entry.key, entry.value);
    if (entry.expireAtMs !== undefined) db.setExpire(entry.key, entry.expireAtMs);
  }, {
    // Loaded values take the encodings this server's thresholds give (rdbLoadObject), as in startup.ts.
    limits: rdbLoadLimitsFromConfig(server.config),
    // A base written by Redis carries function libraries as FUNCTION2 records.
    onFunction: (code) => void server.scripting.functions.load(Buffer.from(code, 'latin1'), true),
  });
  server.log('notice', `Done loading RDB, keys loaded: ${loaded}, keys expired: 0.`);
  return result.bytesRead;
}

// --- Background rewrite: one at a time, after any BGSAVE (aof.c, server.c serverCron) ---

/** The rewrite state Redis keeps in struct redisServer, per server. */
interface RewriteState {
  /** aof_rewrite_scheduled: asked while a BGSAVE ran (or inside EXEC); the cron starts it. */
  scheduled: boolean;
  /** BGREWRITEAOF under appendonly no: the AppendOnlyFile writing the base alone. */
  offRewriter: AppendOnlyFile | undefined;
  /** aofRewriteLimited's back-off after repeated failures: minutes, and the unix ms to wait for. */
  nextDelayMinutes: number;
  nextRewriteMs: number;
}

const states = new WeakMap<Server, RewriteState>();

function stateOf(server: Server): RewriteState {
  let state = states.get(server);
  if (state === undefined) {
    state = { scheduled: false, offRewriter: undefined, nextDelayMinutes: 0, nextRewriteMs: 0 };
    states.set(server, state);
  }
  return state;
}

/** Is an AOF rewrite writing its base (Redis: child_type == CHILD_TYPE_AOF)? */
export function rewriteInProgress(server: Server): boolean {
  return server.aof?.rewriteInProgress === true || stateOf(server).offRewriter !== undefined;
}

/** The running rewrite's promise (tests wait on it), or undefined. */
export function rewriteRunning(server: Server): Promise<void> | undefined {
  return server.aof?.rewriteDone ?? stateOf(server).offRewriter?.rewriteDone;
}

/** INFO aof_rewrite_scheduled: asked for, or the AOF waits for its first rewrite. */
export function rewriteScheduled(server: Server): boolean {
  const aof = server.aof;
  return stateOf(server).scheduled || (aof !== undefined && aof.waitingForRewrite && !aof.rewriteInProgress);
}

/** Unix ms the running rewrite started at (aof_current_rewrite_time_sec), or undefined. */
export function rewriteStartedMs(server: Server): number | undefined {
  return server.aof?.rewriteStartedMs ?? stateOf(server).offRewriter?.rewriteStartedMs;
}

/**
 * aofRewriteLimited: after three failures in a row, wait 1 minute before the next automatic or
 * scheduled attempt, doubling up to an hour, so a full disk is not hammered.
 */
function rewriteLimited(server: Server): boolean {
  const state = stateOf(server);
  if (aofStatsOf(server).rewritesConsecutiveFailures < 3) {
    state.nextDelayMinutes = 0;
    state.nextRewriteMs = 0;
    return false;
  }
  const now = server.clock.now();
  if (state.nextRewriteMs !== 0) {
    if (now < state.nextRewriteMs) return true;
    state.nextRewriteMs = 0;
    return false;
  }
  state.nextDelayMinutes = Math.min(60, state.nextDelayMinutes === 0 ? 1 : state.nextDelayMinutes * 2);
  state.nextRewriteMs = now + state.nextDelayMinutes * 60_000;
  server.log('warning', `Background AOF rewrite has repeatedly failed and triggered the limit, will retry in ${state.nextDelayMinutes} minutes`);
  return true;
}

/** rewriteAppendOnlyFileBackground for whatever state the AOF is in. The caller checks for other jobs. */
function startRewrite(server: Server, reason: 'command' | 'auto'): boolean {
  const state = stateOf(server);
  state.scheduled = false;
  const aof = server.aof;
  if (aof !== undefined) return aof.startRewrite(aof.waitingForRewrite ? 'enable' : reason);
  // appendonly no: Redis still writes a fresh base and manifest, and keeps nothing open.
  const off = new AppendOnlyFile(server);
  try {
    off.manifest = readManifest(off.dirPath, server.config.get('appendfilename')) ?? off.manifest;
  } catch {
    // replaced when the rewrite is done
  }
  if (!off.startRewrite('off')) return false;
  state.offRewriter = off;
  void off.rewriteDone?.then(() => {
    if (state.offRewriter === off) state.offRewriter = undefined;
    off.close();
  });
  return true;
}

function abortOffRewrite(server: Server): void {
  const state = stateOf(server);
  const off = state.offRewriter;
  if (off === undefined) return;
  state.offRewriter = undefined;
  server.log('notice', 'Killing running AOF rewrite child');
  off.abortRewrite();
  off.close();
}

/** The AOF part of serverCron: a scheduled rewrite, the first one after turning on, the auto rewrite. */
function aofCron(server: Server): void {
  if (server.isClosed || server.snapshots.hasActiveChild) return;
  const aof = server.aof;
  if ((stateOf(server).scheduled || aof?.waitingForRewrite === true) && !rewriteLimited(server)) {
    startRewrite(server, 'command');
    return;
  }
  const growth = aof?.autoRewriteGrowth();
  if (growth !== undefined && !rewriteLimited(server)) {
    server.log('notice', `Starting automatic rewriting of AOF on ${Math.floor(growth)}% growth`);
    startRewrite(server, 'auto');
  }
}

/** CONFIG SET appendonly yes|no (startAppendOnly / stopAppendOnly); also joins the AOF to the snapshot jobs. */
export function watchAppendonlyConfig(server: Server): void {
  server.snapshots.aofRewriteActive = () => rewriteInProgress(server);
  server.snapshots.aofCron = () => aofCron(server);
  server.snapshots.aofInitialRewriteRunning = () => server.aof?.waitingForRewrite === true && server.aof.rewriteInProgress;
  server.snapshots.aofRewriteProgress = () => server.aof?.rewriteProgress ?? stateOf(server).offRewriter?.rewriteProgress;
  server.config.onChange('appendonly', (on) => {
    if (on && server.aof === undefined) {
      const aof = new AppendOnlyFile(server);
      try {
        // Continue the existing sequence numbers, and delete the old files once the new base is in.
        aof.manifest = readManifest(aof.dirPath, server.config.get('appendfilename')) ?? aof.manifest;
      } catch {
        // An unreadable old manifest is replaced by the new one.
      }
      // A rewrite of the AOF-off kind is replaced by the one that turns the AOF on.
      abortOffRewrite(server);
      aof.enableAtRuntime();
      // Inside EXEC or while a BGSAVE runs the rewrite waits for the cron (aof_rewrite_scheduled).
      if (!server.snapshots.hasActiveChild && !aof.startRewrite('enable')) {
        aof.close();
        throw new ConfigApplyError('Unable to turn on AOF. Check server logs.');
      }
      attach(server, aof);
      server.propagation?.dropPending();
    } else if (!on && server.aof !== undefined) {
      detach(server);
    }
  });
}

/**
 * BGREWRITEAOF (bgrewriteaofCommand): refused while one runs; scheduled inside EXEC or while a
 * BGSAVE runs; otherwise started, the base written in the background.
 */
export function rewriteAppendOnlyFile(server: Server, inExec: boolean): string {
  if (rewriteInProgress(server)) throw aofRewriteInProgressError();
  if (inExec || server.snapshots.hasActiveChild) {
    stateOf(server).scheduled = true;
    return 'Background append only file rewriting scheduled';
  }
  if (!startRewrite(server, 'command')) throw aofRewriteFailedError();
  return 'Background append only file rewriting started';
}

/** Shutdown: the last writes and an fsync (Redis logs "Calling fsync() on the AOF file."). */
export function closeAof(server: Server): void {
  abortOffRewrite(server);
  if (server.aof === undefined) return;
  server.log('notice', 'Calling fsync() on the AOF file.');
  detach(server);
}
