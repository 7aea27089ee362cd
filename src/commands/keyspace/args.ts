// Arguments of the keyspace commands: 32-bit integers with Redis's error texts and database indexes.
// Mirrors: redis src/object.c (getIntFromObjectOrReply), src/db.c (selectDb, getIntFromObjectOrReply callers).

import { dbIndexOutOfRangeError, notInt32Error, type ReplyError } from '../../errors.js';
import type { Database } from '../../keyspace/database.js';
import { intArg } from '../args.js';
import type { CommandContext } from '../context.js';

// --- Argument helpers ---

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * A C int argument (getIntFromObjectOrReply): not an integer → the usual integer error (or
 * `invalid`, when the caller gives its own, as SWAPDB does); outside 32 bits → the range error.
 */
export function int32Arg(arg: Buffer, invalid?: () => ReplyError): number {
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
export function databaseAt(ctx: CommandContext, index: number): Database {
  const dbs = ctx.server.keyspace.dbs;
  const db = index >= 0 ? dbs[index] : undefined;
  if (db === undefined) throw dbIndexOutOfRangeError();
  return db;
}

/** isspace() in the C locale: what strtoul would skip and Redis refuses at a cursor's start. */
