// An application module and its test: sessions that expire after an hour, tested in milliseconds.
// jest's globals (test, expect, beforeEach, afterAll) are used as jest injects them.
import { Redis } from 'ioredis';

// --- The code under test (normally imported from your app) ---
const SESSION_TTL_SECONDS = 3600;

async function createSession(redis, id, user) {
  await redis.set(`session:${id}`, user, 'EX', SESSION_TTL_SECONDS);
}

async function sessionUser(redis, id) {
  return redis.get(`session:${id}`);
}

// --- The test ---
const redis = new Redis(process.env.REDIS_URL);

beforeEach(async () => {
  await redis.flushdb();
  // tsredis's clock: stopped at a known instant, moved only by the test (DEBUG CLOCK is allowed
  // from local clients by tsredis/vitest-setup).
  await redis.call('DEBUG', 'CLOCK', 'FREEZE');
});

afterAll(async () => {
  await redis.call('DEBUG', 'CLOCK', 'REAL');
  redis.disconnect();
});

test('sessions last exactly one hour', async () => {
  await createSession(redis, 'abc', 'ann');
  await redis.call('DEBUG', 'CLOCK', 'ADVANCE', String(SESSION_TTL_SECONDS * 1000));
  expect(await sessionUser(redis, 'abc')).toBe('ann');
  await redis.call('DEBUG', 'CLOCK', 'ADVANCE', '1');
  expect(await sessionUser(redis, 'abc')).toBeNull();
});
