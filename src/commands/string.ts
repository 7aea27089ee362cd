// String commands: the spec table of the family. The handlers live in src/commands/string/, one file
// per concept: common.ts (lookup, GET's core), set-options.ts (SET/GETEX options and setGenericCommand),
// setting.ts (SET SETNX SETEX PSETEX MSET MSETNX), getting.ts (GET GETSET GETDEL GETEX MGET STRLEN
// GETRANGE), edit.ts (APPEND SETRANGE), counters.ts (INCR DECR INCRBY DECRBY INCRBYFLOAT), lcs.ts (LCS).
// Mirrors: redis src/commands/*.json of the string group.

import { decrbyCommand, decrCommand, incrbyCommand, incrbyfloatCommand, incrCommand } from './string/counters.js';
import { appendCommand, setrangeCommand } from './string/edit.js';
import {
  getCommand, getdelCommand, getexCommand, getrangeCommand, getsetCommand, mgetCommand, strlenCommand,
} from './string/getting.js';
import { lcsCommand } from './string/lcs.js';
import { msetCommand, msetnxCommand, psetexCommand, setCommand, setexCommand, setnxCommand } from './string/setting.js';
import type { CommandSpec } from './types.js';

const GETRANGE_COMPLEXITY =
  'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.';

// --- Specs (src/commands/<name>.json) ---

const ONE_KEY = { first: 1, last: 1, step: 1 } as const;

export const stringCommands: readonly CommandSpec[] = [
  {
    name: 'get', group: 'string', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, acl: ['read', 'string', 'fast'],
    summary: 'Get the value of a key', since: '1.0.0', complexity: 'O(1)', handler: getCommand,
  } satisfies CommandSpec,
  {
    name: 'set', group: 'string', arity: -3, flags: ['write', 'denyoom'], keys: ONE_KEY, acl: ['write', 'string', 'slow'],
    summary: 'Set the string value of a key', since: '1.0.0', complexity: 'O(1)', handler: setCommand,
  } satisfies CommandSpec,
  {
    name: 'setnx', group: 'string', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'string', 'fast'], summary: 'Set the value of a key, only if the key does not exist',
    since: '1.0.0', complexity: 'O(1)', handler: setnxCommand,
  } satisfies CommandSpec,
  {
    name: 'setex', group: 'string', arity: 4, flags: ['write', 'denyoom'], keys: ONE_KEY, acl: ['write', 'string', 'slow'],
    summary: 'Set the value and expiration of a key', since: '2.0.0', complexity: 'O(1)', handler: setexCommand,
  } satisfies CommandSpec,
  {
    name: 'psetex', group: 'string', arity: 4, flags: ['write', 'denyoom'], keys: ONE_KEY, acl: ['write', 'string', 'slow'],
    summary: 'Set the value and expiration in milliseconds of a key', since: '2.6.0', complexity: 'O(1)',
    handler: psetexCommand,
  } satisfies CommandSpec,
  {
    name: 'getset', group: 'string', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'string', 'fast'], summary: 'Set the string value of a key and return its old value',
    since: '1.0.0', complexity: 'O(1)', handler: getsetCommand,
  } satisfies CommandSpec,
  {
    name: 'getdel', group: 'string', arity: 2, flags: ['write', 'fast'], keys: ONE_KEY, acl: ['write', 'string', 'fast'],
    summary: 'Get the value of a key and delete the key', since: '6.2.0', complexity: 'O(1)', handler: getdelCommand,
  } satisfies CommandSpec,
  {
    name: 'getex', group: 'string', arity: -2, flags: ['write', 'fast'], keys: ONE_KEY, acl: ['write', 'string', 'fast'],
    summary: 'Get the value of a key and optionally set its expiration', since: '6.2.0', complexity: 'O(1)',
    handler: getexCommand,
  } satisfies CommandSpec,
  {
    name: 'mset', group: 'string', arity: -3, flags: ['write', 'denyoom'], keys: { first: 1, last: -1, step: 2 },
    acl: ['write', 'string', 'slow'], summary: 'Set multiple keys to multiple values', since: '1.0.1',
    complexity: 'O(N) where N is the number of keys to set.', handler: msetCommand,
  } satisfies CommandSpec,
  {
    name: 'msetnx', group: 'string', arity: -3, flags: ['write', 'denyoom'], keys: { first: 1, last: -1, step: 2 },
    acl: ['write', 'string', 'slow'], summary: 'Set multiple keys to multiple values, only if none of the keys exist',
    since: '1.0.1', complexity: 'O(N) where N is the number of keys to set.', handler: msetnxCommand,
  } satisfies CommandSpec,
  {
    name: 'mget', group: 'string', arity: -2, flags: ['readonly', 'fast'], keys: { first: 1, last: -1, step: 1 },
    acl: ['read', 'string', 'fast'], summary: 'Get the values of all the given keys', since: '1.0.0',
    complexity: 'O(N) where N is the number of keys to retrieve.', handler: mgetCommand,
  } satisfies CommandSpec,
  {
    name: 'append', group: 'string', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'string', 'fast'], summary: 'Append a value to a key', since: '2.0.0',
    complexity: 'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.',
    handler: appendCommand,
  } satisfies CommandSpec,
  {
    name: 'strlen', group: 'string', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, acl: ['read', 'string', 'fast'],
    summary: 'Get the length of the value stored in a key', since: '2.2.0', complexity: 'O(1)', handler: strlenCommand,
  } satisfies CommandSpec,
  {
    name: 'getrange', group: 'string', arity: 4, flags: ['readonly'], keys: ONE_KEY, acl: ['read', 'string', 'slow'],
    summary: 'Get a substring of the string stored at a key', since: '2.4.0', complexity: GETRANGE_COMPLEXITY,
    handler: getrangeCommand,
  } satisfies CommandSpec,
  {
    name: 'substr', group: 'string', arity: 4, flags: ['readonly'], keys: ONE_KEY, acl: ['read', 'string', 'slow'],
    summary: 'Get a substring of the string stored at a key', since: '1.0.0', complexity: GETRANGE_COMPLEXITY,
    handler: getrangeCommand,
  } satisfies CommandSpec,
  {
    name: 'setrange', group: 'string', arity: 4, flags: ['write', 'denyoom'], keys: ONE_KEY, acl: ['write', 'string', 'slow'],
    summary: 'Overwrite part of a string at key starting at the specified offset', since: '2.2.0',
    complexity: 'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.',
    handler: setrangeCommand,
  } satisfies CommandSpec,
  {
    name: 'incr', group: 'string', arity: 2, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'string', 'fast'], summary: 'Increment the integer value of a key by one', since: '1.0.0',
    complexity: 'O(1)', handler: incrCommand,
  } satisfies CommandSpec,
  {
    name: 'decr', group: 'string', arity: 2, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'string', 'fast'], summary: 'Decrement the integer value of a key by one', since: '1.0.0',
    complexity: 'O(1)', handler: decrCommand,
  } satisfies CommandSpec,
  {
    name: 'incrby', group: 'string', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'string', 'fast'], summary: 'Increment the integer value of a key by the given amount',
    since: '1.0.0', complexity: 'O(1)', handler: incrbyCommand,
  } satisfies CommandSpec,
  {
    name: 'decrby', group: 'string', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'string', 'fast'], summary: 'Decrement the integer value of a key by the given number',
    since: '1.0.0', complexity: 'O(1)', handler: decrbyCommand,
  } satisfies CommandSpec,
  {
    name: 'incrbyfloat', group: 'string', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    acl: ['write', 'string', 'fast'], summary: 'Increment the float value of a key by the given amount',
    since: '2.6.0', complexity: 'O(1)', handler: incrbyfloatCommand,
  } satisfies CommandSpec,
  {
    name: 'lcs', group: 'string', arity: -3, flags: ['readonly'], keys: { first: 1, last: 2, step: 1 },
    acl: ['read', 'string', 'slow'], summary: 'Find longest common substring', since: '7.0.0',
    complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively', handler: lcsCommand,
  } satisfies CommandSpec,
];
