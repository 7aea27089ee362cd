// Property: whatever a random sequence of writes does — with the commands whose effect must be
// logged instead of the request (relative TTLs, SPOP, INCRBYFLOAT, blocking and multi pops,
// scripts, transactions) and a BGREWRITEAOF at a random point — a restart from the AOF gives back
// exactly the same dataset, in tsredis and in redis-server 7.0. fast-check, seeded and bounded.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/index.js';
import { requireProgram, startRealRedis } from '../helpers/server.js';
import { dumpDataset } from './persistence-dataset.js';

let root: string;
let runs = 0;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tsredis-aof-property-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

type Command = Array<string | number | Buffer>;

const keyArb = fc.constantFrom<string | Buffer>('a', 'b', 'c', 'd', Buffer.from([0, 0xff, 0x80]));
const dbArb = fc.constantFrom(0, 1, 7);
const valueArb = fc.oneof(fc.constantFrom('x', '1', '-7', '3.5', ''), fc.string({ maxLength: 6 }), fc.integer({ min: -99, max: 99 }).map(String));
const manyArb = (n: number) => fc.array(valueArb, { minLength: 1, maxLength: n });
const ttlSecArb = fc.integer({ min: 1_000, max: 100_000 });
const countArb = fc.integer({ min: 1, max: 8 });

const writeArb: fc.Arbitrary<Command> = fc.oneof(
  fc.tuple(keyArb, valueArb).map(([k, v]): Command => ['SET', k, v]),
  fc.tuple(keyArb, valueArb, ttlSecArb, fc.constantFrom('EX', 'PX')).map(([k, v, t, unit]): Command => ['SET', k, v, unit, unit === 'EX' ? t : t * 1000]),
  fc.tuple(keyArb, valueArb, ttlSecArb).map(([k, v, t]): Command => ['SETEX', k, t, v]),
  fc.tuple(keyArb, ttlSecArb, fc.constantFrom('EXPIRE', 'PEXPIRE')).map(([k, t, cmd]): Command => [cmd, k, cmd === 'EXPIRE' ? t : t * 1000]),
  keyArb.map((k): Command => ['EXPIRE', k, -1]),
  fc.tuple(keyArb, ttlSecArb).map(([k, t]): Command => ['GETEX', k, 'EX', t]),
  keyArb.map((k): Command => ['GETEX', k, 'PERSIST']),
  fc.tuple(keyArb, fc.constantFrom('1.5', '-0.25', '10', '3e2')).map(([k, by]): Command => ['INCRBYFLOAT', k, by]),
  fc.tuple(keyArb, fc.constantFrom('1.5', '-0.25')).map(([k, by]): Command => ['HINCRBYFLOAT', k, 'f', by]),
  fc.tuple(keyArb, manyArb(12)).map(([k, vs]): Command => ['SADD', k, ...vs]),
  keyArb.map((k): Command => ['SPOP', k]),
  fc.tuple(keyArb, countArb).map(([k, n]): Command => ['SPOP', k, n]),
  fc.tuple(keyArb, manyArb(8)).map(([k, vs]): Command => ['RPUSH', k, ...vs]),
  fc.tuple(keyArb, keyArb).map(([k, k2]): Command => ['BLPOP', k, k2, '0.001']),
  fc.tuple(keyArb, keyArb).map(([k, to]): Command => ['BLMOVE', k, to, 'LEFT', 'RIGHT', '0.001']),
  fc.tuple(keyArb, keyArb, countArb).map(([k, k2, n]): Command => ['LMPOP', 2, k, k2, 'RIGHT', 'COUNT', n]),
  fc.tuple(keyArb, fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), valueArb), { minLength: 1, maxLength: 8 })).map(
    ([k, pairs]): Command => ['ZADD', k, ...pairs.flatMap(([score, m]) => [String(score), m])],
  ),
  fc.tuple(keyArb, keyArb).map(([k, k2]): Command => ['BZPOPMIN', k, k2, '0.001']),
  fc.tuple(keyArb, countArb).map(([k, n]): Command => ['ZMPOP', 1, k, 'MAX', 'COUNT', n]),
  fc.tuple(keyArb, keyArb).map(([k, to]): Command => ['RENAME', k, to]),
  fc.tuple(keyArb, dbArb).map(([k, db]): Command => ['MOVE', k, db]),
  fc.tuple(dbArb, dbArb).map(([a, b]): Command => ['SWAPDB', a, b]),
  keyArb.map((k): Command => ['DEL', k]),
  fc.tuple(keyArb, keyArb).map(([k, k2]): Command => [
    'EVAL', "redis.pcall('SPOP', KEYS[1]); redis.pcall('SET', KEYS[2], 'lua'); redis.pcall('EXPIRE', KEYS[2], 5000); return 1", 2, k, k2,
  ]),
);

/** A step: a command, a small MULTI/EXEC, SELECT, or a rewrite. */
const stepArb: fc.Arbitrary<Command[]> = fc.oneof(
  { weight: 12, arbitrary: writeArb.map((c) => [c]) },
  { weight: 2, arbitrary: fc.array(writeArb, { minLength: 1, maxLength: 4 }).map((cs): Command[] => [['MULTI'], ...cs, ['EXEC']]) },
  { weight: 2, arbitrary: dbArb.map((db): Command[] => [['SELECT', db]]) },
  { weight: 1, arbitrary: fc.constant<Command[]>([['BGREWRITEAOF']]) },
);

async function runAll(port: number, steps: Command[][]): Promise<void> {
  const redis = new Redis({ port, maxRetriesPerRequest: 0 });
  try {
    const pipeline = redis.pipeline();
    for (const step of steps) for (const [name, ...args] of step) pipeline.call(name as string, ...args);
    await pipeline.exec();
  } finally {
    redis.disconnect();
  }
}

async function startOurs(dir: string, preamble: boolean): Promise<RunningServer> {
  return startServer(
    { port: 0, bind: '127.0.0.1', dir, appendonly: 'yes', 'aof-use-rdb-preamble': preamble ? 'yes' : 'no' },
    { logSink: () => {} },
  );
}

describe('AOF restart keeps the whole dataset (property)', () => {
  it('random write sequences (effects, scripts, transactions, rewrites) survive a restart exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 10, maxLength: 80 }), fc.boolean(), async (steps, preamble) => {
        const dir = join(root, `run-${runs++}`);
        mkdirSync(dir);
        const a = await startOurs(dir, preamble);
        let before;
        try {
          await runAll(a.port, steps);
          before = dumpDataset(a.server);
        } finally {
          await a.close();
        }
        const b = await startOurs(dir, preamble);
        try {
          expect(dumpDataset(b.server)).toEqual(before);
        } finally {
          await b.close();
        }
      }),
      { seed: 7_2026, numRuns: 30, endOnFailure: true },
    );
  });

  it.runIf(requireProgram('redis-server', 'sudo apt-get install -y redis-server'))('redis-server 7.0 loads the same AOF directory into the same dataset', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 10, maxLength: 60 }), fc.boolean(), async (steps, preamble) => {
        const dir = join(root, `real-${runs++}`);
        mkdirSync(dir);
        const a = await startOurs(dir, preamble);
        try {
          await runAll(a.port, steps);
        } finally {
          await a.close();
        }
        // Ours reads it back; Redis reads it; both are asked the same questions.
        const b = await startOurs(dir, preamble);
        const real = await startRealRedis(['--appendonly', 'yes', '--dir', dir]);
        const ours = new Redis({ port: b.port });
        const theirs = new Redis({ port: real.port });
        try {
          expect(await clientView(theirs)).toEqual(await clientView(ours));
        } finally {
          ours.disconnect();
          theirs.disconnect();
          await real.stop();
          await b.close();
        }
      }),
      { seed: 8_2026, numRuns: 6, endOnFailure: true },
    );
  });
});

/** Every key of the databases the steps use, read through a client: type, value, absolute expiry. */
async function clientView(redis: Redis): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const db of [0, 1, 7]) {
    await redis.select(db);
    const keys = ((await redis.callBuffer('KEYS', '*')) as Buffer[]).sort(Buffer.compare);
    for (const key of keys) {
      const type = String(await redis.type(key));
      const read: Record<string, string[]> = {
        string: ['GET'], list: ['LRANGE', '0', '-1'], set: ['SMEMBERS'], hash: ['HGETALL'], zset: ['ZRANGE', '0', '-1', 'WITHSCORES'],
      };
      const [cmd, ...rest] = read[type] ?? ['TYPE'];
      let value = (await redis.callBuffer(cmd as string, key, ...rest)) as Buffer | Buffer[];
      if (Array.isArray(value)) value = value.map((v) => v.toString('hex')).sort() as unknown as Buffer[];
      else value = value.toString('hex') as unknown as Buffer;
      out[`${db}:${key.toString('hex')}`] = { type, value, expireAt: await redis.call('PEXPIRETIME', key) };
    }
  }
  return out;
}
