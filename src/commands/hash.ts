// Hash commands: the spec table of the family. The handlers live in src/commands/hash/: common.ts
// (lookups, limits, committing a write), fields.ts (HSET HMSET HSETNX HDEL HGET HMGET HEXISTS HLEN HSTRLEN
// HKEYS HVALS HGETALL), counters.ts (HINCRBY HINCRBYFLOAT), random-scan.ts (HRANDFIELD HSCAN).
// Mirrors: redis src/commands/h*.json.

import { hincrbyCommand, hincrbyfloatCommand } from './hash/counters.js';
import {
  hdelCommand, hexistsCommand, hgetallCommand, hgetCommand, hkeysCommand, hlenCommand, hmgetCommand, hmsetCommand,
  hsetCommand, hsetnxCommand, hstrlenCommand, hvalsCommand,
} from './hash/fields.js';
import { hrandfieldCommand, hscanCommand } from './hash/random-scan.js';
import type { CommandSpec, KeySpec, KeySpecFlag } from './types.js';
import { keyAt } from './key-specs.js';
import { ELEMENT_SCAN_COMPLEXITY } from './scan-options.js';

// --- Specs (src/commands/h*.json) ---

const ONE_KEY = { first: 1, last: 1, step: 1 } as const;

/** The key spec of a command whose only key is argv[1]. */
function keyAt1(...flags: KeySpecFlag[]): readonly KeySpec[] {
  return [keyAt(1, flags)];
}

export const hashCommands: readonly CommandSpec[] = [
  {
    name: 'hset', group: 'hash', arity: -4, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    keySpecs: keyAt1('RW', 'update'), acl: ['write', 'hash', 'fast'], summary: 'Set the string value of a hash field',
    since: '2.0.0',
    complexity: 'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.',
    history: [['4.0.0', 'Accepts multiple `field` and `value` arguments.']], handler: hsetCommand,
  } satisfies CommandSpec,
  {
    name: 'hsetnx', group: 'hash', arity: 4, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    keySpecs: keyAt1('RW', 'insert'), acl: ['write', 'hash', 'fast'],
    summary: 'Set the value of a hash field, only if the field does not exist', since: '2.0.0', complexity: 'O(1)',
    handler: hsetnxCommand,
  } satisfies CommandSpec,
  {
    name: 'hmset', group: 'hash', arity: -4, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    keySpecs: keyAt1('RW', 'update'), acl: ['write', 'hash', 'fast'], summary: 'Set multiple hash fields to multiple values',
    since: '2.0.0', complexity: 'O(N) where N is the number of fields being set.', docFlags: ['deprecated'],
    deprecatedSince: '4.0.0', replacedBy: '`HSET` with multiple field-value pairs', handler: hmsetCommand,
  } satisfies CommandSpec,
  {
    name: 'hget', group: 'hash', arity: 3, flags: ['readonly', 'fast'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'hash', 'fast'], summary: 'Get the value of a hash field', since: '2.0.0', complexity: 'O(1)',
    handler: hgetCommand,
  } satisfies CommandSpec,
  {
    name: 'hmget', group: 'hash', arity: -3, flags: ['readonly', 'fast'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'hash', 'fast'], summary: 'Get the values of all the given hash fields', since: '2.0.0',
    complexity: 'O(N) where N is the number of fields being requested.', handler: hmgetCommand,
  } satisfies CommandSpec,
  {
    name: 'hgetall', group: 'hash', arity: 2, flags: ['readonly'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'hash', 'slow'], summary: 'Get all the fields and values in a hash', since: '2.0.0',
    complexity: 'O(N) where N is the size of the hash.', tips: ['nondeterministic_output_order'], handler: hgetallCommand,
  } satisfies CommandSpec,
  {
    name: 'hdel', group: 'hash', arity: -3, flags: ['write', 'fast'], keys: ONE_KEY, keySpecs: keyAt1('RW', 'delete'),
    acl: ['write', 'hash', 'fast'], summary: 'Delete one or more hash fields', since: '2.0.0',
    complexity: 'O(N) where N is the number of fields to be removed.',
    history: [['2.4.0', 'Accepts multiple `field` arguments.']], handler: hdelCommand,
  } satisfies CommandSpec,
  {
    name: 'hlen', group: 'hash', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, keySpecs: keyAt1('RO'),
    acl: ['read', 'hash', 'fast'], summary: 'Get the number of fields in a hash', since: '2.0.0', complexity: 'O(1)',
    handler: hlenCommand,
  } satisfies CommandSpec,
  {
    name: 'hexists', group: 'hash', arity: 3, flags: ['readonly', 'fast'], keys: ONE_KEY, keySpecs: keyAt1('RO'),
    acl: ['read', 'hash', 'fast'], summary: 'Determine if a hash field exists', since: '2.0.0', complexity: 'O(1)',
    handler: hexistsCommand,
  } satisfies CommandSpec,
  {
    name: 'hkeys', group: 'hash', arity: 2, flags: ['readonly'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'hash', 'slow'], summary: 'Get all the fields in a hash', since: '2.0.0',
    complexity: 'O(N) where N is the size of the hash.', tips: ['nondeterministic_output_order'], handler: hkeysCommand,
  } satisfies CommandSpec,
  {
    name: 'hvals', group: 'hash', arity: 2, flags: ['readonly'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'hash', 'slow'], summary: 'Get all the values in a hash', since: '2.0.0',
    complexity: 'O(N) where N is the size of the hash.', tips: ['nondeterministic_output_order'], handler: hvalsCommand,
  } satisfies CommandSpec,
  {
    name: 'hincrby', group: 'hash', arity: 4, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    keySpecs: keyAt1('RW', 'access', 'update'), acl: ['write', 'hash', 'fast'],
    summary: 'Increment the integer value of a hash field by the given number', since: '2.0.0', complexity: 'O(1)',
    handler: hincrbyCommand,
  } satisfies CommandSpec,
  {
    name: 'hincrbyfloat', group: 'hash', arity: 4, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    keySpecs: keyAt1('RW', 'access', 'update'), acl: ['write', 'hash', 'fast'],
    summary: 'Increment the float value of a hash field by the given amount', since: '2.6.0', complexity: 'O(1)',
    handler: hincrbyfloatCommand,
  } satisfies CommandSpec,
  {
    name: 'hstrlen', group: 'hash', arity: 3, flags: ['readonly', 'fast'], keys: ONE_KEY, keySpecs: keyAt1('RO'),
    acl: ['read', 'hash', 'fast'], summary: 'Get the length of the value of a hash field', since: '3.2.0',
    complexity: 'O(1)', handler: hstrlenCommand,
  } satisfies CommandSpec,
  {
    name: 'hrandfield', group: 'hash', arity: -2, flags: ['readonly'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'hash', 'slow'], summary: 'Get one or multiple random fields from a hash', since: '6.2.0',
    complexity: 'O(N) where N is the number of fields returned', tips: ['nondeterministic_output'],
    handler: hrandfieldCommand,
  } satisfies CommandSpec,
  {
    name: 'hscan', group: 'hash', arity: -3, flags: ['readonly'], keys: ONE_KEY, keySpecs: keyAt1('RO', 'access'),
    acl: ['read', 'hash', 'slow'], summary: 'Incrementally iterate hash fields and associated values', since: '2.8.0',
    complexity: ELEMENT_SCAN_COMPLEXITY, tips: ['nondeterministic_output'], handler: hscanCommand,
  } satisfies CommandSpec,
];
