// tsredis from a Python test suite: test/python/test_standin.py spawns the CLI with --port 0,
// reads the ready line, and drives it with redis-py and django-redis, moving the clock with
// DEBUG CLOCK. Needs /usr/bin/python3 with python3-redis (and python3-django-redis): skipped with
// a loud notice on a developer machine without them, a failure under CI=true.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PYTHON = '/usr/bin/python3';
const ROOT = join(import.meta.dirname, '../../..');
const SCRIPT = join(ROOT, 'test/python/test_standin.py');

function pythonWithRedis(): boolean {
  const ok = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import redis'], { stdio: 'ignore' }).status === 0;
  if (ok) return true;
  const message = `\n*** ${PYTHON} with the redis module is not installed: these tests need it. Install with: apt-get install python3-redis python3-django-redis ***\n`;
  if (process.env['CI'] === 'true') throw new Error(message);
  process.stderr.write(message);
  return false;
}

describe.runIf(pythonWithRedis())('Python test suites against the tsredis CLI', () => {
  it('test/python/test_standin.py passes: redis-py SET/GET/EXPIRE, DEBUG CLOCK, django-redis timeouts', async () => {
    const child = spawn(PYTHON, ['-W', 'ignore::DeprecationWarning', SCRIPT], {
      cwd: ROOT,
      env: { ...process.env, TSREDIS_NODE: process.execPath, TSREDIS_CLI: join(ROOT, 'dist/cli.js') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(output).toMatch(/Ran 4 tests in/);
    expect(output).toMatch(/\nOK\b/);
    if (process.env['CI'] === 'true') expect(output).not.toMatch(/skipped/);
    expect(code, output).toBe(0);
  });
});
