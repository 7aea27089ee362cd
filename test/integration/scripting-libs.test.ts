// The Lua libraries Redis loads into scripts (cjson, cmsgpack, struct, bit), differentially: every
// script below runs as EVAL on tsredis and on a real redis-server 7.0 started by the suite, and the
// exact reply bytes must match (errors included: both name the same sha1 and line). A second table
// pins the replies as they were read off Redis 7.0.15, so the suite also means something without
// redis-server (those cases always run).

import { describe, expect, it } from 'vitest';
import { rawReply } from '../helpers/server.js';
import { haveRedisServer, replyMismatches, useRealRedis, useTsredis } from '../helpers/side-by-side.js';

/** Scripts whose replies must be byte-identical on both servers. */
const SCRIPTS: readonly string[] = [
  // cjson encode
  "return cjson.encode({1,2,3,'a',true,false})",
  'return cjson.encode({})',
  'return cjson.encode({a=1})',
  'return cjson.encode({a={b={c={1,2}}}})',
  'return cjson.encode({[1]=1,[2]=2,[4]=4})',
  'return cjson.encode({[1]=1,[20]=2})',
  'return cjson.encode({1,nil,3})',
  'return cjson.encode({[-1]=1})',
  'return cjson.encode({[1.5]=1})',
  'return cjson.encode(0.1)',
  'return cjson.encode(1/3)',
  'return cjson.encode(1e20)',
  'return cjson.encode(-0.0)',
  'return cjson.encode(3)',
  'return cjson.encode(12345678901234567)',
  'return cjson.encode(1/0)',
  'return cjson.encode(0/0)',
  "return cjson.encode('a\"b\\\\c/d\\n\\r\\t\\b\\f\\1\\31\\127\\200\\255')",
  'return cjson.encode(cjson.null)',
  'return cjson.encode(nil)',
  'return cjson.encode({[true]=1})',
  'return cjson.encode(redis.call)',
  'return cjson.encode()',
  'return cjson.encode(1,2)',
  'local t={} t[1]=t return cjson.encode(t)',
  'return type(cjson.null)',
  'return tostring(cjson.null == cjson.decode("null"))',
  // cjson decode
  "return cjson.decode('[1,2,3]')",
  "return cjson.decode('{\"a\":[1,{\"b\":null}]}').a[2].b == cjson.null",
  "return cjson.decode('{\"a\":{\"b\":\"c\"}}').a.b",
  "return cjson.decode('[\"x\", 1.5, true, false]')",
  "return cjson.decode('nul')",
  "return cjson.decode('[1,2')",
  "return cjson.decode('')",
  "return cjson.decode('{\"a\" 1}')",
  "return cjson.decode('{1:2}')",
  "return cjson.decode('{\"a\":1 \"b\"}')",
  "return cjson.decode('\"\\\\u00e9\\\\ud83d\\\\ude00\\\\/\\\\n\"')",
  "return cjson.decode('\"\\\\ud83d\"')",
  "return cjson.decode('1.5e3')",
  "return cjson.decode('-12')",
  "return cjson.decode('0x10')",
  "return cjson.decode('[1,]')",
  "return cjson.decode('  true  x')",
  "return cjson.decode('\"abc')",
  "return cjson.decode('\"\\\\q\"')",
  "return type(cjson.decode('1'))",
  "return tostring(cjson.decode('123456789012345678'))",
  "return tostring(cjson.decode('-0'))",
  'return cjson.decode(1)',
  'return cjson.decode()',
  "return cjson.decode('-')",
  "return cjson.decode('[]')",
  "return cjson.decode('{}')",
  "return cjson.decode(string.rep('[', 1001) .. string.rep(']', 1001))",
  "return #cjson.decode(string.rep('[', 999) .. string.rep(']', 999))",
  "return cjson.encode(cjson.decode('{\"k\":[1,2,{\"x\":null}]}'))",
  'return {cjson.encode_sparse_array()}',
  "return cjson.decode('[1,\"a\",{\"b\":true},null]')",
  'return {1, cjson.null, 2}',
  "cjson.x = 1",
  // cmsgpack
  "return cmsgpack.pack(1,-1,200,-200,70000,1.5,0.1,'abc',string.rep('x',40),{1,2},{a=1},{},true,false,2^40,-2^40,300.0)",
  "return cmsgpack.pack(-33, -129, -32769, -2147483649, 65536, 4294967296, 1/0, 0/0)",
  "return cmsgpack.pack(string.rep('y', 300))",
  "return #cmsgpack.pack(string.rep('y', 70000))",
  'return cmsgpack.pack({1,2,nil,4})',
  'return cmsgpack.pack({[2]=1})',
  'local t = {} for i = 1, 20 do t[i] = i end return cmsgpack.pack(t)',
  'local t = {} t[1] = t return cmsgpack.pack(t)',
  'return cmsgpack.pack(nil)',
  'return cmsgpack.pack(redis.call)',
  'return cmsgpack.pack()',
  "return {cmsgpack.unpack(cmsgpack.pack(1, 'two', {3, 4}, true, 0.5))}",
  "return cmsgpack.unpack(cmsgpack.pack({a = {b = 'c'}})).a.b",
  "return tostring(cmsgpack.unpack(cmsgpack.pack(0.1)))",
  "return tostring(cmsgpack.unpack(cmsgpack.pack(-2^40)))",
  "return cmsgpack.unpack('\\193')",
  "return cmsgpack.unpack('\\205\\1')",
  "return cmsgpack.unpack('\\196\\3abc')",
  "return {cmsgpack.unpack('\\192\\192')}",
  'return {cmsgpack.unpack_one(cmsgpack.pack(1,2,3))}',
  'return {cmsgpack.unpack_one(cmsgpack.pack(1,2,3), 2)}',
  'return {cmsgpack.unpack_limit(cmsgpack.pack(1,2,3), 2)}',
  'return {cmsgpack.unpack_limit(cmsgpack.pack(1,2,3), 2, 5)}',
  'return {cmsgpack.unpack_limit(cmsgpack.pack(1,2,3), -1)}',
  'return cmsgpack.unpack()',
  'return {cmsgpack._NAME, cmsgpack._VERSION}',
  // struct
  "return struct.pack('>i16', 1)",
  "return struct.pack('<i10', -1)",
  "return struct.size('s')",
  "return struct.size('c0')",
  "return struct.size('!4bi')",
  "return struct.size('>iHd')",
  "return struct.size('l')",
  "return struct.pack('q', 1)",
  "return struct.unpack('c0', struct.pack('b', 3) .. 'abc')",
  "return {struct.unpack('bc0', struct.pack('b', 3) .. 'abcd')}",
  "return {struct.unpack('<hHbBlLi2I3', struct.pack('<hHbBlLi2I3', -2, 65535, -1, 255, -5, 7, -300, 70000))}",
  "return struct.pack('>I3', 70000)",
  "return {struct.unpack('>d', struct.pack('>d', 1.5))}",
  "return {struct.unpack('sB', 'hello\\0' .. string.char(7))}",
  "return struct.unpack('s', 'abc')",
  "return struct.unpack('i', 'ab')",
  "return struct.pack('c2', 'a')",
  "return struct.pack('!8bd', 1, 2)",
  "return struct.pack('!3b', 1)",
  "return struct.pack('i', 'x')",
  "return struct.pack('i', '12')",
  "return struct.pack('i')",
  "return struct.pack('>i99999999999999999999', 1)",
  "return struct.unpack('>i', struct.pack('>i', 4294967295))",
  "return struct.pack('>I', -1)",
  "return struct.unpack('I', struct.pack('I',5), 2)",
  "return {struct.unpack('i', struct.pack('i',5), 1)}",
  "return struct.pack('c0', 'abc')",
  "return struct.pack('sx', 'ab')",
  "return struct.pack('f', 0.1)",
  "return tostring(struct.unpack('<f', struct.pack('<f', 0.1)))",
  "return tostring(struct.unpack('>L', string.rep('\\255', 8)))",
  "return tostring(struct.unpack('>l', string.rep('\\255', 8)))",
  "return {struct.unpack('!4 b i', struct.pack('!4 b i', 1, 2))}",
  // bit
  'return {bit.tobit(0xffffffff), bit.tobit(2^32 + 5), bit.bnot(0), bit.band(0xff, 0x0f, 0x3), bit.bor(1, 2, 4), bit.bxor(5, 3)}',
  'return {bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-256, 4), bit.rol(0x12345678, 8), bit.ror(0x12345678, 8), bit.bswap(0x12345678)}',
  "return {bit.tohex(255), bit.tohex(-1, -4), bit.tohex(0x1234abcd, 2)}",
  // more edge cases
  'return cjson.encode({{}})',
  "return cjson.encode({[1]='a', [3]='c'})",
  "return cjson.decode('{\"a\":1,\"a\":2}').a",
  "return tostring(cjson.decode('[1e400]')[1])",
  "return cjson.decode(' [ 1 , 2 ] ')",
  "return #cjson.decode('\"\\\\u0000\"')",
  "return {cjson.decode('true'), cjson.decode('false')}",
  "return cjson.encode(cjson.decode('{\"a\":[]}'))",
  "cjson.encode_sparse_array(true) local r = cjson.encode({[1]=1,[20]=2}) cjson.encode_sparse_array(false) return r",
  "cjson.encode_max_depth(2) local ok, e = pcall(cjson.encode, {{{1}}}) cjson.encode_max_depth(1000) return e",
  "cjson.encode_number_precision(3) local r = cjson.encode(1/3) cjson.encode_number_precision(14) return r",
  "return cjson.encode({['a\\0b']=1})",
  "return cjson.encode(-1/3)",
  "return cjson.encode(123456789012)",
  "return cjson.decode('\"\\\\t\\\\\"\\\\\\\\\"')",
  'return cmsgpack.pack(-0.0)',
  'return cmsgpack.pack(2^63)',
  'return cmsgpack.pack(-2^63)',
  'return cmsgpack.pack(2^31, -2^31, 2^32 - 1, 2^16, -2^15 - 1)',
  'return {cmsgpack.unpack(cmsgpack.pack(true, false))}',
  "return cmsgpack.unpack(cmsgpack.pack({1, {2, {3, {4}}}}))[2][2][2][1]",
  "local t = cmsgpack.unpack(cmsgpack.pack({1, nil, 3})) return {t[1], t[2] == nil, t[3]}",
  "return struct.pack('>h', 40000)",
  "return struct.unpack('>B', '\\255')",
  "return struct.pack('<d', 1/0)",
  "return struct.pack('i0', 1)",
  "return struct.pack('!bd', 1, 2)",
  "return struct.pack('>!4 h i', 1, 2)",
  "return struct.unpack('>i', 'abcd', 0)",
  "return {struct.unpack('>I2I2', 'abcd')}",
  "return struct.pack('b', 3.9)",
  "return struct.pack('b', -3.9)",
  'return {bit.tobit(2^53), bit.band(-1.5, 7), bit.tohex(-1), bit.bnot(-1), bit.arshift(1, 33), bit.lshift(1, 32)}',
  // Lua 5.1's wording of runtime errors
  'local t = nil return t.x',
  'local x return x + 1',
  'return redis.nothing()',
  "local s = 'a' return s.y.z",
  "return ('x')()",
  'local t = {} return t.a.b',
  'local u = 1 local function f() return u() end return f()',
  'return select(2, pcall(function() local t = nil return t.x end))',
  // tail calls keep the script's line in errors
  "local x = 1\nreturn cjson.decode('{')",
  "local x = 1\nreturn struct.unpack('s', 'x')",
];

/** Run for a RESP3 caller only: the script's own protocol and the caller's meet in the conversions. */
const RESP3_SCRIPTS: readonly string[] = [
  "redis.setresp(3) return cjson.decode('[true, false, null, 1.5]')",
  "redis.setresp(3) return {double = cjson.decode('2.5')}",
  "redis.setresp(3) return {map = cjson.decode('{\"a\":1}')}",
  "return cjson.decode('[true, false]')",
  "redis.setresp(3) return cmsgpack.unpack(cmsgpack.pack({true, false}))",
];

/** Exact replies read off Redis 7.0.15 (checked again by the differential part when it runs). */
const PINNED: ReadonlyArray<readonly [string, string]> = [
  ["return cjson.encode({1,2,3,'a',true,false})", '$22\r\n[1,2,3,"a",true,false]\r\n'],
  ['return cjson.encode({})', '$2\r\n{}\r\n'],
  ['return cjson.encode({[1]=1,[2]=2,[4]=4})', '$12\r\n[1,2,null,4]\r\n'],
  ['return cjson.encode(1/3)', '$16\r\n0.33333333333333\r\n'],
  [
    'return cjson.encode({[1]=1,[20]=2})',
    '-ERR user_script:1: Cannot serialise table: excessively sparse array script: 17303987ac6a57263cac31c74212431dce49e99c, on @user_script:1.\r\n',
  ],
  [
    "return cjson.decode('[1,2')",
    '-ERR user_script:1: Expected comma or array end but found T_END at character 5 script: c107001b5ba2ff860ee2557f64da37c4767ef4bd, on @user_script:1.\r\n',
  ],
  ["return cjson.decode('[1,2,3]')", '*3\r\n:1\r\n:2\r\n:3\r\n'],
  [
    "return cmsgpack.pack(1,-1,200,-200,70000,1.5,0.1,'abc',string.rep('x',40),{1,2},{a=1},{},true,false,2^40,-2^40,300.0)",
    `$103\r\n${Buffer.from('01ffccc8d1ff38ce00011170ca3fc00000cb3fb999999999999aa3616263d928', 'hex').toString('latin1')}${'x'.repeat(40)}${Buffer.from('92010281a1610190c3c2cf0000010000000000d3ffffff0000000000cd012c', 'hex').toString('latin1')}\r\n`,
  ],
  ['return {cmsgpack.unpack_limit(cmsgpack.pack(1,2,3), 2)}', '*3\r\n:2\r\n:1\r\n:2\r\n'],
  [
    'return cmsgpack.pack()',
    "-ERR user_script:1: bad argument #0 to 'pack' (MessagePack pack needs input.) script: 6bc235afa55de88253e203cc5fe5844792e25209, on @user_script:1.\r\n",
  ],
  ["return struct.size('!4bi')", ':8\r\n'],
  [
    "return {struct.unpack('<hHbBlLi2I3', struct.pack('<hHbBlLi2I3', -2, 65535, -1, 255, -5, 7, -300, 70000))}",
    '*9\r\n:-2\r\n:65535\r\n:-1\r\n:255\r\n:-5\r\n:7\r\n:-300\r\n:70000\r\n:28\r\n',
  ],
  [
    "return struct.pack('c2', 'a')",
    "-ERR user_script:1: bad argument #3 to 'pack' (string too short) script: c0e0df4a7eb7f4a68055945e60c779521b3a3279, on @user_script:1.\r\n",
  ],
  ["return tostring(struct.unpack('<f', struct.pack('<f', 0.1)))", '$16\r\n0.10000000149012\r\n'],
];

const ours = useTsredis({ resp3: true });

describe('Lua libraries: replies read off Redis 7.0.15', () => {
  it.each(PINNED)('%s', async (script, expected) => {
    expect(await rawReply(ours.raw, 'EVAL', script, '0')).toBe(expected);
  });

  it('library tables are read-only and cjson.null is a light userdata', async () => {
    expect(await rawReply(ours.raw, 'EVAL', 'return type(cjson.null)', '0')).toBe('$8\r\nuserdata\r\n');
    expect(await rawReply(ours.raw, 'EVAL', 'struct.pack = 1', '0')).toMatch(/^-ERR user_script:1: Attempt to modify a readonly table/);
  });
});

describe.runIf(haveRedisServer())('Lua libraries: tsredis and redis-server 7.0 reply the same bytes', () => {
  const real = useRealRedis({ resp3: true });

  it.each([2, 3] as const)('every library script, caller in RESP%i', async (protocol) => {
    const [a, b] = protocol === 2 ? [ours.raw, real.raw] : [ours.raw3, real.raw3];
    const scripts = [...SCRIPTS, ...(protocol === 3 ? RESP3_SCRIPTS : [])];
    expect(await replyMismatches(a, b, scripts.map((script) => ['EVAL', script, '0']), (argv) => String(argv[1]))).toBe('');
  });
});
