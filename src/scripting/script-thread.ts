// The coroutine every script runs in, and the count hook that watches it.
// Mirrors: redis src/script_lua.c (luaCallFunction, luaMaskCountHook) and src/script.c
// (scriptInterrupt's "process events while blocked", done here by yielding instead).
//
// A script is resumed with lua_resume on the prelude's `xrun(f, ...)` (an xpcall under the error
// handler), so the count hook may yield anywhere in Lua code. Before busy-reply-threshold the hook
// only reads the clock; past it the run is busy: the hook yields at every count, `start` returns a
// Suspension, and each slice resumes after an event-loop turn (setImmediate) until the script
// returns or a SCRIPT KILL makes the hook raise (busy-script.ts decides which).

import type { ServerContext } from '../commands/context.js';
import type { Reply } from '../protocol/reply.js';
import { Suspension } from '../protocol/suspension.js';
import { HOOK_INSTRUCTIONS, KILLED_MESSAGE, type ScriptRun } from './busy-script.js';
import { luaToReply } from './convert.js';
import { LUA_MASKCOUNT, LUA_MASKLINE, LUA_OK, LUA_REGISTRYINDEX, LUA_YIELD, type LuaState } from './lua-runtime.js';
import { runErrorReply, type RunContext } from './script-call.js';

/** The protocol a script's redis.call sees before redis.setresp. */
export const DEFAULT_SCRIPT_RESP = 2;

export class ScriptThread {
  /** The coroutine (a lua_State of its own, anchored in the registry). */
  private readonly T: number;
  /** lua_resume's result-count cell. */
  private readonly nresCell: number;
  /** The count hook (a WebAssembly function-table slot, made once). */
  private readonly hook: number;
  /** The run in progress (redis.call's context), or undefined between scripts. */
  private context: RunContext | undefined;
  /** Settles with the reply of a run that yielded (it is busy); undefined otherwise. */
  private suspension: Suspension | undefined;
  /** Whether the running script may yield: only under a socket client's command (ctx.suspendable). */
  private mayYield = false;

  constructor(
    private readonly lua: LuaState,
    /** The registry reference of the prelude's xrun. */
    private readonly xrunRef: number,
    private readonly server: ServerContext,
    private readonly log: (message: string) => void,
  ) {
    const m = lua.m;
    this.T = m._lua_newthread(lua.L);
    m._luaL_ref(lua.L, LUA_REGISTRYINDEX);
    this.nresCell = m._malloc(4);
    this.hook = m.addFunction((l: number) => {
      this.onHook(l);
      return 0;
    }, 'vii');
    m._lua_sethook(this.T, this.hook, LUA_MASKCOUNT, HOOK_INSTRUCTIONS);
  }

  /** The script running now (redis.call's context), if any. */
  get current(): RunContext | undefined {
    return this.context;
  }

  /**
   * Run what `push` puts on the coroutine's stack (a function and its arguments; it returns how
   * many arguments) for a command: its reply, or a Suspension when the script went busy.
   */
  start(context: RunContext, mayYield: boolean, push: (lua: LuaState, L: number) => number): Reply {
    const lua = this.lua;
    this.context = context;
    this.mayYield = mayYield;
    lua.m._lua_settop(this.T, 0);
    lua.m._lua_rawgeti(this.T, LUA_REGISTRYINDEX, BigInt(this.xrunRef));
    const nargs = push(lua, this.T) + 1;
    return this.resume(nargs);
  }

  /** Resume the coroutine: the reply when the script ends, the Suspension while it yields. */
  private resume(nargs: number): Reply {
    const lua = this.lua;
    const T = this.T;
    const m = lua.m;
    const status = m._lua_resume(T, lua.L, nargs, this.nresCell);
    if (status === LUA_YIELD) {
      if (this.suspension === undefined) {
        this.suspension = new Suspension();
        this.server.busyScript = this.context?.watch;
      }
      setImmediate(() => this.continueBusy());
      return this.suspension;
    }
    const run = this.context;
    try {
      if (status === LUA_OK) {
        // xrun's results: ok, then the script's first result (none: nil) or the error table.
        if (m._lua_gettop(T) < 2) m._lua_settop(T, 2);
        // The script's protocol (redis.setresp), not the caller's, decides how booleans convert (luaReplyToRedisReply).
        if (m._lua_toboolean(T, 1) !== 0) return luaToReply(lua, T, 2, run?.client.resp ?? DEFAULT_SCRIPT_RESP);
        m._lua_settop(T, 2);
        return runErrorReply(lua, T, run?.sha ?? '');
      }
      // An error outside xpcall (the handler itself failed, out of memory): the coroutine is dead.
      const reply = runErrorReply(lua, T, run?.sha ?? '');
      m._lua_resetthread(T);
      return reply;
    } finally {
      this.reset();
    }
  }

  /** Ready for the next script: empty stack, the count hook back (a killed run left it on every line). */
  private reset(): void {
    const m = this.lua.m;
    m._lua_settop(this.T, 0);
    m._lua_sethook(this.T, this.hook, LUA_MASKCOUNT, HOOK_INSTRUCTIONS);
    this.context = undefined;
  }

  /** The next slice of a busy script, after the event loop had its turn; settles the suspension at the end. */
  private continueBusy(): void {
    const suspension = this.suspension;
    if (suspension === undefined) return;
    const reply = this.resume(0);
    if (reply === suspension) return;
    this.suspension = undefined;
    this.server.busyScript = undefined;
    suspension.resolve(reply);
  }

  /**
   * The server is going away while a script is busy (SHUTDOWN NOSAVE): drop the coroutine. Its
   * caller never gets a reply, as in Redis, where the process exits under it.
   */
  abandon(): void {
    if (this.suspension === undefined) return;
    this.suspension = undefined;
    this.server.busyScript = undefined;
    this.lua.m._lua_resetthread(this.T);
    this.reset();
  }

  /** luaMaskCountHook: time out, yield while busy, or die when killed. */
  private onHook(L: number): void {
    const run: ScriptRun | undefined = this.context?.watch;
    if (run === undefined) return;
    const lua = this.lua;
    const m = lua.m;
    const action = run.check(performance.now(), this.log);
    if (action === 'continue') return;
    if (action === 'kill') {
      // From now on at every line: a pcall that catches the error meets it again at once.
      m._lua_sethook(L, this.hook, LUA_MASKLINE, 0);
      m._lua_createtable(L, 0, 1);
      lua.pushText(L, 'err');
      lua.pushText(L, KILLED_MESSAGE);
      m._lua_rawset(L, -3);
      m._lua_error(L);
      return;
    }
    // Inside a C call (a sort comparator, a gsub callback) Lua cannot yield: try again at the next hook.
    if (this.mayYield && m._lua_isyieldable(L) !== 0) m._lua_yieldk(L, 0, 0, 0);
  }
}
