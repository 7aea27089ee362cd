// SORT and SORT_RO: the spec table and the key extraction. The handlers live in src/commands/sort/:
// sort-command.ts (options, loading, sorting, reply or STORE) and weights.ts (BY/GET patterns,
// weights, the comparison). SORT has a module of its own because it reads lists, sets and sorted sets
// and writes a list: it belongs to no one type's family.
// Mirrors: redis src/commands/sort.json and sort_ro.json, src/db.c (sortGetKeys).

import { optionWord } from './args.js';
import { keyAt } from './key-specs.js';
import { sortCommand, sortRoCommand } from './sort/sort-command.js';
import type { CommandArgument, CommandSpec, KeySpec } from './types.js';

// --- Keys ---

/**
 * SORT's keys for COMMAND GETKEYS and key extraction (sortGetKeys): the key, and the destination of
 * the last STORE. Options are skipped with their arguments (LIMIT 2, GET and BY 1), so
 * `BY store` does not count as a STORE.
 */
export function sortGetKeys(argv: readonly Buffer[]): number[] {
  let store = -1;
  for (let i = 2; i < argv.length; i++) {
    const word = optionWord(argv[i] as Buffer);
    if (word === 'LIMIT') i += 2;
    else if (word === 'GET' || word === 'BY') i += 1;
    else if (word === 'STORE' && i + 1 < argv.length) store = i + 1;
  }
  return store === -1 ? [1] : [1, store];
}

// --- Specs (src/commands/sort.json, sort_ro.json) ---

const BY_GET_KEY_SPEC: KeySpec = {
  notes: 'For the optional BY/GET keyword. It is marked \'unknown\' because the key names derive from the content of the key we sort',
  flags: ['RO', 'access'], beginSearch: { type: 'unknown' }, findKeys: { type: 'unknown' },
};
const STORE_KEY_SPEC: KeySpec = {
  notes: 'For the optional STORE keyword. It is marked \'unknown\' because the keyword can appear anywhere in the argument array',
  flags: ['OW', 'update'], beginSearch: { type: 'unknown' }, findKeys: { type: 'unknown' },
};

const SORT_RO_ARGS: readonly CommandArgument[] = [
  { name: 'key', type: 'key', keySpecIndex: 0 },
  { name: 'pattern', type: 'pattern', keySpecIndex: 1, token: 'BY', flags: ['optional'] },
  {
    name: 'offset_count', type: 'block', token: 'LIMIT', flags: ['optional'],
    arguments: [{ name: 'offset', type: 'integer' }, { name: 'count', type: 'integer' }],
  },
  { name: 'pattern', type: 'pattern', keySpecIndex: 1, token: 'GET', flags: ['optional', 'multiple', 'multiple_token'] },
  {
    name: 'order', type: 'oneof', flags: ['optional'],
    arguments: [{ name: 'asc', type: 'pure-token', token: 'ASC' }, { name: 'desc', type: 'pure-token', token: 'DESC' }],
  },
  { name: 'sorting', type: 'pure-token', token: 'ALPHA', flags: ['optional'] },
];
const SORT_ARGS: readonly CommandArgument[] = [
  ...SORT_RO_ARGS,
  { name: 'destination', type: 'key', keySpecIndex: 2, token: 'STORE', flags: ['optional'] },
];

const SORT_COMPLEXITY =
  'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).';

export const sortCommands: readonly CommandSpec[] = [
  {
    name: 'sort', group: 'generic', arity: -2, flags: ['write', 'denyoom', 'movablekeys'],
    keys: { first: 1, last: 1, step: 1 }, acl: ['write', 'set', 'sortedset', 'list', 'slow', 'dangerous'],
    keySpecs: [keyAt(1, ['RO', 'access']), BY_GET_KEY_SPEC, STORE_KEY_SPEC], getKeys: sortGetKeys,
    arguments: SORT_ARGS,
    summary: 'Sort the elements in a list, set or sorted set', since: '1.0.0', complexity: SORT_COMPLEXITY,
    handler: sortCommand,
  } satisfies CommandSpec,
  {
    name: 'sort_ro', group: 'generic', arity: -2, flags: ['readonly', 'movablekeys'],
    keys: { first: 1, last: 1, step: 1 }, acl: ['read', 'set', 'sortedset', 'list', 'slow', 'dangerous'],
    keySpecs: [keyAt(1, ['RO', 'access']), BY_GET_KEY_SPEC],
    arguments: SORT_RO_ARGS,
    summary: 'Sort the elements in a list, set or sorted set. Read-only variant of SORT.', since: '7.0.0',
    complexity: SORT_COMPLEXITY, handler: sortRoCommand,
  } satisfies CommandSpec,
];
