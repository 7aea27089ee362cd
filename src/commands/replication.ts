// ROLE, WAIT, REPLICAOF / SLAVEOF and FAILOVER for a server that is always a master without replicas.
// Mirrors: redis src/replication.c (roleCommand, waitCommand, replicaofCommand, failoverCommand) and
// src/commands/role.json, wait.json, replicaof.json, slaveof.json, failover.json.
//
// tsredis has no replication (docs/compatibility.md), so ROLE always reports a master at offset 0
// with no replicas, and WAIT can never be satisfied by an acknowledgement: it answers 0 at once
// when no replica is asked for (or inside MULTI / a script), and otherwise blocks until its timeout
// (forever for 0) and answers 0, exactly what a lone Redis master does.

import { ReplyError, syntaxError, timeoutNegativeError } from '../errors.js';
import { parseLongLong } from '../util/numbers.js';
import { OK, status, type Reply } from '../protocol/reply.js';
import { intArg, optionOf } from './args.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './types.js';

/**
 * The role: "master", the replication offset, the replicas (none).
 * Format: ROLE
 */
function roleCommand(ctx: CommandContext): Reply {
  // A replica's answer: slave, master host and port, link state, offset (src/replication/replica-side.ts).
  if (ctx.server.replicaSide.link !== undefined) return ctx.server.replicaSide.roleReply();
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

/**
 * Become a master again keeping the data (NO ONE), or a replica of host:port: the link connects and
 * syncs in the background (src/replication/replica-side.ts). Replies at once, as Redis does.
 * Format: REPLICAOF host port | REPLICAOF NO ONE (SLAVEOF is the old name)
 */
function replicaofCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (optionOf(argv[1] as Buffer) === 'NO' && optionOf(argv[2] as Buffer) === 'ONE') {
    ctx.server.replicaSide.promote();
    return OK;
  }
  // getRangeLongFromObjectOrReply: a port that is not an integer gets the same message as one out of range.
  const port = parseLongLong(argv[2] as Buffer);
  if (port === null || port < 0 || port > 65535) throw new ReplyError('ERR Invalid master port');
  const text = ctx.server.replicaSide.replicaOf((argv[1] as Buffer).toString('latin1'), Number(port));
  return text === 'OK' ? OK : status(text);
}

/**
 * Hand the master role to a replica. Options are parsed as Redis parses them; with no replica
 * connected (always, here) the answer is Redis's "requires connected replicas".
 * Format: FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT milliseconds]
 */
function failoverCommand(_ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length === 2 && optionOf(argv[1] as Buffer) === 'ABORT') throw new ReplyError('ERR No failover in progress.');
  let timeoutMs = 0;
  let force = false;
  let host = false;
  for (let i = 1; i < argv.length; i++) {
    const option = optionOf(argv[i] as Buffer);
    if (option === 'TIMEOUT' && i + 1 < argv.length && timeoutMs === 0) {
      timeoutMs = intArg(argv[i + 1] as Buffer);
      if (timeoutMs <= 0) throw new ReplyError('ERR FAILOVER timeout must be greater than 0');
      i++;
    } else if (option === 'TO' && i + 2 < argv.length && !host) {
      intArg(argv[i + 2] as Buffer);
      host = true;
      i += 2;
    } else if (option === 'FORCE' && !force) {
      force = true;
    } else {
      throw syntaxError();
    }
  }
  throw new ReplyError('ERR FAILOVER requires connected replicas.');
}

const REPLICAOF_FLAGS = ['admin', 'noscript', 'stale', 'no_async_loading'] as const;
const ADMIN_ACL = ['admin', 'slow', 'dangerous'] as const;

export const replicationCommands: readonly CommandSpec[] = [
  {
    name: 'replicaof', group: 'server', arity: 3, flags: REPLICAOF_FLAGS, acl: ADMIN_ACL,
    summary: 'Make the server a replica of another instance, or promote it as master.', since: '5.0.0', complexity: 'O(1)',
    handler: replicaofCommand,
  },
  {
    name: 'slaveof', group: 'server', arity: 3, flags: REPLICAOF_FLAGS, acl: ADMIN_ACL,
    summary: 'Make the server a replica of another instance, or promote it as master.', since: '1.0.0', complexity: 'O(1)',
    docFlags: ['deprecated'], deprecatedSince: '5.0.0', replacedBy: '`REPLICAOF`', handler: replicaofCommand,
  },
  {
    name: 'failover', group: 'server', arity: -1, flags: ['admin', 'noscript', 'stale'], acl: ADMIN_ACL,
    summary: 'Start a coordinated failover between this server and one of its replicas.', since: '6.2.0', complexity: 'O(1)',
    handler: failoverCommand,
  },
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
