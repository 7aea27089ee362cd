// ZREMRANGEBYRANK, ZREMRANGEBYSCORE and ZREMRANGEBYLEX: remove a range of members.
// Mirrors: redis src/t_zset.c (zremrangeGenericCommand).

import { parseLexRange, parseScoreRange } from '../../datatypes/zset/range.js';
import {
  zsetDeleteRange, zsetLength, zsetLexRangePositions, zsetScoreRangePositions, type ZSetObject,
} from '../../datatypes/zset/zset-type.js';
import { zsetMinMaxNotFloatError, zsetMinMaxNotStringRangeError } from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import { intArg, keyOf } from '../args.js';
import type { CommandContext } from '../context.js';
import { afterRemoval, lookupZSetWrite } from './common.js';
import { rankPlan } from './range.js';

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
export function zremrangebyrankCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
export function zremrangebyscoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
export function zremrangebylexCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const range = parseLexRange(argv[2] as Buffer, argv[3] as Buffer);
  if (range === null) throw zsetMinMaxNotStringRangeError();
  const key = keyOf(argv[1] as Buffer);
  const zset = lookupZSetWrite(ctx, key);
  if (zset === undefined) return 0;
  const [first, end] = zsetLexRangePositions(zset, range);
  return removePositions(ctx, key, zset, first, end, 'zremrangebylex');
}
