// Set commands: membership, random members, set algebra (with STORE and SINTERCARD forms) and SSCAN.
// Mirrors: redis src/t_set.c (saddCommand, sremCommand, smoveCommand, sismemberCommand,
// smismemberCommand, scardCommand, spopCommand, spopWithCountCommand, srandmemberCommand,
// srandmemberWithCountCommand, sinterGenericCommand, sinterCardCommand, sunionDiffGenericCommand,
// sscanCommand) and src/commands/s*.json.
//
// Members are bytes: they are kept as latin1 strings (keyOf) and replied as such. The handlers never
// look at the encoding: src/datatypes/set/set-type.ts picks intset or hashtable and converts, and
// set-ops.ts does the algebra.

import {
  limitNegativeError, notInLongRangeError, notPositiveError, numkeysNotPositiveError, numkeysTooBigError,
  syntaxError, valueOutOfRangeError, wrongTypeError,
} from '../errors.js';
import { MAX_RANDOM_PICKS } from '../datatypes/dict.js';
import type { RedisObject } from '../datatypes/object.js';
import {
  setDifference, setIntersection, setIntersectionCard, setIntersectionSet, setPopMany, setUnion,
} from '../datatypes/set/set-ops.js';
import {
  createSetFor, setAdd, setIsMember, setMembers, setPopRandom, setRandomDistinctMembers, setRandomMember,
  setRandomMembers, setRemove, setScan, setSize, type SetLimits, type SetObject,
} from '../datatypes/set/set-type.js';
import { parseInt64Latin1 } from '../datatypes/string/int-parse.js';
import { NOTIFY_GENERIC, NOTIFY_SET } from '../config/keyspace-events.js';
import { set, type Reply } from '../protocol/reply.js';
import { globMatch } from '../util/glob.js';
import { int64Arg, keyOf, optionWord } from './args.js';
import type { CommandContext } from './context.js';
import { parseScanCursor, parseScanOptions } from './scan-options.js';
import type { CommandSpec, KeySpec, KeySpecFlag } from './types.js';

// --- Helpers ---

/** The value as a set, or WRONGTYPE (Redis checkType). */
function asSet(obj: RedisObject): SetObject {
  if (obj.type !== 'set') throw wrongTypeError();
  return obj;
}

/** A read lookup (counts a hit or miss): the set, or undefined when the key is missing. */
function lookupSetRead(ctx: CommandContext, key: string): SetObject | undefined {
  const obj = ctx.db.lookupRead(key);
  return obj === undefined ? undefined : asSet(obj);
}

function lookupSetWrite(ctx: CommandContext, key: string): SetObject | undefined {
  const obj = ctx.db.lookupWrite(key);
  return obj === undefined ? undefined : asSet(obj);
}

/** The intset threshold, read at each write as Redis reads server.set_max_intset_entries. */
function setLimits(ctx: CommandContext): SetLimits {
  return { maxIntsetEntries: ctx.server.config.get('set-max-intset-entries') };
}

const bytes = (arg: Buffer): string => arg.latin1Slice(0, arg.length);

/**
 * Every source set of an algebra command, or WRONGTYPE if any key holds another type (Redis 7.0
 * checks every key, even after a missing one). Missing keys are undefined.
 */
function lookupSources(ctx: CommandContext, argv: readonly Buffer[], from: number, to = argv.length): (SetObject | undefined)[] {
  const sets: (SetObject | undefined)[] = [];
  for (let i = from; i < to; i++) sets.push(lookupSetRead(ctx, keyOf(argv[i] as Buffer)));
  return sets;
}

/**
 * Store a STORE command's result with its event ("sinterstore" ...). An empty result deletes the
 * destination instead, with a "del" event only if there was something to delete. Replies its size.
 */
function storeResult(ctx: CommandContext, dstKey: string, result: SetObject, event: string): number {
  const size = setSize(result);
  if (size === 0) {
    if (ctx.db.delete(dstKey)) ctx.notify(NOTIFY_GENERIC, 'del', dstKey);
  } else {
    ctx.db.set(dstKey, result);
    ctx.notify(NOTIFY_SET, event, dstKey);
  }
  return size;
}

/**
 * After members were removed (at least one): the command's own event, then delete the emptied key
 * with a "del" event, or signal the change.
 */
function afterRemoval(ctx: CommandContext, key: string, target: SetObject, event: string): void {
  if (setSize(target) === 0) ctx.db.delete(key);
  else ctx.db.touchWrite(key);
  ctx.notify(NOTIFY_SET, event, key);
  if (setSize(target) === 0) ctx.notify(NOTIFY_GENERIC, 'del', key);
}

// --- Adding and removing ---

/**
 * Add members; replies how many were new. A new set is an intset if its first member is an integer.
 * Format: SADD key member [member ...]
 */
function saddCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const key = keyOf(argv[1] as Buffer);
  const existing = lookupSetWrite(ctx, key);
  const target = existing ?? createSetFor(bytes(argv[2] as Buffer));
  const limits = setLimits(ctx);
  let added = 0;
  for (let i = 2; i < argv.length; i++) if (setAdd(target, bytes(argv[i] as Buffer), limits)) added++;
  if (existing === undefined) ctx.db.add(key, target);
  else if (added > 0) ctx.db.touchWrite(key);
  if (added > 0) ctx.notify(NOTIFY_SET, 'sadd', key);
  return added;
}

/**
 * Remove members; replies how many were there. The key goes when its last member does.
 * Format: SREM key member [member ...]
 */
function sremCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
function smoveCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
function sismemberCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const target = lookupSetRead(ctx, keyOf(argv[1] as Buffer));
  return target !== undefined && setIsMember(target, bytes(argv[2] as Buffer)) ? 1 : 0;
}

/**
 * 1 or 0 for each member, in order.
 * Format: SMISMEMBER key member [member ...]
 */
function smismemberCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
function scardCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const target = lookupSetRead(ctx, keyOf(argv[1] as Buffer));
  return target === undefined ? 0 : setSize(target);
}

/**
 * Every member: ascending integers for an intset. A set in RESP3.
 * Format: SMEMBERS key
 */
function smembersCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const target = lookupSetRead(ctx, keyOf(argv[1] as Buffer));
  return set(target === undefined ? [] : setMembers(target));
}

// --- Random members ---

const LONG_MIN = -9223372036854775808n;

/**
 * Remove and return a random member (nil for a missing key), or with a count, up to that many
 * distinct members (a set in RESP3).
 * Format: SPOP key [count]
 */
function spopCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
function srandmemberCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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

// --- Set algebra ---

/** Every source present, or undefined when one is missing (an intersection with it is empty). */
function allPresent(sets: readonly (SetObject | undefined)[]): SetObject[] | undefined {
  return sets.every((s) => s !== undefined) ? (sets as SetObject[]) : undefined;
}

/**
 * The members common to every set (a missing key is an empty set). A set in RESP3.
 * Format: SINTER key [key ...]
 */
function sinterCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const sets = allPresent(lookupSources(ctx, argv, 1));
  return set(sets === undefined ? [] : setIntersection(sets));
}

/**
 * Store the intersection in destination (deleting it when empty); replies its size.
 * Format: SINTERSTORE destination key [key ...]
 */
function sinterstoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
function sintercardCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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
function sintercardKeys(argv: readonly Buffer[]): number[] {
  const numkeys = parseNumkeys(argv);
  return Array.from({ length: numkeys }, (_, i) => i + 2);
}

/**
 * Every member of any set. A set in RESP3.
 * Format: SUNION key [key ...]
 */
function sunionCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return set(setMembers(setUnion(lookupSources(ctx, argv, 1), setLimits(ctx))));
}

/**
 * Store the union in destination (deleting it when empty); replies its size.
 * Format: SUNIONSTORE destination key [key ...]
 */
function sunionstoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const result = setUnion(lookupSources(ctx, argv, 2), setLimits(ctx));
  return storeResult(ctx, keyOf(argv[1] as Buffer), result, 'sunionstore');
}

/**
 * The members of the first set that are in none of the others. A set in RESP3.
 * Format: SDIFF key [key ...]
 */
function sdiffCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return set(setMembers(setDifference(lookupSources(ctx, argv, 1), setLimits(ctx))));
}

/**
 * Store the difference in destination (deleting it when empty); replies its size.
 * Format: SDIFFSTORE destination key [key ...]
 */
function sdiffstoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const result = setDifference(lookupSources(ctx, argv, 2), setLimits(ctx));
  return storeResult(ctx, keyOf(argv[1] as Buffer), result, 'sdiffstore');
}

// --- SSCAN ---

/**
 * Walk the members a few at a time: [next cursor, [member, ...]]. An intset comes back whole with
 * cursor 0.
 * Format: SSCAN key cursor [MATCH pattern] [COUNT count]
 */
function sscanCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
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

// --- Specs (src/commands/s*.json) ---

const ONE_KEY = { first: 1, last: 1, step: 1 } as const;
const ALL_KEYS = { first: 1, last: -1, step: 1 } as const;
const RANGE_ONE = { type: 'range', lastkey: 0, keystep: 1, limit: 0 } as const;
const RANGE_REST = { type: 'range', lastkey: -1, keystep: 1, limit: 0 } as const;

/** The key spec of a command whose only key is argv[1]. */
function keyAt1(...flags: KeySpecFlag[]): readonly KeySpec[] {
  return [{ flags, beginSearch: { type: 'index', index: 1 }, findKeys: RANGE_ONE }];
}

/** SINTER, SUNION, SDIFF: every argument is a source key. */
const SOURCE_KEYS: readonly KeySpec[] = [{ flags: ['RO', 'access'], beginSearch: { type: 'index', index: 1 }, findKeys: RANGE_REST }];

/** The STORE forms: a destination, then source keys. */
function storeKeys(...dstFlags: KeySpecFlag[]): readonly KeySpec[] {
  return [
    { flags: dstFlags, beginSearch: { type: 'index', index: 1 }, findKeys: RANGE_ONE },
    { flags: ['RO', 'access'], beginSearch: { type: 'index', index: 2 }, findKeys: RANGE_REST },
  ];
}

const INTER_COMPLEXITY = 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.';
const UNION_COMPLEXITY = 'O(N) where N is the total number of elements in all given sets.';
const SCAN_COMPLEXITY =
  'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..';

export const setCommands: readonly CommandSpec[] = [
  {
    name: 'sadd', group: 'set', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    keySpecs: keyAt1('RW', 'insert'), acl: ['write', 'set', 'fast'], summary: 'Add one or more members to a set',
    since: '1.0.0',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    history: [['2.4.0', 'Accepts multiple `member` arguments.']], handler: saddCommand,
  } satisfies CommandSpec,
  {
    name: 'srem', group: 'set', arity: -3, flags: ['write', 'fast'], keys: ONE_KEY, keySpecs: keyAt1('RW', 'delete'),
    acl: ['write', 'set', 'fast'], summary: 'Remove one or more members from a set', since: '1.0.0',
    complexity: 'O(N) where N is the number of members to be removed.',
    history: [['2.4.0', 'Accepts multiple `member` arguments.']], handler: sremCommand,
  } satisfies CommandSpec,
  {
    name: 'smove', group: 'set', arity: 4, flags: ['write', 'fast'], keys: { first: 1, last: 2, step: 1 },
    keySpecs: [
      { flags: ['RW', 'access', 'delete'], beginSearch: { type: 'index', index: 1 }, findKeys: RANGE_ONE },
      { flags: ['RW', 'insert'], beginSearch: { type: 'index', index: 2 }, findKeys: RANGE_ONE },
    ],
    acl: ['write', 'set', 'fast'], summary: 'Move a member from one set to another', since: '1.0.0', complexity: 'O(1)',
    handler: smoveCommand,
  } satisfies CommandSpec,
  {
    name: 'sismember', group: 'set', arity: 3, flags: ['readonly', 'fast'], keys: ONE_KEY, keySpecs: keyAt1('RO'),
    acl: ['read', 'set', 'fast'], summary: 'Determine if a given value is a member of a set', since: '1.0.0',
    complexity: 'O(1)', handler: sismemberCommand,
  } satisfies CommandSpec,
  {
    name: 'smismember', group: 'set', arity: -3, flags: ['readonly', 'fast'], keys: ONE_KEY,
    keySpecs: keyAt1('RO', 'access'), acl: ['read', 'set', 'fast'],
    summary: 'Returns the membership associated with the given elements for a set', since: '6.2.0',
    complexity: 'O(N) where N is the number of elements being checked for membership', handler: smismemberCommand,
  } satisfies CommandSpec,
  {
    name: 'scard', group: 'set', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, keySpecs: keyAt1('RO'),
    acl: ['read', 'set', 'fast'], summary: 'Get the number of members in a set', since: '1.0.0', complexity: 'O(1)',
    handler: scardCommand,
  } satisfies CommandSpec,
  {
    name: 'smembers', group: 'set', arity: 2, flags: ['readonly'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'set', 'slow'], summary: 'Get all the members in a set', since: '1.0.0',
    complexity: 'O(N) where N is the set cardinality.', tips: ['nondeterministic_output_order'],
    handler: smembersCommand,
  } satisfies CommandSpec,
  {
    name: 'spop', group: 'set', arity: -2, flags: ['write', 'fast'], keys: ONE_KEY,
    keySpecs: keyAt1('RW', 'access', 'delete'), acl: ['write', 'set', 'fast'],
    summary: 'Remove and return one or multiple random members from a set', since: '1.0.0',
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.',
    tips: ['nondeterministic_output'], history: [['3.2.0', 'Added the `count` argument.']], handler: spopCommand,
  } satisfies CommandSpec,
  {
    name: 'srandmember', group: 'set', arity: -2, flags: ['readonly'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'set', 'slow'], summary: 'Get one or multiple random members from a set', since: '1.0.0',
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.',
    tips: ['nondeterministic_output'], history: [['2.6.0', 'Added the optional `count` argument.']],
    handler: srandmemberCommand,
  } satisfies CommandSpec,
  {
    name: 'sinter', group: 'set', arity: -2, flags: ['readonly'], keys: ALL_KEYS, keySpecs: SOURCE_KEYS,
    acl: ['read', 'set', 'slow'], summary: 'Intersect multiple sets', since: '1.0.0', complexity: INTER_COMPLEXITY,
    tips: ['nondeterministic_output_order'], handler: sinterCommand,
  } satisfies CommandSpec,
  {
    name: 'sintercard', group: 'set', arity: -3, flags: ['readonly'], getKeys: sintercardKeys,
    keySpecs: [{ flags: ['RO', 'access'], beginSearch: { type: 'index', index: 1 }, findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, keystep: 1 } }],
    acl: ['read', 'set', 'slow'], summary: 'Intersect multiple sets and return the cardinality of the result',
    since: '7.0.0', complexity: INTER_COMPLEXITY, handler: sintercardCommand,
  } satisfies CommandSpec,
  {
    name: 'sinterstore', group: 'set', arity: -3, flags: ['write', 'denyoom'], keys: ALL_KEYS,
    keySpecs: storeKeys('RW', 'update'), acl: ['write', 'set', 'slow'],
    summary: 'Intersect multiple sets and store the resulting set in a key', since: '1.0.0',
    complexity: INTER_COMPLEXITY, handler: sinterstoreCommand,
  } satisfies CommandSpec,
  {
    name: 'sunion', group: 'set', arity: -2, flags: ['readonly'], keys: ALL_KEYS, keySpecs: SOURCE_KEYS,
    acl: ['read', 'set', 'slow'], summary: 'Add multiple sets', since: '1.0.0', complexity: UNION_COMPLEXITY,
    tips: ['nondeterministic_output_order'], handler: sunionCommand,
  } satisfies CommandSpec,
  {
    name: 'sunionstore', group: 'set', arity: -3, flags: ['write', 'denyoom'], keys: ALL_KEYS,
    keySpecs: storeKeys('OW', 'update'), acl: ['write', 'set', 'slow'],
    summary: 'Add multiple sets and store the resulting set in a key', since: '1.0.0', complexity: UNION_COMPLEXITY,
    handler: sunionstoreCommand,
  } satisfies CommandSpec,
  {
    name: 'sdiff', group: 'set', arity: -2, flags: ['readonly'], keys: ALL_KEYS, keySpecs: SOURCE_KEYS,
    acl: ['read', 'set', 'slow'], summary: 'Subtract multiple sets', since: '1.0.0', complexity: UNION_COMPLEXITY,
    tips: ['nondeterministic_output_order'], handler: sdiffCommand,
  } satisfies CommandSpec,
  {
    name: 'sdiffstore', group: 'set', arity: -3, flags: ['write', 'denyoom'], keys: ALL_KEYS,
    keySpecs: storeKeys('OW', 'update'), acl: ['write', 'set', 'slow'],
    summary: 'Subtract multiple sets and store the resulting set in a key', since: '1.0.0',
    complexity: UNION_COMPLEXITY, handler: sdiffstoreCommand,
  } satisfies CommandSpec,
  {
    name: 'sscan', group: 'set', arity: -3, flags: ['readonly'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'set', 'slow'], summary: 'Incrementally iterate Set elements', since: '2.8.0',
    complexity: SCAN_COMPLEXITY, tips: ['nondeterministic_output'], handler: sscanCommand,
  } satisfies CommandSpec,
];
