// Where the permission check meets the command paths: dispatch (processCommand), EXEC, and a
// script's redis.call. Each refusal is also written to the ACL log.
// Mirrors: redis src/server.c (processCommand's ACLCheckAllPerm step), src/multi.c (execCommand's
// re-check), src/script.c (scriptVerifyACL), src/acl.c (addACLLogEntry).

import type { CommandContext } from '../commands/context.js';
import type { Command } from '../commands/types.js';
import { ReplyError } from '../errors.js';
import { aclOf } from './acl.js';
import { DENIED_CHANNEL, DENIED_CMD, DENIED_KEY, checkCommand, denialMessage, scriptDenialMessage, selectorAllows, type Denial } from './check.js';
import type { LogContext } from './log.js';
import { KEY_READ } from './selector.js';

/** What the log records as the object: the command's name, or the key or channel refused. */
function logObject(denial: Denial, command: Command, argv: readonly Buffer[]): string {
  if (denial.reason === DENIED_CMD) return command.fullName;
  return (argv[denial.index] as Buffer).toString('latin1');
}

function logDenial(ctx: CommandContext, denial: Denial, context: LogContext, command: Command, argv: readonly Buffer[]): void {
  const user = ctx.user;
  if (user === undefined) return;
  aclOf(ctx.server).addLogEntry(denial.reason, context, logObject(denial, command, argv), user.name, ctx.handle.describe());
}

/**
 * processCommand's check for a client whose user is restricted: the NOPERM error to reply with,
 * or undefined to go on. A no_multi command inside MULTI is left to the later "not allowed inside
 * a transaction" check, which Redis makes first.
 */
export function aclRefusal(ctx: CommandContext, command: Command, argv: readonly Buffer[]): ReplyError | undefined {
  const user = ctx.user;
  if (user === undefined) return undefined;
  if (ctx.inMulti && command.isNoMulti) return undefined;
  const denial = checkCommand(user, command, argv);
  if (denial === undefined) return undefined;
  logDenial(ctx, denial, ctx.inMulti ? 'multi' : 'toplevel', command, argv);
  return new ReplyError(`NOPERM ${denialMessage(denial, command)}`);
}

/** EXEC runs each queued command only if the rules still allow it (they may have changed since MULTI). */
export function aclExecRefusal(ctx: CommandContext, command: Command, argv: readonly Buffer[]): ReplyError | undefined {
  const user = ctx.user;
  if (user === undefined || user.unrestricted) return undefined;
  const denial = checkCommand(user, command, argv);
  if (denial === undefined) return undefined;
  logDenial(ctx, denial, 'multi', command, argv);
  const reason =
    denial.reason === DENIED_CMD ? 'no permission to execute the command or subcommand'
      : denial.reason === DENIED_KEY ? 'no permission to touch the specified keys'
        : denial.reason === DENIED_CHANNEL ? 'no permission to access one of the channels used as arguments' : 'no permission';
  return new ReplyError(
    `NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: ${reason}`,
  );
}

/**
 * scriptVerifyACL: a script runs with its caller's user; a refused redis.call raises this error.
 * `caller` is the client that ran EVAL/FCALL.
 */
export function scriptAclRefusal(caller: CommandContext, command: Command, argv: readonly Buffer[]): ReplyError | undefined {
  const user = caller.user;
  if (user === undefined || user.unrestricted) return undefined;
  const denial = checkCommand(user, command, argv);
  if (denial === undefined) return undefined;
  logDenial(caller, denial, 'lua', command, argv);
  return new ReplyError(scriptDenialMessage(denial));
}

/**
 * May this call read any key (ACLUserCheckCmdWithUnrestrictedKeyAccess with CMD_KEY_ACCESS): is
 * there a selector that allows the call and has `allkeys` or a readable `*` pattern? SORT refuses
 * BY and GET patterns otherwise, since they reach keys no key spec names.
 */
export function hasUnrestrictedKeyRead(ctx: CommandContext, argv: readonly Buffer[]): boolean {
  const user = ctx.user;
  const command = ctx.command;
  if (user === undefined || command === undefined || user.unrestricted) return true;
  return user.selectors.some(
    (s) => (s.allKeys || s.keys.some((k) => (k.flags & KEY_READ) !== 0 && k.pattern === '*')) && selectorAllows(s, command, argv),
  );
}

