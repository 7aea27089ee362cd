// MODULE on a server without a module system.
// Mirrors: redis src/module.c (moduleCommand) and src/commands/module-*.json.
//
// tsredis cannot load Redis modules (they are native shared objects built against Redis's C API).
// MODULE answers as a Redis with no module loaded: LIST is empty, LOAD and LOADEX fail the way a
// module that does not load fails, UNLOAD finds no such module. LOAD, LOADEX and UNLOAD are
// protected by enable-module-command (default no), like DEBUG by enable-debug-command.

import { ReplyError } from '../errors.js';
import type { Reply } from '../protocol/reply.js';
import { helpLines } from './help.js';
import type { CommandSpec } from './types.js';

const MODULE_HELP = helpLines([
  'MODULE <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'LIST',
  '    Return a list of loaded modules.',
  'LOAD <path> [<arg> ...]',
  '    Load a module library from <path>, passing to it any optional arguments.',
  'LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]',
  '    Load a module library from <path>, while passing it module configurations and optional arguments.',
  'UNLOAD <name>',
  '    Unload a module.',
  'HELP',
  '    Prints this help.',
]);

/** Format: MODULE LOAD path [arg ...] / MODULE LOADEX path [CONFIG name value ...] [ARGS arg ...] */
function moduleLoadCommand(): Reply {
  // DIFFERS FROM REDIS: no module can load here; Redis gives the same error for a file it cannot load.
  throw new ReplyError('ERR Error loading the extension. Please check the server logs.');
}

/** Format: MODULE UNLOAD name */
function moduleUnloadCommand(): Reply {
  throw new ReplyError('ERR Error unloading module: no such module with that name');
}

const ADMIN = ['admin', 'slow', 'dangerous'] as const;

export const moduleCommands: readonly CommandSpec[] = [
  {
    name: 'module', group: 'server', arity: -2, flags: [], acl: ['slow'],
    summary: 'A container for module commands', since: '4.0.0', complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'help', group: 'server', arity: 2, flags: ['loading', 'stale'], acl: ['slow'],
        summary: 'Show helpful text about the different subcommands', since: '5.0.0', complexity: 'O(1)', handler: () => MODULE_HELP,
      },
      {
        name: 'list', group: 'server', arity: 2, flags: ['admin', 'noscript'], acl: ADMIN, tips: ['nondeterministic_output_order'],
        summary: 'List all modules loaded by the server', since: '4.0.0', complexity: 'O(N) where N is the number of loaded modules.',
        handler: () => [],
      },
      {
        name: 'load', group: 'server', arity: -3, flags: ['admin', 'noscript', 'no_async_loading', 'protected'], acl: ADMIN,
        summary: 'Load a module', since: '4.0.0', complexity: 'O(1)', handler: moduleLoadCommand,
      },
      {
        name: 'loadex', group: 'server', arity: -3, flags: ['admin', 'noscript', 'no_async_loading', 'protected'], acl: ADMIN,
        summary: 'Load a module with extended parameters', since: '7.0.0', complexity: 'O(1)', handler: moduleLoadCommand,
      },
      {
        name: 'unload', group: 'server', arity: 3, flags: ['admin', 'noscript', 'no_async_loading', 'protected'], acl: ADMIN,
        summary: 'Unload a module', since: '4.0.0', complexity: 'O(1)', handler: moduleUnloadCommand,
      },
    ],
  },
];
