// Secrets never reach the slow log: AUTH's password, HELLO's AUTH pair, CONFIG SET of a sensitive
// parameter, ACL SETUSER's user and rules show as "(redacted)" (argument lists read off a
// redis-server 7.0.15 SLOWLOG GET with slowlog-log-slower-than 0).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startTestServer, type RunningServer } from '../helpers/server.js';

let srv: RunningServer;
let r: Redis;

beforeAll(async () => {
  srv = await startTestServer();
  r = new Redis(srv.port, '127.0.0.1');
});

afterAll(async () => {
  r.disconnect();
  await srv.close();
});

describe('SLOWLOG redaction', () => {
  it('shows ACL SETUSER and CONFIG SET requirepass with their secrets redacted, ACL GETUSER as sent', async () => {
    await r.config('SET', 'slowlog-log-slower-than', '0');
    await r.call('SLOWLOG', 'RESET');
    await r.call('ACL', 'SETUSER', 'bob', 'on', '>pw', '~*');
    await r.call('ACL', 'GETUSER', 'nobody');
    await r.config('SET', 'masterauth', 'secret');
    const entries = (await r.call('SLOWLOG', 'GET', '10')) as Array<[number, number, number, string[]]>;
    const argvs = entries.map((entry) => entry[3]);
    // Arguments are logged as sent (ioredis sends CONFIG's name in lower case).
    expect(argvs).toContainEqual(['ACL', 'SETUSER', '(redacted)', '(redacted)', '(redacted)', '(redacted)']);
    expect(argvs).toContainEqual(['ACL', 'GETUSER', 'nobody']);
    expect(argvs).toContainEqual(['config', 'SET', 'masterauth', '(redacted)']);
    await r.config('SET', 'slowlog-log-slower-than', '10000');
  });
});
