// Dispatch: from a parsed argv to a reply, running the generic checks once, in Redis's order.
// Mirrors: redis src/server.c (processCommand, lookupCommand, commandCheckArity, and call's
// top-level half; the bracket around the handler is call.ts) and src/replication.c
// (replicationFeedMonitors).
//
// Order of checks (processCommand): unknown command → unknown subcommand → arity → protected
// command (DEBUG) → authentication → ACL permissions → maxmemory (evict, or OOM for denyoom) → MISCONF after a failed save → READONLY
// replica → RESP2 pub/sub context → MASTERDOWN replica → MULTI queueing → run. Handlers never
// re-check arity. A handler throws ReplyError for user errors; anything else is a bug: logged with
// the command and client, answered with a generic ERR, and the server carries on.

import {
  ReplyError, masterDownError, noAuthError, noReplicasError, oomError, readOnlyReplicaError, unknownCommandError,
  unknownSubcommandError, wrongArityError,
} from '../errors.js';
import { NO_REPLY, QUEUED, type Reply } from '../protocol/reply.js';
import type { Command } from '../commands/types.js';
import type { Client } from './client.js';
import { feedMonitors, redactArgv } from './monitor.js';
import type { Server } from './server.js';
import { Suspension } from '../protocol/suspension.js';
import { CALL_FULL, callHandler } from './call.js';
import { allowedInSubscribedContext, subscribedContextError } from '../pubsub/subscribed-context.js';
import { aclOf } from '../acl/acl.js';
import { aclExecRefusal, aclRefusal } from '../acl/enforce.js';

/**
 * Names of up to NAME_CODE_MAX_BYTES bytes as one integer: the length, then one byte per 8 bits.
 * Exact (no collisions: distinct byte strings of these lengths give distinct numbers below 2^53).
 */
const NAME_CODE_MAX_BYTES = 6;
/** Distinct spellings remembered per table: each case variant that was sent counts once. */
const NAME_CACHE_MAX = 1024;
/**
 * Command lookup without making a string: most command names are short (GET, SET, INCR, LPUSH,
 * HSET, ZADD, MSET, LRANGE, EXPIRE...), so their bytes are packed into a number and looked up in a
 * cache filled from the table on first use. This saves the name's latin1 string (a native call and
 * an allocation per command) and hashing it. Only hits are cached, so an unknown name always takes
 * the slow path with its exact error.
 */
const nameCaches = new WeakMap<ReadonlyMap<string, Command>, Map<number, Command>>();
/** The last table looked up and its cache: a process has one server, so this skips the WeakMap probe per command. */
let lastTable: ReadonlyMap<string, Command> | undefined;
let lastCache: Map<number, Command> | undefined;

function nameCode(buf: Buffer): number {
  const length = buf.length;
  if (length > NAME_CODE_MAX_BYTES || length === 0) return -1;
  let code = length;
  for (let i = 0; i < length; i++) code = code * 256 + (buf[i] as number);
  return code;
}

/** Find the command (and subcommand) argv names, or explain why not, as a ReplyError. */
export function lookupCommand(table: ReadonlyMap<string, Command>, argv: readonly Buffer[]): Command | ReplyError {
  const nameBuf = argv[0] as Buffer;
  const code = nameCode(nameBuf);
  let cache = lastCache;
  if (table !== lastTable) {
    cache = nameCaches.get(table);
    lastTable = table;
    lastCache = cache;
  }
  let command = code >= 0 && cache !== undefined ? cache.get(code) : undefined;
  if (command === undefined) {
    const name = nameBuf.latin1Slice(0, nameBuf.length);
    command = table.get(name) ?? table.get(name.toLowerCase());
    if (command === undefined) return unknownCommandError(nameBuf, argv.slice(1));
    if (code >= 0) {
      if (cache === undefined) nameCaches.set(table, (lastCache = cache = new Map()));
      if (cache.size < NAME_CACHE_MAX) cache.set(code, command);
    }
  }
  if (command.subcommands === undefined || argv.length === 1) return command;
  const subBuf = argv[1] as Buffer;
  const sub = command.subcommands.get(subBuf.latin1Slice(0, subBuf.length).toLowerCase());
  if (sub === undefined) return unknownSubcommandError(subBuf, command.spec.name);
  return sub;
}

function arityOk(arity: number, argc: number): boolean {
  return arity >= 0 ? argc === arity : argc >= -arity;
}

/**
 * Run one command for a client and write its reply. Returns a Suspension when the command is still
 * running (a script yielded past busy-reply-threshold): its reply is written when it settles.
 */
export function dispatch(server: Server, client: Client, argv: readonly Buffer[], retried = false): Suspension | undefined {
  // The test stand-in's command log sees each command as sent, before any check (src/testing); a
  // command postponed by CLIENT PAUSE and run again is not logged twice.
  if (server.commandObservers.length > 0 && !retried) for (const observe of server.commandObservers) observe(client, argv);
  const found = lookupCommand(server.commands, argv);
  if (found instanceof ReplyError) {
    rejectCommand(server, client, found, undefined);
    return undefined;
  }
  let command = found;
  // Redis sets c->cmd and c->lastcmd at lookup: a queued or refused command is CLIENT LIST's cmd= too.
  client.command = command;
  if (!arityOk(command.arity, argv.length)) {
    rejectCommand(server, client, wrongArityError(command.fullName), command);
    return undefined;
  }
  if (command.isProtected && !protectedCommandAllowed(server, client, command)) {
    // DEBUG answers to enable-debug-command, MODULE LOAD/LOADEX/UNLOAD to enable-module-command.
    const name = (command.parent ?? command).spec.name;
    rejectCommand(
      server,
      client,
      new ReplyError(
        `ERR ${name.toUpperCase()} command not allowed. If the enable-${name}-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.`,
      ),
      command,
    );
    return undefined;
  }
  // authRequired: only while the default user needs a password (or is off); one field test when logged in.
  if (!client.authenticated && !command.isNoAuth && aclOf(server).authRequired) {
    rejectCommand(server, client, noAuthError(), command);
    return undefined;
  }
  // ACLCheckAllPerm: one boolean for a user allowed everything (the default user, as shipped).
  if (!client.user.unrestricted) {
    const refused = aclRefusal(client, command, argv);
    if (refused !== undefined) {
      rejectCommand(server, client, refused, command);
      return undefined;
    }
  }
  // EVAL/FCALL of a script that declares flags: the checks below (and MULTI's queue) read the
  // script's flags, not EVAL's (getCommandFlags; src/scripting/script-flags.ts). One field test for
  // every other command. After ACL, whose rules name the table's command.
  if (command.getCommandFlags !== undefined) command = command.getCommandFlags(command, client, argv);
  // maxmemory (processCommand → performEvictions): evict first; when that cannot bring memory
  // under the limit, refuse what may grow it. One comparison when no limit is set.
  // Not while a script is busy: nothing may change the keyspace under it (Redis skips eviction then too).
  const busy = server.busyScript;
  if (server.config.values.maxmemory !== 0 && busy === undefined && !checkMemory(server, client, command)) return undefined;
  // A failed background save (stop-writes-on-bgsave-error) or AOF write refuses writes, PING too,
  // and an EXEC whose queue holds a write (writeCommandsDeniedByDiskError).
  const diskError = server.diskWriteError();
  if (diskError !== undefined && deniedOnDiskError(client, command)) {
    rejectCommand(server, client, diskError, command);
    return undefined;
  }
  // min-replicas-to-write: a master short of replicas that acknowledged lately refuses writes.
  if (server.lacksGoodReplicas() && deniedOnDiskError(client, command) && command.spec.name !== 'ping') {
    rejectCommand(server, client, noReplicasError(), command);
    return undefined;
  }
  const replica = server.replicaSide;
  // A read-only replica refuses clients' writes (the master's stream does not come through here).
  if (replica.link !== undefined && replica.refusesWrite(command, client.multi?.queue)) {
    rejectCommand(server, client, readOnlyReplicaError(), command);
    return undefined;
  }
  // A subscribed RESP2 client may only (un)subscribe, PING, QUIT, RESET (src/pubsub/subscribed-context.ts).
  if (client.resp === 2 && client.subscriptions.total > 0 && !allowedInSubscribedContext((command.parent ?? command).spec.name)) {
    rejectCommand(server, client, subscribedContextError(command.fullName), command);
    return undefined;
  }
  // A replica whose link is down, with replica-serve-stale-data no, runs only commands flagged stale.
  if (replica.link !== undefined && replica.refusesStale(command, client.multi?.queue)) {
    rejectCommand(server, client, masterDownError(), command);
    return undefined;
  }
  // A script past busy-reply-threshold: only the commands flagged allow_busy (SCRIPT KILL, FUNCTION
  // KILL, SHUTDOWN, AUTH, HELLO, MULTI, WATCH ...) run; the rest get BUSY (refused inside MULTI too).
  if (busy !== undefined && !command.isAllowBusy) {
    rejectCommand(server, client, busy.error, command);
    return undefined;
  }
  // CLIENT PAUSE: the command (and the client's pipeline) waits for the pause to end, then comes
  // through here again (src/server/client-pause.ts). One boolean when no pause is on.
  const pause = server.clientPause;
  // Replicas are never paused (their REPLCONF ACKs keep WAIT informed).
  if (pause.active && client.replicaLink === undefined && pause.holds(client, command)) {
    // A client that hung up meanwhile is gone: its postponed command never runs (Redis frees it).
    return pause.postpone(() => (client.isClosed ? undefined : dispatch(server, client, argv, true)));
  }
  if (client.multi !== undefined && !(command.parent === undefined && MULTI_CONTROL.has(command.spec.name))) {
    if (command.isNoMulti) {
      rejectCommand(server, client, new ReplyError('ERR Command not allowed inside a transaction'), command);
      return undefined;
    }
    client.multi.queue.push({ command, argv });
    client.writer.write(QUEUED);
    return undefined;
  }
  return call(server, client, command, argv);
}

/**
 * Refuse a command with `err` (processCommand's rejectCommand): rejected_calls, errorstats, and
 * inside MULTI the transaction fails (flagTransaction).
 */
function rejectCommand(server: Server, client: Client, err: ReplyError, command: Command | undefined): void {
  if (command !== undefined) command.stats.rejectedCalls++;
  // A command refused while queuing makes the whole transaction fail (flagTransaction).
  if (client.multi !== undefined) client.multi.aborted = true;
  // A refused EXEC ends the transaction and says why (multi.c execCommandAbort): arity, NOAUTH,
  // the RESP2 pub/sub context. Redis's message has no "ERR " prefix there; other codes stay.
  if (command !== undefined && command.parent === undefined && command.spec.name === 'exec') {
    client.discardMulti();
    err = new ReplyError(`EXECABORT Transaction discarded because of: ${err.message.replace(/^ERR /, '')}`);
  }
  server.countError(err.message);
  client.writer.write(err);
}

/** enable-debug-command guards DEBUG, enable-module-command MODULE's LOAD/LOADEX/UNLOAD (no, yes, local). */
function protectedCommandAllowed(server: Server, client: Client, command: Command): boolean {
  const setting = server.config.get((command.parent ?? command).spec.name === 'module' ? 'enable-module-command' : 'enable-debug-command');
  if (setting === 'yes') return true;
  if (setting === 'local') return client.isUnixSocket || /^(127\.|\[::1\]|localhost)/.test(client.addr);
  return false;
}

/**
 * The maxmemory step of processCommand: run evictions, then reject a denyoom command (or EXEC of a
 * queue holding one, or anything queued inside MULTI but EXEC/DISCARD/QUIT/RESET) with the OOM
 * error if memory is still over the limit. Records the state for scripts (a script may not start
 * writing once the server was out of memory when EVAL began). False when the command was refused.
 */
function checkMemory(server: Server, client: Client, command: Command): boolean {
  const outOfMemory = server.evictor.perform() === 'fail';
  const name = command.parent === undefined ? command.spec.name : '';
  server.preCommandOomState = outOfMemory;
  if (!outOfMemory) return true;
  let reject = command.isDenyOom;
  const multi = client.multi;
  if (!reject && name === 'exec' && multi !== undefined) reject = multi.queue.some((queued) => queued.command.isDenyOom);
  if (multi !== undefined && !OOM_ALLOWED_IN_MULTI.has(name)) reject = true;
  if (!reject) return true;
  rejectCommand(server, client, oomError(), command);
  return false;
}

/** Inside MULTI these are never refused for memory (queuing anything else may grow without bound). */
const OOM_ALLOWED_IN_MULTI = new Set(['exec', 'discard', 'quit', 'reset']);

/** Is this command refused while saving to disk fails: writes, PING, and EXEC of a queue with a write. */
function deniedOnDiskError(client: Client, command: Command): boolean {
  if (command.isWrite) return true;
  if (command.parent !== undefined) return false;
  if (command.spec.name === 'ping') return true;
  return command.spec.name === 'exec' && client.multi !== undefined && client.multi.queue.some((queued) => queued.command.isWrite);
}

/** Commands that run at once inside MULTI instead of being queued (processCommand). */
const MULTI_CONTROL = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

/**
 * Execute a resolved command (Redis's call()): the handler inside the call bracket (call.ts:
 * propagation, stats, latency, slowlog), then what only a top-level command does: re-price memory,
 * count errorstats, write the reply, remember tracked keys, feed MONITOR. Returns a Suspension
 * when the handler has not finished (a busy script): all of that follows when it settles.
 */
export function call(server: Server, client: Client, command: Command, argv: readonly Buffer[]): Suspension | undefined {
  const handler = command.handler;
  if (handler === undefined) {
    // A container command called with a subcommand list but no handler: cannot happen after
    // lookup (containers with argc 1 fail arity first), kept as a guard.
    client.writer.write(unknownSubcommandError(argv[1] ?? Buffer.alloc(0), command.spec.name));
    return undefined;
  }
  // Inside EXEC (the only time a connection's mayBlock is off) each queued command is checked
  // again: its user's rules may have changed since it was queued (multi.c execCommand).
  if (!client.mayBlock && !client.user.unrestricted) {
    const refused = aclExecRefusal(client, command.flagsOf ?? command, argv);
    if (refused !== undefined) {
      server.countError(refused.message);
      client.writer.write(refused);
      return undefined;
    }
  }
  // EVAL, EVALSHA, FCALL and their _RO forms feed MONITOR before they run, so that the script's
  // own commands ("[0 lua]") follow their line (evalCommand, fcallCommand); their skip_monitor
  // flag keeps the usual feed after the reply from showing them twice.
  if (server.monitors.size > 0 && command.parent === undefined && SCRIPT_RUNNERS.has(command.spec.name)) {
    feedMonitors(server, client, argv);
  }
  const reply = callHandler(server, client, command, handler, argv, CALL_FULL);
  if (reply instanceof Suspension) {
    return reply.then((final) => {
      finishCall(server, client, command, argv, final);
      return NO_REPLY;
    });
  }
  finishCall(server, client, command, argv, reply);
  return undefined;
}

/** Commands that run a script and show in MONITOR ahead of its commands. */
const SCRIPT_RUNNERS = new Set(['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro']);

/** The top-level rest of call(), once the handler's reply is known and recorded. */
function finishCall(server: Server, client: Client, command: Command, argv: readonly Buffer[], reply: Reply): void {
  // Memory accounting: re-price the keys this command wrote (src/keyspace/keyspace.ts).
  server.keyspace.settleMemory();
  if (reply instanceof ReplyError) server.countError(reply.message);
  client.writer.write(reply);
  // Client-side caching: remember what a tracking client read (call() → trackingRememberKeys).
  if (client.tracking !== undefined && command.isReadonly) server.tracking.rememberKeys(client, command, argv);
  // Redis feeds MONITOR after the command ran and replied (so SELECT shows the new db, and a
  // monitor's own PING reply precedes its line), with secrets redacted. One comparison when
  // nobody monitors.
  if (server.monitors.size > 0 && !command.isSkipMonitor && !command.isAdmin) feedMonitors(server, client, redactArgv(command, argv));
}
