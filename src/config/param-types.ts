// The generic parameter types (yes/no, numbers, enums, strings) and the spec every parameter fills in.
// Mirrors: redis src/config.c (standardConfig, createBoolConfig/createIntConfig/createEnumConfig/createStringConfig,
//          numericParseString, numericBoundaryCheck, numericConfigGet)
//
// A parameter parses its redis.conf arguments into a typed value plus the exact string CONFIG GET shows. Rendering
// at parse time (not at every CONFIG GET) keeps 64-bit values exact even though the typed value is a JS number.

import { ParamError } from './errors.js';
import { memtoull, string2ll, strtollOctal } from './parse-number.js';

/**
 * What tsredis does with a parameter:
 * - `used`: a subsystem reads it (the server, eviction, persistence, encodings...).
 * - `noop`: accepted and shown by CONFIG GET for compatibility, no effect yet (see `note`).
 * - `unsupported`: only the default is accepted; any other value is refused with a tsredis-specific reason.
 */
export type ParamStatus = 'used' | 'noop' | 'unsupported';

export interface Parsed<T> {
  readonly value: T;
  /** The CONFIG GET rendering of `value`. */
  readonly rendered: string;
}

export interface ParseContext {
  /** The current `dir`: Redis chdir()s into it, so relative paths resolve against it. */
  readonly cwd: string;
}

export interface ParamSpec<T> {
  /** IMMUTABLE_CONFIG is `mutable: false`: startup only, CONFIG SET says "can't set immutable config". */
  readonly mutable: boolean;
  /** PROTECTED_CONFIG: CONFIG SET needs enable-protected-configs yes (or local + a local client). */
  readonly protected: boolean;
  /** SENSITIVE_CONFIG: the CONFIG SET value must be redacted from SLOWLOG/MONITOR. */
  readonly sensitive: boolean;
  /** DENY_LOADING_CONFIG: CONFIG SET fails with -LOADING while a dataset is loading. */
  readonly denyLoading: boolean;
  /** MULTI_ARG_CONFIG: takes any number of arguments in redis.conf; CONFIG SET splits its value on spaces. */
  readonly multiArg: boolean;
  /** A second accepted name (Redis 7.0 keeps the old ziplist/slave names this way). */
  readonly alias: string | undefined;
  readonly status: ParamStatus;
  readonly note: string | undefined;
  /** The default as redis.conf arguments; a function when it depends on the starting directory (dir). */
  readonly defaultArgs: readonly string[] | ((ctx: ParseContext) => readonly string[]);
  /**
   * Parse redis.conf arguments; `previous` is the current value (undefined while applying the default).
   * Declared as a method so a ParamSpec<number> is usable where a ParamSpec<unknown> is expected.
   */
  parse(args: readonly string[], ctx: ParseContext, previous: T | undefined): Parsed<T>;
}

/** The value type a spec produces. */
export type SpecValue<S> = S extends ParamSpec<infer T> ? T : never;

/** The flags shared by every builder; all optional. */
export interface ParamFlags {
  readonly alias?: string;
  readonly immutable?: boolean;
  readonly protected?: boolean;
  readonly sensitive?: boolean;
  readonly denyLoading?: boolean;
  readonly status?: ParamStatus;
  readonly note?: string;
}

/** Build a spec from flags plus its type-specific parts. Unset status means `noop`: `used` is opted into. */
export function makeSpec<T>(
  flags: ParamFlags,
  multiArg: boolean,
  defaultArgs: ParamSpec<T>['defaultArgs'],
  parse: ParamSpec<T>['parse'],
): ParamSpec<T> {
  return {
    mutable: flags.immutable !== true,
    protected: flags.protected === true,
    sensitive: flags.sensitive === true,
    denyLoading: flags.denyLoading === true,
    multiArg,
    alias: flags.alias,
    status: flags.status ?? 'noop',
    note: flags.note,
    defaultArgs,
    parse,
  };
}

/** Only the first argument matters for single-argument parameters (the loader enforces the count). */
function firstArg(args: readonly string[]): string {
  return args[0] ?? '';
}

// --- yes/no ---

export function bool(defaultValue: boolean, flags: ParamFlags & { readonly validate?: (v: boolean) => string | undefined } = {}): ParamSpec<boolean> {
  return makeSpec(flags, false, [defaultValue ? 'yes' : 'no'], (args) => {
    const text = firstArg(args).toLowerCase();
    if (text !== 'yes' && text !== 'no') throw new ParamError("argument must be 'yes' or 'no'");
    const value = text === 'yes';
    const invalid = flags.validate?.(value);
    if (invalid !== undefined) throw new ParamError(invalid);
    return { value, rendered: text };
  });
}

// --- numbers ---

/**
 * How the text is read: a plain integer (string2ll), a memory amount (memtoull: 100mb, 1gb), a memory amount or a
 * percentage (stored negative, as Redis does: "10%" is -10), or octal (unixsocketperm).
 */
export type NumericFormat = 'integer' | 'memory' | 'memory-percent' | 'octal';

export interface NumericOptions {
  /** The C type's signedness decides how an out-of-range text wraps and how bounds compare. */
  readonly signed: boolean;
  readonly min: bigint;
  readonly max: bigint;
  readonly defaultValue: bigint;
  readonly format?: NumericFormat;
  /** Applied after the bounds check (hz is clamped to 1..500 this way). */
  readonly normalize?: (n: bigint) => bigint;
}

const NUMERIC_PARSE_ERRORS: Readonly<Record<NumericFormat, string>> = {
  integer: "argument couldn't be parsed into an integer",
  memory: 'argument must be a memory value',
  'memory-percent': 'argument must be a memory or percent value',
  octal: "argument couldn't be parsed as an octal number",
};

function parseNumericText(text: string, format: NumericFormat): bigint | undefined {
  switch (format) {
    case 'integer':
      return string2ll(text);
    case 'octal':
      return strtollOctal(text);
    case 'memory':
      return memtoull(text);
    case 'memory-percent': {
      const bytes = memtoull(text);
      if (bytes !== undefined) return bytes;
      if (text.length > 1 && text.endsWith('%')) {
        const percent = string2ll(text.slice(0, -1));
        if (percent !== undefined && percent >= 0n) return -percent;
      }
      return undefined;
    }
    default:
      return assertNever(format);
  }
}

/** Parse, bounds-check and render one number exactly as Redis's generic numeric config does. */
export function parseNumeric(text: string, opts: NumericOptions): Parsed<number> {
  const format = opts.format ?? 'integer';
  const raw = parseNumericText(text, format);
  if (raw === undefined) throw new ParamError(NUMERIC_PARSE_ERRORS[format]);
  // The parsed long long is reinterpreted in the config's C type: memtoull results past LLONG_MAX turn negative for
  // signed configs, and negative integers turn huge for unsigned ones; both then fail the bounds check.
  let n = opts.signed ? BigInt.asIntN(64, raw) : BigInt.asUintN(64, raw);
  const bound = (b: bigint): string => (format === 'octal' ? b.toString(8) : b.toString());
  if (opts.signed && format === 'memory-percent' && n < 0n) {
    if (n < opts.min) throw new ParamError(`percentage argument must be less or equal to ${-opts.min}`);
  } else if (n < opts.min || n > opts.max) {
    throw new ParamError(`argument must be between ${bound(opts.min)} and ${bound(opts.max)} inclusive`);
  }
  if (opts.normalize !== undefined) n = opts.normalize(n);
  let rendered: string;
  if (format === 'memory-percent' && n < 0n) rendered = `${-n}%`;
  else if (format === 'octal') rendered = n.toString(8);
  else rendered = n.toString();
  return { value: Number(n), rendered };
}

export function numeric(opts: NumericOptions, flags: ParamFlags = {}): ParamSpec<number> {
  const defaultText = opts.format === 'octal' ? opts.defaultValue.toString(8) : opts.defaultValue.toString();
  return makeSpec(flags, false, [defaultText], (args) => parseNumeric(firstArg(args), opts));
}

/** A signed integer (C int, long, long long, time_t, off_t). */
export function int(min: bigint, max: bigint, defaultValue: number, flags: ParamFlags = {}): ParamSpec<number> {
  return numeric({ signed: true, min, max, defaultValue: BigInt(defaultValue) }, flags);
}

/** An unsigned integer (C unsigned int, unsigned long, size_t). */
export function uint(min: bigint, max: bigint, defaultValue: number, flags: ParamFlags = {}): ParamSpec<number> {
  return numeric({ signed: false, min, max, defaultValue: BigInt(defaultValue) }, flags);
}

/** A byte count accepting units (1k, 1kb, 1mb, 1gb...); CONFIG GET shows plain bytes. */
export function memory(signed: boolean, min: bigint, max: bigint, defaultValue: number, flags: ParamFlags = {}): ParamSpec<number> {
  return numeric({ signed, min, max, defaultValue: BigInt(defaultValue), format: 'memory' }, flags);
}

// --- enums ---

/** Redis's enum error lists every accepted name, in table order. */
export function enumError(names: readonly string[]): string {
  return `argument(s) must be one of the following: ${names.join(', ')}`;
}

/**
 * One name out of a fixed (or, for maxmemory-policy, growable) list; case-insensitive, shown lowercase.
 * `synonyms` maps an accepted name to the canonical one CONFIG GET shows (oom-score-adj: relative means yes).
 */
export function enumOf<const N extends string>(
  names: readonly N[] | (() => readonly N[]),
  defaultValue: N,
  flags: ParamFlags & { readonly synonyms?: Readonly<Partial<Record<N, N>>> } = {},
): ParamSpec<N> {
  const list = typeof names === 'function' ? names : (): readonly N[] => names;
  return makeSpec(flags, false, [defaultValue], (args) => {
    const text = firstArg(args).toLowerCase();
    const found = list().find((name) => name === text);
    if (found === undefined) throw new ParamError(enumError(list()));
    const value = flags.synonyms?.[found] ?? found;
    return { value, rendered: value };
  });
}

// --- strings ---

/** A free-form string; Redis's NULL ("not set") and "" are both the empty string here. */
export function str(defaultValue: string, flags: ParamFlags & { readonly validate?: (v: string) => string | undefined } = {}): ParamSpec<string> {
  return makeSpec(flags, false, [defaultValue], (args) => {
    const value = firstArg(args);
    const invalid = flags.validate?.(value);
    if (invalid !== undefined) throw new ParamError(invalid);
    return { value, rendered: value };
  });
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
