// Differential test of expiry as time passes: a real redis-server under the clock shim and tsredis, both
// frozen at the same absolute time, active expiry off on both, clocks moved together by tick steps.
// TTL replies and the final keyspace's TTLs compare exactly. See docs/verification.md, "Time".

import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireProgram } from '../helpers/server.js';
import { ReplyConnection } from './harness/connection.js';
import { DEFAULT_RUNS, FAMILY_NAMES, MAX_LENGTH, availableGens, familyGens } from './families/index.js';
import { TIME_BASE_MS, timeSequenceArb } from './families/time.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DifferentialRunner } from './harness/runner.js';
import { buildClockShim, ClockFile, startShimmedRedis, startSharedClockRunner } from './harness/shared-clock.js';

const available = requireProgram('redis-server', 'apt-get install -y redis-server') && requireProgram('gcc', 'apt-get install -y gcc');

/** Fixed so CI is reproducible; DIFF_SEED moves every family's seed together (as in commands.test.ts). */
const SEED = Number(process.env['DIFF_SEED'] ?? 7_000_000) + FAMILY_NAMES.indexOf('time');
const TIMEOUT_MS = 180_000;

let runner: DifferentialRunner;
let implemented: Set<string>;

describe.skipIf(!available)('expiry as time passes: tsredis and redis-server 7.0 on one frozen clock', () => {
  beforeAll(async () => {
    runner = await startSharedClockRunner();
    implemented = await runner.implemented(familyGens('time').map((g) => g.name));
  });

  afterAll(async () => {
    await runner?.close();
  });

  it('the clock shim sets redis-server\'s wall clock (TIME answers the frozen time)', async () => {
    // An empty sequence: the runner only freezes both clocks at its start time.
    const [empty] = fc.sample(timeSequenceArb(familyGens('time'), 0), { seed: 1, numRuns: 1 });
    if (empty === undefined) throw new Error('no sample');
    await runner.run(empty);
    const conn = await ReplyConnection.open(runner.ports.redis);
    const reply = await conn.request([Buffer.from('TIME')]);
    conn.close();
    if (reply.kind !== 'reply') throw new Error('TIME got no reply');
    const seconds = Number(reply.node.children?.[0]?.payload?.toString());
    expect(Math.floor((empty.startMs ?? 0) / 1000)).toBe(Math.floor(TIME_BASE_MS / 1000));
    expect(seconds).toBe(Math.floor((empty.startMs ?? 0) / 1000));
  });

  it('the shim falls back to the real clock when its file is missing or holds 0, and follows the file once it is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsredis-shim-'));
    const shim = await buildClockShim(dir);
    const path = join(dir, 'clock');
    // The file does not exist yet when redis-server starts (the shim reads the clock during start-up).
    const redis = await startShimmedRedis(shim, path);
    const conn = await ReplyConnection.open(redis.port);
    const timeS = async (): Promise<number> => {
      const reply = await conn.request([Buffer.from('TIME')]);
      if (reply.kind !== 'reply') throw new Error('TIME got no reply');
      return Number(reply.node.children?.[0]?.payload?.toString());
    };
    try {
      const real = (): number => Math.floor(Date.now() / 1000);
      expect(Math.abs((await timeS()) - real())).toBeLessThanOrEqual(1);
      const file = new ClockFile(path);
      expect(Math.abs((await timeS()) - real())).toBeLessThanOrEqual(1);
      file.set(TIME_BASE_MS + 1500);
      expect(await timeS()).toBe(TIME_BASE_MS / 1000 + 1);
      file.set(0);
      expect(Math.abs((await timeS()) - real())).toBeLessThanOrEqual(1);
      file.close();
    } finally {
      conn.close();
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(`time: same replies and same final keyspace, TTLs exact (seed ${SEED})`, { timeout: TIMEOUT_MS }, async () => {
    await fc.assert(
      fc.asyncProperty(timeSequenceArb(availableGens('time', implemented), MAX_LENGTH), async (seq) => {
        await runner.run(seq);
      }),
      { seed: SEED, numRuns: DEFAULT_RUNS.time, endOnFailure: false },
    );
  });
});
