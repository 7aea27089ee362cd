// Protocol fuzzing against a real redis-server: random, truncated and mutated request streams get the same
// bytes back from tsredis as from Redis (replies, then the same protocol error), both close or both wait,
// and tsredis keeps serving another client throughout. Bounded and seeded; `npm run fuzz -- --family protocol`
// runs it for longer.

import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { requireProgram } from '../helpers/server.js';
import { ProtocolFuzzer, protocolCaseArb } from './harness/protocol.js';

const available = requireProgram('redis-server', 'apt-get install -y redis-server');

const SEED = Number(process.env['DIFF_SEED'] ?? 7_000_000);
const STREAMS = 300;

let fuzzer: ProtocolFuzzer;

describe.skipIf(!available)('malformed request streams: tsredis reacts like redis-server 7.0', () => {
  beforeAll(async () => {
    fuzzer = await ProtocolFuzzer.start();
  });

  afterAll(async () => {
    await fuzzer?.close();
  });

  it(`${STREAMS} random and mutated streams get the same bytes back and the same close (seed ${SEED})`, { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(protocolCaseArb, (test) => fuzzer.run(test)),
      { seed: SEED, numRuns: STREAMS },
    );
  });
});
