// redis-py under concurrency against an embedded tsredis (issue 4's client tests):
//  - test/python/test_redis_py_watch_counter.py: 20 threads × 200 WATCH/GET/MULTI/SET/EXEC retry
//    loops on one counter end at exactly 4000;
//  - test/python/test_channels_pattern.py: Django Channels' Redis layer pattern (groups in sorted
//    sets with expiry, a capacity-checking Lua group_send, BZPOPMIN / BLPOP consumers in threads).
// Needs /usr/bin/python3 with python3-redis: skipped loudly without it, a failure under CI=true.
// Python is spawned asynchronously: the server shares this process's event loop.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type RunningServer } from '../helpers/server.js';

const PYTHON = '/usr/bin/python3';

function pythonWithRedis(): boolean {
  const ok = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import redis'], { stdio: 'ignore' }).status === 0;
  if (ok) return true;
  const message = `\n*** ${PYTHON} with the redis module is not installed: these tests need it. Install with: apt-get install -y python3-redis ***\n`;
  if (process.env['CI'] === 'true') throw new Error(message);
  process.stderr.write(message);
  return false;
}

/** Run one unittest file against the server; resolves with its exit code and output. */
async function runPython(file: string, port: number, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  const child = spawn(PYTHON, ['-W', 'ignore::DeprecationWarning', join(import.meta.dirname, '../python', file)], {
    env: { ...process.env, TSREDIS_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output };
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
    const { code, output } = await runPython('test_redis_py_watch_counter.py', srv.port, 60_000);
    expect(output).toMatch(/Ran 1 test in/);
    expect(code, output).toBe(0);
  }, 70_000);

  it('Django Channels layer pattern: groups, capacity, BZPOPMIN and BLPOP consumers', async () => {
    const { code, output } = await runPython('test_channels_pattern.py', srv.port, 60_000);
    expect(output).toMatch(/Ran 3 tests in/);
    expect(code, output).toBe(0);
  }, 70_000);
});
