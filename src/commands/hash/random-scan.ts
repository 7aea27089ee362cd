// HRANDFIELD (one field, or count of them with or without repeats) and HSCAN.
// Mirrors: redis src/t_hash.c (hrandfieldCommand, hrandfieldWithCountCommand), src/db.c (hscanCommand → scanGenericCommand).

import { MAX_RANDOM_PICKS } from '../../datatypes/dict.js';
import {
  hashLength, hashRandomDistinctPairs, hashRandomPair, hashRandomPairs, hashScan, type HashPairs,
} from '../../datatypes/hash/hash-type.js';
import { notInLongRangeError, syntaxError, valueOutOfRangeError } from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import { int64Arg, keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { matchingPairs, parseScanCursor, parseScanOptions } from '../scan-options.js';
import { lookupHashRead } from './common.js';

// --- Random fields ---

const LONG_MIN = -9223372036854775808n;
/** LONG_MAX / 2: HRANDFIELD WITHVALUES refuses counts beyond it (count * 2 must fit a long). */
const HALF_LONG_MAX = 4611686018427387903n;

/** The reply of HRANDFIELD with a count: fields only, or pairs (flat in RESP2, nested in RESP3). */
function randomPairsReply(ctx: CommandContext, pairs: HashPairs, withValues: boolean): Reply {
  if (!withValues) return pairs.fields;
  const { fields, values } = pairs;
  if (ctx.resp === 3) return fields.map((field, i): Reply => [field, values[i] as string]);
  const out = new Array<string>(fields.length * 2);
  for (let i = 0; i < fields.length; i++) {
    out[i * 2] = fields[i] as string;
    out[i * 2 + 1] = values[i] as string;
  }
  return out;
}

/**
 * Random fields. Without a count: one field (nil for a missing key). With a positive count: up to that
 * many distinct fields; with a negative one: exactly |count| fields, repeats allowed. WITHVALUES adds
 * each field's value.
 * Format: HRANDFIELD key [count [WITHVALUES]]
 */
export function hrandfieldCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  if (argv.length === 2) {
    const hash = lookupHashRead(ctx, key);
    return hash === undefined ? null : (hashRandomPair(hash, ctx.server.rng)[0] as string);
  }
  const count = int64Arg(argv[2] as Buffer);
  if (count === LONG_MIN) throw notInLongRangeError();
  if (argv.length > 4 || (argv.length === 4 && optionWord(argv[3] as Buffer) !== 'WITHVALUES')) throw syntaxError();
  const withValues = argv.length === 4;
  if (withValues && (count < -HALF_LONG_MAX || count > HALF_LONG_MAX)) throw valueOutOfRangeError();
  const hash = lookupHashRead(ctx, key);
  if (hash === undefined || count === 0) return [];
  const rng = ctx.server.rng;
  if (count < 0) {
    const picks = -Number(count);
    if (picks > MAX_RANDOM_PICKS) throw valueOutOfRangeError();
    return randomPairsReply(ctx, hashRandomPairs(hash, picks, rng), withValues);
  }
  const wanted = Math.min(Number(count), hashLength(hash));
  return randomPairsReply(ctx, hashRandomDistinctPairs(hash, wanted, rng), withValues);
}

// --- HSCAN ---

/**
 * Walk the fields a few at a time: [next cursor, [field, value, ...]]. A listpack-encoded hash comes
 * back whole with cursor 0.
 * Format: HSCAN key cursor [MATCH pattern] [COUNT count]
 */
export function hscanCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const cursor = parseScanCursor(argv[2] as Buffer);
  const hash = lookupHashRead(ctx, keyOf(argv[1] as Buffer));
  // A missing key is an empty scan, before the options are even parsed (as in Redis).
  if (hash === undefined) return ['0', []];
  const { count, pattern } = parseScanOptions(argv, 3, false);
  const step = hashScan(hash, Number(cursor), count);
  return [String(step.cursor), matchingPairs(step.pairs, pattern)];
}
