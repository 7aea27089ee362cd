// The blocking pops: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP. With every key empty they block
// (see common.ts for how a woken client is served).
// Mirrors: redis src/t_list.c (blockingPopGenericCommand, blmoveGenericCommand, blmpopCommand).

import type { ListWhere } from '../../datatypes/list/list-type.js';
import type { Reply } from '../../protocol/reply.js';
import { keyOf } from '../args.js';
import type { CommandContext } from '../context.js';
import { timeoutArg } from '../timeout.js';
import { asList, blockOn, mayServe, popFrom, whereArg } from './common.js';
import { LMOVE_ARG, lmoveGeneric, mpopGeneric, parseMpop, popName, RPOPLPUSH_ARG } from './pop.js';

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
export function blpopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return blockingPop(ctx, argv, 'head');
}

/**
 * Pop the last element of the first non-empty list, or block until one is pushed.
 * Format: BRPOP key [key ...] timeout
 */
export function brpopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
export function blmoveCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const from = whereArg(argv[3] as Buffer);
  const to = whereArg(argv[4] as Buffer);
  return blmoveGeneric(ctx, argv, from, to, argv[5] as Buffer);
}

/**
 * RPOPLPUSH, or block until the source gets an element.
 * Format: BRPOPLPUSH source destination timeout
 */
export function brpoplpushCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return blmoveGeneric(ctx, argv, 'tail', 'head', argv[3] as Buffer);
}

/**
 * LMPOP, or block until one of the lists gets an element; a null array after the timeout.
 * Format: BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]
 */
export function blmpopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const args = parseMpop(argv, 2);
  const timeoutMs = timeoutArg(argv[1] as Buffer);
  const reply = mpopGeneric(ctx, args);
  return reply ?? blockOn(ctx, args.keys, timeoutMs);
}
