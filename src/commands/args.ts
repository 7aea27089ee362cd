// Argument helpers shared by every command family: keys as Map keys, integers and floats with
// Redis's exact errors. Mirrors: redis src/object.c (getLongLongFromObjectOrReply,
// getPositiveLongFromObjectOrReply, getRangeLongFromObjectOrReply).

import { notIntegerError, ReplyError } from '../errors.js';
import { parseLongLong } from '../util/numbers.js';

/** A key's Map key: the latin1 string of its bytes (lossless, one char per byte). */
export function keyOf(arg: Buffer): string {
  return arg.latin1Slice(0, arg.length);
}

/** Back from a Map key to bytes, for replies that list keys. */
export function keyBytes(key: string): Buffer {
  return Buffer.from(key, 'latin1');
}

/** The argument as an uppercase ASCII word, for option matching (NX, XX, EX ...). */
export function optionOf(arg: Buffer): string {
  return arg.latin1Slice(0, arg.length).toUpperCase();
}

/**
 * An option word as Redis's strcasecmp sees it: uppercased, and a C string, so bytes after a NUL
 * are ignored ("NX\0junk" is NX, "LEFT\0junk" is LEFT). Redis compares options this way
 * everywhere; we keep the quirk.
 */
export function optionWord(arg: Buffer): string {
  const nul = arg.indexOf(0);
  return optionOf(nul === -1 ? arg : arg.subarray(0, nul));
}

/**
 * A signed 64-bit integer argument, or ERR value is not an integer or out of range.
 * Returns a JS number; values beyond 2^53 are rounded, so callers needing exact int64
 * arithmetic (INCRBY) use int64Arg.
 */
export function intArg(arg: Buffer): number {
  const n = parseLongLong(arg);
  if (n === null) throw notIntegerError();
  return Number(n);
}

/** A signed 64-bit integer argument, exact (number when safe, else bigint). */
export function int64Arg(arg: Buffer): number | bigint {
  const n = parseLongLong(arg);
  if (n === null) throw notIntegerError();
  return n;
}

/** An integer argument within [min, max], else `message` (getRangeLongFromObjectOrReply). */
export function rangeIntArg(arg: Buffer, min: number, max: number, message: string): number {
  const n = intArg(arg);
  if (n < min || n > max) throw new ReplyError(message);
  return n;
}
