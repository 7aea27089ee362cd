// The Lua libraries Redis loads into every script besides `bit`: cjson, cmsgpack and struct.
// Mirrors: redis deps/lua/src/lua_cjson.c (cjson 2.1.0), lua_cmsgpack.c (lua-cmsgpack 0.4.0) and
// lua_struct.c (struct with Redis's size() and overflow checks), as Redis 7.0.15 builds them.
//
// Why Lua source and not JS functions: every one of these walks Lua tables (encode) or builds them
// (decode), and from JS each table access is a C-API round trip through WebAssembly memory; in Lua
// they are plain VM instructions. Lua 5.4 also has string.pack/unpack, which does the byte-level
// work of struct and cmsgpack (integers of any width, IEEE floats, either endianness) in C. The
// libraries are compiled once with the sandbox prelude, in the same chunk ("=tsredis"), so the
// error handler skips their frames and errors name the user script's line, as Redis's C versions do.
//
// Behaviour read off Redis 7.0.15 (test/integration/scripting-libs.test.ts compares byte for byte):
//  - cjson: numbers "%.14g"; an empty table encodes as {}; arrays with holes get null unless
//    "excessively sparse" (max index > 10 and > 2 × item count); mixed tables become objects with
//    number keys written as strings; "/" is escaped; control bytes and 0x7f as \u00XX, other
//    bytes passed through; errors "Cannot serialise <type>: <reason>" and
//    "Expected <what> but found <token> at character <n>"; cjson.null is a light userdata.
//  - cmsgpack: smallest integer encoding, float32 when exact else float64, str8/16/32, an array
//    when the keys are exactly 1..n (an empty table is an empty array), nesting past 16 → nil,
//    pack(...) concatenates, unpack returns every value, unpack_one/unpack_limit an offset first.
//  - struct: > < ! x b B h H l L i[n] I[n] c[n] s f d, x86-64 sizes (long = 8, int = 4).
// DIFFERS FROM REDIS: objects and msgpack maps list keys in Lua 5.4's table order, which is not
// 5.1's; for a table of more than one key the order of the output can differ.

import { LUA_CJSON_SOURCE } from './lua-cjson.js';
import { LUA_CMSGPACK_SOURCE } from './lua-cmsgpack.js';
import { LUA_STRUCT_SOURCE } from './lua-struct.js';

/** The helpers the three libraries share: argument checks and luaL_error's "<where>: " prefix. */
const LUA_LIBS_COMMON = String.raw`
local json_null = ...
local type, tostring, tonumber, error, pairs, select, rawget, rawset, next = type, tostring, tonumber, error, pairs, select, rawget, rawset, next
local floor, ceil, huge, mathtype, tointeger = math.floor, math.ceil, math.huge, math.type, math.tointeger
local sformat, schar, sbyte, ssub, sfind, smatch, spack, sunpack, srep = string.format, string.char, string.byte, string.sub, string.find, string.match, string.pack, string.unpack, string.rep
local concat, getinfo = table.concat, debug.getinfo
local INT_MAX = 2147483647

-- luaL_error's "<where>: message": the position of the script line that called into the library
-- (the library's own frames and the C frame js_wrap adds are skipped).
local function where()
  local level = 3
  local info = getinfo(level, 'Sl')
  while info and info.source == '=tsredis' do level = level + 1 info = getinfo(level, 'Sl') end
  if info and info.what == 'C' then level = level + 1 info = getinfo(level, 'Sl') end
  if info and info.what ~= 'C' and info.currentline > 0 then return info.short_src .. ':' .. info.currentline .. ': ' end
  return ''
end
local function liberr(msg) error(where() .. msg, 0) end
local function argerr(n, fname, msg) liberr(sformat("bad argument #%d to '%s' (%s)", n, fname, msg)) end
-- luaL_checknumber / luaL_checklstring, with 5.1's string<->number coercions. A missing argument
-- is "no value" unless the C function had pushed a nil in its place (absent = 'nil').
local function typename(v, absent) if v == nil then return absent or 'no value' end return type(v) end
local function checknumber(v, n, fname, absent)
  local x = type(v) == 'number' and v or (type(v) == 'string' and tonumber(v))
  if not x then argerr(n, fname, 'number expected, got ' .. typename(v, absent)) end
  return x
end
local function checkstring(v, n, fname, absent)
  if type(v) == 'string' then return v end
  if type(v) == 'number' then return sformat('%.14g', v) end
  argerr(n, fname, 'string expected, got ' .. typename(v, absent))
end
-- A double truncated to a 64-bit two's complement integer, as C's (long) / (unsigned long) casts.
local function toint64(n)
  if n ~= n then return math.mininteger end
  local t = n >= 0 and floor(n) or ceil(n)
  if t >= -2^63 and t < 2^63 then return tointeger(t) end
  if t >= 2^63 and t < 2^64 then return tointeger(t - 2^63) + math.mininteger end
  return t < 0 and math.mininteger or 0
end
-- Numbers that came from C doubles: integers beyond 2^53 and -0 stay floats, as in Lua 5.1.
local function double(x)
  if mathtype(x) == 'integer' and (x > 2^53 or x < -2^53) then return x + 0.0 end
  return x
end
`;

/** One chunk body: takes cjson.null, returns cjson, cmsgpack, struct (the prelude runs it). */
export const LUA_LIBS_SOURCE = [
  LUA_LIBS_COMMON,
  LUA_STRUCT_SOURCE,
  LUA_CMSGPACK_SOURCE,
  LUA_CJSON_SOURCE,
  'return new_cjson(), cmsgpack, struct',
].join('\n');
