// examples/jest-ioredis without jest (not a dependency here): jest-harness.mjs does what jest does
// with its globalSetup / globalTeardown modules and test workers, so the example's wiring runs in
// this suite. What is and is not verified: examples/jest-ioredis/README.md and docs/testing.md.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const EXAMPLE = join(ROOT, 'examples/jest-ioredis');
const HARNESS = join(import.meta.dirname, 'jest-harness.mjs');

/** What `npm install` makes of the example's "tsredis": "file:../.." dependency: a symlink. */
function linkTsredis(): void {
  const modules = join(EXAMPLE, 'node_modules');
  mkdirSync(modules, { recursive: true });
  if (!existsSync(join(modules, 'tsredis'))) symlinkSync('../../..', join(modules, 'tsredis'), 'dir');
}

function runHarness(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && !key.startsWith('REDIS_')),
  );
  const child = spawn(process.execPath, [HARNESS, EXAMPLE], { cwd: EXAMPLE, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('examples/jest-ioredis', () => {
  it("global-setup.mjs starts one server for the workers, global-teardown.mjs stops it (jest's calling convention)", async () => {
    linkTsredis();
    const { code, stdout, stderr } = await runHarness();
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      url: string;
      results: Array<{ file: string; code: number; report: string }>;
      stillListening: boolean;
    };
    expect(summary.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(summary.results).toEqual([{ file: 'session.test.mjs', code: 0, report: '{"passed":1,"failed":0}' }]);
    expect(summary.stillListening).toBe(false);
  });
});
