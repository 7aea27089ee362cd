// Hash commands: fields and values under one key, counters in fields, random fields and HSCAN.
// Mirrors: redis src/t_hash.c (hsetCommand, hsetnxCommand, hgetCommand, hmgetCommand, hdelCommand,
// hlenCommand, hstrlenCommand, hincrbyCommand, hincrbyfloatCommand, genericHgetallCommand,
// hexistsCommand, hscanCommand, hrandfieldCommand, hrandfieldWithCountCommand) and src/commands/h*.json.
//
// Fields and values are bytes: they are kept as latin1 strings (keyOf) and replied as such. The
// handlers never look at the encoding; src/datatypes/hash/hash-type.ts converts listpack → hashtable
// on the write that crosses hash-max-listpack-entries or hash-max-listpack-value.

import {
  hashValueNotFloatError, hashValueNotIntegerError, incrementNanOrInfinityError, nanOrInfinityError,
  notFloatError, notInLongRangeError, overflowError, syntaxError, valueOutOfRangeError, wrongArityError,
  wrongTypeError,
} from '../errors.js';
import { MAX_RANDOM_PICKS } from '../datatypes/dict.js';
import {
  createHash, hashDelete, hashExists, hashFields, hashGet, hashLength, hashPairs, hashRandomDistinctPairs,
  hashRandomPair, hashRandomPairs, hashScan, hashSet, hashValues, type HashLimits, type HashObject, type HashPairs,
} from '../datatypes/hash/hash-type.js';
import type { RedisObject } from '../datatypes/object.js';
import { parseInt64Latin1 } from '../datatypes/string/int-parse.js';
import { addInt64 } from '../datatypes/string/string-type.js';
import { NOTIFY_GENERIC, NOTIFY_HASH } from '../config/keyspace-events.js';
import { map, OK, type Reply } from '../protocol/reply.js';
import { globMatch } from '../util/glob.js';
import {
  addLongDoubles, formatLongDouble, isFiniteLongDouble, longDoubleFromNumber, parseLongDouble,
} from '../util/numbers.js';
import { int64Arg, keyOf, optionWord } from './args.js';
import type { CommandContext } from './context.js';
import { parseScanCursor, parseScanOptions } from './scan-options.js';
import type { CommandSpec, KeySpec, KeySpecFlag } from './types.js';

// --- Helpers ---

/** The value as a hash, or WRONGTYPE (Redis checkType). */
function asHash(obj: RedisObject): HashObject {
  if (obj.type !== 'hash') throw wrongTypeError();
  return obj;
}

/** A read lookup (counts a hit or miss): the hash, or undefined when the key is missing. */
function lookupHashRead(ctx: CommandContext, key: string): HashObject | undefined {
  const obj = ctx.db.lookupRead(key);
  return obj === undefined ? undefined : asHash(obj);
}

/** The listpack thresholds, read at each write as Redis reads server.hash_max_listpack_*. */
function hashLimits(ctx: CommandContext): HashLimits {
  const config = ctx.server.config;
  return {
    maxListpackEntries: config.get('hash-max-listpack-entries'),
    maxListpackValue: config.get('hash-max-listpack-value'),
  };
}

/**
 * hashTypeLookupWriteOrCreate: the hash to write to, and whether it is new. A new hash is added to
 * the keyspace by `commitWrite` once the command has written to it.
 */
function lookupHashWrite(ctx: CommandContext, key: string): { hash: HashObject; created: boolean } {
  const obj = ctx.db.lookupWrite(key);
  if (obj === undefined) return { hash: createHash(), created: true };
  return { hash: asHash(obj), created: false };
}

/** Store a new hash, or signal the change made to an existing one in place. */
function commitWrite(ctx: CommandContext, key: string, hash: HashObject, created: boolean): void {
  if (created) ctx.db.add(key, hash);
  else ctx.db.touchWrite(key);
}

const bytes = (arg: Buffer): string => arg.latin1Slice(0, arg.length);

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
function hsetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return hsetGeneric(ctx, argv, 'hset');
}

/**
 * Set fields to values (deprecated form of HSET); replies OK.
 * Format: HMSET key field value [field value ...]
 */
function hmsetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  hsetGeneric(ctx, argv, 'hmset');
  return OK;
}

/**
 * Set a field only if it does not exist: 1 if set, 0 if it existed (nothing is written then).
 * Format: HSETNX key field value
 */
function hsetnxCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
function hdelCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
function hgetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  if (hash === undefined) return null;
  return hashGet(hash, bytes(argv[2] as Buffer)) ?? null;
}

/**
 * The values of several fields (nil for each missing one; all nil for a missing key).
 * Format: HMGET key field [field ...]
 */
function hmgetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
function hexistsCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  return hash !== undefined && hashExists(hash, bytes(argv[2] as Buffer)) ? 1 : 0;
}

/**
 * The number of fields (0 for a missing key).
 * Format: HLEN key
 */
function hlenCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  return hash === undefined ? 0 : hashLength(hash);
}

/**
 * The length in bytes of a field's value (0 when missing).
 * Format: HSTRLEN key field
 */
function hstrlenCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  return hash === undefined ? 0 : (hashGet(hash, bytes(argv[2] as Buffer))?.length ?? 0);
}

/**
 * Every field name.
 * Format: HKEYS key
 */
function hkeysCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  return hash === undefined ? [] : hashFields(hash);
}

/**
 * Every value.
 * Format: HVALS key
 */
function hvalsCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  return hash === undefined ? [] : hashValues(hash);
}

/**
 * Every field and value: a map in RESP3, a flat array in RESP2.
 * Format: HGETALL key
 */
function hgetallCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  return map(hash === undefined ? [] : hashPairs(hash));
}

// --- Counters ---

/**
 * Add an integer to a field's value (0 if missing); replies the new value.
 * Format: HINCRBY key field increment
 */
function hincrbyCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const increment = int64Arg(argv[3] as Buffer);
  const key = keyOf(argv[1] as Buffer);
  const field = bytes(argv[2] as Buffer);
  const { hash, created } = lookupHashWrite(ctx, key);
  const old = hashGet(hash, field);
  const current = old === undefined ? 0 : parseInt64Latin1(old);
  if (current === null) throw hashValueNotIntegerError();
  const next = addInt64(current, increment);
  if (next === null) throw overflowError();
  hashSet(hash, field, String(next), hashLimits(ctx));
  commitWrite(ctx, key, hash, created);
  ctx.notify(NOTIFY_HASH, 'hincrby', key);
  return next;
}

/**
 * Add a float to a field's value (0 if missing), in 80-bit long double like INCRBYFLOAT, and store
 * the result as text; replies that text.
 * Format: HINCRBYFLOAT key field increment
 */
function hincrbyfloatCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const increment = parseLongDouble(argv[3] as Buffer);
  if (increment === null) throw notFloatError();
  if (!isFiniteLongDouble(increment)) throw incrementNanOrInfinityError();
  const key = keyOf(argv[1] as Buffer);
  const field = bytes(argv[2] as Buffer);
  const { hash, created } = lookupHashWrite(ctx, key);
  const old = hashGet(hash, field);
  const current = old === undefined ? longDoubleFromNumber(0) : parseLongDouble(Buffer.from(old, 'latin1'));
  if (current === null) throw hashValueNotFloatError();
  const sum = addLongDoubles(current, increment);
  if (!isFiniteLongDouble(sum)) throw nanOrInfinityError();
  const text = formatLongDouble(sum);
  hashSet(hash, field, text, hashLimits(ctx));
  commitWrite(ctx, key, hash, created);
  // Logged as the result, HSET key field value: float rounding may differ where it is replayed.
  if (ctx.server.propagation !== undefined) {
    ctx.propagateAs([HSET_ARG, argv[1] as Buffer, argv[2] as Buffer, Buffer.from(text, 'latin1')]);
  }
  ctx.notify(NOTIFY_HASH, 'hincrbyfloat', key);
  return text;
}

const HSET_ARG = Buffer.from('HSET');

// --- Random fields ---

const LONG_MIN = -9223372036854775808n;
/** LONG_MAX / 2: HRANDFIELD WITHVALUES refuses counts beyond it (count * 2 must fit a long). */
const HALF_LONG_MAX = 4611686018427387903n;

/** The reply of HRANDFIELD with a count: fields only, or pairs (flat in RESP2, nested in RESP3). */
function randomPairsReply(ctx: CommandContext, pairs: HashPairs, withValues: boolean): Reply {
  if (!withValues) return pairs.fields;
  const { fields, values } = pairs;
  if (ctx.resp === 3) return fields.map((field, i): Reply => [field, values[i] as string]);
  const out = new Array<string>(fields.length * 2);
  for (let i = 0; i < fields.length; i++) {
    out[i * 2] = fields[i] as string;
    out[i * 2 + 1] = values[i] as string;
  }
  return out;
}

/**
 * Random fields. Without a count: one field (nil for a missing key). With a positive count: up to that
 * many distinct fields; with a negative one: exactly |count| fields, repeats allowed. WITHVALUES adds
 * each field's value.
 * Format: HRANDFIELD key [count [WITHVALUES]]
 */
function hrandfieldCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  if (argv.length === 2) {
    const hash = lookupHashRead(ctx, key);
    return hash === undefined ? null : (hashRandomPair(hash, ctx.server.rng)[0] as string);
  }
  const count = int64Arg(argv[2] as Buffer);
  if (count === LONG_MIN) throw notInLongRangeError();
  if (argv.length > 4 || (argv.length === 4 && optionWord(argv[3] as Buffer) !== 'WITHVALUES')) throw syntaxError();
  const withValues = argv.length === 4;
  if (withValues && (count < -HALF_LONG_MAX || count > HALF_LONG_MAX)) throw valueOutOfRangeError();
  const hash = lookupHashRead(ctx, key);
  if (hash === undefined || count === 0) return [];
  const rng = ctx.server.rng;
  if (count < 0) {
    const picks = -Number(count);
    if (picks > MAX_RANDOM_PICKS) throw valueOutOfRangeError();
    return randomPairsReply(ctx, hashRandomPairs(hash, picks, rng), withValues);
  }
  const wanted = Math.min(Number(count), hashLength(hash));
  return randomPairsReply(ctx, hashRandomDistinctPairs(hash, wanted, rng), withValues);
}

// --- HSCAN ---

/**
 * Walk the fields a few at a time: [next cursor, [field, value, ...]]. A listpack-encoded hash comes
 * back whole with cursor 0.
 * Format: HSCAN key cursor [MATCH pattern] [COUNT count]
 */
function hscanCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const cursor = parseScanCursor(argv[2] as Buffer);
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  // A missing key is an empty scan, before the options are even parsed (as in Redis).
  if (hash === undefined) return ['0', []];
  const { count, pattern } = parseScanOptions(argv, 3, false);
  const step = hashScan(hash, Number(cursor), count);
  let pairs = step.pairs;
  if (pattern !== undefined) {
    const kept: string[] = [];
    for (let i = 0; i < pairs.length; i += 2) {
      const field = pairs[i] as string;
      if (globMatch(pattern, Buffer.from(field, 'latin1'))) kept.push(field, pairs[i + 1] as string);
    }
    pairs = kept;
  }
  return [String(step.cursor), pairs];
}

// --- Specs (src/commands/h*.json) ---

const ONE_KEY = { first: 1, last: 1, step: 1 } as const;

/** The key spec of a command whose only key is argv[1]. */
function keyAt1(...flags: KeySpecFlag[]): readonly KeySpec[] {
  return [{ flags, beginSearch: { type: 'index', index: 1 }, findKeys: { type: 'range', lastkey: 0, keystep: 1, limit: 0 } }];
}

const SCAN_COMPLEXITY =
  'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..';

export const hashCommands: readonly CommandSpec[] = [
  {
    name: 'hset', group: 'hash', arity: -4, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    keySpecs: keyAt1('RW', 'update'), acl: ['write', 'hash', 'fast'], summary: 'Set the string value of a hash field',
    since: '2.0.0',
    complexity: 'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.',
    history: [['4.0.0', 'Accepts multiple `field` and `value` arguments.']], handler: hsetCommand,
  } satisfies CommandSpec,
  {
    name: 'hsetnx', group: 'hash', arity: 4, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    keySpecs: keyAt1('RW', 'insert'), acl: ['write', 'hash', 'fast'],
    summary: 'Set the value of a hash field, only if the field does not exist', since: '2.0.0', complexity: 'O(1)',
    handler: hsetnxCommand,
  } satisfies CommandSpec,
  {
    name: 'hmset', group: 'hash', arity: -4, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    keySpecs: keyAt1('RW', 'update'), acl: ['write', 'hash', 'fast'], summary: 'Set multiple hash fields to multiple values',
    since: '2.0.0', complexity: 'O(N) where N is the number of fields being set.', docFlags: ['deprecated'],
    deprecatedSince: '4.0.0', replacedBy: '`HSET` with multiple field-value pairs', handler: hmsetCommand,
  } satisfies CommandSpec,
  {
    name: 'hget', group: 'hash', arity: 3, flags: ['readonly', 'fast'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'hash', 'fast'], summary: 'Get the value of a hash field', since: '2.0.0', complexity: 'O(1)',
    handler: hgetCommand,
  } satisfies CommandSpec,
  {
    name: 'hmget', group: 'hash', arity: -3, flags: ['readonly', 'fast'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'hash', 'fast'], summary: 'Get the values of all the given hash fields', since: '2.0.0',
    complexity: 'O(N) where N is the number of fields being requested.', handler: hmgetCommand,
  } satisfies CommandSpec,
  {
    name: 'hgetall', group: 'hash', arity: 2, flags: ['readonly'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'hash', 'slow'], summary: 'Get all the fields and values in a hash', since: '2.0.0',
    complexity: 'O(N) where N is the size of the hash.', tips: ['nondeterministic_output_order'], handler: hgetallCommand,
  } satisfies CommandSpec,
  {
    name: 'hdel', group: 'hash', arity: -3, flags: ['write', 'fast'], keys: ONE_KEY, keySpecs: keyAt1('RW', 'delete'),
    acl: ['write', 'hash', 'fast'], summary: 'Delete one or more hash fields', since: '2.0.0',
    complexity: 'O(N) where N is the number of fields to be removed.',
    history: [['2.4.0', 'Accepts multiple `field` arguments.']], handler: hdelCommand,
  } satisfies CommandSpec,
  {
    name: 'hlen', group: 'hash', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, keySpecs: keyAt1('RO'),
    acl: ['read', 'hash', 'fast'], summary: 'Get the number of fields in a hash', since: '2.0.0', complexity: 'O(1)',
    handler: hlenCommand,
  } satisfies CommandSpec,
  {
    name: 'hexists', group: 'hash', arity: 3, flags: ['readonly', 'fast'], keys: ONE_KEY, keySpecs: keyAt1('RO'),
    acl: ['read', 'hash', 'fast'], summary: 'Determine if a hash field exists', since: '2.0.0', complexity: 'O(1)',
    handler: hexistsCommand,
  } satisfies CommandSpec,
  {
    name: 'hkeys', group: 'hash', arity: 2, flags: ['readonly'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'hash', 'slow'], summary: 'Get all the fields in a hash', since: '2.0.0',
    complexity: 'O(N) where N is the size of the hash.', tips: ['nondeterministic_output_order'], handler: hkeysCommand,
  } satisfies CommandSpec,
  {
    name: 'hvals', group: 'hash', arity: 2, flags: ['readonly'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'hash', 'slow'], summary: 'Get all the values in a hash', since: '2.0.0',
    complexity: 'O(N) where N is the size of the hash.', tips: ['nondeterministic_output_order'], handler: hvalsCommand,
  } satisfies CommandSpec,
  {
    name: 'hincrby', group: 'hash', arity: 4, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    keySpecs: keyAt1('RW', 'access', 'update'), acl: ['write', 'hash', 'fast'],
    summary: 'Increment the integer value of a hash field by the given number', since: '2.0.0', complexity: 'O(1)',
    handler: hincrbyCommand,
  } satisfies CommandSpec,
  {
    name: 'hincrbyfloat', group: 'hash', arity: 4, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    keySpecs: keyAt1('RW', 'access', 'update'), acl: ['write', 'hash', 'fast'],
    summary: 'Increment the float value of a hash field by the given amount', since: '2.6.0', complexity: 'O(1)',
    handler: hincrbyfloatCommand,
  } satisfies CommandSpec,
  {
    name: 'hstrlen', group: 'hash', arity: 3, flags: ['readonly', 'fast'], keys: ONE_KEY, keySpecs: keyAt1('RO'),
    acl: ['read', 'hash', 'fast'], summary: 'Get the length of the value of a hash field', since: '3.2.0',
    complexity: 'O(1)', handler: hstrlenCommand,
  } satisfies CommandSpec,
  {
    name: 'hrandfield', group: 'hash', arity: -2, flags: ['readonly'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'hash', 'slow'], summary: 'Get one or multiple random fields from a hash', since: '6.2.0',
    complexity: 'O(N) where N is the number of fields returned', tips: ['nondeterministic_output'],
    handler: hrandfieldCommand,
  } satisfies CommandSpec,
  {
    name: 'hscan', group: 'hash', arity: -3, flags: ['readonly'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'hash', 'slow'], summary: 'Incrementally iterate hash fields and associated values', since: '2.8.0',
    complexity: SCAN_COMPLEXITY, tips: ['nondeterministic_output'], handler: hscanCommand,
  } satisfies CommandSpec,
];
