// Generators for Lua scripts: EVAL / EVALSHA / EVAL_RO with bodies assembled from fragments that cover
// the Lua ↔ reply conversions (numbers truncated, false → nil, tables cut at the first nil, {err=…},
// {ok=…}, redis.error_reply / status_reply, RESP3 maps and doubles after redis.setresp(3)), redis.call
// and redis.pcall over every family (their errors, as Redis words them from inside a script), numkeys
// edge cases, the sandbox (globals, missing libraries) and SCRIPT LOAD / EXISTS.
// Script texts are fixed strings, so an error naming a script's SHA1 names the same one on both servers.

import * as fc from 'fast-check';
import { b, cmd, gen, key, value, withCompare, type CommandGen } from '../harness/args.js';
import { EXACT, type Compare, type Template } from '../harness/command.js';

/** Bodies that return each kind of Lua value (no key access). */
const RETURNS = [
  'return 1', 'return -7', 'return 3.99', 'return -2.5', 'return 0.5', "return 'text'", "return ''", 'return true', 'return false',
  'return nil', 'return {}', "return {1, 'two', 3.7, false, true}", "return {1, nil, 3}", "return {1, {2, {3, 'deep'}}}",
  "return {err='My Error'}", "return {err='-no dash'}", "return {ok='FINE'}", "return redis.error_reply('CUSTOM failure')",
  "return redis.status_reply('PONG')", "return {err=''}", 'return 2^31', 'return -2^31', 'return 1e15', 'return 0/0',
  "return #ARGV", "return KEYS", "return ARGV", "return {KEYS[1], ARGV[1]}", "return tonumber('12')", "return tostring(12)",
  "return string.format('%d-%s', 5, 'x')", "return table.concat({'a', 'b'}, ',')", "return redis.sha1hex('abc')",
  "return math.floor(7 / 2)", "return string.rep('ab', 3)", "return type(nil)", "return {1, 2, 3, n = 4}",
] as const;

/** Bodies that call Redis on KEYS[1] / ARGV[1]. */
const CALLS = [
  "return redis.call('SET', KEYS[1], ARGV[1])", "return redis.call('GET', KEYS[1])", "return redis.call('INCR', KEYS[1])",
  "return redis.call('INCRBYFLOAT', KEYS[1], '1.5')", "return redis.call('DEL', KEYS[1])", "return redis.call('EXISTS', KEYS[1])",
  "return redis.call('RPUSH', KEYS[1], ARGV[1], 'x')", "return redis.call('LRANGE', KEYS[1], 0, -1)",
  "return redis.call('HSET', KEYS[1], 'f', ARGV[1])", "return redis.call('HGETALL', KEYS[1])",
  "return redis.call('SADD', KEYS[1], ARGV[1])", "return redis.call('SCARD', KEYS[1])",
  "return redis.call('ZADD', KEYS[1], 1.5, ARGV[1])", "return redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')",
  "return redis.call('ZSCORE', KEYS[1], ARGV[1])", "return redis.call('TYPE', KEYS[1])", "return redis.call('TTL', KEYS[1])",
  "return redis.pcall('INCR', KEYS[1])", "return redis.pcall('LPUSH', KEYS[1], 'x')", "local r = redis.pcall('NOSUCH') return type(r)",
  "local r = redis.pcall('GET') return r['err']", "return redis.call('GET')", "return redis.call('NOSUCHCOMMAND', KEYS[1])",
  "return redis.call('SET', KEYS[1])", "return redis.call()", "return redis.call('PING')", "return redis.call('ECHO', ARGV[1])",
  "redis.setresp(3) return redis.call('HGETALL', KEYS[1])", "redis.setresp(3) return redis.call('ZSCORE', KEYS[1], ARGV[1])",
  "redis.setresp(3) return redis.call('SMEMBERS', KEYS[1])", "redis.setresp(3) return redis.call('GET', KEYS[1])",
  "redis.setresp(3) return redis.call('EXISTS', KEYS[1])", "redis.setresp(4)",
  "local v = redis.call('GET', KEYS[1]) if v then return {v, string.len(v)} end return 'missing'",
  "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('STRLEN', KEYS[1])", "return redis.call('EVAL', 'return 1', 0)",
  "return redis.call('MULTI')", "return redis.call('BLPOP', KEYS[1], 0)",
] as const;

/** The sandbox and compile errors. */
const SANDBOX = [
  'return undefined_global', 'x = 1 return x', 'return (', 'error("raised")', "error({err='table error'})", 'return os.time()',
  'return io', "return require('x')", 'return loadstring', 'local t = setmetatable({}, {}) return 1', 'return print',
  "return cjson.encode({1, 2})", "return cmsgpack ~= nil", "return bit.band(6, 3)", "return struct ~= nil", 'return _G.KEYS ~= nil',
  'return math.huge', 'return -math.huge', "return unpack({1, 2})", "return table.getn({1, 2, 3})",
] as const;

const script = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...RETURNS) },
  { weight: 4, arbitrary: fc.constantFrom(...CALLS) },
  { weight: 2, arbitrary: fc.constantFrom(...SANDBOX) },
);

/** EVAL script numkeys key... arg...: numkeys usually right, sometimes negative, too big or not a number. */
const evalArgs = fc.tuple(script, fc.array(key, { maxLength: 2 }), fc.array(value, { maxLength: 2 }), fc.nat(9)).map(
  ([body, ks, args, r]) => {
    const numkeys = r === 0 ? '-1' : r === 1 ? String(ks.length + args.length + 1) : r === 2 ? 'x' : String(ks.length);
    return [b(body), b(numkeys), ...ks, ...args];
  },
);

/** SHA1s of bodies above (EVALSHA finds them once EVAL or SCRIPT LOAD ran them) and unknown ones. */
const sha = fc.oneof(
  fc.constantFrom('e0e1f9fabfc9d4800c877a703b823ac0578ff8db', 'd3c21d0c2b9ca22f82737626a27bcaf5d288f99f', 'ffffffffffffffffffffffffffffffffffffffff', 'not-a-sha').map(b),
);

/**
 * HGETALL and SMEMBERS of a hashtable-encoded hash or set come in Redis's dict order, which depends on
 * a hash seed Redis picks at random per process; in RESP3 a script's map or set is also rebuilt from a
 * Lua table, whose order is the Lua implementation's (ours is 5.4, Redis's 5.1). Both are compared
 * unordered, as the other families compare HGETALL and SMEMBERS.
 */
function compareFor(template: Template): Compare {
  const body = template.argv[1];
  if (!Buffer.isBuffer(body)) return EXACT;
  const text = body.toString('latin1');
  if (text.includes("'HGETALL'")) return { kind: 'unorderedPairs' };
  if (text.includes("'SMEMBERS'")) return { kind: 'unordered' };
  return EXACT;
}

export function scriptGens(): CommandGen[] {
  return [
    gen('eval', 10, withCompare(cmd('EVAL', evalArgs), compareFor)),
    gen('eval_ro', 2, withCompare(cmd('EVAL_RO', evalArgs), compareFor)),
    gen('evalsha', 2, cmd('EVALSHA', sha, fc.constantFrom('0', '1').map(b), key)),
    gen('script', 2, cmd('SCRIPT', fc.constantFrom('LOAD', 'load').map(b), script.map(b))),
    gen('script', 1, cmd('SCRIPT', fc.constantFrom('EXISTS').map(b), sha, fc.array(sha, { maxLength: 2 }))),
  ];
}
