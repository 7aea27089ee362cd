// Inspection without a client: db(n).get/keys/ttl/type as plain JS, with no side effects.

import { describe, expect, it } from 'vitest';
import { buildCommandTable } from '../../../src/commands/table.js';
import { useServerPool } from '../../helpers/side-by-side.js';

const TABLE = buildCommandTable();
const pool = useServerPool();

describe('db(n)', () => {
  it('get returns strings as text, invalid UTF-8 as a Buffer, lists as arrays', async () => {
    const { redis, client } = await pool.tsredisWithClient();
    await client.set('s', 'héllo');
    await client.set('n', '42');
    await client.set('bin', Buffer.from([0xc3, 0x28]));
    await client.rpush('l', 'a', 'b', 'c');
    const db = redis.db(0);
    expect(db.get('s')).toBe('héllo');
    expect(db.get('n')).toBe('42');
    expect(db.get('bin')).toEqual(Buffer.from([0xc3, 0x28]));
    expect(db.get('l')).toEqual(['a', 'b', 'c']);
    expect(db.get('missing')).toBeUndefined();
  });

  it('keys, type and ttl match KEYS, TYPE and PTTL', async () => {
    const { redis, client } = await pool.tsredisWithClient();
    redis.clock.freeze();
    await client.set('user:1', 'a');
    await client.set('user:2', 'b', 'PX', 1_500);
    await client.rpush('queue', 'x');
    await client.select(2);
    await client.set('elsewhere', 'x');
    const db = redis.db(0);
    expect(db.keys().sort()).toEqual(['queue', 'user:1', 'user:2']);
    expect(db.keys('user:*').sort()).toEqual(['user:1', 'user:2']);
    expect(redis.db(2).keys()).toEqual(['elsewhere']);
    expect(db.type('queue')).toBe('list');
    expect(db.type('user:1')).toBe('string');
    expect(db.type('nope')).toBe('none');
    expect(db.ttl('user:1')).toBe(-1);
    expect(db.ttl('user:2')).toBe(1_500);
    expect(db.ttl('nope')).toBe(-2);
  });

  it('reports an expired key as missing without deleting it or counting stats', async () => {
    const { redis, client } = await pool.tsredisWithClient();
    redis.server.expireCycle.enabled = false;
    await client.set('k', 'v');
    await client.rpush('l', 'a');
    const hits = redis.server.stats.keyspaceHits;
    const misses = redis.server.stats.keyspaceMisses;
    const lru = redis.server.keyspace.db(0).peek('l')?.lru;
    redis.server.keyspace.db(0).setExpire('k', redis.clock.now() - 1);
    expect(redis.db(0).get('k')).toBeUndefined();
    expect(redis.db(0).ttl('k')).toBe(-2);
    expect(redis.db(0).keys()).toEqual(['l']);
    expect(redis.db(0).get('l')).toEqual(['a']);
    // Nothing written, nothing counted, the list's access time untouched.
    expect(redis.server.keyspace.db(0).peek('k')).toBeDefined();
    expect(redis.server.stats.keyspaceHits).toBe(hits);
    expect(redis.server.stats.keyspaceMisses).toBe(misses);
    expect(redis.server.stats.expiredKeys).toBe(0);
    expect(redis.server.keyspace.db(0).peek('l')?.lru).toBe(lru);
  });

  it('takes keys as text (UTF-8) or bytes', async () => {
    const { redis, client } = await pool.tsredisWithClient();
    await client.set('ключ', 'v');
    await client.set(Buffer.from([0xff]), 'bytes');
    expect(redis.db(0).get('ключ')).toBe('v');
    expect(redis.db(0).get(Buffer.from([0xff]))).toBe('bytes');
  });

  it('throws for a database that does not exist', async () => {
    const { redis } = await pool.tsredisWithClient();
    expect(() => redis.db(16)).toThrow(RangeError);
  });

  it.runIf(TABLE.has('hgetall'))('get returns a hash as an object', async () => {
    const { redis, client } = await pool.tsredisWithClient();
    await client.hset('h', { name: 'ann', age: '33' });
    expect(redis.db(0).get('h')).toEqual({ name: 'ann', age: '33' });
    expect(redis.db(0).type('h')).toBe('hash');
  });

  it.runIf(TABLE.has('smembers'))('get returns a set as an array', async () => {
    const { redis, client } = await pool.tsredisWithClient();
    await client.sadd('s', 'b', 'a');
    expect((redis.db(0).get('s') as string[]).sort()).toEqual(['a', 'b']);
  });

  it.runIf(TABLE.has('zrange'))('get returns a zset as [member, score] pairs, lowest first', async () => {
    const { redis, client } = await pool.tsredisWithClient();
    await client.zadd('z', 10, 'ann', 7, 'bob', '+inf', 'top');
    expect(redis.db(0).get('z')).toEqual([['bob', 7], ['ann', 10], ['top', Infinity]]);
  });

  it('returns the raw object for a type whose read command is missing', async () => {
    const { redis, client } = await pool.tsredisWithClient();
    await client.rpush('l', 'a');
    // This server's own command table, without LRANGE (as before the list family landed).
    redis.server.commands.delete('lrange');
    redis.server.commands.delete('LRANGE');
    expect(redis.db(0).get('l')).toBe(redis.server.keyspace.db(0).peek('l'));
  });
});
