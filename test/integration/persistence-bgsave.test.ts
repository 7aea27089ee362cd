// BGSAVE is a point-in-time snapshot: writes made while it runs (in place, renames, moves,
// SWAPDB, flushes, transactions, scripts) never reach the file. Without fork() this rests on the
// copy-on-write guard in Database.lookupWrite (src/persistence/rdb-save.ts); this suite fails
// when the guard is removed.

import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { useServerPool } from '../helpers/side-by-side.js';
import { dumpDataset, writeMixedDataset } from './persistence-dataset.js';

let dir: string;
const pool = useServerPool();

beforeEach(() => {
  dir = pool.tempDir('tsredis-bgsave-');
});

const start = (): Promise<RunningServer> => pool.tsredis({ dir, 'enable-debug-command': 'yes' });

/** One random write: most change a value in place, some move or drop whole keys or databases. */
function mutation(rng: () => number, keys: number): Array<string | number> {
  const i = Math.floor(rng() * (keys + keys / 10)); // ~10% are new keys
  const key = `k:${i}`;
  const other = `k:${Math.floor(rng() * keys)}`;
  const pick = Math.floor(rng() * 30);
  switch (pick) {
    case 0: return ['APPEND', key, 'tail'];
    case 1: return ['SETRANGE', key, 2, 'XY'];
    case 2: return ['INCR', key];
    case 3: return ['SET', key, `new-${i}`];
    case 4: return ['DEL', key];
    case 5: return ['RPUSH', key, 'pushed'];
    case 6: return ['LPOP', key];
    case 7: return ['LSET', key, 0, 'changed'];
    case 8: return ['HSET', key, 'f0', 'changed', 'fnew', 'x'];
    case 9: return ['HDEL', key, 'f0'];
    case 10: return ['HINCRBY', key, 'counter', 5];
    case 11: return ['SADD', key, 'added', '99'];
    case 12: return ['SREM', key, '0', 'm0'];
    case 13: return ['ZADD', key, 42, 'z0', 7, 'znew'];
    case 14: return ['ZINCRBY', key, 3, 'z1'];
    case 15: return ['ZPOPMIN', key];
    case 16: return ['PEXPIRE', key, 1_000_000];
    case 17: return ['PERSIST', key];
    case 18: return ['RENAME', key, `renamed:${i}`];
    case 19: return ['RPUSH', `renamed:${i}`, 'after-rename'];
    case 20: return ['MOVE', key, 2];
    case 21: return ['COPY', key, `copy:${i}`];
    case 22: return ['SMOVE', key, other, '1'];
    case 23: return ['LMOVE', key, other, 'LEFT', 'RIGHT'];
    case 24: return ['SUNIONSTORE', key, key, other];
    case 25: return ['EVAL', "redis.call('hset', KEYS[1], 'lua', 'yes'); return redis.call('rpush', KEYS[2], 'lua')", 2, key, other];
    case 26: return ['GETDEL', key];
    case 27: return ['LTRIM', key, 1, -1];
    case 28: return ['HSET', `k:${Math.floor(rng() * keys)}`, 'f1', 'x'];
    default: return ['SINTERSTORE', other, key, other];
  }
}

describe('BGSAVE writes the dataset as it was when it started', () => {
  it('writes in place, renames, moves, SWAPDB, FLUSHDB, EXEC and scripts during the save do not reach the file', async () => {
    const a = await start();
    const redis = pool.ioredis(a.port, {});
    const keys = 30_000;
    await writeMixedDataset(redis, 0, keys);
    await writeMixedDataset(redis, 1, 3_000, 'one');
    await writeMixedDataset(redis, 5, 500, 'five');
    await redis.select(0);
    const before = dumpDataset(a.server);
    expect(Object.keys(before[0] ?? {}).length).toBeGreaterThan(keys);

    const rng = fc.sample(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { numRuns: 1, seed: 20261126 })[0] ?? 1;
    let state = rng;
    const next = (): number => {
      // mulberry32: a seeded stream for the mutations.
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };

    expect(await redis.bgsave()).toBe('Background saving started');
    let roundsDuringSave = 0;
    for (let round = 0; round < 40; round++) {
      if (a.server.snapshots.inProgress) roundsDuringSave++;
      const pipeline = redis.pipeline();
      for (let j = 0; j < 150; j++) pipeline.call(...(mutation(next, keys) as [string, ...Array<string | number>]));
      if (round === 3) pipeline.swapdb(0, 1);
      if (round === 6) pipeline.call('SELECT', 5).call('FLUSHDB').call('SELECT', 0);
      if (round === 8) pipeline.call('MULTI').call('HSET', 'one:3', 'f0', 'in-exec').call('RPUSH', 'one:2', 'in-exec').call('EXEC');
      await pipeline.exec();
    }
    await a.server.snapshots.running;
    // The save must have overlapped the writes for this test to mean anything.
    expect(roundsDuringSave).toBeGreaterThanOrEqual(3);
    expect(dumpDataset(a.server)).not.toEqual(before);
    const copied = a.server.snapshots.lastCopiedValues;
    await a.close();

    const b = await start();
    expect(dumpDataset(b.server)).toEqual(before);
    // Writes reached values the save had not written yet: the guard kept their old versions.
    expect(copied).toBeGreaterThan(0);
  });
});
