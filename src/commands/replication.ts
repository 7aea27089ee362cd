// ROLE and WAIT for a server that is always a master without replicas.
// Mirrors: redis src/replication.c (roleCommand, waitCommand) and src/commands/role.json, wait.json.
//
// tsredis has no replication (docs/compatibility.md), so ROLE always reports a master at offset 0
// with no replicas, and WAIT can never be satisfied by an acknowledgement: it answers 0 at once
// when no replica is asked for (or inside MULTI / a script), and otherwise blocks until its timeout
// (forever for 0) and answers 0, exactly what a lone Redis master does.

import { ReplyError, timeoutNegativeError } from '../errors.js';
import { parseLongLong } from '../util/numbers.js';
import type { Reply } from '../protocol/reply.js';
import { intArg } from './args.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './types.js';

/**
 * The role: "master", the replication offset, the replicas (none).
 * Format: ROLE
 */
function roleCommand(): Reply {
  return ['master', 0, []];
}

/**
 * Block until `numreplicas` replicas acknowledged this client's writes, or `timeout` ms pass (0:
 * forever); replies how many did. With no replicas that is always 0. numreplicas is checked first.
 * Format: WAIT numreplicas timeout
 */
function waitCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const wanted = intArg(argv[1] as Buffer);
  const timeout = parseLongLong(argv[2] as Buffer);
  if (timeout === null) throw new ReplyError('ERR timeout is not an integer or out of range');
  if (timeout < 0) throw timeoutNegativeError();
  const acknowledged = 0;
  if (acknowledged >= wanted) return acknowledged;
  // No keys: only the timeout (or CLIENT UNBLOCK) ends the wait.
  return ctx.block([], Number(timeout), acknowledged);
}

export const replicationCommands: readonly CommandSpec[] = [
  {
    name: 'role', group: 'server', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast'], acl: ['admin', 'fast', 'dangerous'],
    summary: 'Return the role of the instance in the context of replication', since: '2.8.12', complexity: 'O(1)',
    handler: roleCommand,
  },
  {
    name: 'wait', group: 'generic', arity: 3, flags: ['noscript'], acl: ['slow', 'connection'],
    summary: 'Wait for the synchronous replication of all the write commands sent in the context of the current connection',
    since: '3.0.0', complexity: 'O(1)', tips: ['request_policy:all_shards', 'response_policy:agg_min'], handler: waitCommand,
  },
];
