// Keyspace events `new` (flag n: a key was created, db.c dbAdd) and `keymiss` (flag m: a read
// lookup found nothing, lookupKeyReadWithFlags). The same command sequence runs on tsredis and on a
// real redis-server 7.0 with notify-keyspace-events KEAnm; both must publish the same (channel,
// message) pairs in the same order. A pinned part checks the basics without redis-server.

import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startTestServer } from '../helpers/server.js';
import { haveRedisServer, useRealRedis, useTsredis } from '../helpers/side-by-side.js';

type Pair = readonly [string, string];

/** Subscribes to every keyspace channel and returns what a batch of commands published. */
async function eventsOf(port: number, flags: string, commands: readonly (readonly string[])[], flush = true): Promise<Pair[]> {
  const sub = new Redis(port, '127.0.0.1', { lazyConnect: true });
  const client = new Redis(port, '127.0.0.1', { lazyConnect: true });
  try {
    await sub.connect();
    await client.connect();
    if (flush) await client.flushall();
    await client.config('SET', 'notify-keyspace-events', flags);
    const received: Pair[] = [];
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => (done = resolve));
    sub.on('pmessage', (_pattern: string, channel: string, message: string) => {
      if (channel === 'marker') done();
      else received.push([channel, message]);
    });
    await sub.psubscribe('__key*__:*', 'marker');
    for (const [name, ...args] of commands) {
      await client.call(name as string, ...args).catch((err: unknown) => {
        if (!(err instanceof Error) || err.name !== 'ReplyError') throw err;
      });
    }
    await client.publish('marker', 'end');
    await finished;
    await client.config('SET', 'notify-keyspace-events', '');
    return received;
  } finally {
    sub.disconnect();
    client.disconnect();
  }
}

const SEQUENCE: readonly (readonly string[])[] = [
  ['SET', 'a', '1'], ['SET', 'a', '2'], ['GET', 'missing'], ['HSET', 'h', 'f', 'v'], ['HSET', 'h', 'g', 'w'],
  ['LPUSH', 'l', 'x'], ['RENAME', 'a', 'b'], ['COPY', 'b', 'c'], ['EXISTS', 'nope'], ['TYPE', 'nope'], ['TTL', 'nope'],
  ['MGET', 'nope', 'b'], ['INCR', 'n'], ['SADD', 's', 'm'], ['ZADD', 'z', '1', 'm'], ['APPEND', 'ap', 'x'],
  ['SETNX', 'a2', '1'], ['GETSET', 'nope2', '1'], ['HGET', 'nope', 'f'], ['LLEN', 'nope'], ['STRLEN', 'nope'],
  ['SMOVE', 's', 's2', 'm'], ['LMOVE', 'l', 'l2', 'LEFT', 'LEFT'], ['SUNIONSTORE', 's3', 'h2', 's2'],
  ['MSETNX', 'm1', '1', 'm2', '2'], ['MSET', 'm1', '3', 'm3', '4'], ['EVAL', "return redis.call('get', 'nope')", '0'],
  ['EVAL', "return redis.call('set', 'fromscript', '1')", '0'], ['HINCRBY', 'h3', 'f', '1'], ['SETRANGE', 'sr', '2', 'x'],
  ['ZINCRBY', 'z2', '1', 'm'], ['RPUSH', 'l3', 'a'], ['SINTERSTORE', 'si', 's2', 's2'], ['ZRANGESTORE', 'zr', 'z', '0', '-1'],
  ['GETDEL', 'nope'], ['GETEX', 'nope'], ['HGETALL', 'nope'], ['SMEMBERS', 'nope'], ['ZSCORE', 'nope', 'm'],
];

const ours = useTsredis({ raw: false });

describe('keyspace events new and keymiss (read off Redis 7.0.15)', () => {
  it('SET of a new key publishes new before set; a read miss publishes keymiss; both only with their flags', async () => {
    expect(await eventsOf(ours.port, 'KEAnm', [['SET', 'a', '1'], ['SET', 'a', '2'], ['GET', 'nope']])).toEqual([
      ['__keyspace@0__:a', 'new'], ['__keyevent@0__:new', 'a'],
      ['__keyspace@0__:a', 'set'], ['__keyevent@0__:set', 'a'],
      ['__keyspace@0__:a', 'set'], ['__keyevent@0__:set', 'a'],
      ['__keyspace@0__:nope', 'keymiss'], ['__keyevent@0__:keymiss', 'nope'],
    ]);
    expect(await eventsOf(ours.port, 'KEA', [['SET', 'a', '1'], ['GET', 'nope']])).toEqual([
      ['__keyspace@0__:a', 'set'], ['__keyevent@0__:set', 'a'],
    ]);
    expect(await eventsOf(ours.port, 'En', [['SET', 'a', '1'], ['OBJECT', 'ENCODING', 'nope'], ['GET', 'nope']])).toEqual([
      ['__keyevent@0__:new', 'a'],
    ]);
    // OBJECT looks with LOOKUP_NONOTIFY: a miss there publishes nothing (redis-server 7.0.15), GET's does.
    expect(await eventsOf(ours.port, 'Em', [['OBJECT', 'ENCODING', 'nope'], ['OBJECT', 'FREQ', 'nope'], ['GET', 'nope']])).toEqual([
      ['__keyevent@0__:keymiss', 'nope'],
    ]);
  });
});

describe('keys read from an RDB file are not announced', () => {
  it('DEBUG RELOAD publishes no new events (redis-server 7.0.15 publishes none either)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsredis-keymiss-'));
    const local = await startTestServer({ dir, 'enable-debug-command': 'yes' });
    try {
      const seed = new Redis(local.port, '127.0.0.1');
      await seed.set('a', '1');
      seed.disconnect();
      const events = await eventsOf(local.port, 'KEAnm', [['SET', 'b', '2'], ['DEBUG', 'RELOAD'], ['GET', 'a']], false);
      expect(events).toEqual([['__keyspace@0__:b', 'new'], ['__keyevent@0__:new', 'b'], ['__keyspace@0__:b', 'set'], ['__keyevent@0__:set', 'b']]);
    } finally {
      await local.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(haveRedisServer())('keyspace events new and keymiss: same as redis-server 7.0', () => {
  const real = useRealRedis({ raw: false });

  it.each(['KEAnm', 'Kn', 'Em', 'KEnm$'])('the same events in the same order with notify-keyspace-events %s', async (flags) => {
    const expected = await eventsOf(real.port, flags, SEQUENCE);
    expect(expected.length).toBeGreaterThan(0);
    expect(await eventsOf(ours.port, flags, SEQUENCE)).toEqual(expected);
  });
});
