// Set operations on sorted sets: ZUNION, ZINTER, ZDIFF, their STORE forms, and ZINTERCARD.
// Mirrors: redis src/t_zset.c (zunionInterDiffGenericCommand, zinterCardCommand).

import type { RedisObject } from '../../datatypes/object.js';
import { setIsMember, setMembers, setSize } from '../../datatypes/set/set-type.js';
import {
  zsetDiff, zsetInter, zsetInterCard, zsetUnion, type ZSetAggregate, type ZSetOpResult, type ZSetOpSource,
} from '../../datatypes/zset/set-ops.js';
import {
  zsetConvertToListpackIfNeeded, zsetEmitRange, zsetForEachReverse, zsetFromSkiplist, zsetLength, zsetScore,
} from '../../datatypes/zset/zset-type.js';
import {
  atLeastOneInputKeyError, limitNegativeError, syntaxError, weightNotFloatError, wrongTypeError,
} from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import { parseDouble } from '../../util/numbers.js';
import { intArg, keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { longArgOr, rangeCollector, storeResult, zsetLimits } from './common.js';

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
export function zunionstoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zsetOpGeneric(ctx, argv, 2, argv[1], 'union', 'zunionstore');
}

/**
 * Store the intersection of sorted sets (and sets) in `destination`; replies its size.
 * Format: ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]
 */
export function zinterstoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zsetOpGeneric(ctx, argv, 2, argv[1], 'inter', 'zinterstore');
}

/**
 * Store the members of the first set that no other set has in `destination`; replies its size.
 * Format: ZDIFFSTORE destination numkeys key [key ...]
 */
export function zdiffstoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zsetOpGeneric(ctx, argv, 2, argv[1], 'diff', 'zdiffstore');
}

/**
 * The union of sorted sets (and sets).
 * Format: ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]
 */
export function zunionCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zsetOpGeneric(ctx, argv, 1, undefined, 'union', 'zunion');
}

/**
 * The intersection of sorted sets (and sets).
 * Format: ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]
 */
export function zinterCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zsetOpGeneric(ctx, argv, 1, undefined, 'inter', 'zinter');
}

/**
 * The members of the first set that no other set has.
 * Format: ZDIFF numkeys key [key ...] [WITHSCORES]
 */
export function zdiffCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zsetOpGeneric(ctx, argv, 1, undefined, 'diff', 'zdiff');
}

/**
 * The size of the intersection, counting at most `limit` (0: no limit).
 * Format: ZINTERCARD numkeys key [key ...] [LIMIT limit]
 */
export function zintercardCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zsetOpGeneric(ctx, argv, 1, undefined, 'inter', 'zintercard', true);
}
