// Parameters with their own syntax: save, bind, client-output-buffer-limit, notify-keyspace-events, dir, ...
// Mirrors: redis src/config.c (setConfigSaveOption, setConfigBindOption, updateClientOutputBufferLimit,
//          setConfigNotifyKeyspaceEventsOption, setConfigDirOption, setConfigOOMScoreAdjValuesOption,
//          setConfigLatencyTrackingInfoPercentilesOutputOption, setConfigReplicaOfOption), the shutdown-on-* flags

import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

import { errnoText, ParamError } from './errors.js';
import { keyspaceEventsFromString, keyspaceEventsToString } from './keyspace-events.js';
import { enumError, makeSpec, type ParamFlags, type ParamSpec } from './param-types.js';
import { formatFixedTrimmed, memtoull, string2d, strtollWhole } from './parse-number.js';

/** CONFIG SET of a multi-argument parameter passes `""` as one empty argument; Redis reads that as "no arguments". */
function withoutLoneEmpty(args: readonly string[]): readonly string[] {
  return args.length === 1 && args[0] === '' ? [] : args;
}

// --- save <seconds> <changes> [<seconds> <changes> ...] ---

export interface SaveParam {
  /** Snapshot if at least `changes` writes happened in the last `seconds` seconds. */
  readonly seconds: number;
  readonly changes: number;
}

const INVALID_SAVE = 'Invalid save parameters';

/** `save ""` disables RDB snapshots. Numbers use strtoll leniency ("+5" and "05" are fine, seconds must be >= 1). */
export function saveParam(defaultArgs: readonly string[], flags: ParamFlags): ParamSpec<readonly SaveParam[]> {
  return makeSpec<readonly SaveParam[]>(flags, true, defaultArgs, (rawArgs) => {
    const args = withoutLoneEmpty(rawArgs);
    if (args.length % 2 !== 0) throw new ParamError(INVALID_SAVE);
    const rules: SaveParam[] = [];
    for (let j = 0; j < args.length; j += 2) {
      const seconds = strtollWhole(args[j] ?? '');
      const changes = strtollWhole(args[j + 1] ?? '');
      if (seconds === undefined || changes === undefined || seconds < 1n || changes < 0n) throw new ParamError(INVALID_SAVE);
      // Redis keeps `changes` in a C int.
      rules.push({ seconds: Number(seconds), changes: Number(BigInt.asIntN(32, changes)) });
    }
    return { value: rules, rendered: rules.map((r) => `${r.seconds} ${r.changes}`).join(' ') };
  });
}

// --- bind <addr> [<addr> ...] ---

/** CONFIG_BINDADDR_MAX in Redis. */
export const BIND_ADDRESSES_MAX = 16;

/** Addresses are checked by the listener (its onChange), not here; `-` prefixed ones are optional, as in Redis. */
export function bindParam(defaultArgs: readonly string[], flags: ParamFlags): ParamSpec<readonly string[]> {
  return makeSpec<readonly string[]>(flags, true, defaultArgs, (rawArgs) => {
    if (rawArgs.length > BIND_ADDRESSES_MAX) throw new ParamError('Too many bind addresses specified.');
    const args = withoutLoneEmpty(rawArgs);
    return { value: [...args], rendered: args.join(' ') };
  });
}

// --- client-output-buffer-limit <class> <hard> <soft> <soft-seconds> [...] ---

export interface ClientBufferLimit {
  readonly hardLimitBytes: number;
  readonly softLimitBytes: number;
  readonly softLimitSeconds: number;
}

export interface ClientOutputBufferLimits {
  readonly normal: ClientBufferLimit;
  /** Redis calls this class "slave" in CONFIG GET output and accepts "replica" as input. */
  readonly replica: ClientBufferLimit;
  readonly pubsub: ClientBufferLimit;
}

const OBUF_CLASSES: Readonly<Record<string, keyof ClientOutputBufferLimits>> = {
  normal: 'normal', slave: 'replica', replica: 'replica', pubsub: 'pubsub',
};
const NO_LIMIT: ClientBufferLimit = { hardLimitBytes: 0, softLimitBytes: 0, softLimitSeconds: 0 };

/** Only the classes named change; the others keep their current limits. All groups are checked before any applies. */
export function clientOutputBufferLimitParam(defaultArgs: readonly string[], flags: ParamFlags): ParamSpec<ClientOutputBufferLimits> {
  return makeSpec<ClientOutputBufferLimits>(flags, true, defaultArgs, (args, _ctx, previous) => {
    if (args.length % 4 !== 0) throw new ParamError('Wrong number of arguments in buffer limit configuration.');
    const next = { ...(previous ?? { normal: NO_LIMIT, replica: NO_LIMIT, pubsub: NO_LIMIT }) };
    for (let j = 0; j < args.length; j += 4) {
      const cls = OBUF_CLASSES[(args[j] ?? '').toLowerCase()];
      if (cls === undefined) throw new ParamError('Invalid client class specified in buffer limit configuration.');
      const hard = memtoull(args[j + 1] ?? '');
      const soft = memtoull(args[j + 2] ?? '');
      const seconds = strtollWhole(args[j + 3] ?? '');
      // Redis stores the seconds in a C int before checking the sign.
      const secondsInt = seconds === undefined ? -1n : BigInt.asIntN(32, seconds);
      if (hard === undefined || soft === undefined || secondsInt < 0n) {
        throw new ParamError('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
      }
      next[cls] = { hardLimitBytes: Number(hard), softLimitBytes: Number(soft), softLimitSeconds: Number(secondsInt) };
    }
    return { value: next, rendered: renderObufLimits(next) };
  });
}

/**
 * Redis prints the classes in its own order, the replica class under its old name "slave".
 * SIMPLIFIED: limits are JS numbers, so a limit above 2^53 bytes is shown rounded.
 */
function renderObufLimits(limits: ClientOutputBufferLimits): string {
  const render = (l: ClientBufferLimit): string => `${BigInt(l.hardLimitBytes)} ${BigInt(l.softLimitBytes)} ${l.softLimitSeconds}`;
  return `normal ${render(limits.normal)} slave ${render(limits.replica)} pubsub ${render(limits.pubsub)}`;
}

// --- notify-keyspace-events <classes> ---

/** The value is the NOTIFY_* bit set (see keyspace-events.ts); CONFIG GET shows Redis's canonical letters. */
export function notifyKeyspaceEventsParam(flags: ParamFlags): ParamSpec<number> {
  return makeSpec<number>(flags, false, [''], (args) => {
    const bits = keyspaceEventsFromString(args[0] ?? '');
    if (bits === undefined) throw new ParamError("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    return { value: bits, rendered: keyspaceEventsToString(bits) };
  });
}

// --- dir <path> ---

/**
 * The working directory for RDB/AOF files. DIFFERS FROM REDIS: Redis chdir()s the whole process; we only store the
 * resolved absolute path (the process may embed other code), and persistence joins file names onto it.
 */
export function dirParam(flags: ParamFlags): ParamSpec<string> {
  return makeSpec<string>(flags, false, (ctx) => [ctx.cwd], (args, ctx, previous) => {
    const target = resolve(ctx.cwd, args[0] ?? '');
    if (previous === undefined) {
      // The default is the starting directory, taken on trust (like getcwd()): embedders may pass any cwd.
      let real = target;
      try {
        real = realpathSync(target);
      } catch {
        // keep the resolved path
      }
      return { value: real, rendered: real };
    }
    try {
      if (!statSync(target).isDirectory()) throw new ParamError('Not a directory');
      const real = realpathSync(target);
      return { value: real, rendered: real };
    } catch (err) {
      if (err instanceof ParamError) throw err;
      throw new ParamError(errnoText(err));
    }
  });
}

// --- oom-score-adj-values <master> <replica> <bgchild> ---

export function oomScoreAdjValuesParam(flags: ParamFlags): ParamSpec<readonly [number, number, number]> {
  return makeSpec<readonly [number, number, number]>(flags, true, ['0', '200', '800'], (args) => {
    if (args.length !== 3) throw new ParamError('wrong number of arguments');
    const values = args.map((a) => {
      const n = strtollWhole(a);
      if (n === undefined || n < -2000n || n > 2000n) {
        throw new ParamError('Invalid oom-score-adj-values, elements must be between -2000 and 2000.');
      }
      return Number(n);
    });
    const triple = [values[0] ?? 0, values[1] ?? 0, values[2] ?? 0] as const;
    return { value: triple, rendered: triple.join(' ') };
  });
}

// --- latency-tracking-info-percentiles <p> [<p> ...] ---

export function percentilesParam(flags: ParamFlags): ParamSpec<readonly number[]> {
  return makeSpec<readonly number[]>(flags, true, ['50', '99', '99.9'], (rawArgs) => {
    const values = withoutLoneEmpty(rawArgs).map((a) => {
      const p = string2d(a);
      if (p === undefined) throw new ParamError('Invalid latency-tracking-info-percentiles parameters');
      if (p > 100 || p < 0) throw new ParamError('latency-tracking-info-percentiles parameters should sit between [0.0,100.0]');
      return p;
    });
    return { value: values, rendered: values.map(formatFixedTrimmed).join(' ') };
  });
}

// --- shutdown-on-sigint / shutdown-on-sigterm: default | [save|nosave] [now] [force] ---

export type ShutdownFlag = 'save' | 'nosave' | 'now' | 'force';
const SHUTDOWN_NAMES = ['default', 'save', 'nosave', 'now', 'force'] as const;

/** An empty list means "default". Flags combine; save and nosave exclude each other. */
export function shutdownFlagsParam(flags: ParamFlags): ParamSpec<readonly ShutdownFlag[]> {
  return makeSpec<readonly ShutdownFlag[]>(flags, true, ['default'], (args) => {
    if (args.length === 0) throw new ParamError(enumError(SHUTDOWN_NAMES));
    const set = new Set<string>();
    for (const arg of args) {
      const name = arg.toLowerCase();
      if (!(SHUTDOWN_NAMES as readonly string[]).includes(name)) throw new ParamError(enumError(SHUTDOWN_NAMES));
      set.add(name);
    }
    if (set.has('save') && set.has('nosave')) throw new ParamError("shutdown options SAVE and NOSAVE can't be used simultaneously");
    const value = SHUTDOWN_NAMES.filter((n): n is ShutdownFlag => n !== 'default' && set.has(n));
    return { value, rendered: value.length === 0 ? 'default' : value.join(' ') };
  });
}

// --- replicaof <host> <port> | replicaof no one ---

/** `replicaof host port` is kept as "host port" and connected to at start-up; "no one" (the default) is ''. */
export function replicaofParam(flags: ParamFlags): ParamSpec<string> {
  return makeSpec<string>(flags, true, ['no', 'one'], (args) => {
    if (args.length !== 2) throw new ParamError('wrong number of arguments');
    if ((args[0] ?? '').toLowerCase() === 'no' && (args[1] ?? '').toLowerCase() === 'one') return { value: '', rendered: '' };
    const port = strtollWhole(args[1] ?? '');
    if (port === undefined || port < 0n || port > 65535n) throw new ParamError('Invalid master port');
    // The server connects once it listens (src/replication/replica-side.ts).
    const master = `${args[0] ?? ''} ${port}`;
    return { value: master, rendered: master };
  });
}
