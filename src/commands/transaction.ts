// Transaction commands: MULTI, EXEC, DISCARD, WATCH, UNWATCH.
// Mirrors: redis src/multi.c. The queueing itself happens in dispatch (processCommand queues
// every command but these while a client is in MULTI); EXEC's work is in
// src/server/transaction-exec.ts, the watch bookkeeping in src/transactions/watch.ts.

import { ReplyError } from '../errors.js';
import { OK, type Reply } from '../protocol/reply.js';
import { keyOf } from './args.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './types.js';

/**
 * Start a transaction: following commands are queued until EXEC.
 * Format: MULTI
 */
function multiCommand(ctx: CommandContext): Reply {
  if (ctx.inMulti) throw new ReplyError('ERR MULTI calls can not be nested');
  ctx.startMulti();
  return OK;
}

/**
 * Run the queued commands; a null array if a watched key changed.
 * Format: EXEC
 */
function execCommand(ctx: CommandContext): Reply {
  if (!ctx.inMulti) throw new ReplyError('ERR EXEC without MULTI');
  return ctx.execMulti();
}

/**
 * Drop the queued commands and the watches.
 * Format: DISCARD
 */
function discardCommand(ctx: CommandContext): Reply {
  if (!ctx.inMulti) throw new ReplyError('ERR DISCARD without MULTI');
  ctx.discardMulti();
  return OK;
}

/**
 * Make the next EXEC conditional on these keys staying unchanged.
 * Format: WATCH key [key ...]
 */
function watchCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (ctx.inMulti) throw new ReplyError('ERR WATCH inside MULTI is not allowed');
  ctx.watchKeys(argv.slice(1).map(keyOf));
  return OK;
}

/**
 * Forget every watched key.
 * Format: UNWATCH
 */
function unwatchCommand(ctx: CommandContext): Reply {
  ctx.unwatchKeys();
  return OK;
}

export const transactionCommands: readonly CommandSpec[] = [
  {
    name: 'multi', group: 'transactions', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    acl: ['fast', 'transaction'], summary: 'Mark the start of a transaction block', since: '1.2.0',
    complexity: 'O(1)', handler: multiCommand,
  },
  {
    name: 'exec', group: 'transactions', arity: 1, flags: ['noscript', 'loading', 'stale', 'skip_slowlog'],
    acl: ['slow', 'transaction'], summary: 'Execute all commands issued after MULTI', since: '1.2.0',
    complexity: 'Depends on commands in the transaction', handler: execCommand,
  },
  {
    name: 'discard', group: 'transactions', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    acl: ['fast', 'transaction'], summary: 'Discard all commands issued after MULTI', since: '2.0.0',
    complexity: 'O(N), when N is the number of queued commands', handler: discardCommand,
  },
  {
    name: 'watch', group: 'transactions', arity: -2, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    keys: { first: 1, last: -1, step: 1 }, acl: ['fast', 'transaction'],
    summary: 'Watch the given keys to determine execution of the MULTI/EXEC block', since: '2.2.0',
    complexity: 'O(1) for every key.', handler: watchCommand,
  },
  {
    name: 'unwatch', group: 'transactions', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    acl: ['fast', 'transaction'], summary: 'Forget about all watched keys', since: '2.2.0', complexity: 'O(1)',
    handler: unwatchCommand,
  },
];
