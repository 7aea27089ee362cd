// Set algebra: SINTER, SUNION, SDIFF, their STORE forms, and SINTERCARD.
// Mirrors: redis src/t_set.c (sinterGenericCommand, sinterCardCommand, sunionDiffGenericCommand).

import { NOTIFY_GENERIC } from '../../config/keyspace-events.js';
import {
  setDifference, setIntersection, setIntersectionCard, setIntersectionSet, setUnion,
} from '../../datatypes/set/set-ops.js';
import { setMembers, type SetObject } from '../../datatypes/set/set-type.js';
import { parseInt64Latin1 } from '../../datatypes/string/int-parse.js';
import { limitNegativeError, numkeysNotPositiveError, numkeysTooBigError, syntaxError } from '../../errors.js';
import { set, type Reply } from '../../protocol/reply.js';
import { keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { bytes, lookupSources, setLimits, storeResult } from './common.js';

// --- Set algebra ---

/** Every source present, or undefined when one is missing (an intersection with it is empty). */
function allPresent(sets: readonly (SetObject | undefined)[]): SetObject[] | undefined {
  return sets.every((s) => s !== undefined) ? (sets as SetObject[]) : undefined;
}

/**
 * The members common to every set (a missing key is an empty set). A set in RESP3.
 * Format: SINTER key [key ...]
 */
export function sinterCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const sets = allPresent(lookupSources(ctx, argv, 1));
  return set(sets === undefined ? [] : setIntersection(sets));
}

/**
 * Store the intersection in destination (deleting it when empty); replies its size.
 * Format: SINTERSTORE destination key [key ...]
 */
export function sinterstoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const dstKey = keyOf(argv[1] as Buffer);
  const sets = allPresent(lookupSources(ctx, argv, 2));
  if (sets === undefined) {
    if (ctx.db.delete(dstKey)) ctx.notify(NOTIFY_GENERIC, 'del', dstKey);
    return 0;
  }
  return storeResult(ctx, dstKey, setIntersectionSet(sets, setLimits(ctx)), 'sinterstore');
}

/** SINTERCARD's numkeys: an integer >= 1 that the arguments after it can cover. */
function parseNumkeys(argv: readonly Buffer[]): number {
  const numkeys = parseInt64Latin1(bytes(argv[1] as Buffer));
  if (numkeys === null || numkeys < 1) throw numkeysNotPositiveError();
  if (numkeys > argv.length - 2) throw numkeysTooBigError();
  return Number(numkeys);
}

/**
 * The size of the intersection, counting no further than LIMIT (0: no limit).
 * Format: SINTERCARD numkeys key [key ...] [LIMIT limit]
 */
export function sintercardCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const numkeys = parseNumkeys(argv);
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    const value = argv[j + 1];
    if (optionWord(argv[j] as Buffer) === 'LIMIT' && value !== undefined) {
      const n = parseInt64Latin1(bytes(value));
      if (n === null || n < 0) throw limitNegativeError();
      limit = Number(n);
      j++;
    } else {
      throw syntaxError();
    }
  }
  const sets = allPresent(lookupSources(ctx, argv, 2, 2 + numkeys));
  return sets === undefined ? 0 : setIntersectionCard(sets, limit);
}

/** SINTERCARD's keys for COMMAND GETKEYS and key extraction: argv[2 .. 2+numkeys-1]. */
export function sintercardKeys(argv: readonly Buffer[]): number[] {
  const numkeys = parseNumkeys(argv);
  return Array.from({ length: numkeys }, (_, i) => i + 2);
}

/**
 * Every member of any set. A set in RESP3.
 * Format: SUNION key [key ...]
 */
export function sunionCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return set(setMembers(setUnion(lookupSources(ctx, argv, 1), setLimits(ctx))));
}

/**
 * Store the union in destination (deleting it when empty); replies its size.
 * Format: SUNIONSTORE destination key [key ...]
 */
export function sunionstoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const result = setUnion(lookupSources(ctx, argv, 2), setLimits(ctx));
  return storeResult(ctx, keyOf(argv[1] as Buffer), result, 'sunionstore');
}

/**
 * The members of the first set that are in none of the others. A set in RESP3.
 * Format: SDIFF key [key ...]
 */
export function sdiffCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return set(setMembers(setDifference(lookupSources(ctx, argv, 1), setLimits(ctx))));
}

/**
 * Store the difference in destination (deleting it when empty); replies its size.
 * Format: SDIFFSTORE destination key [key ...]
 */
export function sdiffstoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const result = setDifference(lookupSources(ctx, argv, 2), setLimits(ctx));
  return storeResult(ctx, keyOf(argv[1] as Buffer), result, 'sdiffstore');
}
