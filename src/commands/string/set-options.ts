// SET's and GETEX's options (NX XX GET EX PX EXAT PXAT KEEPTTL PERSIST), the expire time they give,
// and the SET core every setting command runs, with the argv it is logged as in the AOF.
// Mirrors: redis src/t_string.c (parseExtendedStringArgumentsOrReply, getExpireMillisecondsOrReply,
// setGenericCommand).

import { NOTIFY_GENERIC, NOTIFY_STRING } from '../../config/keyspace-events.js';
import { invalidExpireError, syntaxError } from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import { int64Arg, keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { exactExpireTime, type ExpireTime } from '../../keyspace/database.js';
import { getGeneric } from './common.js';

// Arguments of the commands these are logged as in the AOF (src/persistence/aof/propagate.ts).
export const SET_ARG = Buffer.from('SET');
const PXAT_ARG = Buffer.from('PXAT');
export const KEEPTTL_ARG = Buffer.from('KEEPTTL');
export const DEL_ARG = Buffer.from('DEL');
export const PEXPIREAT_ARG = Buffer.from('PEXPIREAT');
export const PERSIST_ARG = Buffer.from('PERSIST');

// --- SET / GETEX options (parseExtendedStringArgumentsOrReply) ---

// Flag bits, named as in Redis's t_string.c.
const OBJ_NO_FLAGS = 0;
export const OBJ_SET_NX = 1 << 0;
const OBJ_SET_XX = 1 << 1;
export const OBJ_EX = 1 << 2;
export const OBJ_PX = 1 << 3;
const OBJ_KEEPTTL = 1 << 4;
const OBJ_SET_GET = 1 << 5;
export const OBJ_EXAT = 1 << 6;
export const OBJ_PXAT = 1 << 7;
export const OBJ_PERSIST = 1 << 8;
const OBJ_ANY_EXPIRE = OBJ_EX | OBJ_PX | OBJ_EXAT | OBJ_PXAT;
const EXPIRE_OPTIONS: ReadonlyMap<string, number> = new Map([['EX', OBJ_EX], ['PX', OBJ_PX], ['EXAT', OBJ_EXAT], ['PXAT', OBJ_PXAT]]);

interface ExtendedArgs {
  flags: number;
  /** The EX/PX/EXAT/PXAT argument, if any (the last one given wins). */
  expire: Buffer | undefined;
}

/**
 * Parse SET's options (from argv[3]) or GETEX's (from argv[2]). Conflicting options (NX with XX,
 * two different expire kinds, KEEPTTL or PERSIST with an expire) and unknown words are a syntax
 * error; repeating the same option is allowed, as in Redis.
 */
export function parseExtendedArgs(argv: readonly Buffer[], forSet: boolean): ExtendedArgs {
  let flags = OBJ_NO_FLAGS;
  let expire: Buffer | undefined;
  for (let j = forSet ? 3 : 2; j < argv.length; j++) {
    const opt = optionWord(argv[j] as Buffer);
    const next = argv[j + 1];
    const expireFlag = EXPIRE_OPTIONS.get(opt);
    if (forSet && opt === 'NX' && !(flags & OBJ_SET_XX)) {
      flags |= OBJ_SET_NX;
    } else if (forSet && opt === 'XX' && !(flags & OBJ_SET_NX)) {
      flags |= OBJ_SET_XX;
    } else if (forSet && opt === 'GET') {
      flags |= OBJ_SET_GET;
    } else if (forSet && opt === 'KEEPTTL' && !(flags & (OBJ_PERSIST | OBJ_ANY_EXPIRE))) {
      flags |= OBJ_KEEPTTL;
    } else if (!forSet && opt === 'PERSIST' && !(flags & (OBJ_ANY_EXPIRE | OBJ_KEEPTTL))) {
      flags |= OBJ_PERSIST;
    } else if (
      expireFlag !== undefined &&
      !(flags & (OBJ_KEEPTTL | OBJ_PERSIST | (OBJ_ANY_EXPIRE & ~expireFlag))) &&
      next !== undefined
    ) {
      flags |= expireFlag;
      expire = next;
      j++;
    } else {
      throw syntaxError();
    }
  }
  return { flags, expire };
}

const INT64_MAX = 9223372036854775807n;
/** Below this, seconds × 1000 + now stays an exact JS number: the common, BigInt-free path. */
const SAFE_EXPIRE_INPUT = 2 ** 43;

/**
 * getExpireMillisecondsOrReply: the absolute expiry in ms for an EX/PX/EXAT/PXAT argument. Zero,
 * negative, and values whose ms (plus now, for relative ones) overflow int64 are
 * `ERR invalid expire time in '<command>' command`. A time beyond 2^53 ms comes back as a bigint,
 * exact (ExpireTime in src/keyspace/database.ts).
 */
export function expireTimeMs(ctx: CommandContext, arg: Buffer, flags: number, command: string): ExpireTime {
  const n = int64Arg(arg);
  const seconds = (flags & (OBJ_EX | OBJ_EXAT)) !== 0;
  const relative = (flags & (OBJ_EX | OBJ_PX)) !== 0;
  if (typeof n === 'number' && n > 0 && n < SAFE_EXPIRE_INPUT) {
    const ms = seconds ? n * 1000 : n;
    return relative ? ms + ctx.server.clock.now() : ms;
  }
  if (n <= 0 || (seconds && BigInt(n) > INT64_MAX / 1000n)) throw invalidExpireError(command);
  let ms = seconds ? BigInt(n) * 1000n : BigInt(n);
  if (relative) ms += BigInt(ctx.server.clock.now());
  // In C the addition wraps to a negative number, which Redis reports as the same error.
  if (ms > INT64_MAX) throw invalidExpireError(command);
  return exactExpireTime(ms);
}

/**
 * setGenericCommand: store the value honouring NX/XX/GET/KEEPTTL and an absolute expiry.
 * `okReply` / `abortReply` differ between SET (OK / nil) and SETNX (1 / 0).
 */
export function setGeneric(
  ctx: CommandContext, flags: number, keyArg: Buffer, valueArg: Buffer, whenMs: ExpireTime | undefined,
  okReply: Reply, abortReply: Reply,
): Reply {
  const key = keyOf(keyArg);
  // GET replies (or fails with WRONGTYPE) before anything is written.
  const old = flags & OBJ_SET_GET ? getGeneric(ctx, key) : null;
  const current = ctx.db.lookupWrite(key);
  const found = current !== undefined;
  if ((flags & OBJ_SET_NX && found) || (flags & OBJ_SET_XX && !found)) {
    return flags & OBJ_SET_GET ? old : abortReply;
  }
  // Handing over what the lookup found spares setString a second probe of the same key.
  ctx.db.setString(key, valueArg, (flags & OBJ_KEEPTTL) !== 0, current);
  ctx.notify(NOTIFY_STRING, 'set', key);
  // A time already past is stored as is: the key expires on its next lookup (Redis 7.0 does the same).
  if (whenMs !== undefined) {
    ctx.db.setExpire(key, whenMs);
    ctx.notify(NOTIFY_GENERIC, 'expire', key);
    // Logged as SET key value PXAT <ms>: a relative time replayed later would end later (t_string.c).
    if (ctx.server.propagation !== undefined && !(flags & OBJ_PXAT)) {
      ctx.propagateAs([SET_ARG, keyArg, valueArg, PXAT_ARG, Buffer.from(String(whenMs))]);
    }
  }
  return flags & OBJ_SET_GET ? old : okReply;
}
