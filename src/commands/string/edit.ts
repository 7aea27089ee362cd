// In-place edits: APPEND and SETRANGE.
// Mirrors: redis src/t_string.c (appendCommand, setrangeCommand).

import { NOTIFY_STRING } from '../../config/keyspace-events.js';
import {
  createStringForSetRange, exceedsStringLimit, stringAppend, stringSetRange,
} from '../../datatypes/string/string-ops.js';
import { createString, stringLength } from '../../datatypes/string/string-type.js';
import { offsetOutOfRangeError, stringTooLongError } from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import { int64Arg, keyOf } from '../args.js';
import type { CommandContext } from '../context.js';
import { asString, maxStringBytes } from './common.js';

// --- Commands: in-place edits ---

/**
 * Append to the value (creating the key if missing); returns the new length.
 * Format: APPEND key value
 */
export function appendCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const tail = argv[2] as Buffer;
  const obj = ctx.db.lookupWrite(key);
  if (obj === undefined) {
    // A new key is stored like SET stores it, so APPEND of "1" to nothing is int-encoded.
    const created = createString(tail);
    ctx.db.add(key, created);
    ctx.notify(NOTIFY_STRING, 'append', key);
    return stringLength(created);
  }
  const str = asString(obj);
  if (exceedsStringLimit(stringLength(str), tail.length, maxStringBytes(ctx))) throw stringTooLongError();
  const length = stringAppend(str, tail.latin1Slice(0, tail.length));
  ctx.db.touchWrite(key);
  ctx.notify(NOTIFY_STRING, 'append', key);
  return length;
}

/**
 * Overwrite part of the value at a byte offset, zero-padding as needed; returns the new length.
 * Format: SETRANGE key offset value
 */
export function setrangeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const offset = int64Arg(argv[2] as Buffer);
  const patch = argv[3] as Buffer;
  if (offset < 0) throw offsetOutOfRangeError();
  const obj = ctx.db.lookupWrite(key);
  if (obj === undefined) {
    // Writing nothing to a missing key creates nothing.
    if (patch.length === 0) return 0;
    if (exceedsStringLimit(offset, patch.length, maxStringBytes(ctx))) throw stringTooLongError();
    const created = createStringForSetRange(Number(offset), patch.latin1Slice(0, patch.length));
    ctx.db.add(key, created);
    ctx.notify(NOTIFY_STRING, 'setrange', key);
    return stringLength(created);
  }
  const str = asString(obj);
  if (patch.length === 0) return stringLength(str);
  if (exceedsStringLimit(offset, patch.length, maxStringBytes(ctx))) throw stringTooLongError();
  const length = stringSetRange(str, Number(offset), patch.latin1Slice(0, patch.length));
  ctx.db.touchWrite(key);
  ctx.notify(NOTIFY_STRING, 'setrange', key);
  return length;
}
