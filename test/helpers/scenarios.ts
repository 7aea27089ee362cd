// Transcript scenarios run on tsredis and on a real redis-server 7.0, whose replies must match byte
// for byte. A scenario drives raw connections against a port and returns what it saw; the same
// function runs against both servers, so nothing about the expected bytes is written by hand.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient, requireProgram, resp, startRealRedis, type RealRedis } from './server.js';

/** One scenario: drive the server on `port`, return the transcript to compare. */
export type Scenario = (port: number) => Promise<string[]>;

/**
 * Open `count` raw connections for `body` and close them afterwards. With `flush`, the first one
 * empties the server first, so every scenario starts from the same state on both servers.
 */
export async function withClients<T>(
  port: number, count: number, body: (clients: RawClient[]) => Promise<T>, options: { flush?: boolean } = {},
): Promise<T> {
  const clients = await Promise.all(Array.from({ length: count }, () => RawClient.connect(port)));
  if (options.flush === true) await (clients[0] as RawClient).roundTrip(resp('FLUSHALL'));
  try {
    return await body(clients);
  } finally {
    for (const c of clients) c.close();
  }
}

/**
 * A describe block that runs every scenario on a real redis-server (started with `redisArgs`) and
 * then on tsredis (`ourPort()`), expecting equal transcripts. Skips loudly without redis-server on a
 * developer machine and fails under CI=true (requireProgram).
 */
export function describeAgainstRealRedis(
  title: string, scenarios: Record<string, Scenario>, ourPort: () => number, redisArgs: string[] = [], timeoutMs = 20000,
): void {
  const haveRedis = requireProgram('redis-server', 'apt-get install -y redis-server');
  describe.runIf(haveRedis)(`${title}: tsredis and redis-server 7.0 reply the same bytes`, () => {
    let real: RealRedis;

    beforeAll(async () => {
      real = await startRealRedis(redisArgs);
    });

    afterAll(async () => {
      await real.stop();
    });

    for (const [name, scenario] of Object.entries(scenarios)) {
      it(name, async () => {
        const theirs = await scenario(real.port);
        const ours = await scenario(ourPort());
        expect(ours).toEqual(theirs);
      }, timeoutMs);
    }
  });
}
