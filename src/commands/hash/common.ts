// Helpers the hash handlers share: typed lookups, the listpack limits and committing a write.
// Mirrors: redis src/t_hash.c (hashTypeLookupWriteOrCreate, hashTypeTryConversion callers), src/object.c (checkType).
//
// Fields and values are bytes: they are kept as latin1 strings (keyOf) and replied as such. The
// handlers never look at the encoding; src/datatypes/hash/hash-type.ts converts listpack → hashtable
// on the write that crosses hash-max-listpack-entries or hash-max-listpack-value.

import { createHash, type HashLimits, type HashObject } from '../../datatypes/hash/hash-type.js';
import type { RedisObject } from '../../datatypes/object.js';
import { wrongTypeError } from '../../errors.js';
import type { CommandContext } from '../context.js';

// --- Helpers ---

/** The value as a hash, or WRONGTYPE (Redis checkType). */
export function asHash(obj: RedisObject): HashObject {
  if (obj.type !== 'hash') throw wrongTypeError();
  return obj;
}

/** A read lookup (counts a hit or miss): the hash, or undefined when the key is missing. */
export function lookupHashRead(ctx: CommandContext, key: string): HashObject | undefined {
  const obj = ctx.db.lookupRead(key);
  return obj === undefined ? undefined : asHash(obj);
}

/** The last limits handed out: the same object while the settings stay (no allocation per write). */
let lastHashLimits: HashLimits = { maxListpackEntries: -1, maxListpackValue: -1 };

/** The listpack thresholds, read at each write as Redis reads server.hash_max_listpack_*. */
export function hashLimits(ctx: CommandContext): HashLimits {
  const values = ctx.server.config.values;
  const entries = values['hash-max-listpack-entries'];
  const value = values['hash-max-listpack-value'];
  if (lastHashLimits.maxListpackEntries !== entries || lastHashLimits.maxListpackValue !== value) {
    lastHashLimits = { maxListpackEntries: entries, maxListpackValue: value };
  }
  return lastHashLimits;
}

/**
 * hashTypeLookupWriteOrCreate: the hash to write to, and whether it is new. A new hash is added to
 * the keyspace by `commitWrite` once the command has written to it.
 */
export function lookupHashWrite(ctx: CommandContext, key: string): { hash: HashObject; created: boolean } {
  const obj = ctx.db.lookupWrite(key);
  if (obj === undefined) return { hash: createHash(), created: true };
  return { hash: asHash(obj), created: false };
}

/** Store a new hash, or signal the change made to an existing one in place. */
export function commitWrite(ctx: CommandContext, key: string, hash: HashObject, created: boolean): void {
  if (created) ctx.db.add(key, hash);
  else ctx.db.touchWriteDone(key, hash);
}

export const bytes = (arg: Buffer): string => arg.latin1Slice(0, arg.length);
