// Arguments the bitmap commands share: bit offsets (with BITFIELD's #N form) and BITCOUNT/BITPOS ranges.
// Mirrors: redis src/bitops.c (getBitOffsetFromArgument, the range code of bitcountCommand/bitposCommand).

import { MAX_STRING_BYTES } from '../../datatypes/string/string-type.js';
import { bitOffsetError, syntaxError } from '../../errors.js';
import { parseLongLong } from '../../util/numbers.js';
import { optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { maxStringBytes } from '../string/common.js';

// --- Argument parsing ---

/**
 * A bit offset (getBitOffsetFromArgument): a non-negative int64 whose byte stays under
 * proto-max-bulk-len. With `bits` (BITFIELD), "#N" means N * bits.
 */
export function bitOffsetArg(ctx: CommandContext, arg: Buffer, bits = 0): number {
  const hash = bits > 0 && arg[0] === 0x23; /* # */
  const parsed = parseLongLong(hash ? arg.subarray(1) : arg);
  if (parsed === null) throw bitOffsetError();
  let offset = BigInt(parsed);
  if (hash) offset = BigInt.asIntN(64, offset * BigInt(bits)); // C's int64 multiply wraps
  if (offset < 0n || offset >> 3n >= BigInt(maxStringBytes(ctx))) throw bitOffsetError();
  return Number(offset);
}

/**
 * Room for bit `maxBit` in a string we are about to write: V8's own string cap is below the
 * 512 MB Redis allows. DIFFERS FROM REDIS: past it the offset is refused as out of range.
 */
export function bytesForBit(maxBit: number): number {
  const bytes = Math.floor(maxBit / 8) + 1;
  if (bytes > MAX_STRING_BYTES) throw bitOffsetError();
  return bytes;
}

/** BYTE or BIT (BITCOUNT/BITPOS's unit); anything else is a syntax error. */
export function isBitUnit(arg: Buffer): boolean {
  const unit = optionWord(arg);
  if (unit === 'BIT') return true;
  if (unit === 'BYTE') return false;
  throw syntaxError();
}

/** A resolved [start, end] range in bytes, with masks for the bits outside a BIT range at its edges. */
export interface ByteRange {
  start: number;
  end: number;
  firstMask: number;
  lastMask: number;
  /** The same range in bits. */
  startBit: number;
  endBit: number;
}

/**
 * BITCOUNT/BITPOS's range conversion: negative indexes count from the end (of the bytes, or of
 * the bits with BIT), then clamp to the value. `end` undefined: BITPOS without an end.
 * Null: the empty range (start > end).
 */
export function resolveRange(length: number, startArg: number | bigint, endArg: number | bigint, isBit: boolean): ByteRange | null {
  const total = BigInt(length) * (isBit ? 8n : 1n);
  let start = BigInt(startArg);
  let end = BigInt(endArg);
  if (start < 0n) start += total;
  if (end < 0n) end += total;
  if (start < 0n) start = 0n;
  if (end < 0n) end = 0n;
  if (end >= total) end = total - 1n;
  if (start > end) return null;
  let s = Number(start);
  let e = Number(end);
  let firstMask = 0;
  let lastMask = 0;
  const startBit = isBit ? s : s * 8;
  const endBit = isBit ? e : e * 8 + 7;
  if (isBit) {
    firstMask = ~((1 << (8 - (s & 7))) - 1) & 0xff;
    lastMask = (1 << (7 - (e & 7))) - 1;
    s = Math.floor(s / 8);
    e = Math.floor(e / 8);
  }
  return { start: s, end: e, firstMask, lastMask, startBit, endBit };
}
