// Whole databases: DBSIZE, SWAPDB, FLUSHDB and FLUSHALL.
// Mirrors: redis src/db.c (dbsizeCommand, swapdbCommand, flushdbCommand, flushallCommand).

import { invalidFirstDbIndexError, invalidSecondDbIndexError, syntaxError } from '../../errors.js';
import { OK, type Reply } from '../../protocol/reply.js';
import { optionOf } from '../args.js';
import type { CommandContext } from '../context.js';
import { databaseAt, int32Arg } from './args.js';

// --- Whole databases ---

/**
 * The number of keys in the selected database (keys already expired but not yet reclaimed included).
 * Format: DBSIZE
 */
export function dbsizeCommand(ctx: CommandContext): Reply {
  return ctx.db.size;
}

/**
 * Exchange two databases' contents; clients keep their selected index and see the other data.
 * Format: SWAPDB index1 index2
 */
export function swapdbCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
export function flushdbCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  checkFlushMode(argv);
  ctx.server.dirty += ctx.server.keyspace.flushDb(ctx.db.index);
  // signalFlushedDb: tracking clients hear that every key is invalid.
  ctx.server.tracking.invalidateAll();
  // Logged even when the database was already empty (forceCommandPropagation in db.c).
  if (ctx.server.propagation !== undefined) ctx.propagateAs(argv as Buffer[]);
  return OK;
}

/**
 * Remove every key of every database.
 * Format: FLUSHALL [ASYNC | SYNC]
 */
export function flushallCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  checkFlushMode(argv);
  ctx.server.dirty += ctx.server.keyspace.flushAll();
  ctx.server.tracking.invalidateAll();
  // flushAllDataAndResetRDB: a running BGSAVE is abandoned, and with save points set the empty
  // dataset is saved at once, so a restart cannot bring the keys back.
  ctx.server.snapshots.afterFlushAll();
  // Logged even when every database was already empty (forceCommandPropagation in db.c).
  if (ctx.server.propagation !== undefined) ctx.propagateAs(argv as Buffer[]);
  return OK;
}
