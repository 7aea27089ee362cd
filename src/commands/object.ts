// OBJECT ENCODING / FREQ / IDLETIME / REFCOUNT / HELP: introspection of one value. The lookups do not
// touch the key (no access-time update) and raise no keymiss event (LOOKUP_NONOTIFY), as in Redis 7.0.
// Mirrors: redis src/object.c (objectCommand), src/commands/object-*.json.

import { estimateIdleSeconds, type RedisObject } from '../datatypes/object.js';
import { stringRefcount } from '../datatypes/string/string-type.js';
import { lfuNotSelectedError, lfuSelectedError } from '../errors.js';
import { isLfuPolicy } from '../eviction/evict.js';
import { lfuDecrAndReturn, lfuTimeInMinutes } from '../eviction/lfu.js';
import type { Reply } from '../protocol/reply.js';
import { keyOf } from './args.js';
import type { CommandContext } from './context.js';
import { helpLines } from './help.js';
import { keyAt } from './key-specs.js';
import type { CommandSpec, Handler } from './types.js';

// --- OBJECT ---

/** Policies that keep LFU counters in the object's lru field (MAXMEMORY_FLAG_LFU). */
function lfuPolicy(ctx: CommandContext): boolean {
  return isLfuPolicy(ctx.server.config.get('maxmemory-policy'));
}

/**
 * The value at argv[2] for OBJECT, looked at without touching it and without a `keymiss` event
 * (objectCommandLookup: LOOKUP_NOTOUCH|LOOKUP_NONOTIFY); undefined replies nil.
 */
function objectLookup(ctx: CommandContext, argv: readonly Buffer[]): RedisObject | undefined {
  return ctx.db.lookupReadNoTouch(keyOf(argv[2] as Buffer), false);
}

/**
 * The internal encoding of the value (embstr, listpack, quicklist ...).
 * Format: OBJECT ENCODING key
 */
function objectEncodingCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const obj = objectLookup(ctx, argv);
  return obj === undefined ? null : obj.encoding;
}

/**
 * Seconds since the value was last read or written (LRU clock, 1 s resolution).
 * Format: OBJECT IDLETIME key
 */
function objectIdletimeCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const obj = objectLookup(ctx, argv);
  if (obj === undefined) return null;
  if (lfuPolicy(ctx)) throw lfuSelectedError();
  return estimateIdleSeconds(obj.lru, ctx.server.clock.now());
}

/**
 * The logarithmic access-frequency counter (only under an LFU maxmemory-policy).
 * Format: OBJECT FREQ key
 */
function objectFreqCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const obj = objectLookup(ctx, argv);
  if (obj === undefined) return null;
  if (!lfuPolicy(ctx)) throw lfuNotSelectedError();
  // The counter after the decay owed since the last access (LFUDecrAndReturn, src/eviction/lfu.ts).
  return lfuDecrAndReturn(obj.lru, lfuTimeInMinutes(ctx.server.clock.now()), ctx.server.config.get('lfu-decay-time'));
}

/**
 * How many references the value has: 1, or INT_MAX for Redis's shared small integers.
 * Format: OBJECT REFCOUNT key
 */
function objectRefcountCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const obj = objectLookup(ctx, argv);
  if (obj === undefined) return null;
  // Redis shares the integers 0..9999 unless an LRU/LFU policy with a maxmemory limit needs a
  // private lru field per key (MAXMEMORY_FLAG_NO_SHARED_INTEGERS).
  const policy = ctx.server.config.get('maxmemory-policy');
  const shared = ctx.server.config.get('maxmemory') === 0 || !(policy.endsWith('-lru') || policy.endsWith('-lfu'));
  return obj.type === 'string' ? stringRefcount(obj, shared) : 1;
}

/** OBJECT HELP's lines, as Redis 7.0 prints them (each a status reply). */
const OBJECT_HELP = helpLines([
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
  'HELP',
  '    Prints this help.',
]);

/**
 * Describe the OBJECT subcommands.
 * Format: OBJECT HELP
 */
function objectHelpCommand(): Reply {
  return OBJECT_HELP;
}

const OBJECT_KEY = { first: 2, last: 2, step: 1 } as const;
/** OBJECT's four key-reading subcommands differ only in name, summary, since and handler. */
function objectSubcommand(name: string, summary: string, since: string, handler: Handler): CommandSpec {
  return {
    name, group: 'generic', arity: 3, flags: ['readonly'], keys: OBJECT_KEY, acl: ['keyspace', 'read', 'slow'],
    summary, since, complexity: 'O(1)', tips: ['nondeterministic_output'], keySpecs: [keyAt(2, ['RO'])], handler,
  } satisfies CommandSpec;
}

export const objectCommands: readonly CommandSpec[] = [
  {
    name: 'object', group: 'generic', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for object introspection commands', since: '2.2.3', complexity: 'Depends on subcommand.',
    subcommands: [
      objectSubcommand('encoding', 'Inspect the internal encoding of a Redis object', '2.2.3', objectEncodingCommand),
      objectSubcommand('freq', 'Get the logarithmic access frequency counter of a Redis object', '4.0.0', objectFreqCommand),
      {
        name: 'help', group: 'generic', arity: 2, flags: ['loading', 'stale'], acl: ['keyspace', 'slow'],
        summary: 'Show helpful text about the different subcommands', since: '6.2.0', complexity: 'O(1)',
        handler: objectHelpCommand,
      } satisfies CommandSpec,
      objectSubcommand('idletime', 'Get the time since a Redis object was last accessed', '2.2.3', objectIdletimeCommand),
      objectSubcommand('refcount', 'Get the number of references to the value of the key', '2.2.3', objectRefcountCommand),
    ],
  } satisfies CommandSpec,
];
