// LOLWUT: computer art and the server version.
// Mirrors: redis src/lolwut.c (lolwutCommand, lolwutUnstableCommand) and src/commands/lolwut.json.
//
// Redis picks the artwork by version: VERSION 5 draws Georg Nees's "Schotter", VERSION 6 a city
// skyline, and any other version (7.0's own included) only prints the version line. Both drawings
// are randomised by Redis's rand(), so no two servers draw the same picture anyway.
// DIFFERS FROM REDIS: VERSION 5 and 6 print the version line too (no artwork).

import { verbatim, type Reply } from '../protocol/reply.js';
import { intArg, optionOf } from './args.js';
import { REDIS_VERSION } from './connection.js';
import type { CommandSpec } from './types.js';

/** Format: LOLWUT [VERSION version] */
function lolwutCommand(_ctx: unknown, argv: readonly Buffer[]): Reply {
  if (argv.length >= 3 && optionOf(argv[1] as Buffer) === 'VERSION') intArg(argv[2] as Buffer);
  return verbatim(`Redis ver. ${REDIS_VERSION}\n`);
}

export const lolwutCommands: readonly CommandSpec[] = [
  {
    name: 'lolwut', group: 'server', arity: -1, flags: ['readonly', 'fast'], acl: ['read', 'fast'],
    summary: 'Display some computer art and the Redis version', since: '5.0.0',
    arguments: [{ name: 'version', type: 'integer', token: 'VERSION', flags: ['optional'] }], handler: lolwutCommand,
  },
];
