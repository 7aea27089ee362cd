// Sorted set commands: the spec table of the family (src/commands/z*.json, bz*.json) and the key
// extraction of the numkeys forms. The handlers live in src/commands/zset/, one file per concept:
// common.ts (lookups, argument parsers, store/remove helpers), add.ts (ZADD ZINCRBY ZREM),
// read.ts (ZCARD ZSCORE ZMSCORE ZRANK), range.ts (ZRANGE and friends, ZCOUNT, ZLEXCOUNT),
// remrange.ts (ZREMRANGEBY*), pop.ts (ZPOP*, BZPOP*, ZMPOP, BZMPOP), setops.ts (ZUNION ZINTER ZDIFF
// and their STORE forms, ZINTERCARD), random-scan.ts (ZRANDMEMBER, ZSCAN).
// Mirrors: redis src/commands/z*.json, bz*.json; src/db.c (zunionInterDiffGetKeys, zmpopGetKeys).

import { keyAt, keynumAt } from './key-specs.js';
import type { CommandSpec } from './types.js';
import { zaddCommand, zincrbyCommand, zremCommand } from './zset/add.js';
import {
  bzmpopCommand, bzpopmaxCommand, bzpopminCommand, zmpopCommand, zpopmaxCommand, zpopminCommand,
} from './zset/pop.js';
import { zrandmemberCommand, zscanCommand } from './zset/random-scan.js';
import {
  zcountCommand, zlexcountCommand, zrangebylexCommand, zrangebyscoreCommand, zrangeCommand, zrangestoreCommand,
  zrevrangebylexCommand, zrevrangebyscoreCommand, zrevrangeCommand,
} from './zset/range.js';
import { zcardCommand, zmscoreCommand, zrankCommand, zrevrankCommand, zscoreCommand } from './zset/read.js';
import { zremrangebylexCommand, zremrangebyrankCommand, zremrangebyscoreCommand } from './zset/remrange.js';
import {
  zdiffCommand, zdiffstoreCommand, zintercardCommand, zinterCommand, zinterstoreCommand, zunionCommand,
  zunionstoreCommand,
} from './zset/setops.js';
import { ELEMENT_SCAN_COMPLEXITY } from './scan-options.js';

// --- Key extraction and specs ---

/**
 * The key positions of a numkeys command (zunionInterDiffGetKeys, zmpopGetKeys): the keys after
 * argv[numkeysIdx], plus the destination at 1 for the STORE forms; none when numkeys does not fit.
 */
function numkeysKeys(numkeysIdx: number, withDestination = false): (argv: readonly Buffer[]) => number[] {
  return (argv) => {
    const arg = argv[numkeysIdx];
    if (arg === undefined) return [];
    const text = arg.latin1Slice(0, arg.length);
    if (!/^[1-9][0-9]{0,9}$/.test(text)) return [];
    const numkeys = Number(text);
    if (numkeysIdx + numkeys >= argv.length) return [];
    const keys: number[] = withDestination ? [1] : [];
    for (let i = 1; i <= numkeys; i++) keys.push(numkeysIdx + i);
    return keys;
  };
}

export const zsetCommands: readonly CommandSpec[] = [
  {
    name: 'zadd', group: 'sorted_set', arity: -4, flags: ['write', 'denyoom', 'fast'],
    keys: { first: 1, last: 1, step: 1 }, keySpecs: [keyAt(1, ['RW', 'update'])],
    acl: ['write', 'sortedset', 'fast'],
    summary: 'Add one or more members to a sorted set, or update its score if it already exists', since: '1.2.0',
    complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
    history: [['2.4.0', 'Accepts multiple elements.'], ['3.0.2', 'Added the `XX`, `NX`, `CH` and `INCR` options.'], ['6.2.0', 'Added the `GT` and `LT` options.']],
    handler: zaddCommand,
  } satisfies CommandSpec,
  {
    name: 'zincrby', group: 'sorted_set', arity: 4, flags: ['write', 'denyoom', 'fast'],
    keys: { first: 1, last: 1, step: 1 }, keySpecs: [keyAt(1, ['RW', 'access', 'update'])],
    acl: ['write', 'sortedset', 'fast'], summary: 'Increment the score of a member in a sorted set', since: '1.2.0',
    complexity: 'O(log(N)) where N is the number of elements in the sorted set.', handler: zincrbyCommand,
  } satisfies CommandSpec,
  {
    name: 'zrem', group: 'sorted_set', arity: -3, flags: ['write', 'fast'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RW', 'delete'])], acl: ['write', 'sortedset', 'fast'],
    summary: 'Remove one or more members from a sorted set', since: '1.2.0',
    complexity: 'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.',
    history: [['2.4.0', 'Accepts multiple elements.']], handler: zremCommand,
  } satisfies CommandSpec,
  {
    name: 'zcard', group: 'sorted_set', arity: 2, flags: ['readonly', 'fast'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO'])], acl: ['read', 'sortedset', 'fast'],
    summary: 'Get the number of members in a sorted set', since: '1.2.0', complexity: 'O(1)', handler: zcardCommand,
  } satisfies CommandSpec,
  {
    name: 'zscore', group: 'sorted_set', arity: 3, flags: ['readonly', 'fast'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'fast'],
    summary: 'Get the score associated with the given member in a sorted set', since: '1.2.0', complexity: 'O(1)',
    handler: zscoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zmscore', group: 'sorted_set', arity: -3, flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 }, keySpecs: [keyAt(1, ['RO', 'access'])],
    acl: ['read', 'sortedset', 'fast'], summary: 'Get the score associated with the given members in a sorted set',
    since: '6.2.0', complexity: 'O(N) where N is the number of members being requested.', handler: zmscoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zrank', group: 'sorted_set', arity: 3, flags: ['readonly', 'fast'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'fast'],
    summary: 'Determine the index of a member in a sorted set', since: '2.0.0', complexity: 'O(log(N))',
    handler: zrankCommand,
  } satisfies CommandSpec,
  {
    name: 'zrevrank', group: 'sorted_set', arity: 3, flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 }, keySpecs: [keyAt(1, ['RO', 'access'])],
    acl: ['read', 'sortedset', 'fast'],
    summary: 'Determine the index of a member in a sorted set, with scores ordered from high to low', since: '2.0.0',
    complexity: 'O(log(N))', handler: zrevrankCommand,
  } satisfies CommandSpec,
  {
    name: 'zrange', group: 'sorted_set', arity: -4, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'slow'],
    summary: 'Return a range of members in a sorted set', since: '1.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
    history: [['6.2.0', 'Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options.']], handler: zrangeCommand,
  } satisfies CommandSpec,
  {
    name: 'zrangestore', group: 'sorted_set', arity: -5, flags: ['write', 'denyoom'],
    keys: { first: 1, last: 2, step: 1 },
    keySpecs: [keyAt(1, ['OW', 'update']), keyAt(2, ['RO', 'access'])],
    acl: ['write', 'sortedset', 'slow'], summary: 'Store a range of members from sorted set into another key',
    since: '6.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.',
    handler: zrangestoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zrangebyscore', group: 'sorted_set', arity: -4, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'slow'],
    summary: 'Return a range of members in a sorted set, by score', since: '1.0.5',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
    history: [['2.0.0', 'Added the `WITHSCORES` modifier.']], docFlags: ['deprecated'], deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `BYSCORE` argument', handler: zrangebyscoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zrevrangebyscore', group: 'sorted_set', arity: -4, flags: ['readonly'],
    keys: { first: 1, last: 1, step: 1 }, keySpecs: [keyAt(1, ['RO', 'access'])],
    acl: ['read', 'sortedset', 'slow'],
    summary: 'Return a range of members in a sorted set, by score, with scores ordered from high to low',
    since: '2.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
    history: [['2.1.6', '`min` and `max` can be exclusive.']], docFlags: ['deprecated'], deprecatedSince: '6.2.0',
    replacedBy: '`ZRANGE` with the `REV` and `BYSCORE` arguments', handler: zrevrangebyscoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zrangebylex', group: 'sorted_set', arity: -4, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'slow'],
    summary: 'Return a range of members in a sorted set, by lexicographical range', since: '2.8.9',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
    docFlags: ['deprecated'], deprecatedSince: '6.2.0', replacedBy: '`ZRANGE` with the `BYLEX` argument',
    handler: zrangebylexCommand,
  } satisfies CommandSpec,
  {
    name: 'zrevrangebylex', group: 'sorted_set', arity: -4, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'slow'],
    summary: 'Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.',
    since: '2.8.9',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).',
    docFlags: ['deprecated'], deprecatedSince: '6.2.0', replacedBy: '`ZRANGE` with the `REV` and `BYLEX` arguments',
    handler: zrevrangebylexCommand,
  } satisfies CommandSpec,
  {
    name: 'zrevrange', group: 'sorted_set', arity: -4, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'slow'],
    summary: 'Return a range of members in a sorted set, by index, with scores ordered from high to low',
    since: '1.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
    docFlags: ['deprecated'], deprecatedSince: '6.2.0', replacedBy: '`ZRANGE` with the `REV` argument',
    handler: zrevrangeCommand,
  } satisfies CommandSpec,
  {
    name: 'zcount', group: 'sorted_set', arity: 4, flags: ['readonly', 'fast'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'fast'],
    summary: 'Count the members in a sorted set with scores within the given values', since: '2.0.0',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.', handler: zcountCommand,
  } satisfies CommandSpec,
  {
    name: 'zlexcount', group: 'sorted_set', arity: 4, flags: ['readonly', 'fast'],
    keys: { first: 1, last: 1, step: 1 }, keySpecs: [keyAt(1, ['RO', 'access'])],
    acl: ['read', 'sortedset', 'fast'],
    summary: 'Count the number of members in a sorted set between a given lexicographical range', since: '2.8.9',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.', handler: zlexcountCommand,
  } satisfies CommandSpec,
  {
    name: 'zpopmin', group: 'sorted_set', arity: -2, flags: ['write', 'fast'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RW', 'access', 'delete'])], acl: ['write', 'sortedset', 'fast'],
    summary: 'Remove and return members with the lowest scores in a sorted set', since: '5.0.0',
    complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.',
    handler: zpopminCommand,
  } satisfies CommandSpec,
  {
    name: 'zpopmax', group: 'sorted_set', arity: -2, flags: ['write', 'fast'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RW', 'access', 'delete'])], acl: ['write', 'sortedset', 'fast'],
    summary: 'Remove and return members with the highest scores in a sorted set', since: '5.0.0',
    complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.',
    handler: zpopmaxCommand,
  } satisfies CommandSpec,
  {
    name: 'bzpopmin', group: 'sorted_set', arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'],
    keys: { first: 1, last: -2, step: 1 }, keySpecs: [keyAt(1, ['RW', 'access', 'delete'], -2)],
    acl: ['write', 'sortedset', 'fast', 'blocking'],
    summary: 'Remove and return the member with the lowest score from one or more sorted sets, or block until one is available',
    since: '5.0.0', complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    history: [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']], handler: bzpopminCommand,
  } satisfies CommandSpec,
  {
    name: 'bzpopmax', group: 'sorted_set', arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'],
    keys: { first: 1, last: -2, step: 1 }, keySpecs: [keyAt(1, ['RW', 'access', 'delete'], -2)],
    acl: ['write', 'sortedset', 'fast', 'blocking'],
    summary: 'Remove and return the member with the highest score from one or more sorted sets, or block until one is available',
    since: '5.0.0', complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    history: [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']], handler: bzpopmaxCommand,
  } satisfies CommandSpec,
  {
    name: 'zmpop', group: 'sorted_set', arity: -4, flags: ['write'],
    keySpecs: [keynumAt(1, ['RW', 'access', 'delete'])], getKeys: numkeysKeys(1),
    acl: ['write', 'sortedset', 'slow'], summary: 'Remove and return members with scores in a sorted set',
    since: '7.0.0',
    complexity: 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.',
    handler: zmpopCommand,
  } satisfies CommandSpec,
  {
    name: 'bzmpop', group: 'sorted_set', arity: -5, flags: ['write', 'blocking'],
    keySpecs: [keynumAt(2, ['RW', 'access', 'delete'])], getKeys: numkeysKeys(2),
    acl: ['write', 'sortedset', 'slow', 'blocking'],
    summary: 'Remove and return members with scores in a sorted set or block until one is available', since: '7.0.0',
    complexity: 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.',
    handler: bzmpopCommand,
  } satisfies CommandSpec,
  {
    name: 'zremrangebyscore', group: 'sorted_set', arity: 4, flags: ['write'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RW', 'delete'])], acl: ['write', 'sortedset', 'slow'],
    summary: 'Remove all members in a sorted set within the given scores', since: '1.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.',
    handler: zremrangebyscoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zremrangebyrank', group: 'sorted_set', arity: 4, flags: ['write'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RW', 'delete'])], acl: ['write', 'sortedset', 'slow'],
    summary: 'Remove all members in a sorted set within the given indexes', since: '2.0.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.',
    handler: zremrangebyrankCommand,
  } satisfies CommandSpec,
  {
    name: 'zremrangebylex', group: 'sorted_set', arity: 4, flags: ['write'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RW', 'delete'])], acl: ['write', 'sortedset', 'slow'],
    summary: 'Remove all members in a sorted set between the given lexicographical range', since: '2.8.9',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.',
    handler: zremrangebylexCommand,
  } satisfies CommandSpec,
  {
    name: 'zunionstore', group: 'sorted_set', arity: -4, flags: ['write', 'denyoom'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['OW', 'update']), keynumAt(2, ['RO', 'access'])], getKeys: numkeysKeys(2, true),
    acl: ['write', 'sortedset', 'slow'],
    summary: 'Add multiple sorted sets and store the resulting sorted set in a new key', since: '2.0.0',
    complexity: 'O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.',
    handler: zunionstoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zinterstore', group: 'sorted_set', arity: -4, flags: ['write', 'denyoom'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['OW', 'update']), keynumAt(2, ['RO', 'access'])], getKeys: numkeysKeys(2, true),
    acl: ['write', 'sortedset', 'slow'],
    summary: 'Intersect multiple sorted sets and store the resulting sorted set in a new key', since: '2.0.0',
    complexity: 'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.',
    handler: zinterstoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zdiffstore', group: 'sorted_set', arity: -4, flags: ['write', 'denyoom'],
    keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['OW', 'update']), keynumAt(2, ['RO', 'access'])], getKeys: numkeysKeys(2, true),
    acl: ['write', 'sortedset', 'slow'],
    summary: 'Subtract multiple sorted sets and store the resulting sorted set in a new key', since: '6.2.0',
    complexity: 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.',
    handler: zdiffstoreCommand,
  } satisfies CommandSpec,
  {
    name: 'zunion', group: 'sorted_set', arity: -3, flags: ['readonly'],
    keySpecs: [keynumAt(1, ['RO', 'access'])], getKeys: numkeysKeys(1), acl: ['read', 'sortedset', 'slow'],
    summary: 'Add multiple sorted sets', since: '6.2.0',
    complexity: 'O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.',
    handler: zunionCommand,
  } satisfies CommandSpec,
  {
    name: 'zinter', group: 'sorted_set', arity: -3, flags: ['readonly'],
    keySpecs: [keynumAt(1, ['RO', 'access'])], getKeys: numkeysKeys(1), acl: ['read', 'sortedset', 'slow'],
    summary: 'Intersect multiple sorted sets', since: '6.2.0',
    complexity: 'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.',
    handler: zinterCommand,
  } satisfies CommandSpec,
  {
    name: 'zdiff', group: 'sorted_set', arity: -3, flags: ['readonly'],
    keySpecs: [keynumAt(1, ['RO', 'access'])], getKeys: numkeysKeys(1), acl: ['read', 'sortedset', 'slow'],
    summary: 'Subtract multiple sorted sets', since: '6.2.0',
    complexity: 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.',
    handler: zdiffCommand,
  } satisfies CommandSpec,
  {
    name: 'zintercard', group: 'sorted_set', arity: -3, flags: ['readonly'],
    keySpecs: [keynumAt(1, ['RO', 'access'])], getKeys: numkeysKeys(1), acl: ['read', 'sortedset', 'slow'],
    summary: 'Intersect multiple sorted sets and return the cardinality of the result', since: '7.0.0',
    complexity: 'O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.',
    handler: zintercardCommand,
  } satisfies CommandSpec,
  {
    name: 'zrandmember', group: 'sorted_set', arity: -2, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'slow'],
    summary: 'Get one or multiple random elements from a sorted set', since: '6.2.0',
    complexity: 'O(N) where N is the number of elements returned', tips: ['nondeterministic_output'],
    handler: zrandmemberCommand,
  } satisfies CommandSpec,
  {
    name: 'zscan', group: 'sorted_set', arity: -3, flags: ['readonly'], keys: { first: 1, last: 1, step: 1 },
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'sortedset', 'slow'],
    summary: 'Incrementally iterate sorted sets elements and associated scores', since: '2.8.0',
    complexity: ELEMENT_SCAN_COMPLEXITY,
    tips: ['nondeterministic_output'], handler: zscanCommand,
  } satisfies CommandSpec,

];
