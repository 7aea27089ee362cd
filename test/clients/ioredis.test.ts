// ioredis against tsredis where the client's own machinery matters: reconnecting across a server
// restart (queued commands replayed, subscriptions restored, the selected db kept), and one pass over
// every command family through pipelines and MULTI. The per-family behaviour is tested in
// test/integration/*; this file is about the client.

import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startTestServer, type RunningServer } from '../helpers/server.js';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serverOn(port: number): Promise<RunningServer> {
  const srv = await startTestServer({ port });
  cleanups.push(() => srv.close());
  return srv;
}

function client(port: number, db = 0): Redis {
  const r = new Redis(port, '127.0.0.1', { retryStrategy: () => 20, db });
  cleanups.push(() => r.disconnect());
  return r;
}

function waitFor(r: Redis, event: string): Promise<void> {
  return new Promise((resolve) => r.once(event, () => resolve()));
}

describe('ioredis reconnects across a server restart', () => {
  it('replays a command sent while the server was down, on the db it had selected', async () => {
    const port = await freePort();
    const first = await serverOn(port);
    const r = client(port, 3);
    await r.set('before', '1');
    const closed = waitFor(r, 'close');
    await first.close();
    await closed;
    // Sent while no server listens: ioredis queues it (offline queue) and sends it after reconnecting.
    const pending = r.set('during', 'queued');
    const second = await serverOn(port);
    expect(await pending).toBe('OK');
    expect(await r.get('during')).toBe('queued');
    expect(await r.get('before')).toBeNull(); // a new server: the old keyspace is gone
    // The write landed in db 3, which ioredis re-selected on the new connection.
    expect(second.server.keyspace.db(3).size).toBe(1);
    expect(second.server.keyspace.db(0).size).toBe(0);
  });

  it('restores SUBSCRIBE and PSUBSCRIBE after the restart', async () => {
    const port = await freePort();
    const first = await serverOn(port);
    const sub = client(port);
    const received: string[] = [];
    sub.on('message', (channel: string, message: string) => received.push(`${channel}:${message}`));
    sub.on('pmessage', (_pattern: string, channel: string, message: string) => received.push(`p ${channel}:${message}`));
    await sub.subscribe('news');
    await sub.psubscribe('alerts.*');
    const closed = waitFor(sub, 'close');
    await first.close();
    await closed;
    const ready = waitFor(sub, 'ready');
    await serverOn(port);
    await ready;
    const pub = client(port);
    // ioredis resubscribes right after 'ready'; wait until the new server knows both subscriptions.
    for (let i = 0; i < 100; i++) {
      const [numsub, numpat] = await Promise.all([pub.pubsub('NUMSUB', 'news'), pub.pubsub('NUMPAT')]);
      if ((numsub as [string, number])[1] === 1 && (numpat as unknown) === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await pub.publish('news', 'hello')).toBe(1);
    expect(await pub.publish('alerts.fire', 'run')).toBe(1);
    await pub.ping();
    await sub.ping();
    expect(received).toEqual(['news:hello', 'p alerts.fire:run']);
  });
});

describe('ioredis over every family', () => {
  it('pipelines and MULTI across strings, lists, hashes, sets, sorted sets and expiry', async () => {
    const port = await freePort();
    await serverOn(port);
    const r = client(port);
    const results = await r
      .pipeline()
      .set('s', 'v', 'EX', 100)
      .incrby('n', 5)
      .rpush('l', 'a', 'b', 'c')
      .lrange('l', 0, -1)
      .hset('h', { f1: 'x', f2: 'y' })
      .hgetall('h')
      .sadd('set', 'm1', 'm2')
      .smembers('set')
      .zadd('z', 2, 'two', 1, 'one')
      .zrange('z', '0', '-1', 'WITHSCORES')
      .ttl('s')
      .exec();
    expect(results?.map(([err, value]) => (err === null ? value : String(err)))).toEqual([
      'OK', 5, 3, ['a', 'b', 'c'], 2, { f1: 'x', f2: 'y' }, 2, expect.arrayContaining(['m1', 'm2']), 2,
      ['one', '1', 'two', '2'], 100,
    ]);
    const tx = await r.multi().incr('n').lpop('l').hincrby('h', 'count', 2).zincrby('z', 5, 'one').srem('set', 'm1').exec();
    expect(tx?.map(([err, value]) => (err === null ? value : String(err)))).toEqual([6, 'a', 2, '6', 1]);
    const failed = await r.multi().incr('s').get('s').exec();
    expect(failed?.map(([err, value]) => (err === null ? value : String(err)))).toEqual([
      'ReplyError: ERR value is not an integer or out of range', 'v',
    ]);
  });
});
