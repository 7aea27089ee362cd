// An application module and its test: a fixed-window rate limiter, tested with node-redis over
// RESP3 and tsredis's clock instead of sleeping through the window.
import { createClient } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

// --- The code under test (normally imported from your app) ---
type Client = ReturnType<typeof createClient>;
const WINDOW_SECONDS = 60;
const LIMIT = 3;

async function allow(client: Client, user: string): Promise<boolean> {
  const key = `rate:${user}`;
  const [count] = await client.multi().incr(key).expire(key, WINDOW_SECONDS, 'NX').exec();
  return Number(count) <= LIMIT;
}

// --- The test ---
const client: Client = createClient({ url: process.env['REDIS_URL'] as string, RESP: 3 });

beforeAll(async () => {
  await client.connect();
});

beforeEach(async () => {
  await client.flushDb();
  await client.sendCommand(['DEBUG', 'CLOCK', 'FREEZE']);
});

afterAll(async () => {
  await client.sendCommand(['DEBUG', 'CLOCK', 'REAL']);
  client.destroy();
});

describe('rate limiter', () => {
  it('allows 3 requests a minute, then resets when the window expires', async () => {
    expect([await allow(client, 'ann'), await allow(client, 'ann'), await allow(client, 'ann')]).toEqual([true, true, true]);
    expect(await allow(client, 'ann')).toBe(false);
    await client.sendCommand(['DEBUG', 'CLOCK', 'ADVANCE', String(WINDOW_SECONDS * 1000 + 1)]);
    expect(await allow(client, 'ann')).toBe(true);
  });
});
