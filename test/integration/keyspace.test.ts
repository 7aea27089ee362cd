// Generic keyspace commands over TCP with ioredis: DEL, UNLINK, EXISTS, TYPE, RENAME(NX), COPY,
// MOVE, TOUCH, KEYS, SCAN, RANDOMKEY, DBSIZE, SWAPDB, FLUSHDB, FLUSHALL, OBJECT.
// Every expected reply and error text was read off a real redis-server 7.0.15.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { startTestServer, errorOf } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';

let redis: Redis;
const extra: Redis[] = [];

function connect(db = 0): Redis {
  const client = new Redis({ port: ours.port, host: '127.0.0.1', db, enableReadyCheck: false, lazyConnect: false });
  extra.push(client);
  return client;
}

const b = (text: string): Buffer => Buffer.from(text, 'latin1');
const sorted = (keys: readonly (string | Buffer)[]): string[] => keys.map((k) => k.toString('latin1')).sort();

const ours = useTsredis({ raw: false });

beforeAll(async () => {
  redis = connect();
});

afterAll(async () => {
  for (const client of extra) client.disconnect();
});

beforeEach(async () => {
  await redis.flushall();
  ours.server.expireCycle.enabled = true;
});

afterEach(() => {
  ours.clock.real();
});

describe('DEL, UNLINK, EXISTS, TYPE, TOUCH', () => {
  it('DEL and UNLINK reply how many of the keys existed', async () => {
    await redis.set('a', '1');
    await redis.set('b', '2');
    await redis.set('c', '3');
    expect(await redis.del('a', 'b', 'missing', 'a')).toBe(2);
    expect(await redis.unlink('c', 'missing')).toBe(1);
    expect(await redis.dbsize()).toBe(0);
  });

  it('EXISTS counts a repeated key once per mention', async () => {
    await redis.set('a', '1');
    expect(await redis.exists('a', 'a', 'missing', 'a')).toBe(3);
    expect(await redis.exists('missing')).toBe(0);
  });

  it('TYPE replies the type name, or none', async () => {
    await redis.set('s', 'v');
    expect(await redis.type('s')).toBe('string');
    expect(await redis.type('missing')).toBe('none');
  });

  it('TOUCH counts existing keys and resets their idle time', async () => {
    ours.clock.freeze();
    await redis.set('a', '1');
    ours.clock.advance(30_000);
    expect(await redis.call('object', 'idletime', 'a')).toBe(30);
    expect(await redis.touch('a', 'missing', 'a')).toBe(2);
    expect(await redis.call('object', 'idletime', 'a')).toBe(0);
  });

  it('EXISTS, TYPE and OBJECT do not reset the idle time', async () => {
    ours.clock.freeze();
    await redis.set('a', '1');
    ours.clock.advance(12_000);
    await redis.exists('a');
    await redis.type('a');
    await redis.call('object', 'encoding', 'a');
    expect(await redis.call('object', 'idletime', 'a')).toBe(12);
  });

  it('count keyspace hits and misses as Redis does', async () => {
    await redis.set('a', '1');
    const stats = ours.server.stats;
    const before = { hits: stats.keyspaceHits, misses: stats.keyspaceMisses };
    await redis.exists('a', 'nope'); // 1 hit, 1 miss
    await redis.type('a'); // 1 hit
    await redis.touch('a', 'nope'); // 1 hit, 1 miss
    await redis.call('object', 'encoding', 'nope'); // 1 miss
    await redis.del('a', 'nope'); // none
    await redis.call('keys', '*'); // none
    expect(stats.keyspaceHits - before.hits).toBe(3);
    expect(stats.keyspaceMisses - before.misses).toBe(3);
  });

  it('DEL of a key whose TTL passed counts it as expired, not deleted', async () => {
    ours.server.expireCycle.enabled = false;
    await redis.set('gone', '1');
    await redis.set('here', '1');
    // Put the expiry in the past without moving the clock, as if the cron had not run yet.
    ours.server.keyspace.db(0).setExpire('gone', ours.clock.now() - 1000);
    const expiredBefore = ours.server.stats.expiredKeys;
    expect(await redis.dbsize()).toBe(2);
    expect(await redis.del('gone', 'here')).toBe(1);
    expect(ours.server.stats.expiredKeys - expiredBefore).toBe(1);
  });
});

describe('RENAME and RENAMENX', () => {
  it('RENAME moves the value and its TTL, replacing the destination', async () => {
    ours.clock.freeze();
    await redis.set('src', 'v1');
    await redis.pexpire('src', 50_000);
    await redis.set('dst', 'old');
    await redis.pexpire('dst', 99_000);
    expect(await redis.rename('src', 'dst')).toBe('OK');
    expect(await redis.get('dst')).toBe('v1');
    expect(await redis.pttl('dst')).toBe(50_000);
    expect(await redis.exists('src')).toBe(0);
  });

  it('RENAME of a key without TTL onto one with a TTL leaves no TTL', async () => {
    await redis.set('src', 'v');
    await redis.set('dst', 'old');
    await redis.expire('dst', 100);
    await redis.rename('src', 'dst');
    expect(await redis.ttl('dst')).toBe(-1);
  });

  it('RENAME of a missing key is ERR no such key, even onto itself', async () => {
    expect(await errorOf(redis.rename('missing', 'x'))).toBe('ERR no such key');
    expect(await errorOf(redis.rename('missing', 'missing'))).toBe('ERR no such key');
    expect(await errorOf(redis.renamenx('missing', 'x'))).toBe('ERR no such key');
  });

  it('RENAME onto itself is OK, RENAMENX onto itself is 0, and the key stays', async () => {
    await redis.set('k', 'v');
    await redis.expire('k', 100);
    expect(await redis.rename('k', 'k')).toBe('OK');
    expect(await redis.renamenx('k', 'k')).toBe(0);
    expect(await redis.get('k')).toBe('v');
    expect(await redis.ttl('k')).toBe(100);
  });

  it('RENAMENX renames only onto a free name', async () => {
    await redis.set('a', '1');
    await redis.set('b', '2');
    expect(await redis.renamenx('a', 'b')).toBe(0);
    expect(await redis.get('b')).toBe('2');
    expect(await redis.renamenx('a', 'c')).toBe(1);
    expect(sorted(await redis.keys('*'))).toEqual(['b', 'c']);
  });

  it('RENAME keeps binary key names intact (NUL, CR LF, invalid UTF-8)', async () => {
    const from = Buffer.from([0x00, 0x0d, 0x0a, 0xff, 0xfe, 0x41]);
    const to = Buffer.from([0xc3, 0x28, 0x00, 0x0d, 0x0a]);
    await redis.set(from, 'v');
    expect(await redis.rename(from, to)).toBe('OK');
    const keys = await redis.keysBuffer('*');
    expect(keys).toEqual([to]);
    expect(await redis.exists(from)).toBe(0);
  });
});

describe('COPY', () => {
  it('copies the value and its TTL, leaving the source as it was', async () => {
    ours.clock.freeze();
    await redis.set('src', 'hello');
    await redis.pexpire('src', 70_000);
    expect(await redis.copy('src', 'dst')).toBe(1);
    expect(await redis.get('dst')).toBe('hello');
    expect(await redis.pttl('dst')).toBe(70_000);
    expect(await redis.pttl('src')).toBe(70_000);
  });

  it('the copy is independent of the source', async () => {
    await redis.set('src', 'hello');
    await redis.copy('src', 'dst');
    await redis.append('dst', ' world');
    expect(await redis.get('src')).toBe('hello');
    expect(await redis.get('dst')).toBe('hello world');
    await redis.set('n', '41');
    await redis.copy('n', 'm');
    await redis.incr('m');
    expect(await redis.get('n')).toBe('41');
    expect(await redis.call('object', 'encoding', 'm')).toBe('int');
  });

  it('replies 0 for a missing source or a taken destination unless REPLACE', async () => {
    await redis.set('a', '1');
    await redis.set('b', '2');
    await redis.expire('b', 100);
    expect(await redis.copy('missing', 'x')).toBe(0);
    expect(await redis.copy('a', 'b')).toBe(0);
    expect(await redis.get('b')).toBe('2');
    expect(await redis.call('copy', 'a', 'b', 'REPLACE')).toBe(1);
    expect(await redis.get('b')).toBe('1');
    expect(await redis.ttl('b')).toBe(-1);
  });

  it('DB copies into another database', async () => {
    await redis.set('a', '1');
    expect(await redis.call('copy', 'a', 'a', 'db', '3')).toBe(1);
    expect(await redis.call('copy', 'a', 'a', 'DB', '3')).toBe(0);
    expect(await redis.call('copy', 'a', 'a', 'replace', 'db', '3')).toBe(1);
    const db3 = connect(3);
    expect(await db3.get('a')).toBe('1');
    // The last DB option wins.
    expect(await redis.call('copy', 'a', 'z', 'DB', '1', 'DB', '3')).toBe(1);
    expect(await db3.exists('z')).toBe(1);
  });

  it('errors as Redis does', async () => {
    await redis.set('a', '1');
    expect(await errorOf(redis.copy('a', 'a'))).toBe('ERR source and destination objects are the same');
    expect(await errorOf(redis.copy('missing', 'missing'))).toBe('ERR source and destination objects are the same');
    expect(await errorOf(redis.call('copy', 'a', 'a', 'db', '0'))).toBe('ERR source and destination objects are the same');
    expect(await errorOf(redis.call('copy', 'a', 'x', 'db', '16'))).toBe('ERR DB index is out of range');
    expect(await errorOf(redis.call('copy', 'a', 'x', 'db', '-1'))).toBe('ERR DB index is out of range');
    expect(await errorOf(redis.call('copy', 'a', 'x', 'db', 'abc'))).toBe('ERR value is not an integer or out of range');
    expect(await errorOf(redis.call('copy', 'a', 'x', 'db', '99999999999'))).toBe(
      'ERR value is out of range, value must between -2147483648 and 2147483647',
    );
    expect(await errorOf(redis.call('copy', 'a', 'x', 'db'))).toBe('ERR syntax error');
    expect(await errorOf(redis.call('copy', 'a', 'x', 'foo'))).toBe('ERR syntax error');
    expect(await errorOf(redis.call('copy', 'a'))).toBe("ERR wrong number of arguments for 'copy' command");
  });
});

describe('MOVE', () => {
  it('moves a key and its TTL to another database', async () => {
    ours.clock.freeze();
    await redis.set('k', 'v');
    await redis.pexpire('k', 40_000);
    expect(await redis.move('k', 2)).toBe(1);
    expect(await redis.exists('k')).toBe(0);
    const db2 = connect(2);
    expect(await db2.get('k')).toBe('v');
    expect(await db2.pttl('k')).toBe(40_000);
  });

  it('replies 0 when the key is missing or the name is taken in the target', async () => {
    expect(await redis.move('missing', 1)).toBe(0);
    await redis.set('k', 'here');
    const db1 = connect(1);
    await db1.set('k', 'there');
    expect(await redis.move('k', 1)).toBe(0);
    expect(await redis.get('k')).toBe('here');
    expect(await db1.get('k')).toBe('there');
  });

  it('errors as Redis does', async () => {
    await redis.set('k', 'v');
    expect(await errorOf(redis.move('k', 0))).toBe('ERR source and destination objects are the same');
    expect(await errorOf(redis.move('k', 16))).toBe('ERR DB index is out of range');
    expect(await errorOf(redis.move('k', -1))).toBe('ERR DB index is out of range');
    expect(await errorOf(redis.call('move', 'k', 'abc'))).toBe('ERR value is not an integer or out of range');
    expect(await errorOf(redis.call('move', 'k', '2147483648'))).toBe(
      'ERR value is out of range, value must between -2147483648 and 2147483647',
    );
    // The index is checked before the key: a missing key still gets the range error.
    expect(await errorOf(redis.move('missing', 99))).toBe('ERR DB index is out of range');
  });
});

describe('KEYS', () => {
  beforeEach(async () => {
    for (const k of ['hello', 'hallo', 'hxllo', 'hllo', 'heeello', 'h*llo', 'h?llo', 'a[b', 'x\\y', 'foo:1', 'foo:2', 'foo:10', 'bar']) {
      await redis.set(k, '1');
    }
  });

  const cases: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['h?llo', ['h*llo', 'h?llo', 'hallo', 'hello', 'hxllo']],
    ['h*llo', ['h*llo', 'h?llo', 'hallo', 'heeello', 'hello', 'hllo', 'hxllo']],
    ['h[ae]llo', ['hallo', 'hello']],
    ['h[^e]llo', ['h*llo', 'h?llo', 'hallo', 'hxllo']],
    ['h[a-b]llo', ['hallo']],
    ['h[b-a]llo', ['hallo']],
    ['h\\*llo', ['h*llo']],
    ['h\\?llo', ['h?llo']],
    ['foo:?', ['foo:1', 'foo:2']],
    ['foo:*', ['foo:1', 'foo:10', 'foo:2']],
    ['foo:[0-9]', ['foo:1', 'foo:2']],
    ['a[b', []],
    ['a\\[b', ['a[b']],
    ['x\\\\y', ['x\\y']],
    ['[', []],
    ['nomatch*', []],
  ];
  for (const [pattern, expected] of cases) {
    it(`KEYS ${pattern} matches as Redis's glob does`, async () => {
      expect(sorted(await redis.keys(pattern))).toEqual([...expected].sort());
    });
  }

  it('KEYS * lists every key', async () => {
    expect((await redis.keys('*')).length).toBe(13);
  });

  it('KEYS returns binary keys byte for byte and matches on bytes', async () => {
    const k1 = Buffer.from([0x00, 0x01, 0xff]);
    const k2 = Buffer.from([0x62, 0x0d, 0x0a, 0x80]);
    await redis.flushdb();
    await redis.set(k1, 'x');
    await redis.set(k2, 'y');
    expect(sorted(await redis.keysBuffer('*'))).toEqual(sorted([k1, k2]));
    expect(await redis.callBuffer('keys', Buffer.from([0x00, 0x2a]))).toEqual([k1]);
    expect(await redis.callBuffer('keys', Buffer.from([0x62, 0x3f, 0x3f, 0x80]))).toEqual([k2]);
  });

  it('KEYS * and SCAN MATCH * list the empty key name, KEYS ** does not (Redis skips matching only for *)', async () => {
    await redis.flushdb();
    await redis.set('', '1');
    await redis.set('a', '1');
    expect(sorted(await redis.keys('*'))).toEqual(['', 'a']);
    expect(await redis.keys('**')).toEqual(['a']);
    expect(sorted((await redis.scan('0', 'MATCH', '*'))[1])).toEqual(['', 'a']);
    expect(await redis.scan('0', 'MATCH', '**')).toEqual(['0', ['a']]);
  });

  it('KEYS skips keys whose TTL passed without deleting them', async () => {
    ours.server.expireCycle.enabled = false;
    await redis.flushdb();
    await redis.set('live', '1');
    await redis.set('dead', '1');
    ours.server.keyspace.db(0).setExpire('dead', ours.clock.now() - 1);
    const expiredBefore = ours.server.stats.expiredKeys;
    expect(await redis.keys('*')).toEqual(['live']);
    expect(await redis.dbsize()).toBe(2);
    expect(ours.server.stats.expiredKeys).toBe(expiredBefore);
  });

  it('KEYS has arity 2', async () => {
    expect(await errorOf(redis.call('keys'))).toBe("ERR wrong number of arguments for 'keys' command");
    expect(await errorOf(redis.call('keys', 'a', 'b'))).toBe("ERR wrong number of arguments for 'keys' command");
  });
});

/** Every key a full SCAN returns, with the given options, driving the cursor by hand. */
async function fullScan(client: Redis, ...options: Array<string | number>): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = (await client.call('scan', cursor, ...options)) as [string, string[]];
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

describe('SCAN', () => {
  it('walks every key exactly once when nothing changes', async () => {
    const pipeline = redis.pipeline();
    for (let i = 0; i < 500; i++) pipeline.set(`key:${i}`, 'v');
    await pipeline.exec();
    const keys = await fullScan(redis, 'COUNT', 7);
    expect(keys.length).toBe(500);
    expect(new Set(keys).size).toBe(500);
  });

  it('replies a string cursor and an array, and 0 on an empty database', async () => {
    expect(await redis.scan('0')).toEqual(['0', []]);
    await redis.set('a', '1');
    expect(await redis.scan('0')).toEqual(['0', ['a']]);
  });

  it('MATCH filters by glob and TYPE by type name (any case)', async () => {
    for (let i = 0; i < 30; i++) await redis.set(`user:${i}`, 'v');
    await redis.set('other', 'v');
    const users = await fullScan(redis, 'MATCH', 'user:1*', 'COUNT', 5);
    expect(users.sort()).toEqual(['user:1', 'user:10', 'user:11', 'user:12', 'user:13', 'user:14', 'user:15', 'user:16', 'user:17', 'user:18', 'user:19']);
    expect((await fullScan(redis, 'TYPE', 'STRING')).length).toBe(31);
    expect(await fullScan(redis, 'TYPE', 'list')).toEqual([]);
    expect(await fullScan(redis, 'type', 'nosuchtype')).toEqual([]);
    expect((await fullScan(redis, 'match', '*', 'count', '1000')).length).toBe(31);
  });

  it('returns binary keys byte for byte', async () => {
    const k = Buffer.from([0xff, 0x00, 0x0d, 0x0a]);
    await redis.set(k, 'v');
    expect(await redis.callBuffer('scan', '0', 'MATCH', Buffer.from([0xff, 0x2a]))).toEqual([b('0'), [k]]);
  });

  it('deletes keys whose TTL passed instead of returning them', async () => {
    ours.server.expireCycle.enabled = false;
    await redis.set('live', '1');
    await redis.set('dead', '1');
    ours.server.keyspace.db(0).setExpire('dead', ours.clock.now() - 1);
    expect(await fullScan(redis)).toEqual(['live']);
    expect(await redis.dbsize()).toBe(1);
  });

  it('with TYPE none returns an expired key, as Redis 7.0 does', async () => {
    ours.server.expireCycle.enabled = false;
    await redis.set('dead', '1');
    ours.server.keyspace.db(0).setExpire('dead', ours.clock.now() - 1);
    expect(await redis.scan('0', 'TYPE', 'none')).toEqual(['0', ['dead']]);
    expect(await redis.dbsize()).toBe(0);
  });

  it('parses the cursor as strtoul does', async () => {
    await redis.set('a', '1');
    expect(await redis.scan('')).toEqual(['0', ['a']]);
    expect(await redis.scan('+0')).toEqual(['0', ['a']]);
    expect(await redis.scan('-0')).toEqual(['0', ['a']]);
    // -1 wraps to 2^64-1, past every slot: the walk is over.
    expect(await redis.scan('-1')).toEqual(['0', []]);
    expect(await redis.scan('18446744073709551615')).toEqual(['0', []]);
    // The cursor is read as a C string: it ends at a NUL byte.
    expect(await redis.call('scan', Buffer.from('0\x00abc', 'latin1'))).toEqual(['0', ['a']]);
    for (const bad of ['abc', ' 0', '0 ', '+', '-', '1.5', '0x10', '18446744073709551616', '-18446744073709551616']) {
      expect(await errorOf(redis.scan(bad))).toBe('ERR invalid cursor');
    }
  });

  it('rejects bad options as Redis does', async () => {
    expect(await errorOf(redis.scan('0', 'COUNT', 0))).toBe('ERR syntax error');
    expect(await errorOf(redis.scan('0', 'COUNT', -1))).toBe('ERR syntax error');
    expect(await errorOf(redis.scan('0', 'COUNT', 'abc'))).toBe('ERR value is not an integer or out of range');
    expect(await errorOf(redis.scan('0', 'COUNT', '99999999999999999999'))).toBe('ERR value is not an integer or out of range');
    expect(await errorOf(redis.call('scan', '0', 'MATCH'))).toBe('ERR syntax error');
    expect(await errorOf(redis.call('scan', '0', 'TYPE'))).toBe('ERR syntax error');
    expect(await errorOf(redis.call('scan', '0', 'foo', 'bar'))).toBe('ERR syntax error');
    expect(await errorOf(redis.call('scan'))).toBe("ERR wrong number of arguments for 'scan' command");
    // The cursor is checked before the options.
    expect(await errorOf(redis.scan('x', 'COUNT', 0))).toBe('ERR invalid cursor');
  });

  it('guarantees every key present for the whole scan is returned while keys come and go', async () => {
    const writer = connect();
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 5 }), { maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(3), fc.nat(1000)), { maxLength: 40 }),
        fc.integer({ min: 1, max: 15 }),
        async (initial, ops, count) => {
          await redis.flushdb();
          if (initial.length > 0) await redis.mset(...initial.flatMap((k) => [k, 'v']));
          const stable = initial.filter((_, i) => i % 2 === 0);
          const doomed = initial.filter((_, i) => i % 2 === 1);
          const seen = new Set<string>();
          let cursor = '0';
          let step = 0;
          let fresh = 0;
          do {
            const [next, keys] = (await redis.scan(cursor, 'COUNT', count)) as [string, string[]];
            for (const k of keys) seen.add(k);
            cursor = next;
            const op = ops[step++];
            if (op !== undefined) {
              const [kind, n] = op;
              if (kind <= 1) {
                await writer.mset(...Array.from({ length: (n % 4) + 1 }, () => [`new:${fresh++}`, 'v']).flat());
              } else if (doomed.length > 0) {
                const victim = doomed.splice(n % doomed.length, 1)[0] as string;
                await writer.del(victim);
                if (kind === 3) await writer.set(victim, 'back');
              }
            }
          } while (cursor !== '0');
          for (const k of stable) expect(seen.has(k)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('RANDOMKEY', () => {
  it('replies nil on an empty database and a key otherwise', async () => {
    expect(await redis.randomkey()).toBeNull();
    await redis.set('only', '1');
    expect(await redis.randomkey()).toBe('only');
    await redis.set('other', '1');
    const seen = new Set<string | null>();
    for (let i = 0; i < 100; i++) seen.add(await redis.randomkey());
    expect([...seen].sort()).toEqual(['only', 'other']);
  });

  it('deletes the expired keys it picks and returns a live one', async () => {
    ours.server.expireCycle.enabled = false;
    const db = ours.server.keyspace.db(0);
    for (let i = 0; i < 20; i++) {
      await redis.set(`dead${i}`, '1');
      db.setExpire(`dead${i}`, ours.clock.now() - 1);
    }
    await redis.set('live', '1');
    expect(await redis.randomkey()).toBe('live');
    for (let i = 0; i < 50; i++) expect(await redis.randomkey()).toBe('live');
  });

  it('replies nil when every key has expired, deleting them', async () => {
    ours.server.expireCycle.enabled = false;
    const db = ours.server.keyspace.db(0);
    for (let i = 0; i < 5; i++) {
      await redis.set(`dead${i}`, '1');
      db.setExpire(`dead${i}`, ours.clock.now() - 1);
    }
    expect(await redis.randomkey()).toBeNull();
    expect(await redis.dbsize()).toBe(0);
  });
});

describe('databases: SELECT, DBSIZE, SWAPDB, FLUSHDB, FLUSHALL', () => {
  it('keys live in the selected database', async () => {
    const db1 = connect(1);
    await redis.set('k', 'zero');
    await db1.set('k', 'one');
    await db1.set('k2', 'one');
    expect(await redis.get('k')).toBe('zero');
    expect(await db1.get('k')).toBe('one');
    expect(await redis.dbsize()).toBe(1);
    expect(await db1.dbsize()).toBe(2);
  });

  it('SWAPDB exchanges contents while clients keep their index', async () => {
    ours.clock.freeze();
    const db1 = connect(1);
    await redis.set('a', 'from0');
    await redis.pexpire('a', 9000);
    await db1.set('b', 'from1');
    expect(await redis.swapdb(0, 1)).toBe('OK');
    expect(await redis.keys('*')).toEqual(['b']);
    expect(await db1.keys('*')).toEqual(['a']);
    expect(await db1.pttl('a')).toBe(9000);
    expect(await redis.swapdb(1, 1)).toBe('OK');
    expect(await db1.get('a')).toBe('from0');
  });

  it('SWAPDB errors as Redis does', async () => {
    expect(await errorOf(redis.call('swapdb', '0', '16'))).toBe('ERR DB index is out of range');
    expect(await errorOf(redis.call('swapdb', '-1', '0'))).toBe('ERR DB index is out of range');
    expect(await errorOf(redis.call('swapdb', 'abc', '0'))).toBe('ERR invalid first DB index');
    expect(await errorOf(redis.call('swapdb', '0', 'abc'))).toBe('ERR invalid second DB index');
    expect(await errorOf(redis.call('swapdb', '99', 'abc'))).toBe('ERR invalid second DB index');
    expect(await errorOf(redis.call('swapdb', '99999999999', '0'))).toBe('ERR invalid first DB index');
    expect(await errorOf(redis.call('swapdb', '0'))).toBe("ERR wrong number of arguments for 'swapdb' command");
  });

  it('FLUSHDB empties only the selected database, FLUSHALL every one', async () => {
    const db5 = connect(5);
    await redis.set('a', '1');
    await db5.set('b', '1');
    expect(await db5.flushdb()).toBe('OK');
    expect(await db5.dbsize()).toBe(0);
    expect(await redis.dbsize()).toBe(1);
    await db5.set('b', '1');
    expect(await redis.call('flushall', 'ASYNC')).toBe('OK');
    expect(await redis.dbsize()).toBe(0);
    expect(await db5.dbsize()).toBe(0);
    await redis.set('a', '1');
    expect(await redis.call('flushdb', 'sync')).toBe('OK');
    expect(await redis.call('flushdb', 'async')).toBe('OK');
    expect(await redis.call('flushall', 'Sync')).toBe('OK');
    expect(await redis.dbsize()).toBe(0);
  });

  it('FLUSHDB and FLUSHALL reject anything but one ASYNC or SYNC', async () => {
    expect(await errorOf(redis.call('flushdb', 'foo'))).toBe('ERR syntax error');
    expect(await errorOf(redis.call('flushdb', 'async', 'sync'))).toBe('ERR syntax error');
    expect(await errorOf(redis.call('flushall', 'foo'))).toBe('ERR syntax error');
    expect(await errorOf(redis.call('flushall', 'sync', 'sync'))).toBe('ERR syntax error');
  });
});

describe('OBJECT', () => {
  it('ENCODING reports int, embstr and raw strings, nil for a missing key', async () => {
    await redis.set('i', '12345');
    await redis.set('e', 'x'.repeat(44));
    await redis.set('r', 'x'.repeat(45));
    expect(await redis.call('object', 'encoding', 'i')).toBe('int');
    expect(await redis.call('object', 'encoding', 'e')).toBe('embstr');
    expect(await redis.call('object', 'encoding', 'r')).toBe('raw');
    expect(await redis.call('OBJECT', 'ENCODING', 'missing')).toBeNull();
  });

  it('REFCOUNT is INT_MAX for shared small integers and 1 otherwise', async () => {
    await redis.set('small', '1');
    await redis.set('big', '12345');
    await redis.set('s', 'text');
    expect(await redis.call('object', 'refcount', 'small')).toBe(2147483647);
    expect(await redis.call('object', 'refcount', 'big')).toBe(1);
    expect(await redis.call('object', 'refcount', 's')).toBe(1);
    expect(await redis.call('object', 'refcount', 'missing')).toBeNull();
  });

  it('IDLETIME counts whole seconds of the LRU clock since the last access', async () => {
    ours.clock.freeze();
    ours.clock.set(1_700_000_000_000);
    await redis.set('k', 'v');
    ours.clock.advance(5_999);
    expect(await redis.call('object', 'idletime', 'k')).toBe(5);
    await redis.get('k');
    expect(await redis.call('object', 'idletime', 'k')).toBe(0);
    expect(await redis.call('object', 'idletime', 'missing')).toBeNull();
  });

  it('FREQ needs an LFU policy; IDLETIME refuses under one', async () => {
    await redis.set('k', 'v');
    expect(await errorOf(redis.call('object', 'freq', 'k'))).toBe(
      'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
    );
    expect(await redis.call('object', 'freq', 'missing')).toBeNull();
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
    expect(await redis.call('object', 'help')).toEqual([
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
    expect(await errorOf(redis.call('object'))).toBe("ERR wrong number of arguments for 'object' command");
    expect(await errorOf(redis.call('object', 'encoding'))).toBe("ERR wrong number of arguments for 'object|encoding' command");
    expect(await errorOf(redis.call('object', 'encoding', 'a', 'b'))).toBe(
      "ERR wrong number of arguments for 'object|encoding' command",
    );
    expect(await errorOf(redis.call('object', 'help', 'x'))).toBe("ERR wrong number of arguments for 'object|help' command");
    expect(await errorOf(redis.call('object', 'foo', 'k'))).toBe("ERR unknown subcommand 'foo'. Try OBJECT HELP.");
  });
});
