// One server's Lua state and the bridge between it and the server: the state is made on first use
// from the prelude (prelude.ts), which is handed the C functions it wraps as redis.call / redis.pcall,
// redis.sha1hex, redis.log, redis.setresp and redis.register_function, and returns its entry points
// (compile, run, flush, the library loader, the function caller), kept as registry references.
// Mirrors: redis src/script_lua.c (luaRegisterRedisAPI, luaRedisGenericCommand, luaRedisSha1hexCommand,
// luaLogCommand, luaSetResp) and src/function_lua.c (luaRegisterFunction, luaEngineCreate).
//
// ScriptingEngine (engine.ts) extends this class with the script cache, EVAL and FCALL.

import { createHash } from 'node:crypto';
import type { ServerContext } from '../commands/context.js';
import { ReplyError } from '../errors.js';
import type { Reply } from '../protocol/reply.js';
import { pushReply } from './convert.js';
import type { RegisteredFunction } from './engine.js';
import { LUA_REGISTRYINDEX, LUA_TSTRING, LuaRuntimeHandle, LuaState } from './lua-runtime.js';
import { PRELUDE_CHUNK, PRELUDE_SOURCE } from './prelude.js';
import { bridgeWrap, scriptCall, type RunContext } from './script-call.js';
import { DEFAULT_SCRIPT_RESP, ScriptThread } from './script-thread.js';

export type ScriptLogLevel = 'debug' | 'verbose' | 'notice' | 'warning';
const LOG_LEVELS: readonly ScriptLogLevel[] = ['debug', 'verbose', 'notice', 'warning'];

export function sha1hex(bytes: Buffer | string): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** The Lua state, its prelude's entry points, and the C functions the prelude calls back. */
export class LuaBridge {
  protected vm: LuaState | undefined;
  protected refs = { compile: 0, run: 0, errh: 0, flush: 0, libCompile: 0, libFinish: 0, fnCall: 0, fnFree: 0, xrun: 0 };
  /** The coroutine scripts run in, with its count hook (script-thread.ts); made with the state. */
  protected thread: ScriptThread | undefined;
  /** Functions handed over by js_register during one FUNCTION LOAD. */
  protected registering: RegisteredFunction[] = [];
  /** This server's hold on the Lua module: loading in the background, loaded, or failed (lua-runtime.ts). */
  readonly runtime: LuaRuntimeHandle = new LuaRuntimeHandle((message) =>
    this.log('warning', `Failed to load the Lua runtime, scripting is unavailable: ${message}`),
  );

  constructor(
    protected readonly server: ServerContext,
    protected readonly log: (level: ScriptLogLevel, message: string) => void,
  ) {}

  /** redis.call's context: the script running now, if any. */
  protected get current(): RunContext | undefined {
    return this.thread?.current;
  }

  // --- The Lua state ---

  protected state(): LuaState {
    if (this.vm !== undefined) return this.vm;
    const m = this.runtime.module();
    const lua = new LuaState(m);
    const L = lua.L;
    const failed = lua.load(L, Buffer.from(PRELUDE_SOURCE, 'latin1'), PRELUDE_CHUNK);
    if (failed !== undefined) throw new Error(`scripting prelude does not compile: ${failed}`);
    m._lua_pushcclosure(L, m.addFunction((l: number) => this.bridgeCall(l, true), 'ii'), 0);
    m._lua_pushcclosure(L, m.addFunction((l: number) => this.bridgeCall(l, false), 'ii'), 0);
    m._lua_pushcclosure(L, m.addFunction((l: number) => this.bridgeSha1(l), 'ii'), 0);
    m._lua_pushcclosure(L, m.addFunction((l: number) => this.bridgeLog(l), 'ii'), 0);
    m._lua_pushcclosure(L, m.addFunction((l: number) => this.bridgeSetResp(l), 'ii'), 0);
    m._lua_pushcclosure(L, m.addFunction((l: number) => bridgeWrap(m, l), 'ii'), 0);
    m._lua_pushlightuserdata(L, 0); // cjson.null: a NULL light userdata, as lua_cjson makes it
    m._lua_pushcclosure(L, m.addFunction((l: number) => this.bridgeRegister(l), 'ii'), 0);
    if (m._lua_pcallk(L, 8, 1, 0, 0, 0) !== 0) {
      throw new Error(`scripting prelude failed: ${lua.toBytes(L, -1).toString('latin1')}`);
    }
    const internal = m._lua_gettop(L);
    const ref = (name: string): number => {
      lua.pushText(L, name);
      m._lua_rawget(L, internal);
      return m._luaL_ref(L, LUA_REGISTRYINDEX);
    };
    this.refs = {
      compile: ref('compile'), run: ref('run'), errh: ref('errh'), flush: ref('flush'),
      libCompile: ref('lib_compile'), libFinish: ref('lib_finish'), fnCall: ref('fn_call'), fnFree: ref('fn_free'),
      xrun: ref('xrun'),
    };
    m._lua_settop(L, 0);
    this.thread = new ScriptThread(lua, this.refs.xrun, this.server, (message) => this.log('warning', message));
    this.vm = lua;
    return lua;
  }

  // --- The bridge: C functions the prelude wraps as redis.call/pcall, sha1hex, log, setresp, register_function ---

  /**
   * redis.call / redis.pcall (cmd, args...): run one command and return its reply converted. A
   * failure is an error table, raised with lua_error by redis.call (Lua's longjmp unwinds through
   * this frame as a WebAssembly exception) and returned by redis.pcall. JS errors never escape.
   */
  private bridgeCall(L: number, raise: boolean): number {
    const lua = this.vm;
    const run = this.current;
    if (lua === undefined) return 0;
    const m = lua.m;
    let reply: Reply;
    try {
      reply = run === undefined ? new ReplyError('ERR redis.call is only available while a script runs') : scriptCall(this.server, lua, L, run);
    } catch (err) {
      reply = err instanceof ReplyError ? err : new ReplyError(`ERR internal error in script call: ${String(err)}`);
    }
    m._lua_settop(L, 0);
    pushReply(lua, L, reply, run?.client.resp ?? DEFAULT_SCRIPT_RESP);
    if (raise && reply instanceof ReplyError) return m._lua_error(L);
    return 1;
  }

  private bridgeSha1(L: number): number {
    const lua = this.vm;
    if (lua === undefined) return 0;
    const hex = sha1hex(lua.toBytes(L, 1));
    lua.pushText(L, hex);
    return 1;
  }

  private bridgeLog(L: number): number {
    const lua = this.vm;
    if (lua === undefined) return 0;
    const level = LOG_LEVELS[Number(lua.m._lua_tointegerx(L, 1, 0))] ?? 'notice';
    this.log(level, lua.toBytes(L, 2).toString('latin1'));
    return 0;
  }

  private bridgeSetResp(L: number): number {
    const lua = this.vm;
    const run = this.current;
    if (lua !== undefined && run !== undefined) run.client.resp = lua.m._lua_tointegerx(L, 1, 0) === 3n ? 3 : 2;
    return 0;
  }

  /** js_register(id, name, description or false, "flag,flag"): one function of the library being loaded. */
  private bridgeRegister(L: number): number {
    const lua = this.vm;
    if (lua === undefined) return 0;
    const m = lua.m;
    const flags = lua.toBytes(L, 4).toString('latin1');
    this.registering.push({
      id: Number(m._lua_tointegerx(L, 1, 0)),
      name: lua.toBytes(L, 2).toString('latin1'),
      description: m._lua_type(L, 3) === LUA_TSTRING ? lua.toBytes(L, 3).toString('latin1') : null,
      flags: flags === '' ? [] : flags.split(','),
    });
    return 0;
  }
}
