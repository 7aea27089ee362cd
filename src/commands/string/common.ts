// Helpers the string handlers share: the typed lookup, GET's core, and the longest value allowed.
// Mirrors: redis src/t_string.c (getGenericCommand, checkStringLength).
//
// Values are bytes: a value is stored from its Buffer with createString (which picks the int,
// embstr or raw encoding as Redis's tryObjectEncoding does) and replied as its latin1 string.

import type { RedisObject } from '../../datatypes/object.js';
import { stringValue, type StringObject } from '../../datatypes/string/string-type.js';
import { wrongTypeError } from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import type { CommandContext } from '../context.js';

// --- Helpers ---

/** The value as a string object, or WRONGTYPE (Redis checkType). */
export function asString(obj: RedisObject): StringObject {
  if (obj.type !== 'string') throw wrongTypeError();
  return obj;
}

/** getGenericCommand: the value, nil when missing, WRONGTYPE for other types. A read lookup. */
export function getGeneric(ctx: CommandContext, key: string): Reply {
  const obj = ctx.db.lookupRead(key);
  return obj === undefined ? null : stringValue(asString(obj));
}

/** The longest value APPEND and SETRANGE may build (proto-max-bulk-len). */
export function maxStringBytes(ctx: CommandContext): number {
  return ctx.server.config.get('proto-max-bulk-len');
}
