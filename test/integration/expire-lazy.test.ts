// Expiry with the active cycle switched off (DEBUG SET-ACTIVE-EXPIRE 0): moving the test clock must not
// delete anything then, so keys past their time go away only lazily, when a command touches them, as in
// Redis. Found by the time differential family (test/differential/time.test.ts): tsredis's clock moves
// used to expire every due key at once even with the switch off, so DBSIZE answered 0 where Redis says 1.
// Every expected reply was read off a real redis-server 7.0.15 whose clock was moved the same way.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTsredis } from '../helpers/side-by-side.js';


/** 2030-01-01T00:00:00Z. */
const NOW = 1_893_456_000_000;

const ours = useTsredis({ raw: false, ioredis: true, config: { 'enable-debug-command': 'yes' } });

beforeEach(async () => {
  ours.clock.freeze();
  ours.clock.set(NOW);
  await ours.client.flushall();
  await ours.client.config('RESETSTAT');
});

afterEach(async () => {
  await ours.client.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
  ours.clock.real();
});

async function threeKeysTwoDue(): Promise<void> {
  await ours.client.set('k', 'v', 'PX', 100);
  await ours.client.set('k2', 'v', 'PX', 100);
  await ours.client.set('k3', 'v');
  ours.clock.advance(101);
}

describe('a clock move with DEBUG SET-ACTIVE-EXPIRE 0', () => {
  it('deletes nothing: expired keys stay counted until a command touches them', async () => {
    expect(await ours.client.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')).toBe('OK');
    await threeKeysTwoDue();
    expect(await ours.client.dbsize()).toBe(3);
    expect(await ours.client.info('keyspace')).toMatch(/db0:keys=3,expires=2,/);
    // KEYS leaves out expired keys without deleting them (db.c keysCommand checks keyIsExpired).
    expect(await ours.client.keys('*')).toEqual(['k3']);
    expect(await ours.client.dbsize()).toBe(3);
    // A read deletes the key it finds expired (expireIfNeeded), and counts it.
    expect(await ours.client.get('k')).toBeNull();
    expect(await ours.client.dbsize()).toBe(2);
    expect(await ours.client.info('stats')).toMatch(/\r\nexpired_keys:1\r\n/);
  });

  it('a full SCAN deletes the expired keys it meets', async () => {
    await ours.client.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    await threeKeysTwoDue();
    expect(await ours.client.scan('0', 'COUNT', '100')).toEqual(['0', ['k3']]);
    expect(await ours.client.dbsize()).toBe(1);
  });
});

describe('a clock move with active expiry on (the default)', () => {
  it('expires every key whose time it passed, at once, as the active cycle would', async () => {
    await threeKeysTwoDue();
    expect(await ours.client.dbsize()).toBe(1);
    expect(await ours.client.info('stats')).toMatch(/\r\nexpired_keys:2\r\n/);
  });

  it('after switching active expiry back on, the next clock move expires what is due', async () => {
    await ours.client.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    await threeKeysTwoDue();
    await ours.client.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
    ours.clock.advance(0);
    expect(await ours.client.dbsize()).toBe(1);
  });
});
