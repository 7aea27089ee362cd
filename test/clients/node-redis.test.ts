// node-redis (the `redis` package) against tsredis in RESP2 and in RESP3 (HELLO 3): every command
// family through its typed commands, MULTI, pub/sub (push frames in RESP3), scripts, and scanning
// iterators, with the reply shapes node-redis builds from each protocol.

import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type RunningServer } from '../helpers/server.js';

let srv: RunningServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

type Client = ReturnType<typeof createClient<{}, {}, {}, 2 | 3>>;

async function connected(RESP: 2 | 3, database: number, flush = false): Promise<Client> {
  const c = createClient({ url: srv.url, RESP, database });
  c.on('error', () => {});
  await c.connect();
  if (flush) await c.flushDb();
  return c;
}

for (const RESP of [2, 3] as const) {
  describe(`node-redis in RESP${RESP}`, () => {
    let c: Client;
    beforeAll(async () => {
      c = await connected(RESP, RESP, true);
    });
    afterAll(async () => {
      c.destroy();
    });

    it('negotiated the protocol', async () => {
      // RESP2: a flat array of names and values; RESP3: a map, which node-redis turns into an object.
      const hello = (await c.sendCommand(['HELLO'])) as unknown;
      const proto = Array.isArray(hello) ? hello[hello.indexOf('proto') + 1] : (hello as Record<string, unknown>)['proto'];
      expect(proto).toBe(RESP);
    });

    it('strings, keys and expiry', async () => {
      expect(await c.set('s', 'value', { expiration: { type: 'EX', value: 100 } })).toBe('OK');
      expect(await c.get('s')).toBe('value');
      expect(await c.ttl('s')).toBe(100);
      expect(await c.incrByFloat('f', 1.5)).toBe('1.5');
      expect(await c.mGet(['s', 'missing'])).toEqual(['value', null]);
      expect(await c.exists(['s', 'f', 'missing'])).toBe(2);
      expect(await c.type('s')).toBe('string');
      expect(await c.persist('s')).toBe(1);
      expect(await c.ttl('s')).toBe(-1);
    });

    it('lists, hashes, sets and sorted sets', async () => {
      expect(await c.rPush('l', ['a', 'b', 'c'])).toBe(3);
      expect(await c.lRange('l', 0, -1)).toEqual(['a', 'b', 'c']);
      expect(await c.lPos('l', 'c')).toBe(2);
      expect(await c.hSet('h', { f1: 'x', f2: 'y' })).toBe(2);
      expect(await c.hGetAll('h')).toEqual({ f1: 'x', f2: 'y' });
      expect(await c.hIncrByFloat('h', 'n', 0.5)).toBe('0.5');
      expect(await c.sAdd('set', ['a', 'b', 'c'])).toBe(3);
      expect((await c.sMembers('set')).sort()).toEqual(['a', 'b', 'c']);
      expect(await c.sIsMember('set', 'b')).toBe(1);
      expect(await c.zAdd('z', [{ score: 2, value: 'two' }, { score: 1, value: 'one' }])).toBe(2);
      expect(await c.zRangeWithScores('z', 0, -1)).toEqual([{ value: 'one', score: 1 }, { value: 'two', score: 2 }]);
      expect(await c.zScore('z', 'two')).toBe(2);
      expect(await c.zPopMin('z')).toEqual({ value: 'one', score: 1 });
    });

    it('scan iterators visit every key once', async () => {
      const names = Array.from({ length: 300 }, (_, i) => `scan:${i}`);
      await c.mSet(names.map((n) => [n, '1'] as [string, string]));
      const seen: string[] = [];
      for await (const batch of c.scanIterator({ MATCH: 'scan:*', COUNT: 50 })) seen.push(...batch);
      expect(seen.sort()).toEqual([...names].sort());
    });

    it('MULTI/EXEC and WATCH', async () => {
      expect(await c.multi().set('t', '1').incr('t').get('t').exec()).toEqual(['OK', 2, '2']);
      const other = await connected(RESP, RESP);
      try {
        await c.watch('t');
        await other.set('t', 'changed');
        await expect(c.multi().set('t', 'mine').exec()).rejects.toThrow(/WATCH|aborted/i);
        expect(await c.get('t')).toBe('changed');
      } finally {
        other.destroy();
      }
    });

    it('scripts: EVAL, EVALSHA', async () => {
      const script = "return {KEYS[1], ARGV[1], redis.call('INCR', KEYS[1])}";
      expect(await c.eval(script, { keys: ['counter'], arguments: ['arg'] })).toEqual(['counter', 'arg', 1]);
      const sha = await c.scriptLoad(script);
      expect(await c.evalSha(sha, { keys: ['counter'], arguments: ['x'] })).toEqual(['counter', 'x', 2]);
    });

    it('pub/sub: messages and pattern messages reach a subscriber', async () => {
      const sub = await connected(RESP, RESP);
      try {
        const got: string[] = [];
        await sub.subscribe('chan', (message, channel) => got.push(`${channel}:${message}`));
        await sub.pSubscribe('ch*', (message, channel) => got.push(`p ${channel}:${message}`));
        expect(await c.publish('chan', 'hi')).toBe(2);
        for (let i = 0; i < 100 && got.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5));
        expect(got.sort()).toEqual(['chan:hi', 'p chan:hi']);
        if (RESP === 3) {
          // RESP3: the subscribed connection still runs ordinary commands between push frames.
          expect(await sub.get('s')).toBe('value');
        }
      } finally {
        sub.destroy();
      }
    });

    it('errors arrive as ErrorReply with the Redis text', async () => {
      await expect(c.lPush('s', 'x')).rejects.toThrow('WRONGTYPE Operation against a key holding the wrong kind of value');
      await expect(c.sendCommand(['NOSUCH'])).rejects.toThrow("ERR unknown command 'NOSUCH', with args beginning with: ");
    });
  });
}
