// Property: whatever a random sequence of writes leaves behind (every type, both encodings, TTLs,
// binary names, all 16 databases, SWAPDB/MOVE/RENAME), SAVE or BGSAVE then a restart on the same
// `dir` gives back exactly the same dataset. fast-check, seeded and bounded.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.js';
import { dumpDataset } from './persistence-dataset.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsredis-property-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

type Command = Array<string | number | Buffer>;

// A small pool of names, so commands keep meeting the same keys; two are binary.
const keyArb = fc.constantFrom<string | Buffer>('a', 'b', 'c', 'd', 'e', Buffer.from([0, 0xff, 0x80]), Buffer.from('k\r\n'));
const dbArb = fc.oneof(fc.constantFrom(0, 1, 15), fc.integer({ min: 0, max: 15 }));
const smallArb = fc.oneof(fc.constantFrom('x', '1', '-7', '3.5', ''), fc.string({ maxLength: 8 }));
const elementArb = fc.oneof(smallArb, fc.integer({ min: -1000, max: 1000 }).map(String), fc.constant('v'.repeat(80)));
const manyArb = (n: number) => fc.array(elementArb, { minLength: 1, maxLength: n });

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  dbArb.map((db): Command => ['SELECT', db]),
  fc.tuple(keyArb, elementArb).map(([k, v]): Command => ['SET', k, v]),
  fc.tuple(keyArb, elementArb, fc.integer({ min: 1_000_000, max: 100_000_000 })).map(([k, v, ms]): Command => ['SET', k, v, 'PX', ms]),
  fc.tuple(keyArb, smallArb).map(([k, v]): Command => ['APPEND', k, v]),
  fc.tuple(keyArb, manyArb(140)).map(([k, vs]): Command => ['RPUSH', k, ...vs]),
  keyArb.map((k): Command => ['LPOP', k]),
  fc.tuple(keyArb, manyArb(10)).map(([k, vs]): Command => ['HSET', k, ...vs.flatMap((v, i) => [`f${i}`, v])]),
  fc.tuple(keyArb, fc.integer({ min: 0, max: 600 })).map(([k, n]): Command => ['HSET', k, ...Array.from({ length: n + 1 }, (_, i) => [`h${i}`, `${i}`]).flat()]),
  fc.tuple(keyArb, manyArb(20)).map(([k, vs]): Command => ['SADD', k, ...vs]),
  fc.tuple(keyArb, fc.integer({ min: 0, max: 600 })).map(([k, n]): Command => ['SADD', k, ...Array.from({ length: n + 1 }, (_, i) => String(i))]),
  fc.tuple(keyArb, elementArb).map(([k, v]): Command => ['SREM', k, v]),
  fc.tuple(keyArb, fc.array(fc.tuple(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), smallArb), { minLength: 1, maxLength: 150 })).map(
    ([k, pairs]): Command => ['ZADD', k, ...pairs.flatMap(([score, m]) => [String(score), m])],
  ),
  fc.tuple(keyArb, fc.integer({ min: 1_000_000, max: 100_000_000 })).map(([k, ms]): Command => ['PEXPIRE', k, ms]),
  keyArb.map((k): Command => ['PERSIST', k]),
  keyArb.map((k): Command => ['DEL', k]),
  fc.tuple(keyArb, keyArb).map(([k, to]): Command => ['RENAME', k, to]),
  fc.tuple(keyArb, dbArb).map(([k, db]): Command => ['MOVE', k, db]),
  fc.tuple(dbArb, dbArb).map(([a, b]): Command => ['SWAPDB', a, b]),
);

describe('SAVE/BGSAVE then restart keeps the whole dataset (property)', () => {
  it('random write sequences survive a save and a restart exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 20, maxLength: 150, size: 'max' }), fc.boolean(), async (commands, background) => {
        rmSync(join(dir, 'dump.rdb'), { force: true });
        const a = await startTestServer({ dir });
        const redis = new Redis({ port: a.port });
        try {
          const pipeline = redis.pipeline();
          for (const [name, ...args] of commands) pipeline.call(name as string, ...args);
          await pipeline.exec();
          if (background) {
            await redis.bgsave();
            await a.server.snapshots.running;
          } else {
            await redis.save();
          }
        } finally {
          redis.disconnect();
        }
        const before = dumpDataset(a.server);
        await a.close();
        const b = await startTestServer({ dir });
        try {
          expect(dumpDataset(b.server)).toEqual(before);
        } finally {
          await b.close();
        }
      }),
      { seed: 6_2026, numRuns: 40, endOnFailure: true },
    );
  });
});
