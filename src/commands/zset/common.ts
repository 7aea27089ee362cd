// Helpers every sorted set handler shares: typed lookups, score and long arguments, the listpack
// limits, deleting an emptied set, storing a result, and the WITHSCORES reply collector.
// Mirrors: redis src/t_zset.c (zsetTypeCreate limits, zsetConvertToListpackIfNeeded callers,
// zrangeResultHandler), src/object.c (checkType, getDoubleFromObjectOrReply).
//
// Every handler follows Redis's order of checks, because clients can see it: options and ranges are
// parsed before the key is looked up (ZRANGEBYSCORE on a missing key with a bad bound is an error),
// the pops look the key up before reading their count, and ZSCAN parses its options only once the
// key is known to exist. A sorted set never exists empty: the command that removes its last member
// deletes the key. Handlers never look at the encoding; src/datatypes/zset/zset-type.ts converts.
//
// Replies: scores go out as doubles (RESP3 `,1.5`, RESP2 the bulk string "%.17g" prints). With
// WITHSCORES, RESP2 gets a flat array [member, score, ...] and RESP3 an array of [member, score]
// pairs; ZPOPMIN/ZPOPMAX nest only when COUNT was given, ZMPOP/BZMPOP always, BZPOPMIN/BZPOPMAX never.

import { NOTIFY_GENERIC, NOTIFY_ZSET } from '../../config/keyspace-events.js';
import type { RedisObject } from '../../datatypes/object.js';
import { zsetLength, type ZSetEmit, type ZSetLimits, type ZSetObject } from '../../datatypes/zset/zset-type.js';
import { notFloatError, wrongTypeError, type ReplyError } from '../../errors.js';
import { double, type Reply } from '../../protocol/reply.js';
import { parseDouble, parseLongLong } from '../../util/numbers.js';
import type { CommandContext } from '../context.js';

// --- Helpers ---

/** The value as a sorted set, or WRONGTYPE (Redis checkType). */
export function asZSet(obj: RedisObject): ZSetObject {
  if (obj.type !== 'zset') throw wrongTypeError();
  return obj;
}

/** A read lookup (counts a hit or miss): the sorted set, or undefined when the key is missing. */
export function lookupZSetRead(ctx: CommandContext, key: string): ZSetObject | undefined {
  const obj = ctx.db.lookupRead(key);
  return obj === undefined ? undefined : asZSet(obj);
}

/** A lookup on the way to a write. */
export function lookupZSetWrite(ctx: CommandContext, key: string): ZSetObject | undefined {
  const obj = ctx.db.lookupWrite(key);
  return obj === undefined ? undefined : asZSet(obj);
}

/** The last limits handed out: the same object while the settings stay (no allocation per write). */
let lastZSetLimits: ZSetLimits = { maxListpackEntries: -1, maxListpackValue: -1 };

/** The listpack thresholds, read at each write as Redis reads server.zset_max_listpack_*. */
export function zsetLimits(ctx: CommandContext): ZSetLimits {
  const values = ctx.server.config.values;
  const entries = values['zset-max-listpack-entries'];
  const value = values['zset-max-listpack-value'];
  if (lastZSetLimits.maxListpackEntries !== entries || lastZSetLimits.maxListpackValue !== value) {
    lastZSetLimits = { maxListpackEntries: entries, maxListpackValue: value };
  }
  return lastZSetLimits;
}

/** A score argument (getDoubleFromObjectOrReply): strtod rules, no NaN, no overflow. */
export function scoreArg(arg: Buffer): number {
  const value = parseDouble(arg);
  if (value === null) throw notFloatError();
  return value;
}

/**
 * A long argument whose parse error has a command-specific text (getRangeLongFromObjectOrReply and
 * getPositiveLongFromObjectOrReply with a message): the same text serves for "not a number".
 */
export function longArgOr(arg: Buffer, error: () => ReplyError): number {
  const value = parseLongLong(arg);
  if (value === null) throw error();
  return Number(value);
}

/**
 * After removing members: the command's own keyspace event, then delete the emptied key (with a
 * "del" event) or signal the change, in the order Redis sends them.
 */
export function afterRemoval(ctx: CommandContext, key: string, zset: ZSetObject, event: string): void {
  ctx.notify(NOTIFY_ZSET, event, key);
  if (zsetLength(zset) === 0) {
    ctx.db.delete(key);
    ctx.notify(NOTIFY_GENERIC, 'del', key);
  } else {
    ctx.db.touchWrite(key);
  }
}

/**
 * A store command's result goes to `dst` (setKey, dropping any TTL) with its event; an empty
 * result deletes `dst` instead, with a "del" event only if there was something to delete.
 */
export function storeResult(ctx: CommandContext, dst: string, result: ZSetObject | undefined, event: string): void {
  if (result === undefined || zsetLength(result) === 0) {
    if (ctx.db.delete(dst)) ctx.notify(NOTIFY_GENERIC, 'del', dst);
    return;
  }
  ctx.db.set(dst, result);
  ctx.notify(NOTIFY_ZSET, event, dst);
}

/**
 * Collects elements into the reply Redis sends for a range: members only, or with scores as a
 * flat [member, score, ...] (RESP2) or as [member, score] pairs (RESP3).
 */
export function rangeCollector(ctx: CommandContext, withScores: boolean): { readonly items: Reply[]; readonly emit: ZSetEmit } {
  const items: Reply[] = [];
  let emit: ZSetEmit;
  if (!withScores) emit = (member) => void items.push(member);
  else if (ctx.resp === 3) emit = (member, score) => void items.push([member, double(score)]);
  else emit = (member, score) => void items.push(member, double(score));
  return { items, emit };
}
