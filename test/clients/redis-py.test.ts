// redis-py against an embedded tsredis: test/python/test_redis_py_lock.py runs redis-py's Lock
// (its acquire/extend/reacquire/release Lua scripts) and django-redis's incr script. Needs
// /usr/bin/python3 with python3-redis: skipped loudly on a developer machine without it, a failure
// under CI=true. Python is spawned asynchronously: the server shares this process's event loop.

import { describe, it } from 'vitest';
import { expectPythonTestsPass, pythonWithRedis } from '../helpers/python.js';
import { useTsredis } from '../helpers/side-by-side.js';

const available = pythonWithRedis();

describe.runIf(available)('redis-py', () => {
  const ours = useTsredis({ raw: false });

  it('Lock: acquire, exclusion, extend, reacquire, release; django-redis incr script', async () => {
    await expectPythonTestsPass('test_redis_py_lock.py', ours.port, 3);
  });
});
