// String commands: SET and its options, the GET family, counters, in-place edits and LCS.
// Mirrors: redis src/t_string.c (setGenericCommand, parseExtendedStringArgumentsOrReply,
// getExpireMillisecondsOrReply, getexCommand, incrDecrCommand, incrbyfloatCommand, appendCommand,
// setrangeCommand, getrangeCommand, msetGenericCommand, lcsCommand) and src/commands/*.json.
//
// Values are bytes: a value is stored from its Buffer with createString (which picks the int,
// embstr or raw encoding as Redis's tryObjectEncoding does) and replied as its latin1 string.

import {
  decrementOverflowError, invalidExpireError, lcsLenAndIdxError, lcsNotStringError, nanOrInfinityError,
  notFloatError, notIntegerError, offsetOutOfRangeError, overflowError, stringTooLongError, syntaxError,
  wrongArityError, wrongTypeError,
} from '../errors.js';
import type { RedisObject } from '../datatypes/object.js';
import { longestCommonSubsequence } from '../datatypes/string/lcs.js';
import {
  addInt64, createRawOrEmbstr, createString, createStringForSetRange, createStringFromInt, exceedsStringLimit,
  setStringInt, stringAppend, stringAsInt, stringAsLongDouble, stringGetRange, stringLength, stringSetRange,
  stringValue, type StringObject,
} from '../datatypes/string/string-type.js';
import { NOTIFY_GENERIC, NOTIFY_STRING } from '../config/keyspace-events.js';
import { OK, map, type Reply } from '../protocol/reply.js';
import {
  addLongDoubles, formatLongDouble, isFiniteLongDouble, longDoubleFromNumber, parseLongDouble,
} from '../util/numbers.js';
import { int64Arg, keyOf, optionWord } from './args.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './types.js';

// --- Helpers ---

/** The value as a string object, or WRONGTYPE (Redis checkType). */
function asString(obj: RedisObject): StringObject {
  if (obj.type !== 'string') throw wrongTypeError();
  return obj;
}

/** getGenericCommand: the value, nil when missing, WRONGTYPE for other types. A read lookup. */
function getGeneric(ctx: CommandContext, key: string): Reply {
  const obj = ctx.db.lookupRead(key);
  return obj === undefined ? null : stringValue(asString(obj));
}

/** The longest value APPEND and SETRANGE may build (proto-max-bulk-len). */
function maxStringBytes(ctx: CommandContext): number {
  return ctx.server.config.get('proto-max-bulk-len');
}

const GETRANGE_COMPLEXITY =
  'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.';

// Arguments of the commands these are logged as in the AOF (src/persistence/aof/propagate.ts).
const SET_ARG = Buffer.from('SET');
const PXAT_ARG = Buffer.from('PXAT');
const KEEPTTL_ARG = Buffer.from('KEEPTTL');
const DEL_ARG = Buffer.from('DEL');
const PEXPIREAT_ARG = Buffer.from('PEXPIREAT');
const PERSIST_ARG = Buffer.from('PERSIST');

// --- SET / GETEX options (parseExtendedStringArgumentsOrReply) ---

// Flag bits, named as in Redis's t_string.c.
const OBJ_NO_FLAGS = 0;
const OBJ_SET_NX = 1 << 0;
const OBJ_SET_XX = 1 << 1;
const OBJ_EX = 1 << 2;
const OBJ_PX = 1 << 3;
const OBJ_KEEPTTL = 1 << 4;
const OBJ_SET_GET = 1 << 5;
const OBJ_EXAT = 1 << 6;
const OBJ_PXAT = 1 << 7;
const OBJ_PERSIST = 1 << 8;
const OBJ_ANY_EXPIRE = OBJ_EX | OBJ_PX | OBJ_EXAT | OBJ_PXAT;
const EXPIRE_OPTIONS: ReadonlyMap<string, number> = new Map([['EX', OBJ_EX], ['PX', OBJ_PX], ['EXAT', OBJ_EXAT], ['PXAT', OBJ_PXAT]]);

interface ExtendedArgs {
  flags: number;
  /** The EX/PX/EXAT/PXAT argument, if any (the last one given wins). */
  expire: Buffer | undefined;
}

/**
 * Parse SET's options (from argv[3]) or GETEX's (from argv[2]). Conflicting options (NX with XX,
 * two different expire kinds, KEEPTTL or PERSIST with an expire) and unknown words are a syntax
 * error; repeating the same option is allowed, as in Redis.
 */
function parseExtendedArgs(argv: readonly Buffer[], forSet: boolean): ExtendedArgs {
  let flags = OBJ_NO_FLAGS;
  let expire: Buffer | undefined;
  for (let j = forSet ? 3 : 2; j < argv.length; j++) {
    const opt = optionWord(argv[j] as Buffer);
    const next = argv[j + 1];
    const expireFlag = EXPIRE_OPTIONS.get(opt);
    if (forSet && opt === 'NX' && !(flags & OBJ_SET_XX)) {
      flags |= OBJ_SET_NX;
    } else if (forSet && opt === 'XX' && !(flags & OBJ_SET_NX)) {
      flags |= OBJ_SET_XX;
    } else if (forSet && opt === 'GET') {
      flags |= OBJ_SET_GET;
    } else if (forSet && opt === 'KEEPTTL' && !(flags & (OBJ_PERSIST | OBJ_ANY_EXPIRE))) {
      flags |= OBJ_KEEPTTL;
    } else if (!forSet && opt === 'PERSIST' && !(flags & (OBJ_ANY_EXPIRE | OBJ_KEEPTTL))) {
      flags |= OBJ_PERSIST;
    } else if (
      expireFlag !== undefined &&
      !(flags & (OBJ_KEEPTTL | OBJ_PERSIST | (OBJ_ANY_EXPIRE & ~expireFlag))) &&
      next !== undefined
    ) {
      flags |= expireFlag;
      expire = next;
      j++;
    } else {
      throw syntaxError();
    }
  }
  return { flags, expire };
}

const INT64_MAX = 9223372036854775807n;
/** Below this, seconds × 1000 + now stays an exact JS number: the common, BigInt-free path. */
const SAFE_EXPIRE_INPUT = 2 ** 43;

/**
 * getExpireMillisecondsOrReply: the absolute expiry in ms for an EX/PX/EXAT/PXAT argument. Zero,
 * negative, and values whose ms (plus now, for relative ones) overflow int64 are
 * `ERR invalid expire time in '<command>' command`.
 * DIFFERS FROM REDIS: the keyspace keeps expiry times as JS numbers, so a time beyond 2^53 ms
 * (year 287396) is stored rounded (by up to 2048 ms near 2^63), and PTTL shows the rounding.
 */
function expireTimeMs(ctx: CommandContext, arg: Buffer, flags: number, command: string): number {
  const n = int64Arg(arg);
  const seconds = (flags & (OBJ_EX | OBJ_EXAT)) !== 0;
  const relative = (flags & (OBJ_EX | OBJ_PX)) !== 0;
  if (typeof n === 'number' && n > 0 && n < SAFE_EXPIRE_INPUT) {
    const ms = seconds ? n * 1000 : n;
    return relative ? ms + ctx.server.clock.now() : ms;
  }
  if (n <= 0 || (seconds && BigInt(n) > INT64_MAX / 1000n)) throw invalidExpireError(command);
  let ms = seconds ? BigInt(n) * 1000n : BigInt(n);
  if (relative) ms += BigInt(ctx.server.clock.now());
  // In C the addition wraps to a negative number, which Redis reports as the same error.
  if (ms > INT64_MAX) throw invalidExpireError(command);
  return Number(ms);
}

/**
 * setGenericCommand: store the value honouring NX/XX/GET/KEEPTTL and an absolute expiry.
 * `okReply` / `abortReply` differ between SET (OK / nil) and SETNX (1 / 0).
 */
function setGeneric(
  ctx: CommandContext, flags: number, keyArg: Buffer, valueArg: Buffer, whenMs: number | undefined,
  okReply: Reply, abortReply: Reply,
): Reply {
  const key = keyOf(keyArg);
  // GET replies (or fails with WRONGTYPE) before anything is written.
  const old = flags & OBJ_SET_GET ? getGeneric(ctx, key) : null;
  const found = ctx.db.lookupWrite(key) !== undefined;
  if ((flags & OBJ_SET_NX && found) || (flags & OBJ_SET_XX && !found)) {
    return flags & OBJ_SET_GET ? old : abortReply;
  }
  ctx.db.set(key, createString(valueArg), (flags & OBJ_KEEPTTL) !== 0);
  ctx.notify(NOTIFY_STRING, 'set', key);
  // A time already past is stored as is: the key expires on its next lookup (Redis 7.0 does the same).
  if (whenMs !== undefined) {
    ctx.db.setExpire(key, whenMs);
    ctx.notify(NOTIFY_GENERIC, 'expire', key);
    // Logged as SET key value PXAT <ms>: a relative time replayed later would end later (t_string.c).
    if (ctx.server.propagation !== undefined && !(flags & OBJ_PXAT)) {
      ctx.propagateAs([SET_ARG, keyArg, valueArg, PXAT_ARG, Buffer.from(String(whenMs))]);
    }
  }
  return flags & OBJ_SET_GET ? old : okReply;
}

// --- Commands: setting ---

/**
 * Set a key to a string value, with an optional expiry and condition; GET returns the old value.
 * Format: SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]
 */
function setCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const { flags, expire } = parseExtendedArgs(argv, true);
  const when = expire === undefined ? undefined : expireTimeMs(ctx, expire, flags, 'set');
  return setGeneric(ctx, flags, argv[1] as Buffer, argv[2] as Buffer, when, OK, null);
}

/**
 * Set a key only if it does not exist: 1 if set, 0 if not.
 * Format: SETNX key value
 */
function setnxCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return setGeneric(ctx, OBJ_SET_NX, argv[1] as Buffer, argv[2] as Buffer, undefined, 1, 0);
}

/**
 * Set a key with an expiry in seconds.
 * Format: SETEX key seconds value
 */
function setexCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const when = expireTimeMs(ctx, argv[2] as Buffer, OBJ_EX, 'setex');
  return setGeneric(ctx, OBJ_EX, argv[1] as Buffer, argv[3] as Buffer, when, OK, null);
}

/**
 * Set a key with an expiry in milliseconds.
 * Format: PSETEX key milliseconds value
 */
function psetexCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const when = expireTimeMs(ctx, argv[2] as Buffer, OBJ_PX, 'psetex');
  return setGeneric(ctx, OBJ_PX, argv[1] as Buffer, argv[3] as Buffer, when, OK, null);
}

/** msetGenericCommand: an odd number of arguments is required (key value pairs). */
function msetGeneric(ctx: CommandContext, argv: readonly Buffer[], nx: boolean, name: string): Reply {
  if (argv.length % 2 === 0) throw wrongArityError(name);
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) {
      if (ctx.db.lookupWrite(keyOf(argv[j] as Buffer)) !== undefined) return 0;
    }
  }
  for (let j = 1; j < argv.length; j += 2) {
    const key = keyOf(argv[j] as Buffer);
    ctx.db.set(key, createString(argv[j + 1] as Buffer));
    ctx.notify(NOTIFY_STRING, 'set', key);
  }
  return nx ? 1 : OK;
}

/**
 * Set several keys at once (a repeated key: the last value wins).
 * Format: MSET key value [key value ...]
 */
function msetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return msetGeneric(ctx, argv, false, 'mset');
}

/**
 * Set several keys only if none of them exists: 1 if all were set, 0 if none.
 * Format: MSETNX key value [key value ...]
 */
function msetnxCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return msetGeneric(ctx, argv, true, 'msetnx');
}

// --- Commands: getting ---

/**
 * Get the value of a key.
 * Format: GET key
 */
function getCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return getGeneric(ctx, keyOf(argv[1] as Buffer));
}

/**
 * Set a new value and return the old one; the TTL is cleared.
 * Format: GETSET key value
 */
function getsetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const old = getGeneric(ctx, key);
  ctx.db.set(key, createString(argv[2] as Buffer));
  ctx.notify(NOTIFY_STRING, 'set', key);
  return old;
}

/**
 * Get the value and delete the key.
 * Format: GETDEL key
 */
function getdelCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const old = getGeneric(ctx, key);
  if (old !== null) {
    ctx.db.delete(key);
    if (ctx.server.propagation !== undefined) ctx.propagateAs([DEL_ARG, argv[1] as Buffer]);
    ctx.notify(NOTIFY_GENERIC, 'del', key);
  }
  return old;
}

/**
 * Get the value and optionally change its TTL. A missing key answers nil before the expire
 * argument is even checked; an EXAT/PXAT time already past deletes the key.
 * Format: GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]
 */
function getexCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const { flags, expire } = parseExtendedArgs(argv, false);
  const key = keyOf(argv[1] as Buffer);
  const obj = ctx.db.lookupRead(key);
  if (obj === undefined) return null;
  const value = stringValue(asString(obj));
  const when = expire === undefined ? undefined : expireTimeMs(ctx, expire, flags, 'getex');
  // SIMPLIFIED: Redis skips the "already expired" deletion while loading or on a replica.
  // Each change is logged as its plain form: DEL, PEXPIREAT with the absolute time, PERSIST.
  const propagating = ctx.server.propagation !== undefined;
  if (when !== undefined && flags & (OBJ_EXAT | OBJ_PXAT) && when <= ctx.server.clock.now()) {
    ctx.db.delete(key);
    if (propagating) ctx.propagateAs([DEL_ARG, argv[1] as Buffer]);
    ctx.notify(NOTIFY_GENERIC, 'del', key);
  } else if (when !== undefined) {
    ctx.db.setExpire(key, when);
    ctx.db.touchWrite(key);
    if (propagating) ctx.propagateAs([PEXPIREAT_ARG, argv[1] as Buffer, Buffer.from(String(when))]);
    ctx.notify(NOTIFY_GENERIC, 'expire', key);
  } else if (flags & OBJ_PERSIST && ctx.db.removeExpire(key)) {
    ctx.db.touchWrite(key);
    if (propagating) ctx.propagateAs([PERSIST_ARG, argv[1] as Buffer]);
    ctx.notify(NOTIFY_GENERIC, 'persist', key);
  }
  return value;
}

/**
 * Get the values of several keys; missing keys and keys of other types are nil.
 * Format: MGET key [key ...]
 */
function mgetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const out: Reply[] = new Array<Reply>(argv.length - 1);
  for (let j = 1; j < argv.length; j++) {
    const obj = ctx.db.lookupRead(keyOf(argv[j] as Buffer));
    out[j - 1] = obj === undefined || obj.type !== 'string' ? null : stringValue(obj);
  }
  return out;
}

/**
 * The length of the value in bytes (0 for a missing key).
 * Format: STRLEN key
 */
function strlenCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const obj = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  return obj === undefined ? 0 : stringLength(asString(obj));
}

/**
 * A substring by inclusive byte offsets; negative offsets count from the end.
 * Format: GETRANGE key start end
 */
function getrangeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const start = int64Arg(argv[2] as Buffer);
  const end = int64Arg(argv[3] as Buffer);
  const obj = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  if (obj === undefined) return '';
  return stringGetRange(asString(obj), start, end);
}

// --- Commands: in-place edits ---

/**
 * Append to the value (creating the key if missing); returns the new length.
 * Format: APPEND key value
 */
function appendCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const tail = argv[2] as Buffer;
  const obj = ctx.db.lookupWrite(key);
  if (obj === undefined) {
    // A new key is stored like SET stores it, so APPEND of "1" to nothing is int-encoded.
    const created = createString(tail);
    ctx.db.add(key, created);
    ctx.notify(NOTIFY_STRING, 'append', key);
    return stringLength(created);
  }
  const str = asString(obj);
  if (exceedsStringLimit(stringLength(str), tail.length, maxStringBytes(ctx))) throw stringTooLongError();
  const length = stringAppend(str, tail.latin1Slice(0, tail.length));
  ctx.db.touchWrite(key);
  ctx.notify(NOTIFY_STRING, 'append', key);
  return length;
}

/**
 * Overwrite part of the value at a byte offset, zero-padding as needed; returns the new length.
 * Format: SETRANGE key offset value
 */
function setrangeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const offset = int64Arg(argv[2] as Buffer);
  const patch = argv[3] as Buffer;
  if (offset < 0) throw offsetOutOfRangeError();
  const obj = ctx.db.lookupWrite(key);
  if (obj === undefined) {
    // Writing nothing to a missing key creates nothing.
    if (patch.length === 0) return 0;
    if (exceedsStringLimit(offset, patch.length, maxStringBytes(ctx))) throw stringTooLongError();
    const created = createStringForSetRange(Number(offset), patch.latin1Slice(0, patch.length));
    ctx.db.add(key, created);
    ctx.notify(NOTIFY_STRING, 'setrange', key);
    return stringLength(created);
  }
  const str = asString(obj);
  if (patch.length === 0) return stringLength(str);
  if (exceedsStringLimit(offset, patch.length, maxStringBytes(ctx))) throw stringTooLongError();
  const length = stringSetRange(str, Number(offset), patch.latin1Slice(0, patch.length));
  ctx.db.touchWrite(key);
  ctx.notify(NOTIFY_STRING, 'setrange', key);
  return length;
}

// --- Commands: counters ---

/** incrDecrCommand: add `increment` to the integer value (0 if missing), keeping the TTL. */
function incrDecr(ctx: CommandContext, keyArg: Buffer, increment: number | bigint): Reply {
  const key = keyOf(keyArg);
  const obj = ctx.db.lookupWrite(key);
  const str = obj === undefined ? undefined : asString(obj);
  const current = str === undefined ? 0 : stringAsInt(str);
  if (current === null) throw notIntegerError();
  const next = addInt64(current, increment);
  if (next === null) throw overflowError();
  if (str === undefined) {
    ctx.db.add(key, createStringFromInt(next));
  } else {
    // Redis edits an int-encoded object in place; either way the result is int-encoded.
    setStringInt(str, next);
    ctx.db.touchWrite(key);
  }
  ctx.notify(NOTIFY_STRING, 'incrby', key);
  return next;
}

/**
 * Add 1 to the integer value.
 * Format: INCR key
 */
function incrCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return incrDecr(ctx, argv[1] as Buffer, 1);
}

/**
 * Subtract 1 from the integer value.
 * Format: DECR key
 */
function decrCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return incrDecr(ctx, argv[1] as Buffer, -1);
}

/**
 * Add an int64 increment to the integer value.
 * Format: INCRBY key increment
 */
function incrbyCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return incrDecr(ctx, argv[1] as Buffer, int64Arg(argv[2] as Buffer));
}

const INT64_MIN = -9223372036854775808n;

/**
 * Subtract an int64 decrement from the integer value. INT64_MIN cannot be negated, so Redis refuses
 * it before looking at the key.
 * Format: DECRBY key decrement
 */
function decrbyCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const decrement = int64Arg(argv[2] as Buffer);
  if (decrement === INT64_MIN) throw decrementOverflowError();
  const increment = typeof decrement === 'bigint' ? -decrement : decrement === 0 ? 0 : -decrement;
  return incrDecr(ctx, argv[1] as Buffer, increment);
}

/**
 * Add a floating point increment, computed in 80-bit long double as Redis does on x86-64 and stored
 * as text ("%.17Lf" without trailing zeros), so the result is never int-encoded.
 * Format: INCRBYFLOAT key increment
 */
function incrbyfloatCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const obj = ctx.db.lookupWrite(key);
  const str = obj === undefined ? undefined : asString(obj);
  // The stored value is checked before the increment, as in Redis.
  const current = str === undefined ? longDoubleFromNumber(0) : stringAsLongDouble(str);
  if (current === null) throw notFloatError();
  const increment = parseLongDouble(argv[2] as Buffer);
  if (increment === null) throw notFloatError();
  const sum = addLongDoubles(current, increment);
  if (!isFiniteLongDouble(sum)) throw nanOrInfinityError();
  const text = formatLongDouble(sum);
  // dbOverwrite keeps the TTL; a new key is added.
  if (str === undefined) ctx.db.add(key, createRawOrEmbstr(text));
  else ctx.db.overwrite(key, createRawOrEmbstr(text));
  // Logged as the result, SET key value KEEPTTL: float rounding may differ where it is replayed.
  if (ctx.server.propagation !== undefined) ctx.propagateAs([SET_ARG, argv[1] as Buffer, Buffer.from(text, 'latin1'), KEEPTTL_ARG]);
  ctx.notify(NOTIFY_STRING, 'incrbyfloat', key);
  return text;
}

// --- LCS ---

/**
 * The longest common subsequence of two string values (missing keys are empty strings), its
 * length (LEN), or the matching ranges (IDX, a map in RESP3).
 * Format: LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
 */
function lcsCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const objA = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  const objB = ctx.db.lookupRead(keyOf(argv[2] as Buffer));
  // Checked before the options: this error wins over a syntax error.
  if ((objA !== undefined && objA.type !== 'string') || (objB !== undefined && objB.type !== 'string')) {
    throw lcsNotStringError();
  }
  let getIdx = false;
  let getLen = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = optionWord(argv[j] as Buffer);
    const moreArgs = argv.length - 1 - j;
    if (opt === 'IDX') {
      getIdx = true;
    } else if (opt === 'LEN') {
      getLen = true;
    } else if (opt === 'WITHMATCHLEN') {
      withMatchLen = true;
    } else if (opt === 'MINMATCHLEN' && moreArgs > 0) {
      const n = int64Arg(argv[j + 1] as Buffer);
      minMatchLen = n < 0 ? 0 : Number(n);
      j++;
    } else {
      throw syntaxError();
    }
  }
  if (getIdx && getLen) throw lcsLenAndIdxError();
  const a = objA === undefined ? '' : stringValue(objA);
  const b = objB === undefined ? '' : stringValue(objB);
  // SIMPLIFIED: Redis refuses strings of 2^32-1 bytes or more ("String too long for LCS"); V8 strings
  // never get that long.
  const result = longestCommonSubsequence(a, b, { walk: getIdx || !getLen, minMatchLen });
  if (getLen) return result.length;
  if (!getIdx) return result.text;
  const matches: Reply[] = result.matches.map((m) =>
    withMatchLen
      ? [[m.aStart, m.aEnd], [m.bStart, m.bEnd], m.length]
      : [[m.aStart, m.aEnd], [m.bStart, m.bEnd]],
  );
  return map(['matches', matches, 'len', result.length]);
}

// --- Specs (src/commands/<name>.json) ---

const ONE_KEY = { first: 1, last: 1, step: 1 } as const;

export const stringCommands: readonly CommandSpec[] = [
  {
    name: 'get', group: 'string', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, acl: ['read', 'string', 'fast'],
    summary: 'Get the value of a key', since: '1.0.0', complexity: 'O(1)', handler: getCommand,
  } satisfies CommandSpec,
  {
    name: 'set', group: 'string', arity: -3, flags: ['write', 'denyoom'], keys: ONE_KEY, acl: ['write', 'string', 'slow'],
    summary: 'Set the string value of a key', since: '1.0.0', complexity: 'O(1)', handler: setCommand,
  } satisfies CommandSpec,
  {
    name: 'setnx', group: 'string', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'string', 'fast'], summary: 'Set the value of a key, only if the key does not exist',
    since: '1.0.0', complexity: 'O(1)', handler: setnxCommand,
  } satisfies CommandSpec,
  {
    name: 'setex', group: 'string', arity: 4, flags: ['write', 'denyoom'], keys: ONE_KEY, acl: ['write', 'string', 'slow'],
    summary: 'Set the value and expiration of a key', since: '2.0.0', complexity: 'O(1)', handler: setexCommand,
  } satisfies CommandSpec,
  {
    name: 'psetex', group: 'string', arity: 4, flags: ['write', 'denyoom'], keys: ONE_KEY, acl: ['write', 'string', 'slow'],
    summary: 'Set the value and expiration in milliseconds of a key', since: '2.6.0', complexity: 'O(1)',
    handler: psetexCommand,
  } satisfies CommandSpec,
  {
    name: 'getset', group: 'string', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'string', 'fast'], summary: 'Set the string value of a key and return its old value',
    since: '1.0.0', complexity: 'O(1)', handler: getsetCommand,
  } satisfies CommandSpec,
  {
    name: 'getdel', group: 'string', arity: 2, flags: ['write', 'fast'], keys: ONE_KEY, acl: ['write', 'string', 'fast'],
    summary: 'Get the value of a key and delete the key', since: '6.2.0', complexity: 'O(1)', handler: getdelCommand,
  } satisfies CommandSpec,
  {
    name: 'getex', group: 'string', arity: -2, flags: ['write', 'fast'], keys: ONE_KEY, acl: ['write', 'string', 'fast'],
    summary: 'Get the value of a key and optionally set its expiration', since: '6.2.0', complexity: 'O(1)',
    handler: getexCommand,
  } satisfies CommandSpec,
  {
    name: 'mset', group: 'string', arity: -3, flags: ['write', 'denyoom'], keys: { first: 1, last: -1, step: 2 },
    acl: ['write', 'string', 'slow'], summary: 'Set multiple keys to multiple values', since: '1.0.1',
    complexity: 'O(N) where N is the number of keys to set.', handler: msetCommand,
  } satisfies CommandSpec,
  {
    name: 'msetnx', group: 'string', arity: -3, flags: ['write', 'denyoom'], keys: { first: 1, last: -1, step: 2 },
    acl: ['write', 'string', 'slow'], summary: 'Set multiple keys to multiple values, only if none of the keys exist',
    since: '1.0.1', complexity: 'O(N) where N is the number of keys to set.', handler: msetnxCommand,
  } satisfies CommandSpec,
  {
    name: 'mget', group: 'string', arity: -2, flags: ['readonly', 'fast'], keys: { first: 1, last: -1, step: 1 },
    acl: ['read', 'string', 'fast'], summary: 'Get the values of all the given keys', since: '1.0.0',
    complexity: 'O(N) where N is the number of keys to retrieve.', handler: mgetCommand,
  } satisfies CommandSpec,
  {
    name: 'append', group: 'string', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'string', 'fast'], summary: 'Append a value to a key', since: '2.0.0',
    complexity: 'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.',
    handler: appendCommand,
  } satisfies CommandSpec,
  {
    name: 'strlen', group: 'string', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, acl: ['read', 'string', 'fast'],
    summary: 'Get the length of the value stored in a key', since: '2.2.0', complexity: 'O(1)', handler: strlenCommand,
  } satisfies CommandSpec,
  {
    name: 'getrange', group: 'string', arity: 4, flags: ['readonly'], keys: ONE_KEY, acl: ['read', 'string', 'slow'],
    summary: 'Get a substring of the string stored at a key', since: '2.4.0', complexity: GETRANGE_COMPLEXITY,
    handler: getrangeCommand,
  } satisfies CommandSpec,
  {
    name: 'substr', group: 'string', arity: 4, flags: ['readonly'], keys: ONE_KEY, acl: ['read', 'string', 'slow'],
    summary: 'Get a substring of the string stored at a key', since: '1.0.0', complexity: GETRANGE_COMPLEXITY,
    handler: getrangeCommand,
  } satisfies CommandSpec,
  {
    name: 'setrange', group: 'string', arity: 4, flags: ['write', 'denyoom'], keys: ONE_KEY, acl: ['write', 'string', 'slow'],
    summary: 'Overwrite part of a string at key starting at the specified offset', since: '2.2.0',
    complexity: 'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.',
    handler: setrangeCommand,
  } satisfies CommandSpec,
  {
    name: 'incr', group: 'string', arity: 2, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'string', 'fast'], summary: 'Increment the integer value of a key by one', since: '1.0.0',
    complexity: 'O(1)', handler: incrCommand,
  } satisfies CommandSpec,
  {
    name: 'decr', group: 'string', arity: 2, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'string', 'fast'], summary: 'Decrement the integer value of a key by one', since: '1.0.0',
    complexity: 'O(1)', handler: decrCommand,
  } satisfies CommandSpec,
  {
    name: 'incrby', group: 'string', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'string', 'fast'], summary: 'Increment the integer value of a key by the given amount',
    since: '1.0.0', complexity: 'O(1)', handler: incrbyCommand,
  } satisfies CommandSpec,
  {
    name: 'decrby', group: 'string', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'string', 'fast'], summary: 'Decrement the integer value of a key by the given number',
    since: '1.0.0', complexity: 'O(1)', handler: decrbyCommand,
  } satisfies CommandSpec,
  {
    name: 'incrbyfloat', group: 'string', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'string', 'fast'], summary: 'Increment the float value of a key by the given amount',
    since: '2.6.0', complexity: 'O(1)', handler: incrbyfloatCommand,
  } satisfies CommandSpec,
  {
    name: 'lcs', group: 'string', arity: -3, flags: ['readonly'], keys: { first: 1, last: 2, step: 1 },
    acl: ['read', 'string', 'slow'], summary: 'Find longest common substring', since: '7.0.0',
    complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively', handler: lcsCommand,
  } satisfies CommandSpec,
];
