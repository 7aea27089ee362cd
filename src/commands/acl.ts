// ACL: users and their permissions (SETUSER, GETUSER, DELUSER, USERS, LIST, WHOAMI, CAT, GENPASS,
// DRYRUN, LOG, SAVE, LOAD, HELP). The rules themselves live in src/acl.
// Mirrors: redis src/acl.c (aclCommand, aclCatWithFlags, aclAddReplySelectorDescription).

import { randomBytes } from 'node:crypto';
import { aclOf } from '../acl/acl.js';
import { checkCommand, dryRunMessage } from '../acl/check.js';
import { categoryBit } from '../acl/command-index.js';
import { describeChannels, describeCommandRules, describeKeys, userFlags } from '../acl/describe.js';
import { reasonName } from '../acl/log.js';
import { AclRuleError, hasSpaces, type Selector } from '../acl/selector.js';
import { mergeSelectorArgs } from '../acl/user.js';
import { ReplyError, wrongArityError } from '../errors.js';
import { OK, double, map, set, type Reply } from '../protocol/reply.js';
import { ACL_CATEGORIES } from './command/derived.js';
import { intArg } from './args.js';
import type { CommandContext } from './context.js';
import { helpLines } from './help.js';
import type { Command, CommandSpec } from './types.js';

const str = (arg: Buffer): string => arg.latin1Slice(0, arg.length);

/**
 * Create or modify a user; all rules apply, or none.
 * Format: ACL SETUSER username [rule [rule ...]]
 */
function aclSetuserCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const name = str(argv[2] as Buffer);
  if (hasSpaces(name)) throw new ReplyError("ERR Usernames can't contain spaces or null characters");
  const rules = argv.slice(3).map(str);
  const merged = mergeSelectorArgs(rules);
  if (!Array.isArray(merged)) throw new ReplyError(`ERR Unmatched parenthesis in acl selector starting at '${rules[merged.unmatchedAt] ?? ''}'.`);
  try {
    aclOf(ctx.server).setUser(name, merged);
  } catch (err) {
    if (err instanceof AclRuleError) throw new ReplyError(`ERR ${err.message}`);
    throw err;
  }
  return OK;
}

/**
 * Delete users (never "default") and disconnect their clients; replies how many existed.
 * Format: ACL DELUSER username [username ...]
 */
function aclDeluserCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const names = argv.slice(2).map(str);
  if (names.includes('default')) throw new ReplyError("ERR The 'default' user cannot be removed");
  const acl = aclOf(ctx.server);
  let deleted = 0;
  for (const name of names) if (acl.deleteUser(name)) deleted++;
  return deleted;
}

/** One selector's commands, keys and channels (aclAddReplySelectorDescription). */
function selectorFields(s: Selector, ctx: CommandContext): Reply[] {
  const acl = aclOf(ctx.server);
  return ['commands', describeCommandRules(s, acl.index), 'keys', describeKeys(s), 'channels', describeChannels(s)];
}

/**
 * A user's flags, password hashes, root permissions and selectors; null when there is no such user.
 * Format: ACL GETUSER username
 */
function aclGetuserCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const user = aclOf(ctx.server).users.get(str(argv[2] as Buffer));
  if (user === undefined) return null;
  return map([
    'flags', set(userFlags(user)),
    'passwords', [...user.passwords],
    ...selectorFields(user.root, ctx),
    'selectors', user.selectors.slice(1).map((s) => map(selectorFields(s, ctx))),
  ]);
}

/**
 * Every user as an ACL file line.
 * Format: ACL LIST
 */
function aclListCommand(ctx: CommandContext): Reply {
  return aclOf(ctx.server).listLines();
}

/**
 * Every user name, sorted.
 * Format: ACL USERS
 */
function aclUsersCommand(ctx: CommandContext): Reply {
  return [...aclOf(ctx.server).users.keys()].sort();
}

/**
 * The user of this connection.
 * Format: ACL WHOAMI
 */
function aclWhoamiCommand(ctx: CommandContext): Reply {
  return ctx.user?.name ?? 'default';
}

/**
 * The categories, or the commands (and subcommands) in one.
 * Format: ACL CAT [categoryname]
 */
function aclCatCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length === 2) return [...ACL_CATEGORIES];
  if (argv.length > 3) throw aclSyntaxError(argv);
  const bit = categoryBit(str(argv[2] as Buffer));
  if (bit === 0) throw new ReplyError(`ERR Unknown category '${str(argv[2] as Buffer).slice(0, 128)}'`);
  return aclOf(ctx.server).index.all.filter((c) => (c.categories & bit) !== 0).map((c) => c.command.fullName);
}

/** Largest ACL GENPASS size in bits (GENPASS_MAX_BITS). */
const GENPASS_MAX_BITS = 4096;

/**
 * A random password of `bits` bits (256 by default) as hex.
 * Format: ACL GENPASS [bits]
 */
function aclGenpassCommand(_ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length > 3) throw aclSyntaxError(argv);
  const bits = argv.length === 3 ? intArg(argv[2] as Buffer) : 256;
  if (bits <= 0 || bits > GENPASS_MAX_BITS) {
    throw new ReplyError(`ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to ${GENPASS_MAX_BITS}`);
  }
  const chars = Math.floor((bits + 3) / 4);
  return randomBytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars);
}

/** The command an argv names, its subcommand when it is a container (lookupCommand). */
function lookupCall(ctx: CommandContext, call: readonly Buffer[]): Command | undefined {
  const base = ctx.server.commands.get(str(call[0] as Buffer).toLowerCase());
  if (base === undefined || base.subcommands === undefined || call.length === 1) return base;
  return base.subcommands.get(str(call[1] as Buffer).toLowerCase());
}

/**
 * Would this user be allowed to run this command? OK, or the reason as a bulk string.
 * Format: ACL DRYRUN username command [arg [arg ...]]
 */
function aclDryrunCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const acl = aclOf(ctx.server);
  const name = str(argv[2] as Buffer);
  const user = acl.users.get(name);
  if (user === undefined) throw new ReplyError(`ERR User '${name}' not found`);
  const call = argv.slice(3);
  const command = lookupCall(ctx, call);
  if (command === undefined) throw new ReplyError(`ERR Command '${str(argv[3] as Buffer)}' not found`);
  const arity = command.spec.arity;
  if (arity >= 0 ? call.length !== arity : call.length < -arity) throw wrongArityError(command.fullName);
  const denial = checkCommand(user, command, call);
  return denial === undefined ? OK : dryRunMessage(denial, command, call);
}

/**
 * The most recent denials and failed logins (10 by default), or clear the log.
 * Format: ACL LOG [count | RESET]
 */
function aclLogCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length > 3) throw aclSyntaxError(argv);
  const acl = aclOf(ctx.server);
  let count = 10;
  if (argv.length === 3) {
    if (str(argv[2] as Buffer).toLowerCase() === 'reset') {
      acl.log.reset();
      return OK;
    }
    count = Math.max(0, intArg(argv[2] as Buffer));
  }
  const now = ctx.server.clock.now();
  return acl.log.entries.slice(0, count).map((e) => map([
    'count', e.count,
    'reason', reasonName(e.reason),
    'context', e.context,
    'object', e.object,
    'username', e.username,
    'age-seconds', double((now - e.ctimeMs) / 1000),
    'client-info', e.clientInfo,
  ]));
}

const NO_ACLFILE =
  'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.';

/**
 * Replace the users with those of the aclfile (all or nothing).
 * Format: ACL LOAD
 */
function aclLoadCommand(ctx: CommandContext): Reply {
  const path = ctx.server.config.get('aclfile');
  if (path === '') throw new ReplyError(NO_ACLFILE);
  const errors = aclOf(ctx.server).loadFromFile(path);
  if (errors !== undefined) throw new ReplyError(`ERR ${errors}`);
  return OK;
}

/**
 * Write the users to the aclfile.
 * Format: ACL SAVE
 */
function aclSaveCommand(ctx: CommandContext): Reply {
  const path = ctx.server.config.get('aclfile');
  if (path === '') throw new ReplyError(NO_ACLFILE);
  if (!aclOf(ctx.server).saveToFile(path)) {
    throw new ReplyError('ERR There was an error trying to save the ACLs. Please check the server logs for more information');
  }
  return OK;
}

const ACL_HELP = helpLines([
  'ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CAT [<category>]',
  '    List all commands that belong to <category>, or all command categories',
  '    when no category is specified.',
  'DELUSER <username> [<username> ...]',
  '    Delete a list of users.',
  'DRYRUN <username> <command> [<arg> ...]',
  '    Returns whether the user can execute the given command without executing the command.',
  'GETUSER <username>',
  "    Get the user's details.",
  'GENPASS [<bits>]',
  '    Generate a secure 256-bit user password. The optional `bits` argument can',
  '    be used to specify a different size.',
  'LIST',
  '    Show users details in config file format.',
  'LOAD',
  '    Reload users from the ACL file.',
  'LOG [<count> | RESET]',
  '    Show the ACL log entries.',
  'SAVE',
  '    Save the current config to the ACL file.',
  'SETUSER <username> <attribute> [<attribute> ...]',
  '    Create or modify a user with the specified attributes.',
  'USERS',
  '    List all the registered usernames.',
  'WHOAMI',
  '    Return the current connection username.',
  'HELP',
  '    Prints this help.',
]);

/**
 * Describe the ACL subcommands.
 * Format: ACL HELP
 */
function aclHelpCommand(): Reply {
  return ACL_HELP;
}

function aclSyntaxError(argv: readonly Buffer[]): ReplyError {
  return new ReplyError(
    `ERR unknown subcommand or wrong number of arguments for '${str(argv[1] as Buffer).slice(0, 128)}'. Try ACL HELP.`,
  );
}

// --- Spec (redis src/commands/acl*.json) ---

const ADMIN = ['admin', 'noscript', 'loading', 'stale'] as const;
const PLAIN = ['noscript', 'loading', 'stale'] as const;
const LIST_COMPLEXITY = 'O(N). Where N is the number of configured users.';

export const aclCommands: readonly CommandSpec[] = [
  {
    name: 'acl', group: 'server', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for Access List Control commands ', since: '6.0.0', complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'cat', group: 'server', arity: -2, flags: PLAIN, acl: ['slow'],
        summary: 'List the ACL categories or the commands inside a category', since: '6.0.0',
        complexity: 'O(1) since the categories and commands are a fixed set.', handler: aclCatCommand,
        arguments: [{ name: 'categoryname', type: 'string', flags: ['optional'] }],
      },
      {
        name: 'deluser', group: 'server', arity: -3, flags: ADMIN, acl: [],
        summary: 'Remove the specified ACL users and the associated rules', since: '6.0.0',
        complexity: 'O(1) amortized time considering the typical user.', handler: aclDeluserCommand,
        arguments: [{ name: 'username', type: 'string', flags: ['multiple'] }],
      },
      {
        name: 'dryrun', group: 'server', arity: -4, flags: ADMIN, acl: [],
        summary: 'Returns whether the user can execute the given command without executing the command.', since: '7.0.0',
        complexity: 'O(1).', handler: aclDryrunCommand,
        arguments: [
          { name: 'username', type: 'string' },
          { name: 'command', type: 'string' },
          { name: 'arg', type: 'string', flags: ['optional', 'multiple'] },
        ],
      },
      {
        name: 'genpass', group: 'server', arity: -2, flags: PLAIN, acl: [],
        summary: 'Generate a pseudorandom secure password to use for ACL users', since: '6.0.0', complexity: 'O(1)',
        handler: aclGenpassCommand, arguments: [{ name: 'bits', type: 'integer', flags: ['optional'] }],
      },
      {
        name: 'getuser', group: 'server', arity: 3, flags: ADMIN, acl: [],
        summary: 'Get the rules for a specific ACL user', since: '6.0.0',
        complexity: 'O(N). Where N is the number of password, command and pattern rules that the user has.',
        history: [
          ['6.2.0', 'Added Pub/Sub channel patterns.'],
          ['7.0.0', 'Added selectors and changed the format of key and channel patterns from a list to their rule representation.'],
        ],
        handler: aclGetuserCommand, arguments: [{ name: 'username', type: 'string' }],
      },
      {
        name: 'help', group: 'server', arity: 2, flags: ['loading', 'stale'], acl: [],
        summary: 'Show helpful text about the different subcommands', since: '6.0.0', complexity: 'O(1)', handler: aclHelpCommand,
      },
      {
        name: 'list', group: 'server', arity: 2, flags: ADMIN, acl: [],
        summary: 'List the current ACL rules in ACL config file format', since: '6.0.0', complexity: LIST_COMPLEXITY,
        handler: aclListCommand,
      },
      {
        name: 'load', group: 'server', arity: 2, flags: ADMIN, acl: [],
        summary: 'Reload the ACLs from the configured ACL file', since: '6.0.0', complexity: LIST_COMPLEXITY, handler: aclLoadCommand,
      },
      {
        name: 'log', group: 'server', arity: -2, flags: ADMIN, acl: [],
        summary: 'List latest events denied because of ACLs in place', since: '6.0.0',
        complexity: 'O(N) with N being the number of entries shown.', handler: aclLogCommand,
        arguments: [{
          name: 'operation', type: 'oneof', flags: ['optional'],
          arguments: [{ name: 'count', type: 'integer' }, { name: 'reset', type: 'pure-token', token: 'RESET' }],
        }],
      },
      {
        name: 'save', group: 'server', arity: 2, flags: ADMIN, acl: [],
        summary: 'Save the current ACL rules in the configured ACL file', since: '6.0.0', complexity: LIST_COMPLEXITY,
        handler: aclSaveCommand,
      },
      {
        name: 'setuser', group: 'server', arity: -3, flags: ADMIN, acl: [],
        summary: 'Modify or create the rules for a specific ACL user', since: '6.0.0',
        complexity: 'O(N). Where N is the number of rules provided.',
        history: [['6.2.0', 'Added Pub/Sub channel patterns.'], ['7.0.0', 'Added selectors and key based permissions.']],
        handler: aclSetuserCommand,
        arguments: [{ name: 'username', type: 'string' }, { name: 'rule', type: 'string', flags: ['optional', 'multiple'] }],
      },
      {
        name: 'users', group: 'server', arity: 2, flags: ADMIN, acl: [],
        summary: 'List the username of all the configured ACL rules', since: '6.0.0', complexity: LIST_COMPLEXITY,
        handler: aclUsersCommand,
      },
      {
        name: 'whoami', group: 'server', arity: 2, flags: PLAIN, acl: [],
        summary: 'Return the name of the user associated to the current connection', since: '6.0.0', complexity: 'O(1)',
        handler: aclWhoamiCommand,
      },
    ],
  },
];
