// Conversions between Redis replies and Lua values, both directions, as Redis documents them.
// Mirrors: redis src/script_lua.c (redisProtocolToLuaType and its callbacks for command replies,
// luaReplyToRedisReply for a script's return value).
//
// Redis → Lua (what redis.call returns), by the script's protocol (redis.setresp, default 2):
//   integer → number, bulk → string, null bulk / null array → false (RESP3: nil),
//   array → table, status → {ok=text}, error → {err=text};
//   RESP2 degrades doubles to bulk strings, maps to flat arrays, sets to arrays, booleans to 1/0;
//   RESP3 gives {double=n}, {map={k=v}}, {set={k=true}}, and Lua booleans.
// Lua → Redis (what the script returns): number → integer (truncated), string → bulk,
//   true → 1 (RESP3 #t), false → null (RESP3 #f), nil → null, table with err/ok → error/status,
//   {double=}/{map=}/{set=} → RESP3 types, other tables → array cut at the first nil.

import { bool, double, map, set, status, type Reply, type ReplyNode } from '../protocol/reply.js';
import { ReplyError } from '../errors.js';
import { formatDouble } from '../util/numbers.js';
import { LUA_TBOOLEAN, LUA_TNUMBER, LUA_TSTRING, LUA_TTABLE, type LuaState } from './lua-runtime.js';

/** Nesting deeper than this in a returned table is refused (a table containing itself). */
const MAX_REPLY_DEPTH = 1000;

// --- Redis → Lua ---

/** Push one command reply onto the Lua stack as redis.call returns it. */
export function pushReply(lua: LuaState, L: number, reply: Reply, resp: 2 | 3): void {
  const m = lua.m;
  if (reply === null) {
    if (resp === 3) m._lua_pushnil(L);
    else m._lua_pushboolean(L, 0);
    return;
  }
  switch (typeof reply) {
    case 'number':
      m._lua_pushinteger(L, BigInt(reply));
      return;
    case 'bigint':
      // Lua 5.1's numbers are doubles: Redis pushes an integer reply with lua_pushnumber, so one
      // beyond 2^53 arrives rounded (INCR of -2^63+1 reads -2^63 in the script, and 2^63-1 comes
      // back as 2^63, which the reply cast turns into LLONG_MIN). A float here does the same.
      if (reply >= BigInt(Number.MIN_SAFE_INTEGER) && reply <= BigInt(Number.MAX_SAFE_INTEGER)) m._lua_pushinteger(L, reply);
      else m._lua_pushnumber(L, Number(reply));
      return;
    case 'string':
      lua.pushText(L, reply);
      return;
    default:
      break;
  }
  if (Buffer.isBuffer(reply)) {
    lua.pushBytes(L, reply);
    return;
  }
  if (Array.isArray(reply)) {
    pushArray(lua, L, reply as readonly Reply[], resp);
    return;
  }
  const node = reply as ReplyNode;
  switch (node.kind) {
    case 'status':
      pushTagged(lua, L, 'ok', () => lua.pushText(L, node.text));
      return;
    case 'error':
      pushTagged(lua, L, 'err', () => lua.pushText(L, node.message));
      return;
    case 'double':
      if (resp === 3) pushTagged(lua, L, 'double', () => m._lua_pushnumber(L, node.value));
      else lua.pushText(L, formatDouble(node.value));
      return;
    case 'bool':
      if (resp === 3) m._lua_pushboolean(L, node.value ? 1 : 0);
      else m._lua_pushinteger(L, node.value ? 1n : 0n);
      return;
    case 'verbatim':
      lua.pushBytes(L, Buffer.from(node.text, 'utf8'));
      return;
    case 'nullArray':
      if (resp === 3) m._lua_pushnil(L);
      else m._lua_pushboolean(L, 0);
      return;
    case 'map':
      if (resp === 2) {
        pushArray(lua, L, node.items, resp);
        return;
      }
      pushTagged(lua, L, 'map', () => {
        m._lua_createtable(L, 0, node.items.length / 2);
        for (let i = 0; i + 1 < node.items.length; i += 2) {
          pushReply(lua, L, node.items[i] ?? null, resp);
          pushReply(lua, L, node.items[i + 1] ?? null, resp);
          m._lua_rawset(L, -3);
        }
      });
      return;
    case 'set':
      if (resp === 2) {
        pushArray(lua, L, node.items, resp);
        return;
      }
      pushTagged(lua, L, 'set', () => {
        m._lua_createtable(L, 0, node.items.length);
        for (const item of node.items) {
          pushReply(lua, L, item, resp);
          m._lua_pushboolean(L, 1);
          m._lua_rawset(L, -3);
        }
      });
      return;
    case 'push':
      pushArray(lua, L, node.items, resp);
      return;
    case 'raw':
      pushReply(lua, L, parseRaw(node.bytes), resp);
      return;
    case 'none':
    // A command called from a script never suspends (only the script itself does, at its caller's level).
    case 'suspended':
      m._lua_pushboolean(L, 0);
      return;
    default:
      return assertNever(node);
  }
}

function pushArray(lua: LuaState, L: number, items: readonly Reply[], resp: 2 | 3): void {
  lua.m._lua_createtable(L, items.length, 0);
  for (let i = 0; i < items.length; i++) {
    const item = items[i] ?? null;
    // A null inside an array is false in both protocols: a Lua table cannot hold nil.
    if (item === null) lua.m._lua_pushboolean(L, 0);
    else pushReply(lua, L, item, resp);
    lua.m._lua_rawseti(L, -2, BigInt(i + 1));
  }
}

/** Push {key = value}, the value pushed by `pushValue`. */
function pushTagged(lua: LuaState, L: number, key: string, pushValue: () => void): void {
  lua.m._lua_createtable(L, 0, 1);
  lua.pushText(L, key);
  pushValue();
  lua.m._lua_rawset(L, -3);
}

/**
 * Pre-encoded replies (the shared +OK, +PONG, and a few handlers' byte-exact replies) are parsed
 * back into the model. They are protocol-independent RESP, so one small parser covers them.
 */
export function parseRaw(bytes: Buffer): Reply {
  if (bytes.length === 0) return null;
  const [reply] = parseOne(bytes, 0);
  return reply;
}

function parseOne(bytes: Buffer, pos: number): [Reply, number] {
  const lineEnd = bytes.indexOf('\r\n', pos, 'latin1');
  const type = String.fromCharCode(bytes[pos] ?? 0);
  const line = bytes.latin1Slice(pos + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+': return [status(line), next];
    case '-': return [new ReplyError(line), next];
    case ':': return [Number(line), next];
    case ',': return [double(Number(line)), next];
    case '#': return [bool(line === 't'), next];
    case '_': return [null, next];
    case '$': {
      const len = Number(line);
      if (len < 0) return [null, next];
      return [bytes.subarray(next, next + len), next + len + 2];
    }
    case '*': case '~': case '%': case '>': {
      const count = Number(line);
      if (count < 0) return [null, next];
      const items: Reply[] = [];
      let at = next;
      const total = type === '%' ? count * 2 : count;
      for (let i = 0; i < total; i++) {
        const [item, after] = parseOne(bytes, at);
        items.push(item);
        at = after;
      }
      if (type === '%') return [map(items), at];
      if (type === '~') return [set(items), at];
      return [items, at];
    }
    default:
      return [bytes.subarray(pos), bytes.length];
  }
}

// --- Lua → Redis ---

/**
 * Convert the value at `idx` (a script's return value) into a Reply. `resp` is the protocol the script
 * chose with redis.setresp (2 unless it called it), as in Redis's luaReplyToRedisReply: under 2 a Lua
 * boolean becomes 1 or a null, under 3 a RESP3 boolean. The reply writer then encodes for the caller.
 */
export function luaToReply(lua: LuaState, L: number, idx: number, resp: 2 | 3, depth = 0): Reply {
  const m = lua.m;
  switch (m._lua_type(L, idx)) {
    case LUA_TSTRING:
      return lua.toBytes(L, idx);
    case LUA_TBOOLEAN: {
      const value = m._lua_toboolean(L, idx) !== 0;
      if (resp === 3) return bool(value);
      return value ? 1 : null;
    }
    case LUA_TNUMBER:
      return luaNumberToInteger(lua, L, idx);
    case LUA_TTABLE:
      return tableToReply(lua, L, idx < 0 ? m._lua_gettop(L) + idx + 1 : idx, resp, depth);
    default:
      return null;
  }
}

/** Redis casts the Lua number to long long: floats truncate toward zero. */
function luaNumberToInteger(lua: LuaState, L: number, idx: number): Reply {
  const m = lua.m;
  if (m._lua_isinteger(L, idx) !== 0) {
    const n = m._lua_tointegerx(L, idx, 0);
    return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  }
  const value = m._lua_tonumberx(L, idx, 0);
  // DIFFERS FROM REDIS: NaN and out-of-range floats are undefined behaviour in C's cast; we send
  // what x86-64 produces for them (LLONG_MIN).
  if (!Number.isFinite(value) || Math.abs(value) >= 2 ** 63) return -(2n ** 63n);
  const truncated = Math.trunc(value);
  return Number.isSafeInteger(truncated) ? truncated : BigInt(truncated);
}

function tableToReply(lua: LuaState, L: number, idx: number, resp: 2 | 3, depth: number): Reply {
  const m = lua.m;
  if (depth > MAX_REPLY_DEPTH) return new ReplyError('ERR reached lua stack limit');
  // {err=...}: an error reply, sent as the script wrote it ("-" prefixed, newlines become spaces).
  const err = rawField(lua, L, idx, 'err');
  if (err !== undefined) return new ReplyError(err.toString('latin1').replace(/[\r\n]/g, ' '));
  const ok = rawField(lua, L, idx, 'ok');
  if (ok !== undefined) return status(ok.toString('latin1').replace(/[\r\n]/g, ' '));
  // RESP3 shapes (7.0): {double=n}, {map={...}}, {set={...}}.
  lua.pushText(L, 'double');
  if (m._lua_rawget(L, idx) === LUA_TNUMBER) {
    const value = m._lua_tonumberx(L, -1, 0);
    m._lua_settop(L, -2);
    return double(value);
  }
  m._lua_settop(L, -2);
  for (const kind of ['map', 'set'] as const) {
    lua.pushText(L, kind);
    if (m._lua_rawget(L, idx) === LUA_TTABLE) {
      const inner = m._lua_gettop(L);
      const items: Reply[] = [];
      m._lua_pushnil(L);
      while (m._lua_next(L, inner) !== 0) {
        items.push(luaToReply(lua, L, -2, resp, depth + 1));
        if (kind === 'map') items.push(luaToReply(lua, L, -1, resp, depth + 1));
        m._lua_settop(L, -2);
      }
      m._lua_settop(L, -2);
      return kind === 'map' ? map(items) : set(items);
    }
    m._lua_settop(L, -2);
  }
  // An array: elements 1, 2, ... up to the first nil.
  const items: Reply[] = [];
  for (let i = 1; ; i++) {
    if (m._lua_rawgeti(L, idx, BigInt(i)) === 0) {
      m._lua_settop(L, -2);
      break;
    }
    items.push(luaToReply(lua, L, -1, resp, depth + 1));
    m._lua_settop(L, -2);
  }
  return items;
}

/** t[name] if it is a string, else undefined (rawget: metatables are not consulted, as in Redis). */
function rawField(lua: LuaState, L: number, idx: number, name: string): Buffer | undefined {
  lua.pushText(L, name);
  const type = lua.m._lua_rawget(L, idx);
  const value = type === LUA_TSTRING ? lua.toBytes(L, -1) : undefined;
  lua.m._lua_settop(L, -2);
  return value;
}

function assertNever(value: never): never {
  throw new Error(`unhandled reply node: ${JSON.stringify(value)}`);
}
