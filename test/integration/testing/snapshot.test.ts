// snapshot() / restore(): every test starts from the same dataset.

import { describe, expect, it } from 'vitest';
import { buildCommandTable } from '../../../src/commands/table.js';
import { useServerPool } from '../../helpers/side-by-side.js';

const TABLE = buildCommandTable();
const pool = useServerPool();

describe('snapshot and restore', () => {
  it('restore puts back every database, value and TTL, and removes keys added since', async () => {
    const { redis, client } = await pool.tsredisWithClient();
    redis.clock.freeze();
    redis.load({
      db0: { s: 'v', n: 10, queue: { type: 'list', value: ['a', 'b'], ttl: 10_000 } },
      db5: { other: 'db5' },
    });
    const snap = redis.snapshot();
    expect(snap.keyCount).toBe(4);
    await client.set('s', 'changed');
    await client.incr('n');
    await client.rpush('queue', 'c');
    await client.persist('queue');
    await client.set('new', 'key');
    await client.select(5);
    await client.flushdb();
    redis.restore(snap);
    await client.select(0);
    expect(await client.get('s')).toBe('v');
    expect(await client.get('n')).toBe('10');
    expect(await client.object('ENCODING', 'n')).toBe('int');
    expect(await client.lrange('queue', 0, -1)).toEqual(['a', 'b']);
    expect(await client.pttl('queue')).toBe(10_000);
    expect(await client.exists('new')).toBe(0);
    await client.select(5);
    expect(await client.get('other')).toBe('db5');
  });

  it('restoring twice from one snapshot works: neither side shares mutable state', async () => {
    const { redis, client } = await pool.tsredisWithClient();
    redis.load({ db0: { queue: { type: 'list', value: ['a'] }, s: 'x' } });
    const snap = redis.snapshot();
    // Writes after the snapshot must not reach it...
    await client.rpush('queue', 'after-snapshot');
    await client.append('s', 'y');
    redis.restore(snap);
    expect(await client.lrange('queue', 0, -1)).toEqual(['a']);
    // ...and writes after a restore must not reach it either.
    await client.rpush('queue', 'after-restore');
    await client.append('s', 'z');
    redis.restore(snap);
    expect(await client.lrange('queue', 0, -1)).toEqual(['a']);
    expect(await client.get('s')).toBe('x');
  });

  it.runIf(TABLE.has('hset'))('copies hashes deeply', async () => {
    const { redis, client } = await pool.tsredisWithClient();
    redis.load({ db0: { h: { type: 'hash', value: { a: '1' } } } });
    const snap = redis.snapshot();
    await client.hset('h', 'b', '2');
    redis.restore(snap);
    await client.hset('h', 'c', '3');
    redis.restore(snap);
    expect(await client.hgetall('h')).toEqual({ a: '1' });
  });

  it('keeps remaining TTLs: a restore after the clock moved gives the same TTLs again', async () => {
    const { redis, client } = await pool.tsredisWithClient();
    redis.clock.freeze();
    redis.load({ db0: { session: { type: 'string', value: 'v', ttl: 60_000 } } });
    const snap = redis.snapshot();
    redis.clock.advance(3_600_000);
    expect(await client.exists('session')).toBe(0);
    redis.restore(snap);
    expect(await client.pttl('session')).toBe(60_000);
  });

  it('leaves out keys whose TTL passed before the snapshot', async () => {
    const { redis } = await pool.tsredisWithClient({ hz: 1 });
    redis.server.expireCycle.enabled = false;
    redis.clock.freeze();
    redis.load({ db0: { gone: { type: 'string', value: 'v', ttl: 10 }, kept: 'v' } });
    // Move time without the clock listener's sweep: the key is logically expired but still stored.
    redis.server.keyspace.db(0).setExpire('gone', redis.clock.now() - 1);
    expect(redis.snapshot().keyCount).toBe(1);
  });

  it('a restore fails WATCH on keys it replaces, like FLUSHALL', async () => {
    const { redis, client } = await pool.tsredisWithClient();
    redis.load({ db0: { k: 'v' } });
    const snap = redis.snapshot();
    await client.watch('k');
    redis.restore(snap);
    expect(await client.multi().set('k', 'w').exec()).toBeNull();
  });

  it('restores into a server with fewer databases when the extra ones are empty', async () => {
    const { redis } = await pool.tsredisWithClient();
    redis.load({ db0: { k: 'v' } });
    const small = await pool.tsredisWithClient({ databases: 2 });
    small.redis.restore(redis.snapshot());
    expect(small.redis.db(0).get('k')).toBe('v');
    redis.load({ db9: { k: 'v' } });
    expect(() => small.redis.restore(redis.snapshot())).toThrow('snapshot has keys in db9, but the server has 2 databases');
  });
});
