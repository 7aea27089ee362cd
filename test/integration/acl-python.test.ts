// redis-py with ACL users against an embedded tsredis: test/python/acl_users.py (acl_* helpers,
// Redis(username=...), redis://user:pass@host URLs, NOPERM and WRONGPASS as redis-py exceptions).
// Needs /usr/bin/python3 with python3-redis: skipped loudly on a developer machine without it, a
// failure under CI=true. Python is spawned asynchronously: the server shares this process's event loop.

import { describe, it } from 'vitest';
import { expectPythonTestsPass, pythonWithRedis } from '../helpers/python.js';
import { useTsredis } from '../helpers/side-by-side.js';

const available = pythonWithRedis();

describe.runIf(available)('redis-py with ACL users', () => {
  const ours = useTsredis({ raw: false });

  it('acl_* helpers, username connections, NOPERM, WRONGPASS, deleted users', async () => {
    await expectPythonTestsPass('acl_users.py', ours.port, 3);
  }, 40_000);
});
