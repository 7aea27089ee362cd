// Controllable time: TTL tests that take milliseconds of real time, from the embedded API and from
// any client through DEBUG CLOCK.

import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { StartServerOptions } from '../../../src/index.js';
import { RawClient, resp } from '../../helpers/server.js';
import { type ServerPool, useServerPool } from '../../helpers/side-by-side.js';

const HOUR_MS = 3_600_000;
const pool = useServerPool();

/** tsredis with DEBUG enabled (DEBUG CLOCK) and an ioredis client, closed after the test. */
function start(options: StartServerOptions = {}): ReturnType<ServerPool['tsredisWithClient']> {
  return pool.tsredisWithClient({ 'enable-debug-command': 'yes', ...options });
}

describe('clock control from the embedded API', () => {
  it('EXPIRE k 3600 then advancing 3,600,001 ms expires the key, with PTTL decreasing exactly', async () => {
    const { redis, client } = await start();
    const started = Date.now();
    redis.clock.freeze();
    await client.set('k', 'v');
    expect(await client.expire('k', 3600)).toBe(1);
    expect(await client.pttl('k')).toBe(HOUR_MS);
    redis.clock.advance(1_000);
    expect(await client.pttl('k')).toBe(HOUR_MS - 1_000);
    expect(await client.ttl('k')).toBe(3599);
    redis.clock.advance(HOUR_MS - 1_000);
    // At exactly its expiry time a key still exists with a TTL of 0 (Redis keyIsExpired: now > when).
    expect(await client.pttl('k')).toBe(0);
    redis.clock.advance(1);
    expect(await client.exists('k')).toBe(0);
    expect(await client.pttl('k')).toBe(-2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('advancing deletes due keys at once, without a client touching them', async () => {
    const { redis, client } = await start();
    redis.clock.freeze();
    await client.set('short', '1', 'PX', 500);
    await client.set('long', '1', 'PX', 5_000);
    redis.clock.advance(501);
    // Checked without lazy expiry: the key is gone from the dictionary itself.
    expect(redis.server.keyspace.db(0).peek('short')).toBeUndefined();
    expect(redis.server.keyspace.db(0).peek('long')).toBeDefined();
    expect(redis.server.stats.expiredKeys).toBe(1);
  });

  it('set() jumps to a unix time; real() resumes from there', async () => {
    const { redis, client } = await start();
    redis.clock.set(Date.UTC(2030, 0, 1));
    await client.set('k', 'v');
    await client.pexpireat('k', Date.UTC(2030, 0, 2));
    expect(await client.exists('k')).toBe(1);
    redis.clock.freeze();
    redis.clock.set(Date.UTC(2030, 0, 2) + 1);
    expect(await client.exists('k')).toBe(0);
    redis.clock.real();
    expect(redis.clock.isFrozen).toBe(false);
    expect(redis.clock.now()).toBeGreaterThanOrEqual(Date.UTC(2030, 0, 2));
  });
});

describe('DEBUG CLOCK', () => {
  it('FREEZE, ADVANCE and GET from ioredis: EXPIRE k 3600 is gone after 3,600,001 ms', async () => {
    const { client } = await start();
    expect(await client.call('DEBUG', 'CLOCK', 'FREEZE')).toBe('OK');
    const t0 = (await client.call('DEBUG', 'CLOCK', 'GET')) as number;
    expect(Number.isInteger(t0)).toBe(true);
    await client.set('k', 'v');
    await client.expire('k', 3600);
    expect(await client.pttl('k')).toBe(HOUR_MS);
    expect(await client.call('DEBUG', 'CLOCK', 'ADVANCE', '1000')).toBe('OK');
    expect(await client.pttl('k')).toBe(HOUR_MS - 1_000);
    expect(await client.call('DEBUG', 'CLOCK', 'GET')).toBe(t0 + 1_000);
    await client.call('DEBUG', 'CLOCK', 'ADVANCE', String(HOUR_MS - 1_000));
    expect(await client.pttl('k')).toBe(0);
    await client.call('DEBUG', 'CLOCK', 'ADVANCE', '1');
    expect(await client.get('k')).toBeNull();
    expect(await client.call('DEBUG', 'CLOCK', 'GET')).toBe(t0 + HOUR_MS + 1);
  });

  it('SET and REAL; TIME follows the clock', async () => {
    const { redis, client } = await start();
    const when = Date.UTC(2031, 5, 1, 12);
    expect(await client.call('DEBUG', 'CLOCK', 'FREEZE')).toBe('OK');
    expect(await client.call('DEBUG', 'CLOCK', 'SET', String(when))).toBe('OK');
    expect(await client.call('DEBUG', 'CLOCK', 'GET')).toBe(when);
    expect(await client.time()).toEqual([String(when / 1000), '0']);
    expect(await client.call('DEBUG', 'CLOCK', 'REAL')).toBe('OK');
    expect(redis.clock.isFrozen).toBe(false);
    expect((await client.call('DEBUG', 'CLOCK', 'GET')) as number).toBeGreaterThanOrEqual(when);
  });

  it('is the same clock as the embedded API', async () => {
    const { redis, client } = await start();
    await client.call('DEBUG', 'CLOCK', 'FREEZE');
    expect(redis.clock.isFrozen).toBe(true);
    redis.clock.advance(250);
    expect(await client.call('DEBUG', 'CLOCK', 'GET')).toBe(redis.clock.now());
  });

  it('rejects bad arguments with DEBUG\'s errors', async () => {
    const { redis } = await start();
    const raw = await RawClient.connect(redis.port);
    const unknown = "-ERR unknown subcommand or wrong number of arguments for 'CLOCK'. Try DEBUG HELP.\r\n";
    expect(await raw.roundTrip(resp('DEBUG', 'CLOCK'))).toBe(unknown);
    expect(await raw.roundTrip(resp('DEBUG', 'CLOCK', 'FLY'))).toBe(unknown);
    expect(await raw.roundTrip(resp('DEBUG', 'CLOCK', 'ADVANCE'))).toBe(unknown);
    expect(await raw.roundTrip(resp('DEBUG', 'CLOCK', 'FREEZE', 'now'))).toBe(unknown);
    expect(await raw.roundTrip(resp('DEBUG', 'CLOCK', 'ADVANCE', 'soon'))).toBe('-ERR value is not an integer or out of range\r\n');
    expect(await raw.roundTrip(resp('DEBUG', 'CLOCK', 'ADVANCE', '-5'))).toBe(
      '-ERR DEBUG CLOCK ADVANCE needs a non-negative number of milliseconds\r\n',
    );
    expect(await raw.roundTrip(resp('debug', 'clock', 'get'))).toMatch(/^:\d{13}\r\n$/);
    raw.close();
  });

  it('is refused unless enable-debug-command allows DEBUG', async () => {
    const { redis, client } = await start({ 'enable-debug-command': 'no' });
    await expect(client.call('DEBUG', 'CLOCK', 'FREEZE')).rejects.toThrow('ERR DEBUG command not allowed.');
    expect(redis.clock.isFrozen).toBe(false);
    const local = await start({ 'enable-debug-command': 'local' });
    expect(await local.client.call('DEBUG', 'CLOCK', 'FREEZE')).toBe('OK');
  });
});

describe('expired events on a clock advance', () => {
  it('advancing the clock publishes __keyevent@0__:expired for each due key, at once', async () => {
    const { redis, client } = await start();
    await client.config('SET', 'notify-keyspace-events', 'Ex');
    const subscriber = new Redis(redis.url);
    pool.adoptClient(subscriber);
    const expired: string[] = [];
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === '__keyevent@0__:expired') expired.push(message);
    });
    await subscriber.subscribe('__keyevent@0__:expired');
    redis.clock.freeze();
    await client.set('a', '1', 'EX', 10);
    await client.set('b', '1', 'EX', 20);
    await client.set('c', '1', 'EX', 30);
    redis.clock.advance(20_001);
    await client.ping();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(expired.sort()).toEqual(['a', 'b']);
    // The same through DEBUG CLOCK, from a client.
    await client.call('DEBUG', 'CLOCK', 'ADVANCE', '10000');
    await client.ping();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(expired.sort()).toEqual(['a', 'b', 'c']);
  });
});
