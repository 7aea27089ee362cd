// Listing keys: KEYS, SCAN and RANDOMKEY. KEYS skips expired keys without deleting them; SCAN and
// RANDOMKEY delete the expired keys they meet, as Redis does.
// Mirrors: redis src/db.c (keysCommand, scanGenericCommand, randomkeyCommand → dbRandomKey).

import type { Reply } from '../../protocol/reply.js';
import { globMatch, isMatchAll } from '../../util/glob.js';
import { keyBytes } from '../args.js';
import type { CommandContext } from '../context.js';
import { parseScanCursor, parseScanOptions } from '../scan-options.js';

// --- Listing keys ---

/**
 * Every key matching a glob pattern. Expired keys are skipped but not deleted: KEYS never writes
 * (Redis tests keyIsExpired, not expireIfNeeded).
 * Format: KEYS pattern
 */
export function keysCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
export function scanCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
export function randomkeyCommand(ctx: CommandContext): Reply {
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
