// The Lua side of the sandbox: run once in each new Lua state, before any user script.
// Mirrors: redis src/script_lua.c (luaRegisterRedisAPI, luaSetErrorMetatable, luaSetTableProtectionRecursively,
// the __redis__err__handler source) and src/eval.c (scriptingInit: the allow-list of globals).
//
// What it builds, in Lua because that is shortest and fastest there:
//  - the globals user scripts see: a fresh table holding only what Redis 7.0 scripts can reach
//    (no os, io, print, require, dofile, loadfile, debug, setfenv), reached through a read-only
//    proxy so `x = 1` fails with "Attempt to modify a readonly table" and reading an unknown name
//    fails with "Script attempted to access nonexistent global variable 'x'";
//  - Lua 5.1 compatibility over Lua 5.4: unpack, table.getn/maxn/foreach, math.mod/pow/ldexp,
//    string.gfind, loadstring, gcinfo, and 5.1's number formatting in tostring and string.format
//    ("%.14g": tostring(10/2) is "5", not 5.4's "5.0");
//  - the redis table (call/pcall over one JS function, error_reply, status_reply, log, setresp ...);
//  - the error handler that turns any error into Redis's {err=, source=, line=} table, naming the
//    line of the user script (frames of this prelude, chunk "=tsredis", are skipped).
// Library tables are exposed through read-only proxies too (redis.call = 1 fails, as in 7.0).
// It returns the internal functions the JS side calls: compile, run, errh, flush.

import { LUA_LIBS_SOURCE } from './lua-libs.js';

export const PRELUDE_CHUNK = '=tsredis';

export const PRELUDE_SOURCE = String.raw`
local js_call, js_pcall, js_sha1hex, js_log, js_setresp, js_wrap, js_null, js_register = ...
local type, tostring, error, pairs, next, rawget, setmetatable, select = type, tostring, error, pairs, next, rawget, setmetatable, select
local load, getinfo, mathtype, floor, ceil, huge = load, debug.getinfo, math.type, math.floor, math.ceil, math.huge
local tunpack, tpack, sformat, gmatch = table.unpack, table.pack, string.format, string.gmatch

local function readonly_error() error('Attempt to modify a readonly table', 2) end

-- A read-only view of t: reads go to t (in C, no function call), writes fail, pairs() iterates t.
local function readonly(t)
  return setmetatable({}, { __index = t, __newindex = readonly_error,
    __pairs = function() return next, t, nil end, __metatable = false })
end

local function copy(t) local c = {} for k, v in pairs(t) do c[k] = v end return c end

-- Lua 5.1 prints numbers with "%.14g"; 5.4 keeps integers and floats apart ("5.0").
local function num51(v) return sformat('%.14g', v) end
local function tostring51(v) if type(v) == 'number' then return num51(v) end return tostring(v) end

-- Runtime errors in Lua 5.1's words: 5.4 says "attempt to call a nil value (field 'x')" where 5.1
-- (and so Redis) says "attempt to call field 'x' (a nil value)"; the same for index, arithmetic ...
local function message51(e)
  if type(e) ~= 'string' then return tostring51(e) end
  return (e:gsub("attempt to (.-) a (%a+) value %((%a+) '(.-)'%)", function(op, t, kind, name)
    -- 5.1 names no constants: "attempt to call a string value".
    if kind == 'constant' then return 'attempt to ' .. op .. ' a ' .. t .. ' value' end
    return 'attempt to ' .. op .. ' ' .. kind .. " '" .. name .. "' (a " .. t .. ' value)'
  end))
end

-- string.format as 5.1: %d and friends truncate floats, %s prints numbers the 5.1 way.
local INT_SPECS = { d = true, i = true, o = true, u = true, x = true, X = true, c = true }
local function format51(fmt, ...)
  local args = tpack(...)
  local i = 0
  for spec in gmatch(fmt, '%%[-+ #0]*%d*%.?%d*(.)') do
    if spec ~= '%' then
      i = i + 1
      local v = args[i]
      if INT_SPECS[spec] and mathtype(v) == 'float' and v == v and v ~= huge and v ~= -huge then
        args[i] = v >= 0 and floor(v) or ceil(v)
      elseif spec == 's' and type(v) == 'number' then
        args[i] = num51(v)
      end
    end
  end
  return sformat(fmt, tunpack(args, 1, args.n))
end

local string51 = copy(string)
string51.format = format51
string51.gfind = string.gmatch
string51.pack, string51.unpack, string51.packsize = nil, nil, nil

local table51 = copy(table)
table51.getn = function(t) return #t end
table51.setn = function() error("'setn' is obsolete", 2) end
table51.maxn = function(t)
  local n = 0
  for k in pairs(t) do if type(k) == 'number' and k > n then n = k end end
  return n
end
table51.foreach = function(t, f) for k, v in pairs(t) do local r = f(k, v) if r ~= nil then return r end end end
table51.foreachi = function(t, f) for i = 1, #t do local r = f(i, t[i]) if r ~= nil then return r end end end
table51.unpack, table51.move, table51.pack = nil, nil, nil

local math51 = copy(math)
math51.mod = math.fmod
math51.pow = function(x, y) return x ^ y end
math51.ldexp = function(m, e) return m * 2.0 ^ e end
math51.log10 = function(x) return math.log(x, 10) end
math51.type, math51.tointeger, math51.ult, math51.maxinteger, math51.mininteger = nil, nil, nil, nil, nil

-- bit (LuaBitOp) over 5.4's native operators: 32-bit results, signed, as LuaBitOp returns them.
local function tobit(x) x = floor(x) & 0xffffffff if x >= 0x80000000 then x = x - 0x100000000 end return x end
local function fold(op) return function(a, ...) local r = floor(a) for i = 1, select('#', ...) do r = op(r, floor((select(i, ...)))) end return tobit(r) end end
local bit = {
  tobit = tobit,
  bnot = function(x) return tobit(~floor(x)) end,
  band = fold(function(a, b) return a & b end),
  bor = fold(function(a, b) return a | b end),
  bxor = fold(function(a, b) return a ~ b end),
  lshift = function(x, n) return tobit((floor(x) & 0xffffffff) << (floor(n) & 31)) end,
  rshift = function(x, n) return tobit((floor(x) & 0xffffffff) >> (floor(n) & 31)) end,
  arshift = function(x, n) return tobit(tobit(x) >> (floor(n) & 31) | (tobit(x) < 0 and ~(0xffffffff >> (floor(n) & 31)) or 0)) end,
  rol = function(x, n) x = floor(x) & 0xffffffff n = floor(n) & 31 return tobit((x << n) | (x >> (32 - n))) end,
  ror = function(x, n) x = floor(x) & 0xffffffff n = floor(n) & 31 return tobit((x >> n) | (x << (32 - n))) end,
  bswap = function(x) x = floor(x) & 0xffffffff
    return tobit(((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >> 8) & 0xff00) | (x >> 24)) end,
  tohex = function(x, n) n = n or 8 local up = n < 0 if up then n = -n end
    local s = sformat(up and '%08X' or '%08x', floor(x) & 0xffffffff) return s:sub(-n) end,
}

-- cjson, cmsgpack, struct (src/scripting/lua-libs.ts); their functions get a C frame (js_wrap) so
-- errors and tail calls name the script's line, as with the redis.* API below.
local cjson, cmsgpack, struct = (function(...)
${LUA_LIBS_SOURCE}
end)(js_null)
for _, lib in ipairs({ cjson, cmsgpack, struct }) do
  for name, f in pairs(lib) do if type(f) == 'function' then lib[name] = js_wrap(f) end end
end

-- Errors (redis.call raises its own from JS): a Redis error is a table {err='CODE message'}; raising one adds source and line.
local function err_table(msg) return { err = msg } end
local function raise(msg) error(err_table(msg), 0) end

local redis = {}
redis.error_reply = function(msg)
  if type(msg) ~= 'string' then return err_table('ERR wrong number or type of arguments') end
  -- "-CODE message" keeps its code; a message without one gets ERR (luaPushErrorBuff).
  if msg:sub(1, 1) ~= '-' then msg = '-' .. msg end
  local space = msg:find(' ', 1, true)
  local code, text
  if space then code, text = msg:sub(2, space - 1), msg:sub(space + 1) else code, text = 'ERR', msg:sub(2) end
  text = text:gsub('[\r\n]+$', '')
  return err_table(code .. ' ' .. text)
end
redis.status_reply = function(msg)
  if type(msg) ~= 'string' then return err_table('ERR wrong number or type of arguments') end
  return { ok = msg }
end
redis.sha1hex = function(...)
  if select('#', ...) ~= 1 then raise('ERR wrong number of arguments') end
  local s = ...
  return js_sha1hex(type(s) == 'number' and num51(s) or tostring(s))
end
redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING = 0, 1, 2, 3
redis.log = function(level, ...)
  local n = select('#', ...)
  if n < 1 then raise('ERR redis.log() requires two arguments or more.') end
  if type(level) ~= 'number' then raise('ERR First argument must be a number (log level).') end
  if level < 0 or level > 3 then raise('ERR Invalid debug level.') end
  local parts = {}
  for i = 1, n do parts[i] = tostring51((select(i, ...))) end
  js_log(floor(level), table.concat(parts, ' '))
end
redis.setresp = function(...)
  if select('#', ...) ~= 1 then raise('ERR redis.setresp() requires one argument.') end
  local v = ...
  if v ~= 2 and v ~= 3 then raise('ERR RESP version must be 2 or 3.') end
  js_setresp(floor(v))
end
redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL = 0, 1, 2, 2, 3
redis.set_repl = function(...)
  if select('#', ...) ~= 1 then raise('ERR redis.set_repl() requires one argument.') end
  local v = ...
  if type(v) ~= 'number' or v < 0 or v > 3 then
    raise('ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.')
  end
end
redis.replicate_commands = function() return true end
redis.breakpoint = function() return false end
redis.debug = function() end
-- Every API function is a C function to Lua (js_wrap puts a C frame around the Lua ones): a tail
-- call such as "return redis.setresp(4)" then keeps the script's frame, so errors name its line.
for name, f in pairs(redis) do redis[name] = js_wrap(f) end
redis.call = js_call
redis.pcall = js_pcall
redis.REDIS_VERSION = '7.0.15'
redis.REDIS_VERSION_NUM = 0x07000f

-- The globals scripts see. Missing names raise; the proxy env refuses writes.
local G = {
  _VERSION = _VERSION, assert = assert, collectgarbage = collectgarbage, coroutine = readonly(copy(coroutine)),
  error = error, getmetatable = getmetatable, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall,
  rawequal = rawequal, rawget = rawget, rawset = rawset, select = select, setmetatable = setmetatable,
  tonumber = tonumber, tostring = tostring51, type = type, xpcall = xpcall, unpack = tunpack,
  gcinfo = function() return floor(collectgarbage('count')) end,
  string = readonly(string51), table = readonly(table51), math = readonly(math51), bit = readonly(bit),
  cjson = readonly(cjson), cmsgpack = readonly(cmsgpack), struct = readonly(struct),
  redis = readonly(redis),
}
setmetatable(G, { __index = function(_, name)
  error("Script attempted to access nonexistent global variable '" .. tostring(name) .. "'", 2)
end })
local env = setmetatable({}, { __index = G, __newindex = readonly_error,
  __pairs = function() return next, G, nil end, __metatable = false })
G._G = env
-- pcall hands back an error table's text, as Redis 7.0's replacement pcall does.
local raw_pcall = pcall
G.pcall = function(f, ...)
  local r = tpack(raw_pcall(f, ...))
  if not r[1] and type(r[2]) == 'table' and type(rawget(r[2], 'err')) == 'string' then return false, r[2].err end
  if not r[1] and type(r[2]) == 'string' then return false, message51(r[2]) end
  return tunpack(r, 1, r.n)
end
G.load = function(chunk, name, mode, e) return load(chunk, name, 't', e or env) end
G.loadstring = function(s, name) return load(s, name or s, 't', env) end

-- The error handler (msgh of every script call): Redis's {err=, source=, line=} table.
local function errh(e)
  local level, info = 2, nil
  repeat
    info = getinfo(level, 'Sl')
    level = level + 1
  until info == nil or (info.what ~= 'C' and info.source ~= '=tsredis')
  if type(e) ~= 'table' then e = err_table('ERR ' .. message51(e)) end
  if info then e.source = info.source; e.line = info.currentline end
  return e
end

local scripts = {}
local internal = {}
-- Compile a user script under a name; returns nil or the compiler's message.
internal.compile = function(name, body)
  local f, msg = load(body, '@user_script', 't', env)
  if not f then return msg end
  scripts[name] = f
end
internal.run = function(name, keys, argv)
  G.KEYS = keys
  G.ARGV = argv
  return scripts[name]()
end
internal.errh = errh
-- The body of the script coroutine (engine.ts): the call under errh, as a pcall with a message
-- handler would, but inside the coroutine, so a count hook can yield across it (Lua 5.4's xpcall is
-- yieldable). Returns ok and the first result, or false and the error table.
internal.xrun = function(f, ...) return xpcall(f, errh, ...) end
internal.flush = function() scripts = {} end

-- Redis 7 functions (function_lua.c). A library's code runs once, at FUNCTION LOAD, in an
-- environment whose globals hold only a small redis table (register_function, log, the version);
-- the callbacks it registers keep that same environment as their _ENV, so once the load is over
-- the environment is pointed at the script globals, as Redis swaps the globals' __index.
local lower = string.lower
local FUNCTION_FLAGS = { ['no-writes'] = true, ['allow-oom'] = true, ['allow-stale'] = true,
  ['no-cluster'] = true, ['allow-cross-slot-keys'] = true }
local callbacks, next_callback = {}, 0
local pending -- the functions of the library being loaded, nil outside FUNCTION LOAD
local function strarg(v) if type(v) == 'string' then return v elseif type(v) == 'number' then return num51(v) end end
local function register_function(...)
  if not pending then raise('ERR redis.register_function can only be called on FUNCTION LOAD command') end
  local n = select('#', ...)
  if n < 1 or n > 2 then raise('ERR wrong number of arguments to redis.register_function') end
  local name, callback, desc, flags = nil, nil, nil, {}
  if n == 1 then
    local t = ...
    if type(t) ~= 'table' then
      raise('ERR calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).')
    end
    for k, v in next, t do
      local key = strarg(k)
      if not key then raise('ERR named argument key given to redis.register_function is not a string') end
      key = lower(key)
      if key == 'function_name' then
        name = strarg(v)
        if not name then raise('ERR function_name argument given to redis.register_function must be a string') end
      elseif key == 'description' then
        desc = strarg(v)
        if not desc then raise('ERR description argument given to redis.register_function must be a string') end
      elseif key == 'callback' then
        if type(v) ~= 'function' then raise('ERR callback argument given to redis.register_function must be a function') end
        callback = v
      elseif key == 'flags' then
        if type(v) ~= 'table' then raise('ERR flags argument to redis.register_function must be a table representing function flags') end
        local i = 1
        while v[i] ~= nil do
          local flag = strarg(v[i])
          if not flag or not FUNCTION_FLAGS[lower(flag)] then raise('ERR unknown flag given') end
          flags[#flags + 1] = lower(flag)
          i = i + 1
        end
      else raise('ERR unknown argument given to redis.register_function') end
    end
    if not name then raise('ERR redis.register_function must get a function name argument') end
    if not callback then raise('ERR redis.register_function must get a callback argument') end
  else
    name, callback = ...
    name = strarg(name)
    if not name then raise('ERR first argument to redis.register_function must be a string') end
    if type(callback) ~= 'function' then raise('ERR second argument to redis.register_function must be a function') end
  end
  -- (sic: Redis 7.0 says "Library names" for a bad function name too)
  if not name:find('^[%w_]+$') then
    raise('ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long')
  end
  if pending.names[name] then raise('ERR Function already exists in the library') end
  pending.names[name] = true
  pending[#pending + 1] = { name = name, callback = callback, desc = desc, flags = table.concat(flags, ',') }
end
local load_redis = { register_function = js_wrap(register_function), log = redis.log,
  LOG_DEBUG = 0, LOG_VERBOSE = 1, LOG_NOTICE = 2, LOG_WARNING = 3,
  REDIS_VERSION = redis.REDIS_VERSION, REDIS_VERSION_NUM = redis.REDIS_VERSION_NUM }
local function missing(_, name)
  error("Script attempted to access nonexistent global variable '" .. tostring(name) .. "'", 2)
end
setmetatable(load_redis, { __index = missing })
local LOAD_API = setmetatable({ redis = readonly(load_redis) }, { __index = missing })
local fenv_mt = { __index = G, __newindex = readonly_error, __pairs = function() return next, G, nil end, __metatable = false }
local fenv = setmetatable({}, fenv_mt)

-- A library load is three steps (the JS side runs the chunk itself, under its timeout hook):
-- lib_compile returns the chunk (or nil and the error text) with the load-time environment in place;
-- lib_finish restores the script globals and hands each registered function to js_register, or
-- returns the error text.
internal.lib_compile = function(code)
  local chunk, msg = load(code, '@user_function', 't', fenv)
  if not chunk then return nil, 'Error compiling function: ' .. msg end
  pending = { names = {} }
  fenv_mt.__index = LOAD_API
  return chunk
end
internal.lib_finish = function(ok, e)
  fenv_mt.__index = G
  local registered = pending
  pending = nil
  if not ok then
    if type(e) == 'table' and type(rawget(e, 'err')) == 'string' then e = e.err else e = 'ERR ' .. message51(e) end
    return 'Error registering functions: ' .. e
  end
  for _, f in ipairs(registered) do
    next_callback = next_callback + 1
    callbacks[next_callback] = f.callback
    js_register(next_callback, f.name, f.desc or false, f.flags)
  end
end
internal.fn_call = function(id, keys, args)
  G.KEYS, G.ARGV = nil, nil
  return callbacks[id](keys, args)
end
internal.fn_free = function(id) callbacks[id] = nil end
return internal
`;
