// End-to-end throughput and latency: redis-benchmark against tsredis and a real redis-server, same
// flags, same machine, same run. Writes bench/results/e2e-<date>.md and e2e-<date>.svg.
//
// Run: npm run bench                       (builds first; defaults below)
//      npm run bench -- --n 20000 --rounds 1 --tests set,get
// Flags: --n --c --r --d (redis-benchmark's -n -c -r -d; -d is left at its default, 3 bytes, unless given),
//        --pipelines 1,16, --rounds 3, --tests a,b,
//        --no-warmup, --latency-n 20000, --no-latency, --out <dir> (default bench/results),
//        --json <file> (also save the raw results), --render <file> (only re-render a saved run's report)
//
// Method (see bench/README.md): both servers are pinned to core 0 and redis-benchmark to core 1, so
// the client never competes with the server it measures. A warm-up round lets V8 optimise the hot
// paths (and Redis fill its caches), then N rounds alternate which server goes first. Every ratio is
// taken within one round, from two runs seconds apart, so slow drifts in machine load (other jobs on a
// shared box) mostly cancel; the report shows the median per-round ratio and every raw number.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Flags } from '../lib/args.js';
import { loadAverage, machineInfo, today } from '../lib/machine.js';
import { benchmarkArgs, runBenchmark, type BenchmarkOptions } from '../lib/redis-benchmark.js';
import { callOnce, info, missingCommands } from '../lib/resp.js';
import { REPO_ROOT, cpuTimeNs, shellQuote, startServer, type RunningServer, type ServerKind } from '../lib/servers.js';
import { cellKey, renderMarkdown, renderSvg, type E2eResults, type ThroughputCell } from './report.js';
import { DEFAULT_TESTS, selectWorkloads, type Workload } from './workloads.js';

const SERVER_CPUS = '0';
const CLIENT_CPUS = '1';

const flags = new Flags(process.argv.slice(2), [
  'n', 'c', 'r', 'pipelines', 'rounds', 'tests', 'no-warmup', 'latency-n', 'no-latency', 'out', 'json', 'render', 'dist', 'd',
]);
const settings = {
  requests: flags.int('n', 100_000),
  clients: flags.int('c', 50),
  keyspace: flags.int('r', 100_000),
  /** -d: value size; the issue's workloads use redis-benchmark's default (3 bytes). */
  dataSize: flags.has('d') ? flags.int('d', 3) : undefined,
  pipelines: flags.list('pipelines', ['1', '16']).map(Number),
  rounds: flags.int('rounds', 3),
  warmup: !flags.has('no-warmup'),
  latencyRequests: flags.int('latency-n', 20_000),
  latency: !flags.has('no-latency'),
  outDir: path.resolve(flags.string('out', path.join(REPO_ROOT, 'bench', 'results'))),
};
const workloads = selectWorkloads(flags.list('tests', DEFAULT_TESTS));

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function errorReplies(port: number): Promise<number> {
  return Number((await info(port, 'stats')).get('total_error_replies') ?? 0);
}

function options(server: RunningServer, tests: readonly string[], pipeline: number, clients = settings.clients): BenchmarkOptions {
  return {
    port: server.port,
    cpus: CLIENT_CPUS,
    tests,
    clients,
    requests: settings.requests,
    keyspace: settings.keyspace,
    pipeline,
    ...(settings.dataSize === undefined ? {} : { dataSize: settings.dataSize }),
  };
}

interface Measurement {
  readonly rps: number;
  /** Server CPU time (all threads) per request of the run, in µs. */
  readonly cpuUs: number;
  readonly errors: number;
  readonly problem?: string;
}

/** One redis-benchmark run of one workload on one server: rps and CPU per request (NaN on failure), errors. */
async function measure(server: RunningServer, workload: Workload, pipeline: number): Promise<Measurement> {
  const before = await errorReplies(server.port);
  const cpuBefore = cpuTimeNs(server.pid);
  const run = await runBenchmark(options(server, [workload.name], pipeline));
  const cpuNs = cpuTimeNs(server.pid) - cpuBefore;
  const errors = (await errorReplies(server.port)) - before;
  const row = run.rows.find((r) => r.test === workload.name);
  if (run.exitCode !== 0 || row === undefined) {
    const problem = `redis-benchmark failed (exit ${run.exitCode}): ${run.stderr.split('\n').slice(-1)[0] ?? ''}`.trim();
    return { rps: Number.NaN, cpuUs: Number.NaN, errors, problem };
  }
  // LRANGE tests first fill the list with as many LPUSHes, in the same redis-benchmark process.
  const requests = workload.commands.includes('lrange') ? 2 * settings.requests : settings.requests;
  return { rps: row.rps, cpuUs: cpuNs / 1000 / requests, errors };
}

async function latencyRound(server: RunningServer, round: number, results: E2eResults): Promise<void> {
  const run = await runBenchmark({
    port: server.port,
    cpus: CLIENT_CPUS,
    tests: ['get', 'set'],
    clients: 1,
    requests: settings.latencyRequests,
    keyspace: 0,
    pipeline: 1,
  });
  for (const row of run.rows) {
    if (row.test !== 'get' && row.test !== 'set') continue;
    results.latency.push({ round, server: server.kind, test: row.test, p50Ms: row.p50Ms, p99Ms: row.p99Ms, avgMs: row.avgMs });
    log(`  latency ${server.kind.padEnd(7)} ${row.test}: p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms`);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: string };
  const machine = machineInfo(pkg.version ?? '?');
  log(`e2e benchmark: ${machine.nproc} CPUs (${machine.cpuModel}), node ${machine.node}, ${machine.redisServer}; load ${loadAverage()}`);

  // --dist <dir>: run another tsredis build than dist/ (a stable copy while the working tree changes).
  const dist = flags.string('dist', '');
  const tsredis = await startServer('tsredis', { cpus: SERVER_CPUS, ...(dist === '' ? {} : { distDir: path.resolve(dist) }) });
  const servers: Record<ServerKind, RunningServer> = {
    tsredis,
    redis: await startServer('redis', { cpus: SERVER_CPUS }).catch(async (err: unknown) => {
      await tsredis.stop();
      throw err;
    }),
  };
  try {
    const needed = [...new Set(workloads.flatMap((w) => w.commands))];
    const missingOnTs = await missingCommands(servers.tsredis.port, needed);
    const missingOnRedis = await missingCommands(servers.redis.port, needed);
    if (missingOnRedis.size > 0) throw new Error(`redis-server lacks ${[...missingOnRedis].join(', ')}: wrong version?`);
    const runnable = workloads.filter((w) => w.commands.every((c) => !missingOnTs.has(c)));
    const missing = workloads.filter((w) => !runnable.includes(w)).map((w) => w.name);
    if (missing.length > 0) log(`n/a (command missing on tsredis): ${missing.join(', ')}`);

    const results: E2eResults = {
      date: today(),
      machine,
      serverCommands: { tsredis: servers.tsredis.commandLine, redis: servers.redis.commandLine },
      benchmarkCommands: settings.pipelines.map(
        (p) => shellQuote(['taskset', '-c', CLIENT_CPUS, 'redis-benchmark', ...benchmarkArgs(options(servers.redis, ['WORKLOAD'], p), 'PORT')]),
      ),
      latencyCommand: shellQuote([
        'taskset', '-c', CLIENT_CPUS, 'redis-benchmark',
        ...benchmarkArgs({ port: 0, cpus: CLIENT_CPUS, tests: ['get', 'set'], clients: 1, requests: settings.latencyRequests, keyspace: 0, pipeline: 1 }, 'PORT'),
      ]),
      rounds: settings.rounds,
      clients: settings.clients,
      warmup: settings.warmup,
      pipelines: settings.pipelines,
      workloads: workloads.map((w) => w.name),
      cells: new Map(),
      latency: [],
      roundInfo: [],
      loadStart: loadAverage(),
      loadEnd: '',
      missing,
      elapsedSeconds: 0,
    };
    for (const p of settings.pipelines) {
      for (const w of workloads) {
        const cell: ThroughputCell = {
          tsredis: [],
          redis: [],
          cpuUs: { tsredis: [], redis: [] },
          warmup: undefined,
          errors: { tsredis: 0, redis: 0 },
          status: missing.includes(w.name) ? 'n/a (command missing)' : undefined,
        };
        results.cells.set(cellKey(p, w.name), cell);
      }
    }

    for (let round = settings.warmup ? 0 : 1; round <= settings.rounds; round++) {
      const order: ServerKind[] = round % 2 === 1 ? ['tsredis', 'redis'] : ['redis', 'tsredis'];
      const load = loadAverage();
      results.roundInfo.push({ round, first: order[0] as ServerKind, load });
      log(`${round === 0 ? 'warm-up round' : `round ${round}/${settings.rounds}`}: ${order.join(' first, then ')}; load ${load}`);
      for (const p of settings.pipelines) {
        for (const kind of order) await callOnce(servers[kind].port, 'FLUSHALL');
        for (const w of runnable) {
          const cell = results.cells.get(cellKey(p, w.name)) as ThroughputCell;
          const rps: Partial<Record<ServerKind, number>> = {};
          const cpu: Partial<Record<ServerKind, number>> = {};
          for (const kind of order) {
            const m = await measure(servers[kind], w, p);
            rps[kind] = m.rps;
            cpu[kind] = m.cpuUs;
            if (round > 0) {
              cell[kind].push(m.rps);
              cell.cpuUs[kind].push(m.cpuUs);
              cell.errors[kind] += m.errors;
            }
            if (m.problem !== undefined) {
              log(`  ${kind}: ${w.name} -P ${p}: ${m.problem}`);
              cell.status ??= kind === 'tsredis' ? 'failed on tsredis' : 'failed on redis';
            }
            if (m.errors > 0) log(`  ${kind}: ${w.name} -P ${p}: ${m.errors} error replies`);
          }
          const ts = rps.tsredis ?? Number.NaN;
          const rd = rps.redis ?? Number.NaN;
          if (round === 0) cell.warmup = { tsredis: ts, redis: rd };
          const cpuRatio = (cpu.redis ?? Number.NaN) / (cpu.tsredis ?? Number.NaN);
          log(
            `  -P ${String(p).padEnd(2)} ${w.name.padEnd(10)} tsredis ${ts.toFixed(0).padStart(8)}  redis ${rd.toFixed(0).padStart(8)}` +
              `  ratio ${(ts / rd).toFixed(2)}  CPU µs/req ${cpu.tsredis?.toFixed(2)} vs ${cpu.redis?.toFixed(2)} (${cpuRatio.toFixed(2)})`,
          );
        }
      }
      if (settings.latency && round > 0) {
        for (const kind of order) await latencyRound(servers[kind], round, results);
      }
    }

    results.loadEnd = loadAverage();
    results.elapsedSeconds = (Date.now() - started) / 1000;
    const json = flags.string('json', '');
    if (json !== '') {
      writeFileSync(json, JSON.stringify({ ...results, cells: [...results.cells] }, null, 1));
      log(`wrote ${json}`);
    }
    writeReport(results);
  } finally {
    await servers.tsredis.stop();
    await servers.redis.stop();
  }
}

function writeReport(results: E2eResults): void {
  mkdirSync(settings.outDir, { recursive: true });
  const base = path.join(settings.outDir, `e2e-${results.date}`);
  writeFileSync(`${base}.md`, renderMarkdown(results));
  writeFileSync(`${base}.svg`, renderSvg(results));
  log(`wrote ${base}.md and ${base}.svg`);
}

const saved = flags.string('render', '');
if (saved !== '') {
  const raw = JSON.parse(readFileSync(saved, 'utf8')) as Omit<E2eResults, 'cells'> & { cells: Array<[string, ThroughputCell]> };
  // JSON has no NaN: a failed run's rps comes back as null.
  const revive = (xs: ReadonlyArray<number | null>): number[] => xs.map((x) => x ?? Number.NaN);
  const cells = new Map(
    raw.cells.map(([k, c]) => [
      k,
      {
        ...c,
        tsredis: revive(c.tsredis),
        redis: revive(c.redis),
        // Runs saved before CPU time was recorded have none.
        cpuUs: { tsredis: revive(c.cpuUs?.tsredis ?? []), redis: revive(c.cpuUs?.redis ?? []) },
      },
    ]),
  );
  writeReport({ ...raw, cells });
} else {
  await main();
}
