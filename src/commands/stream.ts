// Stream commands: the spec table of the family. The handlers live in src/commands/stream/:
// common.ts (lookups, ID arguments, replies), entries.ts (XADD XTRIM XDEL XLEN XSETID XRANGE
// XREVRANGE), read.ts (XREAD XREADGROUP, blocking), groups.ts (XGROUP XACK XPENDING), claim.ts
// (XCLAIM XAUTOCLAIM), info.ts (XINFO).
// Mirrors: redis src/commands/x*.json.

import { keyAt } from './key-specs.js';
import {
  xaddCommand, xdelCommand, xlenCommand, xrangeCommand, xrevrangeCommand, xsetidCommand, xtrimCommand,
} from './stream/entries.js';
import { xautoclaimCommand, xclaimCommand } from './stream/claim.js';
import {
  xackCommand, xgroupCreateCommand, xgroupCreateconsumerCommand, xgroupDelconsumerCommand, xgroupDestroyCommand,
  xgroupHelpCommand, xgroupSetidCommand, xpendingCommand,
} from './stream/groups.js';
import { xinfoConsumersCommand, xinfoGroupsCommand, xinfoHelpCommand, xinfoStreamCommand } from './stream/info.js';
import { xreadCommand, xreadgroupCommand } from './stream/read.js';
import type { CommandSpec, KeySpec } from './types.js';

// --- Specs (src/commands/x*.json) ---

const ONE_KEY = { first: 1, last: 1, step: 1 } as const;
const SUB_KEY = { first: 2, last: 2, step: 1 } as const;

/** XREAD / XREADGROUP: the keys are the first half of what follows STREAMS. */
function streamsKeySpec(startfrom: number): KeySpec {
  return {
    flags: ['RO', 'access'],
    beginSearch: { type: 'keyword', keyword: 'STREAMS', startfrom },
    findKeys: { type: 'range', lastkey: -1, keystep: 1, limit: 2 },
  };
}

/** xreadGetKeys: skip the options up to STREAMS, then half of the remaining arguments. */
function xreadGetKeys(argv: readonly Buffer[]): number[] {
  let streamsPos = -1;
  for (let i = 1; i < argv.length; i++) {
    const arg = (argv[i] as Buffer).latin1Slice().toLowerCase();
    if (arg === 'block' || arg === 'count') i++;
    else if (arg === 'group') i += 2;
    else if (arg === 'noack') continue;
    else {
      if (arg === 'streams') streamsPos = i;
      break;
    }
  }
  const n = argv.length - streamsPos - 1;
  if (streamsPos === -1 || n === 0 || n % 2 !== 0) return [];
  const keys: number[] = [];
  for (let i = streamsPos + 1; i < argv.length - n / 2; i++) keys.push(i);
  return keys;
}

const NONDETERMINISTIC = ['nondeterministic_output'];

export const streamCommands: readonly CommandSpec[] = [
  {
    name: 'xadd', group: 'stream', arity: -5, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    keySpecs: [{ notes: 'UPDATE instead of INSERT because of the optional trimming feature', ...keyAt(1, ['RW', 'update']) }],
    acl: ['write', 'stream', 'fast'], summary: 'Appends a new entry to a stream', since: '5.0.0',
    complexity: 'O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.',
    history: [
      ['6.2.0', 'Added the `NOMKSTREAM` option, `MINID` trimming strategy and the `LIMIT` option.'],
      ['7.0.0', 'Added support for the `<ms>-*` explicit ID form.'],
    ],
    tips: NONDETERMINISTIC, handler: xaddCommand,
  } satisfies CommandSpec,
  {
    name: 'xtrim', group: 'stream', arity: -4, flags: ['write'], keys: ONE_KEY, keySpecs: [keyAt(1, ['RW', 'delete'])],
    acl: ['write', 'stream', 'slow'], summary: "Trims the stream to (approximately if '~' is passed) a certain size",
    since: '5.0.0',
    complexity: 'O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.',
    history: [['6.2.0', 'Added the `MINID` trimming strategy and the `LIMIT` option.']],
    tips: NONDETERMINISTIC, handler: xtrimCommand,
  } satisfies CommandSpec,
  {
    name: 'xdel', group: 'stream', arity: -3, flags: ['write', 'fast'], keys: ONE_KEY, keySpecs: [keyAt(1, ['RW', 'delete'])],
    acl: ['write', 'stream', 'fast'],
    summary: 'Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.',
    since: '5.0.0', complexity: 'O(1) for each single item to delete in the stream, regardless of the stream size.',
    handler: xdelCommand,
  } satisfies CommandSpec,
  {
    name: 'xlen', group: 'stream', arity: 2, flags: ['readonly', 'fast'], keys: ONE_KEY, keySpecs: [keyAt(1, ['RO'])],
    acl: ['read', 'stream', 'fast'], summary: 'Return the number of entries in a stream', since: '5.0.0',
    complexity: 'O(1)', handler: xlenCommand,
  } satisfies CommandSpec,
  {
    name: 'xsetid', group: 'stream', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: ONE_KEY,
    keySpecs: [keyAt(1, ['RW', 'update'])], acl: ['write', 'stream', 'fast'],
    summary: 'An internal command for replicating stream values', since: '5.0.0', complexity: 'O(1)',
    history: [['7.0.0', 'Added the `entries_added` and `max_deleted_entry_id` arguments.']], handler: xsetidCommand,
  } satisfies CommandSpec,
  {
    name: 'xrange', group: 'stream', arity: -4, flags: ['readonly'], keys: ONE_KEY, keySpecs: [keyAt(1, ['RO', 'access'])],
    acl: ['read', 'stream', 'slow'],
    summary: 'Return a range of elements in a stream, with IDs matching the specified IDs interval', since: '5.0.0',
    complexity: 'O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).',
    history: [['6.2.0', 'Added exclusive ranges.']], handler: xrangeCommand,
  } satisfies CommandSpec,
  {
    name: 'xrevrange', group: 'stream', arity: -4, flags: ['readonly'], keys: ONE_KEY,
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'stream', 'slow'],
    summary: 'Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE',
    since: '5.0.0',
    complexity: 'O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).',
    history: [['6.2.0', 'Added exclusive ranges.']], handler: xrevrangeCommand,
  } satisfies CommandSpec,
  {
    name: 'xread', group: 'stream', arity: -4, flags: ['readonly', 'blocking'], keySpecs: [streamsKeySpec(1)],
    getKeys: xreadGetKeys, acl: ['read', 'stream', 'slow', 'blocking'],
    summary: 'Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.',
    since: '5.0.0',
    complexity: 'For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.',
    handler: xreadCommand,
  } satisfies CommandSpec,
  {
    name: 'xreadgroup', group: 'stream', arity: -7, flags: ['write', 'blocking'], keySpecs: [streamsKeySpec(4)],
    getKeys: xreadGetKeys, acl: ['write', 'stream', 'slow', 'blocking'],
    summary: 'Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.',
    since: '5.0.0',
    complexity: 'For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.',
    handler: xreadgroupCommand,
  } satisfies CommandSpec,
  {
    name: 'xgroup', group: 'stream', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for consumer groups commands', since: '5.0.0', complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'create', group: 'stream', arity: -5, flags: ['write', 'denyoom'], keys: SUB_KEY,
        keySpecs: [keyAt(2, ['RW', 'insert'])], acl: ['write', 'stream', 'slow'], summary: 'Create a consumer group.',
        since: '5.0.0', complexity: 'O(1)', history: [['7.0.0', 'Added the `entries_read` named argument.']],
        handler: xgroupCreateCommand,
      } satisfies CommandSpec,
      {
        name: 'createconsumer', group: 'stream', arity: 5, flags: ['write', 'denyoom'], keys: SUB_KEY,
        keySpecs: [keyAt(2, ['RW', 'insert'])], acl: ['write', 'stream', 'slow'],
        summary: 'Create a consumer in a consumer group.', since: '6.2.0', complexity: 'O(1)',
        handler: xgroupCreateconsumerCommand,
      } satisfies CommandSpec,
      {
        name: 'delconsumer', group: 'stream', arity: 5, flags: ['write'], keys: SUB_KEY,
        keySpecs: [keyAt(2, ['RW', 'delete'])], acl: ['write', 'stream', 'slow'],
        summary: 'Delete a consumer from a consumer group.', since: '5.0.0', complexity: 'O(1)',
        handler: xgroupDelconsumerCommand,
      } satisfies CommandSpec,
      {
        name: 'destroy', group: 'stream', arity: 4, flags: ['write'], keys: SUB_KEY, keySpecs: [keyAt(2, ['RW', 'delete'])],
        acl: ['write', 'stream', 'slow'], summary: 'Destroy a consumer group.', since: '5.0.0',
        complexity: "O(N) where N is the number of entries in the group's pending entries list (PEL).",
        handler: xgroupDestroyCommand,
      } satisfies CommandSpec,
      {
        name: 'help', group: 'stream', arity: 2, flags: ['loading', 'stale'], acl: ['stream', 'slow'],
        summary: 'Show helpful text about the different subcommands', since: '5.0.0', complexity: 'O(1)',
        handler: xgroupHelpCommand,
      } satisfies CommandSpec,
      {
        name: 'setid', group: 'stream', arity: -5, flags: ['write'], keys: SUB_KEY, keySpecs: [keyAt(2, ['RW', 'update'])],
        acl: ['write', 'stream', 'slow'], summary: 'Set a consumer group to an arbitrary last delivered ID value.',
        since: '5.0.0', complexity: 'O(1)', history: [['7.0.0', 'Added the optional `entries_read` argument.']],
        handler: xgroupSetidCommand,
      } satisfies CommandSpec,
    ],
  } satisfies CommandSpec,
  {
    name: 'xack', group: 'stream', arity: -4, flags: ['write', 'fast'], keys: ONE_KEY, keySpecs: [keyAt(1, ['RW', 'update'])],
    acl: ['write', 'stream', 'fast'],
    summary: 'Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.',
    since: '5.0.0', complexity: 'O(1) for each message ID processed.', handler: xackCommand,
  } satisfies CommandSpec,
  {
    name: 'xpending', group: 'stream', arity: -3, flags: ['readonly'], keys: ONE_KEY,
    keySpecs: [keyAt(1, ['RO', 'access'])], acl: ['read', 'stream', 'slow'],
    summary: 'Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.',
    since: '5.0.0',
    complexity: 'O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.',
    history: [['6.2.0', 'Added the `IDLE` option and exclusive range intervals.']], tips: NONDETERMINISTIC,
    handler: xpendingCommand,
  } satisfies CommandSpec,
  {
    name: 'xclaim', group: 'stream', arity: -6, flags: ['write', 'fast'], keys: ONE_KEY, keySpecs: [keyAt(1, ['RW', 'update'])],
    acl: ['write', 'stream', 'fast'],
    summary: 'Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.',
    since: '5.0.0', complexity: 'O(log N) with N being the number of messages in the PEL of the consumer group.',
    tips: NONDETERMINISTIC, handler: xclaimCommand,
  } satisfies CommandSpec,
  {
    name: 'xautoclaim', group: 'stream', arity: -6, flags: ['write', 'fast'], keys: ONE_KEY,
    keySpecs: [keyAt(1, ['RW', 'delete'])], acl: ['write', 'stream', 'fast'],
    summary: 'Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.',
    since: '6.2.0', complexity: 'O(1) if COUNT is small.',
    history: [['7.0.0', 'Added an element to the reply array, containing deleted entries the command cleared from the PEL']],
    tips: NONDETERMINISTIC, handler: xautoclaimCommand,
  } satisfies CommandSpec,
  {
    name: 'xinfo', group: 'stream', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for stream introspection commands', since: '5.0.0', complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'consumers', group: 'stream', arity: 4, flags: ['readonly'], keys: SUB_KEY,
        keySpecs: [keyAt(2, ['RO', 'access'])], acl: ['read', 'stream', 'slow'],
        summary: 'List the consumers in a consumer group', since: '5.0.0', complexity: 'O(1)', tips: NONDETERMINISTIC,
        handler: xinfoConsumersCommand,
      } satisfies CommandSpec,
      {
        name: 'groups', group: 'stream', arity: 3, flags: ['readonly'], keys: SUB_KEY, keySpecs: [keyAt(2, ['RO', 'access'])],
        acl: ['read', 'stream', 'slow'], summary: 'List the consumer groups of a stream', since: '5.0.0', complexity: 'O(1)',
        history: [['7.0.0', 'Added the `entries-read` and `lag` fields']], handler: xinfoGroupsCommand,
      } satisfies CommandSpec,
      {
        name: 'help', group: 'stream', arity: 2, flags: ['loading', 'stale'], acl: ['stream', 'slow'],
        summary: 'Show helpful text about the different subcommands', since: '5.0.0', complexity: 'O(1)',
        handler: xinfoHelpCommand,
      } satisfies CommandSpec,
      {
        name: 'stream', group: 'stream', arity: -3, flags: ['readonly'], keys: SUB_KEY, keySpecs: [keyAt(2, ['RO', 'access'])],
        acl: ['read', 'stream', 'slow'], summary: 'Get information about a stream', since: '5.0.0', complexity: 'O(1)',
        history: [
          ['6.0.0', 'Added the `FULL` modifier.'],
          ['7.0.0', 'Added the `max-deleted-entry-id`, `entries-added`, `recorded-first-entry-id`, `entries-read` and `lag` fields'],
        ],
        handler: xinfoStreamCommand,
      } satisfies CommandSpec,
    ],
  } satisfies CommandSpec,
];
