// Listing keys over TCP with ioredis: KEYS, SCAN (cursors, MATCH, COUNT, TYPE, guarantees under
// writes) and RANDOMKEY. Every expected reply and error text was read off a real redis-server 7.0.15.

import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { errorOf } from '../helpers/server.js';
import { sorted, useKeyspaceServer } from './keyspace-server.js';

const { ours, connect } = useKeyspaceServer();

const b = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('KEYS', () => {
  beforeEach(async () => {
    for (const k of ['hello', 'hallo', 'hxllo', 'hllo', 'heeello', 'h*llo', 'h?llo', 'a[b', 'x\\y', 'foo:1', 'foo:2', 'foo:10', 'bar']) {
      await ours.client.set(k, '1');
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
      expect(sorted(await ours.client.keys(pattern))).toEqual([...expected].sort());
    });
  }

  it('KEYS * lists every key', async () => {
    expect((await ours.client.keys('*')).length).toBe(13);
  });

  it('KEYS returns binary keys byte for byte and matches on bytes', async () => {
    const k1 = Buffer.from([0x00, 0x01, 0xff]);
    const k2 = Buffer.from([0x62, 0x0d, 0x0a, 0x80]);
    await ours.client.flushdb();
    await ours.client.set(k1, 'x');
    await ours.client.set(k2, 'y');
    expect(sorted(await ours.client.keysBuffer('*'))).toEqual(sorted([k1, k2]));
    expect(await ours.client.callBuffer('keys', Buffer.from([0x00, 0x2a]))).toEqual([k1]);
    expect(await ours.client.callBuffer('keys', Buffer.from([0x62, 0x3f, 0x3f, 0x80]))).toEqual([k2]);
  });

  it('KEYS * and SCAN MATCH * list the empty key name, KEYS ** does not (Redis skips matching only for *)', async () => {
    await ours.client.flushdb();
    await ours.client.set('', '1');
    await ours.client.set('a', '1');
    expect(sorted(await ours.client.keys('*'))).toEqual(['', 'a']);
    expect(await ours.client.keys('**')).toEqual(['a']);
    expect(sorted((await ours.client.scan('0', 'MATCH', '*'))[1])).toEqual(['', 'a']);
    expect(await ours.client.scan('0', 'MATCH', '**')).toEqual(['0', ['a']]);
  });

  it('KEYS skips keys whose TTL passed without deleting them', async () => {
    ours.server.expireCycle.enabled = false;
    await ours.client.flushdb();
    await ours.client.set('live', '1');
    await ours.client.set('dead', '1');
    ours.server.keyspace.db(0).setExpire('dead', ours.clock.now() - 1);
    const expiredBefore = ours.server.stats.expiredKeys;
    expect(await ours.client.keys('*')).toEqual(['live']);
    expect(await ours.client.dbsize()).toBe(2);
    expect(ours.server.stats.expiredKeys).toBe(expiredBefore);
  });

  it('KEYS has arity 2', async () => {
    expect(await errorOf(ours.client.call('keys'))).toBe("ERR wrong number of arguments for 'keys' command");
    expect(await errorOf(ours.client.call('keys', 'a', 'b'))).toBe("ERR wrong number of arguments for 'keys' command");
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
    const pipeline = ours.client.pipeline();
    for (let i = 0; i < 500; i++) pipeline.set(`key:${i}`, 'v');
    await pipeline.exec();
    const keys = await fullScan(ours.client, 'COUNT', 7);
    expect(keys.length).toBe(500);
    expect(new Set(keys).size).toBe(500);
  });

  it('replies a string cursor and an array, and 0 on an empty database', async () => {
    expect(await ours.client.scan('0')).toEqual(['0', []]);
    await ours.client.set('a', '1');
    expect(await ours.client.scan('0')).toEqual(['0', ['a']]);
  });

  it('MATCH filters by glob and TYPE by type name (any case)', async () => {
    for (let i = 0; i < 30; i++) await ours.client.set(`user:${i}`, 'v');
    await ours.client.set('other', 'v');
    const users = await fullScan(ours.client, 'MATCH', 'user:1*', 'COUNT', 5);
    expect(users.sort()).toEqual(['user:1', 'user:10', 'user:11', 'user:12', 'user:13', 'user:14', 'user:15', 'user:16', 'user:17', 'user:18', 'user:19']);
    expect((await fullScan(ours.client, 'TYPE', 'STRING')).length).toBe(31);
    expect(await fullScan(ours.client, 'TYPE', 'list')).toEqual([]);
    expect(await fullScan(ours.client, 'type', 'nosuchtype')).toEqual([]);
    expect((await fullScan(ours.client, 'match', '*', 'count', '1000')).length).toBe(31);
  });

  it('returns binary keys byte for byte', async () => {
    const k = Buffer.from([0xff, 0x00, 0x0d, 0x0a]);
    await ours.client.set(k, 'v');
    expect(await ours.client.callBuffer('scan', '0', 'MATCH', Buffer.from([0xff, 0x2a]))).toEqual([b('0'), [k]]);
  });

  it('deletes keys whose TTL passed instead of returning them', async () => {
    ours.server.expireCycle.enabled = false;
    await ours.client.set('live', '1');
    await ours.client.set('dead', '1');
    ours.server.keyspace.db(0).setExpire('dead', ours.clock.now() - 1);
    expect(await fullScan(ours.client)).toEqual(['live']);
    expect(await ours.client.dbsize()).toBe(1);
  });

  it('with TYPE none returns an expired key, as Redis 7.0 does', async () => {
    ours.server.expireCycle.enabled = false;
    await ours.client.set('dead', '1');
    ours.server.keyspace.db(0).setExpire('dead', ours.clock.now() - 1);
    expect(await ours.client.scan('0', 'TYPE', 'none')).toEqual(['0', ['dead']]);
    expect(await ours.client.dbsize()).toBe(0);
  });

  it('parses the cursor as strtoul does', async () => {
    await ours.client.set('a', '1');
    expect(await ours.client.scan('')).toEqual(['0', ['a']]);
    expect(await ours.client.scan('+0')).toEqual(['0', ['a']]);
    expect(await ours.client.scan('-0')).toEqual(['0', ['a']]);
    // -1 wraps to 2^64-1, past every slot: the walk is over.
    expect(await ours.client.scan('-1')).toEqual(['0', []]);
    expect(await ours.client.scan('18446744073709551615')).toEqual(['0', []]);
    // The cursor is read as a C string: it ends at a NUL byte.
    expect(await ours.client.call('scan', Buffer.from('0\x00abc', 'latin1'))).toEqual(['0', ['a']]);
    for (const bad of ['abc', ' 0', '0 ', '+', '-', '1.5', '0x10', '18446744073709551616', '-18446744073709551616']) {
      expect(await errorOf(ours.client.scan(bad))).toBe('ERR invalid cursor');
    }
  });

  it('rejects bad options as Redis does', async () => {
    expect(await errorOf(ours.client.scan('0', 'COUNT', 0))).toBe('ERR syntax error');
    expect(await errorOf(ours.client.scan('0', 'COUNT', -1))).toBe('ERR syntax error');
    expect(await errorOf(ours.client.scan('0', 'COUNT', 'abc'))).toBe('ERR value is not an integer or out of range');
    expect(await errorOf(ours.client.scan('0', 'COUNT', '99999999999999999999'))).toBe('ERR value is not an integer or out of range');
    expect(await errorOf(ours.client.call('scan', '0', 'MATCH'))).toBe('ERR syntax error');
    expect(await errorOf(ours.client.call('scan', '0', 'TYPE'))).toBe('ERR syntax error');
    expect(await errorOf(ours.client.call('scan', '0', 'foo', 'bar'))).toBe('ERR syntax error');
    expect(await errorOf(ours.client.call('scan'))).toBe("ERR wrong number of arguments for 'scan' command");
    // The cursor is checked before the options.
    expect(await errorOf(ours.client.scan('x', 'COUNT', 0))).toBe('ERR invalid cursor');
  });

  it('guarantees every key present for the whole scan is returned while keys come and go', async () => {
    const writer = connect();
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 5 }), { maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(3), fc.nat(1000)), { maxLength: 40 }),
        fc.integer({ min: 1, max: 15 }),
        async (initial, ops, count) => {
          await ours.client.flushdb();
          if (initial.length > 0) await ours.client.mset(...initial.flatMap((k) => [k, 'v']));
          const stable = initial.filter((_, i) => i % 2 === 0);
          const doomed = initial.filter((_, i) => i % 2 === 1);
          const seen = new Set<string>();
          let cursor = '0';
          let step = 0;
          let fresh = 0;
          do {
            const [next, keys] = (await ours.client.scan(cursor, 'COUNT', count)) as [string, string[]];
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
    expect(await ours.client.randomkey()).toBeNull();
    await ours.client.set('only', '1');
    expect(await ours.client.randomkey()).toBe('only');
    await ours.client.set('other', '1');
    const seen = new Set<string | null>();
    for (let i = 0; i < 100; i++) seen.add(await ours.client.randomkey());
    expect([...seen].sort()).toEqual(['only', 'other']);
  });

  it('deletes the expired keys it picks and returns a live one', async () => {
    ours.server.expireCycle.enabled = false;
    const db = ours.server.keyspace.db(0);
    for (let i = 0; i < 20; i++) {
      await ours.client.set(`dead${i}`, '1');
      db.setExpire(`dead${i}`, ours.clock.now() - 1);
    }
    await ours.client.set('live', '1');
    expect(await ours.client.randomkey()).toBe('live');
    for (let i = 0; i < 50; i++) expect(await ours.client.randomkey()).toBe('live');
  });

  it('replies nil when every key has expired, deleting them', async () => {
    ours.server.expireCycle.enabled = false;
    const db = ours.server.keyspace.db(0);
    for (let i = 0; i < 5; i++) {
      await ours.client.set(`dead${i}`, '1');
      db.setExpire(`dead${i}`, ours.clock.now() - 1);
    }
    expect(await ours.client.randomkey()).toBeNull();
    expect(await ours.client.dbsize()).toBe(0);
  });
});
