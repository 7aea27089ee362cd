// Redis 7 functions: the library registry behind FUNCTION LOAD/DELETE/FLUSH/LIST/STATS/DUMP/RESTORE
// and FCALL. Mirrors: redis src/functions.c (functionsCreateWithLibraryCtx, functionExtractLibMetaData,
// libraryJoin, functionListCommand, functionDumpCommand, functionRestoreCommand) and the RDB half
// of src/rdb.c (rdbSaveFunctions, rdbFunctionLoad).
//
// A library is a piece of Lua source whose first line names it (`#!lua name=mylib`). Loading it runs
// the code once, in a sandbox where only redis.register_function and redis.log exist (engine.ts and
// the prelude); each registered function then lives in one server-wide namespace, looked up without
// regard to case as Redis's dict does, and FCALL runs it as callback(KEYS, ARGV). Libraries are
// replaced or deleted whole. The registry keeps the source, which is what DUMP serialises: one
// RDB FUNCTION2 record per library, then Redis's DUMP footer (RDB version, CRC-64).

import { ReplyError } from '../errors.js';
import { map, set, status, type Reply } from '../protocol/reply.js';
import { ByteSink } from '../persistence/rdb/byte-sink.js';
import { RDB_OPCODE_FUNCTION2, RDB_VERSION } from '../persistence/rdb/constants.js';
import { Crc64, crc64 } from '../persistence/rdb/crc64.js';
import { writeBlob } from '../persistence/rdb/object-writer.js';
import { RdbFormatError, RdbInput } from '../persistence/rdb/rdb-input.js';
import { globMatch } from '../util/glob.js';
import type { RegisteredFunction } from './engine.js';
import { SLOW_EVAL_ERROR, type ScriptRun } from './busy-script.js';

/** What the registry needs from the Lua engine. */
export interface FunctionHost {
  /** Run a library's code; past `timeoutMs` (0: no limit) it fails with FUNCTION LOAD timeout. */
  loadLibrary(code: Buffer, timeoutMs?: number): RegisteredFunction[];
  freeFunction(id: number): void;
}

export interface Library {
  readonly name: string;
  readonly code: Buffer;
  readonly functions: readonly RegisteredFunction[];
}

export interface FunctionEntry {
  readonly fn: RegisteredFunction;
  readonly library: Library;
}

/** scripts_flags_def order: FUNCTION LIST prints a function's flags in it. */
const FLAG_ORDER = ['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'];

const ENGINE_NAME = 'LUA';
const NAME_RULE_ERROR = 'ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long';
const VALID_NAME = /^[A-Za-z0-9_]+$/;

/** FUNCTION LOAD's limit on running a library's code (functions.c LOAD_TIMEOUT_MS). */
export const LOAD_TIMEOUT_MS = 500;

export type RestorePolicy = 'FLUSH' | 'APPEND' | 'REPLACE';

/**
 * The shebang of a library (functionExtractLibMetaData): `#!<engine> name=<name>` up to the first
 * newline. Returns the engine as written and the library name, or throws Redis's error.
 */
export function parseLibraryMetadata(code: Buffer): { engine: string; name: string } {
  if (code.length < 2 || code[0] !== 0x23 || code[1] !== 0x21) throw new ReplyError('ERR Missing library metadata');
  const newline = code.indexOf(0x0a);
  if (newline === -1) throw new ReplyError('ERR Invalid library metadata');
  const parts = code.latin1Slice(0, newline).split(/[ \t\r\v\f]+/).filter((part) => part !== '');
  const engine = (parts[0] ?? '').slice(2);
  let name: string | undefined;
  for (const part of parts.slice(1)) {
    if (part.toLowerCase().startsWith('name=')) {
      if (name !== undefined) throw new ReplyError('ERR Invalid metadata value, name argument was given multiple times');
      name = part.slice('name='.length);
      continue;
    }
    throw new ReplyError(`ERR Invalid metadata value given: ${part}`);
  }
  if (name === undefined) throw new ReplyError('ERR Library name was not given');
  return { engine, name };
}

export class FunctionRegistry {
  private readonly libraries = new Map<string, Library>();
  /** Every function by lowercased name (Redis's functions dict compares names without case). */
  private readonly functions = new Map<string, FunctionEntry>();

  constructor(private readonly host: FunctionHost) {}

  get libraryCount(): number {
    return this.libraries.size;
  }

  get functionCount(): number {
    return this.functions.size;
  }

  /** FCALL's lookup. */
  get(name: string): FunctionEntry | undefined {
    return this.functions.get(name.toLowerCase());
  }

  /**
   * FUNCTION LOAD [REPLACE]: returns the library name. The command passes LOAD_TIMEOUT_MS; loading
   * from an RDB or AOF runs without a limit, as in Redis.
   */
  load(code: Buffer, replace: boolean, timeoutMs = 0): string {
    const library = this.compile(code, replace, timeoutMs);
    const old = this.libraries.get(library.name);
    try {
      this.checkCollisions([library], old === undefined ? [] : [old]);
    } catch (err) {
      this.release(library);
      throw err;
    }
    if (old !== undefined) this.remove(old);
    this.add(library);
    return library.name;
  }

  /** Parse, check and run a library's code; nothing is registered yet. */
  private compile(code: Buffer, replace: boolean, timeoutMs: number): Library {
    const { engine, name } = parseLibraryMetadata(code);
    if (engine.toUpperCase() !== ENGINE_NAME) throw new ReplyError(`ERR Engine '${engine}' not found`);
    if (!VALID_NAME.test(name)) throw new ReplyError(NAME_RULE_ERROR);
    if (!replace && this.libraries.has(name)) throw new ReplyError(`ERR Library '${name}' already exists`);
    const functions = this.host.loadLibrary(code, timeoutMs);
    if (functions.length === 0) throw new ReplyError('ERR No functions registered');
    return { name, code: Buffer.from(code), functions };
  }

  /** A function of `incoming` whose name another library (not among `leaving`) already has. */
  private checkCollisions(incoming: readonly Library[], leaving: readonly Library[]): void {
    const seen = new Set<string>();
    for (const library of incoming) {
      for (const fn of library.functions) {
        const key = fn.name.toLowerCase();
        const owner = this.functions.get(key)?.library;
        if ((owner !== undefined && !leaving.includes(owner)) || seen.has(key)) {
          throw new ReplyError(`ERR Function ${fn.name} already exists`);
        }
        seen.add(key);
      }
    }
  }

  private add(library: Library): void {
    this.libraries.set(library.name, library);
    for (const fn of library.functions) this.functions.set(fn.name.toLowerCase(), { fn, library });
  }

  private remove(library: Library): void {
    this.libraries.delete(library.name);
    for (const fn of library.functions) this.functions.delete(fn.name.toLowerCase());
    this.release(library);
  }

  private release(library: Library): void {
    for (const fn of library.functions) this.host.freeFunction(fn.id);
  }

  /** FUNCTION DELETE. */
  delete(name: string): void {
    const library = this.libraries.get(name);
    if (library === undefined) throw new ReplyError('ERR Library not found');
    this.remove(library);
  }

  /** FUNCTION FLUSH. */
  flush(): void {
    for (const library of [...this.libraries.values()]) this.remove(library);
  }

  /** FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE]. */
  list(pattern: Buffer | undefined, withCode: boolean): Reply {
    const out: Reply[] = [];
    for (const library of this.libraries.values()) {
      if (pattern !== undefined && !globMatch(pattern, Buffer.from(library.name, 'latin1'), true)) continue;
      const functions = library.functions.map((fn) =>
        map([
          'name', fn.name,
          'description', fn.description,
          'flags', set(FLAG_ORDER.filter((flag) => fn.flags.includes(flag)).map((flag) => status(flag))),
        ]),
      );
      const items: Reply[] = ['library_name', library.name, 'engine', ENGINE_NAME, 'functions', functions];
      if (withCode) items.push('library_code', library.code);
      out.push(map(items));
    }
    return out;
  }

  /**
   * FUNCTION STATS: the running function (seen only while one is busy: functionStatsCommand) and
   * the engine's counts. While an EVAL is busy, Redis answers with the EVAL's BUSY error.
   */
  stats(running: ScriptRun | undefined, now: number): Reply {
    if (running !== undefined && running.isEval) throw SLOW_EVAL_ERROR;
    return map([
      'running_script', running === undefined ? null : running.describe(now),
      'engines', map([ENGINE_NAME, map(['libraries_count', this.libraryCount, 'functions_count', this.functionCount])]),
    ]);
  }

  // --- DUMP / RESTORE ---

  /** FUNCTION DUMP: FUNCTION2 records, then the RDB version and CRC-64 (as DUMP's footer). */
  dump(): Buffer {
    const sink = new ByteSink(undefined);
    for (const library of this.libraries.values()) {
      sink.byte(RDB_OPCODE_FUNCTION2);
      writeBlob(sink, library.code, true);
    }
    const body = Buffer.concat(sink.take());
    const out = Buffer.alloc(body.length + 10);
    body.copy(out, 0);
    out.writeUInt16LE(RDB_VERSION, body.length);
    new Crc64().update(out, 0, body.length + 2).bytesLE().copy(out, body.length + 2);
    return out;
  }

  /** FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE]: all libraries or none. */
  restore(payload: Buffer, policy: RestorePolicy): void {
    const footer = payload.length - 10;
    if (
      footer < 0 ||
      payload.readUInt16LE(footer) > RDB_VERSION ||
      crc64(payload, 0, footer + 2) !== payload.readBigUInt64LE(footer + 2)
    ) {
      throw new ReplyError('ERR DUMP payload version or checksum are wrong');
    }
    const codes: Buffer[] = [];
    try {
      const input = new RdbInput(payload.subarray(0, footer));
      while (input.pos < input.data.length) {
        if (input.byte() !== RDB_OPCODE_FUNCTION2) throw new ReplyError('ERR given type is not a function');
        codes.push(input.stringBytes());
      }
    } catch (err) {
      if (err instanceof RdbFormatError) throw new ReplyError('ERR payload is corrupted');
      throw err;
    }
    const incoming: Library[] = [];
    try {
      for (const code of codes) {
        const library = this.compile(code, true, 0);
        incoming.push(library);
        if (incoming.filter((other) => other.name === library.name).length > 1) {
          throw new ReplyError(`ERR Library ${library.name} already exists`);
        }
      }
      const leaving: Library[] = [];
      if (policy === 'FLUSH') leaving.push(...this.libraries.values());
      for (const library of incoming) {
        const old = this.libraries.get(library.name);
        if (old === undefined || leaving.includes(old)) continue;
        if (policy === 'APPEND') throw new ReplyError(`ERR Library ${library.name} already exists`);
        leaving.push(old);
      }
      this.checkCollisions(incoming, leaving);
      for (const old of leaving) this.remove(old);
    } catch (err) {
      for (const library of incoming) this.release(library);
      throw err;
    }
    for (const library of incoming) this.add(library);
  }
}
