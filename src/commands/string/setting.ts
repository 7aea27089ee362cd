// Setting: SET, SETNX, SETEX, PSETEX, MSET and MSETNX.
// Mirrors: redis src/t_string.c (setCommand, setnxCommand, setexCommand, psetexCommand, msetGenericCommand).

import { NOTIFY_STRING } from '../../config/keyspace-events.js';
import { wrongArityError } from '../../errors.js';
import { OK, type Reply } from '../../protocol/reply.js';
import { keyOf } from '../args.js';
import type { CommandContext } from '../context.js';
import { expireTimeMs, OBJ_EX, OBJ_PX, OBJ_SET_NX, parseExtendedArgs, setGeneric } from './set-options.js';

// --- Commands: setting ---

/**
 * Set a key to a string value, with an optional expiry and condition; GET returns the old value.
 * Format: SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]
 */
export function setCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const { flags, expire } = parseExtendedArgs(argv, true);
  const when = expire === undefined ? undefined : expireTimeMs(ctx, expire, flags, 'set');
  return setGeneric(ctx, flags, argv[1] as Buffer, argv[2] as Buffer, when, OK, null);
}

/**
 * Set a key only if it does not exist: 1 if set, 0 if not.
 * Format: SETNX key value
 */
export function setnxCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return setGeneric(ctx, OBJ_SET_NX, argv[1] as Buffer, argv[2] as Buffer, undefined, 1, 0);
}

/**
 * Set a key with an expiry in seconds.
 * Format: SETEX key seconds value
 */
export function setexCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const when = expireTimeMs(ctx, argv[2] as Buffer, OBJ_EX, 'setex');
  return setGeneric(ctx, OBJ_EX, argv[1] as Buffer, argv[3] as Buffer, when, OK, null);
}

/**
 * Set a key with an expiry in milliseconds.
 * Format: PSETEX key milliseconds value
 */
export function psetexCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const when = expireTimeMs(ctx, argv[2] as Buffer, OBJ_PX, 'psetex');
  return setGeneric(ctx, OBJ_PX, argv[1] as Buffer, argv[3] as Buffer, when, OK, null);
}

/** msetGenericCommand: an odd number of arguments is required (key value pairs). */
function msetGeneric(ctx: CommandContext, argv: readonly Buffer[], nx: boolean, name: string): Reply {
  if (argv.length % 2 === 0) throw wrongArityError(name);
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) {
      if (ctx.db.lookupWrite(keyOf(argv[j] as Buffer)) !== undefined) return 0;
    }
  }
  const db = ctx.db;
  for (let j = 1; j < argv.length; j += 2) {
    const key = keyOf(argv[j] as Buffer);
    if (nx) {
      // Redis's setKey with SETKEY_DOESNT_EXIST: the loop above already looked every key up.
      db.setString(key, argv[j + 1] as Buffer);
    } else {
      // setKey looks each key up for writing first (lookupKeyWrite): an expired key is deleted
      // (`expired` event) before it is set again, and the access counts for LRU/LFU (OBJECT FREQ
      // goes up by one, as after SET). What it finds spares setString a second probe.
      db.setString(key, argv[j + 1] as Buffer, false, db.lookupWrite(key));
    }
    ctx.notify(NOTIFY_STRING, 'set', key);
  }
  return nx ? 1 : OK;
}

/**
 * Set several keys at once (a repeated key: the last value wins).
 * Format: MSET key value [key value ...]
 */
export function msetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return msetGeneric(ctx, argv, false, 'mset');
}

/**
 * Set several keys only if none of them exists: 1 if all were set, 0 if none.
 * Format: MSETNX key value [key value ...]
 */
export function msetnxCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return msetGeneric(ctx, argv, true, 'msetnx');
}
