// Adding, removing and testing members: SADD, SREM, SMOVE, SISMEMBER, SMISMEMBER, SCARD, SMEMBERS,
// and iterating them with SSCAN.
// Mirrors: redis src/t_set.c (saddCommand, sremCommand, smoveCommand, sismemberCommand,
// smismemberCommand, scardCommand, sinterCommand for SMEMBERS), src/db.c (sscanCommand → scanGenericCommand).

import { NOTIFY_SET } from '../../config/keyspace-events.js';
import {
  createSetFor, setAdd, setIsMember, setMembers, setRemove, setScan, setSize,
} from '../../datatypes/set/set-type.js';
import { set, type Reply } from '../../protocol/reply.js';
import { globMatch } from '../../util/glob.js';
import { keyOf } from '../args.js';
import type { CommandContext } from '../context.js';
import { parseScanCursor, parseScanOptions } from '../scan-options.js';
import { afterRemoval, asSet, bytes, lookupSetRead, lookupSetWrite, setLimits } from './common.js';

// --- Adding and removing ---

/**
 * Add members; replies how many were new. A new set is an intset if its first member is an integer.
 * Format: SADD key member [member ...]
 */
export function saddCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const existing = lookupSetWrite(ctx, key);
  const target = existing ?? createSetFor(bytes(argv[2] as Buffer));
  const limits = setLimits(ctx);
  let added = 0;
  for (let i = 2; i < argv.length; i++) if (setAdd(target, bytes(argv[i] as Buffer), limits)) added++;
  if (existing === undefined) ctx.db.add(key, target);
  else if (added > 0) ctx.db.touchWriteDone(key, existing);
  if (added > 0) ctx.notify(NOTIFY_SET, 'sadd', key);
  return added;
}

/**
 * Remove members; replies how many were there. The key goes when its last member does.
 * Format: SREM key member [member ...]
 */
export function sremCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const target = lookupSetWrite(ctx, key);
  if (target === undefined) return 0;
  let deleted = 0;
  for (let i = 2; i < argv.length; i++) {
    if (!setRemove(target, bytes(argv[i] as Buffer))) continue;
    deleted++;
    if (setSize(target) === 0) break;
  }
  if (deleted > 0) afterRemoval(ctx, key, target, 'srem');
  return deleted;
}

/**
 * Move a member from one set to another: 1 if it was moved (or, with source = destination, if it is a
 * member), 0 if the source does not have it.
 * Format: SMOVE source destination member
 */
export function smoveCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const srcKey = keyOf(argv[1] as Buffer);
  const dstKey = keyOf(argv[2] as Buffer);
  const member = bytes(argv[3] as Buffer);
  const srcObj = ctx.db.lookupWrite(srcKey);
  const dstObj = ctx.db.lookupWrite(dstKey);
  // A missing source answers 0 before any type is checked.
  if (srcObj === undefined) return 0;
  const src = asSet(srcObj);
  const dst = dstObj === undefined ? undefined : asSet(dstObj);
  if (src === dst) return setIsMember(src, member) ? 1 : 0;
  if (!setRemove(src, member)) return 0;
  afterRemoval(ctx, srcKey, src, 'srem');
  const limits = setLimits(ctx);
  if (dst === undefined) {
    const created = createSetFor(member);
    setAdd(created, member, limits);
    ctx.db.add(dstKey, created);
    ctx.notify(NOTIFY_SET, 'sadd', dstKey);
  } else if (setAdd(dst, member, limits)) {
    // A member the destination already had is not added again, and gets no "sadd".
    ctx.db.touchWrite(dstKey);
    ctx.notify(NOTIFY_SET, 'sadd', dstKey);
  }
  return 1;
}

// --- Membership ---

/**
 * 1 if the member is in the set, else 0.
 * Format: SISMEMBER key member
 */
export function sismemberCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const target = lookupSetRead(ctx, keyOf(argv[1] as Buffer));
  return target !== undefined && setIsMember(target, bytes(argv[2] as Buffer)) ? 1 : 0;
}

/**
 * 1 or 0 for each member, in order.
 * Format: SMISMEMBER key member [member ...]
 */
export function smismemberCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const target = lookupSetRead(ctx, keyOf(argv[1] as Buffer));
  const out = new Array<number>(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    out[i - 2] = target !== undefined && setIsMember(target, bytes(argv[i] as Buffer)) ? 1 : 0;
  }
  return out;
}

/**
 * The number of members (0 for a missing key).
 * Format: SCARD key
 */
export function scardCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const target = lookupSetRead(ctx, keyOf(argv[1] as Buffer));
  return target === undefined ? 0 : setSize(target);
}

/**
 * Every member: ascending integers for an intset. A set in RESP3.
 * Format: SMEMBERS key
 */
export function smembersCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const target = lookupSetRead(ctx, keyOf(argv[1] as Buffer));
  return set(target === undefined ? [] : setMembers(target));
}

// --- SSCAN ---

/**
 * Walk the members a few at a time: [next cursor, [member, ...]]. An intset comes back whole with
 * cursor 0.
 * Format: SSCAN key cursor [MATCH pattern] [COUNT count]
 */
export function sscanCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const cursor = parseScanCursor(argv[2] as Buffer);
  const target = lookupSetRead(ctx, keyOf(argv[1] as Buffer));
  // A missing key is an empty scan, before the options are even parsed (as in Redis).
  if (target === undefined) return ['0', []];
  const { count, pattern } = parseScanOptions(argv, 3, false);
  const step = setScan(target, Number(cursor), count);
  const members =
    pattern === undefined ? step.members : step.members.filter((m) => globMatch(pattern, Buffer.from(m, 'latin1')));
  return [String(step.cursor), members];
}
