// SET and MSET over existing string keys rewrite the stored value in place (keyspace/database.ts
// setString): nothing a client can observe may differ from replacing it. OBJECT FREQ/IDLETIME and
// ENCODING, TTLs and expired keys are compared with a real redis-server 7.0 byte for byte; a
// BGSAVE running while MSET overwrites keys must still write the values as they were when it began.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { resp, startTestServer } from '../helpers/server.js';
import { haveRedisServer, useRealRedis, useTsredis } from '../helpers/side-by-side.js';
import { dumpDataset } from './persistence-dataset.js';

describe('compared with a real redis-server 7.0', () => {
  const available = haveRedisServer();
  const ours = useTsredis({ config: { 'enable-debug-command': 'yes' } });
  const real = useRealRedis({ when: available, args: ['--enable-debug-command', 'yes'] });

  /** Each step is one request; the replies must be the same bytes. */
  async function compare(steps: ReadonlyArray<readonly string[]>): Promise<void> {
    for (const argv of steps) {
      const mine = await ours.raw.roundTrip(resp(...argv));
      const theirs = await real.raw.roundTrip(resp(...argv));
      expect(mine, argv.join(' ')).toBe(theirs);
    }
  }

  it.runIf(available)('MSET and SET over a key count one access under LFU (OBJECT FREQ), GETSET two, and the counter is kept', async () => {
    const gets = Array.from({ length: 10 }, () => ['GET', 'k']);
    await compare([
      ['FLUSHALL'], ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'], ['CONFIG', 'SET', 'lfu-log-factor', '0'],
      ['SET', 'k', 'a'], ...gets, ['OBJECT', 'FREQ', 'k'],
      ['MSET', 'k', 'v'], ['OBJECT', 'FREQ', 'k'],
      ['SET', 'k', 'w'], ['OBJECT', 'FREQ', 'k'],
      ['MSET', 'k', 'bb', 'j', 'c', 'k', 'dd'], ['OBJECT', 'FREQ', 'k'], ['OBJECT', 'FREQ', 'j'], ['GET', 'k'],
      ['MSET', 'k', '12345678'], ['OBJECT', 'FREQ', 'k'], ['OBJECT', 'ENCODING', 'k'],
      ['MSETNX', 'k', 'x', 'fresh', 'y'], ['MSETNX', 'fresh', 'y', 'other', 'z'], ['OBJECT', 'FREQ', 'fresh'],
      ['SETEX', 'k', '100', 'z'], ['OBJECT', 'FREQ', 'k'],
      ['GETSET', 'k', 'g'], ['OBJECT', 'FREQ', 'k'], ['SET', 'k', 'h', 'GET'], ['OBJECT', 'FREQ', 'k'], ['TTL', 'k'],
      ['GETSET', 'absent', 'new'], ['OBJECT', 'FREQ', 'absent'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'], ['CONFIG', 'SET', 'lfu-log-factor', '10'],
    ]);
  });

  it.runIf(available)('MSET and SET rewrite the encoding and drop the TTL (SET KEEPTTL keeps it)', async () => {
    await compare([
      ['FLUSHALL'],
      ['SET', 'k', '123'], ['OBJECT', 'ENCODING', 'k'],
      ['MSET', 'k', 'abc'], ['OBJECT', 'ENCODING', 'k'], ['GET', 'k'],
      ['MSET', 'k', 'x'.repeat(44)], ['OBJECT', 'ENCODING', 'k'],
      ['MSET', 'k', 'y'.repeat(45)], ['OBJECT', 'ENCODING', 'k'], ['STRLEN', 'k'],
      ['SET', 'k', '-42'], ['OBJECT', 'ENCODING', 'k'], ['INCR', 'k'],
      ['MSET', 'k', '123456789012345678901'], ['OBJECT', 'ENCODING', 'k'],
      ['APPEND', 'k', 'tail'], ['OBJECT', 'ENCODING', 'k'], ['MSET', 'k', '7'], ['OBJECT', 'ENCODING', 'k'],
      ['EXPIRE', 'k', '100'], ['MSET', 'k', 'v'], ['TTL', 'k'],
      ['EXPIRE', 'k', '100'], ['SET', 'k', 'w', 'KEEPTTL'], ['TTL', 'k'], ['SET', 'k', 'w'], ['TTL', 'k'],
    ]);
  });

  it.runIf(available)('MSET over an expired key deletes it first, as lookupKeyWrite does (expired_keys)', async () => {
    const expiredKeys = async (raw: typeof ours.raw): Promise<string> => {
      const info = await raw.roundTrip(resp('INFO', 'stats'));
      return /expired_keys:\d+/.exec(info)?.[0] ?? 'missing';
    };
    const setup = [['FLUSHALL'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'], ['CONFIG', 'RESETSTAT'], ['SET', 'e', 'a', 'PX', '1'], ['SET', 'f', 'a', 'PX', '1']];
    await compare(setup);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await compare([['MSET', 'e', 'b', 'f', 'c'], ['MGET', 'e', 'f'], ['TTL', 'e']]);
    expect(await expiredKeys(ours.raw)).toBe(await expiredKeys(real.raw));
    expect(await expiredKeys(ours.raw)).toBe('expired_keys:2');
    await compare([['DEBUG', 'SET-ACTIVE-EXPIRE', '1']]);
  });
});

describe('the idle time after an overwrite', () => {
  const ours = useTsredis({ ioredis: true });

  it('MSET and SET reset OBJECT IDLETIME (a frozen clock: the LRU clock has one-second steps)', async () => {
    const redis = ours.client;
    ours.clock.freeze();
    await redis.mset('a', 'x', 'b', 'y');
    ours.clock.advance(7_000);
    expect(await redis.object('IDLETIME', 'a')).toBe(7);
    await redis.mset('a', 'z');
    await redis.set('b', 'w');
    expect(await redis.object('IDLETIME', 'a')).toBe(0);
    expect(await redis.object('IDLETIME', 'b')).toBe(0);
    ours.clock.real();
  });
});

describe('BGSAVE while MSET overwrites string keys', () => {
  let dir = '';
  const running: RunningServer[] = [];
  const clients: Redis[] = [];

  afterEach(async () => {
    for (const c of clients.splice(0)) c.disconnect();
    for (const srv of running.splice(0)) await srv.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('writes every value as it was when the save began', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsredis-overwrite-'));
    const a = await startTestServer({ dir });
    running.push(a);
    const redis = new Redis({ port: a.port });
    clients.push(redis);
    const keys = 30_000;
    for (let k = 0; k < keys; k += 1000) {
      const args: string[] = [];
      for (let i = k; i < k + 1000; i++) args.push(`k:${i}`, i % 3 === 0 ? String(i) : `value-${i}`);
      await redis.mset(...args);
    }
    const before = dumpDataset(a.server);

    expect(await redis.bgsave()).toBe('Background saving started');
    let roundsDuringSave = 0;
    for (let round = 0; round < 30; round++) {
      if (a.server.snapshots.inProgress) roundsDuringSave++;
      const pipeline = redis.pipeline();
      // Overwrites of every kind of string (int, embstr, raw), keys spread over the whole keyspace.
      for (let j = 0; j < 50; j++) {
        const args: string[] = [];
        for (let p = 0; p < 10; p++) {
          const i = (round * 7919 + j * 104_729 + p * 15_485_863) % keys;
          args.push(`k:${i}`, p % 3 === 0 ? String(round) : p % 3 === 1 ? `new-${round}` : 'r'.repeat(50));
        }
        pipeline.mset(...args);
      }
      await pipeline.exec();
    }
    await a.server.snapshots.running;
    // The save must have overlapped the writes for this test to mean anything.
    expect(roundsDuringSave).toBeGreaterThanOrEqual(3);
    expect(dumpDataset(a.server)).not.toEqual(before);
    await a.close();
    running.splice(0);

    const b = await startTestServer({ dir });
    running.push(b);
    expect(dumpDataset(b.server)).toEqual(before);
  });
});
