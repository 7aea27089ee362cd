// Redis 7 functions: FCALL, FCALL_RO and the FUNCTION container.
// Mirrors: redis src/functions.c (fcallCommand, fcallroCommand, functionLoadCommand,
// functionDeleteCommand, functionFlushCommand, functionListCommand, functionStatsCommand,
// functionDumpCommand, functionRestoreCommand, functionKillCommand, functionHelpCommand).
// The library registry is src/scripting/functions.ts; the Lua side is src/scripting/engine.ts.

import { ReplyError, subcommandSyntaxError } from '../errors.js';
import { OK, type Reply } from '../protocol/reply.js';
import { LOAD_TIMEOUT_MS, type RestorePolicy } from '../scripting/functions.js';
import { optionOf } from './args.js';
import type { CommandContext } from './context.js';
import { helpLines } from './help.js';
import { scriptGetKeys, scriptKeySpecs } from './key-specs.js';
import type { Command, CommandSpec } from './types.js';
import { commandWithScriptFlags, declaredFlagsOf } from '../scripting/script-flags.js';

/** FCALL's numkeys (fcallCommandGeneric): any non-integer is "Bad number of keys provided". */
function numKeysOf(argv: readonly Buffer[]): number {
  const text = (argv[2] as Buffer).latin1Slice();
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new ReplyError('ERR Bad number of keys provided');
  const numkeys = Number(text);
  if (numkeys > argv.length - 3) throw new ReplyError("ERR Number of keys can't be greater than number of args");
  if (numkeys < 0) throw new ReplyError("ERR Number of keys can't be negative");
  return numkeys;
}

/**
 * FCALL / FCALL_RO: the command as the function's flags make it (fcallGetCommandFlags). A function
 * always declares its flags (none is a set too); an unknown name keeps the command's.
 */
function fcallGetCommandFlags(command: Command, ctx: CommandContext, argv: readonly Buffer[]): Command {
  const entry = ctx.server.scripting.functions.get((argv[1] as Buffer).latin1Slice());
  return entry === undefined ? command : commandWithScriptFlags(command, declaredFlagsOf(entry.fn.flags));
}

function runFcall(ctx: CommandContext, argv: readonly Buffer[], readOnlyCommand: boolean): Reply {
  const scripting = ctx.server.scripting;
  const entry = scripting.functions.get((argv[1] as Buffer).latin1Slice());
  if (entry === undefined) throw new ReplyError('ERR Function not found');
  const numkeys = numKeysOf(argv);
  return scripting.callFunction(ctx, entry.fn, argv.slice(3, 3 + numkeys), argv.slice(3 + numkeys), readOnlyCommand, argv);
}

/**
 * Call a function a library registered.
 * Format: FCALL function numkeys [key [key ...]] [arg [arg ...]]
 */
function fcallCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return runFcall(ctx, argv, false);
}

/**
 * Call a function flagged no-writes; any other function is refused.
 * Format: FCALL_RO function numkeys [key [key ...]] [arg [arg ...]]
 */
function fcallRoCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return runFcall(ctx, argv, true);
}

/**
 * Load a library (its first line is `#!lua name=<library>`); replies the library name.
 * Format: FUNCTION LOAD [REPLACE] function-code
 */
function functionLoadCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  let replace = false;
  let at = 2;
  for (; at < argv.length - 1; at++) {
    if (optionOf(argv[at] as Buffer) !== 'REPLACE') throw new ReplyError(`ERR Unknown option given: ${(argv[at] as Buffer).latin1Slice()}`);
    replace = true;
  }
  const name = ctx.server.scripting.functions.load(argv[at] as Buffer, replace, LOAD_TIMEOUT_MS);
  // Libraries are data: logged even though no key changed (functionLoadCommand's dirty++).
  if (ctx.server.propagation !== undefined) ctx.propagateAs(argv as Buffer[]);
  return name;
}

/**
 * Format: FUNCTION DELETE library-name
 */
function functionDeleteCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  ctx.server.scripting.functions.delete((argv[2] as Buffer).latin1Slice());
  if (ctx.server.propagation !== undefined) ctx.propagateAs(argv as Buffer[]);
  return OK;
}

/**
 * Delete every library. SIMPLIFIED: ASYNC flushes synchronously (as SCRIPT FLUSH does).
 * Format: FUNCTION FLUSH [ASYNC|SYNC]
 */
function functionFlushCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length > 3) throw subcommandSyntaxError(argv[1] as Buffer, 'function');
  if (argv.length === 3) {
    const mode = optionOf(argv[2] as Buffer);
    if (mode !== 'SYNC' && mode !== 'ASYNC') throw new ReplyError('ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
  }
  ctx.server.scripting.functions.flush();
  if (ctx.server.propagation !== undefined) ctx.propagateAs(argv as Buffer[]);
  return OK;
}

/**
 * Format: FUNCTION LIST [LIBRARYNAME library-name-pattern] [WITHCODE]
 */
function functionListCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  let withCode = false;
  let pattern: Buffer | undefined;
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i] as Buffer;
    const option = optionOf(arg);
    if (option === 'WITHCODE' && !withCode) {
      withCode = true;
    } else if (option === 'LIBRARYNAME' && pattern === undefined) {
      if (i + 1 >= argv.length) throw new ReplyError('ERR library name argument was not given');
      pattern = argv[++i] as Buffer;
    } else {
      throw new ReplyError(`ERR Unknown argument ${arg.latin1Slice()}`);
    }
  }
  return ctx.server.scripting.functions.list(pattern, withCode);
}

/**
 * Format: FUNCTION STATS
 */
function functionStatsCommand(ctx: CommandContext): Reply {
  const scripting = ctx.server.scripting;
  return scripting.functions.stats(scripting.currentRun, performance.now());
}

/**
 * A serialized payload of every library (RDB FUNCTION2 records plus DUMP's footer).
 * Format: FUNCTION DUMP
 */
function functionDumpCommand(ctx: CommandContext): Reply {
  return ctx.server.scripting.functions.dump();
}

/**
 * Format: FUNCTION RESTORE serialized-value [FLUSH|APPEND|REPLACE]
 */
function functionRestoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length > 4) throw subcommandSyntaxError(argv[1] as Buffer, 'function');
  let policy: RestorePolicy = 'APPEND';
  if (argv.length === 4) {
    const option = optionOf(argv[3] as Buffer);
    if (option !== 'FLUSH' && option !== 'APPEND' && option !== 'REPLACE') {
      throw new ReplyError('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
    }
    policy = option;
  }
  ctx.server.scripting.functions.restore(argv[2] as Buffer, policy);
  if (ctx.server.propagation !== undefined) ctx.propagateAs(argv as Buffer[]);
  return OK;
}

/**
 * Stop the running function: reachable only while it is busy (src/scripting/busy-script.ts).
 * Format: FUNCTION KILL
 */
function functionKillCommand(ctx: CommandContext): Reply {
  return ctx.server.scripting.kill(false);
}

const FUNCTION_HELP = [
  'FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
  'HELP',
  '    Prints this help.',
];

/**
 * Format: FUNCTION HELP
 */
function functionHelpCommand(): Reply {
  return helpLines(FUNCTION_HELP);
}

const FCALL_FLAGS = ['noscript', 'stale', 'skip_monitor', 'no_mandatory_keys', 'movablekeys'] as const;
const ALL_SHARDS = ['request_policy:all_shards', 'response_policy:all_succeeded'];

export const functionCommands: readonly CommandSpec[] = [
  {
    name: 'fcall', group: 'scripting', arity: -3, flags: [...FCALL_FLAGS, 'may_replicate'], acl: ['slow', 'scripting'],
    summary: 'Invoke a function', since: '7.0.0', complexity: 'Depends on the function that is executed.',
    getKeys: scriptGetKeys, keySpecs: scriptKeySpecs(false), handler: fcallCommand,
    getCommandFlags: fcallGetCommandFlags,
  },
  {
    name: 'fcall_ro', group: 'scripting', arity: -3, flags: ['readonly', ...FCALL_FLAGS], acl: ['slow', 'scripting'],
    summary: 'Invoke a read-only function', since: '7.0.0', complexity: 'Depends on the function that is executed.',
    getKeys: scriptGetKeys, keySpecs: scriptKeySpecs(true), handler: fcallRoCommand,
    getCommandFlags: fcallGetCommandFlags,
  },
  {
    name: 'function', group: 'scripting', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for function commands', since: '7.0.0', complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'delete', group: 'scripting', arity: 3, flags: ['write', 'noscript'], acl: ['write', 'slow', 'scripting'],
        summary: 'Delete a function by name', since: '7.0.0', complexity: 'O(1)', tips: ALL_SHARDS,
        handler: functionDeleteCommand,
      },
      {
        name: 'dump', group: 'scripting', arity: 2, flags: ['noscript'], acl: ['slow', 'scripting'],
        summary: 'Dump all functions into a serialized binary payload', since: '7.0.0',
        complexity: 'O(N) where N is the number of functions', handler: functionDumpCommand,
      },
      {
        name: 'flush', group: 'scripting', arity: -2, flags: ['write', 'noscript'], acl: ['write', 'slow', 'scripting'],
        summary: 'Deleting all functions', since: '7.0.0', complexity: 'O(N) where N is the number of functions deleted',
        tips: ALL_SHARDS, handler: functionFlushCommand,
      },
      {
        name: 'help', group: 'scripting', arity: 2, flags: ['loading', 'stale'], acl: ['slow', 'scripting'],
        summary: 'Show helpful text about the different subcommands', since: '7.0.0', complexity: 'O(1)',
        handler: functionHelpCommand,
      },
      {
        name: 'kill', group: 'scripting', arity: 2, flags: ['noscript', 'allow_busy'], acl: ['slow', 'scripting'],
        summary: 'Kill the function currently in execution.', since: '7.0.0', complexity: 'O(1)',
        tips: ['request_policy:all_shards', 'response_policy:one_succeeded'], handler: functionKillCommand,
      },
      {
        name: 'list', group: 'scripting', arity: -2, flags: ['noscript'], acl: ['slow', 'scripting'],
        summary: 'List information about all the functions', since: '7.0.0',
        complexity: 'O(N) where N is the number of functions', tips: ['nondeterministic_output_order'],
        handler: functionListCommand,
      },
      {
        name: 'load', group: 'scripting', arity: -3, flags: ['write', 'denyoom', 'noscript'], acl: ['write', 'slow', 'scripting'],
        summary: 'Create a function with the given arguments (name, code, description)', since: '7.0.0',
        complexity: 'O(1) (considering compilation time is redundant)', tips: ALL_SHARDS, handler: functionLoadCommand,
      },
      {
        name: 'restore', group: 'scripting', arity: -3, flags: ['write', 'denyoom', 'noscript'], acl: ['write', 'slow', 'scripting'],
        summary: 'Restore all the functions on the given payload', since: '7.0.0',
        complexity: 'O(N) where N is the number of functions on the payload', tips: ALL_SHARDS,
        handler: functionRestoreCommand,
      },
      {
        name: 'stats', group: 'scripting', arity: 2, flags: ['noscript', 'allow_busy'], acl: ['slow', 'scripting'],
        summary: 'Return information about the function currently running (name, description, duration)', since: '7.0.0',
        complexity: 'O(1)', tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
        handler: functionStatsCommand,
      },
    ],
  },
];
