// Generic keyspace commands: the ones that work on keys whatever their type (DEL, EXISTS, TYPE,
// RENAME, COPY, MOVE, KEYS, SCAN, RANDOMKEY ...), whole databases (DBSIZE, SWAPDB, FLUSHDB,
// FLUSHALL) and OBJECT's introspection of one value.
// Mirrors: redis src/db.c (delGenericCommand, existsCommand, renameGenericCommand, moveCommand,
// copyCommand, keysCommand, scanGenericCommand, swapdbCommand, flushdbCommand ...) and
// src/object.c (objectCommand).
//
// Lookups follow Redis's flags: EXISTS, TYPE and OBJECT read "without touching" (a hit or miss
// is counted, the access time is left alone); TOUCH and COPY's source are plain reads; RENAME,
// MOVE and the destinations are write lookups (no hit/miss stats). Every one of them deletes an
// expired key it meets, except KEYS, which only skips it.

import {
  dbIndexOutOfRangeError,
  invalidCursorError,
  invalidFirstDbIndexError,
  invalidSecondDbIndexError,
  lfuNotSelectedError,
  lfuSelectedError,
  noSuchKeyError,
  notInt32Error,
  sameObjectError,
  syntaxError,
  type ReplyError,
} from '../errors.js';
import { duplicateObject, estimateIdleSeconds, type RedisObject } from '../datatypes/object.js';
import { stringRefcount } from '../datatypes/string/string-type.js';
import { isLfuPolicy } from '../eviction/evict.js';
import { lfuDecrAndReturn, lfuTimeInMinutes } from '../eviction/lfu.js';
import { NOTIFY_GENERIC } from '../config/keyspace-events.js';
import type { Database } from '../keyspace/database.js';
import { notifyKeyspaceEvent } from '../pubsub/notify.js';
import { OK, status, type Reply } from '../protocol/reply.js';
import { globMatch, isMatchAll } from '../util/glob.js';
import { intArg, keyBytes, keyOf, optionOf } from './args.js';
import type { CommandContext } from './context.js';
import type { CommandSpec, Handler, KeySpec, KeySpecFlag } from './types.js';

// --- Argument helpers ---

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * A C int argument (getIntFromObjectOrReply): not an integer → the usual integer error (or
 * `invalid`, when the caller gives its own, as SWAPDB does); outside 32 bits → the range error.
 */
function int32Arg(arg: Buffer, invalid?: () => ReplyError): number {
  let n: number;
  try {
    n = intArg(arg);
  } catch (err) {
    if (invalid !== undefined) throw invalid();
    throw err;
  }
  if (n < INT32_MIN || n > INT32_MAX) throw invalid !== undefined ? invalid() : notInt32Error();
  return n;
}

/** The database with this index, or ERR DB index is out of range (selectDb failing). */
function databaseAt(ctx: CommandContext, index: number): Database {
  const dbs = ctx.server.keyspace.dbs;
  const db = index >= 0 ? dbs[index] : undefined;
  if (db === undefined) throw dbIndexOutOfRangeError();
  return db;
}

/** isspace() in the C locale: what strtoul would skip and Redis refuses at a cursor's start. */
function isCSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

const ULONG_MAX = (1n << 64n) - 1n;

/**
 * A SCAN cursor, parsed as Redis's parseScanCursorOrReply parses it with strtoul: an unsigned
 * 64-bit decimal with an optional sign ("-1" wraps to 2^64-1, as in C), no leading space, no
 * trailing garbage, and the empty string reads as 0. The argument ends at a NUL byte, as a C
 * string would. HSCAN, SSCAN and ZSCAN parse their cursor the same way.
 */
export function parseScanCursor(arg: Buffer): bigint {
  const nul = arg.indexOf(0);
  const text = (nul === -1 ? arg : arg.subarray(0, nul)).toString('latin1');
  if (text.length === 0) return 0n;
  if (isCSpace(text.charCodeAt(0))) throw invalidCursorError();
  const match = /^([+-]?)([0-9]+)$/.exec(text);
  if (match === null) throw invalidCursorError();
  const magnitude = BigInt(match[2] as string);
  if (magnitude > ULONG_MAX) throw invalidCursorError();
  return match[1] === '-' && magnitude !== 0n ? ULONG_MAX + 1n - magnitude : magnitude;
}

/** SCAN's options (scanGenericCommand step 1); the key-family scans have no TYPE. */
export interface ScanOptions {
  count: number;
  /** undefined when there is no pattern or it is exactly "*" (which matches everything). */
  pattern: Buffer | undefined;
  type: string | undefined;
}

/** Parse `[MATCH pattern] [COUNT count] [TYPE type]` starting at argv[from]. */
export function parseScanOptions(argv: readonly Buffer[], from: number, allowType: boolean): ScanOptions {
  const options: ScanOptions = { count: 10, pattern: undefined, type: undefined };
  for (let i = from; i < argv.length; i += 2) {
    const option = optionOf(argv[i] as Buffer);
    const value = argv[i + 1];
    if (value === undefined) throw syntaxError();
    if (option === 'COUNT') {
      const count = intArg(value);
      if (count < 1) throw syntaxError();
      options.count = count;
    } else if (option === 'MATCH') {
      options.pattern = isMatchAll(value) ? undefined : value;
    } else if (option === 'TYPE' && allowType) {
      options.type = value.toString('latin1');
    } else {
      throw syntaxError();
    }
  }
  return options;
}

// --- Deleting, testing and renaming keys ---

/**
 * Delete keys; replies how many existed. UNLINK is the same here: Redis frees big values in a
 * background thread, while V8's garbage collector already frees them off the command path.
 * Format: DEL key [key ...]
 */
function delCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
function existsCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
function typeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const obj = ctx.db.lookupReadNoTouch(keyOf(argv[1] as Buffer));
  return status(obj === undefined ? 'none' : obj.type);
}

/**
 * Count the keys that exist, updating their access time (LRU/LFU).
 * Format: TOUCH key [key ...]
 */
function touchCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
function renameCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return renameGeneric(ctx, argv, false);
}

/**
 * Rename a key only if the new name is free; replies 1 if renamed.
 * Format: RENAMENX key newkey
 */
function renamenxCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return renameGeneric(ctx, argv, true);
}

/**
 * Copy a value (any type, deeply) and its TTL to another key, possibly in another database.
 * Format: COPY source destination [DB destination-db] [REPLACE]
 */
function copyCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
function moveCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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

// --- Listing keys ---

/**
 * Every key matching a glob pattern. Expired keys are skipped but not deleted: KEYS never writes
 * (Redis tests keyIsExpired, not expireIfNeeded).
 * Format: KEYS pattern
 */
function keysCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const pattern = argv[1] as Buffer;
  // Exactly "*" skips matching, as in Redis (which is also why KEYS * lists a key named "").
  const all = isMatchAll(pattern);
  const db = ctx.db;
  const out: string[] = [];
  for (const key of db.keys()) {
    if (!all && !globMatch(pattern, keyBytes(key))) continue;
    if (db.isExpired(key)) continue;
    // The Map key itself is the reply: a latin1 string is written one char per byte, the same
    // bytes keyBytes would give, without a Buffer per key for KEYS * on a big database.
    out.push(key);
  }
  return out;
}

/**
 * Walk the keyspace a few keys at a time. Every key present from the first call to the last is
 * returned at least once (see Database.scan for how slot cursors give that guarantee).
 * Format: SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
 */
function scanCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const cursor = parseScanCursor(argv[1] as Buffer);
  const { count, pattern, type } = parseScanOptions(argv, 2, true);
  const wantedType = type?.toLowerCase();
  const db = ctx.db;
  // A cursor past every slot (one we never handed out) ends the walk, as a masked cursor past
  // the table's last bucket would in Redis.
  const step = db.scan(Number(cursor), count);
  const keys: string[] = [];
  for (const key of step.keys) {
    if (pattern !== undefined && !globMatch(pattern, keyBytes(key))) continue;
    if (wantedType !== undefined) {
      // Redis looks the key up to learn its type (counting a hit or miss) before the expiry
      // check, so an expired key reads as "none" here: SCAN 0 TYPE none returns it.
      const obj = db.lookupReadNoTouch(key);
      if ((obj === undefined ? 'none' : obj.type) !== wantedType) continue;
    }
    if (db.expireIfNeeded(key)) continue;
    keys.push(key); // latin1 string: sent byte for byte, as in KEYS
  }
  return [String(step.cursor), keys];
}

/** Give up on finding a live key after this many tries when every key is volatile and expiry is off. */
const RANDOMKEY_MAX_TRIES = 100;

/**
 * A random key, or nil in an empty database. Expired keys picked on the way are deleted.
 * Format: RANDOMKEY
 */
function randomkeyCommand(ctx: CommandContext): Reply {
  const db = ctx.db;
  const allVolatile = db.size === db.expiresSize;
  let tries = RANDOMKEY_MAX_TRIES;
  for (;;) {
    const key = db.randomSlotKey();
    if (key === undefined) return null;
    if (db.getExpire(key) !== undefined) {
      // On a replica (or while loading) expired keys are not deleted, so a database made only
      // of expired keys would loop forever: Redis (dbRandomKey) gives up and returns one.
      if (allVolatile && !ctx.server.keyspace.activeExpiry && --tries === 0) return keyBytes(key);
      if (db.expireIfNeeded(key)) continue;
    }
    return keyBytes(key);
  }
}

// --- Whole databases ---

/**
 * The number of keys in the selected database (keys already expired but not yet reclaimed included).
 * Format: DBSIZE
 */
function dbsizeCommand(ctx: CommandContext): Reply {
  return ctx.db.size;
}

/**
 * Exchange two databases' contents; clients keep their selected index and see the other data.
 * Format: SWAPDB index1 index2
 */
function swapdbCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const first = int32Arg(argv[1] as Buffer, invalidFirstDbIndexError);
  const second = int32Arg(argv[2] as Buffer, invalidSecondDbIndexError);
  const keyspace = ctx.server.keyspace;
  databaseAt(ctx, first);
  databaseAt(ctx, second);
  keyspace.swap(first, second);
  ctx.server.dirty++;
  return OK;
}

/**
 * FLUSHDB/FLUSHALL's optional mode (getFlushCommandFlags). SIMPLIFIED: both modes flush at once;
 * dropping the Maps is O(1) for us and V8 reclaims the values in the background, which is what
 * ASYNC buys in Redis.
 */
function checkFlushMode(argv: readonly Buffer[]): void {
  if (argv.length === 1) return;
  const mode = optionOf(argv[1] as Buffer);
  if (argv.length !== 2 || (mode !== 'SYNC' && mode !== 'ASYNC')) throw syntaxError();
}

/**
 * Remove every key of the selected database.
 * Format: FLUSHDB [ASYNC | SYNC]
 */
function flushdbCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  checkFlushMode(argv);
  ctx.server.dirty += ctx.server.keyspace.flushDb(ctx.db.index);
  // Logged even when the database was already empty (forceCommandPropagation in db.c).
  if (ctx.server.propagation !== undefined) ctx.propagateAs(argv as Buffer[]);
  return OK;
}

/**
 * Remove every key of every database.
 * Format: FLUSHALL [ASYNC | SYNC]
 */
function flushallCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  checkFlushMode(argv);
  ctx.server.dirty += ctx.server.keyspace.flushAll();
  // flushAllDataAndResetRDB: a running BGSAVE is abandoned, and with save points set the empty
  // dataset is saved at once, so a restart cannot bring the keys back.
  ctx.server.snapshots.afterFlushAll();
  // Logged even when every database was already empty (forceCommandPropagation in db.c).
  if (ctx.server.propagation !== undefined) ctx.propagateAs(argv as Buffer[]);
  return OK;
}

// --- OBJECT ---

/** Policies that keep LFU counters in the object's lru field (MAXMEMORY_FLAG_LFU). */
function lfuPolicy(ctx: CommandContext): boolean {
  return isLfuPolicy(ctx.server.config.get('maxmemory-policy'));
}

/**
 * The value at argv[2] for OBJECT, looked at without touching it and without a `keymiss` event
 * (objectCommandLookup: LOOKUP_NOTOUCH|LOOKUP_NONOTIFY); undefined replies nil.
 */
function objectLookup(ctx: CommandContext, argv: readonly Buffer[]): RedisObject | undefined {
  return ctx.db.lookupReadNoTouch(keyOf(argv[2] as Buffer), false);
}

/**
 * The internal encoding of the value (embstr, listpack, quicklist ...).
 * Format: OBJECT ENCODING key
 */
function objectEncodingCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const obj = objectLookup(ctx, argv);
  return obj === undefined ? null : obj.encoding;
}

/**
 * Seconds since the value was last read or written (LRU clock, 1 s resolution).
 * Format: OBJECT IDLETIME key
 */
function objectIdletimeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const obj = objectLookup(ctx, argv);
  if (obj === undefined) return null;
  if (lfuPolicy(ctx)) throw lfuSelectedError();
  return estimateIdleSeconds(obj.lru, ctx.server.clock.now());
}


/**
 * The logarithmic access-frequency counter (only under an LFU maxmemory-policy).
 * Format: OBJECT FREQ key
 */
function objectFreqCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const obj = objectLookup(ctx, argv);
  if (obj === undefined) return null;
  if (!lfuPolicy(ctx)) throw lfuNotSelectedError();
  // The counter after the decay owed since the last access (LFUDecrAndReturn, src/eviction/lfu.ts).
  return lfuDecrAndReturn(obj.lru, lfuTimeInMinutes(ctx.server.clock.now()), ctx.server.config.get('lfu-decay-time'));
}

/**
 * How many references the value has: 1, or INT_MAX for Redis's shared small integers.
 * Format: OBJECT REFCOUNT key
 */
function objectRefcountCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const obj = objectLookup(ctx, argv);
  if (obj === undefined) return null;
  // Redis shares the integers 0..9999 unless an LRU/LFU policy with a maxmemory limit needs a
  // private lru field per key (MAXMEMORY_FLAG_NO_SHARED_INTEGERS).
  const policy = ctx.server.config.get('maxmemory-policy');
  const shared = ctx.server.config.get('maxmemory') === 0 || !(policy.endsWith('-lru') || policy.endsWith('-lfu'));
  return obj.type === 'string' ? stringRefcount(obj, shared) : 1;
}

/** OBJECT HELP's lines, as Redis 7.0 prints them (each a status reply). */
const OBJECT_HELP = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
  'HELP',
  '    Prints this help.',
].map((line) => status(line));

/**
 * Describe the OBJECT subcommands.
 * Format: OBJECT HELP
 */
function objectHelpCommand(): Reply {
  return OBJECT_HELP;
}

// --- Specs (redis src/commands/*.json) ---

/** A key spec at a fixed index, covering `lastkey` more keys (-1: to the end), as in key_specs. */
function keyAt(index: number, flags: readonly KeySpecFlag[], lastkey = 0): KeySpec {
  return { flags, beginSearch: { type: 'index', index }, findKeys: { type: 'range', lastkey, keystep: 1, limit: 0 } };
}

const ALL_KEYS = { first: 1, last: -1, step: 1 } as const;
const ONE_KEY = { first: 1, last: 1, step: 1 } as const;
const TWO_KEYS = { first: 1, last: 2, step: 1 } as const;
const OBJECT_KEY = { first: 2, last: 2, step: 1 } as const;
const MULTI_SHARD_SUM = ['request_policy:multi_shard', 'response_policy:agg_sum'];
const ALL_SHARDS_SUCCEEDED = ['request_policy:all_shards', 'response_policy:all_succeeded'];
const FLUSH_HISTORY = [
  ['4.0.0', 'Added the `ASYNC` flushing mode modifier.'],
  ['6.2.0', 'Added the `SYNC` flushing mode modifier.'],
] as const;

/** OBJECT's four key-reading subcommands differ only in name, summary, since and handler. */
function objectSubcommand(name: string, summary: string, since: string, handler: Handler): CommandSpec {
  return {
    name, group: 'generic', arity: 3, flags: ['readonly'], keys: OBJECT_KEY, acl: ['keyspace', 'read', 'slow'],
    summary, since, complexity: 'O(1)', tips: ['nondeterministic_output'], keySpecs: [keyAt(2, ['RO'])], handler,
  } satisfies CommandSpec;
}

export const keyspaceCommands: readonly CommandSpec[] = [
  {
    name: 'del', group: 'generic', arity: -2, flags: ['write'], keys: ALL_KEYS, acl: ['keyspace', 'write', 'slow'],
    summary: 'Delete a key', since: '1.0.0',
    complexity: 'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).',
    tips: MULTI_SHARD_SUM, keySpecs: [keyAt(1, ['RM', 'delete'], -1)], handler: delCommand,
  } satisfies CommandSpec,
  {
    name: 'unlink', group: 'generic', arity: -2, flags: ['write', 'fast'], keys: ALL_KEYS,
    acl: ['keyspace', 'write', 'fast'],
    summary: 'Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.',
    since: '4.0.0',
    complexity: 'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.',
    tips: MULTI_SHARD_SUM, keySpecs: [keyAt(1, ['RM', 'delete'], -1)], handler: delCommand,
  } satisfies CommandSpec,
  {
    name: 'exists', group: 'generic', arity: -2, flags: ['readonly', 'fast'], keys: ALL_KEYS,
    acl: ['keyspace', 'read', 'fast'], summary: 'Determine if a key exists', since: '1.0.0',
    complexity: 'O(N) where N is the number of keys to check.', tips: MULTI_SHARD_SUM,
    keySpecs: [keyAt(1, ['RO'], -1)], history: [['3.0.3', 'Accepts multiple `key` arguments.']], handler: existsCommand,
  } satisfies CommandSpec,
  {
    name: 'type', group: 'generic', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY,
    acl: ['keyspace', 'read', 'fast'], summary: 'Determine the type stored at key', since: '1.0.0',
    complexity: 'O(1)', keySpecs: [keyAt(1, ['RO'])], handler: typeCommand,
  } satisfies CommandSpec,
  {
    name: 'touch', group: 'generic', arity: -2, flags: ['readonly', 'fast'], keys: ALL_KEYS,
    acl: ['keyspace', 'read', 'fast'],
    summary: 'Alters the last access time of a key(s). Returns the number of existing keys specified.',
    since: '3.2.1', complexity: 'O(N) where N is the number of keys that will be touched.', tips: MULTI_SHARD_SUM,
    keySpecs: [keyAt(1, ['RO'], -1)], handler: touchCommand,
  } satisfies CommandSpec,
  {
    name: 'rename', group: 'generic', arity: 3, flags: ['write'], keys: TWO_KEYS, acl: ['keyspace', 'write', 'slow'],
    summary: 'Rename a key', since: '1.0.0', complexity: 'O(1)',
    keySpecs: [keyAt(1, ['RW', 'access', 'delete']), keyAt(2, ['OW', 'update'])], handler: renameCommand,
  } satisfies CommandSpec,
  {
    name: 'renamenx', group: 'generic', arity: 3, flags: ['write', 'fast'], keys: TWO_KEYS,
    acl: ['keyspace', 'write', 'fast'], summary: 'Rename a key, only if the new key does not exist', since: '1.0.0',
    complexity: 'O(1)', keySpecs: [keyAt(1, ['RW', 'access', 'delete']), keyAt(2, ['OW', 'insert'])],
    history: [['3.2.0', 'The command no longer returns an error when source and destination names are the same.']],
    handler: renamenxCommand,
  } satisfies CommandSpec,
  {
    name: 'copy', group: 'generic', arity: -3, flags: ['write', 'denyoom'], keys: TWO_KEYS,
    acl: ['keyspace', 'write', 'slow'], summary: 'Copy a key', since: '6.2.0',
    complexity: 'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.',
    keySpecs: [keyAt(1, ['RO', 'access']), keyAt(2, ['OW', 'update'])], handler: copyCommand,
  } satisfies CommandSpec,
  {
    name: 'move', group: 'generic', arity: 3, flags: ['write', 'fast'], keys: ONE_KEY, acl: ['keyspace', 'write', 'fast'],
    summary: 'Move a key to another database', since: '1.0.0', complexity: 'O(1)',
    keySpecs: [keyAt(1, ['RW', 'access', 'update'])], handler: moveCommand,
  } satisfies CommandSpec,
  {
    name: 'keys', group: 'generic', arity: 2, flags: ['readonly'], acl: ['keyspace', 'read', 'slow', 'dangerous'],
    summary: 'Find all keys matching the given pattern', since: '1.0.0',
    complexity: 'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.',
    tips: ['request_policy:all_shards', 'nondeterministic_output_order'], handler: keysCommand,
  } satisfies CommandSpec,
  {
    name: 'scan', group: 'generic', arity: -2, flags: ['readonly'], acl: ['keyspace', 'read', 'slow'],
    summary: 'Incrementally iterate the keys space', since: '2.8.0',
    complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.',
    tips: ['nondeterministic_output', 'request_policy:special'], history: [['6.0.0', 'Added the `TYPE` subcommand.']],
    handler: scanCommand,
  } satisfies CommandSpec,
  {
    name: 'randomkey', group: 'generic', arity: 1, flags: ['readonly'], acl: ['keyspace', 'read', 'slow'],
    summary: 'Return a random key from the keyspace', since: '1.0.0', complexity: 'O(1)',
    tips: ['request_policy:all_shards', 'nondeterministic_output'], handler: randomkeyCommand,
  } satisfies CommandSpec,
  {
    name: 'dbsize', group: 'server', arity: 1, flags: ['readonly', 'fast'], acl: ['keyspace', 'read', 'fast'],
    summary: 'Return the number of keys in the selected database', since: '1.0.0', complexity: 'O(1)',
    tips: ['request_policy:all_shards', 'response_policy:agg_sum'], handler: dbsizeCommand,
  } satisfies CommandSpec,
  {
    name: 'swapdb', group: 'server', arity: 3, flags: ['write', 'fast'], acl: ['keyspace', 'write', 'fast', 'dangerous'],
    summary: 'Swaps two Redis databases', since: '4.0.0',
    complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.',
    handler: swapdbCommand,
  } satisfies CommandSpec,
  {
    name: 'flushdb', group: 'server', arity: -1, flags: ['write'], acl: ['keyspace', 'write', 'slow', 'dangerous'],
    summary: 'Remove all keys from the current database', since: '1.0.0',
    complexity: 'O(N) where N is the number of keys in the selected database', tips: ALL_SHARDS_SUCCEEDED,
    history: FLUSH_HISTORY, handler: flushdbCommand,
  } satisfies CommandSpec,
  {
    name: 'flushall', group: 'server', arity: -1, flags: ['write'], acl: ['keyspace', 'write', 'slow', 'dangerous'],
    summary: 'Remove all keys from all databases', since: '1.0.0',
    complexity: 'O(N) where N is the total number of keys in all databases', tips: ALL_SHARDS_SUCCEEDED,
    history: FLUSH_HISTORY, handler: flushallCommand,
  } satisfies CommandSpec,
  {
    name: 'object', group: 'generic', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for object introspection commands', since: '2.2.3', complexity: 'Depends on subcommand.',
    subcommands: [
      objectSubcommand('encoding', 'Inspect the internal encoding of a Redis object', '2.2.3', objectEncodingCommand),
      objectSubcommand('freq', 'Get the logarithmic access frequency counter of a Redis object', '4.0.0', objectFreqCommand),
      {
        name: 'help', group: 'generic', arity: 2, flags: ['loading', 'stale'], acl: ['keyspace', 'slow'],
        summary: 'Show helpful text about the different subcommands', since: '6.2.0', complexity: 'O(1)',
        handler: objectHelpCommand,
      } satisfies CommandSpec,
      objectSubcommand('idletime', 'Get the time since a Redis object was last accessed', '2.2.3', objectIdletimeCommand),
      objectSubcommand('refcount', 'Get the number of references to the value of the key', '2.2.3', objectRefcountCommand),
    ],
  } satisfies CommandSpec,
];
