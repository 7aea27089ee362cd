// Deleting, testing and renaming keys: DEL, UNLINK, EXISTS, TYPE, TOUCH, RENAME, RENAMENX, COPY, MOVE.
// Mirrors: redis src/db.c (delGenericCommand, existsCommand, typeCommand, touchCommand,
// renameGenericCommand, copyCommand, moveCommand).
//
// Lookups follow Redis's flags: EXISTS and TYPE read "without touching" (a hit or miss is counted,
// the access time is left alone); TOUCH and COPY's source are plain reads; RENAME, MOVE and the
// destinations are write lookups (no hit/miss stats). Every one of them deletes an expired key it meets.

import { NOTIFY_GENERIC } from '../../config/keyspace-events.js';
import { duplicateObject } from '../../datatypes/object.js';
import { noSuchKeyError, sameObjectError, syntaxError } from '../../errors.js';
import { OK, status, type Reply } from '../../protocol/reply.js';
import { notifyKeyspaceEvent } from '../../pubsub/notify.js';
import { keyOf, optionOf } from '../args.js';
import type { CommandContext } from '../context.js';
import { databaseAt, int32Arg } from './args.js';

// --- Deleting, testing and renaming keys ---

/**
 * Delete keys; replies how many existed. UNLINK is the same here: Redis frees big values in a
 * background thread, while V8's garbage collector already frees them off the command path.
 * Format: DEL key [key ...]
 */
export function delCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const db = ctx.db;
  let deleted = 0;
  for (let i = 1; i < argv.length; i++) {
    const key = keyOf(argv[i] as Buffer);
    // An expired key is removed as an expiry first (stats, `expired` event), so it does not
    // count as deleted: delGenericCommand calls expireIfNeeded before dbDelete.
    db.expireIfNeeded(key);
    if (db.delete(key)) {
      deleted++;
      ctx.notify(NOTIFY_GENERIC, 'del', key);
    }
  }
  return deleted;
}

/**
 * Count the keys that exist; a key named twice counts twice.
 * Format: EXISTS key [key ...]
 */
export function existsCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  let count = 0;
  for (let i = 1; i < argv.length; i++) {
    if (ctx.db.lookupReadNoTouch(keyOf(argv[i] as Buffer)) !== undefined) count++;
  }
  return count;
}

/**
 * The type of the value at key, or "none".
 * Format: TYPE key
 */
export function typeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const obj = ctx.db.lookupReadNoTouch(keyOf(argv[1] as Buffer));
  return status(obj === undefined ? 'none' : obj.type);
}

/**
 * Count the keys that exist, updating their access time (LRU/LFU).
 * Format: TOUCH key [key ...]
 */
export function touchCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  let touched = 0;
  for (let i = 1; i < argv.length; i++) {
    if (ctx.db.lookupRead(keyOf(argv[i] as Buffer)) !== undefined) touched++;
  }
  return touched;
}

/** RENAME and RENAMENX (renameGenericCommand): the value and its TTL move to the new name. */
function renameGeneric(ctx: CommandContext, argv: readonly Buffer[], nx: boolean): Reply {
  const db = ctx.db;
  const source = keyOf(argv[1] as Buffer);
  const target = keyOf(argv[2] as Buffer);
  const obj = db.lookupWrite(source);
  if (obj === undefined) throw noSuchKeyError();
  // Renaming a key onto itself is a no-op, but only once we know the key exists.
  if (source === target) return nx ? 0 : OK;
  const expire = db.getExpire(source);
  if (db.lookupWrite(target) !== undefined) {
    if (nx) return 0;
    db.delete(target);
  }
  // A replaced target gets no "del" event of its own: RENAME reports only the move.
  db.add(target, obj);
  if (expire !== undefined) db.setExpire(target, expire);
  db.delete(source);
  ctx.notify(NOTIFY_GENERIC, 'rename_from', source);
  ctx.notify(NOTIFY_GENERIC, 'rename_to', target);
  return nx ? 1 : OK;
}

/**
 * Rename a key, replacing any value at the new name.
 * Format: RENAME key newkey
 */
export function renameCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return renameGeneric(ctx, argv, false);
}

/**
 * Rename a key only if the new name is free; replies 1 if renamed.
 * Format: RENAMENX key newkey
 */
export function renamenxCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return renameGeneric(ctx, argv, true);
}

/**
 * Copy a value (any type, deeply) and its TTL to another key, possibly in another database.
 * Format: COPY source destination [DB destination-db] [REPLACE]
 */
export function copyCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const src = ctx.db;
  let dst = ctx.db;
  let replace = false;
  for (let i = 3; i < argv.length; i++) {
    const option = optionOf(argv[i] as Buffer);
    if (option === 'REPLACE') {
      replace = true;
    } else if (option === 'DB' && i + 1 < argv.length) {
      dst = databaseAt(ctx, int32Arg(argv[++i] as Buffer));
    } else {
      throw syntaxError();
    }
  }
  const source = keyOf(argv[1] as Buffer);
  const target = keyOf(argv[2] as Buffer);
  if (src === dst && source === target) throw sameObjectError();
  const obj = src.lookupRead(source);
  if (obj === undefined) return 0;
  const expire = src.getExpire(source);
  if (dst.lookupWrite(target) !== undefined) {
    if (!replace) return 0;
    dst.delete(target);
  }
  dst.add(target, duplicateObject(obj));
  if (expire !== undefined) dst.setExpire(target, expire);
  // The event belongs to the destination's database, which need not be the selected one.
  notifyKeyspaceEvent(ctx.server, NOTIFY_GENERIC, 'copy_to', target, dst.index);
  return 1;
}

/**
 * Move a key (with its TTL) to another database; replies 0 if it is missing or the name is taken there.
 * Format: MOVE key db
 */
export function moveCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const src = ctx.db;
  const dst = databaseAt(ctx, int32Arg(argv[2] as Buffer));
  if (src === dst) throw sameObjectError();
  const key = keyOf(argv[1] as Buffer);
  const obj = src.lookupWrite(key);
  if (obj === undefined) return 0;
  const expire = src.getExpire(key);
  if (dst.lookupWrite(key) !== undefined) return 0;
  dst.add(key, obj);
  if (expire !== undefined) dst.setExpire(key, expire);
  src.delete(key);
  // One event in each database: "move_from" where the key was, "move_to" where it is now.
  ctx.notify(NOTIFY_GENERIC, 'move_from', key);
  notifyKeyspaceEvent(ctx.server, NOTIFY_GENERIC, 'move_to', key, dst.index);
  return 1;
}
