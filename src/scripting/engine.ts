// The scripting engine: the script cache, running a script (EVAL) or a function (FCALL), and
// loading a function library.
// Mirrors: redis src/eval.c (evalGenericCommand, luaCreateFunction, scriptCommand's cache),
// src/script_lua.c (luaCallFunction), src/script.c (scriptPrepareForRun's checks) and
// src/function_lua.c (luaEngineLoadCode, luaEngineLoadHook, luaEngineCallFunction).
//
// A script runs inside one command handler, so atomicity is the event loop's: no other client's
// input is read until it returns, and keys it writes wake blocked clients only afterwards (the
// client loop serves ready keys after each command, as after EXEC). redis.call goes through the
// same lookup, arity check and handlers as a socket command, with a ScriptClient as `ctx`.
//
// Scripts run as a Lua coroutine (script-thread.ts) so that one past busy-reply-threshold can yield
// to the event loop and the server can answer BUSY and take SCRIPT KILL meanwhile (busy-script.ts);
// the command then returns a Suspension that settles with the script's reply (src/protocol/suspension.ts).
//
// The Lua state and the C functions the prelude calls back (redis.call and the rest) are in
// lua-bridge.ts, which ScriptingEngine extends.

import type { CommandContext } from '../commands/context.js';
import { ReplyError, masterDownError, oomError, readOnlyReplicaError } from '../errors.js';
import type { Reply } from '../protocol/reply.js';
import { LUA_MASKCOUNT, LUA_MASKLINE, LUA_REGISTRYINDEX, LUA_TFUNCTION, LUA_TSTRING, type LuaState } from './lua-runtime.js';
import { ScriptRun, notBusyError } from './busy-script.js';
import { FunctionRegistry } from './functions.js';
import { LuaBridge, sha1hex } from './lua-bridge.js';
import { pushStrings, type RunContext } from './script-call.js';
import { DEFAULT_SCRIPT_RESP, type ScriptThread } from './script-thread.js';
import { ScriptClient } from './script-client.js';
import { parseShebang, type ScriptFlags } from './shebang.js';

export { sha1hex, type ScriptLogLevel } from './lua-bridge.js';

/** How often the library-load hook looks at the clock (luaEngineCreate's lua_sethook count). */
const LOAD_HOOK_INSTRUCTIONS = 100000;


interface CachedScript {
  readonly body: Buffer;
  readonly flags: ScriptFlags;
}

export interface EvalOptions {
  /** EVAL_RO / EVALSHA_RO: write commands are refused. */
  readonly readOnly: boolean;
}

/** What the EVAL and SCRIPT commands need (ServerContext.scripting). */
export interface Scripting {
  eval(ctx: CommandContext, body: Buffer, keys: readonly Buffer[], args: readonly Buffer[], options: EvalOptions): Reply;
  evalSha(ctx: CommandContext, sha: string, keys: readonly Buffer[], args: readonly Buffer[], options: EvalOptions): Reply;
  /** The flags a cached script declares in its shebang; undefined when it has none or is not cached. */
  declaredFlags(sha: string): ScriptFlags | undefined;
  /** SCRIPT LOAD: compile and cache; returns the sha1 (throws the compile error). */
  load(body: Buffer): string;
  exists(sha: string): boolean;
  flush(): void;
  /** True while a script runs (SCRIPT KILL, INFO). */
  readonly running: boolean;
  /** SCRIPT KILL (`byEval`) / FUNCTION KILL: stop the busy script (busy-script.ts). */
  kill(byEval: boolean): Reply;
  /** The script running now, if any (FUNCTION STATS; only visible while busy). */
  readonly currentRun: ScriptRun | undefined;
  /** INFO memory's number_of_cached_scripts. */
  readonly cachedScripts: number;
  /** FUNCTION's libraries (functions.ts). */
  readonly functions: FunctionRegistry;
  /** FCALL / FCALL_RO. */
  callFunction(
    ctx: CommandContext, fn: RegisteredFunction, keys: readonly Buffer[], args: readonly Buffer[], readOnly: boolean, argv: readonly Buffer[],
  ): Reply;
}

/** A function a library registered (redis.register_function), as the Lua side handed it over. */
export interface RegisteredFunction {
  /** The callback's slot in the Lua state. */
  readonly id: number;
  readonly name: string;
  readonly description: string | null;
  /** Lowercase flag names as given (no-writes, allow-oom, allow-stale, no-cluster, allow-cross-slot-keys). */
  readonly flags: readonly string[];
}

export class ScriptingEngine extends LuaBridge implements Scripting {
  /** The library-load count hook (a WebAssembly function-table slot, made once) and its deadline. */
  private loadHook: number | undefined;
  private loadDeadline = 0;
  private readonly scripts = new Map<string, CachedScript>();
  readonly functions: FunctionRegistry = new FunctionRegistry(this);

  get running(): boolean {
    return this.current !== undefined;
  }

  get currentRun(): ScriptRun | undefined {
    return this.current?.watch;
  }

  kill(byEval: boolean): Reply {
    const run = this.currentRun;
    if (run === undefined) throw notBusyError();
    return run.kill(byEval);
  }

  get cachedScripts(): number {
    return this.scripts.size;
  }

  // --- Cache ---

  load(body: Buffer): string {
    const sha = sha1hex(body);
    if (this.scripts.has(sha)) return sha;
    const flags = parseShebang(body);
    const lua = this.state();
    const L = lua.L;
    const m = lua.m;
    m._lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(this.refs.compile));
    lua.pushText(L, `f_${sha}`);
    // The shebang line stays, turned into a comment, so line numbers in errors match Redis.
    lua.pushBytes(L, flags.shebangLength > 0 ? Buffer.concat([Buffer.from('--'), body.subarray(2)]) : body);
    if (m._lua_pcallk(L, 2, 1, 0, 0, 0) !== 0 || m._lua_type(L, -1) === LUA_TSTRING) {
      const message = lua.toBytes(L, -1).toString('latin1');
      m._lua_settop(L, 0);
      throw new ReplyError(`ERR Error compiling script (new function): ${message}`.replace(/[\r\n]/g, ' '));
    }
    m._lua_settop(L, 0);
    this.scripts.set(sha, { body, flags });
    return sha;
  }

  exists(sha: string): boolean {
    return this.scripts.has(sha.toLowerCase());
  }

  declaredFlags(sha: string): ScriptFlags | undefined {
    // Clients send SHA1s in lowercase (as SCRIPT LOAD replies them): lowercase only on a miss.
    const flags = (this.scripts.get(sha) ?? this.scripts.get(sha.toLowerCase()))?.flags;
    return flags === undefined || flags.shebangLength === 0 ? undefined : flags;
  }

  /** SCRIPT FLUSH: forget every script (Redis also recreates the Lua state; ours has no user globals). */
  flush(): void {
    this.scripts.clear();
    const lua = this.vm;
    if (lua === undefined) return;
    lua.m._lua_rawgeti(lua.L, LUA_REGISTRYINDEX, BigInt(this.refs.flush));
    lua.m._lua_pcallk(lua.L, 0, 0, 0, 0, 0);
    lua.m._lua_settop(lua.L, 0);
  }

  // --- Running ---

  eval(ctx: CommandContext, body: Buffer, keys: readonly Buffer[], args: readonly Buffer[], options: EvalOptions): Reply {
    const sha = this.load(body);
    return this.evalSha(ctx, sha, keys, args, options);
  }

  evalSha(ctx: CommandContext, sha: string, keys: readonly Buffer[], args: readonly Buffer[], options: EvalOptions): Reply {
    const id = sha.toLowerCase();
    const script = this.scripts.get(id);
    if (script === undefined) throw new ReplyError('NOSCRIPT No matching script. Please use EVAL.');
    // A script without a shebang runs in eval compatibility mode: its flags are not checked up front,
    // but it does not start on a stale replica (EVAL itself is flagged stale; scriptPrepareForRun).
    if (script.flags.shebangLength > 0) this.checkDeclaredFlags(ctx, script.flags.noWrites, script.flags.allowOom, options.readOnly);
    else if (this.runningStale(ctx)) throw masterDownError();
    return this.run(ctx, id, true, [], options.readOnly || script.flags.noWrites, script.flags.allowOom, (lua, L) => {
      lua.m._lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(this.refs.run));
      lua.pushText(L, `f_${id}`);
      pushStrings(lua, L, keys);
      pushStrings(lua, L, args);
      return 3;
    });
  }

  /**
   * Run Lua code for a command in the script coroutine: what `push` puts on the stack (a function
   * and its arguments; it returns how many arguments), under the error handler, with the script
   * client in place. `label` names the script in error replies: the sha1 for EVAL, the function
   * name for FCALL. Returns the reply, or a Suspension when the script went busy and yielded.
   */
  private run(
    ctx: CommandContext, label: string, isEval: boolean, argv: readonly Buffer[], readOnly: boolean, allowOom: boolean,
    push: (lua: LuaState, L: number) => number,
  ): Reply {
    if (this.current !== undefined) throw new ReplyError('ERR This Redis command is not allowed from script');
    this.state();
    const thread = this.thread as ScriptThread;
    const client = new ScriptClient(ctx);
    client.resp = DEFAULT_SCRIPT_RESP;
    const watch = new ScriptRun(label, isEval, argv, performance.now(), Number(this.server.config.get('busy-reply-threshold')));
    const context: RunContext = { sha: label, client, readOnly, dirtyAtStart: this.server.dirty, allowOom, watch };
    return thread.start(context, ctx.suspendable === true, push);
  }

  /** The server is going away while a script is busy (SHUTDOWN NOSAVE): see ScriptThread.abandon. */
  abandonBusy(): void {
    this.thread?.abandon();
  }

  /**
   * The checks a script that declares its flags (a shebang, or a function) meets before it starts
   * (scriptPrepareForRun). Dispatch has already refused it for the server's state as the command
   * its flags make it (src/scripting/script-flags.ts): out of memory (unless allow-oom; no-writes
   * implies it), a failed save or AOF write, too few good replicas, a read-only replica; so for a
   * client these repeat that, and what is left is the refusal from EVAL_RO/FCALL_RO. Internal
   * callers (AOF loading, fixtures: no user) are not refused for the server's state.
   */
  private checkDeclaredFlags(ctx: CommandContext, noWrites: boolean, allowOom: boolean, readOnlyCommand: boolean): void {
    if (noWrites) return;
    if (!allowOom && this.server.preCommandOomState && this.server.config.values.maxmemory !== 0) throw oomError();
    if (ctx.user !== undefined) {
      const refused = this.server.writeRefusal();
      if (refused !== undefined) throw refused;
    }
    if (this.server.replicaSide.refusesClientWrites) throw readOnlyReplicaError();
    if (readOnlyCommand) throw new ReplyError('ERR Can not execute a script with write flag using *_ro command.');
  }

  /**
   * A replica whose link is down with replica-serve-stale-data no, and a caller that is a client (not
   * the master's stream, not AOF loading). Scripts that declare flags are refused for it by dispatch,
   * unless they declare allow-stale (src/scripting/script-flags.ts).
   */
  private runningStale(ctx: CommandContext): boolean {
    const link = this.server.replicaSide.link;
    if (link === undefined || link.linkUp || link.applying || ctx.user === undefined) return false;
    return !this.server.config.get('replica-serve-stale-data');
  }

  // --- Functions (FUNCTION LOAD / FCALL; the library registry is functions.ts) ---

  /**
   * Run a library's code so it registers its functions. Throws the load error as Redis words it
   * (compile error, error while registering); returns what was registered, possibly nothing.
   */
  loadLibrary(code: Buffer, timeoutMs = 0): RegisteredFunction[] {
    if (this.current !== undefined) throw new ReplyError('ERR This Redis command is not allowed from script');
    const lua = this.state();
    const L = lua.L;
    const m = lua.m;
    const fail = (): never => {
      const message = m._lua_type(L, -1) === LUA_TSTRING ? lua.toBytes(L, -1).toString('latin1') : 'Error registering functions';
      throw new ReplyError(`ERR ${message}`.replace(/[\r\n]/g, ' '));
    };
    this.registering = [];
    try {
      m._lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(this.refs.libCompile));
      // The shebang line becomes a comment, so line numbers in errors match Redis.
      lua.pushBytes(L, Buffer.concat([Buffer.from('--'), code.subarray(2)]));
      if (m._lua_pcallk(L, 1, 2, 0, 0, 0) !== 0 || m._lua_type(L, -2) !== LUA_TFUNCTION) fail();
      m._lua_settop(L, -2);
      // luaEngineLoadHook: every LOAD_HOOK_INSTRUCTIONS instructions, look at the time; past the
      // timeout, raise on every line so the code cannot carry on (FUNCTION LOAD timeout).
      if (timeoutMs > 0) {
        this.loadDeadline = performance.now() + timeoutMs;
        this.loadHook ??= m.addFunction((l: number) => {
          this.bridgeLoadHook(l);
          return 0;
        }, 'vii');
        m._lua_sethook(L, this.loadHook, LUA_MASKCOUNT, LOAD_HOOK_INSTRUCTIONS);
      }
      const status = m._lua_pcallk(L, 0, 0, 0, 0, 0);
      if (timeoutMs > 0) m._lua_sethook(L, 0, 0, 0);
      const errorAt = status === 0 ? 0 : m._lua_gettop(L);
      m._lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(this.refs.libFinish));
      m._lua_pushboolean(L, status === 0 ? 1 : 0);
      if (errorAt === 0) m._lua_pushnil(L);
      else m._lua_pushvalue(L, errorAt);
      if (m._lua_pcallk(L, 2, 1, 0, 0, 0) !== 0 || m._lua_type(L, -1) === LUA_TSTRING) fail();
      return this.registering;
    } finally {
      m._lua_settop(L, 0);
      this.registering = [];
    }
  }

  /** The count hook of a library load (see loadLibrary). */
  private bridgeLoadHook(L: number): void {
    const lua = this.vm;
    if (lua === undefined || performance.now() <= this.loadDeadline || this.loadHook === undefined) return;
    const m = lua.m;
    m._lua_sethook(L, this.loadHook, LUA_MASKLINE, 0);
    m._lua_createtable(L, 0, 1);
    lua.pushText(L, 'err');
    lua.pushText(L, 'ERR FUNCTION LOAD timeout');
    m._lua_rawset(L, -3);
    m._lua_error(L);
  }

  /** Forget a registered callback (its library was deleted or replaced, or the load failed later). */
  freeFunction(id: number): void {
    const lua = this.vm;
    if (lua === undefined) return;
    lua.m._lua_rawgeti(lua.L, LUA_REGISTRYINDEX, BigInt(this.refs.fnFree));
    lua.m._lua_pushinteger(lua.L, BigInt(id));
    lua.m._lua_pcallk(lua.L, 1, 0, 0, 0, 0);
    lua.m._lua_settop(lua.L, 0);
  }

  /** FCALL / FCALL_RO: the callback runs as callback(KEYS, ARGV); errors name the function. */
  callFunction(
    ctx: CommandContext, fn: RegisteredFunction, keys: readonly Buffer[], args: readonly Buffer[], readOnly: boolean, argv: readonly Buffer[],
  ): Reply {
    const noWrites = fn.flags.includes('no-writes');
    const allowOom = fn.flags.includes('allow-oom');
    this.checkDeclaredFlags(ctx, noWrites, allowOom, readOnly);
    return this.run(ctx, fn.name, false, argv, readOnly || noWrites, allowOom, (lua, L) => {
      lua.m._lua_rawgeti(L, LUA_REGISTRYINDEX, BigInt(this.refs.fnCall));
      lua.m._lua_pushinteger(L, BigInt(fn.id));
      pushStrings(lua, L, keys);
      pushStrings(lua, L, args);
      return 3;
    });
  }

}
