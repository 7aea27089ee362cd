// redis-py against an embedded tsredis: test/python/test_redis_py_lock.py runs redis-py's Lock
// (its acquire/extend/reacquire/release Lua scripts) and django-redis's incr script. Needs
// /usr/bin/python3 with python3-redis: skipped loudly on a developer machine without it, a failure
// under CI=true. Python is spawned asynchronously: the server shares this process's event loop.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type RunningServer } from '../helpers/server.js';
import { pythonWithRedis, runPython } from '../helpers/python.js';

const SCRIPT = join(import.meta.dirname, '../python/test_redis_py_lock.py');


const available = pythonWithRedis();
let srv: RunningServer;

beforeAll(async () => {
  if (available) srv = await startTestServer();
});

afterAll(async () => {
  if (available) await srv.close();
});

describe.runIf(available)('redis-py', () => {
  it('Lock: acquire, exclusion, extend, reacquire, release; django-redis incr script', async () => {
    const { code, output } = await runPython(SCRIPT, { env: { TSREDIS_PORT: String(srv.port) } });
    expect(output).toMatch(/Ran 3 tests in/);
    expect(code, output).toBe(0);
  });
});
