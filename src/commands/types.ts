// The shape of a command: a declarative spec that dispatch, COMMAND and the docs all read, and
// the handler signature. Field names follow Redis's src/commands/*.json so the two compare.
// Mirrors: redis src/server.h (struct redisCommand, CMD_* flags) and src/commands/*.json.

import type { LatencyHistogram } from './latency/monitor.js';
import type { Reply } from '../protocol/reply.js';
import type { CommandContext } from './context.js';

/** Redis 7.0 command flags (COMMAND INFO reports them lowercase). */
export type CommandFlag =
  | 'write' | 'readonly' | 'denyoom' | 'module' | 'admin' | 'pubsub' | 'noscript' | 'blocking'
  | 'loading' | 'stale' | 'skip_monitor' | 'skip_slowlog' | 'asking' | 'fast' | 'no_auth'
  | 'may_replicate' | 'sentinel' | 'only_sentinel' | 'no_mandatory_keys' | 'protected'
  | 'no_async_loading' | 'no_multi' | 'movablekeys' | 'allow_busy';

/** Command groups as COMMAND DOCS reports them. */
export type CommandGroup =
  | 'generic' | 'string' | 'list' | 'set' | 'sorted_set' | 'hash' | 'pubsub' | 'transactions'
  | 'connection' | 'server' | 'scripting' | 'hyperloglog' | 'cluster' | 'sentinel' | 'geo'
  | 'stream' | 'bitmap';

/** The legacy (first, last, step) key positions COMMAND INFO reports; last -1 means "to the end". */
export interface KeyPositions {
  readonly first: number;
  readonly last: number;
  readonly step: number;
}

// --- Redis 7 key specs and argument docs (optional; COMMAND INFO / COMMAND DOCS report them) ---

/** Key spec flags: how the command uses the key (RO/RW/OW/RM) and what it does to it. */
export type KeySpecFlag =
  | 'RO' | 'RW' | 'OW' | 'RM' | 'access' | 'update' | 'insert' | 'delete'
  | 'not_key' | 'incomplete' | 'variable_flags';

/** Where the search for keys starts: a fixed index, after a keyword, or unknown (the handler knows). */
export type KeySpecBeginSearch =
  | { readonly type: 'index'; readonly index: number }
  | { readonly type: 'keyword'; readonly keyword: string; readonly startfrom: number }
  | { readonly type: 'unknown' };

/** Which arguments after the start are keys: a range, a count argument, or unknown. */
export type KeySpecFindKeys =
  | { readonly type: 'range'; readonly lastkey: number; readonly keystep: number; readonly limit: number }
  | { readonly type: 'keynum'; readonly keynumidx: number; readonly firstkey: number; readonly keystep: number }
  | { readonly type: 'unknown' };

/** A Redis 7 key spec, as in src/commands/*.json "key_specs". */
export interface KeySpec {
  readonly notes?: string;
  readonly flags: readonly KeySpecFlag[];
  readonly beginSearch: KeySpecBeginSearch;
  readonly findKeys: KeySpecFindKeys;
}

/** One argument of a command, as in src/commands/*.json "arguments" (COMMAND DOCS, redis-cli hints). */
export interface CommandArgument {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'double' | 'key' | 'pattern' | 'unix-time' | 'pure-token' | 'oneof' | 'block';
  /** For type 'key': the index of its key spec. */
  readonly keySpecIndex?: number;
  readonly token?: string;
  readonly summary?: string;
  readonly since?: string;
  readonly deprecatedSince?: string;
  readonly flags?: readonly ('optional' | 'multiple' | 'multiple_token')[];
  /** For 'oneof' and 'block': the alternatives or the parts. */
  readonly arguments?: readonly CommandArgument[];
}

export type Handler = (ctx: CommandContext, argv: readonly Buffer[]) => Reply;

export interface CommandSpec {
  /** Lowercase name; for a subcommand, just the subcommand ("get" under "config"). */
  readonly name: string;
  readonly group: CommandGroup;
  /** Counts the name itself (and the subcommand); negative means "at least -arity". */
  readonly arity: number;
  readonly flags: readonly CommandFlag[];
  /** Key positions; omitted for commands without keys. */
  readonly keys?: KeyPositions;
  /** ACL categories without the '@' (Redis adds the implicit ones, e.g. 'write', 'fast'). */
  readonly acl: readonly string[];
  readonly summary: string;
  readonly since: string;
  readonly complexity?: string;
  /** For movablekeys commands: which argv indexes are keys. */
  readonly getKeys?: (argv: readonly Buffer[]) => number[];
  /** A leaf command's handler. Containers (CONFIG, CLIENT ...) have subcommands instead. */
  readonly handler?: Handler;
  readonly subcommands?: readonly CommandSpec[];
  // Optional Redis 7 metadata, reported by COMMAND INFO / COMMAND DOCS when present
  // (src/commands/command.ts says what is derived when they are absent).
  /** Command tips: "nondeterministic_output", "request_policy:all_shards" ... */
  readonly tips?: readonly string[];
  /** Exact key specs; when omitted, one is derived from `keys` (first/last/step). */
  readonly keySpecs?: readonly KeySpec[];
  readonly docFlags?: readonly ('deprecated' | 'syscmd')[];
  readonly deprecatedSince?: string;
  readonly replacedBy?: string;
  /** [version, what changed] pairs. */
  readonly history?: readonly (readonly [string, string])[];
  readonly arguments?: readonly CommandArgument[];
  /**
   * EVAL, EVALSHA, FCALL and their _RO forms (Redis's getCommandFlags): the command with the flags
   * this call's script declares (a `#!lua flags=` shebang, a function's flags), which dispatch's
   * checks read instead of the static ones; the command itself when the script declares none.
   */
  readonly getCommandFlags?: GetCommandFlags;
}

/** See CommandSpec.getCommandFlags; `argv` has passed the arity check. */
export type GetCommandFlags = (command: Command, ctx: CommandContext, argv: readonly Buffer[]) => Command;

/** A command as dispatch holds it: the spec plus what is derived from it once at start-up. */
export interface Command {
  readonly spec: CommandSpec;
  /** "get", or "config|get" for a subcommand: the name used in error texts and COMMAND. */
  readonly fullName: string;
  /**
   * spec.arity, copied: dispatch checks it on every command, and the spec literals have as many
   * shapes as there are commands (a megamorphic load), while every Command has one shape.
   */
  readonly arity: number;
  readonly handler: Handler | undefined;
  readonly parent: Command | undefined;
  readonly subcommands: ReadonlyMap<string, Command> | undefined;
  readonly isWrite: boolean;
  /** Only reads (CMD_READONLY): its keys are remembered for client-side caching. */
  readonly isReadonly: boolean;
  /** CMD_FAST: its slow runs are the latency monitor's "fast-command" event, not "command". */
  readonly isFast: boolean;
  /** CMD_MAY_REPLICATE: not a write, but it may propagate (EVAL, FCALL, PUBLISH, PFCOUNT); held by CLIENT PAUSE WRITE. */
  readonly isMayReplicate: boolean;
  readonly isDenyOom: boolean;
  readonly isNoAuth: boolean;
  readonly isNoScript: boolean;
  readonly isLoading: boolean;
  readonly isSkipMonitor: boolean;
  readonly isSkipSlowlog: boolean;
  readonly isBlocking: boolean;
  readonly isProtected: boolean;
  readonly isAdmin: boolean;
  readonly isPubsub: boolean;
  readonly isNoMulti: boolean;
  /** Runs while a script is busy (CMD_ALLOW_BUSY): SCRIPT KILL, SHUTDOWN, AUTH, MULTI ... */
  readonly isAllowBusy: boolean;
  /** spec.getCommandFlags (scripts' declared flags), undefined for every other command: one field test in dispatch. */
  readonly getCommandFlags: GetCommandFlags | undefined;
  /**
   * On a command as a script's flags made it (src/scripting/script-flags.ts): the table's command it
   * stands for (ACL rules name that one). Undefined on the table's commands.
   */
  readonly flagsOf: Command | undefined;
  /** Per-command statistics (INFO commandstats). */
  stats: {
    calls: number; usec: number; rejectedCalls: number; failedCalls: number;
    /**
     * The latency histogram (latency-tracking; src/commands/latency/monitor.ts), made on the first
     * call. Present from the start (undefined) so every stats object keeps one shape.
     */
    latency: LatencyHistogram | undefined;
  };
}
