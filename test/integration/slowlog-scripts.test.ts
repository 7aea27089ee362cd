// A script's commands go through call() with its slowlog flag, as in Redis 7.0 (scriptCall passes
// CMD_CALL_SLOWLOG | CMD_CALL_STATS): each one that is slow gets its own slow log entry, ahead of
// the EVAL's, with the script client's peer "?:0" and no name. Expected entries read off a
// redis-server 7.0.15 SLOWLOG GET with slowlog-log-slower-than 0 after CLIENT SETNAME me.

import { describe, expect, it } from 'vitest';
import { useTsredis } from '../helpers/side-by-side.js';


type Entry = [number, number, number, string[], string, string];

const ours = useTsredis({ raw: false, ioredis: {} });

describe('SLOWLOG and scripts', () => {
  it("logs a script's commands with peer ?:0 and no name, before the EVAL itself", async () => {
    await ours.client.config('SET', 'slowlog-log-slower-than', '0');
    await ours.client.call('CLIENT', 'SETNAME', 'me');
    await ours.client.call('SLOWLOG', 'RESET');
    await ours.client.eval("redis.call('set','x','1'); return redis.pcall('lpush','x','a')", 0).catch(() => undefined);
    const entries = (await ours.client.call('SLOWLOG', 'GET', '10')) as Entry[];
    const shown = entries.map((entry) => [entry[3], entry[4], entry[5]]);
    const peer = entries[0]?.[4] ?? '';
    expect(peer).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(shown).toEqual([
      [['eval', "redis.call('set','x','1'); return redis.pcall('lpush','x','a')", '0'], peer, 'me'],
      [['lpush', 'x', 'a'], '?:0', ''],
      [['set', 'x', '1'], '?:0', ''],
      [['SLOWLOG', 'RESET'], peer, 'me'],
    ]);
    // Consecutive ids, newest first.
    const ids = entries.map((entry) => entry[0]);
    expect(ids).toEqual(ids.map((_, i) => (ids[0] as number) - i));
    await ours.client.config('SET', 'slowlog-log-slower-than', '10000');
  });
});
