// redis-py with ACL users against an embedded tsredis: test/python/acl_users.py (acl_* helpers,
// Redis(username=...), redis://user:pass@host URLs, NOPERM and WRONGPASS as redis-py exceptions).
// Needs /usr/bin/python3 with python3-redis: skipped loudly on a developer machine without it, a
// failure under CI=true. Python is spawned asynchronously: the server shares this process's event loop.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type RunningServer } from '../helpers/server.js';
import { pythonWithRedis, runPython } from '../helpers/python.js';

const SCRIPT = join(import.meta.dirname, '../python/acl_users.py');


const available = pythonWithRedis();
let srv: RunningServer;

beforeAll(async () => {
  if (available) srv = await startTestServer();
});

afterAll(async () => {
  if (available) await srv.close();
});

describe.runIf(available)('redis-py with ACL users', () => {
  it('acl_* helpers, username connections, NOPERM, WRONGPASS, deleted users', async () => {
    const { code, output } = await runPython(SCRIPT, { env: { TSREDIS_PORT: String(srv.port) } });
    expect(output).toMatch(/Ran 3 tests in/);
    expect(code, output).toBe(0);
  }, 40_000);
});
