// Reading single members: ZCARD, ZSCORE, ZMSCORE, ZRANK and ZREVRANK.
// Mirrors: redis src/t_zset.c (zcardCommand, zscoreCommand, zmscoreCommand, zrankGenericCommand).

import { zsetLength, zsetRank, zsetScore } from '../../datatypes/zset/zset-type.js';
import { double, type Reply } from '../../protocol/reply.js';
import { keyOf } from '../args.js';
import type { CommandContext } from '../context.js';
import { lookupZSetRead } from './common.js';

// --- Reading single members ---

/**
 * The number of members.
 * Format: ZCARD key
 */
export function zcardCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const zset = lookupZSetRead(ctx, keyOf(argv[1] as Buffer));
  return zset === undefined ? 0 : zsetLength(zset);
}

/**
 * A member's score, or nil.
 * Format: ZSCORE key member
 */
export function zscoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const zset = lookupZSetRead(ctx, keyOf(argv[1] as Buffer));
  const score = zset === undefined ? undefined : zsetScore(zset, keyOf(argv[2] as Buffer));
  return score === undefined ? null : double(score);
}

/**
 * The scores of several members (nil for each missing one).
 * Format: ZMSCORE key member [member ...]
 */
export function zmscoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
export function zrankCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrankGeneric(ctx, argv, false);
}

/**
 * A member's 0-based rank by descending score, or nil.
 * Format: ZREVRANK key member
 */
export function zrevrankCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zrankGeneric(ctx, argv, true);
}
