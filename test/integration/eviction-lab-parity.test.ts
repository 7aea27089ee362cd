// The server drives the extra policies as the lab's simulator does: the same workload replayed
// through an in-process tsredis (GET, SET on a miss, maxmemory sized to the cache) and through the
// simulator gives the same miss ratio, so the keyspace's insert/access/remove calls are right.
import { describe, expect, it } from 'vitest';
import { replayInProcess } from '../../bench/eviction/server-mode.js';
import { simulate } from '../../bench/eviction/sim.js';
import { zipfWorkload } from '../../bench/eviction/workloads.js';
import { EXTRA_POLICIES } from '../../src/eviction/extra/index.js';

describe('extra policies inside the server', () => {
  const workload = zipfWorkload(1.0, { requests: 6_000, keys: 1_500, seed: 3 });
  const capacity = 120;

  it.each([...EXTRA_POLICIES.keys()])('%s: the server and the simulator agree', async (name) => {
    const factory = EXTRA_POLICIES.get(name);
    if (factory === undefined) throw new Error(name);
    const sim = simulate(factory, workload, capacity);
    const server = await replayInProcess(workload, capacity, { policy: name, valueSize: 16, rate: 100_000, calibrationRounds: 4 });
    expect(Math.abs(server.residentAtEnd - capacity)).toBeLessThanOrEqual(2);
    expect(Math.abs(server.missRatio - sim.missRatio)).toBeLessThan(0.01);
  });
});
