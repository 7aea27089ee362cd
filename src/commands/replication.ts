// ROLE, WAIT, SYNC, PSYNC, REPLCONF, REPLICAOF / SLAVEOF and FAILOVER.
// Mirrors: redis src/replication.c (roleCommand, waitCommand, syncCommand, replconfCommand,
// replicaofCommand, failoverCommand) and src/commands/role.json, wait.json, psync.json, sync.json,
// replconf.json, replicaof.json, slaveof.json, failover.json.
//
// The master side of replication lives in src/replication/master.ts: these handlers parse the
// arguments and hand the connection over. WAIT blocks until enough replicas acknowledged the
// stream's offset, or its timeout; with no replica ever connected it behaves as a lone master.

import { notIntegerError, ReplyError, syntaxError, timeoutNegativeError } from '../errors.js';
import { parseLongLong } from '../util/numbers.js';
import { NO_REPLY, OK, status, type Reply } from '../protocol/reply.js';
import { existingMasterOf, masterOf, type ReplicaConnection } from '../replication/master.js';
import { intArg, optionOf } from './args.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './types.js';

/**
 * The role: "master", the replication offset, and each replica as [ip, port, acknowledged offset].
 * Format: ROLE
 */
function roleCommand(ctx: CommandContext): Reply {
  // A replica's answer: slave, master host and port, link state, offset (src/replication/replica-side.ts).
  if (ctx.server.replicaSide.link !== undefined) return ctx.server.replicaSide.roleReply();
  const master = existingMasterOf(ctx.server);
  if (master === undefined) return ['master', 0, []];
  return ['master', master.offset, master.roleReplicas()];
}

/** What WAIT needs of the calling client beyond CommandContext (src/server/client.ts has it). */
interface WaitingClient {
  readonly blocked: unknown;
  endBlock(reply: Reply): void;
}

function isWaitingClient(ctx: object): ctx is WaitingClient {
  return typeof (ctx as Partial<WaitingClient>).endBlock === 'function' && 'blocked' in ctx;
}

/**
 * Block until `numreplicas` replicas acknowledged this client's writes (the stream up to the offset
 * right after its last write), or `timeout` ms pass (0: forever); replies how many did.
 * numreplicas is checked first.
 * Format: WAIT numreplicas timeout
 */
function waitCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  // A replica's writes (if it even takes any) are not propagated: refused before the arguments are read.
  if (ctx.server.replicaSide.link !== undefined) {
    throw new ReplyError(
      'ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.',
    );
  }
  const wanted = intArg(argv[1] as Buffer);
  const timeout = parseLongLong(argv[2] as Buffer);
  if (timeout === null) throw new ReplyError('ERR timeout is not an integer or out of range');
  if (timeout < 0) throw timeoutNegativeError();
  const master = existingMasterOf(ctx.server);
  const offset = master?.writeOffsetOf(ctx.handle) ?? 0;
  const acknowledged = master?.countAcks(offset) ?? 0;
  // Inside MULTI or a script WAIT cannot block: it answers with the count now.
  if (acknowledged >= wanted || !ctx.mayBlock || master === undefined || !isWaitingClient(ctx)) {
    // No replica ever connected: only the timeout (or CLIENT UNBLOCK) ends the wait.
    return acknowledged >= wanted || !ctx.mayBlock ? acknowledged : ctx.block([], Number(timeout), acknowledged);
  }
  const client = ctx;
  const reply = ctx.block([], 0, acknowledged);
  const state = client.blocked;
  let timer: NodeJS.Timeout | undefined;
  const waiter = {
    offset,
    wanted,
    get gone(): boolean {
      return client.blocked !== state;
    },
    resolve(acked: number): void {
      if (timer !== undefined) clearTimeout(timer);
      // Gone meanwhile (disconnected, CLIENT UNBLOCK): nothing to answer.
      if (client.blocked === state) client.endBlock(acked);
    },
  };
  if (timeout > 0n) {
    // On timeout the answer is the count at that moment (replyToBlockedClientTimedOut).
    timer = setTimeout(() => {
      master.removeWaiter(waiter);
      waiter.resolve(master.countAcks(offset));
    }, Number(timeout));
  }
  master.addWaiter(waiter);
  return reply;
}

/** The calling connection as a replica connection, when it is one (not a script's or the AOF's client). */
function replicaConnectionOf(ctx: CommandContext): ReplicaConnection | undefined {
  const handle = ctx.handle as Partial<ReplicaConnection>;
  return typeof handle.writeRaw === 'function' ? (handle as ReplicaConnection) : undefined;
}

/**
 * A replica asks for the stream from `offset` of history `replicationid` ("?" and -1: from scratch).
 * Replies +CONTINUE and the backlog's tail, or +FULLRESYNC and an RDB; then the stream follows.
 * Format: PSYNC replicationid offset
 */
function psyncCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const offset = parseLongLong(argv[2] as Buffer);
  if (offset === null) throw notIntegerError();
  return startSync(ctx, { replId: (argv[1] as Buffer).toString('latin1'), offset: Number(offset) });
}

/**
 * The pre-2.8 full synchronization: the RDB as a bulk, then the stream (no offsets, no ACKs).
 * Format: SYNC
 */
function syncCommand(ctx: CommandContext): Reply {
  return startSync(ctx, undefined);
}

function startSync(ctx: CommandContext, psync: { readonly replId: string; readonly offset: number } | undefined): Reply {
  const conn = replicaConnectionOf(ctx);
  // A replica repeating itself is ignored (syncCommand: already a replica).
  if (conn === undefined || conn.replicaLink !== undefined) return NO_REPLY;
  masterOf(ctx.server).sync(conn, psync);
  return NO_REPLY;
}

/**
 * Options a replica sets on its link, and its acknowledgements (ACK gets no reply).
 * Format: REPLCONF option value [option value ...]
 */
function replconfCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length % 2 === 0) throw syntaxError();
  const master = masterOf(ctx.server);
  const conn = replicaConnectionOf(ctx);
  const settings = master.settingsOf(ctx.handle);
  for (let i = 1; i < argv.length; i += 2) {
    const option = optionOf(argv[i] as Buffer);
    const value = argv[i + 1] as Buffer;
    if (option === 'LISTENING-PORT') {
      const port = parseLongLong(value);
      if (port === null) throw notIntegerError();
      settings.listeningPort = Number(port);
    } else if (option === 'IP-ADDRESS') {
      // NET_HOST_STR_LEN: 256 bytes with the terminator.
      if (value.length >= 256) throw new ReplyError(`ERR REPLCONF ip-address provided by replica instance is too long: ${value.length} bytes`);
      settings.announcedIp = value.toString('latin1');
    } else if (option === 'CAPA') {
      const capa = optionOf(value);
      if (capa === 'EOF') settings.capaEof = true;
      else if (capa === 'PSYNC2') settings.capaPsync2 = true;
    } else if (option === 'ACK') {
      // Only a replica acknowledges, and never with a reply.
      const acked = parseLongLong(value);
      const link = conn?.replicaLink;
      if (acked !== null && link !== undefined) master.acknowledge(link, Number(acked));
      return NO_REPLY;
    } else if (option === 'GETACK') {
      // Asked of a replica by its master; a master has nothing to acknowledge.
      return NO_REPLY;
    } else if (option === 'RDB-ONLY') {
      const flag = parseLongLong(value);
      if (flag === null) throw notIntegerError();
      if (flag !== 0n && flag !== 1n) throw syntaxError();
    } else {
      throw new ReplyError(`ERR Unrecognized REPLCONF option: ${(argv[i] as Buffer).toString('latin1')}`);
    }
  }
  return OK;
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
    name: 'psync', group: 'server', arity: -3, flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'], acl: ADMIN_ACL,
    summary: 'Internal command used for replication', since: '2.8.0',
    arguments: [{ name: 'replicationid', type: 'string' }, { name: 'offset', type: 'integer' }],
    handler: psyncCommand,
  },
  {
    name: 'sync', group: 'server', arity: 1, flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'], acl: ADMIN_ACL,
    summary: 'Internal command used for replication', since: '1.0.0', handler: syncCommand,
  },
  {
    name: 'replconf', group: 'server', arity: -1, flags: ['admin', 'noscript', 'loading', 'stale', 'allow_busy'], acl: ADMIN_ACL,
    summary: 'An internal command for configuring the replication stream', since: '3.0.0', complexity: 'O(1)',
    docFlags: ['syscmd'], handler: replconfCommand,
  },
  {
    name: 'wait', group: 'generic', arity: 3, flags: ['noscript'], acl: ['slow', 'connection'],
    summary: 'Wait for the synchronous replication of all the write commands sent in the context of the current connection',
    since: '3.0.0', complexity: 'O(1)', tips: ['request_policy:all_shards', 'response_policy:agg_min'], handler: waitCommand,
  },
];
