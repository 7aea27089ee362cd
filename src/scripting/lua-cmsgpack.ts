// cmsgpack (pack/unpack/unpack_one/unpack_limit) as Redis 7.0.15 builds lua-cmsgpack 0.4.0, in Lua 5.4
// source; part of the chunk assembled by lua-libs.ts.
// Mirrors: redis deps/lua/src/lua_cmsgpack.c (mp_encode_lua_type, table_is_an_array, mp_decode_to_lua_type,
// mp_unpack_full). Smallest integer encoding, float32 when exact else float64, str8/16/32 (no bin
// types: 0.4.0 refuses them when decoding), an array when the keys are exactly 1..n, nesting past
// 16 encoded as nil.
export const LUA_CMSGPACK_SOURCE = String.raw`
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
`;
