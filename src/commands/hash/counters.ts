// Counters in fields: HINCRBY and HINCRBYFLOAT (logged to the AOF as the HSET of the result).
// Mirrors: redis src/t_hash.c (hincrbyCommand, hincrbyfloatCommand).

import { NOTIFY_HASH } from '../../config/keyspace-events.js';
import { hashGet, hashSet } from '../../datatypes/hash/hash-type.js';
import { parseInt64Latin1 } from '../../datatypes/string/int-parse.js';
import { addInt64 } from '../../datatypes/string/string-ops.js';
import {
  hashValueNotFloatError, hashValueNotIntegerError, incrementNanOrInfinityError, nanOrInfinityError, notFloatError,
  overflowError,
} from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import {
  addLongDoubles, formatLongDouble, isFiniteLongDouble, longDoubleFromNumber, parseLongDouble,
} from '../../util/numbers.js';
import { int64Arg, keyOf } from '../args.js';
import type { CommandContext } from '../context.js';
import { bytes, commitWrite, hashLimits, lookupHashWrite } from './common.js';

// --- Counters ---

/**
 * Add an integer to a field's value (0 if missing); replies the new value.
 * Format: HINCRBY key field increment
 */
export function hincrbyCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const increment = int64Arg(argv[3] as Buffer);
  const key = keyOf(argv[1] as Buffer);
  const field = bytes(argv[2] as Buffer);
  const { hash, created } = lookupHashWrite(ctx, key);
  const old = hashGet(hash, field);
  const current = old === undefined ? 0 : parseInt64Latin1(old);
  if (current === null) throw hashValueNotIntegerError();
  const next = addInt64(current, increment);
  if (next === null) throw overflowError();
  hashSet(hash, field, String(next), hashLimits(ctx));
  commitWrite(ctx, key, hash, created);
  ctx.notify(NOTIFY_HASH, 'hincrby', key);
  return next;
}

/**
 * Add a float to a field's value (0 if missing), in 80-bit long double like INCRBYFLOAT, and store
 * the result as text; replies that text.
 * Format: HINCRBYFLOAT key field increment
 */
export function hincrbyfloatCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const increment = parseLongDouble(argv[3] as Buffer);
  if (increment === null) throw notFloatError();
  if (!isFiniteLongDouble(increment)) throw incrementNanOrInfinityError();
  const key = keyOf(argv[1] as Buffer);
  const field = bytes(argv[2] as Buffer);
  const { hash, created } = lookupHashWrite(ctx, key);
  const old = hashGet(hash, field);
  const current = old === undefined ? longDoubleFromNumber(0) : parseLongDouble(Buffer.from(old, 'latin1'));
  if (current === null) throw hashValueNotFloatError();
  const sum = addLongDoubles(current, increment);
  if (!isFiniteLongDouble(sum)) throw nanOrInfinityError();
  const text = formatLongDouble(sum);
  hashSet(hash, field, text, hashLimits(ctx));
  commitWrite(ctx, key, hash, created);
  // Logged as the result, HSET key field value: float rounding may differ where it is replayed.
  if (ctx.server.propagation !== undefined) {
    ctx.propagateAs([HSET_ARG, argv[1] as Buffer, argv[2] as Buffer, Buffer.from(text, 'latin1')]);
  }
  ctx.notify(NOTIFY_HASH, 'hincrbyfloat', key);
  return text;
}

const HSET_ARG = Buffer.from('HSET');
