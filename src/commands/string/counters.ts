// Counters: INCR, DECR, INCRBY, DECRBY and INCRBYFLOAT.
// Mirrors: redis src/t_string.c (incrDecrCommand, incrbyfloatCommand).

import { NOTIFY_STRING } from '../../config/keyspace-events.js';
import { addInt64, setStringInt, stringAsLongDouble } from '../../datatypes/string/string-ops.js';
import { createRawOrEmbstr, createStringFromInt, stringAsInt } from '../../datatypes/string/string-type.js';
import {
  decrementOverflowError, nanOrInfinityError, notFloatError, notIntegerError, overflowError,
} from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import {
  addLongDoubles, formatLongDouble, isFiniteLongDouble, longDoubleFromNumber, parseLongDouble,
} from '../../util/numbers.js';
import { int64Arg, keyOf } from '../args.js';
import type { CommandContext } from '../context.js';
import { asString } from './common.js';
import { KEEPTTL_ARG, SET_ARG } from './set-options.js';

// --- Commands: counters ---

/** incrDecrCommand: add `increment` to the integer value (0 if missing), keeping the TTL. */
function incrDecr(ctx: CommandContext, keyArg: Buffer, increment: number | bigint): Reply {
  const key = keyOf(keyArg);
  const obj = ctx.db.lookupWrite(key);
  const str = obj === undefined ? undefined : asString(obj);
  const current = str === undefined ? 0 : stringAsInt(str);
  if (current === null) throw notIntegerError();
  const next = addInt64(current, increment);
  if (next === null) throw overflowError();
  if (str === undefined) {
    ctx.db.add(key, createStringFromInt(next));
  } else {
    // Redis edits an int-encoded object in place; either way the result is int-encoded.
    setStringInt(str, next);
    ctx.db.touchWriteDone(key, str);
  }
  ctx.notify(NOTIFY_STRING, 'incrby', key);
  return next;
}

/**
 * Add 1 to the integer value.
 * Format: INCR key
 */
export function incrCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return incrDecr(ctx, argv[1] as Buffer, 1);
}

/**
 * Subtract 1 from the integer value.
 * Format: DECR key
 */
export function decrCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return incrDecr(ctx, argv[1] as Buffer, -1);
}

/**
 * Add an int64 increment to the integer value.
 * Format: INCRBY key increment
 */
export function incrbyCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return incrDecr(ctx, argv[1] as Buffer, int64Arg(argv[2] as Buffer));
}

const INT64_MIN = -9223372036854775808n;

/**
 * Subtract an int64 decrement from the integer value. INT64_MIN cannot be negated, so Redis refuses
 * it before looking at the key.
 * Format: DECRBY key decrement
 */
export function decrbyCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const decrement = int64Arg(argv[2] as Buffer);
  if (decrement === INT64_MIN) throw decrementOverflowError();
  const increment = typeof decrement === 'bigint' ? -decrement : decrement === 0 ? 0 : -decrement;
  return incrDecr(ctx, argv[1] as Buffer, increment);
}

/**
 * Add a floating point increment, computed in 80-bit long double as Redis does on x86-64 and stored
 * as text ("%.17Lf" without trailing zeros), so the result is never int-encoded.
 * Format: INCRBYFLOAT key increment
 */
export function incrbyfloatCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const obj = ctx.db.lookupWrite(key);
  const str = obj === undefined ? undefined : asString(obj);
  // The stored value is checked before the increment, as in Redis.
  const current = str === undefined ? longDoubleFromNumber(0) : stringAsLongDouble(str);
  if (current === null) throw notFloatError();
  const increment = parseLongDouble(argv[2] as Buffer);
  if (increment === null) throw notFloatError();
  const sum = addLongDoubles(current, increment);
  if (!isFiniteLongDouble(sum)) throw nanOrInfinityError();
  const text = formatLongDouble(sum);
  // dbOverwrite keeps the TTL; a new key is added.
  if (str === undefined) ctx.db.add(key, createRawOrEmbstr(text));
  else ctx.db.overwrite(key, createRawOrEmbstr(text));
  // Logged as the result, SET key value KEEPTTL: float rounding may differ where it is replayed.
  if (ctx.server.propagation !== undefined) ctx.propagateAs([SET_ARG, argv[1] as Buffer, Buffer.from(text, 'latin1'), KEEPTTL_ARG]);
  ctx.notify(NOTIFY_STRING, 'incrbyfloat', key);
  return text;
}
