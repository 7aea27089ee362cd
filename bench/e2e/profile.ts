// Where tsredis spends its time under load: runs the server under `node --cpu-prof` while
// redis-benchmark drives a pipelined GET/SET workload, then prints the top self-time functions.
//
// Run: npm run build && node --import tsx bench/e2e/profile.ts [--n 1000000] [--pipeline 16]
//      [--tests set,get] [--top 25] [--profile <existing .cpuprofile to summarise only>]
// The .cpuprofile is kept (its path is printed) for Chrome DevTools / speedscope.
// docs/performance.md quotes this script's output.

import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Flags } from '../lib/args.js';
import { summarizeProfile, summaryMarkdown } from '../lib/cpuprofile.js';
import { loadAverage } from '../lib/machine.js';
import { runBenchmark } from '../lib/redis-benchmark.js';
import { callOnce } from '../lib/resp.js';
import { REPO_ROOT, startServer } from '../lib/servers.js';

const flags = new Flags(process.argv.slice(2), ['n', 'pipeline', 'tests', 'top', 'profile', 'dist']);
const top = flags.int('top', 25);

async function record(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tsredis-cpuprof-'));
  const dist = flags.string('dist', ''); // another build than dist/ (e.g. a copy made before a change)
  const server = await startServer('tsredis', { cpus: '0', nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir], cwd: dir, ...(dist === '' ? {} : { distDir: path.resolve(dist) }) });
  const tests = flags.list('tests', ['set', 'get']);
  const pipeline = flags.int('pipeline', 16);
  const requests = flags.int('n', 1_000_000);
  try {
    process.stdout.write(`profiling: ${server.commandLine}; load ${loadAverage()}\n`);
    for (const test of tests) {
      const run = await runBenchmark({ port: server.port, cpus: '1', tests: [test], clients: 50, requests, keyspace: 100_000, pipeline });
      const row = run.rows.find((r) => r.test === test);
      process.stdout.write(`${run.commandLine.replace(`-p ${server.port}`, '-p PORT')}: ${row?.rps ?? 'failed'} rps\n`);
    }
    await callOnce(server.port, 'DBSIZE');
  } finally {
    await server.stop(); // SIGINT: the server exits and node writes the profile
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`no .cpuprofile in ${dir}`);
  return path.join(dir, file);
}

const given = flags.string('profile', '');
const file = given !== '' ? path.resolve(given) : await record();
process.stdout.write(`\n${file}\n\n`);
process.stdout.write(summaryMarkdown(summarizeProfile(file, REPO_ROOT), top));
