// CLIENT: a connection looking at itself (ID, INFO, SETNAME, GETNAME, REPLY, NO-EVICT) and at the
// others (LIST, KILL).
// Mirrors: redis src/networking.c (clientCommand, catClientInfoString, getClientTypeByName,
// clientSetNameOrReply) and src/commands/client-*.json.
//
// CLIENT PAUSE / UNPAUSE steer src/server/client-pause.ts; TRACKING, CACHING, GETREDIR and
// TRACKINGINFO are in client-tracking.ts.

import {
  ReplyError, clientIdNotPositiveError, invalidClientIdError, invalidClientNameError, noSuchClientError,
  noSuchUserError, subcommandSyntaxError, syntaxError, timeoutNegativeError, unknownClientTypeError,
} from '../errors.js';
import { parseLongLong } from '../util/numbers.js';
import { OK, verbatim, type RawReply, type Reply } from '../protocol/reply.js';
import { intArg, optionOf } from './args.js';
import { isValidClientName } from './connection.js';
import type { ClientHandle, CommandContext, ReplyMode, ServerContext } from './context.js';
import { aclOf } from '../acl/acl.js';
import { helpLines } from './help.js';
import { clientTrackingSubcommands } from './client-tracking.js';
import type { CommandSpec } from './types.js';

/** A reply that writes nothing: what CLIENT REPLY OFF|SKIP answer (Redis adds no reply at all). */
const NO_REPLY: RawReply = { kind: 'raw', bytes: Buffer.alloc(0) };

type ClientKind = ClientHandle['kind'];

/** getClientTypeByName: "slave" is the old name of "replica". Case-insensitive. */
function clientKindOf(name: Buffer): ClientKind | undefined {
  switch (optionOf(name)) {
    case 'NORMAL': return 'normal';
    case 'SLAVE': case 'REPLICA': return 'replica';
    case 'PUBSUB': return 'pubsub';
    case 'MASTER': return 'master';
    default: return undefined;
  }
}

/** CLIENT LIST and CLIENT INFO: one line per client, each ending in "\n"; verbatim in RESP3. */
function clientLines(clients: Iterable<ClientHandle>): Reply {
  let text = '';
  for (const client of clients) text += `${client.describe()}\n`;
  return verbatim(text);
}

/**
 * The calling connection's unique id.
 * Format: CLIENT ID
 */
function clientIdCommand(ctx: CommandContext): Reply {
  return ctx.id;
}

/**
 * Describe the calling connection, in CLIENT LIST's format.
 * Format: CLIENT INFO
 */
function clientInfoCommand(ctx: CommandContext): Reply {
  return clientLines([ctx.handle]);
}

/**
 * Name the connection (an empty name removes it). Names are printable ASCII without spaces,
 * so a CLIENT LIST line stays parseable.
 * Format: CLIENT SETNAME connection-name
 */
function clientSetnameCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const name = (argv[2] as Buffer).toString('latin1');
  if (!isValidClientName(name)) throw invalidClientNameError();
  ctx.name = name;
  return OK;
}

/**
 * The connection's name, or a null reply when it has none.
 * Format: CLIENT GETNAME
 */
function clientGetnameCommand(ctx: CommandContext): Reply {
  return ctx.name === '' ? null : ctx.name;
}

/**
 * Every connection, or those of one type, or those with the given ids (in the order given,
 * repeated ids repeated, unknown ids skipped).
 * Format: CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]]
 */
function clientListCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const all = [...ctx.server.clients()];
  if (argv.length === 2) return clientLines(all);
  const option = optionOf(argv[2] as Buffer);
  if (argv.length === 4 && option === 'TYPE') {
    const kind = clientKindOf(argv[3] as Buffer);
    if (kind === undefined) throw unknownClientTypeError(argv[3] as Buffer);
    return clientLines(all.filter((client) => client.kind === kind));
  }
  if (argv.length > 3 && option === 'ID') {
    const ids: number[] = [];
    for (const arg of argv.slice(3)) {
      const id = parseLongLong(arg);
      if (id === null) throw invalidClientIdError();
      ids.push(Number(id));
    }
    const byId = new Map(all.map((client) => [client.id, client] as const));
    const picked: ClientHandle[] = [];
    for (const id of ids) {
      const client = byId.get(id);
      if (client !== undefined) picked.push(client);
    }
    return clientLines(picked);
  }
  throw syntaxError();
}

interface KillFilter {
  id?: number;
  addr?: string;
  laddr?: string;
  kind?: ClientKind;
  user?: string;
  skipMe: boolean;
}

/** Parse CLIENT KILL's filters, failing on the first bad one as Redis does. */
function parseKillFilter(server: ServerContext, argv: readonly Buffer[]): KillFilter {
  // The old form `CLIENT KILL ip:port` kills whoever has that address, the caller included.
  if (argv.length === 3) return { addr: (argv[2] as Buffer).toString('latin1'), skipMe: false };
  const filter: KillFilter = { skipMe: true };
  for (let i = 2; i < argv.length; i += 2) {
    const value = argv[i + 1];
    if (value === undefined) throw syntaxError();
    switch (optionOf(argv[i] as Buffer)) {
      case 'ID': {
        const id = parseLongLong(value);
        if (id === null || id <= 0) throw clientIdNotPositiveError();
        filter.id = Number(id);
        break;
      }
      case 'TYPE': {
        const kind = clientKindOf(value);
        if (kind === undefined) throw unknownClientTypeError(value);
        filter.kind = kind;
        break;
      }
      case 'ADDR':
        filter.addr = value.toString('latin1');
        break;
      case 'LADDR':
        filter.laddr = value.toString('latin1');
        break;
      case 'USER':
        if (!aclOf(server).users.has(value.toString('latin1'))) throw noSuchUserError(value);
        filter.user = value.toString('latin1');
        break;
      case 'SKIPME': {
        const answer = optionOf(value);
        if (answer === 'YES') filter.skipMe = true;
        else if (answer === 'NO') filter.skipMe = false;
        else throw syntaxError();
        break;
      }
      default:
        throw syntaxError();
    }
  }
  return filter;
}

/**
 * Close connections. The old form names one address and replies OK (or ERR No such client); the
 * filter form ANDs its filters, skips the caller unless SKIPME no, and replies how many it
 * closed. A connection that kills itself gets its reply first, then is closed.
 * Format: CLIENT KILL ip:port | CLIENT KILL [ID client-id] [TYPE NORMAL|MASTER|SLAVE|REPLICA|PUBSUB]
 *   [USER username] [ADDR ip:port] [LADDR ip:port] [SKIPME YES|NO] [...]
 */
function clientKillCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const filter = parseKillFilter(ctx.server, argv);
  const victims: ClientHandle[] = [];
  for (const client of ctx.server.clients()) {
    if (filter.id !== undefined && client.id !== filter.id) continue;
    if (filter.addr !== undefined && client.addr !== filter.addr) continue;
    if (filter.laddr !== undefined && client.laddr !== filter.laddr) continue;
    if (filter.kind !== undefined && client.kind !== filter.kind) continue;
    if (filter.user !== undefined && client.user?.name !== filter.user) continue;
    if (filter.skipMe && client.id === ctx.id) continue;
    victims.push(client);
  }
  // Collected first: killing closes sockets, which removes clients from the set being walked.
  for (const victim of victims) victim.kill();
  if (argv.length === 3) {
    if (victims.length === 0) throw noSuchClientError();
    return OK;
  }
  return victims.length;
}

/**
 * End another client's blocking command now: as if it timed out (the default), or with the error
 * `-UNBLOCKED client unblocked via CLIENT UNBLOCK`. Replies 1 if that client was blocked, else 0.
 * Format: CLIENT UNBLOCK client-id [TIMEOUT|ERROR]
 */
function clientUnblockCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length > 4) throw subcommandSyntaxError(argv[1] as Buffer, 'client');
  let withError = false;
  if (argv.length === 4) {
    // Redis checks the reason before the id.
    const reason = optionOf(argv[3] as Buffer);
    if (reason === 'ERROR') withError = true;
    else if (reason !== 'TIMEOUT') throw new ReplyError('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
  }
  const id = intArg(argv[2] as Buffer);
  return ctx.server.unblockClient(id, withError) ? 1 : 0;
}

/**
 * Postpone clients' commands for `timeout` ms: all of them, or (WRITE) only those that may change
 * the dataset (src/server/client-pause.ts). The mode is checked before the timeout, as in Redis.
 * Format: CLIENT PAUSE timeout [WRITE|ALL]
 */
function clientPauseCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length > 4) throw subcommandSyntaxError(argv[1] as Buffer, 'client');
  let mode: 'write' | 'all' = 'all';
  if (argv.length === 4) {
    const option = optionOf(argv[3] as Buffer);
    if (option === 'WRITE') mode = 'write';
    else if (option !== 'ALL') throw new ReplyError('ERR CLIENT PAUSE mode must be WRITE or ALL');
  }
  const ms = parseLongLong(argv[2] as Buffer);
  if (ms === null) throw new ReplyError('ERR timeout is not an integer or out of range');
  if (ms < 0) throw timeoutNegativeError();
  // getTimeoutFromObjectOrReply: 0 stays 0 (a pause that is already over), else now + timeout.
  const timeout = Number(ms);
  ctx.server.pauseClients(mode, timeout === 0 ? 0 : ctx.server.clock.now() + timeout);
  return OK;
}

/**
 * End a CLIENT PAUSE now; the postponed clients run in the order they were paused.
 * Format: CLIENT UNPAUSE
 */
function clientUnpauseCommand(ctx: CommandContext): Reply {
  ctx.server.unpauseClients();
  return OK;
}

/**
 * Silence replies: OFF until ON, or SKIP just the next command. OFF and SKIP themselves get no
 * reply; ON answers OK.
 * Format: CLIENT REPLY ON|OFF|SKIP
 */
function clientReplyCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const option = optionOf(argv[2] as Buffer);
  const mode: ReplyMode | undefined = option === 'ON' ? 'on' : option === 'OFF' ? 'off' : option === 'SKIP' ? 'skip' : undefined;
  if (mode === undefined) throw syntaxError();
  ctx.setReplyMode(mode);
  return mode === 'on' ? OK : NO_REPLY;
}

/**
 * Protect this connection from client eviction (maxmemory-clients); shown as flag "e".
 * Format: CLIENT NO-EVICT ON|OFF
 */
function clientNoEvictCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const option = optionOf(argv[2] as Buffer);
  if (option !== 'ON' && option !== 'OFF') throw syntaxError();
  ctx.noEvict = option === 'ON';
  return OK;
}

/** CLIENT HELP, as Redis 7.0 prints it, minus the subcommands tsredis does not have yet. */
const CLIENT_HELP = helpLines([
  'CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
  'HELP',
  '    Prints this help.',
]);

/**
 * Describe the CLIENT subcommands.
 * Format: CLIENT HELP
 */
function clientHelpCommand(): Reply {
  return CLIENT_HELP;
}

// --- Specs (redis src/commands/client-*.json) ---

const SUB_FLAGS = ['noscript', 'loading', 'stale'] as const;
const ADMIN_SUB_FLAGS = ['admin', 'noscript', 'loading', 'stale'] as const;
const CONNECTION_ACL = ['slow', 'connection'] as const;
const ADMIN_CONNECTION_ACL = ['admin', 'slow', 'dangerous', 'connection'] as const;

export const clientCommands: readonly CommandSpec[] = [
  {
    name: 'client', group: 'connection', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for client connection commands', since: '2.4.0', complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'id', group: 'connection', arity: 2, flags: SUB_FLAGS, acl: CONNECTION_ACL,
        summary: 'Returns the client ID for the current connection', since: '5.0.0', complexity: 'O(1)',
        handler: clientIdCommand,
      },
      {
        name: 'info', group: 'connection', arity: 2, flags: SUB_FLAGS, acl: CONNECTION_ACL,
        summary: 'Returns information about the current client connection.', since: '6.2.0', complexity: 'O(1)',
        handler: clientInfoCommand,
      },
      {
        name: 'setname', group: 'connection', arity: 3, flags: SUB_FLAGS, acl: CONNECTION_ACL,
        summary: 'Set the current connection name', since: '2.6.9', complexity: 'O(1)', handler: clientSetnameCommand,
      },
      {
        name: 'getname', group: 'connection', arity: 2, flags: SUB_FLAGS, acl: CONNECTION_ACL,
        summary: 'Get the current connection name', since: '2.6.9', complexity: 'O(1)', handler: clientGetnameCommand,
      },
      {
        name: 'list', group: 'connection', arity: -2, flags: ADMIN_SUB_FLAGS, acl: ADMIN_CONNECTION_ACL,
        summary: 'Get the list of client connections', since: '2.4.0',
        complexity: 'O(N) where N is the number of client connections', handler: clientListCommand,
      },
      {
        name: 'kill', group: 'connection', arity: -3, flags: ADMIN_SUB_FLAGS, acl: ADMIN_CONNECTION_ACL,
        summary: 'Kill the connection of a client', since: '2.4.0',
        complexity: 'O(N) where N is the number of client connections', handler: clientKillCommand,
      },
      {
        name: 'reply', group: 'connection', arity: 3, flags: SUB_FLAGS, acl: CONNECTION_ACL,
        summary: 'Instruct the server whether to reply to commands', since: '3.2.0', complexity: 'O(1)',
        handler: clientReplyCommand,
      },
      {
        name: 'unblock', group: 'connection', arity: -3, flags: ADMIN_SUB_FLAGS, acl: ADMIN_CONNECTION_ACL,
        summary: 'Unblock a client blocked in a blocking command from a different connection', since: '5.0.0',
        complexity: 'O(log N) where N is the number of client connections', handler: clientUnblockCommand,
      },
      {
        name: 'pause', group: 'connection', arity: -3, flags: ADMIN_SUB_FLAGS, acl: ADMIN_CONNECTION_ACL,
        summary: 'Stop processing commands from clients for some time', since: '2.9.50', complexity: 'O(1)',
        history: [['6.2.0', '`CLIENT PAUSE WRITE` mode added along with the `mode` option.']], handler: clientPauseCommand,
      },
      {
        name: 'unpause', group: 'connection', arity: 2, flags: ADMIN_SUB_FLAGS, acl: ADMIN_CONNECTION_ACL,
        summary: 'Resume processing of clients that were paused', since: '6.2.0',
        complexity: 'O(N) Where N is the number of paused clients', handler: clientUnpauseCommand,
      },
      {
        name: 'no-evict', group: 'connection', arity: 3, flags: ADMIN_SUB_FLAGS, acl: ADMIN_CONNECTION_ACL,
        summary: 'Set client eviction mode for the current connection', since: '7.0.0', complexity: 'O(1)',
        handler: clientNoEvictCommand,
      },
      ...clientTrackingSubcommands,
      {
        name: 'help', group: 'connection', arity: 2, flags: ['loading', 'stale'], acl: CONNECTION_ACL,
        summary: 'Show helpful text about the different subcommands', since: '5.0.0', complexity: 'O(1)',
        handler: clientHelpCommand,
      },
    ],
  },
];
