// Start-up time of the test stand-in, and the cost of snapshot/restore.
// Run: npm run bench:startup        (builds, then: node --import tsx bench/startup/run.ts [--runs N])
// Results: bench/results/startup-<date>.md
//
// What is measured (all against the built dist/, as users run it):
//   embedded, cold   a fresh `node` process: import('dist/index.js'), then `await startServer({ port: 0 })`;
//                    the two are timed separately (performance.now() inside the child). A second
//                    series instantiates the Lua runtime first, to show its share of the first start.
//                    A third sends an EVAL right after startServer resolves and times its reply: since
//                    the Lua runtime loads in the background (src/server/lua-wait.ts), the first
//                    script of a process pays what is left of the load.
//   embedded, warm   in this process, after the first: startServer + close, many times; only the
//                    startServer part is timed (construction, config, command table, bind, listen).
//   CLI              spawn(`node dist/cli.js --port 0`) until the ready line is read, and until a
//                    connection opened after it has a PONG back; timed in this (parent) process.
//   baselines        spawn(`node -e ""`) until exit (Node's own start-up), and spawn(redis-server)
//                    until a PONG, same method, same machine, same run.
//   snapshot/restore snapshot() and restore() of a small and a larger dataset, in µs per call.

import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServer } from '../../dist/index.js';

const ROOT = join(import.meta.dirname, '../..');
const DIST_INDEX = pathToFileURL(join(ROOT, 'dist/index.js')).href;
const DIST_LUA = pathToFileURL(join(ROOT, 'dist/scripting/lua-runtime.js')).href;
const CLI = join(ROOT, 'dist/cli.js');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg === -1 ? 20 : Number(process.argv[runsArg + 1]);
const WARM_RUNS = 200;

// --- Statistics ---

function summary(label: string, samples: readonly number[], unit = 'ms', digits = 2): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  const fmt = (n: number): string => n.toFixed(digits);
  return `| ${label} | ${samples.length} | ${fmt(at(0))} | ${fmt(at(0.5))} | ${fmt(at(0.95))} | ${fmt(sorted[sorted.length - 1] as number)} | ${unit} |`;
}

function raw(label: string, samples: readonly number[], digits = 2): string {
  return `${label}: ${samples.map((n) => n.toFixed(digits)).join(' ')}`;
}

// --- Children ---

interface Output {
  code: number | null;
  stdout: string;
}

function runNode(args: readonly string[]): Promise<Output> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout })));
}

const COLD_EMBEDDED = `
const t0 = performance.now();
const { startServer } = await import(${JSON.stringify(DIST_INDEX)});
const t1 = performance.now();
const redis = await startServer({ port: 0 });
const t2 = performance.now();
await redis.close();
process.stdout.write(JSON.stringify({ importMs: t1 - t0, startMs: t2 - t1 }));
`;

/**
 * The same, with the Lua runtime (the import of wasmoon and the instantiation of its WebAssembly
 * module, once per process) loaded first and timed on its own: the share of a first start (or of
 * a first EVAL) that is the Lua runtime, and what is left. (Builds before 2026-11-26 11:00 awaited
 * it in the first listen(); later ones load it in the background.)
 */
const COLD_EMBEDDED_LUA_FIRST = `
const { startServer } = await import(${JSON.stringify(DIST_INDEX)});
const { loadLuaRuntime } = await import(${JSON.stringify(DIST_LUA)});
const t0 = performance.now();
await loadLuaRuntime();
const t1 = performance.now();
const redis = await startServer({ port: 0 });
const t2 = performance.now();
await redis.close();
process.stdout.write(JSON.stringify({ luaMs: t1 - t0, startMs: t2 - t1 }));
`;

/** startServer, then at once an EVAL on a new connection: when does its reply arrive? */
const COLD_EMBEDDED_EVAL = `
const { startServer } = await import(${JSON.stringify(DIST_INDEX)});
const { connect } = await import('node:net');
const t0 = performance.now();
const redis = await startServer({ port: 0 });
const t1 = performance.now();
const reply = await new Promise((resolve) => {
  const socket = connect({ port: redis.port, host: '127.0.0.1' }, () => socket.write('*3\\r\\n$4\\r\\nEVAL\\r\\n$8\\r\\nreturn 1\\r\\n$1\\r\\n0\\r\\n'));
  socket.once('data', (chunk) => { socket.destroy(); resolve(chunk.toString()); });
});
const t2 = performance.now();
await redis.close();
if (reply !== ':1\\r\\n') throw new Error('EVAL replied ' + JSON.stringify(reply));
process.stdout.write(JSON.stringify({ startMs: t1 - t0, evalMs: t2 - t1 }));
`;

/** Resolve when a PING on a new connection to `port` gets +PONG back. */
function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => socket.write('PING\r\n'));
    socket.once('data', (chunk: Buffer) => {
      socket.destroy();
      resolve(chunk.toString() === '+PONG\r\n');
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function waitForPong(port: number, deadlineMs = 10_000): Promise<void> {
  const end = performance.now() + deadlineMs;
  while (performance.now() < end) {
    if (await pingOnce(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`no PONG from port ${port}`);
}

/** spawn → ready line, spawn → first PONG, for the tsredis CLI. */
async function cliOnce(): Promise<{ readyMs: number; pongMs: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, '--port', '0', '--save', ''], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (match !== null) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`CLI exited with ${code}: ${out}`)));
  });
  const readyMs = performance.now() - t0;
  await waitForPong(port);
  const pongMs = performance.now() - t0;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
  return { readyMs, pongMs };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** spawn → first PONG for a real redis-server (polls connect, since its port is chosen here). */
async function redisServerOnce(): Promise<number | undefined> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const failed = new Promise<undefined>((resolve) => child.once('error', () => resolve(undefined)));
  const result = await Promise.race([waitForPong(port).then(() => performance.now() - t0), failed]);
  child.kill('SIGKILL');
  await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  return result;
}

// --- Snapshot / restore ---

async function snapshotBench(keys: number): Promise<{ label: string; snapshotUs: number[]; restoreUs: number[] }> {
  const redis = await startServer({ port: 0 });
  const fixture: Record<string, unknown> = {};
  const hasHash = redis.server.commands.has('hset');
  for (let i = 0; i < keys; i++) {
    const kind = i % 4;
    if (kind === 0 || kind === 1) fixture[`string:${i}`] = kind === 0 ? i : `value-${i}`;
    else if (kind === 2) fixture[`list:${i}`] = { type: 'list', value: Array.from({ length: 10 }, (_, j) => `item-${j}`), ttl: 60_000 };
    else if (hasHash) fixture[`hash:${i}`] = { type: 'hash', value: Object.fromEntries(Array.from({ length: 10 }, (_, j) => [`f${j}`, `v${j}`])) };
    else fixture[`string:${i}`] = `value-${i}`;
  }
  redis.load({ db0: fixture as never });
  const iterations = Math.max(20, Math.floor(200_000 / keys));
  const snapshotUs: number[] = [];
  const restoreUs: number[] = [];
  const snap = redis.snapshot();
  for (let round = 0; round < 5; round++) {
    let t = performance.now();
    for (let i = 0; i < iterations; i++) redis.snapshot();
    snapshotUs.push(((performance.now() - t) * 1000) / iterations);
    t = performance.now();
    for (let i = 0; i < iterations; i++) redis.restore(snap);
    restoreUs.push(((performance.now() - t) * 1000) / iterations);
  }
  await redis.close();
  const label = `${keys} keys (${hasHash ? 'strings, lists of 10, hashes of 10' : 'strings, lists of 10'})`;
  return { label, snapshotUs, restoreUs };
}

// --- Main ---

async function main(): Promise<void> {
  const lines: string[] = [];
  const log = (line = ''): void => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  const cpu = os.cpus()[0];
  log(`machine: ${os.cpus().length} x ${cpu?.model ?? '?'} @ ${cpu?.speed ?? '?'} MHz, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, ${os.type()} ${os.release()}`);
  log(`node: ${process.version}; loadavg at start: ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  log(`runs: ${RUNS} cold processes per measurement, ${WARM_RUNS} warm in-process starts`);
  log();

  const cold = { importMs: [] as number[], startMs: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    const { code, stdout } = await runNode(['--input-type=module', '-e', COLD_EMBEDDED]);
    if (code !== 0) throw new Error(`cold embedded child failed: ${stdout}`);
    const parsed = JSON.parse(stdout) as { importMs: number; startMs: number };
    cold.importMs.push(parsed.importMs);
    cold.startMs.push(parsed.startMs);
  }

  const luaFirst = { luaMs: [] as number[], startMs: [] as number[] };
  if (existsSync(fileURLToPath(DIST_LUA))) {
    for (let i = 0; i < RUNS; i++) {
      const { code, stdout } = await runNode(['--input-type=module', '-e', COLD_EMBEDDED_LUA_FIRST]);
      if (code !== 0) throw new Error(`cold embedded (Lua first) child failed: ${stdout}`);
      const parsed = JSON.parse(stdout) as { luaMs: number; startMs: number };
      luaFirst.luaMs.push(parsed.luaMs);
      luaFirst.startMs.push(parsed.startMs);
    }
  }

  const firstEval = { startMs: [] as number[], evalMs: [] as number[], totalMs: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    const { code, stdout } = await runNode(['--input-type=module', '-e', COLD_EMBEDDED_EVAL]);
    if (code !== 0) throw new Error(`cold embedded (first EVAL) child failed: ${stdout}`);
    const parsed = JSON.parse(stdout) as { startMs: number; evalMs: number };
    firstEval.startMs.push(parsed.startMs);
    firstEval.evalMs.push(parsed.evalMs);
    firstEval.totalMs.push(parsed.startMs + parsed.evalMs);
  }

  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    const t = performance.now();
    const redis = await startServer({ port: 0 });
    warm.push(performance.now() - t);
    await redis.close();
  }

  const cli = { readyMs: [] as number[], pongMs: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    const { readyMs, pongMs } = await cliOnce();
    cli.readyMs.push(readyMs);
    cli.pongMs.push(pongMs);
  }

  const bareNode: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await runNode(['-e', '']);
    bareNode.push(performance.now() - t);
  }

  const realRedis: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const ms = await redisServerOnce();
    if (ms === undefined) break;
    realRedis.push(ms);
  }

  log('| measurement | n | min | median | p95 | max | unit |');
  log('|---|---:|---:|---:|---:|---:|---|');
  log(summary('embedded cold: import dist/index.js', cold.importMs));
  log(summary('embedded cold: first startServer({ port: 0 })', cold.startMs));
  if (luaFirst.luaMs.length > 0) {
    log(summary('embedded cold: Lua runtime alone (loadLuaRuntime)', luaFirst.luaMs));
    log(summary('embedded cold: first startServer after the Lua runtime', luaFirst.startMs));
  }
  log(summary('embedded cold: startServer, then EVAL sent at once: startServer', firstEval.startMs));
  log(summary('embedded cold: ... then the EVAL reply (after startServer resolved)', firstEval.evalMs));
  log(summary('embedded cold: ... startServer call → first EVAL reply', firstEval.totalMs));
  log(summary('embedded warm: startServer({ port: 0 })', warm));
  log(summary('CLI: spawn → ready line', cli.readyMs));
  log(summary('CLI: spawn → first PONG', cli.pongMs));
  log(summary('baseline: spawn `node -e ""` → exit', bareNode));
  if (realRedis.length > 0) log(summary('baseline: spawn redis-server 7.0 → first PONG', realRedis));
  else log('| baseline: redis-server | not installed | | | | | |');

  const small = await snapshotBench(100);
  const large = await snapshotBench(10_000);
  log();
  log('| snapshot/restore | rounds | min | median | p95 | max | unit |');
  log('|---|---:|---:|---:|---:|---:|---|');
  for (const { label, snapshotUs, restoreUs } of [small, large]) {
    log(summary(`snapshot(), ${label}`, snapshotUs, 'µs/call', 1));
    log(summary(`restore(), ${label}`, restoreUs, 'µs/call', 1));
  }

  log();
  log('raw samples (ms):');
  log(raw('embedded cold import', cold.importMs));
  log(raw('embedded cold start', cold.startMs));
  log(raw('embedded cold Lua runtime alone', luaFirst.luaMs));
  log(raw('embedded cold start after Lua runtime', luaFirst.startMs));
  log(raw('embedded cold start (EVAL series)', firstEval.startMs));
  log(raw('embedded cold first EVAL reply after start', firstEval.evalMs));
  log(raw('embedded warm start (first 50)', warm.slice(0, 50)));
  log(raw('CLI ready line', cli.readyMs));
  log(raw('CLI first PONG', cli.pongMs));
  log(raw('node -e ""', bareNode));
  log(raw('redis-server first PONG', realRedis));
  log('raw samples (µs/call, one per round):');
  for (const { label, snapshotUs, restoreUs } of [small, large]) {
    log(raw(`snapshot ${label}`, snapshotUs, 1));
    log(raw(`restore ${label}`, restoreUs, 1));
  }
}

await main();
