// Running the Python client suites (test/python/*.py) from vitest: Debian's /usr/bin/python3 with
// python3-redis (the python3 first on PATH may be another install without it). Spawned
// asynchronously: an embedded server shares this process's event loop.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export const PYTHON = '/usr/bin/python3';

/**
 * Is /usr/bin/python3 able to import redis? A developer machine without it skips loudly; under
 * CI=true (where .ci/run installs it) a missing module is a failure, so CI never passes without it.
 */
export function pythonWithRedis(installHint = 'apt-get install -y python3-redis'): boolean {
  const ok = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import redis'], { stdio: 'ignore' }).status === 0;
  if (ok) return true;
  const message = `\n*** ${PYTHON} with the redis module is not installed: these tests need it. Install with: ${installHint} ***\n`;
  if (process.env['CI'] === 'true') throw new Error(message);
  process.stderr.write(message);
  return false;
}

/** Run a Python script; resolves with its exit code and its stdout and stderr together. */
export async function runPython(
  script: string, options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; output: string }> {
  const child = spawn(PYTHON, ['-W', 'ignore::DeprecationWarning', script], {
    env: { ...process.env, ...options.env },
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}

/**
 * Run the unittest file `file` of test/python against the server on `port` (TSREDIS_PORT); expects
 * unittest's "Ran <tests> test(s) in" line and exit code 0 (the output is the failure message).
 */
export async function expectPythonTestsPass(file: string, port: number, tests: number, timeoutMs?: number): Promise<void> {
  const script = join(import.meta.dirname, '../python', file);
  const { code, output } = await runPython(script, { env: { TSREDIS_PORT: String(port) }, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  expect(output).toMatch(new RegExp(`Ran ${tests} ${tests === 1 ? 'test' : 'tests'} in`));
  expect(code, output).toBe(0);
}
