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

export const LUA_LIBS_SOURCE = String.raw`
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

---------------------------------------------------------------------------- struct
local struct = {}
do
  local MAXALIGN = 8
  local FIXED = { b = 1, B = 1, h = 2, H = 2, l = 8, L = 8, f = 4, d = 8, x = 1 }
  local function getnum(fmt, pos, default)
    local digits = smatch(fmt, '^%d+', pos)
    if not digits then return default, pos end
    local a = 0
    for i = 1, #digits do
      local d = sbyte(digits, i) - 48
      if a > INT_MAX // 10 or a * 10 > INT_MAX - d then liberr('integral size overflow') end
      a = a * 10 + d
    end
    return a, pos + #digits
  end
  local function optsize(opt, fmt, pos, fname)
    local fixed = FIXED[opt]
    if fixed then return fixed, pos end
    if opt == 'c' then return getnum(fmt, pos, 1) end
    if opt == 'i' or opt == 'I' then return getnum(fmt, pos, 4) end
    if opt == 's' or opt == ' ' or opt == '<' or opt == '>' or opt == '!' then return 0, pos end
    argerr(1, fname, "invalid format option '" .. opt .. "'")
  end
  local function toalign(len, align, opt, size)
    if size == 0 or opt == 'c' then return 0 end
    if size > align then size = align end
    return (size - (len & (size - 1))) & (size - 1)
  end
  -- The options that only change the header: endianness and alignment.
  local function common(opt, fmt, pos, h)
    if opt == '>' then h.little = false
    elseif opt == '<' then h.little = true
    elseif opt == '!' then
      local a
      a, pos = getnum(fmt, pos, MAXALIGN)
      if not (a > 0 and (a & (a - 1)) == 0) then liberr(sformat('alignment %d is not a power of 2', a)) end
      h.align = a
    end
    return pos
  end
  local function intbytes(v, size, little)
    local out = {}
    for i = 0, size - 1 do out[#out + 1] = i < 8 and ((v >> (8 * i)) & 0xff) or 0 end
    local bytes = schar(table.unpack(out))
    return little and bytes or bytes:reverse()
  end

  struct.pack = function(fmt, ...)
    fmt = checkstring(fmt, 1, 'pack')
    local args = table.pack(...)
    local h = { little = true, align = 1 }
    local out, total, arg, pos = {}, 0, 2, 1
    while pos <= #fmt do
      local opt = ssub(fmt, pos, pos)
      local size
      size, pos = optsize(opt, fmt, pos + 1, 'pack')
      local pad = toalign(total, h.align, opt, size)
      total = total + pad
      if pad > 0 then out[#out + 1] = srep('\0', pad) end
      if opt == 'b' or opt == 'B' or opt == 'h' or opt == 'H' or opt == 'l' or opt == 'L' or opt == 'i' or opt == 'I' then
        out[#out + 1] = intbytes(toint64(checknumber(args[arg - 1], arg, 'pack', 'nil')), size, h.little)
        arg = arg + 1
      elseif opt == 'x' then out[#out + 1] = '\0'
      elseif opt == 'f' or opt == 'd' then
        out[#out + 1] = spack((h.little and '<' or '>') .. opt, checknumber(args[arg - 1], arg, 'pack', 'nil'))
        arg = arg + 1
      elseif opt == 'c' or opt == 's' then
        local s = checkstring(args[arg - 1], arg, 'pack', 'nil')
        arg = arg + 1
        if size == 0 then size = #s end
        if #s < size then argerr(arg, 'pack', 'string too short') end
        out[#out + 1] = ssub(s, 1, size)
        if opt == 's' then out[#out + 1] = '\0' size = size + 1 end
      else pos = common(opt, fmt, pos, h) end
      total = total + size
    end
    return concat(out)
  end

  struct.unpack = function(fmt, data, init)
    fmt = checkstring(fmt, 1, 'unpack')
    data = checkstring(data, 2, 'unpack')
    local at = (init == nil and 1 or toint64(checknumber(init, 3, 'unpack'))) - 1
    local h = { little = true, align = 1 }
    local res, pos = {}, 1
    while pos <= #fmt do
      local opt = ssub(fmt, pos, pos)
      local size
      size, pos = optsize(opt, fmt, pos + 1, 'unpack')
      at = at + toalign(at, h.align, opt, size)
      if at + size > #data or at < 0 then argerr(2, 'unpack', 'data string too short') end
      if opt == 'b' or opt == 'B' or opt == 'h' or opt == 'H' or opt == 'l' or opt == 'L' or opt == 'i' or opt == 'I' then
        local bytes = ssub(data, at + 1, at + size)
        if not h.little then bytes = bytes:reverse() end
        local v = 0
        for i = 1, size < 8 and size or 8 do v = v | (sbyte(bytes, i) << (8 * (i - 1))) end
        if opt == 'b' or opt == 'h' or opt == 'l' or opt == 'i' then
          if size < 8 and v & (1 << (size * 8 - 1)) ~= 0 then v = v | (-1 << (size * 8 - 1)) end
          res[#res + 1] = double(v)
        else
          res[#res + 1] = v < 0 and (v + 0.0) + 2^64 or double(v)
        end
      elseif opt == 'f' or opt == 'd' then
        res[#res + 1] = sunpack((h.little and '<' or '>') .. opt, data, at + 1) + 0.0
      elseif opt == 'c' then
        if size == 0 then
          local n = res[#res]
          if type(n) ~= 'number' then liberr("format 'c0' needs a previous size") end
          size = toint64(n)
          res[#res] = nil
          if at + size > #data then argerr(2, 'unpack', 'data string too short') end
        end
        res[#res + 1] = ssub(data, at + 1, at + size)
      elseif opt == 's' then
        local e = sfind(data, '\0', at + 1, true)
        if not e then liberr('unfinished string in data') end
        size = e - at
        res[#res + 1] = ssub(data, at + 1, e - 1)
      elseif opt ~= 'x' then pos = common(opt, fmt, pos, h) end
      at = at + size
    end
    res[#res + 1] = at + 1
    return table.unpack(res)
  end

  struct.size = function(fmt)
    fmt = checkstring(fmt, 1, 'size')
    local h = { little = true, align = 1 }
    local total, pos = 0, 1
    while pos <= #fmt do
      local opt = ssub(fmt, pos, pos)
      local size
      size, pos = optsize(opt, fmt, pos + 1, 'size')
      if opt == 's' then argerr(1, 'size', "option 's' has no fixed size")
      elseif opt == 'c' and size == 0 then argerr(1, 'size', "option 'c0' has no fixed size") end
      if opt == '<' or opt == '>' or opt == '!' then pos = common(opt, fmt, pos, h) end
      total = total + toalign(total, h.align, opt, size) + size
    end
    return total
  end
end

---------------------------------------------------------------------------- cmsgpack
local cmsgpack = { _NAME = 'cmsgpack', _VERSION = 'lua-cmsgpack 0.4.0',
  _COPYRIGHT = 'Copyright (C) 2012, Salvatore Sanfilippo', _DESCRIPTION = 'MessagePack C implementation for Lua' }
do
  local MAX_NESTING = 16
  local encode
  local function encode_int(out, n)
    if n >= 0 then
      if n <= 127 then out[#out + 1] = schar(n)
      elseif n <= 0xff then out[#out + 1] = spack('>BB', 0xcc, n)
      elseif n <= 0xffff then out[#out + 1] = spack('>BI2', 0xcd, n)
      elseif n <= 0xffffffff then out[#out + 1] = spack('>BI4', 0xce, n)
      else out[#out + 1] = spack('>Bi8', 0xcf, n) end
    else
      if n >= -32 then out[#out + 1] = schar(n & 0xff)
      elseif n >= -128 then out[#out + 1] = spack('>Bi1', 0xd0, n)
      elseif n >= -32768 then out[#out + 1] = spack('>Bi2', 0xd1, n)
      elseif n >= -2147483648 then out[#out + 1] = spack('>Bi4', 0xd2, n)
      else out[#out + 1] = spack('>Bi8', 0xd3, n) end
    end
  end
  local function encode_number(out, n)
    local i = mathtype(n) == 'integer' and n or (n == n and n ~= huge and n ~= -huge and n >= -2^63 and n < 2^63 and floor(n) == n and tointeger(n))
    if i then return encode_int(out, i) end
    local ok, f = pcall(spack, '>f', n)
    if ok and sunpack('>f', f) == n then out[#out + 1] = '\202' .. f
    else out[#out + 1] = '\203' .. spack('>d', n) end
  end
  local function header(out, n, fix, fixmax, op16, op32)
    if n <= fixmax then out[#out + 1] = schar(fix | n)
    elseif n <= 0xffff then out[#out + 1] = spack('>BI2', op16, n)
    else out[#out + 1] = spack('>BI4', op32, n) end
  end
  local function is_array(t)
    local count, max = 0, 0
    for k in next, t do
      if type(k) == 'number' and k > 0 and floor(k) == k then
        count = count + 1
        if k > max then max = k end
      else return false end
    end
    return max == count
  end
  encode = function(out, v, level)
    local t = type(v)
    if t == 'table' and level == MAX_NESTING then t = 'nil' end
    if t == 'string' then
      local n = #v
      if n < 32 then out[#out + 1] = schar(0xa0 | n)
      elseif n <= 0xff then out[#out + 1] = spack('>BB', 0xd9, n)
      elseif n <= 0xffff then out[#out + 1] = spack('>BI2', 0xda, n)
      else out[#out + 1] = spack('>BI4', 0xdb, n) end
      out[#out + 1] = v
    elseif t == 'boolean' then out[#out + 1] = v and '\195' or '\194'
    elseif t == 'number' then encode_number(out, v)
    elseif t == 'table' then
      if is_array(v) then
        local n = #v
        header(out, n, 0x90, 15, 0xdc, 0xdd)
        for i = 1, n do encode(out, rawget(v, i), level + 1) end
      else
        local n = 0
        for _ in next, v do n = n + 1 end
        header(out, n, 0x80, 15, 0xde, 0xdf)
        for k, x in next, v do encode(out, k, level + 1) encode(out, x, level + 1) end
      end
    else out[#out + 1] = '\192' end
  end
  cmsgpack.pack = function(...)
    local n = select('#', ...)
    if n == 0 then argerr(0, 'pack', 'MessagePack pack needs input.') end
    local out = {}
    for i = 1, n do encode(out, (select(i, ...)), 0) end
    return concat(out)
  end

  -- Decoding: returns value, next position; or nil, false (missing bytes) / nil, true (bad format).
  local decode
  local EOF, BADFMT = {}, {}
  local function need(s, pos, n) if pos + n - 1 > #s then error(EOF, 0) end end
  local function fixed(s, pos, fmt, n) need(s, pos, n) return sunpack(fmt, s, pos) end
  local function str(s, pos, n) need(s, pos, n) return ssub(s, pos, pos + n - 1), pos + n end
  local function array(s, pos, n, level)
    local t = {}
    for i = 1, n do local v v, pos = decode(s, pos, level) t[i] = v end
    return t, pos
  end
  local function map(s, pos, n, level)
    local t = {}
    for _ = 1, n do
      local k, v
      k, pos = decode(s, pos, level)
      v, pos = decode(s, pos, level)
      t[k] = v
    end
    return t, pos
  end
  decode = function(s, pos, level)
    need(s, pos, 1)
    local b = sbyte(s, pos)
    pos = pos + 1
    if b <= 0x7f then return b, pos
    elseif b >= 0xe0 then return b - 256, pos
    elseif b >= 0xa0 and b <= 0xbf then return str(s, pos, b - 0xa0)
    elseif b >= 0x90 and b <= 0x9f then return array(s, pos, b - 0x90, level)
    elseif b >= 0x80 and b <= 0x8f then return map(s, pos, b - 0x80, level)
    elseif b == 0xc0 then return nil, pos
    elseif b == 0xc2 then return false, pos
    elseif b == 0xc3 then return true, pos
    elseif b == 0xca then local v, p = fixed(s, pos, '>f', 4) return v + 0.0, p
    elseif b == 0xcb then local v, p = fixed(s, pos, '>d', 8) return v + 0.0, p
    elseif b == 0xcc then return fixed(s, pos, '>B', 1)
    elseif b == 0xcd then return fixed(s, pos, '>I2', 2)
    elseif b == 0xce then return fixed(s, pos, '>I4', 4)
    elseif b == 0xcf then local v, p = fixed(s, pos, '>i8', 8) return v < 0 and (v + 0.0) + 2^64 or v, p
    elseif b == 0xd0 then return fixed(s, pos, '>i1', 1)
    elseif b == 0xd1 then return fixed(s, pos, '>i2', 2)
    elseif b == 0xd2 then return fixed(s, pos, '>i4', 4)
    elseif b == 0xd3 then return fixed(s, pos, '>i8', 8)
    elseif b == 0xd9 then local n, p = fixed(s, pos, '>B', 1) return str(s, p, n)
    elseif b == 0xda then local n, p = fixed(s, pos, '>I2', 2) return str(s, p, n)
    elseif b == 0xdb then local n, p = fixed(s, pos, '>I4', 4) return str(s, p, n)
    elseif b == 0xdc then local n, p = fixed(s, pos, '>I2', 2) return array(s, p, n, level)
    elseif b == 0xdd then local n, p = fixed(s, pos, '>I4', 4) return array(s, p, n, level)
    elseif b == 0xde then local n, p = fixed(s, pos, '>I2', 2) return map(s, p, n, level)
    elseif b == 0xdf then local n, p = fixed(s, pos, '>I4', 4) return map(s, p, n, level)
    end
    error(BADFMT, 0)
  end
  local function unpack_full(s, limit, offset, fname)
    s = checkstring(s, 1, fname)
    local len = #s
    if offset < 0 or limit < 0 then
      liberr(sformat('Invalid request to unpack with offset of %d and limit of %d.', offset, len))
    elseif offset > len then
      liberr(sformat('Start offset %d greater than input length %d.', offset, len))
    end
    local all = limit == 0 and offset == 0
    if all then limit = INT_MAX end
    local res, pos, count = {}, offset + 1, 0
    while pos <= len and count < limit do
      local ok, v, p = pcall(decode, s, pos, 0)
      if not ok then
        if v == EOF then liberr('Missing bytes in input.') end
        if v == BADFMT then liberr('Bad data format in input.') end
        error(v, 0)
      end
      count = count + 1
      res[count] = v
      pos = p
    end
    if all then return table.unpack(res, 1, count) end
    return pos > len and -1 or pos - 1, table.unpack(res, 1, count)
  end
  cmsgpack.unpack = function(s) return unpack_full(s, 0, 0, 'unpack') end
  cmsgpack.unpack_one = function(s, offset)
    return unpack_full(s, 1, offset == nil and 0 or toint64(checknumber(offset, 2, 'unpack_one')), 'unpack_one')
  end
  cmsgpack.unpack_limit = function(s, limit, offset)
    return unpack_full(s, toint64(checknumber(limit, 2, 'unpack_limit')),
      offset == nil and 0 or toint64(checknumber(offset, 3, 'unpack_limit')), 'unpack_limit')
  end
end

---------------------------------------------------------------------------- cjson
local function new_cjson()
  local cjson = { _NAME = 'cjson', _VERSION = '2.1.0', null = json_null }
  local cfg = { sparse_convert = false, sparse_ratio = 2, sparse_safe = 10, encode_depth = 1000,
    decode_depth = 1000, precision = 14, invalid_enc = false, invalid_dec = true, keep_buffer = true }

  -- Configuration functions: each returns the current setting(s) after applying its arguments.
  cjson.encode_sparse_array = function(convert, ratio, safe)
    if convert ~= nil then cfg.sparse_convert = convert and true or false end
    if ratio ~= nil then cfg.sparse_ratio = ratio end
    if safe ~= nil then cfg.sparse_safe = safe end
    return cfg.sparse_convert, cfg.sparse_ratio, cfg.sparse_safe
  end
  cjson.encode_max_depth = function(n) if n ~= nil then cfg.encode_depth = n end return cfg.encode_depth end
  cjson.decode_max_depth = function(n) if n ~= nil then cfg.decode_depth = n end return cfg.decode_depth end
  cjson.encode_number_precision = function(n) if n ~= nil then cfg.precision = n end return cfg.precision end
  cjson.encode_keep_buffer = function(b) if b ~= nil then cfg.keep_buffer = b and true or false end return cfg.keep_buffer end
  cjson.encode_invalid_numbers = function(b) if b ~= nil then cfg.invalid_enc = b end return cfg.invalid_enc end
  cjson.decode_invalid_numbers = function(b) if b ~= nil then cfg.invalid_dec = b and true or false end return cfg.invalid_dec end
  cjson.new = new_cjson

  -- --- Encoding ---
  local ESCAPES = { ['"'] = '\\"', ['\\'] = '\\\\', ['/'] = '\\/', ['\b'] = '\\b', ['\f'] = '\\f',
    ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }
  for c = 0, 31 do local ch = schar(c) ESCAPES[ch] = ESCAPES[ch] or sformat('\\u%04x', c) end
  ESCAPES['\127'] = '\\u007f'
  local function quote(s) return '"' .. s:gsub('[%c"\\/\127]', ESCAPES) .. '"' end
  local function fail(v, reason) liberr('Cannot serialise ' .. type(v) .. ': ' .. reason) end
  local function number(v)
    if v ~= v or v == huge or v == -huge then
      if cfg.invalid_enc == 'null' then return 'null' end
      if not cfg.invalid_enc then fail(v, 'must not be NaN or Inf') end
    end
    return sformat('%.' .. cfg.precision .. 'g', v)
  end
  -- lua_array_length: the highest index when every key is a positive integer, else -1 (object).
  local function array_length(t)
    local max, items = 0, 0
    for k in next, t do
      if type(k) == 'number' and floor(k) == k and k >= 1 then
        if k > max then max = k end
        items = items + 1
      else return -1 end
    end
    if cfg.sparse_ratio > 0 and max > items * cfg.sparse_ratio and max > cfg.sparse_safe then
      if not cfg.sparse_convert then fail(t, 'excessively sparse array') end
      return -1
    end
    return max
  end
  local append
  append = function(out, v, depth)
    local t = type(v)
    if t == 'string' then out[#out + 1] = quote(v)
    elseif t == 'number' then out[#out + 1] = number(v)
    elseif t == 'boolean' then out[#out + 1] = v and 'true' or 'false'
    elseif t == 'nil' or v == json_null then out[#out + 1] = 'null'
    elseif t == 'table' then
      depth = depth + 1
      if depth > cfg.encode_depth then liberr(sformat('Cannot serialise, excessive nesting (%d)', depth)) end
      local len = array_length(v)
      if len > 0 then
        out[#out + 1] = '['
        for i = 1, len do
          if i > 1 then out[#out + 1] = ',' end
          append(out, rawget(v, i), depth)
        end
        out[#out + 1] = ']'
      else
        out[#out + 1] = '{'
        local first = true
        for k, x in next, v do
          if not first then out[#out + 1] = ',' end
          first = false
          local kt = type(k)
          if kt == 'string' then out[#out + 1] = quote(k)
          elseif kt == 'number' then out[#out + 1] = '"' .. number(k) .. '"'
          else fail(k, 'table key must be a number or string') end
          out[#out + 1] = ':'
          append(out, x, depth)
        end
        out[#out + 1] = '}'
      end
    else fail(v, 'type not supported') end
  end
  cjson.encode = function(...)
    if select('#', ...) ~= 1 then argerr(1, 'encode', 'expected 1 argument') end
    local out = {}
    append(out, (...), 0)
    return concat(out)
  end

  -- --- Decoding: a tokenizer over the string and a recursive descent parser ---
  local SIMPLE = { ['{'] = 'T_OBJ_BEGIN', ['}'] = 'T_OBJ_END', ['['] = 'T_ARR_BEGIN', [']'] = 'T_ARR_END',
    [':'] = 'T_COLON', [','] = 'T_COMMA' }
  local UNESCAPE = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' }
  local function utf8char(cp)
    if cp < 0x80 then return schar(cp) end
    if cp < 0x800 then return schar(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)) end
    if cp < 0x10000 then return schar(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)) end
    return schar(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f))
  end
  -- One token at pos: kind, value, token start, next position. Errors are kind 'T_ERROR' with the text.
  local function token(s, pos)
    pos = sfind(s, '[^ \t\n\r]', pos) or #s + 1
    local c = ssub(s, pos, pos)
    if c == '' or c == '\0' then return 'T_END', nil, pos, pos end
    local simple = SIMPLE[c]
    if simple then return simple, nil, pos, pos + 1 end
    if c == '"' then
      local parts, p = {}, pos + 1
      while true do
        local q = sfind(s, '["\\\0]', p)
        if not q then return 'T_ERROR', 'unexpected end of string', #s + 1 end
        parts[#parts + 1] = ssub(s, p, q - 1)
        local ch = ssub(s, q, q)
        if ch == '"' then return 'T_STRING', concat(parts), pos, q + 1 end
        if ch == '\0' then return 'T_ERROR', 'unexpected end of string', q end
        local e = ssub(s, q + 1, q + 1)
        if e == 'u' then
          local hex = smatch(s, '^%x%x%x%x', q + 2)
          local cp = hex and tonumber(hex, 16)
          local skip = 6
          if cp and cp >= 0xdc00 and cp <= 0xdfff then cp = nil end
          if cp and cp >= 0xd800 and cp <= 0xdbff then
            local low = smatch(s, '^\\u(%x%x%x%x)', q + 6)
            local lo = low and tonumber(low, 16)
            if lo and lo >= 0xdc00 and lo <= 0xdfff then
              cp = (((cp & 0x3ff) << 10) | (lo & 0x3ff)) + 0x10000
              skip = 12
            else cp = nil end
          end
          if not cp then return 'T_ERROR', 'invalid unicode escape code', q end
          parts[#parts + 1] = utf8char(cp)
          p = q + skip
        else
          local u = UNESCAPE[e]
          if not u then return 'T_ERROR', 'invalid escape code', q end
          parts[#parts + 1] = u
          p = q + 2
        end
      end
    end
    if smatch(s, '^true', pos) then return 'T_BOOLEAN', true, pos, pos + 4 end
    if smatch(s, '^false', pos) then return 'T_BOOLEAN', false, pos, pos + 5 end
    if smatch(s, '^null', pos) then return 'T_NULL', json_null, pos, pos + 4 end
    local numeric = c == '-' or (c >= '0' and c <= '9')
    local special = smatch(s, '^-?[iI][nN][fF]', pos) ~= nil or smatch(s, '^-?[nN][aA][nN]', pos) ~= nil
    if numeric or (cfg.invalid_dec and special) then
      if not cfg.invalid_dec and (smatch(s, '^-?0[xX]', pos) or smatch(s, '^-?0%d', pos) or special) then
        return 'T_ERROR', 'invalid number', pos
      end
      -- The longest prefix strtod would take: hex, inf/infinity/nan, or a decimal with exponent.
      local text = smatch(s, '^[-+]?0[xX]%x+', pos)
      local value
      if text then
        local neg = ssub(text, 1, 1) == '-'
        value = tonumber((text:gsub('^[-+]', '')))
        if neg then value = -value end
      else
        text = smatch(s, '^[-+]?[iI][nN][fF][iI][nN][iI][tT][yY]', pos) or smatch(s, '^[-+]?[iI][nN][fF]', pos)
        if text then value = ssub(text, 1, 1) == '-' and -huge or huge
        else
          text = smatch(s, '^[-+]?[nN][aA][nN]', pos)
          if text then value = 0 / 0
          else
            text = smatch(s, '^[-+]?%d*%.?%d*', pos)
            if not smatch(text, '%d') then return 'T_ERROR', 'invalid number', pos end
            local exp = smatch(s, '^[eE][-+]?%d+', pos + #text)
            if exp then text = text .. exp end
            value = tonumber(text)
            if value == 0 and ssub(text, 1, 1) == '-' then value = -0.0 end
          end
        end
      end
      return 'T_NUMBER', double(value), pos, pos + #text
    end
    return 'T_ERROR', 'invalid token', pos
  end
  local function unexpected(what, kind, value, at)
    liberr(sformat('Expected %s but found %s at character %d', what, kind == 'T_ERROR' and value or kind, at))
  end
  local value
  local function descend(depth, at)
    if depth > cfg.decode_depth then liberr(sformat('Found too many nested data structures (%d) at character %d', depth, at)) end
  end
  local function object(s, pos, depth, at)
    descend(depth, at)
    local t = {}
    local kind, v, start, nextpos = token(s, pos)
    if kind == 'T_OBJ_END' then return t, nextpos end
    while true do
      if kind ~= 'T_STRING' then unexpected('object key string', kind, v, start) end
      local key = v
      kind, v, start, nextpos = token(s, nextpos)
      if kind ~= 'T_COLON' then unexpected('colon', kind, v, start) end
      kind, v, start, nextpos = token(s, nextpos)
      t[key], nextpos = value(s, kind, v, start, nextpos, depth)
      kind, v, start, nextpos = token(s, nextpos)
      if kind == 'T_OBJ_END' then return t, nextpos end
      if kind ~= 'T_COMMA' then unexpected('comma or object end', kind, v, start) end
      kind, v, start, nextpos = token(s, nextpos)
    end
  end
  local function array(s, pos, depth, at)
    descend(depth, at)
    local t, n = {}, 0
    local kind, v, start, nextpos = token(s, pos)
    if kind == 'T_ARR_END' then return t, nextpos end
    while true do
      n = n + 1
      t[n], nextpos = value(s, kind, v, start, nextpos, depth)
      kind, v, start, nextpos = token(s, nextpos)
      if kind == 'T_ARR_END' then return t, nextpos end
      if kind ~= 'T_COMMA' then unexpected('comma or array end', kind, v, start) end
      kind, v, start, nextpos = token(s, nextpos)
    end
  end
  value = function(s, kind, v, start, nextpos, depth)
    if kind == 'T_STRING' or kind == 'T_NUMBER' or kind == 'T_BOOLEAN' or kind == 'T_NULL' then return v, nextpos end
    if kind == 'T_OBJ_BEGIN' then return object(s, nextpos, depth + 1, start) end
    if kind == 'T_ARR_BEGIN' then return array(s, nextpos, depth + 1, start) end
    unexpected('value', kind, v, start)
  end
  cjson.decode = function(...)
    if select('#', ...) ~= 1 then argerr(1, 'decode', 'expected 1 argument') end
    local s = checkstring((...), 1, 'decode')
    local kind, v, start, nextpos = token(s, 1)
    local result
    result, nextpos = value(s, kind, v, start, nextpos, 0)
    kind, v, start = token(s, nextpos)
    if kind ~= 'T_END' then unexpected('the end', kind, v, start) end
    return result
  end
  return cjson
end

return new_cjson(), cmsgpack, struct
`;
