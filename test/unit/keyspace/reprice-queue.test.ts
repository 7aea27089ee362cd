// The keyspace's re-pricing queue (Keyspace.deferReprice / settleMemory): keys written outside
// dispatch (fixtures, AOF loading) are queued until memory is read, and the queue is bounded by
// settling all but its most recent entries. Whatever the path, the incrementally kept total must
// equal a walk over every key.

import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../src/index.js';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('re-pricing queue', () => {
  it('keeps the memory total exact across the bounded-queue path (more writes than it holds)', async () => {
    running = await startServer({ port: 0, save: '', appendonly: 'no' });
    const keyspace = running.server.keyspace;
    // 5,000 lists built outside dispatch: each write queues its key, 4,096 at most before a partial settle.
    const fixture: Record<string, { type: 'list'; value: string[] }> = {};
    for (let i = 0; i < 5000; i++) fixture[`list:${i}`] = { type: 'list', value: Array.from({ length: (i % 7) + 1 }, (_, j) => `element-${i}-${j}`) };
    running.load({ db0: fixture });
    expect(keyspace.usedBytes).toBe(keyspace.recount());
    expect(keyspace.db(0).size).toBe(5000);
    // Overwrites of queued keys, a big value, then the total again.
    running.load({ db0: { 'list:1': { type: 'list', value: Array.from({ length: 300 }, (_, j) => `x${j}`) }, big: 'v'.repeat(100_000) } });
    expect(keyspace.usedBytes).toBe(keyspace.recount());
  });
});
