// struct (pack/unpack/size) as Redis 7.0.15 builds lua_struct.c, in Lua 5.4 source; part of the
// chunk assembled by lua-libs.ts (which explains the choice of Lua over JS and the shared helpers).
// Mirrors: redis deps/lua/src/lua_struct.c (b_pack, b_unpack, b_size, optsize, gettoalign).
// Formats: > < ! x b B h H l L i[n] I[n] c[n] s f d, with x86-64 sizes (long = 8, int = 4); integers
// are written as the low bytes of a C long (bytes past 8 are zero), read back sign-extended.
export const LUA_STRUCT_SOURCE = String.raw`
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
    local at = init == nil and 1 or toint64(checknumber(init, 3, 'unpack'))
    if at < 1 then argerr(3, 'unpack', 'offset must be 1 or greater') end
    at = at - 1
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
`;
