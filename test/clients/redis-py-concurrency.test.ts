// redis-py under concurrency against an embedded tsredis (issue 4's client tests):
//  - test/python/test_redis_py_watch_counter.py: 20 threads × 200 WATCH/GET/MULTI/SET/EXEC retry
//    loops on one counter end at exactly 4000;
//  - test/python/test_channels_pattern.py: Django Channels' Redis layer pattern (groups in sorted
//    sets with expiry, a capacity-checking Lua group_send, BZPOPMIN / BLPOP consumers in threads).
// Needs /usr/bin/python3 with python3-redis: skipped loudly without it, a failure under CI=true.
// Python is spawned asynchronously: the server shares this process's event loop.

import { describe, it } from 'vitest';
import { expectPythonTestsPass, pythonWithRedis } from '../helpers/python.js';
import { useTsredis } from '../helpers/side-by-side.js';

const available = pythonWithRedis();

describe.runIf(available)('redis-py under concurrency', () => {
  const ours = useTsredis({ raw: false });

  it('WATCH counter: 20 threads × 200 optimistic increments end at exactly 4000', async () => {
    await expectPythonTestsPass('test_redis_py_watch_counter.py', ours.port, 1, 60_000);
  }, 70_000);

  it('Django Channels layer pattern: groups, capacity, BZPOPMIN and BLPOP consumers', async () => {
    await expectPythonTestsPass('test_channels_pattern.py', ours.port, 3, 60_000);
  }, 70_000);
});
