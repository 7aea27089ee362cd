// The types of the Config API: construction and CONFIG SET options, deferred directives, listeners,
// object input and the per-parameter metadata.
// Mirrors: redis src/config.c (standardConfig's public face; the types are ours).

import type { ParamStatus } from './param-types.js';
import type { ConfigValues, ParamName } from './params.js';

export interface ConfigOptions {
  /** Starting directory: the default `dir` and the base for a relative config file path. Default: process.cwd(). */
  readonly cwd?: string;
  /** Reads a config file as a latin1 string ('-' is stdin). Default: node:fs. */
  readonly readFile?: (path: string) => string;
}

export interface ConfigSetOptions {
  /** Whether the client is on a loopback/unix connection (enable-protected-configs local). */
  readonly isLocalClient?: boolean;
  /** Whether a dataset is being loaded (some parameters refuse CONFIG SET meanwhile, with -LOADING). */
  readonly loading?: boolean;
}

/** A directive this module accepts but another subsystem must carry out (the ACL module, the command table). */
export interface DeferredDirective {
  readonly name: 'rename-command' | 'user';
  readonly args: readonly string[];
  readonly lineNumber: number | undefined;
  /** The line as a fatal config error echoes it (`user "alice" "on"` for a command-line option). */
  readonly lineText?: string;
}

export type ConfigListener<K extends ParamName> = (value: ConfigValues[K], previous: ConfigValues[K]) => void;

/** A value for Config.fromObject: booleans become yes/no, arrays are the arguments of multi-argument parameters. */
export type ConfigObjectValue = string | number | boolean | readonly (string | number)[];

/** Config.fromObject input: redis.conf names (or their camelCase spelling) to values. */
export type ConfigInput = Readonly<Record<string, ConfigObjectValue | undefined>>;

/** Metadata about one parameter, for docs, INFO and tests. */
export interface ParamInfo {
  readonly name: ParamName;
  readonly alias: string | undefined;
  readonly mutable: boolean;
  readonly status: ParamStatus;
  readonly note: string | undefined;
}
