// Server administration: CONFIG, SLOWLOG, DEBUG, MONITOR, SHUTDOWN, TIME, LASTSAVE (and INFO, built
// in info.ts).
// Mirrors: redis src/config.c (configGetCommand, configSetCommand, configResetStatCommand,
// configRewriteCommand), src/slowlog.c (slowlogCommand), src/debug.c (debugCommand,
// rdbSavedObjectLen's use in DEBUG OBJECT), src/replication.c (monitorCommand), src/server.c
// (timeCommand, shutdownCommand, lastsaveCommand) and src/commands/*.json for the specs.

import { ConfigSetError } from '../config/config.js';
import { estimateIdleSeconds, type RedisObject } from '../datatypes/object.js';
import { createString, stringRefcount, type StringObject } from '../datatypes/string/string-type.js';
import {
  ReplyError, noConfigFileError, noShutdownInProgressError, slowlogCountError, subcommandSyntaxError, syntaxError,
} from '../errors.js';
import {
  OK, bool, double, encodeReply, map, push, set, status, verbatim, type RawReply, type Reply,
} from '../protocol/reply.js';
import { intArg, keyOf, optionOf } from './args.js';
import type { CommandContext, ServerContext, ShutdownOptions } from './context.js';
import { infoCommands, infoState } from './info.js';
import type { CommandSpec } from './types.js';

/** A reply that writes nothing: MONITOR when already monitoring, SHUTDOWN (the connection just closes). */
const NO_REPLY: RawReply = { kind: 'raw', bytes: Buffer.alloc(0) };

const helpLines = (lines: readonly string[]): readonly Reply[] => lines.map((line) => status(line));

// --- CONFIG ---

/** Loopback or unix-socket connections may change protected configs under "local" (islocalClient). */
function isLocalClient(ctx: CommandContext): boolean {
  const addr = ctx.handle.addr;
  const unixPath = ctx.server.config.get('unixsocket');
  if (unixPath !== '' && addr === `${unixPath}:0`) return true;
  return addr.startsWith('127.0.0.1:') || addr.startsWith('[::1]:');
}

/**
 * Parameter names and values matching any of the glob patterns; a map in RESP3.
 * Format: CONFIG GET parameter [parameter ...]
 */
function configGetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const patterns = argv.slice(2).map((arg) => arg.toString('latin1'));
  const items: string[] = [];
  for (const [name, value] of ctx.server.config.configGet(patterns)) items.push(name, value);
  return map(items);
}

/**
 * Set parameters, all or none: names are checked first, then every value, and only then is
 * anything changed (the subsystems' listeners may still refuse and roll the whole call back).
 * Format: CONFIG SET parameter value [parameter value ...]
 */
function configSetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const args = argv.slice(2).map((arg) => arg.toString('latin1'));
  try {
    ctx.server.config.configSet(args, { isLocalClient: isLocalClient(ctx) });
  } catch (err) {
    if (err instanceof ConfigSetError) throw new ReplyError(err.message);
    throw err;
  }
  return OK;
}

/**
 * Zero the INFO statistics: command and error counts, hits and misses, the rates, the memory peak.
 * Format: CONFIG RESETSTAT
 */
function configResetstatCommand(ctx: CommandContext): Reply {
  ctx.server.resetStats();
  infoState(ctx.server).reset(ctx.server);
  return OK;
}

/** The config file the server was started with, absolute when Config resolved it. */
function configFileOf(server: ServerContext): string {
  return server.config.configFile ?? server.configFile;
}

/**
 * Write the running configuration back into the config file.
 * Format: CONFIG REWRITE
 */
function configRewriteCommand(ctx: CommandContext): Reply {
  if (configFileOf(ctx.server) === '') throw noConfigFileError();
  // DIFFERS FROM REDIS: rewriting redis.conf in place is not implemented yet; Redis reports a
  // failed rewrite with this prefix and the reason.
  throw new ReplyError('ERR Rewriting config file: CONFIG REWRITE is not supported by tsredis yet');
}

const CONFIG_HELP = helpLines([
  'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
  'HELP',
  '    Prints this help.',
]);

/**
 * Describe the CONFIG subcommands.
 * Format: CONFIG HELP
 */
function configHelpCommand(): Reply {
  return CONFIG_HELP;
}

// --- SLOWLOG ---

/** Entries SLOWLOG GET returns without a count. */
const SLOWLOG_DEFAULT_COUNT = 10;

/**
 * The newest `count` slow-log entries (10 by default, -1 for all), each as
 * [id, unix time, duration in µs, [arg ...], client address, client name].
 * Format: SLOWLOG GET [count]
 */
function slowlogGetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length > 3) throw subcommandSyntaxError(argv[1] as Buffer, 'slowlog');
  let count = SLOWLOG_DEFAULT_COUNT;
  if (argv.length === 3) {
    try {
      count = intArg(argv[2] as Buffer);
    } catch {
      throw slowlogCountError();
    }
    if (count < -1) throw slowlogCountError();
  }
  const log = ctx.server.slowlog;
  const entries = count === -1 ? log : log.slice(0, count);
  return entries.map((entry) => [
    entry.id, entry.timestampSec, entry.durationUs, entry.argv, entry.peer, entry.clientName,
  ]);
}

/**
 * How many entries the slow log holds.
 * Format: SLOWLOG LEN
 */
function slowlogLenCommand(ctx: CommandContext): Reply {
  return ctx.server.slowlog.length;
}

/**
 * Empty the slow log (entry ids keep counting up).
 * Format: SLOWLOG RESET
 */
function slowlogResetCommand(ctx: CommandContext): Reply {
  ctx.server.slowlog.length = 0;
  return OK;
}

const SLOWLOG_HELP = helpLines([
  'SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
  'HELP',
  '    Prints this help.',
]);

/**
 * Describe the SLOWLOG subcommands.
 * Format: SLOWLOG HELP
 */
function slowlogHelpCommand(): Reply {
  return SLOWLOG_HELP;
}

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
  if (nosave) save = false;
  const options: ShutdownOptions = save === undefined ? { now, force } : { save, now, force };
  ctx.server.shutdown(options);
  return NO_REPLY;
}

// --- DEBUG ---

/** Made-up but stable object addresses for DEBUG OBJECT's "Value at:" (one per live object). */
const objectAddresses = new WeakMap<RedisObject, number>();
let nextObjectAddress = 0x7f0000001000;

function objectAddress(obj: RedisObject): string {
  let address = objectAddresses.get(obj);
  if (address === undefined) {
    address = nextObjectAddress;
    nextObjectAddress += 16;
    objectAddresses.set(obj, address);
  }
  return `0x${address.toString(16)}`;
}

/** Bytes of an RDB length prefix (rdbSaveLen): 1, 2, 5 or 9. */
function rdbLenBytes(len: number): number {
  if (len < 1 << 6) return 1;
  if (len < 1 << 14) return 2;
  if (len <= 0xffffffff) return 5;
  return 9;
}

/** Bytes of an integer stored in the RDB int encoding, or 0 when it does not fit an int32. */
function rdbIntBytes(n: number | bigint): number {
  if (n >= -128 && n <= 127) return 2;
  if (n >= -32768 && n <= 32767) return 3;
  if (n >= -2147483648 && n <= 2147483647) return 5;
  return 0;
}

/**
 * How many bytes the string takes in an RDB file (rdbSaveStringObject). SIMPLIFIED: values over
 * 20 bytes are counted uncompressed; Redis LZF-compresses them when rdbcompression is on and it helps.
 */
function rdbStringLen(obj: StringObject): number {
  const value = obj.value;
  if (typeof value !== 'string') {
    const intBytes = rdbIntBytes(value);
    if (intBytes !== 0) return intBytes;
    const digits = String(value).length;
    return rdbLenBytes(digits) + digits;
  }
  // rdbTryIntegerEncoding: short strings that are canonical int32s are stored as integers.
  if (value.length <= 11 && /^(0|-?[1-9][0-9]*)$/.test(value)) {
    const intBytes = rdbIntBytes(Number(value));
    if (intBytes !== 0) return intBytes;
  }
  return rdbLenBytes(value.length) + value.length;
}

/** DEBUG OBJECT's line for a value. */
function debugObjectLine(ctx: CommandContext, obj: RedisObject): string {
  const now = ctx.server.clock.now();
  const policy = ctx.server.config.get('maxmemory-policy');
  // Same sharing rule as OBJECT REFCOUNT: no shared integers under an LRU/LFU maxmemory policy.
  const sharedIntegers = ctx.server.config.get('maxmemory') === 0 || !(policy.endsWith('-lru') || policy.endsWith('-lfu'));
  const refcount = obj.type === 'string' ? stringRefcount(obj, sharedIntegers) : 1;
  const head = `Value at:${objectAddress(obj)} refcount:${refcount} encoding:${obj.encoding}`;
  const tail = `lru:${obj.lru} lru_seconds_idle:${estimateIdleSeconds(obj.lru, now)}`;
  switch (obj.type) {
    case 'string':
      return `${head} serializedlength:${rdbStringLen(obj)} ${tail}`;
    case 'list':
    case 'hash':
    case 'set':
    case 'zset':
      // DIFFERS FROM REDIS: the serialized length of a collection needs the RDB writer, so it reads
      // 0 until persistence lands; Redis also appends ql_nodes, ql_avg_node ... for a quicklist.
      return `${head} serializedlength:0 ${tail}`;
    default:
      return assertNeverType(obj);
  }
}

function assertNeverType(obj: never): never {
  throw new Error(`DEBUG OBJECT: unhandled type ${JSON.stringify(obj)}`);
}

/** Block the whole server, as Redis's DEBUG SLEEP does (tests use it to provoke timeouts). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** What DEBUG SET-ACTIVE-EXPIRE switches: src/server/server.ts's active expire cycle. */
interface ActiveExpireSwitch {
  readonly expireCycle: { enabled: boolean };
}

function hasActiveExpireSwitch(server: ServerContext): server is ServerContext & ActiveExpireSwitch {
  return 'expireCycle' in server;
}

/** DEBUG PROTOCOL's sample replies, one per RESP3 type (debug.c). */
function debugProtocolReply(ctx: CommandContext, type: string): Reply {
  const resp3 = ctx.resp === 3;
  switch (type) {
    case 'string': return 'Hello World';
    case 'integer': return 12345;
    case 'double': return double(3.141);
    case 'bignum':
      return resp3
        ? { kind: 'raw', bytes: Buffer.from('(1234567999999999999999999999999999999\r\n') }
        : '1234567999999999999999999999999999999';
    case 'null': return null;
    case 'array': return [0, 1, 2];
    case 'set': return set([0, 1, 2]);
    case 'map': return map([0, bool(false), 1, bool(true), 2, bool(false)]);
    case 'attrib': {
      const after = 'Some real reply following the attribute';
      if (!resp3) return after;
      const attribute = Buffer.from('|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n');
      return { kind: 'raw', bytes: Buffer.concat([attribute, encodeReply(after, 3)]) };
    }
    case 'push':
      if (!resp3) throw new ReplyError('ERR RESP2 is not supported by this command');
      return {
        kind: 'raw',
        bytes: Buffer.concat([
          encodeReply(push(['server-cpu-usage', 42]), 3),
          encodeReply('Some real reply following the push reply', 3),
        ]),
      };
    case 'verbatim': return verbatim('This is a verbatim\nstring');
    case 'true': return bool(true);
    case 'false': return bool(false);
    default:
      throw new ReplyError(
        'ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false',
      );
  }
}

/** DEBUG POPULATE: `count` keys "<prefix>:<n>" holding "value:<n>" (padded or cut to `size`), never overwriting. */
function debugPopulate(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const positive = (arg: Buffer): number => {
    let n: number;
    try {
      n = intArg(arg);
    } catch {
      n = -1;
    }
    if (n < 0) throw new ReplyError('ERR value is out of range, must be positive');
    return n;
  };
  const count = positive(argv[2] as Buffer);
  const prefix = argv.length > 3 ? (argv[3] as Buffer).toString('latin1') : 'key';
  const size = argv.length > 4 ? positive(argv[4] as Buffer) : 0;
  const db = ctx.db;
  for (let i = 0; i < count; i++) {
    const key = keyOf(Buffer.from(`${prefix}:${i}`, 'latin1'));
    if (db.lookupWrite(key) !== undefined) continue;
    let value = `value:${i}`;
    if (size > 0) value = value.length >= size ? value.slice(0, size) : value.padEnd(size, '\0');
    db.add(key, createString(value));
  }
  return OK;
}

/**
 * The test stand-in's clock control, for clients in other processes (Python, another Node worker):
 * the same as the embedded API's `clock.freeze()/advance()/set()/real()`. Moving the clock expires
 * every key whose TTL it passed at once. GET replies the server's current unix time in ms.
 * DIFFERS FROM REDIS: tsredis-only; Redis has no way to move its clock.
 * Format: DEBUG CLOCK FREEZE|ADVANCE milliseconds|SET unix-time-milliseconds|REAL|GET
 */
function debugClock(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const clock = ctx.server.clock;
  const action = optionOf(argv[2] as Buffer);
  if (argv.length === 3) {
    if (action === 'GET') return clock.now();
    if (action === 'FREEZE') clock.freeze();
    else if (action === 'REAL') clock.real();
    else throw subcommandSyntaxError(argv[1] as Buffer, 'debug');
    return OK;
  }
  if (argv.length === 4 && (action === 'ADVANCE' || action === 'SET')) {
    const ms = intArg(argv[3] as Buffer);
    if (ms < 0) throw new ReplyError(`ERR DEBUG CLOCK ${action} needs a non-negative number of milliseconds`);
    if (action === 'ADVANCE') clock.advance(ms);
    else clock.set(ms);
    return OK;
  }
  throw subcommandSyntaxError(argv[1] as Buffer, 'debug');
}

const DEBUG_HELP = helpLines([
  'DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  '    Dangerous: should be used only for testing the replication subsystem.',
  'CLOCK FREEZE|ADVANCE <ms>|SET <unix-time-ms>|REAL|GET',
  '    tsredis only: stop, move or resume the server clock (keys whose TTL passes',
  '    expire at once); GET returns the clock as unix time in milliseconds.',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message. Useful for clients',
  '    unit tests to simulate Redis errors.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'POPULATE <count> [<prefix>] [<size>]',
  '    Create <count> string keys named key:<num>. If <prefix> is specified then',
  '    it is used instead of the \'key\' prefix.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
  'HELP',
  '    Prints this help.',
]);

/**
 * Debugging and testing helpers. Only allowed when enable-debug-command permits it (dispatch
 * checks the `protected` flag).
 * Format: DEBUG subcommand [argument ...]
 */
function debugCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const sub = optionOf(argv[1] as Buffer);
  const argc = argv.length;
  if (sub === 'HELP' && argc === 2) return DEBUG_HELP;
  if (sub === 'SLEEP' && argc === 3) {
    // strtod: a leading number, anything unparsable is 0; negative sleeps are no-ops.
    const seconds = Number.parseFloat((argv[2] as Buffer).toString('latin1'));
    if (seconds > 0) sleepSync(seconds * 1000);
    return OK;
  }
  if (sub === 'SET-ACTIVE-EXPIRE' && argc === 3) {
    // atoi: any non-zero integer prefix enables.
    const enable = Number.parseInt((argv[2] as Buffer).toString('latin1'), 10);
    if (hasActiveExpireSwitch(ctx.server)) ctx.server.expireCycle.enabled = Number.isNaN(enable) ? false : enable !== 0;
    return OK;
  }
  if (sub === 'OBJECT' && argc === 3) {
    // Looked up raw, like Redis's dictFind: no lazy expiry, no LRU touch, no hit/miss count.
    const obj = ctx.db.peek(keyOf(argv[2] as Buffer));
    if (obj === undefined) throw new ReplyError('ERR no such key');
    return status(debugObjectLine(ctx, obj));
  }
  if (sub === 'ERROR' && argc === 3) return new ReplyError((argv[2] as Buffer).toString('latin1').replace(/[\r\n]/g, ' '));
  if (sub === 'PROTOCOL' && argc === 3) return debugProtocolReply(ctx, (argv[2] as Buffer).toString('latin1').toLowerCase());
  if (sub === 'POPULATE' && argc >= 3 && argc <= 5) return debugPopulate(ctx, argv);
  if (sub === 'CLOCK' && argc >= 3) return debugClock(ctx, argv);
  // SIMPLIFIED: DEBUG RELOAD's MERGE, NOFLUSH and NOSAVE options are not supported.
  if (sub === 'RELOAD' && argc === 2) return status(ctx.server.snapshots.debugReload());
  if (sub === 'CHANGE-REPL-ID' && argc === 2) {
    infoState(ctx.server).changeReplId();
    return OK;
  }
  throw subcommandSyntaxError(argv[1] as Buffer, 'debug');
}

// --- Specs (redis src/commands/*.json) ---

const ADMIN_FLAGS = ['admin', 'noscript', 'loading', 'stale'] as const;
const ADMIN_ACL = ['admin', 'slow', 'dangerous'] as const;

export const serverCommands: readonly CommandSpec[] = [
  ...infoCommands,
  {
    name: 'config', group: 'server', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for server configuration commands', since: '2.0.0', complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'get', group: 'server', arity: -3, flags: ADMIN_FLAGS, acl: ADMIN_ACL,
        summary: 'Get the values of configuration parameters', since: '2.0.0',
        complexity: 'O(N) when N is the number of configuration parameters provided', handler: configGetCommand,
      },
      {
        name: 'set', group: 'server', arity: -4, flags: ADMIN_FLAGS, acl: ADMIN_ACL,
        summary: 'Set configuration parameters to the given values', since: '2.0.0',
        complexity: 'O(N) when N is the number of configuration parameters provided', handler: configSetCommand,
      },
      {
        name: 'resetstat', group: 'server', arity: 2, flags: ADMIN_FLAGS, acl: ADMIN_ACL,
        summary: 'Reset the stats returned by INFO', since: '2.0.0', complexity: 'O(1)', handler: configResetstatCommand,
      },
      {
        name: 'rewrite', group: 'server', arity: 2, flags: ADMIN_FLAGS, acl: ADMIN_ACL,
        summary: 'Rewrite the configuration file with the in memory configuration', since: '2.8.0', complexity: 'O(1)',
        handler: configRewriteCommand,
      },
      {
        name: 'help', group: 'server', arity: 2, flags: ['loading', 'stale'], acl: ['slow'],
        summary: 'Show helpful text about the different subcommands', since: '5.0.0', complexity: 'O(1)',
        handler: configHelpCommand,
      },
    ],
  },
  {
    name: 'slowlog', group: 'server', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for slow log commands', since: '2.2.12', complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'get', group: 'server', arity: -2, flags: ['admin', 'loading', 'stale'], acl: ADMIN_ACL,
        summary: "Get the slow log's entries", since: '2.2.12', complexity: 'O(N) where N is the number of entries returned',
        handler: slowlogGetCommand,
      },
      {
        name: 'len', group: 'server', arity: 2, flags: ['admin', 'loading', 'stale'], acl: ADMIN_ACL,
        summary: "Get the slow log's length", since: '2.2.12', complexity: 'O(1)', handler: slowlogLenCommand,
      },
      {
        name: 'reset', group: 'server', arity: 2, flags: ['admin', 'loading', 'stale'], acl: ADMIN_ACL,
        summary: 'Clear all entries from the slow log', since: '2.2.12',
        complexity: 'O(N) where N is the number of entries in the slowlog', handler: slowlogResetCommand,
      },
      {
        name: 'help', group: 'server', arity: 2, flags: ['loading', 'stale'], acl: ['slow'],
        summary: 'Show helpful text about the different subcommands', since: '6.2.0', complexity: 'O(1)',
        handler: slowlogHelpCommand,
      },
    ],
  },
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
  {
    name: 'debug', group: 'server', arity: -2, flags: ['admin', 'noscript', 'loading', 'stale', 'protected'], acl: ADMIN_ACL,
    summary: 'A container for debugging commands', since: '1.0.0', complexity: 'Depends on subcommand.',
    handler: debugCommand,
  },
];
