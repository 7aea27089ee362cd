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

import { ReplyError, syntaxError } from '../errors.js';
import { map, set, status, type Reply } from '../protocol/reply.js';
import { globMatch } from '../util/glob.js';
import type { CommandContext } from './context.js';
import type { Command, CommandArgument, CommandFlag, CommandSpec, KeySpec, KeySpecFlag } from './types.js';

// --- What COMMAND INFO reports, derived from a spec ---

/** The flags COMMAND INFO shows, in addReplyFlagsForCommand's order (the hidden ones are left out). */
const REPORTED_FLAG_ORDER: readonly CommandFlag[] = [
  'write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking', 'loading', 'stale',
  'skip_monitor', 'skip_slowlog', 'asking', 'fast', 'no_auth', 'no_mandatory_keys', 'no_async_loading', 'no_multi',
  'movablekeys', 'allow_busy',
];

/** Every ACL category, in the order of acl.c's ACLCommandCategories table (ACL CAT prints the same order). */
export const ACL_CATEGORIES: readonly string[] = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo', 'stream',
  'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
];

/** Does the command find its keys by looking at its arguments (CMD_MOVABLE_KEYS)? */
export function hasMovableKeys(spec: CommandSpec): boolean {
  if (spec.getKeys !== undefined || spec.flags.includes('movablekeys')) return true;
  return (spec.keySpecs ?? []).some((ks) => ks.beginSearch.type !== 'index' || ks.findKeys.type !== 'range');
}

/** The flags COMMAND INFO reports for a spec, lowercase, in Redis's order. */
export function reportedFlags(spec: CommandSpec): CommandFlag[] {
  const flags = new Set(spec.flags);
  if (hasMovableKeys(spec)) flags.add('movablekeys');
  return REPORTED_FLAG_ORDER.filter((flag) => flags.has(flag));
}

/** The spec's ACL categories plus the implicit ones, without '@', in acl.c's order. */
export function aclCategories(spec: CommandSpec): string[] {
  const cats = new Set(spec.acl);
  const flags = new Set(spec.flags);
  if (flags.has('write')) cats.add('write');
  if (flags.has('readonly') && !cats.has('scripting')) cats.add('read');
  if (flags.has('admin')) cats.add('admin').add('dangerous');
  if (flags.has('pubsub')) cats.add('pubsub');
  if (flags.has('fast')) cats.add('fast');
  if (flags.has('blocking')) cats.add('blocking');
  if (!cats.has('fast')) cats.add('slow');
  return ACL_CATEGORIES.filter((cat) => cats.has(cat));
}

/** Key spec flags guessed from the command flags, for specs without their own key specs. */
function derivedKeyFlags(spec: CommandSpec): KeySpecFlag[] {
  if (spec.flags.includes('write')) return ['RW', 'access', 'update'];
  if (spec.flags.includes('readonly')) return ['RO', 'access'];
  return ['RO'];
}

/** The key specs COMMAND INFO reports: the spec's own, or ones derived from first/last/step (see the header). */
export function keySpecsOf(spec: CommandSpec): readonly KeySpec[] {
  if (spec.keySpecs !== undefined) return spec.keySpecs;
  const specs: KeySpec[] = [];
  const flags = derivedKeyFlags(spec);
  const keys = spec.keys;
  if (keys !== undefined && keys.first > 0) {
    specs.push({
      flags,
      beginSearch: { type: 'index', index: keys.first },
      // A range spec's lastkey is relative to the first key when non-negative, from the end when negative.
      findKeys: { type: 'range', lastkey: keys.last < 0 ? keys.last : keys.last - keys.first, keystep: keys.step, limit: 0 },
    });
  }
  if (spec.getKeys !== undefined) specs.push({ flags, beginSearch: { type: 'unknown' }, findKeys: { type: 'unknown' } });
  return specs;
}

// --- Replies ---

/** Documentation text as a bulk string; specs are JS strings, the wire gets UTF-8. */
const text = (value: string): Buffer => Buffer.from(value, 'utf8');

/** CommandGroup spells sorted sets with '_' (a TS-friendly name); Redis's wire name is "sorted-set". */
const groupName = (group: string): string => group.replace('_', '-');

function keySpecReply(ks: KeySpec): Reply {
  const items: Reply[] = [];
  if (ks.notes !== undefined) items.push('notes', text(ks.notes));
  items.push('flags', set(ks.flags.map(status)));
  const bs = ks.beginSearch;
  const bsSpec: Reply[] =
    bs.type === 'index' ? ['index', bs.index]
      : bs.type === 'keyword' ? ['keyword', text(bs.keyword), 'startfrom', bs.startfrom]
        : [];
  items.push('begin_search', map(['type', bs.type, 'spec', map(bsSpec)]));
  const fk = ks.findKeys;
  const fkSpec: Reply[] =
    fk.type === 'range' ? ['lastkey', fk.lastkey, 'keystep', fk.keystep, 'limit', fk.limit]
      : fk.type === 'keynum' ? ['keynumidx', fk.keynumidx, 'firstkey', fk.firstkey, 'keystep', fk.keystep]
        : [];
  items.push('find_keys', map(['type', fk.type, 'spec', map(fkSpec)]));
  return map(items);
}

/** The 10-element COMMAND INFO entry (addReplyCommandInfo). */
export function commandInfoReply(command: Command): Reply {
  const spec = command.spec;
  return [
    command.fullName,
    spec.arity,
    set(reportedFlags(spec).map(status)),
    spec.keys?.first ?? 0,
    spec.keys?.last ?? 0,
    spec.keys?.step ?? 0,
    set(aclCategories(spec).map((cat) => status(`@${cat}`))),
    set((spec.tips ?? []).map(text)),
    set(keySpecsOf(spec).map(keySpecReply)),
    command.subcommands === undefined ? set([]) : [...command.subcommands.values()].map(commandInfoReply),
  ];
}

function argumentReply(arg: CommandArgument): Reply {
  const items: Reply[] = ['name', text(arg.name), 'type', arg.type];
  if (arg.keySpecIndex !== undefined) items.push('key_spec_index', arg.keySpecIndex);
  if (arg.token !== undefined) items.push('token', text(arg.token));
  if (arg.summary !== undefined) items.push('summary', text(arg.summary));
  if (arg.since !== undefined) items.push('since', arg.since);
  if (arg.deprecatedSince !== undefined) items.push('deprecated_since', arg.deprecatedSince);
  if (arg.flags !== undefined && arg.flags.length > 0) items.push('flags', set(arg.flags.map(status)));
  if (arg.arguments !== undefined) items.push('arguments', arg.arguments.map(argumentReply));
  return map(items);
}

/** The COMMAND DOCS map of one command (addReplyCommandDocs), subcommands nested. */
export function commandDocsReply(command: Command): Reply {
  const spec = command.spec;
  const items: Reply[] = ['summary', text(spec.summary), 'since', spec.since, 'group', groupName(spec.group)];
  if (spec.complexity !== undefined) items.push('complexity', text(spec.complexity));
  if (spec.docFlags !== undefined && spec.docFlags.length > 0) items.push('doc_flags', set(spec.docFlags.map(status)));
  if (spec.deprecatedSince !== undefined) items.push('deprecated_since', spec.deprecatedSince);
  if (spec.replacedBy !== undefined) items.push('replaced_by', text(spec.replacedBy));
  if (spec.history !== undefined && spec.history.length > 0) {
    items.push('history', set(spec.history.map(([version, change]) => [version, text(change)])));
  }
  if (spec.arguments !== undefined && spec.arguments.length > 0) items.push('arguments', spec.arguments.map(argumentReply));
  if (command.subcommands !== undefined) {
    const subs: Reply[] = [];
    for (const sub of command.subcommands.values()) subs.push(sub.fullName, commandDocsReply(sub));
    items.push('subcommands', map(subs));
  }
  return map(items);
}

// --- Finding commands by name ---

/** Each top-level command once, in table order (the table holds two spellings of each name). */
function topLevel(ctx: CommandContext): Command[] {
  return [...new Set(ctx.server.commands.values())];
}

const nameOf = (arg: Buffer): string => arg.toString('latin1').toLowerCase();

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
function keysOfCall(ctx: CommandContext, argv: readonly Buffer[]): KeyReference[] {
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
const COMMAND_HELP: readonly Reply[] = [
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
].map((line) => status(line));

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
