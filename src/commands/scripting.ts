// Scripting commands: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT.
// Mirrors: redis src/eval.c (evalCommand, evalShaCommand, evalRoCommand, scriptCommand,
// evalGetKeys). The Lua engine, the cache and redis.call live in src/scripting.

import { ReplyError } from '../errors.js';
import { OK, type Reply } from '../protocol/reply.js';
import type { EvalOptions } from '../scripting/engine.js';
import { intArg, optionOf } from './args.js';
import type { CommandContext } from './context.js';
import { helpLines } from './help.js';
import { scriptGetKeys, scriptKeySpecs } from './key-specs.js';
import type { Command, CommandSpec } from './types.js';
import { commandWithScriptFlags } from '../scripting/script-flags.js';
import { parseShebang, type ScriptFlags } from '../scripting/shebang.js';

/** numkeys, validated as evalGenericCommand does. */
function numKeysOf(argv: readonly Buffer[]): number {
  const numkeys = intArg(argv[2] as Buffer);
  if (numkeys > argv.length - 3) throw new ReplyError("ERR Number of keys can't be greater than number of args");
  if (numkeys < 0) throw new ReplyError("ERR Number of keys can't be negative");
  return numkeys;
}

function runEval(ctx: CommandContext, argv: readonly Buffer[], bySha: boolean, options: EvalOptions): Reply {
  // evalShaCommand: a SHA1 that is not 40 characters cannot match, and is refused before numkeys is parsed.
  if (bySha && (argv[1] as Buffer).length !== 40) throw new ReplyError('NOSCRIPT No matching script. Please use EVAL.');
  const numkeys = numKeysOf(argv);
  const keys = argv.slice(3, 3 + numkeys);
  const args = argv.slice(3 + numkeys);
  const scripting = ctx.server.scripting;
  if (!bySha) return scripting.eval(ctx, argv[1] as Buffer, keys, args, options);
  const sha = (argv[1] as Buffer).latin1Slice();
  return scripting.evalSha(ctx, sha, keys, args, options);
}

/**
 * EVAL / EVAL_RO: the command as the script's shebang flags make it (evalGetCommandFlags). The flags
 * are the body's own, cached or not; a body without a shebang, or with one that does not parse (the
 * command then fails with the parse error), keeps the command's flags.
 */
function evalGetCommandFlags(command: Command, _ctx: CommandContext, argv: readonly Buffer[]): Command {
  const body = argv[1] as Buffer;
  if (body.length < 2 || body[0] !== 0x23 || body[1] !== 0x21) return command; // "#!"
  let flags: ScriptFlags;
  try {
    flags = parseShebang(body);
  } catch {
    return command;
  }
  return commandWithScriptFlags(command, flags);
}

/** EVALSHA / EVALSHA_RO: the cached script's shebang flags; an unknown SHA1 keeps the command's (NOSCRIPT follows). */
function evalshaGetCommandFlags(command: Command, ctx: CommandContext, argv: readonly Buffer[]): Command {
  const sha = argv[1] as Buffer;
  if (sha.length !== 40) return command;
  const flags = ctx.server.scripting.declaredFlags(sha.latin1Slice(0, 40));
  return flags === undefined ? command : commandWithScriptFlags(command, flags);
}

/**
 * Run a Lua script.
 * Format: EVAL script numkeys [key [key ...]] [arg [arg ...]]
 */
function evalCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return runEval(ctx, argv, false, { readOnly: false });
}

/**
 * Run a cached script by its SHA1.
 * Format: EVALSHA sha1 numkeys [key [key ...]] [arg [arg ...]]
 */
function evalshaCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return runEval(ctx, argv, true, { readOnly: false });
}

/**
 * Run a read-only Lua script: write commands fail.
 * Format: EVAL_RO script numkeys [key [key ...]] [arg [arg ...]]
 */
function evalRoCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return runEval(ctx, argv, false, { readOnly: true });
}

/**
 * Run a cached read-only script by its SHA1.
 * Format: EVALSHA_RO sha1 numkeys [key [key ...]] [arg [arg ...]]
 */
function evalshaRoCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return runEval(ctx, argv, true, { readOnly: true });
}

/**
 * Compile a script into the cache; replies its SHA1.
 * Format: SCRIPT LOAD script
 */
function scriptLoadCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return ctx.server.scripting.load(argv[2] as Buffer);
}

/**
 * Which of these SHA1s are cached: 1 or 0 each.
 * Format: SCRIPT EXISTS sha1 [sha1 ...]
 */
function scriptExistsCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return argv.slice(2).map((sha) => (ctx.server.scripting.exists(sha.latin1Slice()) ? 1 : 0));
}

/**
 * Empty the script cache. SIMPLIFIED: ASYNC flushes synchronously (the cache is small JS data).
 * Format: SCRIPT FLUSH [ASYNC|SYNC]
 */
function scriptFlushCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  if (argv.length > 3) throw new ReplyError('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
  if (argv.length === 3) {
    const mode = optionOf(argv[2] as Buffer);
    if (mode !== 'SYNC' && mode !== 'ASYNC') throw new ReplyError('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
  }
  ctx.server.scripting.flush();
  return OK;
}

/**
 * Stop the running script: reachable only while it is busy (src/scripting/busy-script.ts).
 * Format: SCRIPT KILL
 */
function scriptKillCommand(ctx: CommandContext): Reply {
  return ctx.server.scripting.kill(true);
}

/**
 * Lua debugger mode. DIFFERS FROM REDIS: there is no debugger; NO is accepted, YES and SYNC fail.
 * Format: SCRIPT DEBUG YES|SYNC|NO
 */
function scriptDebugCommand(_ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const mode = optionOf(argv[2] as Buffer);
  if (mode === 'NO') return OK;
  if (mode === 'YES' || mode === 'SYNC') throw new ReplyError('ERR SCRIPT DEBUG is not supported by this server');
  throw new ReplyError('ERR Use SCRIPT DEBUG YES/SYNC/NO');
}

const SCRIPT_HELP = [
  'SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DEBUG (YES|SYNC|NO)',
  '    Set the debug mode for subsequent scripts executed.',
  'EXISTS <sha1> [<sha1> ...]',
  '    Return information about the existence of the scripts in the script cache.',
  'FLUSH [ASYNC|SYNC]',
  '    Flush the Lua scripts cache. Very dangerous on replicas.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the scripts cache.',
  '    * SYNC: Synchronously flush the scripts cache.',
  'KILL',
  '    Kill the currently executing Lua script.',
  'LOAD <script>',
  '    Load a script into the scripts cache without executing it.',
  'HELP',
  '    Prints this help.',
];

/**
 * Format: SCRIPT HELP
 */
function scriptHelpCommand(): Reply {
  return helpLines(SCRIPT_HELP);
}

const EVAL_FLAGS = ['noscript', 'stale', 'skip_monitor', 'no_mandatory_keys', 'movablekeys'] as const;

export const scriptingCommands: readonly CommandSpec[] = [
  {
    name: 'eval', group: 'scripting', arity: -3, flags: [...EVAL_FLAGS, 'may_replicate'],
    acl: ['slow', 'scripting'], summary: 'Execute a Lua script server side', since: '2.6.0',
    complexity: 'Depends on the script that is executed.', getKeys: scriptGetKeys, keySpecs: scriptKeySpecs(false),
    handler: evalCommand, getCommandFlags: evalGetCommandFlags,
  },
  {
    name: 'evalsha', group: 'scripting', arity: -3, flags: [...EVAL_FLAGS, 'may_replicate'],
    acl: ['slow', 'scripting'], summary: 'Execute a Lua script server side', since: '2.6.0',
    complexity: 'Depends on the script that is executed.', getKeys: scriptGetKeys, keySpecs: scriptKeySpecs(false, false),
    handler: evalshaCommand, getCommandFlags: evalshaGetCommandFlags,
  },
  {
    name: 'eval_ro', group: 'scripting', arity: -3, flags: ['readonly', ...EVAL_FLAGS],
    acl: ['slow', 'scripting'], summary: 'Execute a read-only Lua script server side', since: '7.0.0',
    complexity: 'Depends on the script that is executed.', getKeys: scriptGetKeys, keySpecs: scriptKeySpecs(true),
    handler: evalRoCommand, getCommandFlags: evalGetCommandFlags,
  },
  {
    name: 'evalsha_ro', group: 'scripting', arity: -3, flags: ['readonly', ...EVAL_FLAGS],
    acl: ['slow', 'scripting'], summary: 'Execute a read-only Lua script server side', since: '7.0.0',
    complexity: 'Depends on the script that is executed.', getKeys: scriptGetKeys, keySpecs: scriptKeySpecs(true, false),
    handler: evalshaRoCommand, getCommandFlags: evalshaGetCommandFlags,
  },
  {
    name: 'script', group: 'scripting', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for Lua scripts management commands', since: '2.6.0', complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'debug', group: 'scripting', arity: 3, flags: ['noscript'], acl: ['slow', 'scripting'],
        summary: 'Set the debug mode for executed scripts.', since: '3.2.0', complexity: 'O(1)', handler: scriptDebugCommand,
      },
      {
        name: 'exists', group: 'scripting', arity: -3, flags: ['noscript'], acl: ['slow', 'scripting'],
        summary: 'Check existence of scripts in the script cache.', since: '2.6.0',
        complexity: 'O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).',
        tips: ['request_policy:all_shards', 'response_policy:agg_logical_and'], handler: scriptExistsCommand,
      },
      {
        name: 'flush', group: 'scripting', arity: -2, flags: ['noscript'], acl: ['slow', 'scripting'],
        summary: 'Remove all the scripts from the script cache.', since: '2.6.0',
        complexity: 'O(N) with N being the number of scripts in cache',
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'], handler: scriptFlushCommand,
      },
      {
        name: 'help', group: 'scripting', arity: 2, flags: ['loading', 'stale'], acl: ['slow', 'scripting'],
        summary: 'Show helpful text about the different subcommands', since: '5.0.0', complexity: 'O(1)',
        handler: scriptHelpCommand,
      },
      {
        name: 'kill', group: 'scripting', arity: 2, flags: ['noscript', 'allow_busy'], acl: ['slow', 'scripting'],
        summary: 'Kill the script currently in execution.', since: '2.6.0', complexity: 'O(1)',
        tips: ['request_policy:all_shards', 'response_policy:one_succeeded'], handler: scriptKillCommand,
      },
      {
        name: 'load', group: 'scripting', arity: 3, flags: ['noscript', 'stale'], acl: ['slow', 'scripting'],
        summary: 'Load the specified Lua script into the script cache.', since: '2.6.0',
        complexity: 'O(N) with N being the length in bytes of the script body.',
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'], handler: scriptLoadCommand,
      },
    ],
  },
];
