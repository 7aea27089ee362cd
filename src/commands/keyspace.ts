// Generic keyspace commands: the spec table of the family. The handlers live in src/commands/keyspace/:
// args.ts (int32 and database-index arguments), keys.ts (DEL UNLINK EXISTS TYPE TOUCH RENAME RENAMENX
// COPY MOVE), listing.ts (KEYS SCAN RANDOMKEY), databases.ts (DBSIZE SWAPDB FLUSHDB FLUSHALL). SCAN's
// cursor and options are parsed in scan-options.ts (HSCAN, SSCAN and ZSCAN share them); OBJECT is in object.ts.
// Mirrors: redis src/commands/*.json of the generic group.

import { dbsizeCommand, flushallCommand, flushdbCommand, swapdbCommand } from './keyspace/databases.js';
import {
  copyCommand, delCommand, existsCommand, moveCommand, renameCommand, renamenxCommand, touchCommand, typeCommand,
} from './keyspace/keys.js';
import { keysCommand, randomkeyCommand, scanCommand } from './keyspace/listing.js';
import { keyAt } from './key-specs.js';
import type { CommandSpec } from './types.js';

// --- Specs (redis src/commands/*.json) ---

const ALL_KEYS = { first: 1, last: -1, step: 1 } as const;
const ONE_KEY = { first: 1, last: 1, step: 1 } as const;
const TWO_KEYS = { first: 1, last: 2, step: 1 } as const;
const MULTI_SHARD_SUM = ['request_policy:multi_shard', 'response_policy:agg_sum'];
const ALL_SHARDS_SUCCEEDED = ['request_policy:all_shards', 'response_policy:all_succeeded'];
const FLUSH_HISTORY = [
  ['4.0.0', 'Added the `ASYNC` flushing mode modifier.'],
  ['6.2.0', 'Added the `SYNC` flushing mode modifier.'],
] as const;

export const keyspaceCommands: readonly CommandSpec[] = [
  {
    name: 'del', group: 'generic', arity: -2, flags: ['write'], keys: ALL_KEYS, acl: ['keyspace', 'write', 'slow'],
    summary: 'Delete a key', since: '1.0.0',
    complexity: 'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).',
    tips: MULTI_SHARD_SUM, keySpecs: [keyAt(1, ['RM', 'delete'], -1)], handler: delCommand,
  } satisfies CommandSpec,
  {
    name: 'unlink', group: 'generic', arity: -2, flags: ['write', 'fast'], keys: ALL_KEYS,
    acl: ['keyspace', 'write', 'fast'],
    summary: 'Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.',
    since: '4.0.0',
    complexity: 'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.',
    tips: MULTI_SHARD_SUM, keySpecs: [keyAt(1, ['RM', 'delete'], -1)], handler: delCommand,
  } satisfies CommandSpec,
  {
    name: 'exists', group: 'generic', arity: -2, flags: ['readonly', 'fast'], keys: ALL_KEYS,
    acl: ['keyspace', 'read', 'fast'], summary: 'Determine if a key exists', since: '1.0.0',
    complexity: 'O(N) where N is the number of keys to check.', tips: MULTI_SHARD_SUM,
    keySpecs: [keyAt(1, ['RO'], -1)], history: [['3.0.3', 'Accepts multiple `key` arguments.']], handler: existsCommand,
  } satisfies CommandSpec,
  {
    name: 'type', group: 'generic', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY,
    acl: ['keyspace', 'read', 'fast'], summary: 'Determine the type stored at key', since: '1.0.0',
    complexity: 'O(1)', keySpecs: [keyAt(1, ['RO'])], handler: typeCommand,
  } satisfies CommandSpec,
  {
    name: 'touch', group: 'generic', arity: -2, flags: ['readonly', 'fast'], keys: ALL_KEYS,
    acl: ['keyspace', 'read', 'fast'],
    summary: 'Alters the last access time of a key(s). Returns the number of existing keys specified.',
    since: '3.2.1', complexity: 'O(N) where N is the number of keys that will be touched.', tips: MULTI_SHARD_SUM,
    keySpecs: [keyAt(1, ['RO'], -1)], handler: touchCommand,
  } satisfies CommandSpec,
  {
    name: 'rename', group: 'generic', arity: 3, flags: ['write'], keys: TWO_KEYS, acl: ['keyspace', 'write', 'slow'],
    summary: 'Rename a key', since: '1.0.0', complexity: 'O(1)',
    keySpecs: [keyAt(1, ['RW', 'access', 'delete']), keyAt(2, ['OW', 'update'])], handler: renameCommand,
  } satisfies CommandSpec,
  {
    name: 'renamenx', group: 'generic', arity: 3, flags: ['write', 'fast'], keys: TWO_KEYS,
    acl: ['keyspace', 'write', 'fast'], summary: 'Rename a key, only if the new key does not exist', since: '1.0.0',
    complexity: 'O(1)', keySpecs: [keyAt(1, ['RW', 'access', 'delete']), keyAt(2, ['OW', 'insert'])],
    history: [['3.2.0', 'The command no longer returns an error when source and destination names are the same.']],
    handler: renamenxCommand,
  } satisfies CommandSpec,
  {
    name: 'copy', group: 'generic', arity: -3, flags: ['write', 'denyoom'], keys: TWO_KEYS,
    acl: ['keyspace', 'write', 'slow'], summary: 'Copy a key', since: '6.2.0',
    complexity: 'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.',
    keySpecs: [keyAt(1, ['RO', 'access']), keyAt(2, ['OW', 'update'])], handler: copyCommand,
  } satisfies CommandSpec,
  {
    name: 'move', group: 'generic', arity: 3, flags: ['write', 'fast'], keys: ONE_KEY, acl: ['keyspace', 'write', 'fast'],
    summary: 'Move a key to another database', since: '1.0.0', complexity: 'O(1)',
    keySpecs: [keyAt(1, ['RW', 'access', 'update'])], handler: moveCommand,
  } satisfies CommandSpec,
  {
    name: 'keys', group: 'generic', arity: 2, flags: ['readonly'], acl: ['keyspace', 'read', 'slow', 'dangerous'],
    summary: 'Find all keys matching the given pattern', since: '1.0.0',
    complexity: 'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.',
    tips: ['request_policy:all_shards', 'nondeterministic_output_order'], handler: keysCommand,
  } satisfies CommandSpec,
  {
    name: 'scan', group: 'generic', arity: -2, flags: ['readonly'], acl: ['keyspace', 'read', 'slow'],
    summary: 'Incrementally iterate the keys space', since: '2.8.0',
    complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.',
    tips: ['nondeterministic_output', 'request_policy:special'], history: [['6.0.0', 'Added the `TYPE` subcommand.']],
    handler: scanCommand,
  } satisfies CommandSpec,
  {
    name: 'randomkey', group: 'generic', arity: 1, flags: ['readonly'], acl: ['keyspace', 'read', 'slow'],
    summary: 'Return a random key from the keyspace', since: '1.0.0', complexity: 'O(1)',
    tips: ['request_policy:all_shards', 'nondeterministic_output'], handler: randomkeyCommand,
  } satisfies CommandSpec,
  {
    name: 'dbsize', group: 'server', arity: 1, flags: ['readonly', 'fast'], acl: ['keyspace', 'read', 'fast'],
    summary: 'Return the number of keys in the selected database', since: '1.0.0', complexity: 'O(1)',
    tips: ['request_policy:all_shards', 'response_policy:agg_sum'], handler: dbsizeCommand,
  } satisfies CommandSpec,
  {
    name: 'swapdb', group: 'server', arity: 3, flags: ['write', 'fast'], acl: ['keyspace', 'write', 'fast', 'dangerous'],
    summary: 'Swaps two Redis databases', since: '4.0.0',
    complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.',
    handler: swapdbCommand,
  } satisfies CommandSpec,
  {
    name: 'flushdb', group: 'server', arity: -1, flags: ['write'], acl: ['keyspace', 'write', 'slow', 'dangerous'],
    summary: 'Remove all keys from the current database', since: '1.0.0',
    complexity: 'O(N) where N is the number of keys in the selected database', tips: ALL_SHARDS_SUCCEEDED,
    history: FLUSH_HISTORY, handler: flushdbCommand,
  } satisfies CommandSpec,
  {
    name: 'flushall', group: 'server', arity: -1, flags: ['write'], acl: ['keyspace', 'write', 'slow', 'dangerous'],
    summary: 'Remove all keys from all databases', since: '1.0.0',
    complexity: 'O(N) where N is the total number of keys in all databases', tips: ALL_SHARDS_SUCCEEDED,
    history: FLUSH_HISTORY, handler: flushallCommand,
  } satisfies CommandSpec,
];
