// SLOWLOG GET / LEN / RESET / HELP: reading and clearing the slow log the dispatcher fills.
// Mirrors: redis src/slowlog.c (slowlogCommand), src/commands/slowlog-*.json.

import { slowlogCountError, subcommandSyntaxError } from '../errors.js';
import { OK, type Reply } from '../protocol/reply.js';
import { intArg } from './args.js';
import type { CommandContext } from './context.js';
import { helpLines } from './help.js';
import { ADMIN_ACL } from './server.js';
import type { CommandSpec } from './types.js';

// --- SLOWLOG ---

/** Entries SLOWLOG GET returns without a count. */
const SLOWLOG_DEFAULT_COUNT = 10;

/**
 * The newest `count` slow-log entries (10 by default, -1 for all), each as
 * [id, unix time, duration in µs, [arg ...], client address, client name].
 * Format: SLOWLOG GET [count]
 */
function slowlogGetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length > 3) throw subcommandSyntaxError(argv[1] as Buffer, 'slowlog');
  let count = SLOWLOG_DEFAULT_COUNT;
  if (argv.length === 3) {
    try {
      count = intArg(argv[2] as Buffer);
    } catch {
      throw slowlogCountError();
    }
    if (count < -1) throw slowlogCountError();
  }
  const log = ctx.server.slowlog;
  const entries = count === -1 ? log : log.slice(0, count);
  return entries.map((entry) => [
    entry.id, entry.timestampSec, entry.durationUs, entry.argv, entry.peer, entry.clientName,
  ]);
}

/**
 * How many entries the slow log holds.
 * Format: SLOWLOG LEN
 */
function slowlogLenCommand(ctx: CommandContext): Reply {
  return ctx.server.slowlog.length;
}

/**
 * Empty the slow log (entry ids keep counting up).
 * Format: SLOWLOG RESET
 */
function slowlogResetCommand(ctx: CommandContext): Reply {
  ctx.server.slowlog.length = 0;
  return OK;
}

const SLOWLOG_HELP = helpLines([
  'SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
  'HELP',
  '    Prints this help.',
]);

/**
 * Describe the SLOWLOG subcommands.
 * Format: SLOWLOG HELP
 */
function slowlogHelpCommand(): Reply {
  return SLOWLOG_HELP;
}

// --- Spec (redis src/commands/slowlog*.json) ---

export const slowlogCommands: readonly CommandSpec[] = [
  {
    name: 'slowlog', group: 'server', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for slow log commands', since: '2.2.12', complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'get', group: 'server', arity: -2, flags: ['admin', 'loading', 'stale'], acl: ADMIN_ACL,
        summary: "Get the slow log's entries", since: '2.2.12', complexity: 'O(N) where N is the number of entries returned',
        handler: slowlogGetCommand,
      },
      {
        name: 'len', group: 'server', arity: 2, flags: ['admin', 'loading', 'stale'], acl: ADMIN_ACL,
        summary: "Get the slow log's length", since: '2.2.12', complexity: 'O(1)', handler: slowlogLenCommand,
      },
      {
        name: 'reset', group: 'server', arity: 2, flags: ['admin', 'loading', 'stale'], acl: ADMIN_ACL,
        summary: 'Clear all entries from the slow log', since: '2.2.12',
        complexity: 'O(N) where N is the number of entries in the slowlog', handler: slowlogResetCommand,
      },
      {
        name: 'help', group: 'server', arity: 2, flags: ['loading', 'stale'], acl: ['slow'],
        summary: 'Show helpful text about the different subcommands', since: '6.2.0', complexity: 'O(1)',
        handler: slowlogHelpCommand,
      },
    ],
  },
];
