// The slow log: commands that ran longer than slowlog-log-slower-than, newest first, at most
// slowlog-max-len of them. SLOWLOG GET/LEN/RESET read it (src/commands/slowlog.ts).
// Mirrors: redis src/slowlog.c (slowlogCreateEntry, slowlogPushEntryIfNeeded).
//
// An entry keeps a copy of the arguments, trimmed as Redis trims them so that one huge command
// cannot make the log huge: at most SLOWLOG_ENTRY_MAX_ARGC arguments (the last slot then says how
// many more there were) and SLOWLOG_ENTRY_MAX_STRING bytes of each (the rest: "... (n more bytes)").

import type { Config } from '../config/config.js';
import type { SlowlogEntry } from '../commands/context.js';
import type { Clock } from '../util/clock.js';

/** SLOWLOG_ENTRY_MAX_ARGC and SLOWLOG_ENTRY_MAX_STRING (slowlog.c). */
const SLOWLOG_ENTRY_MAX_ARGC = 32;
const SLOWLOG_ENTRY_MAX_STRING = 128;

/** What the slow log lives in: the Server, or the ServerContext a script sees. */
export interface SlowlogOwner {
  readonly config: Config;
  readonly clock: Clock;
  readonly slowlog: SlowlogEntry[];
  nextSlowlogId: number;
}

/**
 * Record a command the caller found slow (call(), with the threshold read from config.values).
 * `argv` is already redacted (monitor.ts redactArgv); `peer` and `clientName` are CLIENT LIST's
 * addr and name, "?:0" and "" for a script's client, which has no connection.
 */
export function slowlogPush(owner: SlowlogOwner, argv: readonly Buffer[], durationUs: number, peer: string, clientName: string): void {
  const keep = argv.length > SLOWLOG_ENTRY_MAX_ARGC ? SLOWLOG_ENTRY_MAX_ARGC - 1 : argv.length;
  const args: Buffer[] = [];
  for (let i = 0; i < keep; i++) {
    const arg = argv[i] as Buffer;
    args.push(
      arg.length > SLOWLOG_ENTRY_MAX_STRING
        ? Buffer.concat([
            arg.subarray(0, SLOWLOG_ENTRY_MAX_STRING),
            Buffer.from(`... (${arg.length - SLOWLOG_ENTRY_MAX_STRING} more bytes)`),
          ])
        : Buffer.from(arg),
    );
  }
  if (keep < argv.length) args.push(Buffer.from(`... (${argv.length - keep} more arguments)`));
  owner.slowlog.unshift({
    id: owner.nextSlowlogId++,
    timestampSec: Math.floor(owner.clock.now() / 1000),
    durationUs,
    argv: args,
    peer,
    clientName,
  });
  const max = owner.config.get('slowlog-max-len');
  if (owner.slowlog.length > max) owner.slowlog.length = max;
}
