// Connection commands: PING, ECHO, QUIT, RESET, SELECT, AUTH, HELLO.
// Mirrors: redis src/server.c (pingCommand, echoCommand, helloCommand, resetCommand),
// src/acl.c (authCommand), src/db.c (selectCommand).

import { ReplyError, cString, dbIndexOutOfRangeError, notInt32Error, syntaxError, wrongArityError, wrongPassError } from '../errors.js';
import { OK, PONG, map, status, type Reply } from '../protocol/reply.js';
import { parseLongLong } from '../util/numbers.js';
import { aclOf } from '../acl/acl.js';
import { intArg } from './args.js';
import type { CommandContext } from './context.js';
import type { CommandSpec } from './types.js';

/** The version we claim to be, as HELLO and INFO report it: the Redis version we match. */
export const REDIS_VERSION = '7.0.15';

/**
 * Log the connection in as `user` if the password matches (ACLAuthenticateUser); a failure is
 * logged in the ACL log under the name tried, and answered with WRONGPASS.
 */
function authenticate(ctx: CommandContext, commandName: Buffer, user: string, password: Buffer): void {
  const acl = aclOf(ctx.server);
  const found = acl.authenticate(user, password);
  if (found === undefined) {
    acl.logAuthFailure(ctx, commandName, user);
    throw wrongPassError();
  }
  ctx.authenticated = true;
  if (ctx.user !== undefined) ctx.user = found;
}

/**
 * Reply with a simple string to PING.
 * Format: PING [message]
 */
function pingCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  // The spec's arity is -1, but PING takes at most one argument (pingCommand checks itself).
  if (argv.length > 2) throw wrongArityError('ping');
  const message = argv[1];
  // A subscribed RESP2 client gets a frame shaped like a message: ["pong", message or ""].
  if (ctx.resp === 2 && ctx.subscriber.subscriptions.total > 0) return ['pong', message ?? ''];
  return message === undefined ? PONG : message;
}

/**
 * Return the argument.
 * Format: ECHO message
 */
function echoCommand(_ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return argv[1] ?? null;
}

/**
 * Close the connection after replying OK.
 * Format: QUIT
 */
function quitCommand(ctx: CommandContext): Reply {
  ctx.closeAfterReply();
  return OK;
}

/**
 * Reset the connection to a fresh state (db 0, RESP2, no name, not authenticated if a password is set).
 * Format: RESET
 */
function resetCommand(ctx: CommandContext): Reply {
  ctx.reset();
  return status('RESET');
}

/**
 * Change the selected database.
 * Format: SELECT index
 */
function selectCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  // Redis reads the index as a C int (getIntFromObjectOrReply) before checking the range.
  const index = intArg(argv[1] as Buffer);
  if (index > 2147483647 || index < -2147483648) throw notInt32Error();
  if (index < 0 || index >= ctx.server.keyspace.dbs.length) throw dbIndexOutOfRangeError();
  ctx.select(index);
  return OK;
}

/**
 * Authenticate the connection.
 * Format: AUTH [username] password
 */
function authCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length > 3) throw syntaxError();
  const user = argv.length === 3 ? (argv[1] as Buffer).toString('latin1') : 'default';
  const password = argv[argv.length - 1] as Buffer;
  // The one-argument form against a passwordless default user is almost surely a mistake.
  if (argv.length === 2 && aclOf(ctx.server).defaultUser.nopass) {
    throw new ReplyError(
      'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
    );
  }
  authenticate(ctx, argv[0] as Buffer, user, password);
  return OK;
}

/**
 * Switch protocol, optionally authenticate and name the connection, and describe the server.
 * Format: HELLO [protover [AUTH username password] [SETNAME clientname]]
 */
function helloCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  let resp: 2 | 3 | undefined;
  let i = 1;
  if (argv.length >= 2) {
    const raw = parseLongLong(argv[1] as Buffer);
    if (raw === null) throw new ReplyError('ERR Protocol version is not an integer or out of range');
    if (raw !== 2 && raw !== 3) throw new ReplyError('NOPROTO unsupported protocol version');
    resp = raw;
    i = 2;
  }
  for (; i < argv.length; i++) {
    const option = cString(argv[i] as Buffer);
    const more = argv.length - i - 1;
    const lower = option.toLowerCase();
    if (lower === 'auth' && more >= 2) {
      // Redis 7.0 authenticates as it meets the option: a SETNAME after a failed AUTH is not applied.
      authenticate(ctx, argv[0] as Buffer, (argv[i + 1] as Buffer).toString('latin1'), argv[i + 2] as Buffer);
      i += 2;
    } else if (lower === 'setname' && more >= 1) {
      // Redis 7.0 validates and sets the name as it meets the option, before later options.
      const name = (argv[i + 1] as Buffer).toString('latin1');
      if (!isValidClientName(name)) {
        throw new ReplyError('ERR Client names cannot contain spaces, newlines or special characters.');
      }
      ctx.name = name;
      i += 1;
    } else {
      throw new ReplyError(`ERR Syntax error in HELLO option '${option}'`);
    }
  }
  if (!ctx.authenticated) {
    throw new ReplyError(
      'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
    );
  }
  if (resp !== undefined) ctx.setResp(resp);
  return map([
    'server', 'redis',
    'version', REDIS_VERSION,
    'proto', ctx.resp,
    'id', ctx.id,
    'mode', 'standalone',
    'role', 'master',
    'modules', [],
  ]);
}

/** Redis accepts client names made of printable ASCII without spaces (validateClientName). */
export function isValidClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

export const connectionCommands: readonly CommandSpec[] = [
  {
    name: 'ping', group: 'connection', arity: -1, flags: ['fast', 'sentinel'], acl: ['fast', 'connection'],
    summary: 'Ping the server', since: '1.0.0', complexity: 'O(1)', handler: pingCommand,
  },
  {
    name: 'echo', group: 'connection', arity: 2, flags: ['loading', 'stale', 'fast'], acl: ['fast', 'connection'],
    summary: 'Echo the given string', since: '1.0.0', complexity: 'O(1)', handler: echoCommand,
  },
  {
    name: 'quit', group: 'connection', arity: -1,
    flags: ['allow_busy', 'noscript', 'loading', 'stale', 'fast', 'no_auth'], acl: ['fast', 'connection'],
    summary: 'Close the connection', since: '1.0.0', complexity: 'O(1)', handler: quitCommand,
  },
  {
    name: 'reset', group: 'connection', arity: 1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'], acl: ['fast', 'connection'],
    summary: 'Reset the connection', since: '6.2.0', complexity: 'O(1)', handler: resetCommand,
  },
  {
    name: 'select', group: 'connection', arity: 2, flags: ['loading', 'stale', 'fast'], acl: ['fast', 'connection'],
    summary: 'Change the selected database for the current connection', since: '1.0.0', complexity: 'O(1)',
    handler: selectCommand,
  },
  {
    name: 'auth', group: 'connection', arity: -2,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'sentinel', 'allow_busy'], acl: ['fast', 'connection'],
    summary: 'Authenticate to the server', since: '1.0.0',
    complexity: 'O(N) where N is the number of passwords defined for the user', handler: authCommand,
  },
  {
    name: 'hello', group: 'connection', arity: -1,
    flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'sentinel', 'allow_busy'], acl: ['fast', 'connection'],
    summary: 'Handshake with Redis', since: '6.0.0', complexity: 'O(1)', handler: helloCommand,
  },
];
