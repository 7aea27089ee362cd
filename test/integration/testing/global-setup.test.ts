// tsredis/vitest-setup: the global setup module, imported by its package name as users import it.

import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import setup, { createGlobalSetup, teardown } from 'tsredis/vitest-setup';

const saved = { ...process.env };

afterEach(() => {
  for (const name of ['REDIS_URL', 'REDIS_HOST', 'REDIS_PORT']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('tsredis/vitest-setup', () => {
  it('starts a server, exports REDIS_URL/HOST/PORT, provides redisUrl, and returns its teardown', async () => {
    const provided = new Map<string, unknown>();
    const stop = await setup({ provide: (key, value) => provided.set(key, value) });
    const url = process.env['REDIS_URL'];
    expect(url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(url).toBe(`redis://${process.env['REDIS_HOST']}:${process.env['REDIS_PORT']}`);
    expect(provided.get('redisUrl')).toBe(url);
    const client = new Redis(url as string);
    expect(await client.set('k', 'v')).toBe('OK');
    // DEBUG is allowed from local clients, so workers can move the clock.
    expect(await client.call('DEBUG', 'CLOCK', 'FREEZE')).toBe('OK');
    client.disconnect();
    await stop();
    const refused = new Redis(url as string, { retryStrategy: () => null, lazyConnect: true });
    refused.on('error', () => undefined);
    await expect(refused.connect()).rejects.toThrow();
  });

  it('createGlobalSetup passes directives; teardown() stops the last server (jest\'s separate teardown)', async () => {
    await createGlobalSetup({ requirepass: 's3cret', databases: 2 })();
    const url = process.env['REDIS_URL'] as string;
    expect(url).toMatch(/^redis:\/\/:s3cret@127\.0\.0\.1:\d+$/);
    const client = new Redis(url);
    expect(await client.config('GET', 'databases')).toEqual(['databases', '2']);
    client.disconnect();
    await teardown();
    await teardown(); // a second call is harmless
  });
});
