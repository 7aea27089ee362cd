// tsredis from a Python test suite: test/python/test_standin.py spawns the CLI with --port 0,
// reads the ready line, and drives it with redis-py and django-redis, moving the clock with
// DEBUG CLOCK. Needs /usr/bin/python3 with python3-redis (and python3-django-redis): skipped with
// a loud notice on a developer machine without them, a failure under CI=true.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonWithRedis, runPython } from '../../helpers/python.js';

const ROOT = join(import.meta.dirname, '../../..');
const SCRIPT = join(ROOT, 'test/python/test_standin.py');


describe.runIf(pythonWithRedis('apt-get install python3-redis python3-django-redis'))('Python test suites against the tsredis CLI', () => {
  it('test/python/test_standin.py passes: redis-py SET/GET/EXPIRE, DEBUG CLOCK, django-redis timeouts', async () => {
    const { code, output } = await runPython(SCRIPT, {
      cwd: ROOT, env: { TSREDIS_NODE: process.execPath, TSREDIS_CLI: join(ROOT, 'dist/cli.js') }, timeoutMs: 120_000,
    });
    expect(output).toMatch(/Ran 4 tests in/);
    expect(output).toMatch(/\nOK\b/);
    if (process.env['CI'] === 'true') expect(output).not.toMatch(/skipped/);
    expect(code, output).toBe(0);
  });
});
