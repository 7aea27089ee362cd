// The bitmap commands: GETBIT SETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO, on string values.
// Mirrors: redis src/bitops.c (getbitCommand, setbitCommand, bitcountCommand, bitposCommand,
// bitopCommand, bitfieldGeneric, getBitOffsetFromArgument, getBitfieldTypeFromArgument,
// lookupStringForBitCommand) and src/commands/{getbit,setbit,...}.json.
//
// A bitmap is just a string: bit 0 is the most significant bit of the first byte, and a write past
// the end zero-pads the string (which is why SETBIT on a fresh key at offset 2^32-1 allocates 512 MB
// in Redis). Writes turn an int-encoded value into raw bytes, as Redis's dbUnshareStringValue does.

import { NOTIFY_GENERIC, NOTIFY_STRING } from '../config/keyspace-events.js';
import {
  bitfieldAdd, createBitmapString, readBitfield, writeBitfield, stringBitCount, stringBitPos, stringGetBit, stringGrowZero,
  stringWriteBit, type BitfieldOverflow,
} from '../datatypes/string/bits.js';
import { MAX_STRING_BYTES, stringLength, stringValue, type StringObject } from '../datatypes/string/string-type.js';
import {
  bitArgumentError, bitfieldOverflowTypeError, bitfieldReadonlyError, bitfieldTypeError, bitOffsetError,
  bitopNotSingleKeyError, bitValueError, notIntegerError, syntaxError,
} from '../errors.js';
import type { Reply } from '../protocol/reply.js';
import { parseLongLong } from '../util/numbers.js';
import { int64Arg, keyOf, optionWord } from './args.js';
import type { CommandContext } from './context.js';
import { keyAt } from './key-specs.js';
import { asString, maxStringBytes } from './string/common.js';
import type { CommandSpec } from './types.js';

// --- Argument parsing ---

/**
 * A bit offset (getBitOffsetFromArgument): a non-negative int64 whose byte stays under
 * proto-max-bulk-len. With `bits` (BITFIELD), "#N" means N * bits.
 */
function bitOffsetArg(ctx: CommandContext, arg: Buffer, bits = 0): number {
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
function bytesForBit(maxBit: number): number {
  const bytes = Math.floor(maxBit / 8) + 1;
  if (bytes > MAX_STRING_BYTES) throw bitOffsetError();
  return bytes;
}

/** BYTE or BIT (BITCOUNT/BITPOS's unit); anything else is a syntax error. */
function isBitUnit(arg: Buffer): boolean {
  const unit = optionWord(arg);
  if (unit === 'BIT') return true;
  if (unit === 'BYTE') return false;
  throw syntaxError();
}

/** A resolved [start, end] range in bytes, with masks for the bits outside a BIT range at its edges. */
interface ByteRange {
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
function resolveRange(length: number, startArg: number | bigint, endArg: number | bigint, isBit: boolean): ByteRange | null {
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

// --- BITFIELD / BITFIELD_RO ---

interface BitfieldOp {
  readonly write: 'set' | 'incrby' | null;
  readonly signed: boolean;
  readonly bits: number;
  readonly offset: number;
  readonly value: bigint;
  readonly overflow: BitfieldOverflow;
}

/** i1..i64 or u1..u63 (getBitfieldTypeFromArgument). */
function bitfieldTypeArg(typeArg: Buffer): { signed: boolean; bits: number } {
  // Redis reads the width as a C string: bytes after a NUL are ignored.
  const nul = typeArg.indexOf(0);
  const arg = nul === -1 ? typeArg : typeArg.subarray(0, nul);
  const sign = arg[0] === undefined ? '' : String.fromCharCode(arg[0]); // lowercase only
  if (sign !== 'i' && sign !== 'u') throw bitfieldTypeError();
  const bits = parseLongLong(arg.subarray(1));
  const signed = sign === 'i';
  if (bits === null || bits < 1 || bits > (signed ? 64 : 63)) throw bitfieldTypeError();
  return { signed, bits: Number(bits) };
}

/** An int64 reply: a number while it is exact. */
function intReply(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** Parse every operation first (errors before any write), then run them in order on one copy of the bytes. */
function bitfieldGeneric(ctx: CommandContext, argv: readonly Buffer[], readonlyCommand: boolean): Reply {
  const ops: BitfieldOp[] = [];
  let overflow: BitfieldOverflow = 'wrap';
  let highestWrite = -1;
  for (let j = 2; j < argv.length; j++) {
    const remaining = argv.length - j - 1;
    const word = optionWord(argv[j] as Buffer);
    let write: BitfieldOp['write'];
    if (word === 'GET' && remaining >= 2) write = null;
    else if (word === 'SET' && remaining >= 3) write = 'set';
    else if (word === 'INCRBY' && remaining >= 3) write = 'incrby';
    else if (word === 'OVERFLOW' && remaining >= 1) {
      const policy = optionWord(argv[++j] as Buffer);
      if (policy === 'WRAP') overflow = 'wrap';
      else if (policy === 'SAT') overflow = 'sat';
      else if (policy === 'FAIL') overflow = 'fail';
      else throw bitfieldOverflowTypeError();
      continue;
    } else {
      throw syntaxError();
    }
    const { signed, bits } = bitfieldTypeArg(argv[j + 1] as Buffer);
    const offset = bitOffsetArg(ctx, argv[j + 2] as Buffer, bits);
    let value = 0n;
    if (write !== null) {
      highestWrite = Math.max(highestWrite, offset + bits - 1);
      value = BigInt(int64Arg(argv[j + 3] as Buffer));
    }
    ops.push({ write, signed, bits, offset, value, overflow });
    j += write === null ? 2 : 3;
  }

  const key = keyOf(argv[1] as Buffer);
  let str: StringObject | undefined;
  if (highestWrite < 0) {
    const found = ctx.db.lookupRead(key);
    if (found !== undefined) str = asString(found);
  } else {
    if (readonlyCommand) throw bitfieldReadonlyError();
    const bytes = bytesForBit(highestWrite);
    const found = ctx.db.lookupWrite(key);
    if (found === undefined) {
      // SIMPLIFIED: Redis adds the key without counting a change (it is created even if every
      // write FAILs); here adding a key is always a modification.
      str = createBitmapString('\0'.repeat(bytes));
      ctx.db.add(key, str);
    } else {
      str = asString(found);
      stringGrowZero(str, bytes);
      ctx.db.reprice(key); // it may have grown, or turned from int into raw bytes
    }
  }

  const buf = str === undefined ? Buffer.alloc(0) : Buffer.from(stringValue(str), 'latin1');
  const replies: Reply[] = [];
  let changes = 0;
  for (const op of ops) {
    const raw = readBitfield(buf, op.offset, op.bits);
    const old = op.signed ? BigInt.asIntN(op.bits, raw) : raw;
    if (op.write === null) {
      replies.push(intReply(old));
      continue;
    }
    const next = op.write === 'incrby'
      ? bitfieldAdd(op.signed, op.bits, old, op.value, op.overflow)
      : bitfieldAdd(op.signed, op.bits, op.value, 0n, op.overflow);
    if (next === null) {
      replies.push(null);
      continue;
    }
    replies.push(intReply(op.write === 'incrby' ? next : old));
    // Redis 7.0 counts a change only when the field's value differs (a same-value SET is no write).
    if (next !== old) {
      writeBitfield(buf, op.offset, op.bits, next);
      changes++;
    }
  }
  if (changes > 0 && str !== undefined) {
    str.value = buf.latin1Slice(0, buf.length);
    ctx.db.touchWrite(key);
    ctx.notify(NOTIFY_STRING, 'setbit', key);
  }
  return replies;
}

/**
 * Read, set and increment integers of any width up to 64 bits at any bit offset.
 * Format: BITFIELD key [GET encoding offset | [OVERFLOW WRAP|SAT|FAIL] SET encoding offset value | INCRBY encoding offset increment ...]
 */
export function bitfieldCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return bitfieldGeneric(ctx, argv, false);
}

/**
 * BITFIELD with GET only, so it can run on read-only replicas and in read-only scripts.
 * Format: BITFIELD_RO key [GET encoding offset ...]
 */
export function bitfieldRoCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return bitfieldGeneric(ctx, argv, true);
}

// --- Specs (src/commands/<name>.json) ---

const ONE_KEY = { first: 1, last: 1, step: 1 } as const;
const BYTE_BIT_HISTORY = [['7.0.0', 'Added the `BYTE|BIT` option.']] as const;

export const bitopsCommands: readonly CommandSpec[] = [
  {
    name: 'getbit', group: 'bitmap', arity: 3, flags: ['readonly', 'fast'], keys: ONE_KEY, acl: ['read', 'bitmap', 'fast'],
    keySpecs: [keyAt(1, ['RO', 'access'])],
    summary: 'Returns the bit value at offset in the string value stored at key', since: '2.2.0', complexity: 'O(1)',
    handler: getbitCommand,
  } satisfies CommandSpec,
  {
    name: 'setbit', group: 'bitmap', arity: 4, flags: ['write', 'denyoom'], keys: ONE_KEY, acl: ['write', 'bitmap', 'slow'],
    keySpecs: [keyAt(1, ['RW', 'access', 'update'])],
    summary: 'Sets or clears the bit at offset in the string value stored at key', since: '2.2.0', complexity: 'O(1)',
    handler: setbitCommand,
  } satisfies CommandSpec,
  {
    name: 'bitcount', group: 'bitmap', arity: -2, flags: ['readonly'], keys: ONE_KEY, acl: ['read', 'bitmap', 'slow'],
    keySpecs: [keyAt(1, ['RO', 'access'])], history: BYTE_BIT_HISTORY,
    summary: 'Count set bits in a string', since: '2.6.0', complexity: 'O(N)', handler: bitcountCommand,
  } satisfies CommandSpec,
  {
    name: 'bitpos', group: 'bitmap', arity: -3, flags: ['readonly'], keys: ONE_KEY, acl: ['read', 'bitmap', 'slow'],
    keySpecs: [keyAt(1, ['RO', 'access'])], history: BYTE_BIT_HISTORY,
    summary: 'Find first bit set or clear in a string', since: '2.8.7', complexity: 'O(N)', handler: bitposCommand,
  } satisfies CommandSpec,
  {
    name: 'bitop', group: 'bitmap', arity: -4, flags: ['write', 'denyoom'], keys: { first: 2, last: -1, step: 1 },
    acl: ['write', 'bitmap', 'slow'], keySpecs: [keyAt(2, ['OW', 'update']), keyAt(3, ['RO', 'access'], -1)],
    summary: 'Perform bitwise operations between strings', since: '2.6.0', complexity: 'O(N)', handler: bitopCommand,
  } satisfies CommandSpec,
  {
    name: 'bitfield', group: 'bitmap', arity: -2, flags: ['write', 'denyoom'], keys: ONE_KEY, acl: ['write', 'bitmap', 'slow'],
    keySpecs: [{
      ...keyAt(1, ['RW', 'access', 'update', 'variable_flags']),
      notes: 'This command allows both access and modification of the key',
    }],
    summary: 'Perform arbitrary bitfield integer operations on strings', since: '3.2.0',
    complexity: 'O(1) for each subcommand specified', handler: bitfieldCommand,
  } satisfies CommandSpec,
  {
    name: 'bitfield_ro', group: 'bitmap', arity: -2, flags: ['readonly', 'fast'], keys: ONE_KEY,
    acl: ['read', 'bitmap', 'fast'], keySpecs: [keyAt(1, ['RO', 'access'])],
    summary: 'Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD', since: '6.0.0',
    complexity: 'O(1) for each subcommand specified', handler: bitfieldRoCommand,
  } satisfies CommandSpec,
];
