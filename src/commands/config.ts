// CONFIG GET / SET / RESETSTAT / REWRITE / HELP: the command half of the configuration; the table of
// parameters, their parsing and CONFIG REWRITE's file handling are in src/config/.
// Mirrors: redis src/config.c (configGetCommand, configSetCommand, configResetStatCommand,
// configRewriteCommand), src/commands/config-*.json.

import { ConfigSetError } from '../config/config.js';
import { noConfigFileError, ReplyError } from '../errors.js';
import { map, OK, type Reply } from '../protocol/reply.js';
import type { CommandContext, ServerContext } from './context.js';
import { helpLines } from './help.js';
import { infoState } from './info/metrics.js';
import { ADMIN_ACL, ADMIN_FLAGS } from './server.js';
import type { CommandSpec } from './types.js';

// --- CONFIG ---

/** Loopback or unix-socket connections may change protected configs under "local" (islocalClient). */
function isLocalClient(ctx: CommandContext): boolean {
  const addr = ctx.handle.addr;
  const unixPath = ctx.server.config.get('unixsocket');
  if (unixPath !== '' && addr === `${unixPath}:0`) return true;
  return addr.startsWith('127.0.0.1:') || addr.startsWith('[::1]:');
}

/**
 * Parameter names and values matching any of the glob patterns; a map in RESP3.
 * Format: CONFIG GET parameter [parameter ...]
 */
function configGetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const patterns = argv.slice(2).map((arg) => arg.toString('latin1'));
  const items: string[] = [];
  for (const [name, value] of ctx.server.config.configGet(patterns)) items.push(name, value);
  return map(items);
}

/**
 * Set parameters, all or none: names are checked first, then every value, and only then is
 * anything changed (the subsystems' listeners may still refuse and roll the whole call back).
 * Format: CONFIG SET parameter value [parameter value ...]
 */
function configSetCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const args = argv.slice(2).map((arg) => arg.toString('latin1'));
  try {
    ctx.server.config.configSet(args, { isLocalClient: isLocalClient(ctx) });
  } catch (err) {
    if (err instanceof ConfigSetError) throw new ReplyError(err.message);
    throw err;
  }
  return OK;
}

/**
 * Zero the INFO statistics: command and error counts, hits and misses, the rates, the memory peak.
 * Format: CONFIG RESETSTAT
 */
function configResetstatCommand(ctx: CommandContext): Reply {
  ctx.server.resetStats();
  infoState(ctx.server).reset(ctx.server);
  return OK;
}

/** The config file the server was started with, absolute when Config resolved it. */
function configFileOf(server: ServerContext): string {
  return server.config.configFile ?? server.configFile;
}

/**
 * Write the running configuration back into the config file.
 * Format: CONFIG REWRITE
 */
function configRewriteCommand(ctx: CommandContext): Reply {
  if (configFileOf(ctx.server) === '') throw noConfigFileError();
  // DIFFERS FROM REDIS: rewriting redis.conf in place is not implemented yet; Redis reports a
  // failed rewrite with this prefix and the reason.
  throw new ReplyError('ERR Rewriting config file: CONFIG REWRITE is not supported by tsredis yet');
}

const CONFIG_HELP = helpLines([
  'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
  'HELP',
  '    Prints this help.',
]);

/**
 * Describe the CONFIG subcommands.
 * Format: CONFIG HELP
 */
function configHelpCommand(): Reply {
  return CONFIG_HELP;
}

// --- Spec (redis src/commands/config*.json) ---

export const configCommands: readonly CommandSpec[] = [
  {
    name: 'config', group: 'server', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for server configuration commands', since: '2.0.0', complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'get', group: 'server', arity: -3, flags: ADMIN_FLAGS, acl: ADMIN_ACL,
        summary: 'Get the values of configuration parameters', since: '2.0.0',
        complexity: 'O(N) when N is the number of configuration parameters provided', handler: configGetCommand,
      },
      {
        name: 'set', group: 'server', arity: -4, flags: ADMIN_FLAGS, acl: ADMIN_ACL,
        summary: 'Set configuration parameters to the given values', since: '2.0.0',
        complexity: 'O(N) when N is the number of configuration parameters provided', handler: configSetCommand,
      },
      {
        name: 'resetstat', group: 'server', arity: 2, flags: ADMIN_FLAGS, acl: ADMIN_ACL,
        summary: 'Reset the stats returned by INFO', since: '2.0.0', complexity: 'O(1)', handler: configResetstatCommand,
      },
      {
        name: 'rewrite', group: 'server', arity: 2, flags: ADMIN_FLAGS, acl: ADMIN_ACL,
        summary: 'Rewrite the configuration file with the in memory configuration', since: '2.8.0', complexity: 'O(1)',
        handler: configRewriteCommand,
      },
      {
        name: 'help', group: 'server', arity: 2, flags: ['loading', 'stale'], acl: ['slow'],
        summary: 'Show helpful text about the different subcommands', since: '5.0.0', complexity: 'O(1)',
        handler: configHelpCommand,
      },
    ],
  },
];
