// What jest does with a project's globalSetup / globalTeardown and its test files, reduced to the
// part tsredis's wiring depends on, so examples/jest-ioredis runs without jest installed.
//
//   node jest-harness.mjs <example dir>     the main process: import global-setup.mjs, call its
//                                           default export with jest's (globalConfig, projectConfig),
//                                           run each test file in a child process that inherits the
//                                           environment (as jest-worker's forks do), then import
//                                           global-teardown.mjs and call it; print a JSON summary.
//   node jest-harness.mjs --worker <file>   a test worker: jest's test/expect/beforeEach/afterAll
//                                           globals (a minimal stand-in), then the test file.
//
// Not jest: no module registry, transforms, config parsing, or ESM vm-modules mode. What it does
// check is the contract those files rely on: setup runs in the parent and exports REDIS_URL before
// workers start; teardown runs as a separate module call and stops the same server.

import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

if (process.argv[2] === '--worker') await worker(process.argv[3]);
else await main(process.argv[2]);

async function main(dir) {
  const globalConfig = { rootDir: dir, maxWorkers: 1 };
  const projectConfig = { rootDir: dir };
  const setup = (await import(pathToFileURL(join(dir, 'global-setup.mjs')).href)).default;
  await setup(globalConfig, projectConfig);
  const url = process.env.REDIS_URL;
  const port = Number(process.env.REDIS_PORT);
  const files = readdirSync(join(dir, 'test')).filter((name) => name.endsWith('.test.mjs'));
  const results = [];
  for (const name of files) {
    const child = spawn(process.execPath, [process.argv[1], '--worker', join(dir, 'test', name)], { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    results.push({ file: name, code, report: out.trim() });
  }
  const teardown = (await import(pathToFileURL(join(dir, 'global-teardown.mjs')).href)).default;
  await teardown(globalConfig, projectConfig);
  const stillListening = await new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
  process.stdout.write(`${JSON.stringify({ url, results, stillListening })}\n`);
}

async function worker(file) {
  const tests = [];
  const hooks = { beforeEach: [], afterEach: [], beforeAll: [], afterAll: [] };
  globalThis.test = globalThis.it = (name, fn) => tests.push({ name, fn });
  for (const hook of Object.keys(hooks)) globalThis[hook] = (fn) => hooks[hook].push(fn);
  globalThis.describe = (_name, fn) => fn();
  globalThis.expect = (actual) => ({
    toBe: (expected) => check(Object.is(actual, expected), actual, expected),
    toEqual: (expected) => check(isDeepStrictEqual(actual, expected), actual, expected),
    toBeNull: () => check(actual === null, actual, null),
  });
  await import(pathToFileURL(file).href);
  let passed = 0;
  let failed = 0;
  for (const fn of hooks.beforeAll) await fn();
  for (const { name, fn } of tests) {
    try {
      for (const hook of hooks.beforeEach) await hook();
      await fn();
      for (const hook of hooks.afterEach) await hook();
      passed++;
    } catch (err) {
      failed++;
      process.stderr.write(`FAIL ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  for (const fn of hooks.afterAll) await fn();
  process.stdout.write(`${JSON.stringify({ passed, failed })}\n`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}

function check(ok, actual, expected) {
  if (!ok) throw new Error(`expected ${JSON.stringify(expected)}, received ${JSON.stringify(actual)}`);
}
