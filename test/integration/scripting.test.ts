// Scripting over TCP: EVAL/EVALSHA/EVAL_RO/EVALSHA_RO and SCRIPT with ioredis and raw sockets.
// CONVERSION_CASES were run against Redis 7.0.15 and tsredis in sequence on one connection; every
// expected reply below is the exact bytes real Redis sent (verified; the library cases, cjson
// included, are in scripting-libs.test.ts). Error texts were read off Redis 7.0.15.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RawClient, resp, startTestServer, type RunningServer } from '../helpers/server.js';

let srv: RunningServer;
let r: Redis;
let raw: RawClient;

beforeAll(async () => {
  srv = await startTestServer();
  r = new Redis(srv.port, '127.0.0.1', { enableReadyCheck: false });
  raw = await RawClient.connect(srv.port);
});

afterAll(async () => {
  r.disconnect();
  raw.close();
  await srv.close();
});

/** Send one EVAL on the raw connection and return the reply bytes as latin1. */
async function evalRaw(body: string, numkeys: number, args: readonly string[]): Promise<string> {
  raw.write(resp('EVAL', body, String(numkeys), ...args));
  return (await raw.readBytes(1, 2000)).toString('latin1') + (await drain());
}

/** Whatever else arrives shortly (multi-chunk replies). */
async function drain(): Promise<string> {
  return (await raw.readBytes(1 << 20, 30)).toString('latin1');
}

/** [script, numkeys, keys and args, exact reply from Redis 7.0.15], run in order after FLUSHALL, SET s abc, HSET h f v. */
const CONVERSION_CASES: ReadonlyArray<readonly [string, number, readonly string[], string]> = [
  ["return 42", 0, [], ":42\r\n"],
  ["return 3.99", 0, [], ":3\r\n"],
  ["return -3.99", 0, [], ":-3\r\n"],
  ["return 'hello'", 0, [], "$5\r\nhello\r\n"],
  ["return true", 0, [], ":1\r\n"],
  ["return false", 0, [], "$-1\r\n"],
  ["return nil", 0, [], "$-1\r\n"],
  ["return {1,2,3.99,'x',true,false,nil,5}", 0, [], "*6\r\n:1\r\n:2\r\n:3\r\n$1\r\nx\r\n:1\r\n$-1\r\n"],
  ["return {ok='fine'}", 0, [], "+fine\r\n"],
  ["return {err='boom'}", 0, [], "-boom\r\n"],
  ["return {err='ERR with\\nnewline'}", 0, [], "-ERR with newline\r\n"],
  ["return {1, {2, {3}}, {ok='s'}}", 0, [], "*3\r\n:1\r\n*2\r\n:2\r\n*1\r\n:3\r\n+s\r\n"],
  ["return redis.call('get', KEYS[1])", 1, ["missing"], "$-1\r\n"],
  ["return redis.call('set', KEYS[1], 'v')", 1, ["k"], "+OK\r\n"],
  ["return redis.call('incr', KEYS[1])", 1, ["n"], ":1\r\n"],
  ["local r = redis.call('set', KEYS[1], 'v'); return type(r) .. ':' .. r.ok", 1, ["k"], "$8\r\ntable:OK\r\n"],
  ["return type(redis.call('get', 'missing'))", 0, [], "$7\r\nboolean\r\n"],
  ["return redis.call('hgetall', KEYS[1])", 1, ["h"], "*2\r\n$1\r\nf\r\n$1\r\nv\r\n"],
  ["redis.call('rpush', KEYS[1], 'a', 'b'); return redis.call('lrange', KEYS[1], 0, -1)", 1, ["l"], "*2\r\n$1\r\na\r\n$1\r\nb\r\n"],
  ["return redis.pcall('incr', KEYS[1])", 1, ["s"], "-ERR value is not an integer or out of range\r\n"],
  ["local e = redis.pcall('incr', KEYS[1]); return e.err", 1, ["s"], "$43\r\nERR value is not an integer or out of range\r\n"],
  ["return tostring(10/2)", 0, [], "$1\r\n5\r\n"],
  ["return tostring(1e15)..' '..tostring(123456789012345)..' '..tostring(0.1)", 0, [], "$29\r\n1e+15 1.2345678901234e+14 0.1\r\n"],
  ["return string.format('%d|%s|%5.2f', 3.7, 10/2, 1.5)", 0, [], "$9\r\n3|5| 1.50\r\n"],
  ["return #{1,2,nil,4}", 0, [], ":4\r\n"],
  ["return table.getn({1,2,3})", 0, [], ":3\r\n"],
  ["return {unpack({1,2,3})}", 0, [], "*3\r\n:1\r\n:2\r\n:3\r\n"],
  ["return math.floor(7/2)", 0, [], ":3\r\n"],
  ["return 7 % 3", 0, [], ":1\r\n"],
  ["return redis.call('set', KEYS[1], 10/2)", 1, ["f"], "+OK\r\n"],
  ["return redis.call('get', KEYS[1])", 1, ["f"], "$1\r\n5\r\n"],
  ["return redis.sha1hex('abc')", 0, [], "$40\r\na9993e364706816aba3e25717850c26c9cd0d89d\r\n"],
  ["return redis.status_reply('PONGISH')", 0, [], "+PONGISH\r\n"],
  ["return redis.error_reply('MYERR custom')", 0, [], "-MYERR custom\r\n"],
  ["return redis.error_reply('no code')", 0, [], "-no code\r\n"],
  ["return {ARGV[1], ARGV[2], KEYS[1]}", 1, ["k1", "a1", "a2"], "*3\r\n$2\r\na1\r\n$2\r\na2\r\n$2\r\nk1\r\n"],
  ["return #KEYS + #ARGV", 1, ["a", "b", "c"], ":3\r\n"],
  ["redis.call('select', 5); redis.call('set', 'in5', 'x'); return redis.call('dbsize')", 0, [], ":1\r\n"],
  ["return redis.call('exists', 'in5')", 0, [], ":0\r\n"],
  ["return redis.call('blpop', 'nolist', 0)", 0, [], "-ERR This Redis command is not allowed from script script: a3cef14236376ebb82ffd8a751bf777e73a8e89c, on @user_script:1.\r\n"],
  ["return bit.band(0xff, 0x0f)", 0, [], ":15\r\n"],
  ["return bit.bor(1, 2, 4)", 0, [], ":7\r\n"],
  ["return bit.tohex(255)", 0, [], "$8\r\n000000ff\r\n"],
  ["return bit.bnot(0)", 0, [], ":-1\r\n"],
  ["redis.setresp(3); return redis.call('hgetall', KEYS[1])", 1, ["h"], "*2\r\n$1\r\nf\r\n$1\r\nv\r\n"],
  ["redis.setresp(3); local r = redis.call('hgetall', KEYS[1]); return type(r.map)", 1, ["h"], "$5\r\ntable\r\n"],
  ["return redis.call('ping')", 0, [], "+PONG\r\n"],
  ["return redis.call('zadd', KEYS[1], 1.5, 'a')", 1, ["z"], ":1\r\n"],
  ["return redis.call('zscore', KEYS[1], 'a')", 1, ["z"], "$3\r\n1.5\r\n"],
  ["redis.setresp(3); return redis.call('zscore', KEYS[1], 'a')", 1, ["z"], "$3\r\n1.5\r\n"],
  ["redis.setresp(3); local d = redis.call('zscore', KEYS[1], 'a'); return tostring(d.double)", 1, ["z"], "$3\r\n1.5\r\n"],
];

describe('Lua <-> Redis conversions (each case verified against Redis 7.0.15)', () => {
  it('every case replies the bytes Redis 7.0.15 replied', async () => {
    raw.write(resp('FLUSHALL'));
    await raw.readUntil('+OK\r\n');
    raw.write(resp('SET', 's', 'abc'));
    await raw.readUntil('+OK\r\n');
    raw.write(resp('HSET', 'h', 'f', 'v'));
    await raw.readUntil(':1\r\n');
    for (const [body, numkeys, args, expected] of CONVERSION_CASES) {
      expect(await evalRaw(body, numkeys, args), body).toBe(expected);
    }
  });
});

describe('integer replies beyond 2^53 reach a script as Lua 5.1 doubles (read off Redis 7.0.15)', () => {
  it('INCR near 2^63: tostring shows the double, the reply comes back rounded or as LLONG_MIN', async () => {
    await r.set('big', '9223372036854775806');
    expect(await evalRaw("local n = redis.call('INCR', KEYS[1]) return {tostring(n), n}", 1, ['big'])).toBe(
      '*2\r\n$19\r\n9.2233720368548e+18\r\n:-9223372036854775808\r\n',
    );
    await r.set('big', '-9223372036854775807');
    expect(await evalRaw("local n = redis.call('DECRBY', KEYS[1], 0) return {n, tostring(n + 1)}", 1, ['big'])).toBe(
      '*2\r\n:-9223372036854775808\r\n$20\r\n-9.2233720368548e+18\r\n',
    );
    expect(await evalRaw("return redis.call('INCRBY', KEYS[1], 0) - 1 == -2^63 - 1", 1, ['big'])).toBe(':1\r\n');
  });
});

describe('EVAL and EVALSHA', () => {
  it('runs redis.call against the caller database with KEYS and ARGV', async () => {
    await r.flushall();
    expect(await r.eval("return redis.call('SET', KEYS[1], ARGV[1])", 1, 'greeting', 'hello')).toBe('OK');
    expect(await r.get('greeting')).toBe('hello');
  });

  it('caches by sha1: EVALSHA after EVAL, NOSCRIPT for an unknown sha', async () => {
    const body = "return redis.call('GET', KEYS[1])";
    const sha = await r.script('LOAD', body);
    expect(sha).toBe('d3c21d0c2b9ca22f82737626a27bcaf5d288f99f');
    expect(await r.evalsha(sha as string, 1, 'greeting')).toBe('hello');
    expect(await r.evalsha((sha as string).toUpperCase(), 1, 'greeting')).toBe('hello');
    await expect(r.evalsha('ffffffffffffffffffffffffffffffffffffffff', 0)).rejects.toThrow('NOSCRIPT No matching script. Please use EVAL.');
    await expect(r.evalsha('abc', 0)).rejects.toThrow('NOSCRIPT No matching script. Please use EVAL.');
  });

  it('ioredis defineCommand (numberOfKeys + lua) uses EVALSHA and falls back to EVAL after SCRIPT FLUSH', async () => {
    r.defineCommand('incrTwice', { numberOfKeys: 1, lua: "redis.call('INCR', KEYS[1]); return redis.call('INCRBY', KEYS[1], ARGV[1])" });
    const client = r as Redis & { incrTwice(key: string, by: number): Promise<number> };
    await r.del('counter');
    expect(await client.incrTwice('counter', 5)).toBe(6);
    expect(await client.incrTwice('counter', 5)).toBe(12);
    expect(await r.script('FLUSH')).toBe('OK');
    expect(await client.incrTwice('counter', 1)).toBe(14);
  });

  it('rejects bad numkeys with Redis texts', async () => {
    await expect(r.eval('return 1', -1)).rejects.toThrow("ERR Number of keys can't be negative");
    await expect(r.eval('return 1', 3, 'a')).rejects.toThrow("ERR Number of keys can't be greater than number of args");
    await expect(r.call('EVAL', 'return 1', 'abc')).rejects.toThrow('ERR value is not an integer or out of range');
    await expect(r.call('EVAL', 'return 1')).rejects.toThrow("ERR wrong number of arguments for 'eval' command");
  });

  it('reports errors with the script sha and line, as Redis 7.0 does', async () => {
    await r.set('s', 'abc');
    const sha = await r.script('LOAD', "local x = 1\nreturn redis.call('incr', KEYS[1])");
    await expect(r.evalsha(sha as string, 1, 's')).rejects.toThrow(
      `ERR value is not an integer or out of range script: ${sha as string}, on @user_script:2.`,
    );
    await expect(r.eval("return redis.call('nosuch')", 0)).rejects.toThrow(
      'ERR Unknown Redis command called from script script: 206396248e12c6e742fd7296250433c8d7343b74, on @user_script:1.',
    );
    await expect(r.eval("return redis.call('get')", 0)).rejects.toThrow(
      'ERR Wrong number of args calling Redis command from script script: f187dee77f607f7cff00bbabc9df38507582c78d, on @user_script:1.',
    );
    await expect(r.eval("return redis.call('subscribe','x')", 0)).rejects.toThrow(
      'ERR This Redis command is not allowed from script script: 2f334966be3d5602175118691c9d198b0a695e53, on @user_script:1.',
    );
    await expect(r.eval("error('oops')", 0)).rejects.toThrow(
      'ERR user_script:1: oops script: ecbfd853fb31b2d3e1c05e7dc59c79ae5f9ae363, on @user_script:1.',
    );
    await expect(r.eval("error({err='X y'})", 0)).rejects.toThrow('X y script: 4fba4bac04df521d52f90e9091a962514f12c323, on @user_script:1.');
    await expect(r.eval('syntax error here', 0)).rejects.toThrow('ERR Error compiling script (new function): user_script:1:');
    await expect(r.eval('return redis.setresp(4)', 0)).rejects.toThrow(
      'ERR RESP version must be 2 or 3. script: 921c0a48021d97dfd5884aeea41875972c7804d9, on @user_script:1.',
    );
    await expect(r.eval("redis.log(99, 'x')", 0)).rejects.toThrow('ERR Invalid debug level. script: ');
    await expect(r.eval('return redis.call()', 0)).rejects.toThrow(
      'ERR Please specify at least one argument for this redis lib call script: 0a907e1429221a4d85516cab7fd219a82a9439d8, on @user_script:1.',
    );
    await expect(r.eval("return redis.call('get', {})", 0)).rejects.toThrow(
      'ERR Lua redis lib command arguments must be strings or integers script: 4368e88f98d93af9caf358186e5fbf273374ee91, on @user_script:1.',
    );
  });

  it('redis.pcall returns the error as a table; pcall(redis.call) yields its text', async () => {
    await expect(r.eval("return redis.pcall('nosuch')", 0)).rejects.toThrow(/^ERR Unknown Redis command called from script$/);
    expect(await r.eval("local ok, e = pcall(redis.call, 'nosuch'); return e", 0)).toBe('ERR Unknown Redis command called from script');
  });

  it('protects globals: no new globals, no unknown reads, no os/io/print/require', async () => {
    await expect(r.eval('x = 1', 0)).rejects.toThrow(
      'ERR user_script:1: Attempt to modify a readonly table script: 34bce5f775de97f557a34088509c8bfe1ea17e52, on @user_script:1.',
    );
    await expect(r.eval('return x', 0)).rejects.toThrow(
      "ERR user_script:1: Script attempted to access nonexistent global variable 'x' script: 03c387736bb5cc009ff35151572cee04677aa374, on @user_script:1.",
    );
    await expect(r.eval('redis.call = 1', 0)).rejects.toThrow('Attempt to modify a readonly table');
    for (const name of ['os', 'io', 'print', 'require', 'dofile', 'loadfile', 'debug', 'setfenv', 'module']) {
      await expect(r.eval(`return type(${name})`, 0), name).rejects.toThrow(`nonexistent global variable '${name}'`);
    }
    expect(await r.eval('return type(loadstring)', 0)).toBe('function');
  });

  it('EVAL_RO and #!lua flags=no-writes refuse writes', async () => {
    await expect(r.call('EVAL_RO', "return redis.call('set','x','1')", '0')).rejects.toThrow(
      'ERR Write commands are not allowed from read-only scripts. script: 8b2ae6dd76cda7fc3e27f97431ae27d7b08a221d, on @user_script:1.',
    );
    await r.set('ro', 'v');
    expect(await r.call('EVAL_RO', "return redis.call('get', KEYS[1])", '1', 'ro')).toBe('v');
    const sha = await r.script('LOAD', "return redis.call('get', KEYS[1])");
    expect(await r.call('EVALSHA_RO', sha as string, '1', 'ro')).toBe('v');
    await expect(r.eval("#!lua flags=no-writes\nreturn redis.call('set','x','1')", 0)).rejects.toThrow(
      'ERR Write commands are not allowed from read-only scripts. script: 6496c2741353a8e9e5fd8f1f4205c2149edef733, on @user_script:2.',
    );
    await expect(r.eval('#!python\nreturn 1', 0)).rejects.toThrow('ERR Unexpected engine in script shebang: #!python');
    await expect(r.eval('#!lua flags=bogus\nreturn 1', 0)).rejects.toThrow('ERR Unexpected flag in script shebang: bogus');
  });

  it('SELECT inside a script moves only the script', async () => {
    await r.select(0);
    await r.del('in5');
    expect(await r.eval("redis.call('select', 5); return redis.call('set', 'in5', 'x')", 0)).toBe('OK');
    expect(await r.exists('in5')).toBe(0);
    await r.select(5);
    expect(await r.get('in5')).toBe('x');
    await r.select(0);
  });
});

describe('SCRIPT', () => {
  it('LOAD, EXISTS, FLUSH [ASYNC|SYNC], KILL, HELP', async () => {
    const sha = await r.script('LOAD', 'return 1');
    expect(sha).toBe('e0e1f9fabfc9d4800c877a703b823ac0578ff8db');
    expect(await r.script('EXISTS', sha as string, 'abc')).toEqual([1, 0]);
    expect(await r.call('SCRIPT', 'FLUSH', 'ASYNC')).toBe('OK');
    expect(await r.script('EXISTS', sha as string)).toEqual([0]);
    expect(await r.call('SCRIPT', 'FLUSH', 'SYNC')).toBe('OK');
    await expect(r.call('SCRIPT', 'FLUSH', 'bogus')).rejects.toThrow('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
    await expect(r.call('SCRIPT', 'KILL')).rejects.toThrow('NOTBUSY No scripts in execution right now.');
    await expect(r.call('SCRIPT', 'LOAD', 'syntax error here')).rejects.toThrow('ERR Error compiling script (new function)');
    const help = (await r.call('SCRIPT', 'HELP')) as string[];
    expect(help[0]).toBe('SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help).toHaveLength(17);
    await expect(r.call('SCRIPT', 'BOGUS')).rejects.toThrow("ERR unknown subcommand 'BOGUS'. Try SCRIPT HELP.");
  });
});

describe('atomicity', () => {
  it('a script that pushes to a list wakes a blocked BLPOP only after the script ended', async () => {
    await r.del('queue', 'seen');
    const blocker = new Redis(srv.port, '127.0.0.1', { enableReadyCheck: false });
    const popped = blocker.blpop('queue', 5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The script pushes then pops again: the blocked client must not see the element in between.
    const result = await r.eval("redis.call('rpush', KEYS[1], 'a', 'b'); return redis.call('lpop', KEYS[1])", 1, 'queue');
    expect(result).toBe('a');
    expect(await popped).toEqual(['queue', 'b']);
    blocker.disconnect();
  });

  it('blocking list commands are refused inside a script (noscript in Redis 7.0)', async () => {
    await expect(r.eval("return redis.call('blpop', KEYS[1], 0)", 1, 'empty')).rejects.toThrow(
      'ERR This Redis command is not allowed from script script: ',
    );
  });
});
