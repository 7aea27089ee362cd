// Set commands: the spec table of the family. The handlers live in src/commands/set/: common.ts
// (lookups, limits, storing a result, deleting an emptied set), members.ts (SADD SREM SMOVE SISMEMBER
// SMISMEMBER SCARD SMEMBERS SSCAN), random.ts (SPOP SRANDMEMBER), algebra.ts (SINTER SUNION SDIFF, their
// STORE forms and SINTERCARD).
// Mirrors: redis src/commands/s*.json.

import {
  sdiffCommand, sdiffstoreCommand, sintercardCommand, sintercardKeys, sinterCommand, sinterstoreCommand,
  sunionCommand, sunionstoreCommand,
} from './set/algebra.js';
import {
  saddCommand, scardCommand, sismemberCommand, smembersCommand, smismemberCommand, smoveCommand, sremCommand,
  sscanCommand,
} from './set/members.js';
import { spopCommand, srandmemberCommand } from './set/random.js';
import type { CommandSpec, KeySpec, KeySpecFlag } from './types.js';
import { keyAt } from './key-specs.js';
import { ELEMENT_SCAN_COMPLEXITY } from './scan-options.js';

// --- Specs (src/commands/s*.json) ---

const ONE_KEY = { first: 1, last: 1, step: 1 } as const;
const ALL_KEYS = { first: 1, last: -1, step: 1 } as const;

/** The key spec of a command whose only key is argv[1]. */
function keyAt1(...flags: KeySpecFlag[]): readonly KeySpec[] {
  return [keyAt(1, flags)];
}

/** SINTER, SUNION, SDIFF: every argument is a source key. */
const SOURCE_KEYS: readonly KeySpec[] = [keyAt(1, ['RO', 'access'], -1)];

/** The STORE forms: a destination, then source keys. */
function storeKeys(...dstFlags: KeySpecFlag[]): readonly KeySpec[] {
  return [
    keyAt(1, dstFlags),
    keyAt(2, ['RO', 'access'], -1),
  ];
}

const INTER_COMPLEXITY = 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.';
const UNION_COMPLEXITY = 'O(N) where N is the total number of elements in all given sets.';

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
      keyAt(1, ['RW', 'access', 'delete']),
      keyAt(2, ['RW', 'insert']),
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
    complexity: ELEMENT_SCAN_COMPLEXITY, tips: ['nondeterministic_output'], handler: sscanCommand,
  } satisfies CommandSpec,
];
