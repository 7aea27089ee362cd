// Popping: LPOP, RPOP, LMOVE, RPOPLPUSH and LMPOP (the non-blocking forms).
// Mirrors: redis src/t_list.c (popGenericCommand, lmoveGenericCommand, mpopGenericCommand, lmpopGenericCommand).

import { NOTIFY_LIST } from '../../config/keyspace-events.js';
import { listPop, type ListWhere } from '../../datatypes/list/list-type.js';
import {
  countNotPositiveError, notPositiveError, numkeysNotPositiveError, syntaxError, wrongArityError, wrongTypeError,
} from '../../errors.js';
import { NULL_ARRAY, type Reply } from '../../protocol/reply.js';
import { keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import {
  afterRemoval, asList, mayServe, nonNegativeArg, popEvent, popFrom, positiveArg, pushTo, whereArg,
} from './common.js';

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
export function lpopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return popGeneric(ctx, argv, 'head', 'lpop');
}

/**
 * Remove and return the last element, or the last count elements.
 * Format: RPOP key [count]
 */
export function rpopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return popGeneric(ctx, argv, 'tail', 'rpop');
}

/**
 * lmoveGenericCommand: pop from `srcKey` and push onto `dstKey` (which may be the same list: a
 * rotation). Nil when the source is missing. A destination of another type is WRONGTYPE, returned
 * rather than thrown so that a woken BLMOVE delivers it (see the header).
 */
export function lmoveGeneric(ctx: CommandContext, srcKey: string, dstKey: string, from: ListWhere, to: ListWhere): Reply {
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
export function lmoveCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const from = whereArg(argv[3] as Buffer);
  const to = whereArg(argv[4] as Buffer);
  return lmoveGeneric(ctx, keyOf(argv[1] as Buffer), keyOf(argv[2] as Buffer), from, to);
}

/**
 * Pop the last element and push it at the head of the destination (LMOVE source destination RIGHT LEFT).
 * Format: RPOPLPUSH source destination
 */
export function rpoplpushCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return lmoveGeneric(ctx, keyOf(argv[1] as Buffer), keyOf(argv[2] as Buffer), 'tail', 'head');
}

/** LMPOP / BLMPOP arguments after numkeys (lmpopGenericCommand). */
interface MpopArgs {
  readonly keys: string[];
  readonly where: ListWhere;
  readonly count: number;
}

/** Parse `numkeys key [key ...] LEFT|RIGHT [COUNT count]` starting at argv[numkeysIdx]. */
export function parseMpop(argv: readonly Buffer[], numkeysIdx: number): MpopArgs {
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
export function mpopGeneric(ctx: CommandContext, args: MpopArgs): Reply[] | undefined {
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
export const LMOVE_ARG = Buffer.from('LMOVE');
export const RPOPLPUSH_ARG = Buffer.from('RPOPLPUSH');

export function popName(where: ListWhere): Buffer {
  return where === 'head' ? LPOP_ARG : RPOP_ARG;
}

/**
 * Pop up to count elements from the first non-empty list among the keys.
 * Format: LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]
 */
export function lmpopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return mpopGeneric(ctx, parseMpop(argv, 1)) ?? NULL_ARRAY;
}
