// maxmemory and the eight Redis policies over TCP: OOM replies, which keys each policy evicts,
// lowering maxmemory, evicted_keys, `evicted` notifications, WATCH, MULTI, OBJECT FREQ/IDLETIME, and
// a tracking policy selected by name. Error texts were read off a real redis-server 7.0.15.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startServer, type RunningServer } from '../../src/index.js';
import { seededRng } from '../../src/util/clock.js';
import { EXTRA_POLICIES } from '../../src/eviction/extra/index.js';
import { RawClient, errorOf, rawReply, resp } from '../helpers/server.js';
import { haveRedisServer, useRealRedis } from '../helpers/side-by-side.js';

const OOM = "OOM command not allowed when used memory > 'maxmemory'.";
const NOW = 1_700_000_000_000;

let srv: RunningServer;
let redis: Redis;
let raw: RawClient;

beforeAll(async () => {
  srv = await startServer({ port: 0, bind: '127.0.0.1', loglevel: 'warning' }, { rng: seededRng(42), logSink: () => {} });
  redis = new Redis({ port: srv.port, host: srv.host, enableReadyCheck: false });
  raw = await RawClient.connect(srv.port);
});

afterAll(async () => {
  raw.close();
  redis.disconnect();
  await srv.close();
});

beforeEach(async () => {
  srv.clock.freeze();
  srv.clock.set(NOW);
  await redis.config('SET', 'maxmemory', '0');
  await redis.config('SET', 'maxmemory-policy', 'noeviction');
  await redis.config('SET', 'maxmemory-samples', '5');
  await redis.flushall();
});

afterEach(async () => {
  srv.clock.real();
  await redis.config('SET', 'maxmemory', '0');
});

/** Store `keys` (same-sized values) and return what one of them costs. */
async function fill(keys: readonly string[], ttlSeconds = 0): Promise<number> {
  const before = srv.server.usedMemory();
  const pipeline = redis.pipeline();
  for (const key of keys) {
    if (ttlSeconds > 0) pipeline.set(key, 'v'.repeat(50), 'EX', ttlSeconds);
    else pipeline.set(key, 'v'.repeat(50));
  }
  await pipeline.exec();
  return (srv.server.usedMemory() - before) / keys.length;
}

/** Lower maxmemory so that about `count` keys of `perKey` bytes must go (evicts at once). */
async function squeeze(count: number, perKey: number): Promise<void> {
  const target = Math.floor(srv.server.usedMemory() - count * perKey);
  await redis.config('SET', 'maxmemory', String(target));
}

const range = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

async function existing(keys: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const key of keys) if ((await redis.exists(key)) === 1) out.push(key);
  return out;
}

describe('noeviction and OOM', () => {
  it('refuses denyoom commands with the exact OOM error while reads and DEL still work', async () => {
    await redis.set('a', '1');
    await redis.config('SET', 'maxmemory', '1');
    expect(await rawReply(raw, 'SET', 'b', '2')).toBe(`-${OOM}\r\n`);
    expect(await rawReply(raw, 'RPUSH', 'l', 'x')).toBe(`-${OOM}\r\n`);
    expect(await redis.get('a')).toBe('1');
    expect(await redis.del('a')).toBe(1);
    expect(await redis.dbsize()).toBe(0);
    const info = await redis.info('stats');
    expect(info).toMatch(/evicted_keys:0\r\n/);
  });

  it('inside MULTI any queued command is refused while out of memory, and EXEC aborts', async () => {
    await redis.config('SET', 'maxmemory', '1');
    // One reply at a time: rawReply's ECHO marker would itself be queued (or refused) inside MULTI.
    const one = (...argv: string[]): Promise<string> => raw.roundTrip(resp(...argv));
    expect(await one('MULTI')).toBe('+OK\r\n');
    expect(await one('GET', 'a')).toBe(`-${OOM}\r\n`);
    expect(await one('SET', 'a', 'b')).toBe(`-${OOM}\r\n`);
    expect(await one('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
    expect(await one('MULTI')).toBe('+OK\r\n');
    expect(await one('DISCARD')).toBe('+OK\r\n');
  });

  it('a script started out of memory may read but not begin writing (scriptVerifyOOM)', async () => {
    await redis.config('SET', 'maxmemory', '1');
    expect(await rawReply(raw, 'EVAL', "return redis.call('set','x','y')", '0')).toBe(
      `-${OOM} script: 71e6319f97b0fe8bdfa1c5df3ce4489946dda479, on @user_script:1.\r\n`,
    );
    expect(await rawReply(raw, 'EVAL', "return redis.call('get','x')", '0')).toBe('$-1\r\n');
    expect(await rawReply(raw, 'EVAL', 'return 1', '0')).toBe(':1\r\n');
  });

  it('EXEC of a queue holding a denyoom command is refused once memory went over the limit', async () => {
    const one = (...argv: string[]): Promise<string> => raw.roundTrip(resp(...argv));
    expect(await one('MULTI')).toBe('+OK\r\n');
    expect(await one('SET', 'a', '1')).toBe('+QUEUED\r\n');
    await redis.config('SET', 'maxmemory', '1');
    expect(await one('EXEC')).toBe(`-EXECABORT Transaction discarded because of: ${OOM}\r\n`);
    expect(await redis.exists('a')).toBe(0);
  });

  it('volatile-* policies with no key having a TTL cannot free anything: OOM', async () => {
    const perKey = await fill(range('k', 10));
    for (const policy of ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl']) {
      await redis.config('SET', 'maxmemory', '0');
      await redis.config('SET', 'maxmemory-policy', policy);
      await squeeze(3, perKey);
      expect(await errorOf(redis.set('new', 'x'))).toBe(OOM);
      expect(await redis.dbsize()).toBe(10);
    }
  });
});

describe('which keys each policy evicts', () => {
  it('allkeys-lru evicts keys idle for long before recently used ones', async () => {
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const old = range('old', 20);
    const fresh = range('fresh', 20);
    const perKey = await fill([...old, ...fresh]);
    srv.clock.advance(100_000);
    for (const key of fresh) await redis.get(key);
    await squeeze(10, perKey);
    const survivors = await existing(old);
    const freshSurvivors = await existing(fresh);
    // Sampling is approximate; with the pool nearly every victim is an old key.
    expect(20 - survivors.length).toBeGreaterThanOrEqual(9);
    expect(freshSurvivors.length).toBeGreaterThanOrEqual(19);
  });

  it('allkeys-lfu keeps frequently read keys and evicts the rarely read', async () => {
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lfu');
    const hot = range('hot', 10);
    const cold = range('cold', 10);
    const perKey = await fill([...hot, ...cold]);
    for (let i = 0; i < 30; i++) for (const key of hot) await redis.get(key);
    expect(await redis.object('FREQ', 'hot0')).toBeGreaterThan(5);
    await squeeze(8, perKey);
    expect((await existing(hot)).length).toBe(10);
    expect((await existing(cold)).length).toBeLessThanOrEqual(3);
  });

  it('volatile-lru and volatile-random touch only keys with a TTL', async () => {
    for (const policy of ['volatile-lru', 'volatile-random', 'volatile-lfu']) {
      await redis.config('SET', 'maxmemory', '0');
      await redis.flushall();
      await redis.config('SET', 'maxmemory-policy', policy);
      const persistent = range('p', 10);
      const volatile = range('v', 10);
      await fill(persistent);
      const perKey = await fill(volatile, 1000);
      await squeeze(6, perKey);
      expect(await existing(persistent)).toEqual(persistent);
      expect((await existing(volatile)).length).toBeLessThanOrEqual(5);
    }
  });

  it('volatile-ttl evicts the keys that expire soonest', async () => {
    await redis.config('SET', 'maxmemory-policy', 'volatile-ttl');
    const keys = range('t', 20);
    const emptyUsed = srv.server.usedMemory();
    const pipeline = redis.pipeline();
    keys.forEach((key, i) => pipeline.set(key, 'v'.repeat(50), 'EX', 1000 + i * 100));
    await pipeline.exec();
    const perKey = (srv.server.usedMemory() - emptyUsed) / keys.length;
    await squeeze(5, perKey);
    const evicted = keys.filter((key) => srv.server.keyspace.db(0).peek(key) === undefined);
    expect(evicted.length).toBeGreaterThanOrEqual(4);
    // Every evicted key expires before every survivor, give or take the sampling's reach.
    const lastEvicted = Math.max(...evicted.map((key) => keys.indexOf(key)));
    expect(lastEvicted).toBeLessThan(12);
  });

  it('allkeys-random evicts until under the limit', async () => {
    await redis.config('SET', 'maxmemory-policy', 'allkeys-random');
    const perKey = await fill(range('r', 30));
    await squeeze(10, perKey);
    const left = await redis.dbsize();
    expect(left).toBeLessThanOrEqual(21);
    expect(left).toBeGreaterThanOrEqual(15);
    expect(srv.server.usedMemory()).toBeLessThanOrEqual(Number(await redis.config('GET', 'maxmemory').then((r) => (r as string[])[1])));
  });

  it('every extra tracking policy, selected by CONFIG SET, brings memory under the limit', async () => {
    for (const policy of EXTRA_POLICIES.keys()) {
      await redis.config('SET', 'maxmemory', '0');
      await redis.flushall();
      await redis.config('SET', 'maxmemory-policy', policy);
      const keys = range('x', 40);
      const perKey = await fill(keys);
      for (const key of keys.slice(0, 10)) await redis.get(key);
      await squeeze(10, perKey);
      const limit = Number(((await redis.config('GET', 'maxmemory')) as string[])[1]);
      expect(srv.server.usedMemory(), policy).toBeLessThanOrEqual(limit);
      expect(await redis.dbsize(), policy).toBeGreaterThanOrEqual(28);
      expect(await redis.set('after', 'v'), policy).toBe('OK');
    }
  });

  it('a tracking policy chosen by name (allkeys-fifo) evicts in insertion order', async () => {
    await redis.config('SET', 'maxmemory-policy', 'allkeys-fifo');
    const keys = range('f', 10);
    const perKey = await fill(keys);
    for (const key of keys.slice(0, 3)) await redis.get(key);
    await squeeze(3, perKey);
    expect(await existing(keys)).toEqual(keys.slice(3));
  });
});

describe('evicting at once, stats, notifications, WATCH', () => {
  it('CONFIG SET maxmemory below the usage evicts before the next command and counts evicted_keys', async () => {
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const perKey = await fill(range('k', 20));
    await squeeze(5, perKey);
    expect(srv.server.keyspace.db(0).size).toBeLessThanOrEqual(15);
    const info = await redis.info('stats');
    const evicted = Number(/evicted_keys:(\d+)/.exec(info)?.[1]);
    expect(evicted).toBeGreaterThanOrEqual(5);
    await redis.config('RESETSTAT');
    expect(await redis.info('stats')).toMatch(/evicted_keys:0\r\n/);
  });

  it('counts the time spent over maxmemory (total/current_eviction_exceeded_time, ms)', async () => {
    const field = async (name: string): Promise<number> => Number(new RegExp(`${name}:(\\d+)`).exec(await redis.info('stats'))?.[1]);
    await redis.config('RESETSTAT');
    await redis.config('SET', 'maxmemory', '1');
    await errorOf(redis.set('x', '1'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await field('current_eviction_exceeded_time')).toBeGreaterThanOrEqual(20);
    await redis.config('SET', 'maxmemory', '0');
    await redis.config('SET', 'maxmemory', '100mb');
    await redis.set('x', '1');
    expect(await field('current_eviction_exceeded_time')).toBe(0);
    expect(await field('total_eviction_exceeded_time')).toBeGreaterThanOrEqual(20);
    await redis.config('RESETSTAT');
    expect(await field('total_eviction_exceeded_time')).toBe(0);
  });

  it('an evicted key fires `evicted` and makes a WATCHing transaction fail', async () => {
    await redis.config('SET', 'notify-keyspace-events', 'Ee');
    const sub = new Redis({ port: srv.port, host: srv.host, enableReadyCheck: false });
    const events: string[] = [];
    await sub.subscribe('__keyevent@0__:evicted');
    sub.on('message', (_channel: string, key: string) => events.push(key));
    const watcher = new Redis({ port: srv.port, host: srv.host, enableReadyCheck: false });
    try {
      await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const perKey = await fill(['only']);
      await watcher.watch('only');
      await squeeze(1, perKey);
      expect(await redis.exists('only')).toBe(0);
      const result = await watcher.multi().set('only', 'x').exec();
      expect(result).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(events).toEqual(['only']);
    } finally {
      await redis.config('SET', 'notify-keyspace-events', '');
      sub.disconnect();
      watcher.disconnect();
    }
  });

  it('INFO memory reports maxmemory, its human form and the policy', async () => {
    await redis.config('SET', 'maxmemory', '100mb');
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lfu');
    const info = await redis.info('memory');
    expect(info).toMatch(/\r\nmaxmemory:104857600\r\n/);
    expect(info).toMatch(/\r\nmaxmemory_human:100\.00M\r\n/);
    expect(info).toMatch(/\r\nmaxmemory_policy:allkeys-lfu\r\n/);
  });
});

describe('OBJECT FREQ and IDLETIME follow the policy', () => {
  it('FREQ needs an LFU policy and IDLETIME refuses under one, with Redis 7.0 texts', async () => {
    await redis.set('a', '1');
    expect(await rawReply(raw, 'OBJECT', 'FREQ', 'a')).toBe(
      '-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n',
    );
    srv.clock.advance(7_000);
    expect(await redis.object('IDLETIME', 'a')).toBe(7);
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lfu');
    expect(await rawReply(raw, 'OBJECT', 'IDLETIME', 'a')).toBe(
      '-ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n',
    );
    await redis.set('fresh', '1');
    expect(await redis.object('FREQ', 'fresh')).toBe(5);
  });

  it('LFU counters decay by lfu-decay-time minutes', async () => {
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lfu');
    await redis.config('SET', 'lfu-log-factor', '0');
    await redis.set('k', '1');
    for (let i = 0; i < 10; i++) await redis.get('k');
    expect(await redis.object('FREQ', 'k')).toBe(15);
    srv.clock.advance(4 * 60_000);
    expect(await redis.object('FREQ', 'k')).toBe(11);
    await redis.config('SET', 'lfu-decay-time', '2');
    expect(await redis.object('FREQ', 'k')).toBe(13);
    await redis.config('SET', 'lfu-decay-time', '1');
    await redis.config('SET', 'lfu-log-factor', '10');
  });
});

describe('compared with a real redis-server 7.0', () => {
  const available = haveRedisServer();
  const real = useRealRedis({ when: available });

  it.runIf(available)('OOM, MULTI under OOM, scripts, OBJECT FREQ/IDLETIME and eviction of everything match byte for byte', async () => {
    // Each step is one request with a one-line reply (no ECHO marker: it would be queued inside MULTI).
    const steps: ReadonlyArray<readonly string[]> = [
      ['FLUSHALL'], ['SET', 'k', 'v'], ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ['SET', 'a', '1'], ['GET', 'k'], ['APPEND', 'k', 'x'], ['INCR', 'n'], ['EXISTS', 'k'],
      ['MULTI'], ['GET', 'k'], ['SET', 'a', 'b'], ['EXEC'],
      ['MULTI'], ['DISCARD'],
      ['EVAL', "return redis.call('set','x','y')", '0'],
      ['EVAL', "return redis.call('get','x')", '0'],
      ['OBJECT', 'FREQ', 'k'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-lru'], ['SET', 'a', '1'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'],
      ['OBJECT', 'IDLETIME', 'k'],
      ['SET', 'a', '1'], ['DBSIZE'],
      ['CONFIG', 'SET', 'maxmemory', '0'], ['SET', 'fresh', 'v'], ['OBJECT', 'FREQ', 'fresh'],
      ['OBJECT', 'IDLETIME', 'fresh'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
    ];
    for (const argv of steps) {
      const mine = await raw.roundTrip(resp(...argv));
      const theirs = await real.raw.roundTrip(resp(...argv));
      expect(mine, argv.join(' ')).toBe(theirs);
    }
  });
});
