// Secrets never reach the slow log: AUTH's password, HELLO's AUTH pair, CONFIG SET of a sensitive
// parameter, ACL SETUSER's user and rules show as "(redacted)" (argument lists read off a
// redis-server 7.0.15 SLOWLOG GET with slowlog-log-slower-than 0).

import { describe, expect, it } from 'vitest';
import { useTsredis } from '../helpers/side-by-side.js';


const ours = useTsredis({ raw: false, ioredis: {} });

describe('SLOWLOG redaction', () => {
  it('shows ACL SETUSER and CONFIG SET requirepass with their secrets redacted, ACL GETUSER as sent', async () => {
    await ours.client.config('SET', 'slowlog-log-slower-than', '0');
    await ours.client.call('SLOWLOG', 'RESET');
    await ours.client.call('ACL', 'SETUSER', 'bob', 'on', '>pw', '~*');
    await ours.client.call('ACL', 'GETUSER', 'nobody');
    await ours.client.config('SET', 'masterauth', 'secret');
    const entries = (await ours.client.call('SLOWLOG', 'GET', '10')) as Array<[number, number, number, string[]]>;
    const argvs = entries.map((entry) => entry[3]);
    // Arguments are logged as sent (ioredis sends CONFIG's name in lower case).
    expect(argvs).toContainEqual(['ACL', 'SETUSER', '(redacted)', '(redacted)', '(redacted)', '(redacted)']);
    expect(argvs).toContainEqual(['ACL', 'GETUSER', 'nobody']);
    expect(argvs).toContainEqual(['config', 'SET', 'masterauth', '(redacted)']);
    await ours.client.config('SET', 'slowlog-log-slower-than', '10000');
  });
});
