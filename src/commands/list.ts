// List commands: the spec table of the family and its key extraction. The handlers live in
// src/commands/list/, one file per concept: common.ts (lookups, argument parsers, push/pop with their
// events, the blocking helpers), push.ts (LPUSH RPUSH LPUSHX RPUSHX LINSERT), pop.ts (LPOP RPOP LMOVE
// RPOPLPUSH LMPOP), read.ts (LLEN LRANGE LINDEX LPOS), edit.ts (LSET LREM LTRIM), blocking.ts (BLPOP
// BRPOP BLMOVE BRPOPLPUSH BLMPOP). The timeout argument shared with the sorted set pops is in timeout.ts.
// Mirrors: redis src/commands/l*.json, r*.json, b*.json; src/db.c (lmpopGetKeys, blmpopGetKeys).

import { blmoveCommand, blmpopCommand, blpopCommand, brpopCommand, brpoplpushCommand } from './list/blocking.js';
import { lremCommand, lsetCommand, ltrimCommand } from './list/edit.js';
import { lmoveCommand, lmpopCommand, lpopCommand, rpopCommand, rpoplpushCommand } from './list/pop.js';
import { linsertCommand, lpushCommand, lpushxCommand, rpushCommand, rpushxCommand } from './list/push.js';
import { lindexCommand, llenCommand, lposCommand, lrangeCommand } from './list/read.js';
import { keyAt, keynumAt } from './key-specs.js';
import type { CommandSpec, KeySpec, KeySpecFlag } from './types.js';

// --- Specs ---

/** LMPOP / BLMPOP's keys: numkeys at argv[numkeysIdx], then that many keys (keynum key spec). */
function mpopKeySpec(numkeysIdx: number): KeySpec {
  return keynumAt(numkeysIdx, ['RW', 'access', 'delete']);
}

/**
 * The key positions of LMPOP / BLMPOP (Redis's lmpopGetKeys / blmpopGetKeys via genericGetKeys):
 * numkeys is read with atoi, and must be at least 1 and fit in the remaining arguments.
 */
function mpopGetKeys(numkeysIdx: number): (argv: readonly Buffer[]) => number[] {
  return (argv) => {
    const text = (argv[numkeysIdx] ?? Buffer.alloc(0)).toString('latin1');
    const numkeys = Number.parseInt(text.trimStart(), 10) || 0; // atoi: leading digits, else 0
    const first = numkeysIdx + 1;
    if (numkeys < 1 || numkeys > argv.length - first) return [];
    return Array.from({ length: numkeys }, (_, i) => first + i);
  };
}

const ONE_KEY = { first: 1, last: 1, step: 1 } as const;
const TWO_KEYS = { first: 1, last: 2, step: 1 } as const;
const RW_ACCESS_DELETE: readonly KeySpecFlag[] = ['RW', 'access', 'delete'];
const RW_INSERT: readonly KeySpecFlag[] = ['RW', 'insert'];
const MOVE_KEY_SPECS: readonly KeySpec[] = [keyAt(1, RW_ACCESS_DELETE), keyAt(2, RW_INSERT)];
const BLOCKING_POP_KEY_SPECS: readonly KeySpec[] = [keyAt(1, RW_ACCESS_DELETE, -2)];
const TIMEOUT_AS_DOUBLE: readonly (readonly [string, string])[] = [
  ['6.0.0', '`timeout` is interpreted as a double instead of an integer.'],
];
const PUSH_COMPLEXITY =
  'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.';
const MPOP_COMPLEXITY = 'O(N+M) where N is the number of provided keys and M is the number of elements returned.';
const MOVE_SUMMARY = 'Pop an element from a list, push it to another list and return it; or block until one is available';

export const listCommands: readonly CommandSpec[] = [
  {
    name: 'lpush', group: 'list', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'list', 'fast'], summary: 'Prepend one or multiple elements to a list', since: '1.0.0',
    complexity: PUSH_COMPLEXITY, keySpecs: [keyAt(1, RW_INSERT)],
    history: [['2.4.0', 'Accepts multiple `element` arguments.']], handler: lpushCommand,
  } satisfies CommandSpec,
  {
    name: 'rpush', group: 'list', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'list', 'fast'], summary: 'Append one or multiple elements to a list', since: '1.0.0',
    complexity: PUSH_COMPLEXITY, keySpecs: [keyAt(1, RW_INSERT)],
    history: [['2.4.0', 'Accepts multiple `element` arguments.']], handler: rpushCommand,
  } satisfies CommandSpec,
  {
    name: 'lpushx', group: 'list', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'list', 'fast'], summary: 'Prepend an element to a list, only if the list exists', since: '2.2.0',
    complexity: PUSH_COMPLEXITY, keySpecs: [keyAt(1, RW_INSERT)],
    history: [['4.0.0', 'Accepts multiple `element` arguments.']], handler: lpushxCommand,
  } satisfies CommandSpec,
  {
    name: 'rpushx', group: 'list', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'list', 'fast'], summary: 'Append an element to a list, only if the list exists', since: '2.2.0',
    complexity: PUSH_COMPLEXITY, keySpecs: [keyAt(1, RW_INSERT)],
    history: [['4.0.0', 'Accepts multiple `element` arguments.']], handler: rpushxCommand,
  } satisfies CommandSpec,
  {
    name: 'linsert', group: 'list', arity: 5, flags: ['write', 'denyoom'], keys: ONE_KEY,
    acl: ['write', 'list', 'slow'], summary: 'Insert an element before or after another element in a list',
    since: '2.2.0',
    complexity: 'O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).',
    keySpecs: [keyAt(1, RW_INSERT)], handler: linsertCommand,
  } satisfies CommandSpec,
  {
    name: 'lpop', group: 'list', arity: -2, flags: ['write', 'fast'], keys: ONE_KEY, acl: ['write', 'list', 'fast'],
    summary: 'Remove and get the first elements in a list', since: '1.0.0',
    complexity: 'O(N) where N is the number of elements returned', keySpecs: [keyAt(1, RW_ACCESS_DELETE)],
    history: [['6.2.0', 'Added the `count` argument.']], handler: lpopCommand,
  } satisfies CommandSpec,
  {
    name: 'rpop', group: 'list', arity: -2, flags: ['write', 'fast'], keys: ONE_KEY, acl: ['write', 'list', 'fast'],
    summary: 'Remove and get the last elements in a list', since: '1.0.0',
    complexity: 'O(N) where N is the number of elements returned', keySpecs: [keyAt(1, RW_ACCESS_DELETE)],
    history: [['6.2.0', 'Added the `count` argument.']], handler: rpopCommand,
  } satisfies CommandSpec,
  {
    name: 'lmove', group: 'list', arity: 5, flags: ['write', 'denyoom'], keys: TWO_KEYS,
    acl: ['write', 'list', 'slow'], summary: 'Pop an element from a list, push it to another list and return it',
    since: '6.2.0', complexity: 'O(1)', keySpecs: MOVE_KEY_SPECS, handler: lmoveCommand,
  } satisfies CommandSpec,
  {
    name: 'rpoplpush', group: 'list', arity: 3, flags: ['write', 'denyoom'], keys: TWO_KEYS,
    acl: ['write', 'list', 'slow'],
    summary: 'Remove the last element in a list, prepend it to another list and return it', since: '1.2.0',
    complexity: 'O(1)', keySpecs: MOVE_KEY_SPECS, docFlags: ['deprecated'], deprecatedSince: '6.2.0',
    replacedBy: '`LMOVE` with the `RIGHT` and `LEFT` arguments', handler: rpoplpushCommand,
  } satisfies CommandSpec,
  {
    name: 'lmpop', group: 'list', arity: -4, flags: ['write'], acl: ['write', 'list', 'slow'],
    summary: 'Pop elements from a list', since: '7.0.0', complexity: MPOP_COMPLEXITY,
    keySpecs: [mpopKeySpec(1)], getKeys: mpopGetKeys(1), handler: lmpopCommand,
  } satisfies CommandSpec,
  {
    name: 'llen', group: 'list', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, acl: ['read', 'list', 'fast'],
    summary: 'Get the length of a list', since: '1.0.0', complexity: 'O(1)', keySpecs: [keyAt(1, ['RO'])],
    handler: llenCommand,
  } satisfies CommandSpec,
  {
    name: 'lrange', group: 'list', arity: 4, flags: ['readonly'], keys: ONE_KEY, acl: ['read', 'list', 'slow'],
    summary: 'Get a range of elements from a list', since: '1.0.0',
    complexity: 'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.',
    keySpecs: [keyAt(1, ['RO', 'access'])], handler: lrangeCommand,
  } satisfies CommandSpec,
  {
    name: 'lindex', group: 'list', arity: 3, flags: ['readonly'], keys: ONE_KEY, acl: ['read', 'list', 'slow'],
    summary: 'Get an element from a list by its index', since: '1.0.0',
    complexity: 'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).',
    keySpecs: [keyAt(1, ['RO', 'access'])], handler: lindexCommand,
  } satisfies CommandSpec,
  {
    name: 'lpos', group: 'list', arity: -3, flags: ['readonly'], keys: ONE_KEY, acl: ['read', 'list', 'slow'],
    summary: 'Return the index of matching elements on a list', since: '6.0.6',
    complexity: 'O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.',
    keySpecs: [keyAt(1, ['RO', 'access'])], handler: lposCommand,
  } satisfies CommandSpec,
  {
    name: 'lset', group: 'list', arity: 4, flags: ['write', 'denyoom'], keys: ONE_KEY, acl: ['write', 'list', 'slow'],
    summary: 'Set the value of an element in a list by its index', since: '1.0.0',
    complexity: 'O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).',
    keySpecs: [keyAt(1, ['RW', 'update'])], handler: lsetCommand,
  } satisfies CommandSpec,
  {
    name: 'lrem', group: 'list', arity: 4, flags: ['write'], keys: ONE_KEY, acl: ['write', 'list', 'slow'],
    summary: 'Remove elements from a list', since: '1.0.0',
    complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.',
    keySpecs: [keyAt(1, ['RW', 'delete'])], handler: lremCommand,
  } satisfies CommandSpec,
  {
    name: 'ltrim', group: 'list', arity: 4, flags: ['write'], keys: ONE_KEY, acl: ['write', 'list', 'slow'],
    summary: 'Trim a list to the specified range', since: '1.0.0',
    complexity: 'O(N) where N is the number of elements to be removed by the operation.',
    keySpecs: [keyAt(1, ['RW', 'delete'])], handler: ltrimCommand,
  } satisfies CommandSpec,
  {
    name: 'blpop', group: 'list', arity: -3, flags: ['write', 'noscript', 'blocking'], keys: { first: 1, last: -2, step: 1 },
    acl: ['write', 'list', 'slow', 'blocking'],
    summary: 'Remove and get the first element in a list, or block until one is available', since: '2.0.0',
    complexity: 'O(N) where N is the number of provided keys.', keySpecs: BLOCKING_POP_KEY_SPECS,
    history: TIMEOUT_AS_DOUBLE, handler: blpopCommand,
  } satisfies CommandSpec,
  {
    name: 'brpop', group: 'list', arity: -3, flags: ['write', 'noscript', 'blocking'], keys: { first: 1, last: -2, step: 1 },
    acl: ['write', 'list', 'slow', 'blocking'],
    summary: 'Remove and get the last element in a list, or block until one is available', since: '2.0.0',
    complexity: 'O(N) where N is the number of provided keys.', keySpecs: BLOCKING_POP_KEY_SPECS,
    history: TIMEOUT_AS_DOUBLE, handler: brpopCommand,
  } satisfies CommandSpec,
  {
    name: 'blmove', group: 'list', arity: 6, flags: ['write', 'denyoom', 'noscript', 'blocking'], keys: TWO_KEYS,
    acl: ['write', 'list', 'slow', 'blocking'], summary: MOVE_SUMMARY, since: '6.2.0', complexity: 'O(1)',
    keySpecs: MOVE_KEY_SPECS, handler: blmoveCommand,
  } satisfies CommandSpec,
  {
    name: 'brpoplpush', group: 'list', arity: 4, flags: ['write', 'denyoom', 'noscript', 'blocking'], keys: TWO_KEYS,
    acl: ['write', 'list', 'slow', 'blocking'], summary: MOVE_SUMMARY, since: '2.2.0', complexity: 'O(1)',
    keySpecs: MOVE_KEY_SPECS, docFlags: ['deprecated'], deprecatedSince: '6.2.0',
    replacedBy: '`BLMOVE` with the `RIGHT` and `LEFT` arguments', history: TIMEOUT_AS_DOUBLE,
    handler: brpoplpushCommand,
  } satisfies CommandSpec,
  {
    name: 'blmpop', group: 'list', arity: -5, flags: ['write', 'blocking'], acl: ['write', 'list', 'slow', 'blocking'],
    summary: 'Pop elements from a list, or block until one is available', since: '7.0.0', complexity: MPOP_COMPLEXITY,
    keySpecs: [mpopKeySpec(2)], getKeys: mpopGetKeys(2), handler: blmpopCommand,
  } satisfies CommandSpec,
];
