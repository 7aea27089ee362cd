// Finding a command by name, and the keys of a call from its key specs (COMMAND GETKEYS, GETKEYSANDFLAGS).
// Mirrors: redis src/db.c (getKeysUsingKeySpecs, getKeysFromCommandWithSpecs), src/server.c
// (lookupCommandBySds, commandGetKeysCommand).

import { ReplyError } from '../../errors.js';
import type { CommandContext } from '../context.js';
import type { Command, CommandSpec, KeySpec, KeySpecFlag } from '../types.js';
import { derivedKeyFlags, keySpecsOf } from './derived.js';

// --- Finding commands by name ---

/** Each top-level command once, in table order (the table holds two spellings of each name). */
export function topLevel(ctx: CommandContext): Command[] {
  return [...new Set(ctx.server.commands.values())];
}

export const nameOf = (arg: Buffer): string => arg.toString('latin1').toLowerCase();

/** "get" or "config|get", any case (lookupCommandBySds). */
export function lookupByFullName(table: ReadonlyMap<string, Command>, fullName: string): Command | undefined {
  const parts = fullName.toLowerCase().split('|');
  const base = table.get(parts[0] as string);
  if (parts.length === 1 || base === undefined) return base;
  if (parts.length > 2) return undefined;
  return base.subcommands?.get(parts[1] as string);
}

/** The command an argv would run (as dispatch resolves it), for GETKEYS. */
function lookupByArgv(table: ReadonlyMap<string, Command>, argv: readonly Buffer[]): Command | undefined {
  const base = table.get(nameOf(argv[0] as Buffer));
  if (base === undefined || base.subcommands === undefined || argv.length === 1) return base;
  return base.subcommands.get(nameOf(argv[1] as Buffer));
}

// --- Key extraction (COMMAND GETKEYS) ---

export interface KeyReference {
  /** Index into argv. */
  readonly pos: number;
  readonly flags: readonly KeySpecFlag[];
}

/**
 * The keys one key spec finds in argv (getKeysUsingKeySpecs, one spec), or undefined when the arguments do not fit
 * the spec (a syntax error the command itself would report). Unknown-type and not_key specs find nothing.
 */
function keysFromSpec(ks: KeySpec, argv: readonly Buffer[]): number[] | undefined {
  const argc = argv.length;
  if (ks.flags.includes('not_key')) return [];
  const bs = ks.beginSearch;
  let first: number;
  if (bs.type === 'index') {
    first = bs.index;
  } else if (bs.type === 'keyword') {
    // Search forwards from startfrom, or backwards from argc+startfrom when it is negative.
    const start = bs.startfrom > 0 ? bs.startfrom : argc + bs.startfrom;
    const end = bs.startfrom > 0 ? argc - 1 : 1;
    const keyword = bs.keyword.toLowerCase();
    let found = -1;
    // As Redis does, the search stops before `end`: a keyword there could not be followed by a key anyway.
    for (let i = start; i !== end; i += start <= end ? 1 : -1) {
      if (i >= argc || i < 1) break;
      if (nameOf(argv[i] as Buffer) === keyword) {
        found = i;
        break;
      }
    }
    if (found === -1) return [];
    first = found + 1;
  } else {
    return [];
  }
  const fk = ks.findKeys;
  let last: number;
  let step: number;
  if (fk.type === 'range') {
    step = fk.keystep;
    if (fk.lastkey >= 0) last = first + fk.lastkey;
    else if (fk.limit === 0) last = argc + fk.lastkey;
    // With a limit, only 1/limit of the remaining arguments are keys (XREAD STREAMS k1 k2 id1 id2).
    else last = first + Math.floor((argc - first) / fk.limit) + fk.lastkey;
  } else if (fk.type === 'keynum') {
    step = fk.keystep;
    const numArg = argv[first + fk.keynumidx];
    if (numArg === undefined) return undefined;
    const digits = numArg.toString('latin1');
    const numkeys = /^(0|[1-9][0-9]{0,9})$/.test(digits) ? Number(digits) : -1;
    if (numkeys < 0) return undefined;
    first += fk.firstkey;
    last = first + numkeys - 1;
  } else {
    return [];
  }
  // A key range past the end of argv is a syntax error the command itself would report.
  if (last >= argc || last < first || first >= argc) return undefined;
  const positions: number[] = [];
  for (let i = first; i <= last; i += Math.max(1, step)) positions.push(i);
  return positions;
}

/** Every key of a command call with its flags; empty when the arguments do not fit the command's key specs. */
export function getKeysWithFlags(command: Command, argv: readonly Buffer[]): KeyReference[] {
  const spec = command.spec;
  const specs = keySpecsOf(spec);
  const found: KeyReference[] = [];
  for (const ks of specs) {
    const positions = keysFromSpec(ks, argv);
    if (positions === undefined) {
      if (spec.getKeys === undefined) return [];
      continue;
    }
    for (const pos of positions) found.push({ pos, flags: ks.flags });
  }
  if (spec.getKeys === undefined) return found;
  // A getKeys function is authoritative for the positions; flags come from a key spec that found the same position.
  let positions: number[];
  try {
    positions = spec.getKeys(argv);
  } catch (err) {
    if (err instanceof ReplyError) return [];
    throw err;
  }
  const fallback = specs[0]?.flags ?? derivedKeyFlags(spec);
  return positions.map((pos) => ({ pos, flags: found.find((ref) => ref.pos === pos)?.flags ?? fallback }));
}

function doesCommandHaveKeys(spec: CommandSpec): boolean {
  return spec.getKeys !== undefined || keySpecsOf(spec).some((ks) => !ks.flags.includes('not_key'));
}

/** Shared by GETKEYS and GETKEYSANDFLAGS (getKeysSubcommandImpl): the checks, in Redis's order. */
export function keysOfCall(ctx: CommandContext, argv: readonly Buffer[]): KeyReference[] {
  const call = argv.slice(2);
  const command = lookupByArgv(ctx.server.commands, call);
  if (command === undefined) throw new ReplyError('ERR Invalid command specified');
  const spec = command.spec;
  if (!doesCommandHaveKeys(spec)) throw new ReplyError('ERR The command has no key arguments');
  if ((spec.arity > 0 && spec.arity !== call.length) || call.length < -spec.arity) {
    throw new ReplyError('ERR Invalid number of arguments specified for command');
  }
  const keys = getKeysWithFlags(command, call);
  if (keys.length === 0 && !spec.flags.includes('no_mandatory_keys')) {
    throw new ReplyError('ERR Invalid arguments specified for command');
  }
  return keys;
}
