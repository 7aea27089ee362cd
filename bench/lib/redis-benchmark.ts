// Running redis-benchmark (pinned to its own core) and reading its --csv output.
//
// redis-benchmark 7.0's CSV has one row per test with the throughput and the latency distribution
// it measured itself (an HDR histogram per test):
//   "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
//   "SET","105263.16","0.248","0.072","0.247","0.295","0.391","0.487"
// so both throughput and single-client percentiles come from the same tool for both servers.

import { execFile } from 'node:child_process';
import { shellQuote } from './servers.js';

export interface BenchmarkRow {
  /** The test label as printed, e.g. `LRANGE_100 (first 100 elements)`. */
  readonly label: string;
  /** The -t name the label belongs to (`lrange_100`), or undefined for helper rows. */
  readonly test: string | undefined;
  readonly rps: number;
  readonly avgMs: number;
  readonly minMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface BenchmarkRun {
  readonly commandLine: string;
  readonly rows: BenchmarkRow[];
  /** Non-zero when redis-benchmark gave up (it exits on the first error reply it cannot handle). */
  readonly exitCode: number;
  readonly stderr: string;
}

export interface BenchmarkOptions {
  readonly port: number;
  /** CPU list for taskset; the harness keeps redis-benchmark off the servers' core. */
  readonly cpus: string;
  readonly tests: readonly string[];
  readonly clients: number;
  readonly requests: number;
  /** -r keyspace size (random keys); 0 leaves it off. */
  readonly keyspace: number;
  readonly pipeline: number;
  /** -d value size in bytes; undefined leaves redis-benchmark's default (3 bytes, `xxx`). */
  readonly dataSize?: number;
}

/** The redis-benchmark argument list (without taskset), in the order the report prints it. */
export function benchmarkArgs(o: BenchmarkOptions, portText = String(o.port)): string[] {
  const args = ['-p', portText, '-c', String(o.clients), '-n', String(o.requests)];
  if (o.keyspace > 0) args.push('-r', String(o.keyspace));
  if (o.dataSize !== undefined) args.push('-d', String(o.dataSize));
  args.push('-P', String(o.pipeline), '-t', o.tests.join(','), '--csv');
  return args;
}

/** `LRANGE_100 (first 100 elements)` → `lrange_100`; `LPUSH (needed to benchmark LRANGE)` → undefined. */
export function testNameOfLabel(label: string): string | undefined {
  if (label.includes('needed to benchmark')) return undefined;
  return label.split(' ')[0]?.toLowerCase();
}

function parseCsvLine(line: string): string[] {
  // redis-benchmark quotes every field and never puts a quote inside one.
  return line.split('","').map((f) => f.replace(/^"|"$/g, ''));
}

export function parseCsv(stdout: string): BenchmarkRow[] {
  const rows: BenchmarkRow[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('"') || line.startsWith('"test"')) continue;
    const f = parseCsvLine(line.trim());
    const num = (i: number): number => Number(f[i]);
    const label = f[0] ?? '';
    rows.push({
      label,
      test: testNameOfLabel(label),
      rps: num(1),
      avgMs: num(2),
      minMs: num(3),
      p50Ms: num(4),
      p95Ms: num(5),
      p99Ms: num(6),
      maxMs: num(7),
    });
  }
  return rows;
}

export function runBenchmark(o: BenchmarkOptions): Promise<BenchmarkRun> {
  const args = ['-c', o.cpus, 'redis-benchmark', ...benchmarkArgs(o)];
  return new Promise((resolve) => {
    execFile('taskset', args, { maxBuffer: 16 * 2 ** 20 }, (err, stdout, stderr) => {
      const exitCode = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
      resolve({ commandLine: shellQuote(['taskset', ...args]), rows: parseCsv(stdout), exitCode, stderr: stderr.trim() });
    });
  });
}
