// The bracket around a command's handler: what every run of a command records, whoever runs it.
// Mirrors: redis src/server.c (call: server.dirty and propagation, commandstats, the latency-tracking
// histogram, latencyAddSampleIfNeeded, slowlogPushCurrentCommand, and its CMD_CALL_STATS /
// CMD_CALL_SLOWLOG flags).
//
// Three places run a handler, and all go through callHandler:
// - dispatch's call() (dispatch.ts): a client's command, and each command of an EXEC queue, with
//   every record (CALL_STATS | CALL_SLOWLOG). Dispatch then does the top-level rest: re-price the
//   memory the command wrote, count errorstats, write the reply, remember tracked keys, feed MONITOR.
// - a script's redis.call (src/scripting/script-call.ts), with every record too, as Redis's
//   scriptCall passes both flags: the script's commands show in INFO commandstats and latencystats
//   and in the slow log (peer "?:0", no name: the script's client has no connection). Errorstats
//   count the replies clients get, so only the script's own reply counts there.
// - a blocked client's retry (client-blocking.ts), with no record (flags 0): it propagates what it
//   served (BLPOP as LPOP ...); when it served, recordUnblocked then does what Redis 7.0's
//   updateStatsOnUnblock does. A command that blocks is counted (calls, usec of its first run) when
//   it first runs, but its latencystats sample and slow log entry wait for the unblock, and carry
//   both runs' time; a wait that times out records nothing more, as in 7.0.
//
// Around the handler, always: `client.command` is set (what CLIENT LIST shows, what block() and
// the propagation read), and the propagation feed's beginCommand / endCommand bracket it, so the
// command's effect joins the running unit (nested calls, as EXEC's queue and a script's writes,
// join their caller's). With no consumer (appendonly off, no replica) that is one field check.
//
// Exceptions: a ReplyError thrown by the handler is its reply. Anything else is a bug: logged with
// the command and client id, and answered with a generic ERR, so one bad command never takes the
// server down and its bookkeeping still happens.

// The module binding, not the `performance` global: in Node 20 that global is a lazy getter, read twice per command.
import { performance } from 'node:perf_hooks';
import type { CommandContext, ServerContext } from '../commands/context.js';
import type { Command, Handler } from '../commands/types.js';
import { ReplyError } from '../errors.js';
import type { Reply } from '../protocol/reply.js';
import { Suspension } from '../protocol/suspension.js';
import { LatencyHistogram } from '../commands/latency/monitor.js';
import { redactArgv, type MonitorClient } from './monitor.js';
import { slowlogPush } from './slowlog.js';

/** Count the call: commandstats (calls, usec, failed_calls), total_commands_processed, latencystats. */
export const CALL_STATS = 1;
/** Log a slow call: the slow log, and the latency monitor's "command" / "fast-command" events. */
export const CALL_SLOWLOG = 2;
/** A top-level command or a script's command (Redis's CMD_CALL_FULL without its propagation bits). */
export const CALL_FULL = CALL_STATS | CALL_SLOWLOG;

/** The server a handler runs against: the Server, or the ServerContext a script holds (the Server too). */
export interface CallServer extends ServerContext {
  /** Log a handler's bug (Server.logBug); absent from the interface scripts see, present at run time. */
  logBug?(err: unknown, client: { readonly id: number }, argv: readonly Buffer[]): void;
  /** The MONITOR clients (Server.monitors): a script's commands are fed to them too (script-call.ts). */
  readonly monitors?: ReadonlySet<MonitorClient>;
}

/** The client a handler runs for: a connection (Client) or a script's client (ScriptClient). */
export interface CallClient extends CommandContext {
  command: Command | undefined;
  /** CLIENT LIST's addr: the slow log's peer. A script's client has none. */
  readonly addr?: string;
  /** Set when the handler blocked the client (BLPOP found nothing): what it waits for (blocking.ts). */
  readonly blocked?: { firstRunUs: number } | undefined;
}

/**
 * Run `handler` inside call()'s bracket and return its reply. A Suspension (a busy script) is
 * returned chained: the bookkeeping runs when it settles, and the chain settles with the final reply.
 */
export function callHandler(
  server: CallServer, client: CallClient, command: Command, handler: Handler, argv: readonly Buffer[], flags: number,
): Reply {
  client.command = command;
  const start = performance.now();
  // The propagation feed (AOF, replication) exists only while something consumes it: with
  // appendonly off this is one field check and nothing is allocated (src/persistence/aof/propagate.ts).
  const feed = server.propagation;
  let mark = feed === undefined ? undefined : feed.beginCommand(server.dirty);
  let reply: Reply;
  try {
    reply = handler(client, argv);
  } catch (err) {
    reply = err instanceof ReplyError ? err : bugReply(server, client, command, argv, err);
  }
  if (reply instanceof Suspension) {
    // MIGRATE waits on its target while other clients run: its unit closes now (it logs its own
    // effect when it resumes). A busy script keeps its unit open: its writes are one unit.
    if (reply.releasesPropagation && feed !== undefined && mark !== undefined) {
      feed.endCommand(mark, server.dirty, client.db.index, argv);
      mark = undefined;
    }
    const held = mark;
    return reply.then((final) => {
      endCall(server, client, command, argv, flags, start, held, final);
      return final;
    });
  }
  endCall(server, client, command, argv, flags, start, mark, reply);
  return reply;
}

/** The second half of the bracket, once the reply is known. */
function endCall(
  server: CallServer, client: CallClient, command: Command, argv: readonly Buffer[], flags: number,
  start: number, mark: object | undefined, reply: Reply,
): void {
  // Log what the command did (its argv, or what it asked to be logged as); the outermost call
  // hands the whole unit (an EXEC's queue, a script's writes) over at once.
  const feed = server.propagation;
  if (feed !== undefined && mark !== undefined) feed.endCommand(mark, server.dirty, client.db.index, argv);
  if (flags === 0) return;
  const elapsedUs = Math.round((performance.now() - start) * 1000);
  const values = server.config.values;
  if ((flags & CALL_STATS) !== 0) {
    const stats = command.stats;
    stats.calls++;
    stats.usec += elapsedUs;
    if (reply instanceof ReplyError) stats.failedCalls++;
    server.stats.totalCommandsProcessed++;
    const blocked = client.blocked;
    if (blocked !== undefined) {
      // It blocked: the latency sample and the slow log wait for the unblock (recordUnblocked).
      blocked.firstRunUs = elapsedUs;
      return;
    }
    // latency-tracking's per-command histogram (INFO latencystats).
    if (values['latency-tracking']) (stats.latency ??= new LatencyHistogram()).record(elapsedUs);
  }
  if ((flags & CALL_SLOWLOG) !== 0) {
    if (values['latency-monitor-threshold'] > 0) recordLatencyEvent(server, command.isFast ? 'fast-command' : 'command', elapsedUs);
    slowlogIfSlow(server, client, command, argv, elapsedUs);
  }
}

/**
 * A blocked command was served by its retry (blocked.c updateStatsOnUnblock): its usec grows by
 * both runs' time (Redis 7.0 adds the first run's twice: once when it ran, once here), and that
 * total is its latencystats sample and slow log duration; the serving time is the latency
 * monitor's "command-unblocking" event. `calls` was counted when it first ran.
 */
export function recordUnblocked(
  server: CallServer, client: CallClient, command: Command, argv: readonly Buffer[], firstRunUs: number, serveUs: number, reply: Reply,
): void {
  const totalUs = firstRunUs + serveUs;
  const stats = command.stats;
  stats.usec += totalUs;
  if (reply instanceof ReplyError) stats.failedCalls++;
  const values = server.config.values;
  if (values['latency-tracking']) (stats.latency ??= new LatencyHistogram()).record(totalUs);
  slowlogIfSlow(server, client, command, argv, totalUs);
  if (values['latency-monitor-threshold'] > 0) recordLatencyEvent(server, 'command-unblocking', serveUs);
}

/** slowlogPushCurrentCommand: the common case (a fast command) costs two comparisons and no argv copy. */
function slowlogIfSlow(server: CallServer, client: CallClient, command: Command, argv: readonly Buffer[], durationUs: number): void {
  // The threshold comes from config.values, compared first (a negative one disables the log).
  const threshold = server.config.values['slowlog-log-slower-than'];
  if (durationUs < threshold || threshold < 0 || command.isSkipSlowlog) return;
  // A script's client has no connection: Redis shows "?:0" and no name for it.
  const connected = client.addr !== undefined;
  slowlogPush(server, redactArgv(command, argv), durationUs, connected ? (client.addr as string) : '?:0', connected ? client.name : '');
}

/** latencyAddSampleIfNeeded: "command" / "fast-command" for a finished command, "command-unblocking" for a served waiter. */
function recordLatencyEvent(server: CallServer, event: string, elapsedUs: number): void {
  const threshold = server.config.values['latency-monitor-threshold'];
  server.latency.addSampleIfNeeded(event, Math.floor(elapsedUs / 1000), threshold, Math.floor(server.clock.now() / 1000));
}

/** A handler threw something other than a ReplyError: a bug. Log it, answer a generic error. */
function bugReply(server: CallServer, client: CallClient, command: Command, argv: readonly Buffer[], err: unknown): ReplyError {
  server.logBug?.(err, client, argv);
  return new ReplyError(`ERR internal error while running '${command.fullName}': ${String(err)}`.replace(/[\r\n]/g, ' '));
}
