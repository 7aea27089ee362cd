// redis-py with ACL users against an embedded tsredis: test/python/acl_users.py (acl_* helpers,
// Redis(username=...), redis://user:pass@host URLs, NOPERM and WRONGPASS as redis-py exceptions).
// Needs /usr/bin/python3 with python3-redis: skipped loudly on a developer machine without it, a
// failure under CI=true. Python is spawned asynchronously: the server shares this process's event loop.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type RunningServer } from '../helpers/server.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, '../python/acl_users.py');

function pythonWithRedis(): boolean {
  const ok = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import redis'], { stdio: 'ignore' }).status === 0;
  if (ok) return true;
  const message = `\n*** ${PYTHON} with the redis module is not installed: these tests need it. Install with: apt-get install -y python3-redis ***\n`;
  if (process.env['CI'] === 'true') throw new Error(message);
  process.stderr.write(message);
  return false;
}

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
    const child = spawn(PYTHON, ['-W', 'ignore::DeprecationWarning', SCRIPT], {
      env: { ...process.env, TSREDIS_PORT: String(srv.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(timer);
    expect(output).toMatch(/Ran 3 tests in/);
    expect(code, output).toBe(0);
  }, 40_000);
});
