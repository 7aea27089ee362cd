// Getting: GET, GETSET, GETDEL, GETEX, MGET, STRLEN and GETRANGE.
// Mirrors: redis src/t_string.c (getCommand, getsetCommand, getdelCommand, getexCommand, mgetCommand,
// strlenCommand, getrangeCommand).

import { NOTIFY_GENERIC, NOTIFY_STRING } from '../../config/keyspace-events.js';
import { stringGetRange } from '../../datatypes/string/string-ops.js';
import { stringLength, stringValue } from '../../datatypes/string/string-type.js';
import type { Reply } from '../../protocol/reply.js';
import { int64Arg, keyOf } from '../args.js';
import type { CommandContext } from '../context.js';
import { asString, getGeneric } from './common.js';
import {
  DEL_ARG, expireTimeMs, OBJ_EXAT, OBJ_PERSIST, OBJ_PXAT, parseExtendedArgs, PERSIST_ARG, PEXPIREAT_ARG,
} from './set-options.js';

// --- Commands: getting ---

/**
 * Get the value of a key.
 * Format: GET key
 */
export function getCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return getGeneric(ctx, keyOf(argv[1] as Buffer));
}

/**
 * Set a new value and return the old one; the TTL is cleared.
 * Format: GETSET key value
 */
export function getsetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const old = getGeneric(ctx, key);
  // Redis's setKey looks the key up for writing (a second access under LFU: OBJECT FREQ +2 in all,
  // as in Redis 7.0); what it finds lets setString rewrite the value in place with no second probe.
  const db = ctx.db;
  db.setString(key, argv[2] as Buffer, false, db.lookupWrite(key));
  ctx.notify(NOTIFY_STRING, 'set', key);
  return old;
}

/**
 * Get the value and delete the key.
 * Format: GETDEL key
 */
export function getdelCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const old = getGeneric(ctx, key);
  if (old !== null) {
    ctx.db.delete(key);
    if (ctx.server.propagation !== undefined) ctx.propagateAs([DEL_ARG, argv[1] as Buffer]);
    ctx.notify(NOTIFY_GENERIC, 'del', key);
  }
  return old;
}

/**
 * Get the value and optionally change its TTL. A missing key answers nil before the expire
 * argument is even checked; an EXAT/PXAT time already past deletes the key.
 * Format: GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]
 */
export function getexCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const { flags, expire } = parseExtendedArgs(argv, false);
  const key = keyOf(argv[1] as Buffer);
  const obj = ctx.db.lookupRead(key);
  if (obj === undefined) return null;
  const value = stringValue(asString(obj));
  const when = expire === undefined ? undefined : expireTimeMs(ctx, expire, flags, 'getex');
  // SIMPLIFIED: Redis skips the "already expired" deletion while loading or on a replica.
  // Each change is logged as its plain form: DEL, PEXPIREAT with the absolute time, PERSIST.
  const propagating = ctx.server.propagation !== undefined;
  if (when !== undefined && flags & (OBJ_EXAT | OBJ_PXAT) && when <= ctx.server.clock.now()) {
    ctx.db.delete(key);
    if (propagating) ctx.propagateAs([DEL_ARG, argv[1] as Buffer]);
    ctx.notify(NOTIFY_GENERIC, 'del', key);
  } else if (when !== undefined) {
    ctx.db.setExpire(key, when);
    ctx.db.touchWrite(key);
    if (propagating) ctx.propagateAs([PEXPIREAT_ARG, argv[1] as Buffer, Buffer.from(String(when))]);
    ctx.notify(NOTIFY_GENERIC, 'expire', key);
  } else if (flags & OBJ_PERSIST && ctx.db.removeExpire(key)) {
    ctx.db.touchWrite(key);
    if (propagating) ctx.propagateAs([PERSIST_ARG, argv[1] as Buffer]);
    ctx.notify(NOTIFY_GENERIC, 'persist', key);
  }
  return value;
}

/**
 * Get the values of several keys; missing keys and keys of other types are nil.
 * Format: MGET key [key ...]
 */
export function mgetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const out: Reply[] = new Array<Reply>(argv.length - 1);
  for (let j = 1; j < argv.length; j++) {
    const obj = ctx.db.lookupRead(keyOf(argv[j] as Buffer));
    out[j - 1] = obj === undefined || obj.type !== 'string' ? null : stringValue(obj);
  }
  return out;
}

/**
 * The length of the value in bytes (0 for a missing key).
 * Format: STRLEN key
 */
export function strlenCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const obj = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  return obj === undefined ? 0 : stringLength(asString(obj));
}

/**
 * A substring by inclusive byte offsets; negative offsets count from the end.
 * Format: GETRANGE key start end
 */
export function getrangeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const start = int64Arg(argv[2] as Buffer);
  const end = int64Arg(argv[3] as Buffer);
  const obj = ctx.db.lookupRead(keyOf(argv[1] as Buffer));
  if (obj === undefined) return '';
  return stringGetRange(asString(obj), start, end);
}
