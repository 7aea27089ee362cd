// List commands: push and pop at both ends, access by index and by value, moving elements between
// lists, and the blocking pops that wait for a push (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP).
// Mirrors: redis src/t_list.c (pushGenericCommand, pushxGenericCommand, popGenericCommand,
// lrangeCommand, ltrimCommand, lposCommand, lremCommand, lmoveGenericCommand, mpopGenericCommand,
// lmpopGenericCommand, blockingPopGenericCommand, blmoveGenericCommand), src/timeout.c
// (getTimeoutFromObjectOrReply) and src/commands/*.json.
//
// Every handler follows Redis's order of checks exactly, because clients can see it: most parse
// their numeric and option arguments before looking the key up (LRANGE x on a missing key is an
// error, not an empty array), but LINDEX and LSET look the key up first. A list never exists
// empty: the command that removes its last element deletes the key.
//
// Blocking. A blocking pop that finds every key empty calls ctx.block(keys, timeout, NULL_ARRAY)
// and replies nothing yet; the server re-runs the same command once one of its keys is written
// (src/server/blocking.ts), telling it which key (ctx.wokenKey). Redis 7.0 serves a woken client
// from the key that became ready and never looks at its other keys, so the re-run considers that
// key alone: when one EXEC fills several keys a client waits on, it gets the key written first
// (BLPOP a b, then MULTI / RPUSH b x / RPUSH a y / EXEC replies b), and a key that meanwhile became
// another type leaves the client waiting instead of answering WRONGTYPE. The one WRONGTYPE a woken
// client does get, as in 7.0, is a BLMOVE whose destination is not a list when its source receives
// an element.

import {
  countNotPositiveError, lposCountNegativeError, lposMaxlenNegativeError, lposRankZeroError, noSuchKeyError,
  notPositiveError, numkeysNotPositiveError, outOfRangeError, syntaxError, timeoutNegativeError,
  timeoutNotFloatError, wrongArityError, wrongTypeError, type ReplyError,
} from '../errors.js';
import {
  createList, listIndex, listInsert, listLength, listPop, listPopMany, listPositions, listPush, listRange, listRemove,
  listSet, listTrim, type ListObject, type ListWhere,
} from '../datatypes/list/list-type.js';
import type { RedisObject } from '../datatypes/object.js';
import { NOTIFY_GENERIC, NOTIFY_LIST } from '../config/keyspace-events.js';
import { NULL_ARRAY, OK, type Reply } from '../protocol/reply.js';
import { parseLongDouble, parseLongLong, type LongDouble } from '../util/numbers.js';
import { int64Arg, intArg, keyOf, optionWord } from './args.js';
import type { CommandContext } from './context.js';
import type { CommandSpec, KeySpec, KeySpecFlag } from './types.js';

// --- Helpers ---

/** The value as a list, or WRONGTYPE (Redis checkType). */
function asList(obj: RedisObject): ListObject {
  if (obj.type !== 'list') throw wrongTypeError();
  return obj;
}

/** list-max-listpack-size: the node size of lists created now (Redis reads it at creation). */
function listFill(ctx: CommandContext): number {
  return ctx.server.config.get('list-max-listpack-size');
}

/** LEFT or RIGHT (getListPositionFromObjectOrReply), else a syntax error. */
function whereArg(arg: Buffer): ListWhere {
  const word = optionWord(arg);
  if (word === 'LEFT') return 'head';
  if (word === 'RIGHT') return 'tail';
  throw syntaxError();
}

/** getPositiveLongFromObjectOrReply: an integer >= 0, else `error` (the same for non-numbers). */
function nonNegativeArg(arg: Buffer, error: () => ReplyError): number {
  const n = parseLongLong(arg);
  if (n === null || n < 0) throw error();
  return Number(n);
}

/** getRangeLongFromObjectOrReply(1, LONG_MAX): an integer >= 1, else `error`. */
function positiveArg(arg: Buffer, error: () => ReplyError): number {
  const n = parseLongLong(arg);
  if (n === null || n < 1) throw error();
  return Number(n);
}

/** The keyspace event a push or a pop at this end reports ("lpush", "rpop" ...). */
const pushEvent = (where: ListWhere): string => (where === 'head' ? 'lpush' : 'rpush');
const popEvent = (where: ListWhere): string => (where === 'head' ? 'lpop' : 'rpop');

/**
 * After elements were removed (and the command's own event was sent): delete the key with a "del"
 * event if the list is now empty, else signal the change.
 */
function afterRemoval(ctx: CommandContext, key: string, list: ListObject): void {
  if (listLength(list) === 0) {
    ctx.db.delete(key);
    ctx.notify(NOTIFY_GENERIC, 'del', key);
  } else {
    ctx.db.touchWrite(key);
  }
}

/** Push onto `dst` (looked up by the caller, a list or missing), creating the list if needed (lmoveHandlePush). */
function pushTo(ctx: CommandContext, key: string, dst: ListObject | undefined, value: string, where: ListWhere): void {
  if (dst === undefined) {
    const list = createList(listFill(ctx));
    listPush(list, value, where);
    ctx.db.add(key, list);
  } else {
    listPush(dst, value, where);
    ctx.db.touchWrite(key);
  }
  ctx.notify(NOTIFY_LIST, pushEvent(where), key);
}

/** Pop from a list known to be non-empty: the pop event, then "del" if it emptied. */
function popFrom(ctx: CommandContext, key: string, list: ListObject, where: ListWhere, count: number): string[] {
  const values = listPopMany(list, where, count);
  ctx.notify(NOTIFY_LIST, popEvent(where), key);
  afterRemoval(ctx, key, list);
  return values;
}

// --- Blocking helpers ---

/** Wait for a push to one of `keys`; on timeout the client gets a null array (RESP2 `*-1`, RESP3 `_`). */
function blockOn(ctx: CommandContext, keys: readonly string[], timeoutMs: number): Reply {
  return ctx.block(keys, timeoutMs, NULL_ARRAY);
}

/**
 * May a blocking command serve from `key` now? On a first run every key may; on a re-run only the
 * key whose write woke it, and only if it holds a list (see the header).
 */
function mayServe(ctx: CommandContext, key: string, obj: RedisObject): boolean {
  const woken = ctx.wokenKey;
  return woken === undefined || (key === woken && obj.type === 'list');
}

/** The largest magnitude getTimeoutFromObjectOrReply's (long long) cast survives: 2^63. */
const LLONG_LIMIT = 1n << 63n;
/** x87 long double precision, the type Redis multiplies the seconds in. */
const LONG_DOUBLE_BITS = 64;

/**
 * A blocking command's timeout in ms, 0 meaning forever (getTimeoutFromObjectOrReply with
 * UNIT_SECONDS). Redis parses the seconds as a long double (so "0x10" and "1e3" work, " 1" does
 * not), multiplies by 1000 in long double precision and rounds up, so 0.0001 waits 1 ms and
 * -0.0001 rounds up to 0: forever. A product that does not fit a long long (1e16, "inf") becomes
 * LLONG_MIN in the C cast, hence the surprising "ERR timeout is negative" for huge values.
 */
export function timeoutArg(arg: Buffer): number {
  const seconds = parseLongDouble(arg);
  if (seconds === null) throw timeoutNotFloatError();
  if (seconds.kind !== 'finite') throw timeoutNegativeError();
  const ms = ceilMillis(seconds);
  if (ms < 0n || ms >= LLONG_LIMIT) throw timeoutNegativeError();
  return Number(ms);
}

/** ceill(seconds * 1000.0L): the exact product rounded to 64 significant bits, then up to an integer. */
function ceilMillis(seconds: LongDouble & { kind: 'finite' }): bigint {
  let mantissa = seconds.mantissa * 1000n;
  let exponent = seconds.exponent;
  const bits = mantissa.toString(2).length;
  if (bits > LONG_DOUBLE_BITS) {
    const shift = BigInt(bits - LONG_DOUBLE_BITS);
    let kept = mantissa >> shift;
    const dropped = mantissa - (kept << shift);
    const half = 1n << (shift - 1n);
    if (dropped > half || (dropped === half && (kept & 1n) === 1n)) kept += 1n;
    mantissa = kept;
    exponent += Number(shift);
  }
  if (exponent >= 0) {
    const whole = mantissa << BigInt(exponent);
    return seconds.negative ? -whole : whole;
  }
  const shift = BigInt(-exponent);
  const floor = mantissa >> shift;
  const fractional = mantissa !== floor << shift;
  // Rounding up: a positive fraction goes to the next integer; a negative one towards zero.
  return seconds.negative ? -floor : floor + (fractional ? 1n : 0n);
}

// --- Commands: pushing ---

/** pushGenericCommand / pushxGenericCommand. */
function pushGeneric(ctx: CommandContext, argv: readonly Buffer[], where: ListWhere, onlyIfExists: boolean): Reply {
  const key = keyOf(argv[1] as Buffer);
  const found = ctx.db.lookupWrite(key);
  let list: ListObject;
  if (found === undefined) {
    if (onlyIfExists) return 0;
    list = createList(listFill(ctx));
    ctx.db.add(key, list);
  } else {
    list = asList(found);
    ctx.db.touchWrite(key);
  }
  for (let j = 2; j < argv.length; j++) {
    const value = argv[j] as Buffer;
    listPush(list, value.latin1Slice(0, value.length), where);
  }
  ctx.notify(NOTIFY_LIST, pushEvent(where), key);
  return listLength(list);
}

/**
 * Prepend elements (each in turn, so the last one given ends up first); creates the list.
 * Format: LPUSH key element [element ...]
 */
function lpushCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return pushGeneric(ctx, argv, 'head', false);
}

/**
 * Append elements; creates the list.
 * Format: RPUSH key element [element ...]
 */
function rpushCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return pushGeneric(ctx, argv, 'tail', false);
}

/**
 * Prepend elements only if the list exists; 0 otherwise.
 * Format: LPUSHX key element [element ...]
 */
function lpushxCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return pushGeneric(ctx, argv, 'head', true);
}

/**
 * Append elements only if the list exists; 0 otherwise.
 * Format: RPUSHX key element [element ...]
 */
function rpushxCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return pushGeneric(ctx, argv, 'tail', true);
}

/**
 * Insert an element before or after the first occurrence of a pivot: the new length, -1 when the
 * pivot is not found, 0 when the key does not exist.
 * Format: LINSERT key BEFORE|AFTER pivot element
 */
function linsertCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const word = optionWord(argv[2] as Buffer);
  if (word !== 'BEFORE' && word !== 'AFTER') throw syntaxError();
  const key = keyOf(argv[1] as Buffer);
  const found = ctx.db.lookupWrite(key);
  if (found === undefined) return 0;
  const list = asList(found);
  if (!listInsert(list, keyOf(argv[3] as Buffer), keyOf(argv[4] as Buffer), word === 'AFTER')) return -1;
  ctx.db.touchWrite(key);
  ctx.notify(NOTIFY_LIST, 'linsert', key);
  return listLength(list);
}

// --- Commands: popping ---

/**
 * popGenericCommand: one element (nil when missing), or with a count an array of up to count
 * elements (a null array when missing, an empty array for a count of 0).
 */
function popGeneric(ctx: CommandContext, argv: readonly Buffer[], where: ListWhere, name: string): Reply {
  if (argv.length > 3) throw wrongArityError(name);
  const count = argv.length === 3 ? nonNegativeArg(argv[2] as Buffer, notPositiveError) : undefined;
  const key = keyOf(argv[1] as Buffer);
  const found = ctx.db.lookupWrite(key);
  if (found === undefined) return count === undefined ? null : NULL_ARRAY;
  const list = asList(found);
  if (count === 0) return [];
  const values = popFrom(ctx, key, list, where, count ?? 1);
  return count === undefined ? (values[0] as string) : values;
}

/**
 * Remove and return the first element, or the first count elements.
 * Format: LPOP key [count]
 */
function lpopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return popGeneric(ctx, argv, 'head', 'lpop');
}

/**
 * Remove and return the last element, or the last count elements.
 * Format: RPOP key [count]
 */
function rpopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return popGeneric(ctx, argv, 'tail', 'rpop');
}

/**
 * lmoveGenericCommand: pop from `srcKey` and push onto `dstKey` (which may be the same list: a
 * rotation). Nil when the source is missing. A destination of another type is WRONGTYPE, returned
 * rather than thrown so that a woken BLMOVE delivers it (see the header).
 */
function lmoveGeneric(ctx: CommandContext, srcKey: string, dstKey: string, from: ListWhere, to: ListWhere): Reply {
  const srcObj = ctx.db.lookupWrite(srcKey);
  if (srcObj === undefined) return null;
  const src = asList(srcObj);
  const dstObj = ctx.db.lookupWrite(dstKey);
  if (dstObj !== undefined && dstObj.type !== 'list') return wrongTypeError();
  // Redis pops, pushes (sending the push event) and only then reports the pop and any "del".
  const value = listPop(src, from) as string;
  pushTo(ctx, dstKey, dstObj, value, to);
  ctx.notify(NOTIFY_LIST, popEvent(from), srcKey);
  afterRemoval(ctx, srcKey, src);
  return value;
}

/**
 * Pop an element from one end of a list and push it onto an end of another (or the same) list.
 * Format: LMOVE source destination LEFT|RIGHT LEFT|RIGHT
 */
function lmoveCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const from = whereArg(argv[3] as Buffer);
  const to = whereArg(argv[4] as Buffer);
  return lmoveGeneric(ctx, keyOf(argv[1] as Buffer), keyOf(argv[2] as Buffer), from, to);
}

/**
 * Pop the last element and push it at the head of the destination (LMOVE source destination RIGHT LEFT).
 * Format: RPOPLPUSH source destination
 */
function rpoplpushCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return lmoveGeneric(ctx, keyOf(argv[1] as Buffer), keyOf(argv[2] as Buffer), 'tail', 'head');
}

/** LMPOP / BLMPOP arguments after numkeys (lmpopGenericCommand). */
interface MpopArgs {
  readonly keys: string[];
  readonly where: ListWhere;
  readonly count: number;
}

/** Parse `numkeys key [key ...] LEFT|RIGHT [COUNT count]` starting at argv[numkeysIdx]. */
function parseMpop(argv: readonly Buffer[], numkeysIdx: number): MpopArgs {
  const numkeys = positiveArg(argv[numkeysIdx] as Buffer, numkeysNotPositiveError);
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) throw syntaxError();
  const where = whereArg(argv[whereIdx] as Buffer);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const moreArgs = j < argv.length - 1;
    if (count === -1 && moreArgs && optionWord(argv[j] as Buffer) === 'COUNT') {
      count = positiveArg(argv[++j] as Buffer, countNotPositiveError);
    } else {
      throw syntaxError();
    }
  }
  const keys: string[] = [];
  for (let j = numkeysIdx + 1; j < whereIdx; j++) keys.push(keyOf(argv[j] as Buffer));
  return { keys, where, count: count === -1 ? 1 : count };
}

/**
 * mpopGenericCommand: pop up to `count` elements from the first non-empty list: `[key, [elements]]`,
 * or undefined when every key is missing. A woken BLMPOP looks only at the key that woke it.
 */
function mpopGeneric(ctx: CommandContext, args: MpopArgs): Reply[] | undefined {
  for (const key of args.keys) {
    if (ctx.wokenKey !== undefined && key !== ctx.wokenKey) continue;
    const obj = ctx.db.lookupWrite(key);
    if (obj === undefined || !mayServe(ctx, key, obj)) continue;
    const values = popFrom(ctx, key, asList(obj), args.where, args.count);
    // Logged as LPOP/RPOP key count: the key that had elements, with what was taken (t_list.c).
    if (ctx.server.propagation !== undefined) {
      ctx.propagateAs([popName(args.where), Buffer.from(key, 'latin1'), Buffer.from(String(values.length))]);
    }
    return [key, values];
  }
  return undefined;
}

// What the list pops are logged as in the AOF (src/persistence/aof/propagate.ts).
const LPOP_ARG = Buffer.from('LPOP');
const RPOP_ARG = Buffer.from('RPOP');
const LMOVE_ARG = Buffer.from('LMOVE');
const RPOPLPUSH_ARG = Buffer.from('RPOPLPUSH');

function popName(where: ListWhere): Buffer {
  return where === 'head' ? LPOP_ARG : RPOP_ARG;
}

/**
 * Pop up to count elements from the first non-empty list among the keys.
 * Format: LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]
 */
function lmpopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return mpopGeneric(ctx, parseMpop(argv, 1)) ?? NULL_ARRAY;
}

// --- Commands: reading ---

/**
 * The length of a list; 0 when the key does not exist.
 * Format: LLEN key
 */
function llenCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const found = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  return found === undefined ? 0 : listLength(asList(found));
}

/**
 * The elements from start to stop inclusive; negative indexes count from the end.
 * Format: LRANGE key start stop
 */
function lrangeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const start = intArg(argv[2] as Buffer);
  const end = intArg(argv[3] as Buffer);
  const found = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  if (found === undefined) return [];
  return listRange(asList(found), start, end);
}

/**
 * The element at an index (negative from the end); nil when out of range or missing.
 * Format: LINDEX key index
 */
function lindexCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const found = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  if (found === undefined) return null;
  const list = asList(found);
  return listIndex(list, intArg(argv[2] as Buffer)) ?? null;
}

/** C's LONG_MIN, for LPOS's RANK quirk. */
const LONG_MIN = -(2n ** 63n);

/**
 * Indexes of the elements equal to element: the first one, or with COUNT an array. RANK picks the
 * n-th match (negative: from the tail), MAXLEN limits how many elements are compared.
 * Format: LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
 */
function lposCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  let rank = 1;
  let rankIsLongMin = false;
  let count: number | undefined;
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const word = optionWord(argv[j] as Buffer);
    const moreArgs = j < argv.length - 1;
    if (word === 'RANK' && moreArgs) {
      const exact = int64Arg(argv[++j] as Buffer);
      if (exact === 0) throw lposRankZeroError();
      rankIsLongMin = exact === LONG_MIN;
      rank = Number(exact);
    } else if (word === 'COUNT' && moreArgs) {
      count = nonNegativeArg(argv[++j] as Buffer, lposCountNegativeError);
    } else if (word === 'MAXLEN' && moreArgs) {
      maxlen = nonNegativeArg(argv[++j] as Buffer, lposMaxlenNegativeError);
    } else {
      throw syntaxError();
    }
  }
  if (rankIsLongMin) {
    // Redis quirk kept: lposCommand negates a negative rank, and -LONG_MIN overflows back to
    // LONG_MIN, so every match counts as reached and COUNT never ends the scan. That is rank -1
    // with every match: without COUNT the last match, with any COUNT all matches from the tail.
    rank = -1;
    if (count !== undefined) count = 0;
  }
  const found = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  if (found === undefined) return count === undefined ? null : [];
  const positions = listPositions(asList(found), keyOf(argv[2] as Buffer), { rank, count, maxlen });
  return count === undefined ? (positions[0] ?? null) : positions;
}

// --- Commands: editing in place ---

/**
 * Set the element at an index. ERR no such key / ERR index out of range.
 * Format: LSET key index element
 */
function lsetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const found = ctx.db.lookupWrite(key);
  if (found === undefined) throw noSuchKeyError();
  const list = asList(found);
  const index = intArg(argv[2] as Buffer);
  if (!listSet(list, index, keyOf(argv[3] as Buffer))) throw outOfRangeError();
  ctx.db.touchWrite(key);
  ctx.notify(NOTIFY_LIST, 'lset', key);
  return OK;
}

/**
 * Remove elements equal to element: count > 0 the first count from the head, < 0 from the tail,
 * 0 all. Replies how many were removed.
 * Format: LREM key count element
 */
function lremCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const count = intArg(argv[2] as Buffer);
  const key = keyOf(argv[1] as Buffer);
  const found = ctx.db.lookupWrite(key);
  if (found === undefined) return 0;
  const list = asList(found);
  const removed = listRemove(list, keyOf(argv[3] as Buffer), count);
  if (removed > 0) {
    ctx.notify(NOTIFY_LIST, 'lrem', key);
    afterRemoval(ctx, key, list);
  }
  return removed;
}

/**
 * Keep only the elements from start to stop inclusive; an empty range deletes the key.
 * Format: LTRIM key start stop
 */
function ltrimCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const start = intArg(argv[2] as Buffer);
  const end = intArg(argv[3] as Buffer);
  const key = keyOf(argv[1] as Buffer);
  const found = ctx.db.lookupWrite(key);
  if (found === undefined) return OK;
  const list = asList(found);
  listTrim(list, start, end);
  // Redis signals the key and sends "ltrim" even when nothing was trimmed (a WATCH on it fails).
  ctx.notify(NOTIFY_LIST, 'ltrim', key);
  afterRemoval(ctx, key, list);
  return OK;
}

// --- Commands: blocking ---

/** blockingPopGenericCommand: `[key, element]` from the first non-empty list, else wait. */
function blockingPop(ctx: CommandContext, argv: readonly Buffer[], where: ListWhere): Reply {
  const timeoutMs = timeoutArg(argv[argv.length - 1] as Buffer);
  const keys: string[] = [];
  for (let j = 1; j < argv.length - 1; j++) {
    const key = keyOf(argv[j] as Buffer);
    keys.push(key);
    if (ctx.wokenKey !== undefined && key !== ctx.wokenKey) continue;
    const obj = ctx.db.lookupWrite(key);
    if (obj === undefined || !mayServe(ctx, key, obj)) continue;
    const [value] = popFrom(ctx, key, asList(obj), where, 1);
    // Logged as its non-blocking effect: LPOP key / RPOP key.
    if (ctx.server.propagation !== undefined) ctx.propagateAs([popName(where), argv[j] as Buffer]);
    return [key, value as string];
  }
  return blockOn(ctx, keys, timeoutMs);
}

/**
 * Pop the first element of the first non-empty list, or block until one is pushed:
 * `[key, element]`, or a null array after the timeout (seconds, 0 = forever).
 * Format: BLPOP key [key ...] timeout
 */
function blpopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return blockingPop(ctx, argv, 'head');
}

/**
 * Pop the last element of the first non-empty list, or block until one is pushed.
 * Format: BRPOP key [key ...] timeout
 */
function brpopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return blockingPop(ctx, argv, 'tail');
}

/** blmoveGenericCommand: LMOVE if the source has elements, else wait on the source only. */
function blmoveGeneric(
  ctx: CommandContext, argv: readonly Buffer[], from: ListWhere, to: ListWhere, timeoutArgv: Buffer,
): Reply {
  const timeoutMs = timeoutArg(timeoutArgv);
  const srcKey = keyOf(argv[1] as Buffer);
  const src = ctx.db.lookupWrite(srcKey);
  if (src === undefined || !mayServe(ctx, srcKey, src)) {
    // Inside MULTI or a script it answers as LMOVE would: a null bulk, not the timeout's null array.
    if (!ctx.mayBlock) return null;
    return blockOn(ctx, [srcKey], timeoutMs);
  }
  asList(src);
  const reply = lmoveGeneric(ctx, srcKey, keyOf(argv[2] as Buffer), from, to);
  // Logged as its non-blocking form: LMOVE (from BLMOVE) or RPOPLPUSH (from BRPOPLPUSH).
  if (ctx.server.propagation !== undefined && typeof reply === 'string') {
    ctx.propagateAs(
      argv.length === 6
        ? [LMOVE_ARG, argv[1] as Buffer, argv[2] as Buffer, argv[3] as Buffer, argv[4] as Buffer]
        : [RPOPLPUSH_ARG, argv[1] as Buffer, argv[2] as Buffer],
    );
  }
  return reply;
}

/**
 * LMOVE, or block until the source gets an element; a null array after the timeout.
 * Format: BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout
 */
function blmoveCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const from = whereArg(argv[3] as Buffer);
  const to = whereArg(argv[4] as Buffer);
  return blmoveGeneric(ctx, argv, from, to, argv[5] as Buffer);
}

/**
 * RPOPLPUSH, or block until the source gets an element.
 * Format: BRPOPLPUSH source destination timeout
 */
function brpoplpushCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return blmoveGeneric(ctx, argv, 'tail', 'head', argv[3] as Buffer);
}

/**
 * LMPOP, or block until one of the lists gets an element; a null array after the timeout.
 * Format: BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]
 */
function blmpopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const args = parseMpop(argv, 2);
  const timeoutMs = timeoutArg(argv[1] as Buffer);
  const reply = mpopGeneric(ctx, args);
  return reply ?? blockOn(ctx, args.keys, timeoutMs);
}

// --- Specs ---

/** A key spec at a fixed index covering one key (or up to `lastkey` from the end when negative). */
function indexKeySpec(index: number, flags: readonly KeySpecFlag[], lastkey = 0): KeySpec {
  return { flags, beginSearch: { type: 'index', index }, findKeys: { type: 'range', lastkey, keystep: 1, limit: 0 } };
}

/** LMPOP / BLMPOP's keys: numkeys at argv[numkeysIdx], then that many keys (keynum key spec). */
function mpopKeySpec(numkeysIdx: number): KeySpec {
  return {
    flags: ['RW', 'access', 'delete'],
    beginSearch: { type: 'index', index: numkeysIdx },
    findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, keystep: 1 },
  };
}

/**
 * The key positions of LMPOP / BLMPOP (Redis's lmpopGetKeys / blmpopGetKeys via genericGetKeys):
 * numkeys is read with atoi, and must be at least 1 and fit in the remaining arguments.
 */
function mpopGetKeys(numkeysIdx: number): (argv: readonly Buffer[]) => number[] {
  return (argv) => {
    const text = (argv[numkeysIdx] ?? Buffer.alloc(0)).toString('latin1');
    const numkeys = Number.parseInt(text.trimStart(), 10) || 0; // atoi: leading digits, else 0
    const first = numkeysIdx + 1;
    if (numkeys < 1 || numkeys > argv.length - first) return [];
    return Array.from({ length: numkeys }, (_, i) => first + i);
  };
}

const ONE_KEY = { first: 1, last: 1, step: 1 } as const;
const TWO_KEYS = { first: 1, last: 2, step: 1 } as const;
const RW_ACCESS_DELETE: readonly KeySpecFlag[] = ['RW', 'access', 'delete'];
const RW_INSERT: readonly KeySpecFlag[] = ['RW', 'insert'];
const MOVE_KEY_SPECS: readonly KeySpec[] = [indexKeySpec(1, RW_ACCESS_DELETE), indexKeySpec(2, RW_INSERT)];
const BLOCKING_POP_KEY_SPECS: readonly KeySpec[] = [indexKeySpec(1, RW_ACCESS_DELETE, -2)];
const TIMEOUT_AS_DOUBLE: readonly (readonly [string, string])[] = [
  ['6.0.0', '`timeout` is interpreted as a double instead of an integer.'],
];
const PUSH_COMPLEXITY =
  'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.';
const MPOP_COMPLEXITY = 'O(N+M) where N is the number of provided keys and M is the number of elements returned.';
const MOVE_SUMMARY = 'Pop an element from a list, push it to another list and return it; or block until one is available';

export const listCommands: readonly CommandSpec[] = [
  {
    name: 'lpush', group: 'list', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'list', 'fast'], summary: 'Prepend one or multiple elements to a list', since: '1.0.0',
    complexity: PUSH_COMPLEXITY, keySpecs: [indexKeySpec(1, RW_INSERT)],
    history: [['2.4.0', 'Accepts multiple `element` arguments.']], handler: lpushCommand,
  } satisfies CommandSpec,
  {
    name: 'rpush', group: 'list', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'list', 'fast'], summary: 'Append one or multiple elements to a list', since: '1.0.0',
    complexity: PUSH_COMPLEXITY, keySpecs: [indexKeySpec(1, RW_INSERT)],
    history: [['2.4.0', 'Accepts multiple `element` arguments.']], handler: rpushCommand,
  } satisfies CommandSpec,
  {
    name: 'lpushx', group: 'list', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'list', 'fast'], summary: 'Prepend an element to a list, only if the list exists', since: '2.2.0',
    complexity: PUSH_COMPLEXITY, keySpecs: [indexKeySpec(1, RW_INSERT)],
    history: [['4.0.0', 'Accepts multiple `element` arguments.']], handler: lpushxCommand,
  } satisfies CommandSpec,
  {
    name: 'rpushx', group: 'list', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'list', 'fast'], summary: 'Append an element to a list, only if the list exists', since: '2.2.0',
    complexity: PUSH_COMPLEXITY, keySpecs: [indexKeySpec(1, RW_INSERT)],
    history: [['4.0.0', 'Accepts multiple `element` arguments.']], handler: rpushxCommand,
  } satisfies CommandSpec,
  {
    name: 'linsert', group: 'list', arity: 5, flags: ['write', 'denyoom'], keys: ONE_KEY,
    acl: ['write', 'list', 'slow'], summary: 'Insert an element before or after another element in a list',
    since: '2.2.0',
    complexity: 'O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).',
    keySpecs: [indexKeySpec(1, RW_INSERT)], handler: linsertCommand,
  } satisfies CommandSpec,
  {
    name: 'lpop', group: 'list', arity: -2, flags: ['write', 'fast'], keys: ONE_KEY, acl: ['write', 'list', 'fast'],
    summary: 'Remove and get the first elements in a list', since: '1.0.0',
    complexity: 'O(N) where N is the number of elements returned', keySpecs: [indexKeySpec(1, RW_ACCESS_DELETE)],
    history: [['6.2.0', 'Added the `count` argument.']], handler: lpopCommand,
  } satisfies CommandSpec,
  {
    name: 'rpop', group: 'list', arity: -2, flags: ['write', 'fast'], keys: ONE_KEY, acl: ['write', 'list', 'fast'],
    summary: 'Remove and get the last elements in a list', since: '1.0.0',
    complexity: 'O(N) where N is the number of elements returned', keySpecs: [indexKeySpec(1, RW_ACCESS_DELETE)],
    history: [['6.2.0', 'Added the `count` argument.']], handler: rpopCommand,
  } satisfies CommandSpec,
  {
    name: 'lmove', group: 'list', arity: 5, flags: ['write', 'denyoom'], keys: TWO_KEYS,
    acl: ['write', 'list', 'slow'], summary: 'Pop an element from a list, push it to another list and return it',
    since: '6.2.0', complexity: 'O(1)', keySpecs: MOVE_KEY_SPECS, handler: lmoveCommand,
  } satisfies CommandSpec,
  {
    name: 'rpoplpush', group: 'list', arity: 3, flags: ['write', 'denyoom'], keys: TWO_KEYS,
    acl: ['write', 'list', 'slow'],
    summary: 'Remove the last element in a list, prepend it to another list and return it', since: '1.2.0',
    complexity: 'O(1)', keySpecs: MOVE_KEY_SPECS, docFlags: ['deprecated'], deprecatedSince: '6.2.0',
    replacedBy: '`LMOVE` with the `RIGHT` and `LEFT` arguments', handler: rpoplpushCommand,
  } satisfies CommandSpec,
  {
    name: 'lmpop', group: 'list', arity: -4, flags: ['write'], acl: ['write', 'list', 'slow'],
    summary: 'Pop elements from a list', since: '7.0.0', complexity: MPOP_COMPLEXITY,
    keySpecs: [mpopKeySpec(1)], getKeys: mpopGetKeys(1), handler: lmpopCommand,
  } satisfies CommandSpec,
  {
    name: 'llen', group: 'list', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, acl: ['read', 'list', 'fast'],
    summary: 'Get the length of a list', since: '1.0.0', complexity: 'O(1)', keySpecs: [indexKeySpec(1, ['RO'])],
    handler: llenCommand,
  } satisfies CommandSpec,
  {
    name: 'lrange', group: 'list', arity: 4, flags: ['readonly'], keys: ONE_KEY, acl: ['read', 'list', 'slow'],
    summary: 'Get a range of elements from a list', since: '1.0.0',
    complexity: 'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.',
    keySpecs: [indexKeySpec(1, ['RO', 'access'])], handler: lrangeCommand,
  } satisfies CommandSpec,
  {
    name: 'lindex', group: 'list', arity: 3, flags: ['readonly'], keys: ONE_KEY, acl: ['read', 'list', 'slow'],
    summary: 'Get an element from a list by its index', since: '1.0.0',
    complexity: 'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).',
    keySpecs: [indexKeySpec(1, ['RO', 'access'])], handler: lindexCommand,
  } satisfies CommandSpec,
  {
    name: 'lpos', group: 'list', arity: -3, flags: ['readonly'], keys: ONE_KEY, acl: ['read', 'list', 'slow'],
    summary: 'Return the index of matching elements on a list', since: '6.0.6',
    complexity: 'O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.',
    keySpecs: [indexKeySpec(1, ['RO', 'access'])], handler: lposCommand,
  } satisfies CommandSpec,
  {
    name: 'lset', group: 'list', arity: 4, flags: ['write', 'denyoom'], keys: ONE_KEY, acl: ['write', 'list', 'slow'],
    summary: 'Set the value of an element in a list by its index', since: '1.0.0',
    complexity: 'O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).',
    keySpecs: [indexKeySpec(1, ['RW', 'update'])], handler: lsetCommand,
  } satisfies CommandSpec,
  {
    name: 'lrem', group: 'list', arity: 4, flags: ['write'], keys: ONE_KEY, acl: ['write', 'list', 'slow'],
    summary: 'Remove elements from a list', since: '1.0.0',
    complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.',
    keySpecs: [indexKeySpec(1, ['RW', 'delete'])], handler: lremCommand,
  } satisfies CommandSpec,
  {
    name: 'ltrim', group: 'list', arity: 4, flags: ['write'], keys: ONE_KEY, acl: ['write', 'list', 'slow'],
    summary: 'Trim a list to the specified range', since: '1.0.0',
    complexity: 'O(N) where N is the number of elements to be removed by the operation.',
    keySpecs: [indexKeySpec(1, ['RW', 'delete'])], handler: ltrimCommand,
  } satisfies CommandSpec,
  {
    name: 'blpop', group: 'list', arity: -3, flags: ['write', 'noscript', 'blocking'], keys: { first: 1, last: -2, step: 1 },
    acl: ['write', 'list', 'slow', 'blocking'],
    summary: 'Remove and get the first element in a list, or block until one is available', since: '2.0.0',
    complexity: 'O(N) where N is the number of provided keys.', keySpecs: BLOCKING_POP_KEY_SPECS,
    history: TIMEOUT_AS_DOUBLE, handler: blpopCommand,
  } satisfies CommandSpec,
  {
    name: 'brpop', group: 'list', arity: -3, flags: ['write', 'noscript', 'blocking'], keys: { first: 1, last: -2, step: 1 },
    acl: ['write', 'list', 'slow', 'blocking'],
    summary: 'Remove and get the last element in a list, or block until one is available', since: '2.0.0',
    complexity: 'O(N) where N is the number of provided keys.', keySpecs: BLOCKING_POP_KEY_SPECS,
    history: TIMEOUT_AS_DOUBLE, handler: brpopCommand,
  } satisfies CommandSpec,
  {
    name: 'blmove', group: 'list', arity: 6, flags: ['write', 'denyoom', 'noscript', 'blocking'], keys: TWO_KEYS,
    acl: ['write', 'list', 'slow', 'blocking'], summary: MOVE_SUMMARY, since: '6.2.0', complexity: 'O(1)',
    keySpecs: MOVE_KEY_SPECS, handler: blmoveCommand,
  } satisfies CommandSpec,
  {
    name: 'brpoplpush', group: 'list', arity: 4, flags: ['write', 'denyoom', 'noscript', 'blocking'], keys: TWO_KEYS,
    acl: ['write', 'list', 'slow', 'blocking'], summary: MOVE_SUMMARY, since: '2.2.0', complexity: 'O(1)',
    keySpecs: MOVE_KEY_SPECS, docFlags: ['deprecated'], deprecatedSince: '6.2.0',
    replacedBy: '`BLMOVE` with the `RIGHT` and `LEFT` arguments', history: TIMEOUT_AS_DOUBLE,
    handler: brpoplpushCommand,
  } satisfies CommandSpec,
  {
    name: 'blmpop', group: 'list', arity: -5, flags: ['write', 'blocking'], acl: ['write', 'list', 'slow', 'blocking'],
    summary: 'Pop elements from a list, or block until one is available', since: '7.0.0', complexity: MPOP_COMPLEXITY,
    keySpecs: [mpopKeySpec(2)], getKeys: mpopGetKeys(2), handler: blmpopCommand,
  } satisfies CommandSpec,
];
