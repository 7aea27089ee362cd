// Server administration: TIME, LASTSAVE, MONITOR and SHUTDOWN, and the server group's spec table,
// which also lists INFO (info.ts). CONFIG is in config.ts, SLOWLOG in slowlog.ts, DEBUG in debug.ts.
// Mirrors: redis src/replication.c (monitorCommand), src/server.c (timeCommand, shutdownCommand,
// lastsaveCommand) and src/commands/*.json for the specs.

import { noShutdownInProgressError, syntaxError } from '../errors.js';
import { OK, type RawReply, type Reply } from '../protocol/reply.js';
import { optionOf } from './args.js';
import type { CommandContext, ShutdownOptions } from './context.js';
import { infoCommands } from './info.js';
import type { CommandSpec } from './types.js';

/** A reply that writes nothing: MONITOR when already monitoring, SHUTDOWN (the connection just closes). */
const NO_REPLY: RawReply = { kind: 'raw', bytes: Buffer.alloc(0) };

// --- TIME, LASTSAVE, MONITOR, SHUTDOWN ---

/**
 * The server's clock as [unix seconds, microseconds], both as bulk strings.
 * Format: TIME
 */
function timeCommand(ctx: CommandContext): Reply {
  const micros = ctx.server.clock.nowMicros();
  return [String(Math.floor(micros / 1_000_000)), String(micros % 1_000_000)];
}

/**
 * The unix time of the last successful SAVE or BGSAVE (the start time before any, as in Redis).
 * Format: LASTSAVE
 */
function lastsaveCommand(ctx: CommandContext): Reply {
  return Math.floor(ctx.server.snapshots.lastSaveMs / 1000);
}

/**
 * Turn this connection into a monitor: from now on it receives every command the server runs.
 * A second MONITOR on the same connection is ignored without a reply, as in Redis.
 * Format: MONITOR
 */
function monitorCommand(ctx: CommandContext): Reply {
  if (ctx.handle.isMonitor) return NO_REPLY;
  ctx.startMonitor();
  return OK;
}

/**
 * Stop the server. NOSAVE/SAVE override the save points, NOW and FORCE skip waiting for replicas
 * and ignore errors; ABORT cancels a shutdown that is waiting (there never is one here). On
 * success the caller gets no reply: its connection just closes.
 * Format: SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]
 */
function shutdownCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  let save: boolean | undefined;
  let nosave = false;
  let now = false;
  let force = false;
  let abort = false;
  for (const arg of argv.slice(1)) {
    switch (optionOf(arg)) {
      case 'NOSAVE': nosave = true; break;
      case 'SAVE': save = true; break;
      case 'NOW': now = true; break;
      case 'FORCE': force = true; break;
      case 'ABORT': abort = true; break;
      default: throw syntaxError();
    }
  }
  if ((abort && (nosave || save === true || now || force)) || (nosave && save === true)) throw syntaxError();
  // Without replicas a shutdown never waits, so there is never one in progress to abort.
  if (abort) throw noShutdownInProgressError();
  // While a script is busy only SHUTDOWN NOSAVE goes ahead: saving would write its half-done work.
  const busy = ctx.server.busyScript;
  if (busy !== undefined && !nosave) throw busy.error;
  if (nosave) save = false;
  const options: ShutdownOptions = save === undefined ? { now, force } : { save, now, force };
  ctx.server.shutdown(options);
  return NO_REPLY;
}

// --- Specs (redis src/commands/*.json) ---

export const ADMIN_FLAGS = ['admin', 'noscript', 'loading', 'stale'] as const;
export const ADMIN_ACL = ['admin', 'slow', 'dangerous'] as const;

export const serverCommands: readonly CommandSpec[] = [
  ...infoCommands,
  {
    name: 'time', group: 'server', arity: 1, flags: ['loading', 'stale', 'fast'], acl: ['fast'],
    summary: 'Return the current server time', since: '2.6.0', complexity: 'O(1)', handler: timeCommand,
  },
  {
    name: 'lastsave', group: 'server', arity: 1, flags: ['loading', 'stale', 'fast'], acl: ['admin', 'fast', 'dangerous'],
    summary: 'Get the UNIX time stamp of the last successful save to disk', since: '1.0.0', complexity: 'O(1)',
    handler: lastsaveCommand,
  },
  {
    name: 'monitor', group: 'server', arity: 1, flags: ADMIN_FLAGS, acl: ADMIN_ACL,
    summary: 'Listen for all requests received by the server in real time', since: '1.0.0', handler: monitorCommand,
  },
  {
    name: 'shutdown', group: 'server', arity: -1,
    flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'], acl: ADMIN_ACL,
    summary: 'Synchronously save the dataset to disk and then shut down the server', since: '1.0.0',
    complexity: 'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)',
    handler: shutdownCommand,
  },
];
