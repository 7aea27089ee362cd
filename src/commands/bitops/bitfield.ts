// BITFIELD and BITFIELD_RO: integers of 1 to 64 bits at any bit offset, with overflow policies.
// Mirrors: redis src/bitops.c (bitfieldGeneric, getBitfieldTypeFromArgument).

import { NOTIFY_STRING } from '../../config/keyspace-events.js';
import {
  bitfieldAdd, createBitmapString, readBitfield, stringGrowZero, writeBitfield, type BitfieldOverflow,
} from '../../datatypes/string/bits.js';
import { stringValue, type StringObject } from '../../datatypes/string/string-type.js';
import { bitfieldOverflowTypeError, bitfieldReadonlyError, bitfieldTypeError, syntaxError } from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import { parseLongLong } from '../../util/numbers.js';
import { int64Arg, keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { asString } from '../string/common.js';
import { bitOffsetArg, bytesForBit } from './common.js';

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
