// Generic keyspace commands over TCP with ioredis: DEL, UNLINK, EXISTS, TYPE, RENAME(NX), COPY,
// MOVE, TOUCH, DBSIZE, SWAPDB, FLUSHDB, FLUSHALL, OBJECT (listing keys: keyspace-scan.test.ts).
// Every expected reply and error text was read off a real redis-server 7.0.15.

import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startTestServer, errorOf } from '../helpers/server.js';
import { sorted, useKeyspaceServer } from './keyspace-server.js';

const { ours, connect } = useKeyspaceServer();

describe('DEL, UNLINK, EXISTS, TYPE, TOUCH', () => {
  it('DEL and UNLINK reply how many of the keys existed', async () => {
    await ours.client.set('a', '1');
    await ours.client.set('b', '2');
    await ours.client.set('c', '3');
    expect(await ours.client.del('a', 'b', 'missing', 'a')).toBe(2);
    expect(await ours.client.unlink('c', 'missing')).toBe(1);
    expect(await ours.client.dbsize()).toBe(0);
  });

  it('EXISTS counts a repeated key once per mention', async () => {
    await ours.client.set('a', '1');
    expect(await ours.client.exists('a', 'a', 'missing', 'a')).toBe(3);
    expect(await ours.client.exists('missing')).toBe(0);
  });

  it('TYPE replies the type name, or none', async () => {
    await ours.client.set('s', 'v');
    expect(await ours.client.type('s')).toBe('string');
    expect(await ours.client.type('missing')).toBe('none');
  });

  it('TOUCH counts existing keys and resets their idle time', async () => {
    ours.clock.freeze();
    await ours.client.set('a', '1');
    ours.clock.advance(30_000);
    expect(await ours.client.call('object', 'idletime', 'a')).toBe(30);
    expect(await ours.client.touch('a', 'missing', 'a')).toBe(2);
    expect(await ours.client.call('object', 'idletime', 'a')).toBe(0);
  });

  it('EXISTS, TYPE and OBJECT do not reset the idle time', async () => {
    ours.clock.freeze();
    await ours.client.set('a', '1');
    ours.clock.advance(12_000);
    await ours.client.exists('a');
    await ours.client.type('a');
    await ours.client.call('object', 'encoding', 'a');
    expect(await ours.client.call('object', 'idletime', 'a')).toBe(12);
  });

  it('count keyspace hits and misses as Redis does', async () => {
    await ours.client.set('a', '1');
    const stats = ours.server.stats;
    const before = { hits: stats.keyspaceHits, misses: stats.keyspaceMisses };
    await ours.client.exists('a', 'nope'); // 1 hit, 1 miss
    await ours.client.type('a'); // 1 hit
    await ours.client.touch('a', 'nope'); // 1 hit, 1 miss
    await ours.client.call('object', 'encoding', 'nope'); // 1 miss
    await ours.client.del('a', 'nope'); // none
    await ours.client.call('keys', '*'); // none
    expect(stats.keyspaceHits - before.hits).toBe(3);
    expect(stats.keyspaceMisses - before.misses).toBe(3);
  });

  it('DEL of a key whose TTL passed counts it as expired, not deleted', async () => {
    ours.server.expireCycle.enabled = false;
    await ours.client.set('gone', '1');
    await ours.client.set('here', '1');
    // Put the expiry in the past without moving the clock, as if the cron had not run yet.
    ours.server.keyspace.db(0).setExpire('gone', ours.clock.now() - 1000);
    const expiredBefore = ours.server.stats.expiredKeys;
    expect(await ours.client.dbsize()).toBe(2);
    expect(await ours.client.del('gone', 'here')).toBe(1);
    expect(ours.server.stats.expiredKeys - expiredBefore).toBe(1);
  });
});

describe('RENAME and RENAMENX', () => {
  it('RENAME moves the value and its TTL, replacing the destination', async () => {
    ours.clock.freeze();
    await ours.client.set('src', 'v1');
    await ours.client.pexpire('src', 50_000);
    await ours.client.set('dst', 'old');
    await ours.client.pexpire('dst', 99_000);
    expect(await ours.client.rename('src', 'dst')).toBe('OK');
    expect(await ours.client.get('dst')).toBe('v1');
    expect(await ours.client.pttl('dst')).toBe(50_000);
    expect(await ours.client.exists('src')).toBe(0);
  });

  it('RENAME of a key without TTL onto one with a TTL leaves no TTL', async () => {
    await ours.client.set('src', 'v');
    await ours.client.set('dst', 'old');
    await ours.client.expire('dst', 100);
    await ours.client.rename('src', 'dst');
    expect(await ours.client.ttl('dst')).toBe(-1);
  });

  it('RENAME of a missing key is ERR no such key, even onto itself', async () => {
    expect(await errorOf(ours.client.rename('missing', 'x'))).toBe('ERR no such key');
    expect(await errorOf(ours.client.rename('missing', 'missing'))).toBe('ERR no such key');
    expect(await errorOf(ours.client.renamenx('missing', 'x'))).toBe('ERR no such key');
  });

  it('RENAME onto itself is OK, RENAMENX onto itself is 0, and the key stays', async () => {
    await ours.client.set('k', 'v');
    await ours.client.expire('k', 100);
    expect(await ours.client.rename('k', 'k')).toBe('OK');
    expect(await ours.client.renamenx('k', 'k')).toBe(0);
    expect(await ours.client.get('k')).toBe('v');
    expect(await ours.client.ttl('k')).toBe(100);
  });

  it('RENAMENX renames only onto a free name', async () => {
    await ours.client.set('a', '1');
    await ours.client.set('b', '2');
    expect(await ours.client.renamenx('a', 'b')).toBe(0);
    expect(await ours.client.get('b')).toBe('2');
    expect(await ours.client.renamenx('a', 'c')).toBe(1);
    expect(sorted(await ours.client.keys('*'))).toEqual(['b', 'c']);
  });

  it('RENAME keeps binary key names intact (NUL, CR LF, invalid UTF-8)', async () => {
    const from = Buffer.from([0x00, 0x0d, 0x0a, 0xff, 0xfe, 0x41]);
    const to = Buffer.from([0xc3, 0x28, 0x00, 0x0d, 0x0a]);
    await ours.client.set(from, 'v');
    expect(await ours.client.rename(from, to)).toBe('OK');
    const keys = await ours.client.keysBuffer('*');
    expect(keys).toEqual([to]);
    expect(await ours.client.exists(from)).toBe(0);
  });
});

describe('COPY', () => {
  it('copies the value and its TTL, leaving the source as it was', async () => {
    ours.clock.freeze();
    await ours.client.set('src', 'hello');
    await ours.client.pexpire('src', 70_000);
    expect(await ours.client.copy('src', 'dst')).toBe(1);
    expect(await ours.client.get('dst')).toBe('hello');
    expect(await ours.client.pttl('dst')).toBe(70_000);
    expect(await ours.client.pttl('src')).toBe(70_000);
  });

  it('the copy is independent of the source', async () => {
    await ours.client.set('src', 'hello');
    await ours.client.copy('src', 'dst');
    await ours.client.append('dst', ' world');
    expect(await ours.client.get('src')).toBe('hello');
    expect(await ours.client.get('dst')).toBe('hello world');
    await ours.client.set('n', '41');
    await ours.client.copy('n', 'm');
    await ours.client.incr('m');
    expect(await ours.client.get('n')).toBe('41');
    expect(await ours.client.call('object', 'encoding', 'm')).toBe('int');
  });

  it('replies 0 for a missing source or a taken destination unless REPLACE', async () => {
    await ours.client.set('a', '1');
    await ours.client.set('b', '2');
    await ours.client.expire('b', 100);
    expect(await ours.client.copy('missing', 'x')).toBe(0);
    expect(await ours.client.copy('a', 'b')).toBe(0);
    expect(await ours.client.get('b')).toBe('2');
    expect(await ours.client.call('copy', 'a', 'b', 'REPLACE')).toBe(1);
    expect(await ours.client.get('b')).toBe('1');
    expect(await ours.client.ttl('b')).toBe(-1);
  });

  it('DB copies into another database', async () => {
    await ours.client.set('a', '1');
    expect(await ours.client.call('copy', 'a', 'a', 'db', '3')).toBe(1);
    expect(await ours.client.call('copy', 'a', 'a', 'DB', '3')).toBe(0);
    expect(await ours.client.call('copy', 'a', 'a', 'replace', 'db', '3')).toBe(1);
    const db3 = connect(3);
    expect(await db3.get('a')).toBe('1');
    // The last DB option wins.
    expect(await ours.client.call('copy', 'a', 'z', 'DB', '1', 'DB', '3')).toBe(1);
    expect(await db3.exists('z')).toBe(1);
  });

  it('errors as Redis does', async () => {
    await ours.client.set('a', '1');
    expect(await errorOf(ours.client.copy('a', 'a'))).toBe('ERR source and destination objects are the same');
    expect(await errorOf(ours.client.copy('missing', 'missing'))).toBe('ERR source and destination objects are the same');
    expect(await errorOf(ours.client.call('copy', 'a', 'a', 'db', '0'))).toBe('ERR source and destination objects are the same');
    expect(await errorOf(ours.client.call('copy', 'a', 'x', 'db', '16'))).toBe('ERR DB index is out of range');
    expect(await errorOf(ours.client.call('copy', 'a', 'x', 'db', '-1'))).toBe('ERR DB index is out of range');
    expect(await errorOf(ours.client.call('copy', 'a', 'x', 'db', 'abc'))).toBe('ERR value is not an integer or out of range');
    expect(await errorOf(ours.client.call('copy', 'a', 'x', 'db', '99999999999'))).toBe(
      'ERR value is out of range, value must between -2147483648 and 2147483647',
    );
    expect(await errorOf(ours.client.call('copy', 'a', 'x', 'db'))).toBe('ERR syntax error');
    expect(await errorOf(ours.client.call('copy', 'a', 'x', 'foo'))).toBe('ERR syntax error');
    expect(await errorOf(ours.client.call('copy', 'a'))).toBe("ERR wrong number of arguments for 'copy' command");
  });
});

describe('MOVE', () => {
  it('moves a key and its TTL to another database', async () => {
    ours.clock.freeze();
    await ours.client.set('k', 'v');
    await ours.client.pexpire('k', 40_000);
    expect(await ours.client.move('k', 2)).toBe(1);
    expect(await ours.client.exists('k')).toBe(0);
    const db2 = connect(2);
    expect(await db2.get('k')).toBe('v');
    expect(await db2.pttl('k')).toBe(40_000);
  });

  it('replies 0 when the key is missing or the name is taken in the target', async () => {
    expect(await ours.client.move('missing', 1)).toBe(0);
    await ours.client.set('k', 'here');
    const db1 = connect(1);
    await db1.set('k', 'there');
    expect(await ours.client.move('k', 1)).toBe(0);
    expect(await ours.client.get('k')).toBe('here');
    expect(await db1.get('k')).toBe('there');
  });

  it('errors as Redis does', async () => {
    await ours.client.set('k', 'v');
    expect(await errorOf(ours.client.move('k', 0))).toBe('ERR source and destination objects are the same');
    expect(await errorOf(ours.client.move('k', 16))).toBe('ERR DB index is out of range');
    expect(await errorOf(ours.client.move('k', -1))).toBe('ERR DB index is out of range');
    expect(await errorOf(ours.client.call('move', 'k', 'abc'))).toBe('ERR value is not an integer or out of range');
    expect(await errorOf(ours.client.call('move', 'k', '2147483648'))).toBe(
      'ERR value is out of range, value must between -2147483648 and 2147483647',
    );
    // The index is checked before the key: a missing key still gets the range error.
    expect(await errorOf(ours.client.move('missing', 99))).toBe('ERR DB index is out of range');
  });
});

describe('databases: SELECT, DBSIZE, SWAPDB, FLUSHDB, FLUSHALL', () => {
  it('keys live in the selected database', async () => {
    const db1 = connect(1);
    await ours.client.set('k', 'zero');
    await db1.set('k', 'one');
    await db1.set('k2', 'one');
    expect(await ours.client.get('k')).toBe('zero');
    expect(await db1.get('k')).toBe('one');
    expect(await ours.client.dbsize()).toBe(1);
    expect(await db1.dbsize()).toBe(2);
  });

  it('SWAPDB exchanges contents while clients keep their index', async () => {
    ours.clock.freeze();
    const db1 = connect(1);
    await ours.client.set('a', 'from0');
    await ours.client.pexpire('a', 9000);
    await db1.set('b', 'from1');
    expect(await ours.client.swapdb(0, 1)).toBe('OK');
    expect(await ours.client.keys('*')).toEqual(['b']);
    expect(await db1.keys('*')).toEqual(['a']);
    expect(await db1.pttl('a')).toBe(9000);
    expect(await ours.client.swapdb(1, 1)).toBe('OK');
    expect(await db1.get('a')).toBe('from0');
  });

  it('SWAPDB errors as Redis does', async () => {
    expect(await errorOf(ours.client.call('swapdb', '0', '16'))).toBe('ERR DB index is out of range');
    expect(await errorOf(ours.client.call('swapdb', '-1', '0'))).toBe('ERR DB index is out of range');
    expect(await errorOf(ours.client.call('swapdb', 'abc', '0'))).toBe('ERR invalid first DB index');
    expect(await errorOf(ours.client.call('swapdb', '0', 'abc'))).toBe('ERR invalid second DB index');
    expect(await errorOf(ours.client.call('swapdb', '99', 'abc'))).toBe('ERR invalid second DB index');
    expect(await errorOf(ours.client.call('swapdb', '99999999999', '0'))).toBe('ERR invalid first DB index');
    expect(await errorOf(ours.client.call('swapdb', '0'))).toBe("ERR wrong number of arguments for 'swapdb' command");
  });

  it('FLUSHDB empties only the selected database, FLUSHALL every one', async () => {
    const db5 = connect(5);
    await ours.client.set('a', '1');
    await db5.set('b', '1');
    expect(await db5.flushdb()).toBe('OK');
    expect(await db5.dbsize()).toBe(0);
    expect(await ours.client.dbsize()).toBe(1);
    await db5.set('b', '1');
    expect(await ours.client.call('flushall', 'ASYNC')).toBe('OK');
    expect(await ours.client.dbsize()).toBe(0);
    expect(await db5.dbsize()).toBe(0);
    await ours.client.set('a', '1');
    expect(await ours.client.call('flushdb', 'sync')).toBe('OK');
    expect(await ours.client.call('flushdb', 'async')).toBe('OK');
    expect(await ours.client.call('flushall', 'Sync')).toBe('OK');
    expect(await ours.client.dbsize()).toBe(0);
  });

  it('FLUSHDB and FLUSHALL reject anything but one ASYNC or SYNC', async () => {
    expect(await errorOf(ours.client.call('flushdb', 'foo'))).toBe('ERR syntax error');
    expect(await errorOf(ours.client.call('flushdb', 'async', 'sync'))).toBe('ERR syntax error');
    expect(await errorOf(ours.client.call('flushall', 'foo'))).toBe('ERR syntax error');
    expect(await errorOf(ours.client.call('flushall', 'sync', 'sync'))).toBe('ERR syntax error');
  });
});

describe('OBJECT', () => {
  it('ENCODING reports int, embstr and raw strings, nil for a missing key', async () => {
    await ours.client.set('i', '12345');
    await ours.client.set('e', 'x'.repeat(44));
    await ours.client.set('r', 'x'.repeat(45));
    expect(await ours.client.call('object', 'encoding', 'i')).toBe('int');
    expect(await ours.client.call('object', 'encoding', 'e')).toBe('embstr');
    expect(await ours.client.call('object', 'encoding', 'r')).toBe('raw');
    expect(await ours.client.call('OBJECT', 'ENCODING', 'missing')).toBeNull();
  });

  it('REFCOUNT is INT_MAX for shared small integers and 1 otherwise', async () => {
    await ours.client.set('small', '1');
    await ours.client.set('big', '12345');
    await ours.client.set('s', 'text');
    expect(await ours.client.call('object', 'refcount', 'small')).toBe(2147483647);
    expect(await ours.client.call('object', 'refcount', 'big')).toBe(1);
    expect(await ours.client.call('object', 'refcount', 's')).toBe(1);
    expect(await ours.client.call('object', 'refcount', 'missing')).toBeNull();
  });

  it('IDLETIME counts whole seconds of the LRU clock since the last access', async () => {
    ours.clock.freeze();
    ours.clock.set(1_700_000_000_000);
    await ours.client.set('k', 'v');
    ours.clock.advance(5_999);
    expect(await ours.client.call('object', 'idletime', 'k')).toBe(5);
    await ours.client.get('k');
    expect(await ours.client.call('object', 'idletime', 'k')).toBe(0);
    expect(await ours.client.call('object', 'idletime', 'missing')).toBeNull();
  });

  it('FREQ needs an LFU policy; IDLETIME refuses under one', async () => {
    await ours.client.set('k', 'v');
    expect(await errorOf(ours.client.call('object', 'freq', 'k'))).toBe(
      'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
    );
    expect(await ours.client.call('object', 'freq', 'missing')).toBeNull();
    const lfu = await startTestServer({ 'maxmemory-policy': 'allkeys-lfu' });
    const client = new Redis({ port: lfu.port, host: lfu.host, enableReadyCheck: false });
    try {
      await client.set('k', 'v');
      expect(await errorOf(client.call('object', 'idletime', 'k'))).toBe(
        'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
      );
      expect(typeof (await client.call('object', 'freq', 'k'))).toBe('number');
    } finally {
      client.disconnect();
      await lfu.close();
    }
  });

  it('HELP prints Redis 7.0 text', async () => {
    expect(await ours.client.call('object', 'help')).toEqual([
      'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
      'ENCODING <key>',
      '    Return the kind of internal representation used in order to store the value',
      '    associated with a <key>.',
      'FREQ <key>',
      '    Return the access frequency index of the <key>. The returned integer is',
      '    proportional to the logarithm of the recent access frequency of the key.',
      'IDLETIME <key>',
      '    Return the idle time of the <key>, that is the approximated number of',
      '    seconds elapsed since the last access to the key.',
      'REFCOUNT <key>',
      '    Return the number of references of the value associated with the specified',
      '    <key>.',
      'HELP',
      '    Prints this help.',
    ]);
  });

  it('arity and unknown subcommands error as Redis does', async () => {
    expect(await errorOf(ours.client.call('object'))).toBe("ERR wrong number of arguments for 'object' command");
    expect(await errorOf(ours.client.call('object', 'encoding'))).toBe("ERR wrong number of arguments for 'object|encoding' command");
    expect(await errorOf(ours.client.call('object', 'encoding', 'a', 'b'))).toBe(
      "ERR wrong number of arguments for 'object|encoding' command",
    );
    expect(await errorOf(ours.client.call('object', 'help', 'x'))).toBe("ERR wrong number of arguments for 'object|help' command");
    expect(await errorOf(ours.client.call('object', 'foo', 'k'))).toBe("ERR unknown subcommand 'foo'. Try OBJECT HELP.");
  });
});
