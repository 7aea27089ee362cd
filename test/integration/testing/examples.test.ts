// The example projects in examples/ are documentation; this keeps them working. Each is run as its
// own vitest process, as a user would run it (`npx vitest run` in the example folder), which proves
// that tsredis/vitest-setup starts one server and the workers find it through REDIS_URL.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');

function runExample(name: string): Promise<{ code: number | null; output: string }> {
  // The child is a fresh vitest: none of this worker's VITEST_* variables.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'FORCE_COLOR'));
  const child = spawn(process.execPath, [VITEST, 'run', '--root', join(ROOT, 'examples', name)], {
    cwd: ROOT,
    env: { ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Without ANSI colour codes, in case the runner adds them anyway.
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output: output.replace(/\x1b\[[0-9;]*m/g, '') })));
}

describe('examples/', () => {
  it.each(['vitest-ioredis', 'vitest-node-redis'])('%s passes with tsredis/vitest-setup', async (name) => {
    const { code, output } = await runExample(name);
    expect(output).toMatch(/Tests\s+1 passed/);
    expect(code, output).toBe(0);
  });
});
