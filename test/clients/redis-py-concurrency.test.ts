// redis-py under concurrency against an embedded tsredis (issue 4's client tests):
//  - test/python/test_redis_py_watch_counter.py: 20 threads × 200 WATCH/GET/MULTI/SET/EXEC retry
//    loops on one counter end at exactly 4000;
//  - test/python/test_channels_pattern.py: Django Channels' Redis layer pattern (groups in sorted
//    sets with expiry, a capacity-checking Lua group_send, BZPOPMIN / BLPOP consumers in threads).
// Needs /usr/bin/python3 with python3-redis: skipped loudly without it, a failure under CI=true.
// Python is spawned asynchronously: the server shares this process's event loop.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type RunningServer } from '../helpers/server.js';
import { pythonWithRedis, runPython } from '../helpers/python.js';



/** Run one unittest file of test/python against the server. */
function runPythonFile(file: string, port: number, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return runPython(join(import.meta.dirname, '../python', file), { env: { TSREDIS_PORT: String(port) }, timeoutMs });
}

const available = pythonWithRedis();
let srv: RunningServer;

beforeAll(async () => {
  if (available) srv = await startTestServer();
});

afterAll(async () => {
  if (available) await srv.close();
});

describe.runIf(available)('redis-py under concurrency', () => {
  it('WATCH counter: 20 threads × 200 optimistic increments end at exactly 4000', async () => {
    const { code, output } = await runPythonFile('test_redis_py_watch_counter.py', srv.port, 60_000);
    expect(output).toMatch(/Ran 1 test in/);
    expect(code, output).toBe(0);
  }, 70_000);

  it('Django Channels layer pattern: groups, capacity, BZPOPMIN and BLPOP consumers', async () => {
    const { code, output } = await runPythonFile('test_channels_pattern.py', srv.port, 60_000);
    expect(output).toMatch(/Ran 3 tests in/);
    expect(code, output).toBe(0);
  }, 70_000);
});
