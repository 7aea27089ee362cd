// Snapshot commands: SAVE and BGSAVE (LASTSAVE and SHUTDOWN live with the server commands).
// Mirrors: redis src/rdb.c (saveCommand, bgsaveCommand) and src/commands/save.json, bgsave.json.
// The work is in src/persistence/snapshots.ts; these handlers parse and reply.

import { syntaxError } from '../errors.js';
import { status, type Reply } from '../protocol/reply.js';
import { optionOf } from './args.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './types.js';

/**
 * Write the dataset to `dir`/`dbfilename` now, blocking every client until it is on disk.
 * Format: SAVE
 */
function saveCommand(ctx: CommandContext): Reply {
  return status(ctx.server.snapshots.save());
}

/**
 * Snapshot the dataset and write it in the background while clients go on; inside MULTI/EXEC it
 * is only scheduled, for the cron to start.
 * Format: BGSAVE [SCHEDULE]
 */
function bgsaveCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  let schedule = false;
  if (argv.length > 1) {
    if (argv.length === 2 && optionOf(argv[1] as Buffer) === 'SCHEDULE') schedule = true;
    else throw syntaxError();
  }
  // Outside a script, only EXEC runs a command that may not block: that is Redis's in_exec.
  return status(ctx.server.snapshots.bgsave(schedule, !ctx.mayBlock));
}

const SNAPSHOT_ACL = ['admin', 'slow', 'dangerous'] as const;

export const persistenceCommands: readonly CommandSpec[] = [
  {
    name: 'save', group: 'server', arity: 1, flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'], acl: SNAPSHOT_ACL,
    summary: 'Synchronously save the dataset to disk', since: '1.0.0',
    complexity: 'O(N) where N is the total number of keys in all databases', handler: saveCommand,
  },
  {
    name: 'bgsave', group: 'server', arity: -1, flags: ['admin', 'noscript', 'no_async_loading'], acl: SNAPSHOT_ACL,
    summary: 'Asynchronously save the dataset to disk', since: '1.0.0', complexity: 'O(1)',
    history: [['3.2.2', 'Added the `SCHEDULE` option.']],
    arguments: [{ name: 'schedule', type: 'pure-token', token: 'SCHEDULE', since: '3.2.2', flags: ['optional'] }],
    handler: bgsaveCommand,
  },
];
