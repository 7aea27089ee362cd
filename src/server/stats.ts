// INFO stats counters and errorstats, and CONFIG RESETSTAT.
// Mirrors: redis src/server.c (resetServerStats, resetCommandTableStats, afterErrorReply's
// error counting: incrementErrorCount).

import type { ServerStats } from '../commands/context.js';
import type { Command } from '../commands/types.js';

/** Every counter at zero (resetServerStats). */
export function newStats(): ServerStats {
  return {
    totalConnectionsReceived: 0,
    totalCommandsProcessed: 0,
    rejectedConnections: 0,
    expiredKeys: 0,
    evictedKeys: 0,
    evictionExceededUs: 0,
    evictionExceededSince: 0,
    keyspaceHits: 0,
    keyspaceMisses: 0,
    totalErrorReplies: 0,
    netInputBytes: 0,
    netOutputBytes: 0,
    errorCounts: new Map(),
  };
}

/** CONFIG RESETSTAT: the server's counters and every command's and subcommand's commandstats. */
export function resetStats(stats: ServerStats, commands: ReadonlyMap<string, Command>): void {
  Object.assign(stats, newStats());
  for (const command of new Set(commands.values())) {
    command.stats = { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0, latency: undefined };
    if (command.subcommands !== undefined) {
      for (const sub of command.subcommands.values()) sub.stats = { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0, latency: undefined };
    }
  }
}

/** total_error_replies and INFO errorstats, keyed by the error code (the first word). */
export function countErrorReply(stats: ServerStats, message: string): void {
  stats.totalErrorReplies++;
  const space = message.indexOf(' ');
  const code = space === -1 ? message : message.slice(0, space);
  stats.errorCounts.set(code, (stats.errorCounts.get(code) ?? 0) + 1);
}
