// A/B of two tsredis builds under redis-benchmark: is a change faster? On a shared machine the rps of
// one run says little, so this compares server CPU time per request (all threads, /proc schedstat),
// which hardly depends on how long a server waited for a core, over rounds that alternate which
// build goes first, and reports the median per-round ratio per workload.
//
//   cp -r dist /tmp/dist-before        # build A, before the change (keep node_modules reachable:
//   ln -s $PWD/node_modules /tmp/node_modules)
//   npm run build                      # build B, the working tree
//   node --import tsx bench/e2e/ab.ts --a /tmp/dist-before --b dist --tests set,get,mset --pipelines 16
//
// Prints, per pipeline depth and workload, each build's CPU µs/request per round and the median of
// A/B (above 1.0: B is cheaper per request). Writes nothing; paste the output into bench/results/.

import path from 'node:path';
import { Flags } from '../lib/args.js';
import { runBenchmark } from '../lib/redis-benchmark.js';
import { REPO_ROOT, cpuTimeNs, startServer, type RunningServer } from '../lib/servers.js';
import { loadAverage } from '../lib/machine.js';
import { median } from '../lib/stats.js';
import { selectWorkloads, type Workload } from './workloads.js';

const flags = new Flags(process.argv.slice(2), ['a', 'b', 'n', 'c', 'r', 'pipelines', 'rounds', 'tests', 'node-args-a', 'node-args-b', 'd']);
const distA = path.resolve(flags.string('a', ''));
const distB = path.resolve(flags.string('b', path.join(REPO_ROOT, 'dist')));
const requests = flags.int('n', 200_000);
const clients = flags.int('c', 50);
const keyspace = flags.int('r', 100_000);
/** -d: value size in bytes (redis-benchmark's default is 3). */
const dataSize = flags.has('d') ? { dataSize: flags.int('d', 3) } : {};
const pipelines = flags.list('pipelines', ['16']).map(Number);
const rounds = flags.int('rounds', 3);
const workloads = selectWorkloads(flags.list('tests', ['set', 'get', 'incr', 'mset']));

/** CPU µs per request of one redis-benchmark run of `workload` against `server`. */
async function cpuPerRequest(server: RunningServer, workload: Workload, pipeline: number): Promise<number> {
  const before = cpuTimeNs(server.pid);
  const run = await runBenchmark({ port: server.port, cpus: '1', tests: [workload.name], clients, requests, keyspace, pipeline, ...dataSize });
  if (run.exitCode !== 0) throw new Error(`redis-benchmark failed: ${run.stderr}`);
  const sent = workload.commands.includes('lrange') ? 2 * requests : requests;
  return (cpuTimeNs(server.pid) - before) / 1000 / sent;
}

async function main(): Promise<void> {
  if (flags.string('a', '') === '') throw new Error('--a <dist dir of build A> is required');
  // --node-args-a/-b: V8 or Node flags for one side (`--node-args-b=--max-semi-space-size=32`; comma-separated), to
  // A/B a runtime setting with the same build on both sides.
  const a = await startServer('tsredis', { cpus: '0', distDir: distA, nodeArgs: flags.list('node-args-a', []) });
  const b = await startServer('tsredis', { cpus: '0', distDir: distB, nodeArgs: flags.list('node-args-b', []) });
  console.log(`A = ${distA}, B = ${distB}; -n ${requests} -c ${clients} -r ${keyspace}; load ${loadAverage()}`);
  try {
    for (const pipeline of pipelines) {
      const ratios = new Map<string, number[]>();
      // Round 0 warms both up (V8 optimises the hot paths) and is not counted.
      for (let round = 0; round <= rounds; round++) {
        const order = round % 2 === 0 ? [a, b] : [b, a];
        const line: string[] = [];
        for (const workload of workloads) {
          const cpu = new Map<RunningServer, number>();
          for (const server of order) cpu.set(server, await cpuPerRequest(server, workload, pipeline));
          const ca = cpu.get(a) as number;
          const cb = cpu.get(b) as number;
          line.push(`${workload.name} A ${ca.toFixed(2)} B ${cb.toFixed(2)}`);
          if (round > 0) ratios.set(workload.name, [...(ratios.get(workload.name) ?? []), ca / cb]);
        }
        console.log(`-P ${pipeline} round ${round}${round === 0 ? ' (warm-up)' : ''}, load ${loadAverage()}: ${line.join(' | ')}`);
      }
      for (const [name, list] of ratios) {
        console.log(`-P ${pipeline} ${name.padEnd(11)} A/B CPU per request: median ${median(list).toFixed(3)} (${list.map((r) => r.toFixed(3)).join(', ')})`);
      }
    }
  } finally {
    await a.stop();
    await b.stop();
  }
}

await main();
