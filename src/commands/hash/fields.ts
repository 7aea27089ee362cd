// Setting, deleting and reading fields: HSET, HMSET, HSETNX, HDEL, HGET, HMGET, HEXISTS, HLEN,
// HSTRLEN, HKEYS, HVALS and HGETALL.
// Mirrors: redis src/t_hash.c (hsetCommand, hsetnxCommand, hdelCommand, hgetCommand, hmgetCommand,
// hexistsCommand, hlenCommand, hstrlenCommand, genericHgetallCommand).

import { NOTIFY_GENERIC, NOTIFY_HASH } from '../../config/keyspace-events.js';
import {
  hashDelete, hashExists, hashFields, hashGet, hashLength, hashPairs, hashSet, hashValues,
} from '../../datatypes/hash/hash-type.js';
import { wrongArityError } from '../../errors.js';
import { map, OK, type Reply } from '../../protocol/reply.js';
import { keyOf } from '../args.js';
import type { CommandContext } from '../context.js';
import { asHash, bytes, commitWrite, hashLimits, lookupHashRead, lookupHashWrite } from './common.js';

// --- Setting fields ---

/** hsetCommand, shared by HSET (replies the number of new fields) and HMSET (replies OK). */
function hsetGeneric(ctx: CommandContext, argv: readonly Buffer[], name: string): number {
  // The handler checks pairs itself: the spec's arity only says "at least one pair".
  if (argv.length % 2 === 1) throw wrongArityError(name);
  const key = keyOf(argv[1] as Buffer);
  const { hash, created } = lookupHashWrite(ctx, key);
  const limits = hashLimits(ctx);
  let added = 0;
  for (let i = 2; i < argv.length; i += 2) {
    if (hashSet(hash, bytes(argv[i] as Buffer), bytes(argv[i + 1] as Buffer), limits)) added++;
  }
  commitWrite(ctx, key, hash, created);
  // One event per command, however many fields it set.
  ctx.notify(NOTIFY_HASH, 'hset', key);
  return added;
}

/**
 * Set fields to values; replies how many fields were new.
 * Format: HSET key field value [field value ...]
 */
export function hsetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return hsetGeneric(ctx, argv, 'hset');
}

/**
 * Set fields to values (deprecated form of HSET); replies OK.
 * Format: HMSET key field value [field value ...]
 */
export function hmsetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  hsetGeneric(ctx, argv, 'hmset');
  return OK;
}

/**
 * Set a field only if it does not exist: 1 if set, 0 if it existed (nothing is written then).
 * Format: HSETNX key field value
 */
export function hsetnxCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const field = bytes(argv[2] as Buffer);
  const { hash, created } = lookupHashWrite(ctx, key);
  if (!created && hashExists(hash, field)) return 0;
  hashSet(hash, field, bytes(argv[3] as Buffer), hashLimits(ctx));
  commitWrite(ctx, key, hash, created);
  ctx.notify(NOTIFY_HASH, 'hset', key);
  return 1;
}

/**
 * Delete fields; replies how many existed. The key goes when its last field does.
 * Format: HDEL key field [field ...]
 */
export function hdelCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const obj = ctx.db.lookupWrite(key);
  if (obj === undefined) return 0;
  const hash = asHash(obj);
  let deleted = 0;
  let emptied = false;
  for (let i = 2; i < argv.length; i++) {
    if (!hashDelete(hash, bytes(argv[i] as Buffer))) continue;
    deleted++;
    if (hashLength(hash) === 0) {
      emptied = true;
      break;
    }
  }
  if (deleted === 0) return 0;
  // "hdel" first, then "del" for a hash that lost its last field, as Redis sends them.
  if (emptied) ctx.db.delete(key);
  else ctx.db.touchWrite(key);
  ctx.notify(NOTIFY_HASH, 'hdel', key);
  if (emptied) ctx.notify(NOTIFY_GENERIC, 'del', key);
  return deleted;
}

// --- Reading fields ---

/**
 * The value of a field, nil when the field or key is missing.
 * Format: HGET key field
 */
export function hgetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  if (hash === undefined) return null;
  return hashGet(hash, bytes(argv[2] as Buffer)) ?? null;
}

/**
 * The values of several fields (nil for each missing one; all nil for a missing key).
 * Format: HMGET key field [field ...]
 */
export function hmgetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  const out = new Array<Reply>(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    out[i - 2] = hash === undefined ? null : (hashGet(hash, bytes(argv[i] as Buffer)) ?? null);
  }
  return out;
}

/**
 * 1 if the field exists, else 0.
 * Format: HEXISTS key field
 */
export function hexistsCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  return hash !== undefined && hashExists(hash, bytes(argv[2] as Buffer)) ? 1 : 0;
}

/**
 * The number of fields (0 for a missing key).
 * Format: HLEN key
 */
export function hlenCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  return hash === undefined ? 0 : hashLength(hash);
}

/**
 * The length in bytes of a field's value (0 when missing).
 * Format: HSTRLEN key field
 */
export function hstrlenCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  return hash === undefined ? 0 : (hashGet(hash, bytes(argv[2] as Buffer))?.length ?? 0);
}

/**
 * Every field name.
 * Format: HKEYS key
 */
export function hkeysCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  return hash === undefined ? [] : hashFields(hash);
}

/**
 * Every value.
 * Format: HVALS key
 */
export function hvalsCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  return hash === undefined ? [] : hashValues(hash);
}

/**
 * Every field and value: a map in RESP3, a flat array in RESP2.
 * Format: HGETALL key
 */
export function hgetallCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  return map(hash === undefined ? [] : hashPairs(hash));
}
