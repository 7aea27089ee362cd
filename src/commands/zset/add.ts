// ZADD, ZINCRBY and ZREM: adding, updating and removing members.
// Mirrors: redis src/t_zset.c (zaddGenericCommand, zaddCommand, zincrbyCommand, zremCommand).

import { NOTIFY_ZSET } from '../../config/keyspace-events.js';
import {
  createZSet, ZADD_IN_GT, ZADD_IN_INCR, ZADD_IN_LT, ZADD_IN_NX, ZADD_IN_XX, zsetAdd, zsetLength, zsetRemove, type ZSetObject,
} from '../../datatypes/zset/zset-type.js';
import { syntaxError, zaddGtLtNxError, zaddIncrPairError, zaddNxXxError, zsetNanScoreError } from '../../errors.js';
import { double, type Reply } from '../../protocol/reply.js';
import { keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { afterRemoval, lookupZSetWrite, scoreArg, zsetLimits } from './common.js';

// --- ZADD, ZINCRBY, ZREM ---

/** 1 at the first bytes of ZADD's options, either case: NX XX CH INCR GT LT. */
const ZADD_OPTION_FIRST_BYTES = new Uint8Array(256);
for (const c of 'NXCIGLnxcigl') ZADD_OPTION_FIRST_BYTES[c.charCodeAt(0)] = 1;

/**
 * zaddGenericCommand: options, then score/member pairs. ZINCRBY is ZADD INCR with one pair, and
 * goes through the same option loop (so `ZINCRBY key nx m` is a syntax error, as in Redis).
 */
function zaddGeneric(ctx: CommandContext, argv: readonly Buffer[], initialFlags: number): Reply {
  let flags = initialFlags;
  let ch = false;
  let scoreIdx = 2;
  for (; scoreIdx < argv.length; scoreIdx++) {
    const arg = argv[scoreIdx] as Buffer;
    // A score (a digit, a sign, a dot) cannot start an option: skip making and uppercasing its word.
    if (arg.length === 0 || ZADD_OPTION_FIRST_BYTES[arg[0] as number] === 0) break;
    const opt = optionWord(arg);
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
  // Made at its final size: a first push() into [] would allocate a 16-slot backing store per ZADD.
  const scores = new Array<number>(elements);
  for (let j = 0; j < elements; j++) scores[j] = scoreArg(argv[scoreIdx + j * 2] as Buffer);

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
      if (added + updated > 0) zaddSignal(ctx, key, zset, incr);
      throw zsetNanScoreError();
    }
    if (result.outcome === 'added') added++;
    else if (result.outcome === 'updated') updated++;
    if (result.outcome !== 'nop') processed++;
    score = result.score;
  }
  if (added + updated > 0) zaddSignal(ctx, key, zset, incr);
  if (incr) return processed > 0 ? double(score) : null;
  return ch ? added + updated : added;
}

/** ZADD's cleanup: the key changed, with a "zadd" or "zincr" event. */
function zaddSignal(ctx: CommandContext, key: string, zset: ZSetObject, incr: boolean): void {
  ctx.db.touchWriteDone(key, zset);
  ctx.notify(NOTIFY_ZSET, incr ? 'zincr' : 'zadd', key);
}

/**
 * Add members with scores, or update the scores of existing ones.
 * Format: ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]
 */
export function zaddCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zaddGeneric(ctx, argv, 0);
}

/**
 * Add `increment` to a member's score (a missing member starts at 0); replies the new score.
 * Format: ZINCRBY key increment member
 */
export function zincrbyCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zaddGeneric(ctx, argv, ZADD_IN_INCR);
}

/**
 * Remove members; replies how many were there.
 * Format: ZREM key member [member ...]
 */
export function zremCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
