// The bitmap commands' spec table: GETBIT SETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO, which work
// on string values. The handlers live in src/commands/bitops/: common.ts (bit offsets, ranges), bits.ts
// (GETBIT SETBIT BITCOUNT BITPOS BITOP), bitfield.ts (BITFIELD BITFIELD_RO).
// Mirrors: redis src/commands/*.json of the bitmap group.

import { bitfieldCommand, bitfieldRoCommand } from './bitops/bitfield.js';
import { bitcountCommand, bitopCommand, bitposCommand, getbitCommand, setbitCommand } from './bitops/bits.js';
import { keyAt } from './key-specs.js';
import type { CommandArgument, CommandSpec } from './types.js';

// --- Argument docs (COMMAND DOCS, redis-cli hints), as src/commands/<name>.json ---

const BYTE_OR_BIT: CommandArgument = {
  name: 'index_unit', type: 'oneof', since: '7.0.0', flags: ['optional'],
  arguments: [{ name: 'byte', type: 'pure-token', token: 'BYTE' }, { name: 'bit', type: 'pure-token', token: 'BIT' }],
};
const ENCODING_OFFSET: readonly CommandArgument[] = [{ name: 'encoding', type: 'string' }, { name: 'offset', type: 'integer' }];
const BITCOUNT_ARGS: readonly CommandArgument[] = [
  { name: 'key', type: 'key', keySpecIndex: 0 },
  {
    name: 'index', type: 'block', flags: ['optional'],
    arguments: [{ name: 'start', type: 'integer' }, { name: 'end', type: 'integer' }, BYTE_OR_BIT],
  },
];
const BITFIELD_ARGS: readonly CommandArgument[] = [
  { name: 'key', type: 'key', keySpecIndex: 0 },
  {
    name: 'operation', type: 'oneof', flags: ['optional', 'multiple'], arguments: [
      { name: 'encoding_offset', type: 'block', token: 'GET', arguments: [...ENCODING_OFFSET] },
      {
        name: 'write', type: 'block', arguments: [
          {
            name: 'wrap_sat_fail', type: 'oneof', token: 'OVERFLOW', flags: ['optional'], arguments: [
              { name: 'wrap', type: 'pure-token', token: 'WRAP' },
              { name: 'sat', type: 'pure-token', token: 'SAT' },
              { name: 'fail', type: 'pure-token', token: 'FAIL' },
            ],
          },
          {
            name: 'write_operation', type: 'oneof', arguments: [
              {
                name: 'encoding_offset_value', type: 'block', token: 'SET',
                arguments: [...ENCODING_OFFSET, { name: 'value', type: 'integer' }],
              },
              {
                name: 'encoding_offset_increment', type: 'block', token: 'INCRBY',
                arguments: [...ENCODING_OFFSET, { name: 'increment', type: 'integer' }],
              },
            ],
          },
        ],
      },
    ],
  },
];
const BITFIELD_RO_ARGS: readonly CommandArgument[] = [
  { name: 'key', type: 'key', keySpecIndex: 0 },
  {
    name: 'encoding_offset', type: 'block', token: 'GET', flags: ['optional', 'multiple', 'multiple_token'],
    arguments: [...ENCODING_OFFSET],
  },
];
const BITOP_ARGS: readonly CommandArgument[] = [
  { name: 'operation', type: 'string' },
  { name: 'destkey', type: 'key', keySpecIndex: 0 },
  { name: 'key', type: 'key', keySpecIndex: 1, flags: ['multiple'] },
];
const BITPOS_ARGS: readonly CommandArgument[] = [
  { name: 'key', type: 'key', keySpecIndex: 0 },
  { name: 'bit', type: 'integer' },
  {
    name: 'index', type: 'block', flags: ['optional'], arguments: [
      { name: 'start', type: 'integer' },
      { name: 'end_index', type: 'block', flags: ['optional'], arguments: [{ name: 'end', type: 'integer' }, BYTE_OR_BIT] },
    ],
  },
];
const GETBIT_ARGS: readonly CommandArgument[] = [
  { name: 'key', type: 'key', keySpecIndex: 0 },
  { name: 'offset', type: 'integer' },
];
const SETBIT_ARGS: readonly CommandArgument[] = [
  { name: 'key', type: 'key', keySpecIndex: 0 },
  { name: 'offset', type: 'integer' },
  { name: 'value', type: 'integer' },
];

// --- Specs (src/commands/<name>.json) ---

const ONE_KEY = { first: 1, last: 1, step: 1 } as const;
const BYTE_BIT_HISTORY = [['7.0.0', 'Added the `BYTE|BIT` option.']] as const;

export const bitopsCommands: readonly CommandSpec[] = [
  {
    name: 'getbit', group: 'bitmap', arity: 3, flags: ['readonly', 'fast'], keys: ONE_KEY, acl: ['read', 'bitmap', 'fast'],
    arguments: GETBIT_ARGS,
    keySpecs: [keyAt(1, ['RO', 'access'])],
    summary: 'Returns the bit value at offset in the string value stored at key', since: '2.2.0', complexity: 'O(1)',
    handler: getbitCommand,
  } satisfies CommandSpec,
  {
    name: 'setbit', group: 'bitmap', arity: 4, flags: ['write', 'denyoom'], keys: ONE_KEY, acl: ['write', 'bitmap', 'slow'],
    arguments: SETBIT_ARGS,
    keySpecs: [keyAt(1, ['RW', 'access', 'update'])],
    summary: 'Sets or clears the bit at offset in the string value stored at key', since: '2.2.0', complexity: 'O(1)',
    handler: setbitCommand,
  } satisfies CommandSpec,
  {
    name: 'bitcount', group: 'bitmap', arity: -2, flags: ['readonly'], keys: ONE_KEY, acl: ['read', 'bitmap', 'slow'],
    arguments: BITCOUNT_ARGS,
    keySpecs: [keyAt(1, ['RO', 'access'])], history: BYTE_BIT_HISTORY,
    summary: 'Count set bits in a string', since: '2.6.0', complexity: 'O(N)', handler: bitcountCommand,
  } satisfies CommandSpec,
  {
    name: 'bitpos', group: 'bitmap', arity: -3, flags: ['readonly'], keys: ONE_KEY, acl: ['read', 'bitmap', 'slow'],
    arguments: BITPOS_ARGS,
    keySpecs: [keyAt(1, ['RO', 'access'])], history: BYTE_BIT_HISTORY,
    summary: 'Find first bit set or clear in a string', since: '2.8.7', complexity: 'O(N)', handler: bitposCommand,
  } satisfies CommandSpec,
  {
    name: 'bitop', group: 'bitmap', arity: -4, flags: ['write', 'denyoom'], keys: { first: 2, last: -1, step: 1 },
    arguments: BITOP_ARGS,
    acl: ['write', 'bitmap', 'slow'], keySpecs: [keyAt(2, ['OW', 'update']), keyAt(3, ['RO', 'access'], -1)],
    summary: 'Perform bitwise operations between strings', since: '2.6.0', complexity: 'O(N)', handler: bitopCommand,
  } satisfies CommandSpec,
  {
    name: 'bitfield', group: 'bitmap', arity: -2, flags: ['write', 'denyoom'], keys: ONE_KEY, acl: ['write', 'bitmap', 'slow'],
    arguments: BITFIELD_ARGS,
    keySpecs: [{
      ...keyAt(1, ['RW', 'access', 'update', 'variable_flags']),
      notes: 'This command allows both access and modification of the key',
    }],
    summary: 'Perform arbitrary bitfield integer operations on strings', since: '3.2.0',
    complexity: 'O(1) for each subcommand specified', handler: bitfieldCommand,
  } satisfies CommandSpec,
  {
    name: 'bitfield_ro', group: 'bitmap', arity: -2, flags: ['readonly', 'fast'], keys: ONE_KEY,
    arguments: BITFIELD_RO_ARGS,
    acl: ['read', 'bitmap', 'fast'], keySpecs: [keyAt(1, ['RO', 'access'])],
    summary: 'Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD', since: '6.0.0',
    complexity: 'O(1) for each subcommand specified', handler: bitfieldRoCommand,
  } satisfies CommandSpec,
];
