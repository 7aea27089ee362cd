// MEMORY USAGE of listpack sorted sets against a real redis-server 7.0: the model counts each score's
// listpack entry as Redis encodes it (an integer, or d2string's text) and rounds the one listpack
// allocation to jemalloc's size class, so a listpack zset prices to the byte.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, rawReply, requireProgram, startRealRedis, startTestServer, type RealRedis, type RunningServer } from '../helpers/server.js';

const available = requireProgram('redis-server', 'sudo apt-get install -y redis-server');
let srv: RunningServer;
let raw: RawClient;
let real: RealRedis | undefined;
let realRaw: RawClient | undefined;

beforeAll(async () => {
  srv = await startTestServer();
  raw = await RawClient.connect(srv.port);
  if (!available) return;
  real = await startRealRedis();
  realRaw = await RawClient.connect(real.port);
});

afterAll(async () => {
  raw.close();
  realRaw?.close();
  await real?.stop();
  await srv.close();
});

const range = (n: number, f: (i: number) => string[]): string[] => Array.from({ length: n }, (_, i) => f(i)).flat();

async function both(...argv: string[]): Promise<[string, string]> {
  return [await rawReply(raw, ...argv), await rawReply(realRaw as RawClient, ...argv)];
}

describe('MEMORY USAGE of a listpack zset', () => {
  it.runIf(available)('integer and short decimal scores, and writes after them: the same bytes as Redis 7.0', async () => {
    const sets: ReadonlyArray<readonly string[]> = [
      ['z3', '1', 'a', '2', 'b', '3', 'c'],
      ['z10', ...range(10, (i) => [String(i), `m${i}`])],
      ['z100', ...range(100, (i) => [String(i * 1.5), `member-00000-${String(i).padStart(3, '0')}`])],
      ['ts', ...range(50, (i) => [String(1_700_000_000 + i * 60), `event:${i}`])],
      ['neg', ...range(40, (i) => [String(-i * 1000), `n${i}`])],
      ['quarters', ...range(30, (i) => [String(i / 4 - 3), `q${i}`])],
    ];
    for (const [key, ...pairs] of sets) {
      await both('DEL', key as string);
      await both('ZADD', key as string, ...pairs);
      const [ours, theirs] = await both('MEMORY', 'USAGE', key as string);
      expect(ours, key).toBe(theirs);
    }
    // Writes keep the count: removing, re-scoring and popping.
    await both('ZREM', 'z100', 'member-00000-007');
    await both('ZINCRBY', 'z100', '1000.25', 'member-00000-008');
    await both('ZPOPMIN', 'z100', '3');
    await both('ZREMRANGEBYRANK', 'ts', '0', '9');
    for (const key of ['z100', 'ts']) {
      const [ours, theirs] = await both('MEMORY', 'USAGE', key);
      expect(ours, key).toBe(theirs);
    }
  });

  it.runIf(available)('long decimal scores (17 significant digits, or fewer after rounding): the same bytes', async () => {
    await both('ZADD', 'sevenths', ...range(100, (i) => [String(i / 7), `m${i}`]));
    await both('ZADD', 'short', ...range(100, (i) => [`0.${i}${i}${i}`, `m${i}`]));
    await both('ZADD', 'tiny', ...range(20, (i) => [String((i + 1) * 1e-7), `t${i}`]), '1e300', 'huge');
    for (const key of ['sevenths', 'short', 'tiny']) {
      const [ours, theirs] = await both('MEMORY', 'USAGE', key);
      expect(ours, key).toBe(theirs);
    }
  });
});
