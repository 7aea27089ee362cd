// Helpers the set handlers share: typed lookups, the intset/listpack limits, storing a result and
// deleting a set its last member left.
// Mirrors: redis src/t_set.c (setTypeCreate limits, the dbDelete/notify tails of sremCommand and
// sinterGenericCommand), src/object.c (checkType).
//
// Members are bytes: they are kept as latin1 strings (keyOf) and replied as such. The handlers never
// look at the encoding: src/datatypes/set/set-type.ts picks intset or hashtable and converts, and
// set-ops.ts does the algebra.

import { NOTIFY_GENERIC, NOTIFY_SET } from '../../config/keyspace-events.js';
import type { RedisObject } from '../../datatypes/object.js';
import { setSize, type SetLimits, type SetObject } from '../../datatypes/set/set-type.js';
import { wrongTypeError } from '../../errors.js';
import { keyOf } from '../args.js';
import type { CommandContext } from '../context.js';

// --- Helpers ---

/** The value as a set, or WRONGTYPE (Redis checkType). */
export function asSet(obj: RedisObject): SetObject {
  if (obj.type !== 'set') throw wrongTypeError();
  return obj;
}

/** A read lookup (counts a hit or miss): the set, or undefined when the key is missing. */
export function lookupSetRead(ctx: CommandContext, key: string): SetObject | undefined {
  const obj = ctx.db.lookupRead(key);
  return obj === undefined ? undefined : asSet(obj);
}

export function lookupSetWrite(ctx: CommandContext, key: string): SetObject | undefined {
  const obj = ctx.db.lookupWrite(key);
  return obj === undefined ? undefined : asSet(obj);
}

/** The last limits handed out: the same object while the setting stays (no allocation per write). */
let lastSetLimits: SetLimits = { maxIntsetEntries: -1 };

/** The intset threshold, read at each write as Redis reads server.set_max_intset_entries. */
export function setLimits(ctx: CommandContext): SetLimits {
  const entries = ctx.server.config.values['set-max-intset-entries'];
  if (lastSetLimits.maxIntsetEntries !== entries) lastSetLimits = { maxIntsetEntries: entries };
  return lastSetLimits;
}

export const bytes = (arg: Buffer): string => arg.latin1Slice(0, arg.length);

/**
 * Every source set of an algebra command, or WRONGTYPE if any key holds another type (Redis 7.0
 * checks every key, even after a missing one). Missing keys are undefined.
 */
export function lookupSources(ctx: CommandContext, argv: readonly Buffer[], from: number, to = argv.length): (SetObject | undefined)[] {
  const sets: (SetObject | undefined)[] = [];
  for (let i = from; i < to; i++) sets.push(lookupSetRead(ctx, keyOf(argv[i] as Buffer)));
  return sets;
}

/**
 * Store a STORE command's result with its event ("sinterstore" ...). An empty result deletes the
 * destination instead, with a "del" event only if there was something to delete. Replies its size.
 */
export function storeResult(ctx: CommandContext, dstKey: string, result: SetObject, event: string): number {
  const size = setSize(result);
  if (size === 0) {
    if (ctx.db.delete(dstKey)) ctx.notify(NOTIFY_GENERIC, 'del', dstKey);
  } else {
    ctx.db.set(dstKey, result);
    ctx.notify(NOTIFY_SET, event, dstKey);
  }
  return size;
}

/**
 * After members were removed (at least one): the command's own event, then delete the emptied key
 * with a "del" event, or signal the change.
 */
export function afterRemoval(ctx: CommandContext, key: string, target: SetObject, event: string): void {
  if (setSize(target) === 0) ctx.db.delete(key);
  else ctx.db.touchWrite(key);
  ctx.notify(NOTIFY_SET, event, key);
  if (setSize(target) === 0) ctx.notify(NOTIFY_GENERIC, 'del', key);
}
