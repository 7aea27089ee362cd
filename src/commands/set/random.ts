// Random members: SPOP (removing them) and SRANDMEMBER (distinct or with repeats).
// Mirrors: redis src/t_set.c (spopCommand, spopWithCountCommand, srandmemberCommand, srandmemberWithCountCommand).

import { NOTIFY_GENERIC, NOTIFY_SET } from '../../config/keyspace-events.js';
import { MAX_RANDOM_PICKS } from '../../datatypes/dict.js';
import { setPopMany } from '../../datatypes/set/set-ops.js';
import {
  setMembers, setPopRandom, setRandomDistinctMembers, setRandomMember, setRandomMembers, setSize,
} from '../../datatypes/set/set-type.js';
import { parseInt64Latin1 } from '../../datatypes/string/int-parse.js';
import { notInLongRangeError, notPositiveError, syntaxError, valueOutOfRangeError } from '../../errors.js';
import { set, type Reply } from '../../protocol/reply.js';
import { int64Arg, keyOf } from '../args.js';
import type { CommandContext } from '../context.js';
import { afterRemoval, bytes, lookupSetRead, lookupSetWrite, setLimits } from './common.js';

// --- Random members ---

const LONG_MIN = -9223372036854775808n;

/**
 * Remove and return a random member (nil for a missing key), or with a count, up to that many
 * distinct members (a set in RESP3).
 * Format: SPOP key [count]
 */
export function spopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length > 3) throw syntaxError();
  const key = keyOf(argv[1] as Buffer);
  if (argv.length === 3) return spopWithCount(ctx, key, argv[2] as Buffer);
  const target = lookupSetWrite(ctx, key);
  if (target === undefined) return null;
  const member = setPopRandom(target, ctx.server.rng);
  // Logged as the removal it made (SREM key member): a replay must not draw again (t_set.c).
  if (ctx.server.propagation !== undefined) ctx.propagateAs([SREM_ARG, argv[1] as Buffer, Buffer.from(member, 'latin1')]);
  afterRemoval(ctx, key, target, 'spop');
  return member;
}

const SREM_ARG = Buffer.from('SREM');
const DEL_ARG = Buffer.from('DEL');

/** spopWithCountCommand. */
function spopWithCount(ctx: CommandContext, key: string, countArg: Buffer): Reply {
  // getPositiveLongFromObjectOrReply: a non-number gets the same message as a negative number.
  const count = parseInt64Latin1(bytes(countArg));
  if (count === null || count < 0) throw notPositiveError();
  const target = lookupSetWrite(ctx, key);
  if (target === undefined || count === 0) return set([]);
  const size = setSize(target);
  if (count >= size) {
    // Case 1: everything goes.
    const members = setMembers(target);
    ctx.db.delete(key);
    if (ctx.server.propagation !== undefined) ctx.propagateAs([DEL_ARG, Buffer.from(key, 'latin1')]);
    ctx.notify(NOTIFY_SET, 'spop', key);
    ctx.notify(NOTIFY_GENERIC, 'del', key);
    return set(members);
  }
  const { popped, rebuilt } = setPopMany(target, Number(count), ctx.server.rng, setLimits(ctx));
  // A rebuilt set replaces the old one under the key, keeping its TTL (dbOverwrite).
  if (rebuilt !== undefined) ctx.db.overwrite(key, rebuilt);
  else ctx.db.touchWrite(key);
  // One SREM per member taken, as Redis 7.0 logs it (the unit is then wrapped in MULTI/EXEC).
  if (ctx.server.propagation !== undefined) {
    const keyArg = Buffer.from(key, 'latin1');
    ctx.propagateAs(...popped.map((member) => [SREM_ARG, keyArg, Buffer.from(member, 'latin1')]));
  }
  ctx.notify(NOTIFY_SET, 'spop', key);
  return set(popped);
}

/**
 * A random member (nil for a missing key). With a positive count, up to that many distinct members;
 * with a negative one, exactly |count| members, repeats allowed (an array, also in RESP3).
 * Format: SRANDMEMBER key [count]
 */
export function srandmemberCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length > 3) throw syntaxError();
  const key = keyOf(argv[1] as Buffer);
  if (argv.length === 2) {
    const target = lookupSetRead(ctx, key);
    return target === undefined ? null : setRandomMember(target, ctx.server.rng);
  }
  const count = int64Arg(argv[2] as Buffer);
  if (count === LONG_MIN) throw notInLongRangeError();
  const target = lookupSetRead(ctx, key);
  if (target === undefined || count === 0) return [];
  if (count < 0) {
    const picks = -Number(count);
    if (picks > MAX_RANDOM_PICKS) throw valueOutOfRangeError();
    return setRandomMembers(target, picks, ctx.server.rng);
  }
  return setRandomDistinctMembers(target, Math.min(Number(count), setSize(target)), ctx.server.rng);
}
