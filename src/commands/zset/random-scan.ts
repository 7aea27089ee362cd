// ZRANDMEMBER (one member, or count of them with or without repeats) and ZSCAN.
// Mirrors: redis src/t_zset.c (zrandmemberCommand, zrandmemberWithCountCommand), src/db.c (zscanCommand → scanGenericCommand).

import { zsetRandomEntries } from '../../datatypes/zset/random.js';
import { zsetScan } from '../../datatypes/zset/zset-type.js';
import { notInLongRangeError, syntaxError, valueOutOfRangeError } from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import { int64Arg, keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { matchingPairs, parseScanCursor, parseScanOptions } from '../scan-options.js';
import { lookupZSetRead, rangeCollector } from './common.js';

// --- ZRANDMEMBER and ZSCAN ---

const LONG_MAX = 9223372036854775807n;

/**
 * A random member, or `count` of them: distinct when positive, with repeats when negative.
 * Format: ZRANDMEMBER key [count [WITHSCORES]]
 */
export function zrandmemberCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
export function zscanCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const cursor = parseScanCursor(argv[2] as Buffer);
  const zset = lookupZSetRead(ctx, keyOf(argv[1] as Buffer));
  if (zset === undefined) return ['0', []];
  const { count, pattern } = parseScanOptions(argv, 3, false);
  const step = zsetScan(zset, Number(cursor), count);
  return [String(step.cursor), matchingPairs(step.items, pattern)];
}
