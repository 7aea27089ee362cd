// Expiry with the active cycle switched off (DEBUG SET-ACTIVE-EXPIRE 0): moving the test clock must not
// delete anything then, so keys past their time go away only lazily, when a command touches them, as in
// Redis. Found by the time differential family (test/differential/time.test.ts): tsredis's clock moves
// used to expire every due key at once even with the switch off, so DBSIZE answered 0 where Redis says 1.
// Every expected reply was read off a real redis-server 7.0.15 whose clock was moved the same way.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startTestServer, type RunningServer } from '../helpers/server.js';

let srv: RunningServer;
let redis: Redis;

/** 2030-01-01T00:00:00Z. */
const NOW = 1_893_456_000_000;

beforeAll(async () => {
  srv = await startTestServer({ 'enable-debug-command': 'yes' });
  redis = new Redis({ port: srv.port, host: srv.host, enableReadyCheck: false });
});

afterAll(async () => {
  redis.disconnect();
  await srv.close();
});

beforeEach(async () => {
  srv.clock.freeze();
  srv.clock.set(NOW);
  await redis.flushall();
  await redis.config('RESETSTAT');
});

afterEach(async () => {
  await redis.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
  srv.clock.real();
});

async function threeKeysTwoDue(): Promise<void> {
  await redis.set('k', 'v', 'PX', 100);
  await redis.set('k2', 'v', 'PX', 100);
  await redis.set('k3', 'v');
  srv.clock.advance(101);
}

describe('a clock move with DEBUG SET-ACTIVE-EXPIRE 0', () => {
  it('deletes nothing: expired keys stay counted until a command touches them', async () => {
    expect(await redis.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')).toBe('OK');
    await threeKeysTwoDue();
    expect(await redis.dbsize()).toBe(3);
    expect(await redis.info('keyspace')).toMatch(/db0:keys=3,expires=2,/);
    // KEYS leaves out expired keys without deleting them (db.c keysCommand checks keyIsExpired).
    expect(await redis.keys('*')).toEqual(['k3']);
    expect(await redis.dbsize()).toBe(3);
    // A read deletes the key it finds expired (expireIfNeeded), and counts it.
    expect(await redis.get('k')).toBeNull();
    expect(await redis.dbsize()).toBe(2);
    expect(await redis.info('stats')).toMatch(/\r\nexpired_keys:1\r\n/);
  });

  it('a full SCAN deletes the expired keys it meets', async () => {
    await redis.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    await threeKeysTwoDue();
    expect(await redis.scan('0', 'COUNT', '100')).toEqual(['0', ['k3']]);
    expect(await redis.dbsize()).toBe(1);
  });
});

describe('a clock move with active expiry on (the default)', () => {
  it('expires every key whose time it passed, at once, as the active cycle would', async () => {
    await threeKeysTwoDue();
    expect(await redis.dbsize()).toBe(1);
    expect(await redis.info('stats')).toMatch(/\r\nexpired_keys:2\r\n/);
  });

  it('after switching active expiry back on, the next clock move expires what is due', async () => {
    await redis.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    await threeKeysTwoDue();
    await redis.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
    srv.clock.advance(0);
    expect(await redis.dbsize()).toBe(1);
  });
});
