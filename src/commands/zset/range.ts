// ZRANGE in all its forms (by rank, score or lex, REV, LIMIT, ZRANGESTORE) and the legacy
// ZRANGEBYSCORE/ZREVRANGE* commands, plus ZCOUNT and ZLEXCOUNT.
// Mirrors: redis src/t_zset.c (zrangeGenericCommand and its result handlers, genericZrangebyrankCommand,
// genericZrangebyscoreCommand, genericZrangebylexCommand, zcountCommand, zlexcountCommand).

import { parseLexRange, parseScoreRange, type LexRange, type ScoreRange } from '../../datatypes/zset/range.js';
import {
  createZSet, ZADD_IN_NX, zsetAdd, zsetEmitRange, zsetLength, zsetLexRangePositions, zsetScoreRangePositions,
  type ZSetObject,
} from '../../datatypes/zset/zset-type.js';
import {
  syntaxError, zrangeLimitWithRankError, zrangeWithscoresWithLexError, zsetMinMaxNotFloatError,
  zsetMinMaxNotStringRangeError,
} from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import { intArg, keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { lookupZSetRead, rangeCollector, storeResult, zsetLimits } from './common.js';

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
export function rankPlan(length: number, startArg: number, endArg: number, reverse: boolean): RangePlan {
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
export function zrangeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrangeGeneric(ctx, argv, 1, false, 'auto', 'auto');
}

/**
 * Store a ZRANGE result in `dst`; replies its size.
 * Format: ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]
 */
export function zrangestoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrangeGeneric(ctx, argv, 2, true, 'auto', 'auto');
}

/**
 * Members with scores in [min, max], lowest first.
 * Format: ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
 */
export function zrangebyscoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrangeGeneric(ctx, argv, 1, false, 'score', 'forward');
}

/**
 * Members with scores in [min, max], highest first.
 * Format: ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
 */
export function zrevrangebyscoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrangeGeneric(ctx, argv, 1, false, 'score', 'reverse');
}

/**
 * Members between two lex bounds (for a set whose scores are all equal).
 * Format: ZRANGEBYLEX key min max [LIMIT offset count]
 */
export function zrangebylexCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrangeGeneric(ctx, argv, 1, false, 'lex', 'forward');
}

/**
 * Members between two lex bounds, in reverse order.
 * Format: ZREVRANGEBYLEX key max min [LIMIT offset count]
 */
export function zrevrangebylexCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrangeGeneric(ctx, argv, 1, false, 'lex', 'reverse');
}

/**
 * Members by rank, highest score first.
 * Format: ZREVRANGE key start stop [WITHSCORES]
 */
export function zrevrangeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrangeGeneric(ctx, argv, 1, false, 'rank', 'reverse');
}

/**
 * How many members have scores in [min, max].
 * Format: ZCOUNT key min max
 */
export function zcountCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
export function zlexcountCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const range = parseLexRange(argv[2] as Buffer, argv[3] as Buffer);
  if (range === null) throw zsetMinMaxNotStringRangeError();
  const zset = lookupZSetRead(ctx, keyOf(argv[1] as Buffer));
  if (zset === undefined) return 0;
  const [first, end] = zsetLexRangePositions(zset, range);
  return end - first;
}
