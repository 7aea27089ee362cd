// The Django guide against an embedded tsredis: test/python/test_django_guide.py configures a Django
// project as the guide does (django-redis RedisCache on db 1, KEY_PREFIX, PASSWORD, zlib, pool
// options, cache-backed sessions) and runs each of its examples, plus the guide's redis-cli
// commands. Needs /usr/bin/python3 with python3-django-redis (which brings Django and redis-py) and
// redis-cli: skipped loudly on a developer machine without them, a failure under CI=true.
// Python is spawned asynchronously: the server shares this process's event loop.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireProgram } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, '../python/test_django_guide.py');
const PASSWORD = 'guide-secret';

function pythonWithDjangoRedis(): boolean {
  const ok = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import django, django_redis, redis'], { stdio: 'ignore' }).status === 0;
  if (ok) return true;
  const message = `\n*** ${PYTHON} with django and django_redis is not installed: these tests need it. Install with: apt-get install -y python3-django-redis ***\n`;
  if (process.env['CI'] === 'true') throw new Error(message);
  process.stderr.write(message);
  return false;
}

const available = pythonWithDjangoRedis() && requireProgram('redis-cli', 'apt-get install -y redis-tools');
const ours = useTsredis({ raw: false, config: { requirepass: PASSWORD }, when: available });

describe.runIf(available)('the Django guide (django-redis, redis-py, redis-cli)', () => {
  it('runs every example of the guide with its assertions', async () => {
    const child = spawn(PYTHON, ['-W', 'ignore::DeprecationWarning', SCRIPT], {
      env: { ...process.env, TSREDIS_PORT: String(ours.port), TSREDIS_PASSWORD: PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
    expect(output).toMatch(/Ran 15 tests in/);
    expect(output).not.toMatch(/skipped/);
    expect(code, output).toBe(0);
  }, 70_000);
});
