// The path of one redis.call, and the error reply of a script that failed.
// Mirrors: redis src/script.c (scriptCall: the ACL-free half of its checks, scriptVerifyOOM),
// src/script_lua.c (luaRedisGenericCommand's argument conversion, luaCallFunction's error reply)
// and the C-frame trick every Redis API function gets for free by being written in C (js_wrap).

import type { ServerContext } from '../commands/context.js';
import { ReplyError, oomError, readOnlyReplicaError } from '../errors.js';
import type { Reply } from '../protocol/reply.js';
import { lookupCommand } from '../server/dispatch.js';
import { CALL_FULL, callHandler, type CallServer } from '../server/call.js';
import { feedMonitorLine, formatMonitorLine, redactArgv } from '../server/monitor.js';
import { scriptAclRefusal } from '../acl/enforce.js';
import { LUA_FIRST_UPVALUE, LUA_MULTRET, LUA_TNUMBER, LUA_TSTRING, type LuaModule, type LuaState } from './lua-runtime.js';
import { formatLua51Number } from './lua-number.js';
import type { ScriptClient } from './script-client.js';
import type { ScriptRun } from './busy-script.js';

/** The script currently running (Redis's curr_run_ctx). */
export interface RunContext {
  readonly sha: string;
  readonly client: ScriptClient;
  readonly readOnly: boolean;
  /** server.dirty when the script started: unchanged means it has not written yet (SCRIPT_WRITE_DIRTY). */
  readonly dirtyAtStart: number;
  /** Declared allow-oom: denyoom commands are not refused (scriptVerifyOOM's SCRIPT_ALLOW_OOM). */
  readonly allowOom: boolean;
  /** Timing, kill request and the write flag that makes the run unkillable (busy-script.ts). */
  readonly watch: ScriptRun;
}

/** Redis's scriptCall: argument conversion, lookup, arity, script and read-only checks, run. */
export function scriptCall(server: ServerContext, lua: LuaState, L: number, run: RunContext): Reply {
  const m = lua.m;
  const top = m._lua_gettop(L);
  if (top < 1) return new ReplyError('ERR Please specify at least one argument for this redis lib call');
  const argv: Buffer[] = [];
  for (let i = 1; i <= top; i++) {
    const type = m._lua_type(L, i);
    if (type === LUA_TSTRING) argv.push(lua.toBytes(L, i));
    else if (type === LUA_TNUMBER) argv.push(Buffer.from(formatLua51Number(m._lua_tonumberx(L, i, 0)), 'latin1'));
    else return new ReplyError('ERR Lua redis lib command arguments must be strings or integers');
  }
  const found = lookupCommand(server.commands, argv);
  if (found instanceof ReplyError) return new ReplyError('ERR Unknown Redis command called from script');
  const command = found;
  const arity = command.spec.arity;
  if (arity >= 0 ? argv.length !== arity : argv.length < -arity) {
    return new ReplyError('ERR Wrong number of args calling Redis command from script');
  }
  if (command.isNoScript) return new ReplyError('ERR This Redis command is not allowed from script');
  const aclRefused = scriptAclRefusal(run.client.caller, command, argv); // scriptVerifyACL (src/acl/enforce.ts)
  if (aclRefused !== undefined) return aclRefused;
  if (run.readOnly && command.isWrite) return new ReplyError('ERR Write commands are not allowed from read-only scripts.');
  // scriptVerifyWriteCommandAllow: on a read-only replica a script writes no more than its caller may;
  // nor after a failed save or AOF write, nor on a master short of good replicas (internal callers,
  // such as AOF loading, excepted).
  if (command.isWrite) {
    if (server.replicaSide.refusesClientWrites) return readOnlyReplicaError();
    if (run.client.caller.user !== undefined) {
      const refused = server.writeRefusal();
      if (refused !== undefined) return refused;
    }
  }
  // scriptVerifyOOM: out of memory when the script began, and no write yet: no denyoom command.
  if (command.isDenyOom && !run.allowOom && server.preCommandOomState && server.config.values.maxmemory !== 0 && server.dirty === run.dirtyAtStart) {
    return oomError();
  }
  const handler = command.handler;
  if (handler === undefined) return new ReplyError('ERR Unknown Redis command called from script');
  // SCRIPT_WRITE_DIRTY: from the first write command on, SCRIPT KILL can no longer stop the script.
  if (command.isWrite) run.watch.wrote = true;
  // Through call()'s bracket with stats and slowlog, as Redis's scriptCall calls call(): the
  // script's writes join the EVAL's propagation unit (MULTI/EXEC around them when more than one).
  const reply = callHandler(server, run.client, command, handler, argv, CALL_FULL);
  // call() feeds MONITOR for the script's client too: "[db lua]", after the EVAL's own line.
  const monitors = (server as CallServer).monitors;
  if (monitors !== undefined && monitors.size > 0 && !command.isSkipMonitor && !command.isAdmin) {
    feedMonitorLine(monitors, formatMonitorLine(server.clock.nowMicros(), run.client.db.index, 'lua', redactArgv(command, argv)));
  }
  return reply;
}

/** The error reply of a failed script: the error table's text plus where it happened. */
export function runErrorReply(lua: LuaState, L: number, sha: string): ReplyError {
  const m = lua.m;
  if (m._lua_type(L, -1) !== 5) {
    const text = m._lua_type(L, -1) === LUA_TSTRING ? lua.toBytes(L, -1).toString('latin1') : 'execution failure';
    return new ReplyError(`ERR Error running script ${sha}, ${text.slice(0, 100)}`.replace(/[\r\n]/g, ' '));
  }
  const field = (name: string): string | undefined => {
    lua.pushText(L, name);
    const type = m._lua_rawget(L, -2);
    const value = type === LUA_TSTRING || type === LUA_TNUMBER ? lua.toBytes(L, -1).toString('latin1') : undefined;
    m._lua_settop(L, -2);
    return value;
  };
  let message = field('err') ?? 'ERR unknown error';
  if (message.startsWith('-')) message = message.slice(1);
  const source = field('source');
  const line = field('line');
  if (source !== undefined && line !== undefined) message += ` script: ${sha}, on ${source}:${line}.`;
  return new ReplyError(message.replace(/[\r\n]/g, ' '));
}

/**
 * js_wrap(f): a C closure that calls the Lua function f with its arguments. Lua replaces the
 * caller's frame on a tail call to a Lua function but not to a C one, so the wrapped API keeps the
 * script's line visible to the error handler, as Redis's C implementations do.
 */
export function bridgeWrap(m: LuaModule, L: number): number {
  trampoline ??= m.addFunction((l: number) => {
    m._lua_pushvalue(l, LUA_FIRST_UPVALUE);
    m._lua_rotate(l, 1, 1);
    m._lua_callk(l, m._lua_gettop(l) - 1, LUA_MULTRET, 0, 0);
    return m._lua_gettop(l);
  }, 'ii');
  m._lua_pushcclosure(L, trampoline, 1);
  return 1;
}

/** The one C function behind every js_wrap closure (WebAssembly function-table slots are not freed). */
let trampoline: number | undefined;

/** KEYS / ARGV: a Lua array of strings. */
export function pushStrings(lua: LuaState, L: number, items: readonly Buffer[]): void {
  lua.m._lua_createtable(L, items.length, 0);
  for (let i = 0; i < items.length; i++) {
    lua.pushBytes(L, items[i] as Buffer);
    lua.m._lua_rawseti(L, -2, BigInt(i + 1));
  }
}
