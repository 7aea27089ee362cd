// Editing in place: LSET, LREM and LTRIM.
// Mirrors: redis src/t_list.c (lsetCommand, lremCommand, ltrimCommand).

import { NOTIFY_LIST } from '../../config/keyspace-events.js';
import { listRemove, listSet, listTrim } from '../../datatypes/list/list-type.js';
import { noSuchKeyError, outOfRangeError } from '../../errors.js';
import { OK, type Reply } from '../../protocol/reply.js';
import { intArg, keyOf } from '../args.js';
import type { CommandContext } from '../context.js';
import { afterRemoval, asList } from './common.js';

// --- Commands: editing in place ---

/**
 * Set the element at an index. ERR no such key / ERR index out of range.
 * Format: LSET key index element
 */
export function lsetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const found = ctx.db.lookupWrite(key);
  if (found === undefined) throw noSuchKeyError();
  const list = asList(found);
  const index = intArg(argv[2] as Buffer);
  if (!listSet(list, index, keyOf(argv[3] as Buffer))) throw outOfRangeError();
  ctx.db.touchWrite(key);
  ctx.notify(NOTIFY_LIST, 'lset', key);
  return OK;
}

/**
 * Remove elements equal to element: count > 0 the first count from the head, < 0 from the tail,
 * 0 all. Replies how many were removed.
 * Format: LREM key count element
 */
export function lremCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const count = intArg(argv[2] as Buffer);
  const key = keyOf(argv[1] as Buffer);
  const found = ctx.db.lookupWrite(key);
  if (found === undefined) return 0;
  const list = asList(found);
  const removed = listRemove(list, keyOf(argv[3] as Buffer), count);
  if (removed > 0) {
    ctx.notify(NOTIFY_LIST, 'lrem', key);
    afterRemoval(ctx, key, list);
  }
  return removed;
}

/**
 * Keep only the elements from start to stop inclusive; an empty range deletes the key.
 * Format: LTRIM key start stop
 */
export function ltrimCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const start = intArg(argv[2] as Buffer);
  const end = intArg(argv[3] as Buffer);
  const key = keyOf(argv[1] as Buffer);
  const found = ctx.db.lookupWrite(key);
  if (found === undefined) return OK;
  const list = asList(found);
  listTrim(list, start, end);
  // Redis signals the key and sends "ltrim" even when nothing was trimmed (a WATCH on it fails).
  ctx.notify(NOTIFY_LIST, 'ltrim', key);
  afterRemoval(ctx, key, list);
  return OK;
}
