// BGREWRITEAOF: compact the append-only file into a new base.
// Mirrors: redis src/aof.c (bgrewriteaofCommand) and src/commands/bgrewriteaof.json.
// The work is in src/persistence/aof/ (aof-control.ts rewriteAppendOnlyFile); this handler replies.

import { status, type Reply } from '../protocol/reply.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './types.js';

/**
 * Rewrite the AOF from the dataset in the background: new writes go to a new incr file at once, the
 * new base is written from a point-in-time view between event-loop turns, then the manifest is swapped.
 * Scheduled inside EXEC or while a BGSAVE runs; refused while a rewrite runs.
 * Format: BGREWRITEAOF
 */
function bgrewriteaofCommand(ctx: CommandContext): Reply {
  // Outside a script (BGREWRITEAOF is noscript), only EXEC runs a command that may not block.
  return status(ctx.server.rewriteAppendOnlyFile(!ctx.mayBlock));
}

export const aofCommands: readonly CommandSpec[] = [
  {
    name: 'bgrewriteaof', group: 'server', arity: 1, flags: ['admin', 'noscript', 'no_async_loading'],
    acl: ['admin', 'slow', 'dangerous'], summary: 'Asynchronously rewrite the append-only file', since: '1.0.0',
    complexity: 'O(1)', handler: bgrewriteaofCommand,
  },
];
