// GETBIT SETBIT BITCOUNT BITPOS BITOP: single bits, counting, searching and combining whole strings.
// Mirrors: redis src/bitops.c (getbitCommand, setbitCommand, bitcountCommand, bitposCommand, bitopCommand).
//
// A bitmap is just a string: bit 0 is the most significant bit of the first byte, and a write past
// the end zero-pads the string (which is why SETBIT on a fresh key at offset 2^32-1 allocates 512 MB
// in Redis). Writes turn an int or embstr value into raw bytes, as Redis's dbUnshareStringValue does.

import { NOTIFY_GENERIC, NOTIFY_STRING } from '../../config/keyspace-events.js';
import {
  createBitmapString, stringBitCount, stringBitPos, stringGetBit, stringGrowZero, stringWriteBit,
} from '../../datatypes/string/bits.js';
import { stringLength, stringValue, type StringObject } from '../../datatypes/string/string-type.js';
import { bitArgumentError, bitopNotSingleKeyError, bitValueError, notIntegerError, syntaxError } from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import { parseLongLong } from '../../util/numbers.js';
import { int64Arg, keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { asString } from '../string/common.js';
import { bitOffsetArg, bytesForBit, isBitUnit, resolveRange, type ByteRange } from './common.js';

// --- GETBIT / SETBIT ---

/**
 * The bit at an offset (0 past the end or for a missing key).
 * Format: GETBIT key offset
 */
export function getbitCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const offset = bitOffsetArg(ctx, argv[2] as Buffer);
  const obj = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  if (obj === undefined) return 0;
  return stringGetBit(asString(obj), offset);
}

/**
 * Set or clear one bit, growing the string as needed; returns the bit's old value. A write that
 * changes nothing (same bit, same length) is not a modification: no event, not propagated.
 * Format: SETBIT key offset value
 */
export function setbitCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const offset = bitOffsetArg(ctx, argv[2] as Buffer);
  const on = parseLongLong(argv[3] as Buffer);
  if (on === null || (on !== 0 && on !== 1)) throw bitValueError();
  const key = keyOf(argv[1] as Buffer);
  const found = ctx.db.lookupWrite(key);
  const bytes = bytesForBit(offset);
  let str: StringObject;
  let grew: boolean;
  if (found === undefined) {
    str = createBitmapString('\0'.repeat(bytes));
    ctx.db.add(key, str);
    grew = true;
  } else {
    str = asString(found);
    const wasRaw = str.encoding === 'raw';
    grew = stringGrowZero(str, bytes);
    // An int or embstr value became raw bytes even if the bit stays: a change of size only.
    if (!wasRaw && !grew) ctx.db.reprice(key);
  }
  const old = stringGetBit(str, offset);
  if (grew || old !== on) {
    stringWriteBit(str, offset, on);
    ctx.db.touchWrite(key);
    ctx.notify(NOTIFY_STRING, 'setbit', key);
  }
  return old;
}

// --- BITCOUNT / BITPOS ---

/**
 * Count the set bits, in the whole value or a BYTE (default) or BIT range.
 * Format: BITCOUNT key [start end [BYTE|BIT]]
 */
export function bitcountCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const obj = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  if (obj === undefined) return 0; // before any argument is looked at, as Redis
  const str = asString(obj);
  const length = stringLength(str);
  if (argv.length === 2) return length === 0 ? 0 : stringBitCount(str, 0, length - 1);
  if (argv.length !== 4 && argv.length !== 5) throw syntaxError();
  const start = int64Arg(argv[2] as Buffer);
  const end = int64Arg(argv[3] as Buffer);
  // Redis 7.0 answers an inverted negative range before it looks at the unit word.
  if (start < 0 && end < 0 && start > end) return 0;
  const isBit = argv.length === 5 ? isBitUnit(argv[4] as Buffer) : false;
  const range = resolveRange(length, start, end, isBit);
  if (range === null) return 0;
  return stringBitCount(str, range.start, range.end, range.firstMask, range.lastMask);
}

/**
 * The first bit set to 1 or 0, in the whole value or a BYTE (default) or BIT range. Looking for
 * 0 without an end treats the value as followed by zeros; with an explicit end it does not.
 * Format: BITPOS key bit [start [end [BYTE|BIT]]]
 */
export function bitposCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const bitArg = parseLongLong(argv[2] as Buffer);
  if (bitArg === null) throw notIntegerError();
  if (bitArg !== 0 && bitArg !== 1) throw bitArgumentError();
  const bit: 0 | 1 = bitArg;
  const obj = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  // A missing key is an endless run of zeros.
  if (obj === undefined) return bit === 1 ? -1 : 0;
  const str = asString(obj);
  const length = stringLength(str);
  let range: ByteRange | null;
  let endGiven = false;
  if (argv.length === 3) {
    range = resolveRange(length, 0, -1, false);
  } else if (argv.length <= 6) {
    const start = int64Arg(argv[3] as Buffer);
    const isBit = argv.length === 6 ? isBitUnit(argv[5] as Buffer) : false;
    let end: number | bigint;
    if (argv.length >= 5) {
      end = int64Arg(argv[4] as Buffer);
      endGiven = true;
    } else {
      end = isBit ? length * 8 + 7 : length - 1;
    }
    range = resolveRange(length, start, end, isBit);
  } else {
    throw syntaxError();
  }
  if (range === null) return -1;
  const pos = stringBitPos(str, bit, range.startBit, range.endBit);
  if (pos !== -1 || bit === 1 || endGiven) return pos;
  // No clear bit in the value itself: the first one is just past it.
  return (range.end + 1) * 8;
}

// --- BITOP ---

/**
 * AND, OR, XOR of the source strings (missing ones are empty, shorter ones zero-padded), or NOT of
 * one, stored at destkey as raw bytes; an all-empty result deletes destkey. Returns the length.
 * Format: BITOP AND|OR|XOR|NOT destkey key [key ...]
 */
export function bitopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const op = optionWord(argv[1] as Buffer);
  if (op !== 'AND' && op !== 'OR' && op !== 'XOR' && op !== 'NOT') throw syntaxError();
  if (op === 'NOT' && argv.length !== 4) throw bitopNotSingleKeyError();
  const sources: Buffer[] = [];
  let maxLength = 0;
  for (let j = 3; j < argv.length; j++) {
    const obj = ctx.db.lookupRead(keyOf(argv[j] as Buffer));
    const bytes = obj === undefined ? Buffer.alloc(0) : Buffer.from(stringValue(asString(obj)), 'latin1');
    sources.push(bytes);
    if (bytes.length > maxLength) maxLength = bytes.length;
  }
  const dest = keyOf(argv[2] as Buffer);
  if (maxLength === 0) {
    if (ctx.db.delete(dest)) ctx.notify(NOTIFY_GENERIC, 'del', dest);
    return 0;
  }
  const result = Buffer.alloc(maxLength);
  const first = sources[0] as Buffer;
  first.copy(result);
  if (op === 'NOT') {
    for (let i = 0; i < maxLength; i++) result[i] = ~(result[i] as number) & 0xff;
  } else {
    for (let s = 1; s < sources.length; s++) {
      const src = sources[s] as Buffer;
      for (let i = 0; i < maxLength; i++) {
        const b = i < src.length ? (src[i] as number) : 0;
        const a = result[i] as number;
        result[i] = op === 'AND' ? a & b : op === 'OR' ? a | b : a ^ b;
      }
    }
  }
  ctx.db.set(dest, createBitmapString(result.latin1Slice(0, maxLength)));
  ctx.notify(NOTIFY_STRING, 'set', dest);
  return maxLength;
}
