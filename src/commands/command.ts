// COMMAND and its subcommands: the server describing its own command table to clients.
// Mirrors: redis src/server.c (commandCommand, commandCountCommand, commandListCommand, commandInfoCommand,
// commandDocsCommand, commandGetKeysCommand, addReplyCommandInfo, addReplyCommandDocs, addReplyFlagsForCommand,
// addReplyCommandKeySpecs, setImplicitACLCategories, populateCommandMovableKeys), src/db.c
// (getKeysUsingKeySpecs, lookupCommandBySds) and src/acl.c (ACLCommandCategories).
//
// Clients lean on this more than one might think: cluster clients read COMMAND to find the keys of a command,
// redis-cli 7 builds its command hints from COMMAND DOCS at start-up, and ACL tooling reads the categories. Everything
// here is derived from the CommandSpec table, once per call, as Redis derives it from its redisCommand structs:
//
// - Flags are reported in Redis's fixed order; `may_replicate`, `sentinel`, `only_sentinel` and `protected` are never
//   shown (Redis hides them too); `movablekeys` is added when the spec has a getKeys function or a key spec that is not
//   a plain index+range, as populateCommandMovableKeys does.
// - ACL categories get Redis's implicit ones (setImplicitACLCategories): write → @write, readonly → @read (not for
//   scripting commands), admin → @admin @dangerous, pubsub → @pubsub, fast → @fast, blocking → @blocking, and every
//   command that is not @fast is @slow. They are listed in acl.c's table order, not the spec's.
// - Key specs: a spec's own `keySpecs` when it has them. SIMPLIFIED: otherwise one key spec is derived from the legacy
//   first/last/step (begin_search index = first, find_keys range), with flags guessed from the command flags
//   (readonly → RO access, write → RW access update: the worst case, as Redis assumes for EVAL); a movablekeys command
//   without key specs gets one more spec of unknown type. Redis 7.0's specs carry exact per-key flags and notes.
// - COMMAND DOCS reports `arguments`, `history` and `doc_flags` only where the spec provides them (redis-cli then
//   shows no argument hints for that command).
// - DIFFERS FROM REDIS: Redis lists commands and subcommands in hash-table order (random per process); we list them in
//   table order, which is stable.

import { syntaxError } from '../errors.js';
import { map, set, status, type Reply } from '../protocol/reply.js';
import { globMatch } from '../util/glob.js';
import { aclCategories } from './command/derived.js';
import { keysOfCall, lookupByFullName, nameOf, topLevel } from './command/getkeys.js';
import { commandDocsReply, commandInfoReply } from './command/replies.js';
import type { CommandContext } from './context.js';
import { helpLines } from './help.js';
import type { Command, CommandArgument, CommandFlag, CommandSpec } from './types.js';

// --- Commands ---

/**
 * Every command's details.
 * Format: COMMAND
 */
function commandCommand(ctx: CommandContext): Reply {
  return topLevel(ctx).map(commandInfoReply);
}

/**
 * How many top-level commands the server has.
 * Format: COMMAND COUNT
 */
function commandCountCommand(ctx: CommandContext): Reply {
  return topLevel(ctx).length;
}

/**
 * Details of the named commands (nil for unknown names), or of every command.
 * Format: COMMAND INFO [command-name ...]
 */
function commandInfoCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length === 2) return commandCommand(ctx);
  return argv.slice(2).map((name) => {
    const command = lookupByFullName(ctx.server.commands, name.toString('latin1'));
    return command === undefined ? null : commandInfoReply(command);
  });
}

/**
 * Documentation of the named commands (unknown names are left out), or of every command, as a name → docs map.
 * Format: COMMAND DOCS [command-name ...]
 */
function commandDocsCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const items: Reply[] = [];
  if (argv.length === 2) {
    for (const command of topLevel(ctx)) items.push(command.fullName, commandDocsReply(command));
  } else {
    for (const name of argv.slice(2)) {
      const command = lookupByFullName(ctx.server.commands, name.toString('latin1'));
      if (command !== undefined) items.push(command.fullName, commandDocsReply(command));
    }
  }
  return map(items);
}

/**
 * The names of every command and subcommand, optionally filtered.
 * Format: COMMAND LIST [FILTERBY MODULE module-name|ACLCAT category|PATTERN pattern]
 */
function commandListCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  let matches: (command: Command) => boolean = () => true;
  if (argv.length === 5 && nameOf(argv[2] as Buffer) === 'filterby') {
    const kind = nameOf(argv[3] as Buffer);
    const value = argv[4] as Buffer;
    if (kind === 'module') {
      // No modules can be loaded, so no command belongs to one.
      matches = () => false;
    } else if (kind === 'aclcat') {
      const category = nameOf(value);
      matches = (command) => aclCategories(command.spec).includes(category);
    } else if (kind === 'pattern') {
      matches = (command) => globMatch(value, Buffer.from(command.fullName, 'latin1'), true);
    } else {
      throw syntaxError();
    }
  } else if (argv.length !== 2) {
    throw syntaxError();
  }
  const names: Reply[] = [];
  for (const command of topLevel(ctx)) {
    if (matches(command)) names.push(command.fullName);
    for (const sub of command.subcommands?.values() ?? []) if (matches(sub)) names.push(sub.fullName);
  }
  return names;
}

/**
 * The keys a full command would touch.
 * Format: COMMAND GETKEYS command [arg ...]
 */
function commandGetKeysCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return keysOfCall(ctx, argv).map((ref) => argv[ref.pos + 2] as Buffer);
}

/**
 * The keys a full command would touch, each with its key spec flags.
 * Format: COMMAND GETKEYSANDFLAGS command [arg ...]
 */
function commandGetKeysAndFlagsCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return keysOfCall(ctx, argv).map((ref) => [argv[ref.pos + 2] as Buffer, set(ref.flags.map(status))]);
}

/** COMMAND HELP's lines, as Redis 7.0 prints them (each a status reply). */
const COMMAND_HELP = helpLines([
  'COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
  'HELP',
  '    Prints this help.',
]);

/**
 * Describe the COMMAND subcommands.
 * Format: COMMAND HELP
 */
function commandHelpCommand(): Reply {
  return COMMAND_HELP;
}

// --- Specs (redis src/commands/command*.json) ---

const COMMAND_FLAGS: readonly CommandFlag[] = ['loading', 'stale', 'sentinel'];
const COMMAND_NAMES_ARGUMENT: readonly CommandArgument[] = [
  { name: 'command-name', type: 'string', flags: ['optional', 'multiple'] },
];

export const commandCommands: readonly CommandSpec[] = [
  {
    name: 'command', group: 'server', arity: -1, flags: COMMAND_FLAGS, acl: ['connection'],
    summary: 'Get array of Redis command details', since: '2.8.13',
    complexity: 'O(N) where N is the total number of Redis commands', tips: ['nondeterministic_output_order'],
    // Like Redis's COMMAND, a container that also runs on its own: bare COMMAND lists every command.
    handler: commandCommand,
    subcommands: [
      {
        name: 'count', group: 'server', arity: 2, flags: COMMAND_FLAGS, acl: ['connection'],
        summary: 'Get total number of Redis commands', since: '2.8.13', complexity: 'O(1)',
        handler: commandCountCommand,
      },
      {
        name: 'docs', group: 'server', arity: -2, flags: COMMAND_FLAGS, acl: ['connection'],
        summary: 'Get array of specific Redis command documentation', since: '7.0.0',
        complexity: 'O(N) where N is the number of commands to look up', tips: ['nondeterministic_output_order'],
        arguments: COMMAND_NAMES_ARGUMENT, handler: commandDocsCommand,
      },
      {
        name: 'getkeys', group: 'server', arity: -4, flags: COMMAND_FLAGS, acl: ['connection'],
        summary: 'Extract keys given a full Redis command', since: '2.8.13',
        complexity: 'O(N) where N is the number of arguments to the command', handler: commandGetKeysCommand,
      },
      {
        name: 'getkeysandflags', group: 'server', arity: -4, flags: COMMAND_FLAGS, acl: ['connection'],
        summary: 'Extract keys and access flags given a full Redis command', since: '7.0.0',
        complexity: 'O(N) where N is the number of arguments to the command', handler: commandGetKeysAndFlagsCommand,
      },
      {
        name: 'help', group: 'server', arity: 2, flags: COMMAND_FLAGS, acl: ['connection'],
        summary: 'Show helpful text about the different subcommands', since: '5.0.0', complexity: 'O(1)',
        handler: commandHelpCommand,
      },
      {
        name: 'info', group: 'server', arity: -2, flags: COMMAND_FLAGS, acl: ['connection'],
        summary: 'Get array of specific Redis command details, or all when no argument is given.', since: '2.8.13',
        complexity: 'O(N) where N is the number of commands to look up', tips: ['nondeterministic_output_order'],
        history: [['7.0.0', 'Allowed to be called with no argument to get info on all commands.']],
        arguments: COMMAND_NAMES_ARGUMENT, handler: commandInfoCommand,
      },
      {
        name: 'list', group: 'server', arity: -2, flags: COMMAND_FLAGS, acl: ['connection'],
        summary: 'Get an array of Redis command names', since: '7.0.0',
        complexity: 'O(N) where N is the total number of Redis commands', tips: ['nondeterministic_output_order'],
        arguments: [
          {
            name: 'filterby', type: 'oneof', token: 'FILTERBY', flags: ['optional'],
            arguments: [
              { name: 'module-name', type: 'string', token: 'MODULE' },
              { name: 'category', type: 'string', token: 'ACLCAT' },
              { name: 'pattern', type: 'pattern', token: 'PATTERN' },
            ],
          },
        ],
        handler: commandListCommand,
      },
    ],
  },
];
