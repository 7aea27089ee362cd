// Turning the AOF on and off: at start-up (load, then open for appending), at runtime with
// CONFIG SET appendonly, at shutdown; and BGREWRITEAOF.
// Mirrors: redis src/aof.c (startAppendOnly, stopAppendOnly, bgrewriteaofCommand,
// loadAppendOnlyFiles' caller loadDataFromDisk in server.c, aofOpenIfNeededOnServerStart).
//
// While the AOF is on, the server has a PropagationFeed (server.propagation) whose consumer is the
// AppendOnlyFile; while it is off there is no feed at all, so the write path costs nothing.

import { ConfigApplyError } from '../../config/errors.js';
import { ReplyError } from '../../errors.js';
import type { Server } from '../../server/server.js';
import { InternalClient } from '../../testing/internal-client.js';
import { lookupCommand } from '../../server/dispatch.js';
import { AppendOnlyFile } from './aof.js';
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

/** CONFIG SET appendonly yes|no (startAppendOnly / stopAppendOnly). */
export function watchAppendonlyConfig(server: Server): void {
  server.config.onChange('appendonly', (on) => {
    if (on && server.aof === undefined) {
      const aof = new AppendOnlyFile(server);
      try {
        // Continue the existing sequence numbers, and delete the old files once the new base is in.
        aof.manifest = readManifest(aof.dirPath, server.config.get('appendfilename')) ?? aof.manifest;
      } catch {
        // An unreadable old manifest is replaced by the new one.
      }
      aof.enableAtRuntime();
      if (aof.stats.lastBgrewriteStatus !== 'ok') {
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

/** BGREWRITEAOF: the reply Redis gives; the rewrite itself runs synchronously (see aof.ts). */
export function rewriteAppendOnlyFile(server: Server, inExec: boolean): string {
  if (inExec) {
    // Inside EXEC Redis only schedules it (the queue's writes are not all logged yet); the cron
    // starts it. We run it on the next turn of the event loop.
    if (!scheduled.has(server)) {
      scheduled.add(server);
      setImmediate(() => {
        scheduled.delete(server);
        if (!server.isClosed) runRewrite(server);
      });
    }
    return 'Background append only file rewriting scheduled';
  }
  if (!runRewrite(server)) throw new ReplyError('ERR Background append only file rewriting failed');
  return 'Background append only file rewriting started';
}

/** Servers with a BGREWRITEAOF scheduled from inside EXEC (INFO aof_rewrite_scheduled). */
const scheduled = new WeakSet<Server>();

export function rewriteScheduled(server: Server): boolean {
  return scheduled.has(server);
}

function runRewrite(server: Server): boolean {
  if (server.aof !== undefined) {
    const ok = server.aof.rewrite('command');
    if (ok) server.propagation?.dropPending();
    return ok;
  }
  // appendonly no: Redis still writes a fresh base + incr and manifest, and keeps nothing open.
  const aof = new AppendOnlyFile(server);
  try {
    aof.manifest = readManifest(aof.dirPath, server.config.get('appendfilename')) ?? aof.manifest;
  } catch {
    // replaced below
  }
  const ok = aof.rewrite('off');
  aof.close();
  return ok;
}

/** Shutdown: the last writes and an fsync (Redis logs "Calling fsync() on the AOF file."). */
export function closeAof(server: Server): void {
  if (server.aof === undefined) return;
  server.log('notice', 'Calling fsync() on the AOF file.');
  detach(server);
}
