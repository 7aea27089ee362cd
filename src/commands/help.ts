// The reply of every <COMMAND> HELP subcommand: the help text, one status line per line.
// Mirrors: redis src/networking.c (addReplyHelp). SIMPLIFIED: each table holds its full text, the
// "<CMD> <subcommand> ... Subcommands are:" head and the HELP tail included, rather than having them added.

import { status, type Reply } from '../protocol/reply.js';

/** HELP's reply: every line as a simple string, in order. */
export function helpLines(lines: readonly string[]): readonly Reply[] {
  return lines.map((line) => status(line));
}
