// Sorted set commands: members with scores, read by member, by rank, by score and by lex range;
// pops (blocking too), set operations, random members and ZSCAN.
// Mirrors: redis src/t_zset.c (zaddGenericCommand, zremCommand, zremrangeGenericCommand,
// zunionInterDiffGenericCommand, zrangeGenericCommand and its result handlers, genericZrangebyrankCommand,
// genericZrangebyscoreCommand, genericZrangebylexCommand, zcountCommand, zlexcountCommand, zcardCommand,
// zscoreCommand, zmscoreCommand, zrankGenericCommand, genericZpopCommand, blockingGenericZpopCommand,
// zmpopGenericCommand, zrandmemberWithCountCommand, zsetConvertToListpackIfNeeded) and src/db.c
// (zscanCommand → scanGenericCommand), with specs from src/commands/z*.json and bz*.json.
//
// Every handler follows Redis's order of checks, because clients can see it: options and ranges are
// parsed before the key is looked up (ZRANGEBYSCORE on a missing key with a bad bound is an error),
// the pops look the key up before reading their count, and ZSCAN parses its options only once the
// key is known to exist. A sorted set never exists empty: the command that removes its last member
// deletes the key. Handlers never look at the encoding; src/datatypes/zset/zset-type.ts converts.
//
// Replies: scores go out as doubles (RESP3 `,1.5`, RESP2 the bulk string "%.17g" prints). With
// WITHSCORES, RESP2 gets a flat array [member, score, ...] and RESP3 an array of [member, score]
// pairs; ZPOPMIN/ZPOPMAX nest only when COUNT was given, ZMPOP/BZMPOP always, BZPOPMIN/BZPOPMAX never.
//
// Blocking. BZPOPMIN/BZPOPMAX/BZMPOP with nothing to pop call ctx.block(keys, timeout, NULL_ARRAY);
// the server re-runs the command once a key is written (src/server/blocking.ts), telling it which
// key (ctx.wokenKey). As in Redis 7.0 the re-run serves from that key alone (the key written first
// when one EXEC fills several), and a key that meanwhile became another type leaves it waiting.

import {
  atLeastOneInputKeyError, countNotPositiveError, limitNegativeError, notFloatError, notInLongRangeError,
  notPositiveError, numkeysNotPositiveError, syntaxError, valueOutOfRangeError, weightNotFloatError,
  wrongTypeError, zaddGtLtNxError, zaddIncrPairError, zaddNxXxError, zrangeLimitWithRankError,
  zrangeWithscoresWithLexError, zsetMinMaxNotFloatError, zsetMinMaxNotStringRangeError, zsetNanScoreError,
  type ReplyError,
} from '../errors.js';
import { NOTIFY_GENERIC, NOTIFY_ZSET } from '../config/keyspace-events.js';
import type { RedisObject } from '../datatypes/object.js';
import { zsetRandomEntries } from '../datatypes/zset/random.js';
import { parseLexRange, parseScoreRange, type LexRange, type ScoreRange } from '../datatypes/zset/range.js';
import {
  zsetDiff, zsetInter, zsetInterCard, zsetUnion, type ZSetAggregate, type ZSetOpResult, type ZSetOpSource,
} from '../datatypes/zset/set-ops.js';
import {
  ZADD_IN_GT, ZADD_IN_INCR, ZADD_IN_LT, ZADD_IN_NX, ZADD_IN_XX, createZSet, zsetAdd, zsetConvertToListpackIfNeeded,
  zsetDeleteRange, zsetEmitRange, zsetForEachReverse, zsetFromSkiplist, zsetLength, zsetLexRangePositions, zsetRank,
  zsetRemove, zsetScan, zsetScore, zsetScoreRangePositions, type ZSetEmit, type ZSetLimits, type ZSetObject,
} from '../datatypes/zset/zset-type.js';
import { setIsMember, setMembers, setSize } from '../datatypes/set/set-type.js';
import { NULL_ARRAY, double, type Reply } from '../protocol/reply.js';
import { globMatch } from '../util/glob.js';
import { parseDouble, parseLongLong } from '../util/numbers.js';
import { int64Arg, intArg, keyOf, optionWord } from './args.js';
import type { CommandContext } from './context.js';
import { parseScanCursor, parseScanOptions } from './keyspace.js';
import { timeoutArg } from './list.js';
import type { CommandSpec, KeySpec, KeySpecFlag } from './types.js';

// --- Helpers ---

/** The value as a sorted set, or WRONGTYPE (Redis checkType). */
function asZSet(obj: RedisObject): ZSetObject {
  if (obj.type !== 'zset') throw wrongTypeError();
  return obj;
}

/** A read lookup (counts a hit or miss): the sorted set, or undefined when the key is missing. */
function lookupZSetRead(ctx: CommandContext, key: string): ZSetObject | undefined {
  const obj = ctx.db.lookupRead(key);
  return obj === undefined ? undefined : asZSet(obj);
}

/** A lookup on the way to a write. */
function lookupZSetWrite(ctx: CommandContext, key: string): ZSetObject | undefined {
  const obj = ctx.db.lookupWrite(key);
  return obj === undefined ? undefined : asZSet(obj);
}

/** The listpack thresholds, read at each write as Redis reads server.zset_max_listpack_*. */
function zsetLimits(ctx: CommandContext): ZSetLimits {
  const config = ctx.server.config;
  return {
    maxListpackEntries: config.get('zset-max-listpack-entries'),
    maxListpackValue: config.get('zset-max-listpack-value'),
  };
}

/** A score argument (getDoubleFromObjectOrReply): strtod rules, no NaN, no overflow. */
function scoreArg(arg: Buffer): number {
  const value = parseDouble(arg);
  if (value === null) throw notFloatError();
  return value;
}

/**
 * A long argument whose parse error has a command-specific text (getRangeLongFromObjectOrReply and
 * getPositiveLongFromObjectOrReply with a message): the same text serves for "not a number".
 */
function longArgOr(arg: Buffer, error: () => ReplyError): number {
  const value = parseLongLong(arg);
  if (value === null) throw error();
  return Number(value);
}

/**
 * After removing members: the command's own keyspace event, then delete the emptied key (with a
 * "del" event) or signal the change, in the order Redis sends them.
 */
function afterRemoval(ctx: CommandContext, key: string, zset: ZSetObject, event: string): void {
  ctx.notify(NOTIFY_ZSET, event, key);
  if (zsetLength(zset) === 0) {
    ctx.db.delete(key);
    ctx.notify(NOTIFY_GENERIC, 'del', key);
  } else {
    ctx.db.touchWrite(key);
  }
}

/**
 * A store command's result goes to `dst` (setKey, dropping any TTL) with its event; an empty
 * result deletes `dst` instead, with a "del" event only if there was something to delete.
 */
function storeResult(ctx: CommandContext, dst: string, result: ZSetObject | undefined, event: string): void {
  if (result === undefined || zsetLength(result) === 0) {
    if (ctx.db.delete(dst)) ctx.notify(NOTIFY_GENERIC, 'del', dst);
    return;
  }
  ctx.db.set(dst, result);
  ctx.notify(NOTIFY_ZSET, event, dst);
}

/**
 * Collects elements into the reply Redis sends for a range: members only, or with scores as a
 * flat [member, score, ...] (RESP2) or as [member, score] pairs (RESP3).
 */
function rangeCollector(ctx: CommandContext, withScores: boolean): { readonly items: Reply[]; readonly emit: ZSetEmit } {
  const items: Reply[] = [];
  let emit: ZSetEmit;
  if (!withScores) emit = (member) => void items.push(member);
  else if (ctx.resp === 3) emit = (member, score) => void items.push([member, double(score)]);
  else emit = (member, score) => void items.push(member, double(score));
  return { items, emit };
}

// --- ZADD, ZINCRBY, ZREM ---

/**
 * zaddGenericCommand: options, then score/member pairs. ZINCRBY is ZADD INCR with one pair, and
 * goes through the same option loop (so `ZINCRBY key nx m` is a syntax error, as in Redis).
 */
function zaddGeneric(ctx: CommandContext, argv: readonly Buffer[], initialFlags: number): Reply {
  let flags = initialFlags;
  let ch = false;
  let scoreIdx = 2;
  for (; scoreIdx < argv.length; scoreIdx++) {
    const opt = optionWord(argv[scoreIdx] as Buffer);
    if (opt === 'NX') flags |= ZADD_IN_NX;
    else if (opt === 'XX') flags |= ZADD_IN_XX;
    else if (opt === 'CH') ch = true;
    else if (opt === 'INCR') flags |= ZADD_IN_INCR;
    else if (opt === 'GT') flags |= ZADD_IN_GT;
    else if (opt === 'LT') flags |= ZADD_IN_LT;
    else break;
  }
  const incr = (flags & ZADD_IN_INCR) !== 0;
  const nx = (flags & ZADD_IN_NX) !== 0;
  const xx = (flags & ZADD_IN_XX) !== 0;
  const gt = (flags & ZADD_IN_GT) !== 0;
  const lt = (flags & ZADD_IN_LT) !== 0;
  const args = argv.length - scoreIdx;
  if (args % 2 !== 0 || args === 0) throw syntaxError();
  const elements = args / 2;
  if (nx && xx) throw zaddNxXxError();
  if ((gt && nx) || (lt && nx) || (gt && lt)) throw zaddGtLtNxError();
  if (incr && elements > 1) throw zaddIncrPairError();
  // Every score is parsed before anything is written.
  const scores: number[] = [];
  for (let j = 0; j < elements; j++) scores.push(scoreArg(argv[scoreIdx + j * 2] as Buffer));

  const key = keyOf(argv[1] as Buffer);
  const limits = zsetLimits(ctx);
  let zset = lookupZSetWrite(ctx, key);
  if (zset === undefined) {
    if (xx) return incr ? null : 0; // no key and XX: nothing to do
    // Redis 7.0 sizes the new set by its first member only; later ones convert it if needed.
    zset = createZSet(limits, 1, (argv[scoreIdx + 1] as Buffer).length);
    ctx.db.add(key, zset);
  }
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  for (let j = 0; j < elements; j++) {
    const member = keyOf(argv[scoreIdx + j * 2 + 1] as Buffer);
    const result = zsetAdd(zset, scores[j] as number, member, flags, limits);
    if (result.outcome === 'nan') {
      if (added + updated > 0) zaddSignal(ctx, key, incr);
      throw zsetNanScoreError();
    }
    if (result.outcome === 'added') added++;
    else if (result.outcome === 'updated') updated++;
    if (result.outcome !== 'nop') processed++;
    score = result.score;
  }
  if (added + updated > 0) zaddSignal(ctx, key, incr);
  if (incr) return processed > 0 ? double(score) : null;
  return ch ? added + updated : added;
}

/** ZADD's cleanup: the key changed, with a "zadd" or "zincr" event. */
function zaddSignal(ctx: CommandContext, key: string, incr: boolean): void {
  ctx.db.touchWrite(key);
  ctx.notify(NOTIFY_ZSET, incr ? 'zincr' : 'zadd', key);
}

/**
 * Add members with scores, or update the scores of existing ones.
 * Format: ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]
 */
function zaddCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zaddGeneric(ctx, argv, 0);
}

/**
 * Add `increment` to a member's score (a missing member starts at 0); replies the new score.
 * Format: ZINCRBY key increment member
 */
function zincrbyCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zaddGeneric(ctx, argv, ZADD_IN_INCR);
}

/**
 * Remove members; replies how many were there.
 * Format: ZREM key member [member ...]
 */
function zremCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const zset = lookupZSetWrite(ctx, key);
  if (zset === undefined) return 0;
  let deleted = 0;
  for (let j = 2; j < argv.length; j++) {
    if (zsetRemove(zset, keyOf(argv[j] as Buffer))) deleted++;
    if (zsetLength(zset) === 0) break;
  }
  if (deleted > 0) afterRemoval(ctx, key, zset, 'zrem');
  return deleted;
}

// --- Reading single members ---

/**
 * The number of members.
 * Format: ZCARD key
 */
function zcardCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const zset = lookupZSetRead(ctx, keyOf(argv[1] as Buffer));
  return zset === undefined ? 0 : zsetLength(zset);
}

/**
 * A member's score, or nil.
 * Format: ZSCORE key member
 */
function zscoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const zset = lookupZSetRead(ctx, keyOf(argv[1] as Buffer));
  const score = zset === undefined ? undefined : zsetScore(zset, keyOf(argv[2] as Buffer));
  return score === undefined ? null : double(score);
}

/**
 * The scores of several members (nil for each missing one).
 * Format: ZMSCORE key member [member ...]
 */
function zmscoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const zset = lookupZSetRead(ctx, keyOf(argv[1] as Buffer));
  const out: Reply[] = [];
  for (let j = 2; j < argv.length; j++) {
    const score = zset === undefined ? undefined : zsetScore(zset, keyOf(argv[j] as Buffer));
    out.push(score === undefined ? null : double(score));
  }
  return out;
}

function zrankGeneric(ctx: CommandContext, argv: readonly Buffer[], reverse: boolean): Reply {
  const zset = lookupZSetRead(ctx, keyOf(argv[1] as Buffer));
  if (zset === undefined) return null;
  return zsetRank(zset, keyOf(argv[2] as Buffer), reverse) ?? null;
}

/**
 * A member's 0-based rank by ascending score, or nil.
 * Format: ZRANK key member
 */
function zrankCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrankGeneric(ctx, argv, false);
}

/**
 * A member's 0-based rank by descending score, or nil.
 * Format: ZREVRANK key member
 */
function zrevrankCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrankGeneric(ctx, argv, true);
}

// --- ZRANGE and friends (zrangeGenericCommand) ---

type RangeType = 'auto' | 'rank' | 'score' | 'lex';
type Direction = 'auto' | 'forward' | 'reverse';

/** Which elements a range covers: `count` of them from position `start`, walking down if reverse. */
interface RangePlan {
  readonly start: number;
  readonly count: number;
  readonly reverse: boolean;
  /** How big the result will be, for sizing a ZRANGESTORE destination (0: unknown). */
  readonly sizeHint: number;
}

const EMPTY_PLAN: RangePlan = { start: 0, count: 0, reverse: false, sizeHint: 0 };

/** genericZrangebyrankCommand's index arithmetic. */
function rankPlan(length: number, startArg: number, endArg: number, reverse: boolean): RangePlan {
  let start = startArg < 0 ? length + startArg : startArg;
  let end = endArg < 0 ? length + endArg : endArg;
  if (start < 0) start = 0;
  if (start > end || start >= length) return EMPTY_PLAN;
  if (end >= length) end = length - 1;
  const count = end - start + 1;
  return { start: reverse ? length - 1 - start : start, count, reverse, sizeHint: count };
}

/**
 * A score or lex range's positions [first, end) with LIMIT applied. A negative offset selects
 * nothing and a negative count means "all the rest", as Redis's `while (offset--)` loops do.
 */
function limitPlan(first: number, end: number, reverse: boolean, offset: number, limit: number): RangePlan {
  if (offset < 0) return EMPTY_PLAN;
  const available = end - first - offset;
  if (available <= 0) return EMPTY_PLAN;
  const count = limit < 0 ? available : Math.min(limit, available);
  return { start: reverse ? end - 1 - offset : first + offset, count, reverse, sizeHint: 0 };
}

/**
 * ZRANGESTORE's result: a new sorted set with the range (replacing whatever the destination held),
 * or the destination deleted when the range is empty. Replies the number of elements stored.
 */
function storeRange(ctx: CommandContext, dst: string, source: ZSetObject | undefined, plan: RangePlan): Reply {
  let result: ZSetObject | undefined;
  if (source !== undefined && plan.count > 0) {
    const limits = zsetLimits(ctx);
    const created = createZSet(limits, plan.sizeHint, 0);
    zsetEmitRange(source, plan.start, plan.count, plan.reverse, (member, score) => {
      zsetAdd(created, score, member, ZADD_IN_NX, limits);
    });
    result = created;
  }
  storeResult(ctx, dst, result, 'zrangestore');
  return result === undefined ? 0 : plan.count;
}

/**
 * zrangeGenericCommand: the one parser behind ZRANGE, ZRANGESTORE, ZRANGEBYSCORE, ZREVRANGEBYSCORE,
 * ZRANGEBYLEX, ZREVRANGEBYLEX and ZREVRANGE. The older commands fix the range type and direction,
 * so BYSCORE/BYLEX/REV are syntax errors there. `keyIdx` is the source key's position.
 */
function zrangeGeneric(
  ctx: CommandContext, argv: readonly Buffer[], keyIdx: number, store: boolean, fixedType: RangeType,
  fixedDirection: Direction,
): Reply {
  let rangeType = fixedType;
  let direction = fixedDirection;
  let minIdx = keyIdx + 1;
  let maxIdx = keyIdx + 2;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = keyIdx + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const opt = optionWord(argv[j] as Buffer);
    if (!store && opt === 'WITHSCORES') {
      withScores = true;
    } else if (opt === 'LIMIT' && left >= 2) {
      offset = intArg(argv[j + 1] as Buffer);
      limit = intArg(argv[j + 2] as Buffer);
      j += 2;
    } else if (direction === 'auto' && opt === 'REV') {
      direction = 'reverse';
    } else if (rangeType === 'auto' && opt === 'BYLEX') {
      rangeType = 'lex';
    } else if (rangeType === 'auto' && opt === 'BYSCORE') {
      rangeType = 'score';
    } else {
      throw syntaxError();
    }
  }
  if (direction === 'auto') direction = 'forward';
  if (rangeType === 'auto') rangeType = 'rank';
  // Redis compares with its "no limit" default, so an explicit LIMIT x -1 passes with a rank range.
  if (limit !== -1 && rangeType === 'rank') throw zrangeLimitWithRankError();
  if (withScores && rangeType === 'lex') throw zrangeWithscoresWithLexError();
  const reverse = direction === 'reverse';
  // Score and lex ranges are given as max, min when reversed.
  if (reverse && rangeType !== 'rank') [minIdx, maxIdx] = [maxIdx, minIdx];

  const minArg = argv[minIdx] as Buffer;
  const maxArg = argv[maxIdx] as Buffer;
  let rankRange: [number, number] = [0, 0];
  let scoreRange: ScoreRange | null = null;
  let lexRange: LexRange | null = null;
  if (rangeType === 'rank') {
    rankRange = [intArg(minArg), intArg(maxArg)];
  } else if (rangeType === 'score') {
    scoreRange = parseScoreRange(minArg, maxArg);
    if (scoreRange === null) throw zsetMinMaxNotFloatError();
  } else {
    lexRange = parseLexRange(minArg, maxArg);
    if (lexRange === null) throw zsetMinMaxNotStringRangeError();
  }

  const source = lookupZSetRead(ctx, keyOf(argv[keyIdx] as Buffer));
  let plan = EMPTY_PLAN;
  if (source !== undefined) {
    if (scoreRange !== null) {
      const [first, end] = zsetScoreRangePositions(source, scoreRange);
      plan = limitPlan(first, end, reverse, offset, limit);
    } else if (lexRange !== null) {
      const [first, end] = zsetLexRangePositions(source, lexRange, reverse);
      plan = limitPlan(first, end, reverse, offset, limit);
    } else {
      plan = rankPlan(zsetLength(source), rankRange[0], rankRange[1], reverse);
    }
  }
  if (store) return storeRange(ctx, keyOf(argv[1] as Buffer), source, plan);
  const { items, emit } = rangeCollector(ctx, withScores);
  if (source !== undefined) zsetEmitRange(source, plan.start, plan.count, plan.reverse, emit);
  return items;
}

/**
 * Members in a range of ranks, scores (BYSCORE) or members (BYLEX), optionally reversed and limited.
 * Format: ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
 */
function zrangeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrangeGeneric(ctx, argv, 1, false, 'auto', 'auto');
}

/**
 * Store a ZRANGE result in `dst`; replies its size.
 * Format: ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]
 */
function zrangestoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrangeGeneric(ctx, argv, 2, true, 'auto', 'auto');
}

/**
 * Members with scores in [min, max], lowest first.
 * Format: ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
 */
function zrangebyscoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrangeGeneric(ctx, argv, 1, false, 'score', 'forward');
}

/**
 * Members with scores in [min, max], highest first.
 * Format: ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
 */
function zrevrangebyscoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrangeGeneric(ctx, argv, 1, false, 'score', 'reverse');
}

/**
 * Members between two lex bounds (for a set whose scores are all equal).
 * Format: ZRANGEBYLEX key min max [LIMIT offset count]
 */
function zrangebylexCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrangeGeneric(ctx, argv, 1, false, 'lex', 'forward');
}

/**
 * Members between two lex bounds, in reverse order.
 * Format: ZREVRANGEBYLEX key max min [LIMIT offset count]
 */
function zrevrangebylexCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrangeGeneric(ctx, argv, 1, false, 'lex', 'reverse');
}

/**
 * Members by rank, highest score first.
 * Format: ZREVRANGE key start stop [WITHSCORES]
 */
function zrevrangeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrangeGeneric(ctx, argv, 1, false, 'rank', 'reverse');
}

/**
 * How many members have scores in [min, max].
 * Format: ZCOUNT key min max
 */
function zcountCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const range = parseScoreRange(argv[2] as Buffer, argv[3] as Buffer);
  if (range === null) throw zsetMinMaxNotFloatError();
  const zset = lookupZSetRead(ctx, keyOf(argv[1] as Buffer));
  if (zset === undefined) return 0;
  const [first, end] = zsetScoreRangePositions(zset, range);
  return end - first;
}

/**
 * How many members lie between two lex bounds.
 * Format: ZLEXCOUNT key min max
 */
function zlexcountCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const range = parseLexRange(argv[2] as Buffer, argv[3] as Buffer);
  if (range === null) throw zsetMinMaxNotStringRangeError();
  const zset = lookupZSetRead(ctx, keyOf(argv[1] as Buffer));
  if (zset === undefined) return 0;
  const [first, end] = zsetLexRangePositions(zset, range);
  return end - first;
}

// --- ZREMRANGEBY* (zremrangeGenericCommand) ---

/** Delete the positions [first, end) the range selected; replies how many went. */
function removePositions(
  ctx: CommandContext, key: string, zset: ZSetObject, first: number, end: number, event: string,
): Reply {
  const count = end - first;
  if (count <= 0) return 0;
  zsetDeleteRange(zset, first, count);
  afterRemoval(ctx, key, zset, event);
  return count;
}

/**
 * Remove the members with ranks in [start, stop] (negative counts from the end).
 * Format: ZREMRANGEBYRANK key start stop
 */
function zremrangebyrankCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const start = intArg(argv[2] as Buffer);
  const stop = intArg(argv[3] as Buffer);
  const key = keyOf(argv[1] as Buffer);
  const zset = lookupZSetWrite(ctx, key);
  if (zset === undefined) return 0;
  const plan = rankPlan(zsetLength(zset), start, stop, false);
  return removePositions(ctx, key, zset, plan.start, plan.start + plan.count, 'zremrangebyrank');
}

/**
 * Remove the members with scores in [min, max].
 * Format: ZREMRANGEBYSCORE key min max
 */
function zremrangebyscoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const range = parseScoreRange(argv[2] as Buffer, argv[3] as Buffer);
  if (range === null) throw zsetMinMaxNotFloatError();
  const key = keyOf(argv[1] as Buffer);
  const zset = lookupZSetWrite(ctx, key);
  if (zset === undefined) return 0;
  const [first, end] = zsetScoreRangePositions(zset, range);
  return removePositions(ctx, key, zset, first, end, 'zremrangebyscore');
}

/**
 * Remove the members between two lex bounds.
 * Format: ZREMRANGEBYLEX key min max
 */
function zremrangebylexCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const range = parseLexRange(argv[2] as Buffer, argv[3] as Buffer);
  if (range === null) throw zsetMinMaxNotStringRangeError();
  const key = keyOf(argv[1] as Buffer);
  const zset = lookupZSetWrite(ctx, key);
  if (zset === undefined) return 0;
  const [first, end] = zsetLexRangePositions(zset, range);
  return removePositions(ctx, key, zset, first, end, 'zremrangebylex');
}

// --- Pops (genericZpopCommand, blockingGenericZpopCommand, zmpopGenericCommand) ---

interface PopOptions {
  /** Pop the highest scores instead of the lowest. */
  readonly max: boolean;
  /** Put the key in the reply (BZPOP*, ZMPOP, BZMPOP). */
  readonly emitKey: boolean;
  /** -1 when no COUNT was given: one element. */
  readonly count: number;
  /** Each element as a [member, score] pair (RESP3 ZPOP with COUNT; ZMPOP and BZMPOP always). */
  readonly nested: boolean;
  /** A null array instead of an empty one when no key has anything (ZMPOP). */
  readonly nilWhenEmpty: boolean;
}

/**
 * genericZpopCommand: pop from the first of `keys` that exists. WRONGTYPE on the first existing key
 * of another type stops the search; a count of 0 replies an empty array once a key was found.
 */
function zpopGeneric(ctx: CommandContext, keys: readonly Buffer[], options: PopOptions): Reply {
  let key = '';
  let keyArg: Buffer | undefined;
  let zset: ZSetObject | undefined;
  for (const arg of keys) {
    const name = keyOf(arg);
    const obj = ctx.db.lookupWrite(name);
    if (obj === undefined) continue;
    zset = asZSet(obj);
    key = name;
    keyArg = arg;
    break;
  }
  if (zset === undefined || keyArg === undefined) return options.nilWhenEmpty ? NULL_ARRAY : [];
  if (options.count === 0) return [];
  const length = zsetLength(zset);
  const count = Math.min(options.count === -1 ? 1 : options.count, length);
  const elements: Reply[] = [];
  const emit: ZSetEmit = options.nested
    ? (member, score) => void elements.push([member, double(score)])
    : (member, score) => void elements.push(member, double(score));
  if (options.max) {
    zsetEmitRange(zset, length - 1, count, true, emit);
    zsetDeleteRange(zset, length - count, count);
  } else {
    zsetEmitRange(zset, 0, count, false, emit);
    zsetDeleteRange(zset, 0, count);
  }
  afterRemoval(ctx, key, zset, options.max ? 'zpopmax' : 'zpopmin');
  // BZPOPMIN/BZPOPMAX are logged as ZPOPMIN/ZPOPMAX key, ZMPOP/BZMPOP as ZPOPMIN/ZPOPMAX key count
  // (the key that had members, how many it gave), as t_zset.c rewrites them.
  if (options.emitKey && ctx.server.propagation !== undefined) {
    const name = options.max ? ZPOPMAX_ARG : ZPOPMIN_ARG;
    ctx.propagateAs(options.nested ? [name, keyArg, Buffer.from(String(count))] : [name, keyArg]);
  }
  if (!options.emitKey) return elements;
  return options.nested ? [keyArg, elements] : [keyArg, ...elements];
}

const ZPOPMIN_ARG = Buffer.from('ZPOPMIN');
const ZPOPMAX_ARG = Buffer.from('ZPOPMAX');

/** ZPOPMIN / ZPOPMAX: `key [count]`. */
function zpopMinMax(ctx: CommandContext, argv: readonly Buffer[], max: boolean): Reply {
  if (argv.length > 3) throw syntaxError();
  let count = -1;
  if (argv.length === 3) {
    count = longArgOr(argv[2] as Buffer, notPositiveError);
    if (count < 0) throw notPositiveError();
  }
  return zpopGeneric(ctx, [argv[1] as Buffer], {
    max, emitKey: false, count, nested: ctx.resp === 3 && count !== -1, nilWhenEmpty: false,
  });
}

/**
 * Remove and return the members with the lowest scores (one, or up to `count`).
 * Format: ZPOPMIN key [count]
 */
function zpopminCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zpopMinMax(ctx, argv, false);
}

/**
 * Remove and return the members with the highest scores (one, or up to `count`).
 * Format: ZPOPMAX key [count]
 */
function zpopmaxCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zpopMinMax(ctx, argv, true);
}

/**
 * blockingGenericZpopCommand: pop from the first non-empty key, else wait for one (a null array
 * on timeout). Inside MULTI or a script ctx.block answers the null array at once.
 */
function blockingZpop(
  ctx: CommandContext, keys: readonly Buffer[], timeoutMs: number,
  options: Omit<PopOptions, 'emitKey'>,
): Reply {
  const woken = ctx.wokenKey;
  for (const arg of keys) {
    const key = keyOf(arg);
    if (woken !== undefined && key !== woken) continue;
    const obj = ctx.db.lookupWrite(key);
    if (obj === undefined || (woken !== undefined && obj.type !== 'zset')) continue;
    if (zsetLength(asZSet(obj)) === 0) continue;
    return zpopGeneric(ctx, [arg], { ...options, emitKey: true });
  }
  return ctx.block(keys.map(keyOf), timeoutMs, NULL_ARRAY);
}

function bzpopMinMax(ctx: CommandContext, argv: readonly Buffer[], max: boolean): Reply {
  const timeoutMs = timeoutArg(argv[argv.length - 1] as Buffer);
  return blockingZpop(ctx, argv.slice(1, -1), timeoutMs, { max, count: -1, nested: false, nilWhenEmpty: true });
}

/**
 * Pop the lowest-scored member of the first non-empty set, or wait: [key, member, score].
 * Format: BZPOPMIN key [key ...] timeout
 */
function bzpopminCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return bzpopMinMax(ctx, argv, false);
}

/**
 * Pop the highest-scored member of the first non-empty set, or wait: [key, member, score].
 * Format: BZPOPMAX key [key ...] timeout
 */
function bzpopmaxCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return bzpopMinMax(ctx, argv, true);
}

/**
 * zmpopGenericCommand's parsing: numkeys, the keys, MIN|MAX, then an optional COUNT; BZMPOP's timeout
 * is parsed last (in blockingGenericZpopCommand), so `BZMPOP abc 0 k MIN` is a numkeys error.
 */
function zmpopGeneric(ctx: CommandContext, argv: readonly Buffer[], numkeysIdx: number, blocking: boolean): Reply {
  const numkeys = longArgOr(argv[numkeysIdx] as Buffer, numkeysNotPositiveError);
  if (numkeys < 1) throw numkeysNotPositiveError();
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) throw syntaxError();
  const where = optionWord(argv[whereIdx] as Buffer);
  if (where !== 'MIN' && where !== 'MAX') throw syntaxError();
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && optionWord(argv[j] as Buffer) === 'COUNT' && more > 0) {
      j++;
      count = longArgOr(argv[j] as Buffer, countNotPositiveError);
      if (count < 1) throw countNotPositiveError();
    } else {
      throw syntaxError();
    }
  }
  const keys = argv.slice(numkeysIdx + 1, whereIdx);
  const options = { max: where === 'MAX', count: count === -1 ? 1 : count, nested: true, nilWhenEmpty: true };
  if (blocking) return blockingZpop(ctx, keys, timeoutArg(argv[1] as Buffer), options);
  return zpopGeneric(ctx, keys, { ...options, emitKey: true });
}

/**
 * Pop up to `count` members from the first non-empty set: [key, [[member, score], ...]] or nil.
 * Format: ZMPOP numkeys key [key ...] MIN | MAX [COUNT count]
 */
function zmpopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zmpopGeneric(ctx, argv, 1, false);
}

/**
 * ZMPOP, or wait for a member when every set is empty.
 * Format: BZMPOP timeout numkeys key [key ...] MIN | MAX [COUNT count]
 */
function bzmpopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zmpopGeneric(ctx, argv, 2, true);
}

// --- Set operations (zunionInterDiffGenericCommand) ---

type SetOp = 'union' | 'inter' | 'diff';

/** A sorted set, a plain set (every member scores 1) or a missing key, as a set-operation input. */
function opSource(obj: RedisObject | undefined, weight: number): ZSetOpSource {
  if (obj === undefined) {
    return { length: 0, forEach: () => undefined, score: () => undefined, subject: undefined, weight };
  }
  if (obj.type === 'zset') {
    return {
      length: zsetLength(obj),
      forEach: (emit) => zsetForEachReverse(obj, emit),
      score: (member) => zsetScore(obj, member),
      subject: obj,
      weight,
    };
  }
  if (obj.type === 'set') {
    return {
      length: setSize(obj),
      forEach: (emit) => {
        for (const member of setMembers(obj)) emit(member, 1);
      },
      score: (member) => (setIsMember(obj, member) ? 1 : undefined),
      subject: obj,
      weight,
    };
  }
  throw wrongTypeError();
}

/**
 * zunionInterDiffGenericCommand: numkeys and keys, then WEIGHTS / AGGREGATE / WITHSCORES (or LIMIT
 * for ZINTERCARD), then the operation. `dst` is the destination of the STORE forms; `name` is the
 * command as the numkeys error names it.
 */
function zsetOpGeneric(
  ctx: CommandContext, argv: readonly Buffer[], numkeysIdx: number, dst: Buffer | undefined, op: SetOp,
  name: string, cardinalityOnly = false,
): Reply {
  const setnum = intArg(argv[numkeysIdx] as Buffer);
  if (setnum < 1) throw atLeastOneInputKeyError(name);
  if (setnum > argv.length - numkeysIdx - 1) throw syntaxError();
  // Inputs are looked up (and type-checked) before the options are parsed.
  const objects: (RedisObject | undefined)[] = [];
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const key = keyOf(argv[j] as Buffer);
    const obj = dst === undefined ? ctx.db.lookupRead(key) : ctx.db.lookupWrite(key);
    if (obj !== undefined && obj.type !== 'zset' && obj.type !== 'set') throw wrongTypeError();
    objects.push(obj);
  }
  const weights = new Array<number>(setnum).fill(1);
  let aggregate: ZSetAggregate = 'sum';
  let withScores = false;
  let limit = 0;
  while (j < argv.length) {
    const remaining = argv.length - j;
    const opt = optionWord(argv[j] as Buffer);
    if (op !== 'diff' && !cardinalityOnly && remaining >= setnum + 1 && opt === 'WEIGHTS') {
      j++;
      for (let i = 0; i < setnum; i++, j++) {
        const weight = parseDouble(argv[j] as Buffer);
        if (weight === null) throw weightNotFloatError();
        weights[i] = weight;
      }
    } else if (op !== 'diff' && !cardinalityOnly && remaining >= 2 && opt === 'AGGREGATE') {
      const how = optionWord(argv[j + 1] as Buffer);
      if (how === 'SUM') aggregate = 'sum';
      else if (how === 'MIN') aggregate = 'min';
      else if (how === 'MAX') aggregate = 'max';
      else throw syntaxError();
      j += 2;
    } else if (dst === undefined && !cardinalityOnly && opt === 'WITHSCORES') {
      withScores = true;
      j++;
    } else if (cardinalityOnly && remaining >= 2 && opt === 'LIMIT') {
      limit = longArgOr(argv[j + 1] as Buffer, limitNegativeError);
      if (limit < 0) throw limitNegativeError();
      j += 2;
    } else {
      throw syntaxError();
    }
  }
  const sources = objects.map((obj, i) => opSource(obj, weights[i] as number));
  if (cardinalityOnly) return zsetInterCard(sources, limit);
  let outcome: ZSetOpResult;
  if (op === 'union') outcome = zsetUnion(sources, aggregate);
  else if (op === 'inter') outcome = zsetInter(sources, aggregate);
  else outcome = zsetDiff(sources);
  const result = zsetFromSkiplist(outcome.result);
  const length = zsetLength(result);
  if (dst !== undefined) {
    if (length > 0) zsetConvertToListpackIfNeeded(result, zsetLimits(ctx), outcome.maxMemberLength);
    storeResult(ctx, keyOf(dst), result, `z${op}store`);
    return length;
  }
  const { items, emit } = rangeCollector(ctx, withScores);
  zsetEmitRange(result, 0, length, false, emit);
  return items;
}

/**
 * Store the union of sorted sets (and sets) in `destination`; replies its size.
 * Format: ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]
 */
function zunionstoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zsetOpGeneric(ctx, argv, 2, argv[1], 'union', 'zunionstore');
}

/**
 * Store the intersection of sorted sets (and sets) in `destination`; replies its size.
 * Format: ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]
 */
function zinterstoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zsetOpGeneric(ctx, argv, 2, argv[1], 'inter', 'zinterstore');
}

/**
 * Store the members of the first set that no other set has in `destination`; replies its size.
 * Format: ZDIFFSTORE destination numkeys key [key ...]
 */
function zdiffstoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zsetOpGeneric(ctx, argv, 2, argv[1], 'diff', 'zdiffstore');
}

/**
 * The union of sorted sets (and sets).
 * Format: ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]
 */
function zunionCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zsetOpGeneric(ctx, argv, 1, undefined, 'union', 'zunion');
}

/**
 * The intersection of sorted sets (and sets).
 * Format: ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]
 */
function zinterCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zsetOpGeneric(ctx, argv, 1, undefined, 'inter', 'zinter');
}

/**
 * The members of the first set that no other set has.
 * Format: ZDIFF numkeys key [key ...] [WITHSCORES]
 */
function zdiffCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zsetOpGeneric(ctx, argv, 1, undefined, 'diff', 'zdiff');
}

/**
 * The size of the intersection, counting at most `limit` (0: no limit).
 * Format: ZINTERCARD numkeys key [key ...] [LIMIT limit]
 */
function zintercardCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zsetOpGeneric(ctx, argv, 1, undefined, 'inter', 'zintercard', true);
}

// --- ZRANDMEMBER and ZSCAN ---

const LONG_MAX = 9223372036854775807n;

/**
 * A random member, or `count` of them: distinct when positive, with repeats when negative.
 * Format: ZRANDMEMBER key [count [WITHSCORES]]
 */
function zrandmemberCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length >= 3) {
    const count = int64Arg(argv[2] as Buffer);
    if (BigInt(count) < -LONG_MAX) throw notInLongRangeError();
    if (argv.length > 4 || (argv.length === 4 && optionWord(argv[3] as Buffer) !== 'WITHSCORES')) throw syntaxError();
    const withScores = argv.length === 4;
    // count × 2 must not overflow a long: the reply holds two items per element.
    if (withScores && (BigInt(count) < -LONG_MAX / 2n || BigInt(count) > LONG_MAX / 2n)) throw valueOutOfRangeError();
    return zrandmemberWithCount(ctx, argv, Number(count), withScores);
  }
  const zset = lookupZSetRead(ctx, keyOf(argv[1] as Buffer));
  if (zset === undefined) return null;
  const [entry] = zsetRandomEntries(zset, 1, true, ctx.server.rng);
  return entry === undefined ? null : entry[0];
}

/** zrandmemberWithCountCommand. */
function zrandmemberWithCount(ctx: CommandContext, argv: readonly Buffer[], count: number, withScores: boolean): Reply {
  const zset = lookupZSetRead(ctx, keyOf(argv[1] as Buffer));
  if (zset === undefined || count === 0) return [];
  const entries = zsetRandomEntries(zset, Math.abs(count), count > 0, ctx.server.rng);
  const { items, emit } = rangeCollector(ctx, withScores);
  for (const [member, score] of entries) emit(member, score);
  return items;
}

/**
 * Iterate members and scores. A listpack-encoded set comes back whole with cursor 0.
 * Format: ZSCAN key cursor [MATCH pattern] [COUNT count]
 */
function zscanCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const cursor = parseScanCursor(argv[2] as Buffer);
  const zset = lookupZSetRead(ctx, keyOf(argv[1] as Buffer));
  if (zset === undefined) return ['0', []];
  const { count, pattern } = parseScanOptions(argv, 3, false);
  const step = zsetScan(zset, Number(cursor), count);
  let items = step.items;
  if (pattern !== undefined) {
    const kept: string[] = [];
    for (let i = 0; i < items.length; i += 2) {
      const member = items[i] as string;
      if (globMatch(pattern, Buffer.from(member, 'latin1'))) kept.push(member, items[i + 1] as string);
    }
    items = kept;
  }
  return [String(step.cursor), items];
}

// --- Key extraction and specs ---

function rangeKeySpec(index: number, flags: readonly KeySpecFlag[], lastkey = 0): KeySpec {
  return { flags, beginSearch: { type: 'index', index }, findKeys: { type: 'range', lastkey, keystep: 1, limit: 0 } };
}

function keynumKeySpec(index: number, flags: readonly KeySpecFlag[]): KeySpec {
  return { flags, beginSearch: { type: 'index', index }, findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, keystep: 1 } };
}

/**
 * The key positions of a numkeys command (zunionInterDiffGetKeys, zmpopGetKeys): the keys after
 * argv[numkeysIdx], plus the destination at 1 for the STORE forms; none when numkeys does not fit.
 */
function numkeysKeys(numkeysIdx: number, withDestination = false): (argv: readonly Buffer[]) => number[] {
  return (argv) => {
    const arg = argv[numkeysIdx];
    if (arg === undefined) return [];
    const text = arg.latin1Slice(0, arg.length);
    if (!/^[1-9][0-9]{0,9}$/.test(text)) return [];
    const numkeys = Number(text);
    if (numkeysIdx + numkeys >= argv.length) return [];
    const keys: number[] = withDestination ? [1] : [];
    for (let i = 1; i <= numkeys; i++) keys.push(numkeysIdx + i);
    return keys;
  };
}

export const zsetCommands: readonly CommandSpec[] = [
  {
    name: 'zadd', group: 'sorted_set', arity: -4, flags: ['write', 'denyoom', 'fast'],
    keys: { first: 1, last: 1, step: 1 }, keySpecs: [rangeKeySpec(1, ['RW', 'update'])],
    acl: ['write', 'sortedset', 'fast'],
    summary: 'Add one or more members to a sorted set, or update its score if it already exists', since: '1.2.0',
    complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
    history: [['2.4.0', 'Accepts multiple elements.'], ['3.0.2', 'Added the `XX`, `NX`, `CH` and `INCR` options.'], ['6.2.0', 'Added the `GT` and `LT` options.']],
    handler: zaddCommand,
  } satisfies CommandSpec,
  {
    name: 'zincrby', group: 'sorted_set', arity: 4, flags: ['write', 'denyoom', 'fast'],
    keys: { first: 1, last: 1, step: 1 }, keySpecs: [rangeKeySpec(1, ['RW', 'access', 'update'])],
    acl: ['write', 'sortedset', 'fast'], summary: 'Increment the score of a member in a sorted set', since: '1.2.0',
    complexity: 'O(log(N)) where N is the number of elements in the sorted set.', handler: zincrbyCommand,
  } satisfies CommandSpec,
  {
    name: 'zrem', group: 'sorted_set', arity: -3, flags: ['write', 'fast'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RW', 'delete'])], acl: ['write', 'sortedset', 'fast'],
    summary: 'Remove one or more members from a sorted set', since: '1.2.0',
    complexity: 'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.',
    history: [['2.4.0', 'Accepts multiple elements.']], handler: zremCommand,
  } satisfies CommandSpec,
  {
    name: 'zcard', group: 'sorted_set', arity: 2, flags: ['readonly', 'fast'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RO'])], acl: ['read', 'sortedset', 'fast'],
    summary: 'Get the number of members in a sorted set', since: '1.2.0', complexity: 'O(1)', handler: zcardCommand,
  } satisfies CommandSpec,
  {
    name: 'zscore', group: 'sorted_set', arity: 3, flags: ['readonly', 'fast'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'fast'],
    summary: 'Get the score associated with the given member in a sorted set', since: '1.2.0', complexity: 'O(1)',
    handler: zscoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zmscore', group: 'sorted_set', arity: -3, flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 }, keySpecs: [rangeKeySpec(1, ['RO', 'access'])],
    acl: ['read', 'sortedset', 'fast'], summary: 'Get the score associated with the given members in a sorted set',
    since: '6.2.0', complexity: 'O(N) where N is the number of members being requested.', handler: zmscoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zrank', group: 'sorted_set', arity: 3, flags: ['readonly', 'fast'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'fast'],
    summary: 'Determine the index of a member in a sorted set', since: '2.0.0', complexity: 'O(log(N))',
    handler: zrankCommand,
  } satisfies CommandSpec,
  {
    name: 'zrevrank', group: 'sorted_set', arity: 3, flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 }, keySpecs: [rangeKeySpec(1, ['RO', 'access'])],
    acl: ['read', 'sortedset', 'fast'],
    summary: 'Determine the index of a member in a sorted set, with scores ordered from high to low', since: '2.0.0',
    complexity: 'O(log(N))', handler: zrevrankCommand,
  } satisfies CommandSpec,
  {
    name: 'zrange', group: 'sorted_set', arity: -4, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'slow'],
    summary: 'Return a range of members in a sorted set', since: '1.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
    history: [['6.2.0', 'Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options.']], handler: zrangeCommand,
  } satisfies CommandSpec,
  {
    name: 'zrangestore', group: 'sorted_set', arity: -5, flags: ['write', 'denyoom'],
    keys: { first: 1, last: 2, step: 1 },
    keySpecs: [rangeKeySpec(1, ['OW', 'update']), rangeKeySpec(2, ['RO', 'access'])],
    acl: ['write', 'sortedset', 'slow'], summary: 'Store a range of members from sorted set into another key',
    since: '6.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.',
    handler: zrangestoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zrangebyscore', group: 'sorted_set', arity: -4, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'slow'],
    summary: 'Return a range of members in a sorted set, by score', since: '1.0.5',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
    history: [['2.0.0', 'Added the `WITHSCORES` modifier.']], docFlags: ['deprecated'], deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `BYSCORE` argument', handler: zrangebyscoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zrevrangebyscore', group: 'sorted_set', arity: -4, flags: ['readonly'],
    keys: { first: 1, last: 1, step: 1 }, keySpecs: [rangeKeySpec(1, ['RO', 'access'])],
    acl: ['read', 'sortedset', 'slow'],
    summary: 'Return a range of members in a sorted set, by score, with scores ordered from high to low',
    since: '2.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
    history: [['2.1.6', '`min` and `max` can be exclusive.']], docFlags: ['deprecated'], deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `REV` and `BYSCORE` arguments', handler: zrevrangebyscoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zrangebylex', group: 'sorted_set', arity: -4, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'slow'],
    summary: 'Return a range of members in a sorted set, by lexicographical range', since: '2.8.9',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
    docFlags: ['deprecated'], deprecatedSince: '6.2.0', replacedBy: '`ZRANGE` with the `BYLEX` argument',
    handler: zrangebylexCommand,
  } satisfies CommandSpec,
  {
    name: 'zrevrangebylex', group: 'sorted_set', arity: -4, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'slow'],
    summary: 'Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.',
    since: '2.8.9',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
    docFlags: ['deprecated'], deprecatedSince: '6.2.0', replacedBy: '`ZRANGE` with the `REV` and `BYLEX` arguments',
    handler: zrevrangebylexCommand,
  } satisfies CommandSpec,
  {
    name: 'zrevrange', group: 'sorted_set', arity: -4, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'slow'],
    summary: 'Return a range of members in a sorted set, by index, with scores ordered from high to low',
    since: '1.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
    docFlags: ['deprecated'], deprecatedSince: '6.2.0', replacedBy: '`ZRANGE` with the `REV` argument',
    handler: zrevrangeCommand,
  } satisfies CommandSpec,
  {
    name: 'zcount', group: 'sorted_set', arity: 4, flags: ['readonly', 'fast'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'fast'],
    summary: 'Count the members in a sorted set with scores within the given values', since: '2.0.0',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.', handler: zcountCommand,
  } satisfies CommandSpec,
  {
    name: 'zlexcount', group: 'sorted_set', arity: 4, flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 }, keySpecs: [rangeKeySpec(1, ['RO', 'access'])],
    acl: ['read', 'sortedset', 'fast'],
    summary: 'Count the number of members in a sorted set between a given lexicographical range', since: '2.8.9',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.', handler: zlexcountCommand,
  } satisfies CommandSpec,
  {
    name: 'zpopmin', group: 'sorted_set', arity: -2, flags: ['write', 'fast'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RW', 'access', 'delete'])], acl: ['write', 'sortedset', 'fast'],
    summary: 'Remove and return members with the lowest scores in a sorted set', since: '5.0.0',
    complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.',
    handler: zpopminCommand,
  } satisfies CommandSpec,
  {
    name: 'zpopmax', group: 'sorted_set', arity: -2, flags: ['write', 'fast'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RW', 'access', 'delete'])], acl: ['write', 'sortedset', 'fast'],
    summary: 'Remove and return members with the highest scores in a sorted set', since: '5.0.0',
    complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.',
    handler: zpopmaxCommand,
  } satisfies CommandSpec,
  {
    name: 'bzpopmin', group: 'sorted_set', arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'],
    keys: { first: 1, last: -2, step: 1 }, keySpecs: [rangeKeySpec(1, ['RW', 'access', 'delete'], -2)],
    acl: ['write', 'sortedset', 'fast', 'blocking'],
    summary: 'Remove and return the member with the lowest score from one or more sorted sets, or block until one is available',
    since: '5.0.0', complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    history: [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']], handler: bzpopminCommand,
  } satisfies CommandSpec,
  {
    name: 'bzpopmax', group: 'sorted_set', arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'],
    keys: { first: 1, last: -2, step: 1 }, keySpecs: [rangeKeySpec(1, ['RW', 'access', 'delete'], -2)],
    acl: ['write', 'sortedset', 'fast', 'blocking'],
    summary: 'Remove and return the member with the highest score from one or more sorted sets, or block until one is available',
    since: '5.0.0', complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    history: [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']], handler: bzpopmaxCommand,
  } satisfies CommandSpec,
  {
    name: 'zmpop', group: 'sorted_set', arity: -4, flags: ['write'],
    keySpecs: [keynumKeySpec(1, ['RW', 'access', 'delete'])], getKeys: numkeysKeys(1),
    acl: ['write', 'sortedset', 'slow'], summary: 'Remove and return members with scores in a sorted set',
    since: '7.0.0',
    complexity: 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.',
    handler: zmpopCommand,
  } satisfies CommandSpec,
  {
    name: 'bzmpop', group: 'sorted_set', arity: -5, flags: ['write', 'blocking'],
    keySpecs: [keynumKeySpec(2, ['RW', 'access', 'delete'])], getKeys: numkeysKeys(2),
    acl: ['write', 'sortedset', 'slow', 'blocking'],
    summary: 'Remove and return members with scores in a sorted set or block until one is available', since: '7.0.0',
    complexity: 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.',
    handler: bzmpopCommand,
  } satisfies CommandSpec,
  {
    name: 'zremrangebyscore', group: 'sorted_set', arity: 4, flags: ['write'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RW', 'delete'])], acl: ['write', 'sortedset', 'slow'],
    summary: 'Remove all members in a sorted set within the given scores', since: '1.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.',
    handler: zremrangebyscoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zremrangebyrank', group: 'sorted_set', arity: 4, flags: ['write'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RW', 'delete'])], acl: ['write', 'sortedset', 'slow'],
    summary: 'Remove all members in a sorted set within the given indexes', since: '2.0.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.',
    handler: zremrangebyrankCommand,
  } satisfies CommandSpec,
  {
    name: 'zremrangebylex', group: 'sorted_set', arity: 4, flags: ['write'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RW', 'delete'])], acl: ['write', 'sortedset', 'slow'],
    summary: 'Remove all members in a sorted set between the given lexicographical range', since: '2.8.9',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.',
    handler: zremrangebylexCommand,
  } satisfies CommandSpec,
  {
    name: 'zunionstore', group: 'sorted_set', arity: -4, flags: ['write', 'denyoom'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['OW', 'update']), keynumKeySpec(2, ['RO', 'access'])], getKeys: numkeysKeys(2, true),
    acl: ['write', 'sortedset', 'slow'],
    summary: 'Add multiple sorted sets and store the resulting sorted set in a new key', since: '2.0.0',
    complexity: 'O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.',
    handler: zunionstoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zinterstore', group: 'sorted_set', arity: -4, flags: ['write', 'denyoom'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['OW', 'update']), keynumKeySpec(2, ['RO', 'access'])], getKeys: numkeysKeys(2, true),
    acl: ['write', 'sortedset', 'slow'],
    summary: 'Intersect multiple sorted sets and store the resulting sorted set in a new key', since: '2.0.0',
    complexity: 'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.',
    handler: zinterstoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zdiffstore', group: 'sorted_set', arity: -4, flags: ['write', 'denyoom'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['OW', 'update']), keynumKeySpec(2, ['RO', 'access'])], getKeys: numkeysKeys(2, true),
    acl: ['write', 'sortedset', 'slow'],
    summary: 'Subtract multiple sorted sets and store the resulting sorted set in a new key', since: '6.2.0',
    complexity: 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.',
    handler: zdiffstoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zunion', group: 'sorted_set', arity: -3, flags: ['readonly'],
    keySpecs: [keynumKeySpec(1, ['RO', 'access'])], getKeys: numkeysKeys(1), acl: ['read', 'sortedset', 'slow'],
    summary: 'Add multiple sorted sets', since: '6.2.0',
    complexity: 'O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.',
    handler: zunionCommand,
  } satisfies CommandSpec,
  {
    name: 'zinter', group: 'sorted_set', arity: -3, flags: ['readonly'],
    keySpecs: [keynumKeySpec(1, ['RO', 'access'])], getKeys: numkeysKeys(1), acl: ['read', 'sortedset', 'slow'],
    summary: 'Intersect multiple sorted sets', since: '6.2.0',
    complexity: 'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.',
    handler: zinterCommand,
  } satisfies CommandSpec,
  {
    name: 'zdiff', group: 'sorted_set', arity: -3, flags: ['readonly'],
    keySpecs: [keynumKeySpec(1, ['RO', 'access'])], getKeys: numkeysKeys(1), acl: ['read', 'sortedset', 'slow'],
    summary: 'Subtract multiple sorted sets', since: '6.2.0',
    complexity: 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.',
    handler: zdiffCommand,
  } satisfies CommandSpec,
  {
    name: 'zintercard', group: 'sorted_set', arity: -3, flags: ['readonly'],
    keySpecs: [keynumKeySpec(1, ['RO', 'access'])], getKeys: numkeysKeys(1), acl: ['read', 'sortedset', 'slow'],
    summary: 'Intersect multiple sorted sets and return the cardinality of the result', since: '7.0.0',
    complexity: 'O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.',
    handler: zintercardCommand,
  } satisfies CommandSpec,
  {
    name: 'zrandmember', group: 'sorted_set', arity: -2, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'slow'],
    summary: 'Get one or multiple random elements from a sorted set', since: '6.2.0',
    complexity: 'O(N) where N is the number of elements returned', tips: ['nondeterministic_output'],
    handler: zrandmemberCommand,
  } satisfies CommandSpec,
  {
    name: 'zscan', group: 'sorted_set', arity: -3, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [rangeKeySpec(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'slow'],
    summary: 'Incrementally iterate sorted sets elements and associated scores', since: '2.8.0',
    complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    tips: ['nondeterministic_output'], handler: zscanCommand,
  } satisfies CommandSpec,

];
