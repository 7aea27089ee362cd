// A script's declared flags as command flags: what EVAL/FCALL of that script is, for dispatch's checks.
// Mirrors: redis src/script.c (scriptFlagsToCmdFlags), src/eval.c (evalGetCommandFlags) and
// src/functions.c (fcallGetCommandFlags), read by src/server.c's processCommand (getCommandFlags).
//
// EVAL's own flags say nothing of what the script will do (it is `may_replicate`, not `write`), so
// a script without a shebang ("eval compatibility mode") is checked only at each redis.call inside
// it. A script that declares flags says up front whether it writes, so Redis's processCommand
// treats the EVAL as the command it declares: without `no-writes` it is a write (refused by MISCONF,
// min-replicas-to-write, a read-only replica, held by CLIENT PAUSE WRITE, refused while queuing in
// MULTI), without `no-writes` or `allow-oom` it is `denyoom`, and only with `allow-stale` may it run
// on a replica whose link is down (replica-serve-stale-data no). `may_replicate` goes: the flags
// already say whether it writes.
//
// Here the "command with other flags" is an object that inherits everything from the table's
// command (handler, stats, names) and overrides only the flag fields, made once per command and
// flag set. It is what dispatch checks and what MULTI queues, so EXEC sees the flags as they were
// when the script was queued, as Redis's mstate.cmd_flags does.

import type { Command, CommandFlag } from '../commands/types.js';

/** The flags among a script's that change its command flags. */
export interface DeclaredFlags {
  readonly noWrites: boolean;
  readonly allowOom: boolean;
  readonly allowStale: boolean;
}

/** The flags scriptFlagsToCmdFlags clears before it sets them from the script's. */
const REPLACED: ReadonlySet<CommandFlag> = new Set(['write', 'denyoom', 'stale', 'may_replicate']);

/** Per table command, its variants by flag set (index: no-writes 1, allow-oom 2, allow-stale 4). */
const variants = new WeakMap<Command, Array<Command | undefined>>();

/** `command` as a script declaring `declared` makes it (scriptFlagsToCmdFlags). */
export function commandWithScriptFlags(command: Command, declared: DeclaredFlags): Command {
  const base = command.flagsOf ?? command;
  const index = (declared.noWrites ? 1 : 0) | (declared.allowOom ? 2 : 0) | (declared.allowStale ? 4 : 0);
  let list = variants.get(base);
  if (list === undefined) variants.set(base, (list = []));
  return (list[index] ??= makeVariant(base, declared));
}

/** The flag names of a function (FUNCTION LIST's flags) as DeclaredFlags. */
export function declaredFlagsOf(names: readonly string[]): DeclaredFlags {
  return { noWrites: names.includes('no-writes'), allowOom: names.includes('allow-oom'), allowStale: names.includes('allow-stale') };
}

function makeVariant(base: Command, declared: DeclaredFlags): Command {
  const isWrite = !declared.noWrites;
  // no-writes implies allow-oom: a script that cannot write cannot grow the dataset.
  const isDenyOom = !declared.noWrites && !declared.allowOom;
  const flags = base.spec.flags.filter((flag) => !REPLACED.has(flag));
  if (isWrite) flags.push('write');
  if (isDenyOom) flags.push('denyoom');
  if (declared.allowStale) flags.push('stale');
  // Inherit, not copy: `stats` is replaced by CONFIG RESETSTAT on the table's command.
  return Object.create(base, {
    spec: { value: { ...base.spec, flags } },
    isWrite: { value: isWrite },
    isDenyOom: { value: isDenyOom },
    isMayReplicate: { value: false },
    flagsOf: { value: base },
  }) as Command;
}
