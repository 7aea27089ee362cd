// Helpers every list handler shares: typed lookup, argument parsers, push and pop with their keyspace
// events, deleting an emptied list, and the two blocking helpers.
// Mirrors: redis src/t_list.c (listTypePush/listTypePop callers, the notifyKeyspaceEvent calls),
// src/blocked.c (blockForKeys).
//
// Every handler follows Redis's order of checks exactly, because clients can see it: most parse
// their numeric and option arguments before looking the key up (LRANGE x on a missing key is an
// error, not an empty array), but LINDEX and LSET look the key up first. A list never exists
// empty: the command that removes its last element deletes the key.
//
// Blocking. A blocking pop that finds every key empty calls ctx.block(keys, timeout, NULL_ARRAY)
// and replies nothing yet; the server re-runs the same command once one of its keys is written
// (src/server/blocking.ts), telling it which key (ctx.wokenKey). Redis 7.0 serves a woken client
// from the key that became ready and never looks at its other keys, so the re-run considers that
// key alone: when one EXEC fills several keys a client waits on, it gets the key written first
// (BLPOP a b, then MULTI / RPUSH b x / RPUSH a y / EXEC replies b), and a key that meanwhile became
// another type leaves the client waiting instead of answering WRONGTYPE. The one WRONGTYPE a woken
// client does get, as in 7.0, is a BLMOVE whose destination is not a list when its source receives
// an element.

import { NOTIFY_GENERIC, NOTIFY_LIST } from '../../config/keyspace-events.js';
import {
  createList, listLength, listPopMany, listPush, type ListObject, type ListWhere,
} from '../../datatypes/list/list-type.js';
import type { RedisObject } from '../../datatypes/object.js';
import { syntaxError, wrongTypeError, type ReplyError } from '../../errors.js';
import { NULL_ARRAY, type Reply } from '../../protocol/reply.js';
import { parseLongLong } from '../../util/numbers.js';
import { optionWord } from '../args.js';
import type { CommandContext } from '../context.js';

// --- Helpers ---

/** The value as a list, or WRONGTYPE (Redis checkType). */
export function asList(obj: RedisObject): ListObject {
  if (obj.type !== 'list') throw wrongTypeError();
  return obj;
}

/** list-max-listpack-size: the node size of lists created now (Redis reads it at creation). */
export function listFill(ctx: CommandContext): number {
  return ctx.server.config.get('list-max-listpack-size');
}

/** LEFT or RIGHT (getListPositionFromObjectOrReply), else a syntax error. */
export function whereArg(arg: Buffer): ListWhere {
  const word = optionWord(arg);
  if (word === 'LEFT') return 'head';
  if (word === 'RIGHT') return 'tail';
  throw syntaxError();
}

/** getPositiveLongFromObjectOrReply: an integer >= 0, else `error` (the same for non-numbers). */
export function nonNegativeArg(arg: Buffer, error: () => ReplyError): number {
  const n = parseLongLong(arg);
  if (n === null || n < 0) throw error();
  return Number(n);
}

/** getRangeLongFromObjectOrReply(1, LONG_MAX): an integer >= 1, else `error`. */
export function positiveArg(arg: Buffer, error: () => ReplyError): number {
  const n = parseLongLong(arg);
  if (n === null || n < 1) throw error();
  return Number(n);
}

/** The keyspace event a push or a pop at this end reports ("lpush", "rpop" ...). */
export const pushEvent = (where: ListWhere): string => (where === 'head' ? 'lpush' : 'rpush');
export const popEvent = (where: ListWhere): string => (where === 'head' ? 'lpop' : 'rpop');

/**
 * After elements were removed (and the command's own event was sent): delete the key with a "del"
 * event if the list is now empty, else signal the change.
 */
export function afterRemoval(ctx: CommandContext, key: string, list: ListObject): void {
  if (listLength(list) === 0) {
    ctx.db.delete(key);
    ctx.notify(NOTIFY_GENERIC, 'del', key);
  } else {
    ctx.db.touchWrite(key);
  }
}

/** Push onto `dst` (looked up by the caller, a list or missing), creating the list if needed (lmoveHandlePush). */
export function pushTo(ctx: CommandContext, key: string, dst: ListObject | undefined, value: string, where: ListWhere): void {
  if (dst === undefined) {
    const list = createList(listFill(ctx));
    listPush(list, value, where);
    ctx.db.add(key, list);
  } else {
    listPush(dst, value, where);
    ctx.db.touchWrite(key);
  }
  ctx.notify(NOTIFY_LIST, pushEvent(where), key);
}

/** Pop from a list known to be non-empty: the pop event, then "del" if it emptied. */
export function popFrom(ctx: CommandContext, key: string, list: ListObject, where: ListWhere, count: number): string[] {
  const values = listPopMany(list, where, count);
  ctx.notify(NOTIFY_LIST, popEvent(where), key);
  afterRemoval(ctx, key, list);
  return values;
}

// --- Blocking helpers ---

/** Wait for a push to one of `keys`; on timeout the client gets a null array (RESP2 `*-1`, RESP3 `_`). */
export function blockOn(ctx: CommandContext, keys: readonly string[], timeoutMs: number): Reply {
  return ctx.block(keys, timeoutMs, NULL_ARRAY);
}

/**
 * May a blocking command serve from `key` now? On a first run every key may; on a re-run only the
 * key whose write woke it, and only if it holds a list (see the header).
 */
export function mayServe(ctx: CommandContext, key: string, obj: RedisObject): boolean {
  const woken = ctx.wokenKey;
  return woken === undefined || (key === woken && obj.type === 'list');
}
