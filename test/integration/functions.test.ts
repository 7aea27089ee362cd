// Redis 7 functions: FUNCTION LOAD/LIST/DELETE/FLUSH/STATS/DUMP/RESTORE/KILL/HELP, FCALL, FCALL_RO.
// The first part pins replies read off Redis 7.0.15 and runs without outside programs; the second
// replays command sequences on tsredis and on a real redis-server started by the suite and compares
// the exact reply bytes (RESP2 and RESP3), and moves FUNCTION DUMP payloads between the two.

import { beforeEach, describe, expect, it } from 'vitest';
import { rawReply } from '../helpers/server.js';
import { haveRedisServer, replyMismatches, useRealRedis, useTsredis } from '../helpers/side-by-side.js';

const LIB = `#!lua name=mylib
redis.register_function('echo_key', function(keys, args) return keys[1] end)
redis.register_function{function_name='getter', callback=function(keys, args) return redis.call('get', keys[1]) end, flags={'no-writes'}, description='reads a key'}
redis.register_function{function_name='setter', callback=function(keys, args) return redis.call('set', keys[1], args[1]) end}
redis.register_function{function_name='sneaky', callback=function(keys, args) return redis.call('set', keys[1], args[1]) end, flags={'no-writes'}}
redis.register_function('fails', function(keys, args) return redis.call('nope') end)
redis.register_function('globals', function(keys, args) return KEYS end)
redis.register_function('libs', function(keys, args) return cjson.encode({keys, args}) end)`;

const ONE = (lib: string, fn: string, body = 'return 1'): string =>
  `#!lua name=${lib}\nredis.register_function('${fn}', function(keys, args) ${body} end)`;

const ours = useTsredis({ ioredis: true, resp3: true });

beforeEach(async () => {
  await ours.client.call('FUNCTION', 'FLUSH');
  await ours.client.flushall();
});

describe('FUNCTION and FCALL (replies read off Redis 7.0.15)', () => {
  it('FUNCTION LOAD replies the library name; FCALL passes keys and args; FCALL_RO needs no-writes', async () => {
    expect(await ours.client.call('FUNCTION', 'LOAD', LIB)).toBe('mylib');
    expect(await ours.client.call('FCALL', 'echo_key', '1', 'k1', 'a1')).toBe('k1');
    expect(await ours.client.call('FCALL', 'ECHO_KEY', '1', 'k1')).toBe('k1');
    expect(await ours.client.call('FCALL', 'setter', '1', 'k', 'v')).toBe('OK');
    expect(await ours.client.call('FCALL_RO', 'getter', '1', 'k')).toBe('v');
    expect(await rawReply(ours.raw, 'FCALL_RO', 'setter', '1', 'k', 'v')).toBe(
      '-ERR Can not execute a script with write flag using *_ro command.\r\n',
    );
    expect(await rawReply(ours.raw, 'FCALL', 'sneaky', '1', 'k', 'v')).toBe(
      '-ERR Write commands are not allowed from read-only scripts. script: sneaky, on @user_function:5.\r\n',
    );
    expect(await rawReply(ours.raw, 'FCALL', 'fails', '0')).toBe(
      '-ERR Unknown Redis command called from script script: fails, on @user_function:6.\r\n',
    );
    expect(await rawReply(ours.raw, 'FCALL', 'globals', '0')).toBe(
      "-ERR user_function:7: Script attempted to access nonexistent global variable 'KEYS' script: globals, on @user_function:7.\r\n",
    );
    expect(await ours.client.call('FCALL', 'libs', '1', 'k', 'a')).toBe('[["k"],["a"]]');
  });

  it('FCALL argument errors', async () => {
    await ours.client.call('FUNCTION', 'LOAD', LIB);
    expect(await rawReply(ours.raw, 'FCALL', 'nope', 'x')).toBe('-ERR Function not found\r\n');
    expect(await rawReply(ours.raw, 'FCALL', 'echo_key', 'x')).toBe('-ERR Bad number of keys provided\r\n');
    expect(await rawReply(ours.raw, 'FCALL', 'echo_key', '2', 'a')).toBe("-ERR Number of keys can't be greater than number of args\r\n");
    expect(await rawReply(ours.raw, 'FCALL', 'echo_key', '-1')).toBe("-ERR Number of keys can't be negative\r\n");
    expect(await rawReply(ours.raw, 'EVAL', "return redis.call('fcall', 'echo_key', 0)", '0')).toBe(
      '-ERR This Redis command is not allowed from script script: 2ebd404ca46e47dda3e60139426efd794e9f782d, on @user_script:1.\r\n',
    );
  });

  it('FUNCTION LOAD errors: metadata, names, collisions, load-time sandbox', async () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ['return 1', 'ERR Missing library metadata'],
      ['#!lua name=x', 'ERR Invalid library metadata'],
      ['#!lua\nreturn 1', 'ERR Library name was not given'],
      ['#!js name=x\nreturn 1', "ERR Engine 'js' not found"],
      ['#!lua name=x foo=bar\nreturn 1', 'ERR Invalid metadata value given: foo=bar'],
      ['#!lua name=x name=y\nreturn 1', 'ERR Invalid metadata value, name argument was given multiple times'],
      ['#!lua name=a-b\nreturn 1', 'ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long'],
      ['#!lua name=x\nreturn 1', 'ERR No functions registered'],
      ["#!lua name=x\nredis.call('ping')", "ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'call'"],
      ["#!lua name=x\nredis.register_function('bad name', function() end)", 'ERR Error registering functions: ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long'],
      ["#!lua name=x\nredis.register_function('f', 1)", 'ERR Error registering functions: ERR second argument to redis.register_function must be a function'],
      ["#!lua name=x\nredis.register_function('f')", 'ERR Error registering functions: ERR calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).'],
      ["#!lua name=x\nredis.register_function('f', function() end, 1)", 'ERR Error registering functions: ERR wrong number of arguments to redis.register_function'],
      ["#!lua name=x\nredis.register_function{function_name='f', callback=function() end, flags={'bad'}}", 'ERR Error registering functions: ERR unknown flag given'],
      ["#!lua name=x\nredis.register_function{function_name='f', callback=function() end, foo=1}", 'ERR Error registering functions: ERR unknown argument given to redis.register_function'],
      ['#!lua name=x\nredis.register_function{callback=function() end}', 'ERR Error registering functions: ERR redis.register_function must get a function name argument'],
      ["#!lua name=x\nredis.register_function{function_name='f'}", 'ERR Error registering functions: ERR redis.register_function must get a callback argument'],
      ["#!lua name=x\nredis.register_function('f', function() end)\nredis.register_function('f', function() end)", 'ERR Error registering functions: ERR Function already exists in the library'],
      ["#!lua name=x\nerror('boom')", "ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'error'"],
      ['#!lua name=x\nx = 1', 'ERR Error registering functions: ERR user_function:2: Attempt to modify a readonly table'],
      ["#!lua name=x\nreturn redis.sha1hex('a')", "ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'sha1hex'"],
    ];
    for (const [code, error] of cases) expect(await rawReply(ours.raw, 'FUNCTION', 'LOAD', code)).toBe(`-${error}\r\n`);
    expect(await rawReply(ours.raw, 'FUNCTION', 'LOAD', 'foo', 'bar')).toBe('-ERR Unknown option given: foo\r\n');
    await ours.client.call('FUNCTION', 'LOAD', ONE('x', 'f'));
    expect(await rawReply(ours.raw, 'FUNCTION', 'LOAD', ONE('x', 'g'))).toBe("-ERR Library 'x' already exists\r\n");
    expect(await rawReply(ours.raw, 'FUNCTION', 'LOAD', ONE('y', 'F'))).toBe('-ERR Function F already exists\r\n');
    // A failed load leaves the registry as it was; REPLACE swaps the whole library.
    expect(await ours.client.call('FUNCTION', 'LOAD', 'REPLACE', ONE('x', 'g', 'return 2'))).toBe('x');
    expect(await rawReply(ours.raw, 'FCALL', 'f', '0')).toBe('-ERR Function not found\r\n');
    expect(await ours.client.call('FCALL', 'g', '0')).toBe(2);
    expect(await ours.client.call('FUNCTION', 'LOAD', ONE('y', 'f', 'return 3'))).toBe('y');
    expect(await ours.client.call('FCALL', 'f', '0')).toBe(3);
  });

  it('FUNCTION LIST, STATS, DELETE, FLUSH, KILL', async () => {
    await ours.client.call('FUNCTION', 'LOAD', ONE('lib1', 'f1'));
    const code = ONE('lib1', 'f1');
    const entry = `*6\r\n$12\r\nlibrary_name\r\n$4\r\nlib1\r\n$6\r\nengine\r\n$3\r\nLUA\r\n$9\r\nfunctions\r\n*1\r\n*6\r\n$4\r\nname\r\n$2\r\nf1\r\n$11\r\ndescription\r\n$-1\r\n$5\r\nflags\r\n*0\r\n`;
    expect(await rawReply(ours.raw, 'FUNCTION', 'LIST')).toBe(`*1\r\n${entry}`);
    expect(await rawReply(ours.raw, 'FUNCTION', 'LIST', 'WITHCODE')).toBe(
      `*1\r\n*8${entry.slice(2)}$12\r\nlibrary_code\r\n$${code.length}\r\n${code}\r\n`,
    );
    expect(await rawReply(ours.raw, 'FUNCTION', 'LIST', 'LIBRARYNAME', 'LIB*')).toBe(`*1\r\n${entry}`);
    expect(await rawReply(ours.raw, 'FUNCTION', 'LIST', 'LIBRARYNAME', 'other')).toBe('*0\r\n');
    expect(await rawReply(ours.raw, 'FUNCTION', 'LIST', 'LIBRARYNAME')).toBe('-ERR library name argument was not given\r\n');
    expect(await rawReply(ours.raw, 'FUNCTION', 'LIST', 'WITHCODE', 'WITHCODE')).toBe('-ERR Unknown argument WITHCODE\r\n');
    expect(await rawReply(ours.raw, 'FUNCTION', 'STATS')).toBe(
      '*4\r\n$14\r\nrunning_script\r\n$-1\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n$15\r\nlibraries_count\r\n:1\r\n$15\r\nfunctions_count\r\n:1\r\n',
    );
    expect(await rawReply(ours.raw, 'FUNCTION', 'KILL')).toBe('-NOTBUSY No scripts in execution right now.\r\n');
    expect(await rawReply(ours.raw, 'FUNCTION', 'DELETE', 'nope')).toBe('-ERR Library not found\r\n');
    expect(await rawReply(ours.raw, 'FUNCTION', 'FLUSH', 'foo')).toBe('-ERR FUNCTION FLUSH only supports SYNC|ASYNC option\r\n');
    expect(await rawReply(ours.raw, 'FUNCTION', 'DELETE', 'lib1')).toBe('+OK\r\n');
    expect(await rawReply(ours.raw, 'FCALL', 'f1', '0')).toBe('-ERR Function not found\r\n');
    await ours.client.call('FUNCTION', 'LOAD', ONE('lib1', 'f1'));
    expect(await rawReply(ours.raw, 'FUNCTION', 'FLUSH', 'ASYNC')).toBe('+OK\r\n');
    expect(await rawReply(ours.raw, 'FUNCTION', 'LIST')).toBe('*0\r\n');
    const help = (await ours.client.call('FUNCTION', 'HELP')) as string[];
    expect(help[0]).toBe('FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help).toHaveLength(40);
  });

  it('declared flags: *_RO needs no-writes; out of memory needs allow-oom or no-writes (eval compat mode is exempt)', async () => {
    const ro = '-ERR Can not execute a script with write flag using *_ro command.\r\n';
    const oom = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";
    expect(await rawReply(ours.raw, 'EVAL_RO', '#!lua\nreturn 1', '0')).toBe(ro);
    expect(await rawReply(ours.raw, 'EVAL_RO', '#!lua flags=no-writes\nreturn 1', '0')).toBe(':1\r\n');
    expect(await rawReply(ours.raw, 'EVAL_RO', 'return 1', '0')).toBe(':1\r\n');
    await ours.client.call('FUNCTION', 'LOAD', `#!lua name=o
redis.register_function('w', function(k, a) return redis.call('set', 'x', '1') end)
redis.register_function{function_name='ao', callback=function(k, a) return redis.call('set', 'x', '1') end, flags={'allow-oom'}}
redis.register_function{function_name='nw', callback=function(k, a) return redis.call('get', 'x') end, flags={'no-writes'}}`);
    await ours.client.config('SET', 'maxmemory', '1');
    try {
      expect(await rawReply(ours.raw, 'EVAL', "#!lua\nreturn redis.call('get', 'x')", '0')).toBe(oom);
      expect(await rawReply(ours.raw, 'EVAL', "#!lua flags=allow-oom\nreturn redis.call('set', 'x', '1')", '0')).toBe('+OK\r\n');
      expect(await rawReply(ours.raw, 'EVAL', "#!lua flags=no-writes\nreturn redis.call('get', 'x')", '0')).toBe('$1\r\n1\r\n');
      expect(await rawReply(ours.raw, 'EVAL', "return redis.call('get', 'x')", '0')).toBe('$1\r\n1\r\n');
      expect(await rawReply(ours.raw, 'FCALL', 'w', '0')).toBe(oom);
      expect(await rawReply(ours.raw, 'FCALL', 'ao', '0')).toBe('+OK\r\n');
      expect(await rawReply(ours.raw, 'FCALL', 'nw', '0')).toBe('$1\r\n1\r\n');
    } finally {
      await ours.client.config('SET', 'maxmemory', '0');
    }
  });

  it('a library whose code runs past 500 ms fails with FUNCTION LOAD timeout, and the server carries on', async () => {
    const started = performance.now();
    expect(await rawReply(ours.raw, 'FUNCTION', 'LOAD', '#!lua name=loop\nlocal i = 0 while true do i = i + 1 end')).toBe(
      '-ERR Error registering functions: ERR FUNCTION LOAD timeout\r\n',
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(490);
    expect(await ours.client.call('FUNCTION', 'LOAD', ONE('after', 'f'))).toBe('after');
    expect(await ours.client.call('FCALL', 'f', '0')).toBe(1);
    // The hook is gone once the load is over: a long script is not cut short.
    expect(await ours.client.eval('local i = 0 for j = 1, 3e7 do i = i + 1 end return i', 0)).toBe(30000000);
  });

  it('INFO memory counts cached scripts, functions and libraries', async () => {
    await ours.client.call('SCRIPT', 'FLUSH');
    await ours.client.call('FUNCTION', 'LOAD', LIB);
    await ours.client.call('FUNCTION', 'LOAD', ONE('other', 'o'));
    await ours.client.eval('return 1', 0);
    const info = (await ours.client.info('memory')).split('\r\n');
    expect(info).toContain('number_of_cached_scripts:1');
    expect(info).toContain('number_of_functions:8');
    expect(info).toContain('number_of_libraries:2');
  });

  it('FUNCTION DUMP and RESTORE with the FLUSH, APPEND and REPLACE policies', async () => {
    await ours.client.call('FUNCTION', 'LOAD', ONE('x', 'f'));
    const payload = (await ours.client.callBuffer('FUNCTION', 'DUMP')) as Buffer;
    const code = Buffer.from(ONE('x', 'f'));
    // FUNCTION2 opcode, a 14-bit length (the code does not compress), the code, RDB version 10, CRC.
    expect(payload.subarray(0, 3)).toEqual(Buffer.from([0xf5, 0x40, code.length]));
    expect(payload.readUInt16LE(payload.length - 10)).toBe(10);
    expect(await rawReply(ours.raw, 'FUNCTION', 'RESTORE', payload)).toBe('-ERR Library x already exists\r\n');
    expect(await rawReply(ours.raw, 'FUNCTION', 'RESTORE', payload, 'REPLACE')).toBe('+OK\r\n');
    await ours.client.call('FUNCTION', 'FLUSH');
    await ours.client.call('FUNCTION', 'LOAD', ONE('y', 'g'));
    expect(await rawReply(ours.raw, 'FUNCTION', 'RESTORE', payload, 'FLUSH')).toBe('+OK\r\n');
    expect(await rawReply(ours.raw, 'FCALL', 'g', '0')).toBe('-ERR Function not found\r\n');
    expect(await ours.client.call('FCALL', 'f', '0')).toBe(1);
    expect(await rawReply(ours.raw, 'FUNCTION', 'RESTORE', 'abc')).toBe('-ERR DUMP payload version or checksum are wrong\r\n');
    expect(await rawReply(ours.raw, 'FUNCTION', 'RESTORE', payload, 'foo')).toBe(
      '-ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.\r\n',
    );
  });
});

/** Command sequences replayed on both servers (each after FUNCTION FLUSH + FLUSHALL). */
const SEQUENCES: ReadonlyArray<ReadonlyArray<ReadonlyArray<string>>> = [
  [['FUNCTION', 'LOAD', LIB], ['FCALL', 'echo_key', '1', 'a', 'b'], ['FCALL', 'setter', '1', 'k', 'v'], ['FCALL_RO', 'getter', '1', 'k'],
    ['FCALL_RO', 'setter', '1', 'k', 'v'], ['FCALL', 'sneaky', '1', 'k', 'v'], ['FCALL', 'fails', '0'], ['FCALL', 'globals', '0'],
    ['FCALL', 'libs', '2', 'k', 'j', 'a'], ['FUNCTION', 'STATS'], ['FUNCTION', 'LOAD', LIB], ['FUNCTION', 'DELETE', 'mylib'], ['FUNCTION', 'STATS']],
  [['FUNCTION', 'LOAD', ONE('a', 'f')], ['FUNCTION', 'LIST'], ['FUNCTION', 'LIST', 'WITHCODE', 'LIBRARYNAME', 'A'],
    ['FUNCTION', 'LOAD', 'REPLACE', ONE('a', 'g', "return redis.call('incr', KEYS and 'x' or 'y')")], ['FCALL', 'g', '0'],
    ['FUNCTION', 'LOAD', ONE('b', 'G')], ['FUNCTION', 'LOAD', "#!lua name=c\nredis.register_function{function_name='h', callback=function() return redis.setresp(3) end, flags={'allow-oom','no-writes','allow-stale'}, description='d'}"],
    ['FUNCTION', 'LIST', 'LIBRARYNAME', 'c'], ['FCALL_RO', 'h', '0'], ['FUNCTION', 'FLUSH', 'SYNC'], ['FUNCTION', 'LIST'], ['FUNCTION', 'HELP']],
  [['FUNCTION', 'LOAD', "#!lua name=t\nredis.register_function('t', function(k, a) return {1, 'two', {ok='fine'}, false, 3.7, redis.call('hset', k[1], 'f', 'v'), redis.call('hgetall', k[1])} end)"],
    ['FCALL', 't', '1', 'h'], ['FCALL', 't', '0'], ['FCALL', 'T', '1', 'h']],
  [['FUNCTION', 'LOAD', "#!lua name=e\nredis.register_function('e', function(k, a) return redis.error_reply('MY custom') end)\nredis.register_function('p', function(k, a) return redis.pcall('incr', k[1]) end)"],
    ['SET', 's', 'abc'], ['FCALL', 'e', '0'], ['FCALL', 'p', '1', 's'], ['FUNCTION', 'DELETE', 'e'], ['FUNCTION', 'DELETE', 'e']],
  [['FUNCTION', 'LOAD', `#!lua name=misc
local calls = 0
local function helper(x) return 'h:' .. x end
redis.log(redis.LOG_NOTICE, 'loading misc ' .. redis.REDIS_VERSION)
redis.register_function('up', function(k, a) calls = calls + 1 return {helper(a[1]), calls} end)
redis.register_function('again', function(k, a) return redis.register_function('x', function() end) end)
redis.register_function('resp3', function(k, a) redis.setresp(3) return redis.call('hgetall', k[1]) end)
redis.register_function('libs', function(k, a) return {cjson.encode({a[1]}), struct.pack('>I2', 258), bit.bxor(5, 1)} end)
redis.register_function('ro_inside', function(k, a) return redis.pcall('set', k[1], 'v') end)
redis.register_function{function_name='desc_only', description='no flags', callback=function() return redis.status_reply('FINE') end}`],
    ['HSET', 'hh', 'f', 'v'], ['FCALL', 'up', '0', 'x'], ['FCALL', 'up', '0', 'y'], ['FCALL', 'again', '0'], ['FCALL', 'resp3', '1', 'hh'],
    ['FCALL', 'libs', '0', 'z'], ['FCALL_RO', 'ro_inside', '1', 'k'], ['FCALL', 'desc_only', '0'],
    ['EVAL', "return redis.register_function('x', function() end)", '0'], ['FUNCTION', 'LIST', 'LIBRARYNAME', 'nomatch*']],
];

describe.runIf(haveRedisServer())('FUNCTION and FCALL: tsredis and redis-server 7.0 reply the same bytes', () => {
  const real = useRealRedis({ resp3: true, ioredis: true });

  it.each([2, 3] as const)('command sequences in RESP%i', async (protocol) => {
    const [a, b] = protocol === 2 ? [ours.raw, real.raw] : [ours.raw3, real.raw3];
    const mismatches: string[] = [];
    for (const sequence of SEQUENCES) {
      for (const client of [a, b]) {
        await rawReply(client, 'FUNCTION', 'FLUSH');
        await rawReply(client, 'FLUSHALL');
      }
      const report = await replyMismatches(a, b, sequence);
      if (report !== '') mismatches.push(report);
    }
    expect(mismatches.join('\n')).toBe('');
  });

  it('FUNCTION DUMP payloads restore on the other server (byte-identical when uncompressed)', async () => {
    await real.client.call('FUNCTION', 'FLUSH');
    const code = ONE('dumped', 'df', "return 'from ' .. args[1]");
    const longCode = `${ONE('big', 'bf')}\n${'-- padding that compresses well '.repeat(20)}`;
    for (const c of [ours.client, real.client]) {
      await c.call('FUNCTION', 'LOAD', code);
    }
    const ourDump = (await ours.client.callBuffer('FUNCTION', 'DUMP')) as Buffer;
    const theirDump = (await real.client.callBuffer('FUNCTION', 'DUMP')) as Buffer;
    expect(ourDump.equals(theirDump)).toBe(true);
    await real.client.call('FUNCTION', 'FLUSH');
    expect(await real.client.call('FUNCTION', 'RESTORE', ourDump)).toBe('OK');
    expect(await real.client.call('FCALL', 'df', '0', 'redis')).toBe('from redis');
    await real.client.call('FUNCTION', 'LOAD', longCode);
    await real.client.call('FUNCTION', 'DELETE', 'dumped');
    const compressed = (await real.client.callBuffer('FUNCTION', 'DUMP')) as Buffer;
    expect(await ours.client.call('FUNCTION', 'RESTORE', compressed)).toBe('OK');
    expect(await ours.client.call('FCALL', 'bf', '0')).toBe(1);
    // Our LZF output need not be Redis's byte for byte; it must restore there.
    await ours.client.call('FUNCTION', 'DELETE', 'dumped');
    const ourCompressed = (await ours.client.callBuffer('FUNCTION', 'DUMP')) as Buffer;
    expect(ourCompressed.length).toBeLessThan(longCode.length);
    expect(await real.client.call('FUNCTION', 'RESTORE', ourCompressed, 'FLUSH')).toBe('OK');
    expect(await real.client.call('FCALL', 'bf', '0')).toBe(1);
  });
});
