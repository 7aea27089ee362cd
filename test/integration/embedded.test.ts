// The embedded API, imported the way users import it: from the package name.

import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startServer } from 'tsredis';

describe('startServer', () => {
  it('resolves with host, port and url, and serves clients', async () => {
    const redis = await startServer({ port: 0 });
    expect(redis.host).toBe('127.0.0.1');
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    const client = new Redis(redis.url);
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
    await redis.close();
  });

  it('runs several independent servers in one process', async () => {
    const a = await startServer({ port: 0 });
    const b = await startServer({ port: 0, databases: 2 });
    expect(a.port).not.toBe(b.port);
    a.server.keyspace.db(0).set('only-in-a', { type: 'string', encoding: 'embstr', value: 'x', lru: 0 });
    expect(a.server.keyspace.db(0).has('only-in-a')).toBe(true);
    expect(b.server.keyspace.db(0).has('only-in-a')).toBe(false);
    expect(b.server.keyspace.dbs.length).toBe(2);
    a.clock.freeze();
    expect(b.clock.isFrozen).toBe(false);
    await a.close();
    await b.close();
  });

  it('puts the password in the url when requirepass is set', async () => {
    const redis = await startServer({ port: 0, requirepass: 'p@ss' });
    expect(redis.url).toBe(`redis://:p%40ss@127.0.0.1:${redis.port}`);
    const client = new Redis(redis.url);
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
    await redis.close();
  });

  it('close() disconnects clients and frees the port', async () => {
    const redis = await startServer({ port: 0 });
    const client = new Redis({ port: redis.port, retryStrategy: () => null });
    client.on('error', () => undefined);
    expect(await client.ping()).toBe('PONG');
    const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
    await redis.close();
    await ended;
    const again = await startServer({ port: redis.port });
    expect(again.port).toBe(redis.port);
    await again.close();
  });
});
