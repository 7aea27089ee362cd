// Pops: ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms BZPOPMIN, BZPOPMAX, BZMPOP.
// Mirrors: redis src/t_zset.c (genericZpopCommand, blockingGenericZpopCommand, zmpopGenericCommand).
//
// Blocking. BZPOPMIN/BZPOPMAX/BZMPOP with nothing to pop call ctx.block(keys, timeout, NULL_ARRAY);
// the server re-runs the command once a key is written (src/server/blocking.ts), telling it which
// key (ctx.wokenKey). As in Redis 7.0 the re-run serves from that key alone (the key written first
// when one EXEC fills several), and a key that meanwhile became another type leaves it waiting.

import {
  zsetDeleteRange, zsetEmitRange, zsetLength, type ZSetEmit, type ZSetObject,
} from '../../datatypes/zset/zset-type.js';
import { countNotPositiveError, notPositiveError, numkeysNotPositiveError, syntaxError } from '../../errors.js';
import { double, NULL_ARRAY, type Reply } from '../../protocol/reply.js';
import { keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { timeoutArg } from '../timeout.js';
import { afterRemoval, asZSet, longArgOr } from './common.js';

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
export function zpopminCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zpopMinMax(ctx, argv, false);
}

/**
 * Remove and return the members with the highest scores (one, or up to `count`).
 * Format: ZPOPMAX key [count]
 */
export function zpopmaxCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
export function bzpopminCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return bzpopMinMax(ctx, argv, false);
}

/**
 * Pop the highest-scored member of the first non-empty set, or wait: [key, member, score].
 * Format: BZPOPMAX key [key ...] timeout
 */
export function bzpopmaxCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
export function zmpopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zmpopGeneric(ctx, argv, 1, false);
}

/**
 * ZMPOP, or wait for a member when every set is empty.
 * Format: BZMPOP timeout numkeys key [key ...] MIN | MAX [COUNT count]
 */
export function bzmpopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return zmpopGeneric(ctx, argv, 2, true);
}
