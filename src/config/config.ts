// The server configuration: typed values for every parameter, loading from redis.conf/argv/objects, CONFIG GET/SET.
// Mirrors: redis src/config.c (initConfigValues, loadServerConfigFromString, configGetCommand, configSetCommand)
//
// Every value is kept twice: typed (`config.values.hz`, read on hot paths) and rendered (the exact CONFIG GET
// string, computed once when the value is set). CONFIG SET is all or nothing: names and flags are checked first,
// then every value is parsed, and only then are values stored and the subsystems' onChange listeners told; a listener
// that throws ConfigApplyError rolls the whole call back, like Redis's apply functions do.
// Not here: CONFIG RESETSTAT (stats live in the server) and CONFIG REWRITE (not implemented).

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { configLines, parseCommandLine } from './conf-file.js';
import type { ConfigInput, ConfigListener, ConfigOptions, ConfigSetOptions, DeferredDirective } from './config-types.js';
import { ConfigApplyError, ConfigError, ConfigSetError, errnoText, ParamError } from './errors.js';
import { globMatch, hasGlobChars, reprString, splitArgs } from './lex.js';
import type { ParseContext } from './param-types.js';
import { PARAM_LOOKUP, PARAMS, type ConfigValues, type ParamEntry, type ParamName } from './params.js';

export { ConfigApplyError, ConfigError, ConfigSetError } from './errors.js';
export * from './keyspace-events.js';
export type { ParamStatus } from './param-types.js';
export { registerMaxmemoryPolicy, type ConfigValues, type ParamName } from './params.js';
export type { ClientBufferLimit, ClientOutputBufferLimits, SaveParam, ShutdownFlag } from './special-params.js';
export type {
  ConfigInput, ConfigListener, ConfigObjectValue, ConfigOptions, ConfigSetOptions, DeferredDirective, ParamInfo,
} from './config-types.js';
export { describeParams, isSensitiveParam } from './describe.js';

/** Directives Redis 7.0 still tolerates (with exactly one argument) and ignores. */
const DEPRECATED_DIRECTIVES = new Set(['list-max-ziplist-entries', 'list-max-ziplist-value', 'lua-replicate-commands']);

const LOADING_ERROR = 'LOADING Redis is loading the dataset in memory';

/** State of one load (a file, its includes, stdin and the argv options count as one). */
interface LoadState {
  /** The first `save` line replaces the default rules; later ones add to them. */
  saveSeen: boolean;
  includeDepth: number;
}

/** Guard against `include` cycles (Redis has none and would recurse until it crashes). */
const MAX_INCLUDE_DEPTH = 16;

function defaultReadFile(path: string): string {
  return path === '-' ? readFileSync(0, 'latin1') : readFileSync(path, 'latin1');
}

/** CONFIG SET splits multi-argument values on every single space, like sdssplitlen; "" is no arguments. */
function splitOnSpaces(value: string): string[] {
  return value === '' ? [] : value.split(' ');
}

export class Config {
  /** Typed values by canonical name, for hot paths: `config.values.hz`, `config.values['maxmemory-policy']`. */
  readonly values: Readonly<ConfigValues>;
  readonly #values: ConfigValues;
  readonly #rendered = new Map<ParamName, string>();
  readonly #listeners: { [K in ParamName]?: Set<ConfigListener<K>> } = {};
  readonly #deferred: DeferredDirective[] = [];
  readonly #readFile: (path: string) => string;
  readonly #startDir: string;
  #configFile: string | undefined;

  /** A configuration with Redis 7.0's defaults. */
  constructor(options: ConfigOptions = {}) {
    this.#readFile = options.readFile ?? defaultReadFile;
    this.#startDir = resolve(options.cwd ?? process.cwd());
    const initial: Partial<Record<ParamName, unknown>> = {};
    this.#values = initial as ConfigValues; // filled in completely by the loop below
    const ctx: ParseContext = { cwd: this.#startDir };
    for (const [name, spec] of Object.entries(PARAMS) as [ParamName, (typeof PARAMS)[ParamName]][]) {
      const args = typeof spec.defaultArgs === 'function' ? spec.defaultArgs(ctx) : spec.defaultArgs;
      const parsed = spec.parse(args, ctx, undefined);
      this.#store(name, parsed.value, parsed.rendered);
    }
    // Hot paths read `values` several times per command. An object that got its 150-odd properties one
    // at a time is a hash table to V8 (dictionary mode); a spread copy of it is a fast-mode object, whose
    // reads are a shape check and a load (docs/performance.md, "Fifth session").
    this.#values = { ...this.#values };
    this.values = this.#values;
  }

  /** `tsredis-server [config-file] [-] [--name value ...]`, as redis-server 7.0 reads its arguments. Throws ConfigError. */
  static fromArgs(argv: readonly string[], options: ConfigOptions = {}): Config {
    const config = new Config(options);
    if (argv.length === 0) return config;
    const cmd = parseCommandLine(argv);
    let text = '';
    if (cmd.configFile !== undefined) {
      config.#configFile = resolve(config.#startDir, cmd.configFile);
      text += config.#readConfigFile(config.#configFile);
    }
    if (cmd.readStdin) text += config.#readConfigFile('-');
    config.#loadText(`${text}\n${cmd.optionsText}`, { saveSeen: false, includeDepth: 0 });
    return config;
  }

  /** A configuration from redis.conf text. Throws ConfigError. */
  static fromText(text: string, options: ConfigOptions = {}): Config {
    const config = new Config(options);
    config.#loadText(text, { saveSeen: false, includeDepth: 0 });
    return config;
  }

  /**
   * For embedding: `Config.fromObject({ port: 0, maxmemory: '100mb', maxmemoryPolicy: 'allkeys-lru', save: '' })`.
   * Keys are redis.conf names or their camelCase spelling; each entry is applied like a redis.conf line.
   */
  static fromObject(object: ConfigInput, options: ConfigOptions = {}): Config {
    const config = new Config(options);
    const state: LoadState = { saveSeen: false, includeDepth: 0 };
    for (const [key, raw] of Object.entries(object)) {
      if (raw === undefined) continue;
      const name = /[A-Z]/.test(key) ? key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) : key.toLowerCase();
      const multiArg = PARAM_LOOKUP.get(name)?.spec.multiArg === true;
      let args: string[];
      if (typeof raw === 'boolean') args = [raw ? 'yes' : 'no'];
      else if (typeof raw === 'number') args = [String(raw)];
      else if (typeof raw === 'string') args = multiArg ? splitOnSpaces(raw) : [raw];
      else args = raw.map(String);
      config.#applyDirective([name, ...args], undefined, [name, ...args.map(reprString)].join(' '), state);
    }
    return config;
  }

  /** Directives for other subsystems (rename-command, user), in file order. */
  get deferredDirectives(): readonly DeferredDirective[] {
    return this.#deferred;
  }

  /** The absolute path of the config file given to fromArgs, if any (INFO config_file, CONFIG REWRITE). */
  get configFile(): string | undefined {
    return this.#configFile;
  }

  /** The typed value of a parameter, by canonical name. */
  get<K extends ParamName>(name: K): ConfigValues[K] {
    return this.#values[name];
  }

  /**
   * Be told after a CONFIG SET changed `name` (not when the new value renders the same). Throw ConfigApplyError to
   * refuse the change: the whole CONFIG SET is rolled back and listeners see the old values again.
   * Returns a function that removes the listener.
   */
  onChange<K extends ParamName>(name: K, listener: ConfigListener<K>): () => void {
    const set: Set<ConfigListener<K>> = this.#listeners[name] ?? new Set<ConfigListener<K>>();
    this.#setListeners(name, set);
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /**
   * CONFIG GET pattern [pattern ...]: [name, value] pairs. A pattern without glob characters is a case-insensitive
   * lookup that echoes the name as typed; a glob matches canonical names and aliases (case-insensitively) and
   * reports the matched name. Each name appears once, first spelling wins.
   */
  configGet(patterns: readonly string[]): [string, string][] {
    const out: [string, string][] = [];
    const seen = new Set<string>();
    for (const pattern of patterns) {
      if (!hasGlobChars(pattern)) {
        const key = pattern.toLowerCase();
        const entry = PARAM_LOOKUP.get(key);
        if (entry !== undefined && !seen.has(key)) {
          seen.add(key);
          out.push([pattern, this.#renderedOf(entry.name)]);
        }
        continue;
      }
      for (const [key, entry] of PARAM_LOOKUP) {
        if (seen.has(key) || !globMatch(pattern, key)) continue;
        seen.add(key);
        out.push([entry.displayName, this.#renderedOf(entry.name)]);
      }
    }
    return out;
  }

  /**
   * CONFIG SET name value [name value ...], all or nothing. Throws ConfigSetError with the exact error reply text.
   * The command layer checks the arity (at least one pair); an odd argument count here is `ERR syntax error`.
   */
  configSet(args: readonly string[], options: ConfigSetOptions = {}): void {
    if (args.length % 2 !== 0) throw new ConfigSetError('ERR syntax error');
    const entries = this.#checkSetTargets(args, options);

    // Parse every value before changing anything; a later pair sees the value staged by an earlier one.
    const staged = new Map<ParamName, { value: unknown; rendered: string }>();
    const ctx: ParseContext = { cwd: this.#values.dir };
    entries.forEach((entry, i) => {
      const text = args[2 * i + 1] ?? '';
      const previous = staged.get(entry.name)?.value ?? this.#values[entry.name];
      try {
        staged.set(entry.name, entry.spec.parse(entry.spec.multiArg ? splitOnSpaces(text) : [text], ctx, previous));
      } catch (err) {
        if (err instanceof ParamError) throw setFailed(entry.displayName, err.message);
        throw err;
      }
    });

    const before: ConfigValues = { ...this.#values };
    const renderedBefore = new Map<ParamName, string>();
    for (const [name, parsed] of staged) {
      const old = this.#renderedOf(name);
      if (parsed.rendered === old) continue;
      renderedBefore.set(name, old);
      this.#store(name, parsed.value, parsed.rendered);
    }
    const applied: ParamName[] = [];
    try {
      for (const name of renderedBefore.keys()) {
        applied.push(name);
        this.#emit(name, this.#values, before);
      }
    } catch (err) {
      this.#rollBack(renderedBefore, applied, before);
      if (err instanceof ConfigApplyError) {
        const entry = PARAM_LOOKUP.get(applied[applied.length - 1] ?? '');
        throw setFailed(entry?.displayName ?? '', err.message);
      }
      throw err;
    }
  }

  // --- CONFIG SET helpers ---

  /** Redis's first pass: unknown names, immutable/protected parameters, -LOADING, duplicates. */
  #checkSetTargets(args: readonly string[], options: ConfigSetOptions): ParamEntry[] {
    const entries: ParamEntry[] = [];
    let unknownName: string | undefined;
    let failure: { name: string; reason: string } | undefined;
    let loadingError = false;
    for (let i = 0; i < args.length; i += 2) {
      const typed = args[i] ?? '';
      const entry = PARAM_LOOKUP.get(typed.toLowerCase());
      const failedAlready = unknownName !== undefined || failure !== undefined || loadingError;
      if (entry === undefined) {
        if (!failedAlready) unknownName = typed;
        continue;
      }
      if (failedAlready) continue;
      if (!entry.spec.mutable) failure = { name: typed, reason: "can't set immutable config" };
      else if (entry.spec.protected && !this.#protectedAllowed(options)) failure = { name: typed, reason: "can't set protected config" };
      else if (options.loading === true && entry.spec.denyLoading) loadingError = true;
      // Redis 7.0 compares table entries, so a parameter and its alias in one call are not duplicates (last wins).
      else if (entries.includes(entry)) failure = { name: typed, reason: 'duplicate parameter' };
      entries.push(entry);
    }
    if (loadingError) throw new ConfigSetError(LOADING_ERROR);
    if (unknownName !== undefined) throw new ConfigSetError(`ERR Unknown option or number of arguments for CONFIG SET - '${unknownName}'`);
    if (failure !== undefined) throw setFailed(failure.name, failure.reason);
    return entries;
  }

  #protectedAllowed(options: ConfigSetOptions): boolean {
    const mode = this.#values['enable-protected-configs'];
    return mode === 'yes' || (mode === 'local' && options.isLocalClient === true);
  }

  /** Restore the values from before the CONFIG SET and let applied listeners see the old values again. */
  #rollBack(renderedBefore: ReadonlyMap<ParamName, string>, applied: readonly ParamName[], before: ConfigValues): void {
    const after: ConfigValues = { ...this.#values };
    for (const [name, rendered] of renderedBefore) {
      this.#restore(name, before);
      this.#rendered.set(name, rendered);
    }
    for (const name of applied) {
      try {
        this.#emit(name, before, after);
      } catch {
        // Redis only logs a failure to re-apply the old value; we have no logger here, so it is dropped.
      }
    }
  }

  // --- loading ---

  #loadText(text: string, state: LoadState): void {
    for (const line of configLines(text)) this.#applyDirective(line.args, line.lineNumber, line.text, state);
  }

  /** One redis.conf directive (args[0] lowercased). Throws ConfigError with Redis's reason. */
  #applyDirective(args: readonly string[], lineNumber: number | undefined, lineText: string, state: LoadState): void {
    const [directive = '', ...rest] = args;
    const fail = (reason: string): ConfigError => new ConfigError(reason, lineNumber, lineText);
    const entry = PARAM_LOOKUP.get(directive);
    if (entry !== undefined) {
      if (!entry.spec.multiArg && rest.length !== 1) throw fail('wrong number of arguments');
      // A multi-argument parameter given as one non-empty word is split like a line of its own, so
      // `--save "3600 1 300 100"` and `save "3600 1"` mean what they say (loadServerConfigFromString).
      let values: readonly string[] = entry.spec.multiArg && rest.length === 1 && rest[0] !== '' ? (splitArgs(rest[0] as string) ?? []) : rest;
      if (entry.name === 'save' && state.saveSeen) {
        const current = (this.#rendered.get('save') ?? '').split(' ').filter((s) => s !== '');
        values = [...current, ...(rest.length === 1 && rest[0] === '' ? [] : values)];
      }
      try {
        const parsed = entry.spec.parse(values, { cwd: this.#values.dir }, this.#values[entry.name]);
        this.#store(entry.name, parsed.value, parsed.rendered);
      } catch (err) {
        if (err instanceof ParamError) throw fail(err.message);
        throw err;
      }
      if (entry.name === 'save') state.saveSeen = true;
      return;
    }
    if (DEPRECATED_DIRECTIVES.has(directive) && rest.length === 1) return;
    if (directive === 'include' && rest.length === 1) {
      this.#include(rest[0] ?? '', state, fail);
    } else if (directive === 'rename-command' && rest.length === 2) {
      this.#deferred.push({ name: 'rename-command', args: rest, lineNumber });
    } else if (directive === 'user' && rest.length >= 1) {
      this.#deferred.push({ name: 'user', args: rest, lineNumber, lineText });
    } else if ((directive === 'loadmodule' && rest.length >= 1) || (directive.includes('.') && rest.length === 1)) {
      throw fail('modules are not supported by tsredis'); // DIFFERS FROM REDIS: no module system
    } else if (directive === 'sentinel') {
      throw fail('Sentinel mode is not supported by tsredis'); // DIFFERS FROM REDIS: no Sentinel
    } else {
      throw fail('Bad directive or wrong number of arguments');
    }
  }

  /** `include path`: the file is parsed on its own (errors give its line numbers), relative to the current dir. */
  #include(path: string, state: LoadState, fail: (reason: string) => ConfigError): void {
    // SIMPLIFIED: Redis expands wildcards (include /etc/redis/*.conf); we only include single files.
    if (/[*?[]/.test(path)) throw fail('include with wildcards is not supported by tsredis');
    if (state.includeDepth >= MAX_INCLUDE_DEPTH) throw fail('too many nested include directives');
    const text = this.#readConfigFile(resolve(this.#values.dir, path));
    state.includeDepth++;
    try {
      this.#loadText(text, state);
    } finally {
      state.includeDepth--;
    }
  }

  #readConfigFile(path: string): string {
    try {
      return this.#readFile(path);
    } catch (err) {
      throw new ConfigError(`Fatal error, can't open config file '${path}': ${errnoText(err)}`);
    }
  }

  // --- storage ---

  #store(name: ParamName, value: unknown, rendered: string): void {
    // The spec registered under `name` produced `value`, so it has the type ConfigValues[name].
    (this.#values as Record<ParamName, unknown>)[name] = value;
    this.#rendered.set(name, rendered);
  }

  #restore<K extends ParamName>(name: K, from: ConfigValues): void {
    this.#values[name] = from[name];
  }

  #renderedOf(name: ParamName): string {
    return this.#rendered.get(name) ?? '';
  }

  #setListeners<K extends ParamName>(name: K, set: Set<ConfigListener<K>>): void {
    (this.#listeners as Record<K, Set<ConfigListener<K>>>)[name] = set;
  }

  #emit<K extends ParamName>(name: K, now: ConfigValues, previous: ConfigValues): void {
    const set: Set<ConfigListener<K>> | undefined = this.#listeners[name];
    if (set === undefined) return;
    for (const listener of [...set]) listener(now[name], previous[name]);
  }
}

function setFailed(name: string, reason: string): ConfigSetError {
  return new ConfigSetError(`ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`);
}
