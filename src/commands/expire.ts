// Time to live: setting, reading and removing a key's expiry time.
// Mirrors: redis src/expire.c (expireGenericCommand, parseExtendedExpireArgumentsOrReply,
// checkAlreadyExpired, ttlGenericCommand, persistCommand).
//
// A TTL is stored as an absolute Unix time in milliseconds (the database's expires map); the four
// setters only differ in their unit and whether the argument is relative to now. A time that has
// already passed does not store a TTL: the key is deleted on the spot, as a DEL would (Redis
// propagates it as DEL too), unless expiry is suspended (loading, replicas), where the past time
// is stored and the key waits to be expired.
// DIFFERS FROM REDIS: times are stored as JS numbers, exact up to 2^53 ms (year 287,396); beyond
// that PTTL/PEXPIRETIME may differ from Redis in the last digits. Overflow checks use exact
// 64-bit math.

import { gtLtIncompatibleError, invalidExpireError, nxXxGtLtIncompatibleError, unsupportedOptionError } from '../errors.js';
import { NOTIFY_GENERIC } from '../config/keyspace-events.js';
import type { Reply } from '../protocol/reply.js';
import { int64Arg, keyOf, optionOf } from './args.js';
import type { CommandContext } from './context.js';
import { exactExpireTime, type ExpireTime } from '../keyspace/database.js';
import type { CommandSpec, KeySpec, KeySpecFlag } from './types.js';
import { keyAt } from './key-specs.js';

const LLONG_MAX = 0x7fffffffffffffffn;
const LLONG_MIN = -0x8000000000000000n;

/** EXPIRE's conditions (EXPIRE_NX, EXPIRE_XX, EXPIRE_GT, EXPIRE_LT in expire.c). */
interface ExpireFlags {
  nx: boolean;
  xx: boolean;
  gt: boolean;
  lt: boolean;
}

/**
 * Parse `[NX | XX | GT | LT]` from argv[3] on. Redis reads every word first (an unknown one is
 * reported as typed), then rejects the combinations that can never hold: NX with any other, and
 * GT with LT. XX with GT (or LT) is allowed, and repeating a flag is harmless.
 */
function parseExpireFlags(argv: readonly Buffer[]): ExpireFlags {
  const flags: ExpireFlags = { nx: false, xx: false, gt: false, lt: false };
  for (let i = 3; i < argv.length; i++) {
    const arg = argv[i] as Buffer;
    switch (optionOf(arg)) {
      case 'NX': flags.nx = true; break;
      case 'XX': flags.xx = true; break;
      case 'GT': flags.gt = true; break;
      case 'LT': flags.lt = true; break;
      default: throw unsupportedOptionError(arg);
    }
  }
  if (flags.nx && (flags.xx || flags.gt || flags.lt)) throw nxXxGtLtIncompatibleError();
  if (flags.gt && flags.lt) throw gtLtIncompatibleError();
  return flags;
}

/** Arguments this small cannot overflow int64 or lose precision as doubles: skip BigInt. */
const FAST_SECONDS_LIMIT = 2 ** 42;
const FAST_MS_LIMIT = 2 ** 52;

/**
 * The absolute expiry time in ms for `amount` (seconds or ms) after `basetimeMs`, with Redis's
 * overflow checks: the unit conversion and the addition must both fit a signed 64-bit integer.
 */
function absoluteExpireMs(arg: Buffer, seconds: boolean, basetimeMs: number, command: string): ExpireTime {
  const amount = int64Arg(arg);
  if (typeof amount === 'number' && Math.abs(amount) < (seconds ? FAST_SECONDS_LIMIT : FAST_MS_LIMIT)) {
    return (seconds ? amount * 1000 : amount) + basetimeMs;
  }
  let when = BigInt(amount);
  if (seconds) {
    // LLONG_MAX / 1000 and LLONG_MIN / 1000, rounded toward zero as C does.
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) throw invalidExpireError(command);
    when *= 1000n;
  }
  const base = BigInt(basetimeMs);
  if (when > LLONG_MAX - base) throw invalidExpireError(command);
  return exactExpireTime(when + base);
}

/** EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT (expireGenericCommand). */
function expireGeneric(ctx: CommandContext, argv: readonly Buffer[], seconds: boolean, relative: boolean, command: string): Reply {
  const flags = parseExpireFlags(argv);
  const now = ctx.server.clock.now();
  const when = absoluteExpireMs(argv[2] as Buffer, seconds, relative ? now : 0, command);
  const db = ctx.db;
  const key = keyOf(argv[1] as Buffer);
  if (db.lookupWrite(key) === undefined) return 0;
  const current = db.getExpire(key);
  if (flags.nx && current !== undefined) return 0;
  if (flags.xx && current === undefined) return 0;
  // No TTL counts as an infinite one: GT never beats it, LT always does.
  if (flags.gt && (current === undefined || when <= current)) return 0;
  if (flags.lt && current !== undefined && when >= current) return 0;
  // checkAlreadyExpired: a time not in the future deletes the key now, unless expiry is
  // suspended (loading, replica), where the key keeps the past time until told otherwise.
  if (when <= now && ctx.server.keyspace.activeExpiry) {
    db.delete(key);
    // Logged as DEL: replayed later, a past time could find a different key (expire.c).
    if (ctx.server.propagation !== undefined) ctx.propagateAs([DEL_ARG, argv[1] as Buffer]);
    ctx.notify(NOTIFY_GENERIC, 'del', key);
    return 1;
  }
  db.setExpire(key, when);
  db.touchWrite(key);
  // Logged with the absolute time, so a reload does not restart the countdown (expire.c).
  if (ctx.server.propagation !== undefined && command !== 'pexpireat') {
    ctx.propagateAs([PEXPIREAT_ARG, argv[1] as Buffer, Buffer.from(String(when))]);
  }
  ctx.notify(NOTIFY_GENERIC, 'expire', key);
  return 1;
}

const DEL_ARG = Buffer.from('DEL');
const PEXPIREAT_ARG = Buffer.from('PEXPIREAT');

/**
 * Set a key's time to live in seconds; replies 1 if set (or the key was deleted), 0 if not.
 * Format: EXPIRE key seconds [NX | XX | GT | LT]
 */
function expireCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return expireGeneric(ctx, argv, true, true, 'expire');
}

/**
 * Set a key's time to live in milliseconds.
 * Format: PEXPIRE key milliseconds [NX | XX | GT | LT]
 */
function pexpireCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return expireGeneric(ctx, argv, false, true, 'pexpire');
}

/**
 * Set a key's expiry as a Unix time in seconds.
 * Format: EXPIREAT key unix-time-seconds [NX | XX | GT | LT]
 */
function expireatCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return expireGeneric(ctx, argv, true, false, 'expireat');
}

/**
 * Set a key's expiry as a Unix time in milliseconds.
 * Format: PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]
 */
function pexpireatCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return expireGeneric(ctx, argv, false, false, 'pexpireat');
}

/**
 * TTL, PTTL, EXPIRETIME and PEXPIRETIME (ttlGenericCommand): -2 for a missing key, -1 for a key
 * without expiry. Seconds are rounded to the nearest second, as Redis does ((ms + 500) / 1000).
 */
function ttlGeneric(ctx: CommandContext, argv: readonly Buffer[], milliseconds: boolean, absolute: boolean): Reply {
  const db = ctx.db;
  const key = keyOf(argv[1] as Buffer);
  if (db.lookupReadNoTouch(key) === undefined) return -2;
  const expire = db.getExpire(key);
  if (expire === undefined) return -1;
  if (typeof expire === 'bigint') {
    // Beyond 2^53 ms (ExpireTime): exact 64-bit arithmetic, as Redis's long long.
    const big = absolute ? expire : expire - BigInt(ctx.server.clock.now());
    const ttl = big < 0n ? 0n : big;
    return milliseconds ? ttl : (ttl + 500n) / 1000n;
  }
  const ttl = Math.max(0, absolute ? expire : expire - ctx.server.clock.now());
  return milliseconds ? ttl : Math.floor((ttl + 500) / 1000);
}


/**
 * Remaining time to live in seconds.
 * Format: TTL key
 */
function ttlCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return ttlGeneric(ctx, argv, false, false);
}

/**
 * Remaining time to live in milliseconds.
 * Format: PTTL key
 */
function pttlCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return ttlGeneric(ctx, argv, true, false);
}

/**
 * The expiry as a Unix time in seconds.
 * Format: EXPIRETIME key
 */
function expiretimeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return ttlGeneric(ctx, argv, false, true);
}

/**
 * The expiry as a Unix time in milliseconds.
 * Format: PEXPIRETIME key
 */
function pexpiretimeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return ttlGeneric(ctx, argv, true, true);
}

/**
 * Remove the expiry; replies 1 if the key had one.
 * Format: PERSIST key
 */
function persistCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const db = ctx.db;
  const key = keyOf(argv[1] as Buffer);
  if (db.lookupWrite(key) === undefined || !db.removeExpire(key)) return 0;
  db.touchWrite(key);
  ctx.notify(NOTIFY_GENERIC, 'persist', key);
  return 1;
}

// --- Specs (redis src/commands/*.json) ---

/** The one key at argv[1], with the key-spec flags Redis's JSON gives it. */
function firstKey(flags: readonly KeySpecFlag[]): readonly KeySpec[] {
  return [keyAt(1, flags)];
}

const ONE_KEY = { first: 1, last: 1, step: 1 } as const;
/** EXPIRE and friends: they update the key's metadata. */
const SETTER = {
  flags: ['write', 'fast'], keys: ONE_KEY, acl: ['keyspace', 'write', 'fast'], keySpecs: firstKey(['RW', 'update']),
  complexity: 'O(1)', history: [['7.0.0', 'Added options: `NX`, `XX`, `GT` and `LT`.']],
} as const;
/** TTL and friends: they read the key's metadata. */
const GETTER = {
  flags: ['readonly', 'fast'], keys: ONE_KEY, acl: ['keyspace', 'read', 'fast'], keySpecs: firstKey(['RO', 'access']),
  complexity: 'O(1)',
} as const;
const TTL_HISTORY = [['2.8.0', 'Added the -2 reply.']] as const;

export const expireCommands: readonly CommandSpec[] = [
  {
    name: 'expire', group: 'generic', arity: -3, ...SETTER, summary: "Set a key's time to live in seconds",
    since: '1.0.0', handler: expireCommand,
  } satisfies CommandSpec,
  {
    name: 'pexpire', group: 'generic', arity: -3, ...SETTER, summary: "Set a key's time to live in milliseconds",
    since: '2.6.0', handler: pexpireCommand,
  } satisfies CommandSpec,
  {
    name: 'expireat', group: 'generic', arity: -3, ...SETTER, summary: 'Set the expiration for a key as a UNIX timestamp',
    since: '1.2.0', handler: expireatCommand,
  } satisfies CommandSpec,
  {
    name: 'pexpireat', group: 'generic', arity: -3, ...SETTER,
    summary: 'Set the expiration for a key as a UNIX timestamp specified in milliseconds', since: '2.6.0',
    handler: pexpireatCommand,
  } satisfies CommandSpec,
  {
    name: 'ttl', group: 'generic', arity: 2, ...GETTER, summary: 'Get the time to live for a key in seconds',
    since: '1.0.0', tips: ['nondeterministic_output'], history: TTL_HISTORY, handler: ttlCommand,
  } satisfies CommandSpec,
  {
    name: 'pttl', group: 'generic', arity: 2, ...GETTER, summary: 'Get the time to live for a key in milliseconds',
    since: '2.6.0', tips: ['nondeterministic_output'], history: TTL_HISTORY, handler: pttlCommand,
  } satisfies CommandSpec,
  {
    name: 'expiretime', group: 'generic', arity: 2, ...GETTER, summary: 'Get the expiration Unix timestamp for a key',
    since: '7.0.0', handler: expiretimeCommand,
  } satisfies CommandSpec,
  {
    name: 'pexpiretime', group: 'generic', arity: 2, ...GETTER,
    summary: 'Get the expiration Unix timestamp for a key in milliseconds', since: '7.0.0', handler: pexpiretimeCommand,
  } satisfies CommandSpec,
  {
    name: 'persist', group: 'generic', arity: 2, flags: ['write', 'fast'], keys: ONE_KEY,
    acl: ['keyspace', 'write', 'fast'], keySpecs: firstKey(['RW', 'update']), summary: 'Remove the expiration from a key',
    since: '2.2.0', complexity: 'O(1)', handler: persistCommand,
  } satisfies CommandSpec,
];
