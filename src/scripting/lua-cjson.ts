// cjson (encode/decode and the configuration functions) as Redis 7.0.15 builds lua-cjson 2.1.0, in
// Lua 5.4 source; part of the chunk assembled by lua-libs.ts.
// Mirrors: redis deps/lua/src/lua_cjson.c (json_append_data, lua_array_length, json_next_token,
// json_process_value) and fpconv.c ("%.14g" numbers). Decoding is a tokenizer plus a recursive
// descent parser that reports Redis's "Expected <what> but found <token> at character <n>".
export const LUA_CJSON_SOURCE = String.raw`
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
`;
