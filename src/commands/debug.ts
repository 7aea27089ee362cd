// DEBUG: the subcommands tests and tools rely on (OBJECT, SLEEP, SET-ACTIVE-EXPIRE, ERROR, PROTOCOL,
// POPULATE, CLOCK, RELOAD, CHANGE-REPL-ID, HELP), with DEBUG OBJECT's serialized length computed as
// rdbSavedObjectLen would.
// Mirrors: redis src/debug.c (debugCommand), src/rdb.c (rdbSavedObjectLen).

import { estimateIdleSeconds, type RedisObject } from '../datatypes/object.js';
import { createString, stringRefcount, type StringObject } from '../datatypes/string/string-type.js';
import { ReplyError, subcommandSyntaxError } from '../errors.js';
import { bool, double, encodeReply, map, OK, push, set, status, verbatim, type Reply } from '../protocol/reply.js';
import { intArg, keyOf, optionOf } from './args.js';
import type { CommandContext } from './context.js';
import { helpLines } from './help.js';
import { infoState } from './info/metrics.js';
import { ADMIN_ACL } from './server.js';
import type { CommandSpec } from './types.js';

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
    case 'stream':
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
    ctx.server.expireCycle.enabled = Number.isNaN(enable) ? false : enable !== 0;
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

// --- Spec (redis src/commands/debug.json) ---

export const debugCommands: readonly CommandSpec[] = [
  {
    name: 'debug', group: 'server', arity: -2, flags: ['admin', 'noscript', 'loading', 'stale', 'protected'], acl: ADMIN_ACL,
    summary: 'A container for debugging commands', since: '1.0.0', complexity: 'Depends on subcommand.',
    handler: debugCommand,
  },
];
