// Start-up of two builds side by side, interleaved sample by sample, for before/after comparisons on
// a shared machine whose load drifts (run.ts measures one build, one series after another).
// Run: node --import tsx bench/startup/compare.ts --a <checkout> --b <checkout> [--runs N]
//      (each checkout built with `npm run build`; e.g. a `git worktree` of the commit before a change)
// Results: bench/results/startup-<date>.md
//
// Each round runs every measurement once per build, in A B order on even rounds and B A on odd
// ones, so both builds see the same load on average. Per build:
//   import           fresh `node`: import('dist/index.js'), timed inside the child;
//   first start      then `await startServer({ port: 0 })` in that child;
//   first EVAL       another fresh child: startServer, then at once an EVAL `return 1` on a new
//                    connection; the time from calling startServer to the EVAL's reply, and from
//                    the import of tsredis to that reply (what a process that runs a script pays);
//   CLI ready        spawn(`node dist/cli.js --port 0`) until its ready line, timed by this process.
// Plus `node -e ""` per round as the load indicator.

import { spawn } from 'node:child_process';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from '../lib/stats.js';

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

const ROOTS = { a: resolve(arg('--a') ?? '.'), b: resolve(arg('--b') ?? '.') };
const RUNS = Number(arg('--runs') ?? 20);

function coldStartScript(root: string): string {
  const index = JSON.stringify(pathToFileURL(join(root, 'dist/index.js')).href);
  return `
const t0 = performance.now();
const { startServer } = await import(${index});
const t1 = performance.now();
const redis = await startServer({ port: 0 });
const t2 = performance.now();
await redis.close();
process.stdout.write(JSON.stringify({ importMs: t1 - t0, startMs: t2 - t1 }));
`;
}

function firstEvalScript(root: string): string {
  const index = JSON.stringify(pathToFileURL(join(root, 'dist/index.js')).href);
  return `
const { connect } = await import('node:net');
const tImport = performance.now();
const { startServer } = await import(${index});
const t0 = performance.now();
const redis = await startServer({ port: 0 });
const reply = await new Promise((resolve) => {
  const socket = connect({ port: redis.port, host: '127.0.0.1' }, () => socket.write('*3\\r\\n$4\\r\\nEVAL\\r\\n$8\\r\\nreturn 1\\r\\n$1\\r\\n0\\r\\n'));
  socket.once('data', (chunk) => { socket.destroy(); resolve(chunk.toString()); });
});
const t1 = performance.now();
await redis.close();
if (reply !== ':1\\r\\n') throw new Error('EVAL replied ' + JSON.stringify(reply));
process.stdout.write(JSON.stringify({ evalMs: t1 - t0, importEvalMs: t1 - tImport }));
`;
}

function runNode(args: readonly string[]): Promise<string> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolveExit, reject) =>
    child.once('exit', (code) => (code === 0 ? resolveExit(stdout) : reject(new Error(`child failed (${code}): ${stdout}`)))),
  );
}

async function cliReady(root: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'dist/cli.js'), '--port', '0', '--save', ''], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((ready, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/listening on 127\.0\.0\.1:\d+/.test(out)) ready();
    });
    child.once('exit', (code) => reject(new Error(`CLI exited with ${code}: ${out}`)));
  });
  const ms = performance.now() - t0;
  await new Promise<void>((exited) => {
    child.once('exit', () => exited());
    child.kill('SIGKILL');
  });
  return ms;
}

interface Series {
  importMs: number[];
  startMs: number[];
  evalMs: number[];
  importEvalMs: number[];
  cliMs: number[];
}

async function sample(root: string, into: Series): Promise<void> {
  const cold = JSON.parse(await runNode(['--input-type=module', '-e', coldStartScript(root)])) as { importMs: number; startMs: number };
  into.importMs.push(cold.importMs);
  into.startMs.push(cold.startMs);
  const first = JSON.parse(await runNode(['--input-type=module', '-e', firstEvalScript(root)])) as { evalMs: number; importEvalMs: number };
  into.evalMs.push(first.evalMs);
  into.importEvalMs.push(first.importEvalMs);
  into.cliMs.push(await cliReady(root));
}


function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

async function main(): Promise<void> {
  const cpu = os.cpus()[0];
  const loadStart = os.loadavg();
  console.log(`machine: ${os.cpus().length} x ${cpu?.model ?? '?'}, node ${process.version}`);
  console.log(`A: ${ROOTS.a}\nB: ${ROOTS.b}\nruns: ${RUNS} rounds, order alternating (A B, B A, ...)`);
  console.log(`loadavg at start: ${loadStart.map((n) => n.toFixed(2)).join(' ')}`);
  const series = { a: { importMs: [], startMs: [], evalMs: [], importEvalMs: [], cliMs: [] } as Series, b: { importMs: [], startMs: [], evalMs: [], importEvalMs: [], cliMs: [] } as Series };
  const bare: number[] = [];
  for (let round = 0; round < RUNS; round++) {
    const order: Array<'a' | 'b'> = round % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
    for (const which of order) await sample(ROOTS[which], series[which]);
    const t = performance.now();
    await runNode(['-e', '']);
    bare.push(performance.now() - t);
  }
  console.log(`loadavg at end: ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  console.log();
  console.log('| measurement (ms) | A median | A p95 | B median | B p95 |');
  console.log('|---|---:|---:|---:|---:|');
  const rows: Array<[string, keyof Series]> = [
    ['import dist/index.js (fresh process)', 'importMs'],
    ['first startServer({ port: 0 }) in the process', 'startMs'],
    ['startServer call → reply to an EVAL sent at once', 'evalMs'],
    ['import → startServer → reply to that EVAL', 'importEvalMs'],
    ['CLI: spawn → ready line', 'cliMs'],
  ];
  for (const [label, key] of rows) {
    const a = series.a[key];
    const b = series.b[key];
    console.log(`| ${label} | ${median(a).toFixed(2)} | ${quantile(a, 0.95).toFixed(2)} | ${median(b).toFixed(2)} | ${quantile(b, 0.95).toFixed(2)} |`);
  }
  console.log(`| baseline: spawn \`node -e ""\` → exit (per round) | ${median(bare).toFixed(2)} | ${quantile(bare, 0.95).toFixed(2)} | | |`);
  console.log();
  console.log('raw samples (ms):');
  for (const which of ['a', 'b'] as const) {
    for (const [label, key] of rows) console.log(`${which.toUpperCase()} ${label}: ${series[which][key].map((n) => n.toFixed(2)).join(' ')}`);
  }
  console.log(`node -e "": ${bare.map((n) => n.toFixed(2)).join(' ')}`);
}

await main();
