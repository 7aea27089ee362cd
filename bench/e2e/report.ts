// Turns the e2e benchmark's measurements into the Markdown report and the SVG chart.
// The report keeps every raw number (rps per round and server) next to the ratios computed from them.

import type { MachineInfo } from '../lib/machine.js';
import { machineMarkdown } from '../lib/machine.js';
import type { ServerKind } from '../lib/servers.js';
import { fmtInt, fmtRatio, geomean, median } from '../lib/stats.js';
import { renderChart } from './chart.js';

/** The issue's targets. */
export const TARGETS = {
  geomeanP1: 0.85,
  geomeanP16: 0.5,
  minWorkloadP1: 0.6,
  p99Ratio: 1.5,
} as const;

export interface ThroughputCell {
  /** rps per measured round (index = round - 1); NaN when that run failed. */
  readonly tsredis: number[];
  readonly redis: number[];
  /** Server CPU time per request in µs, per measured round (all threads, from /proc schedstat). */
  readonly cpuUs: { readonly tsredis: number[]; readonly redis: number[] };
  /** The warm-up round's rps, kept for the record. */
  warmup: { tsredis: number; redis: number } | undefined;
  /** Error replies counted by the servers (INFO total_error_replies) during these runs. */
  errors: { tsredis: number; redis: number };
  /** Why there is no number: "n/a (command missing)", or redis-benchmark's complaint. */
  status: string | undefined;
}

export interface LatencySample {
  readonly round: number;
  readonly server: ServerKind;
  readonly test: 'set' | 'get';
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly avgMs: number;
}

export interface E2eResults {
  readonly date: string;
  readonly machine: MachineInfo;
  readonly serverCommands: Record<ServerKind, string>;
  readonly benchmarkCommands: string[];
  readonly latencyCommand: string;
  readonly rounds: number;
  readonly clients: number;
  readonly warmup: boolean;
  readonly pipelines: readonly number[];
  readonly workloads: readonly string[];
  /** key `${pipeline}/${workload}` */
  readonly cells: Map<string, ThroughputCell>;
  readonly latency: LatencySample[];
  /** Per measured round: which server ran first, and the load average when the round started. */
  readonly roundInfo: Array<{ round: number; first: ServerKind; load: string }>;
  readonly loadStart: string;
  loadEnd: string;
  readonly missing: string[];
  elapsedSeconds: number;
}

export const cellKey = (pipeline: number, workload: string): string => `${pipeline}/${workload}`;

/** Per-round ratios tsredis/redis, skipping rounds where either run failed. */
export function roundRatios(cell: ThroughputCell): number[] {
  const out: number[] = [];
  cell.tsredis.forEach((ts, i) => {
    const r = cell.redis[i] ?? Number.NaN;
    if (Number.isFinite(ts) && Number.isFinite(r) && r > 0) out.push(ts / r);
  });
  return out;
}

/**
 * Per-round CPU-efficiency ratios: Redis's CPU time per request / tsredis's. Like the rps ratio,
 * higher is better for tsredis and 1.0 is parity; unlike it, it barely moves with machine load.
 */
export function roundCpuRatios(cell: ThroughputCell): number[] {
  const out: number[] = [];
  cell.cpuUs.tsredis.forEach((ts, i) => {
    const r = cell.cpuUs.redis[i] ?? Number.NaN;
    if (Number.isFinite(ts) && Number.isFinite(r) && ts > 0) out.push(r / ts);
  });
  return out;
}

export function medianRatio(cell: ThroughputCell | undefined, kind: 'rps' | 'cpu' = 'rps'): number {
  if (cell === undefined || cell.status !== undefined) return Number.NaN;
  return median(kind === 'rps' ? roundRatios(cell) : roundCpuRatios(cell));
}

function ratiosAt(results: E2eResults, pipeline: number, kind: 'rps' | 'cpu' = 'rps'): number[] {
  return results.workloads.map((w) => medianRatio(results.cells.get(cellKey(pipeline, w)), kind));
}

function hasCpu(results: E2eResults): boolean {
  return [...results.cells.values()].some((c) => c.cpuUs.tsredis.length > 0);
}

function latencyMedian(results: E2eResults, server: ServerKind, test: 'set' | 'get', field: 'p50Ms' | 'p99Ms'): number {
  return median(results.latency.filter((s) => s.server === server && s.test === test).map((s) => s[field]));
}

/** Other jobs were running when the benchmark started (before it added any load of its own). */
function isLoaded(results: E2eResults): boolean {
  const oneMinute = Number(results.loadStart.split(' ')[0]);
  return oneMinute >= 0.5;
}

/** The highest 1-minute load average seen at the start of a measured round. */
function peakRoundLoad(results: E2eResults): number {
  return Math.max(0, ...results.roundInfo.filter((r) => r.round > 0).map((r) => Number(r.load.split(' ')[0])));
}

/** Runnable tasks beyond the cores: the servers often waited for a CPU. */
function isOversubscribed(results: E2eResults): boolean {
  return peakRoundLoad(results) > results.machine.nproc;
}

function loadNote(results: E2eResults): string[] {
  const lines: string[] = [];
  if (!isLoaded(results)) {
    lines.push(`Load average before the run: ${results.loadStart} (1/5/15 min); the machine looked idle.`);
  } else {
    lines.push(
      `**Taken on a shared, loaded machine**: other jobs were running on its ${results.machine.nproc} cores; the load average was`,
      `${results.loadStart} (1/5/15 min) just before this run and is listed per round below (the benchmark itself adds up to ~2:`,
      'a server and redis-benchmark each keep a core busy). Both servers ran under the same conditions, alternating which',
      'went first, and each ratio compares two runs made seconds apart; still, treat differences under ~15% as noise.',
    );
  }
  if (isOversubscribed(results)) {
    lines.push(
      '',
      `**The load exceeded the core count** (up to ${peakRoundLoad(results).toFixed(2)} on ${results.machine.nproc} cores during the rounds).`,
      'Both servers then spend much of the run waiting for a CPU, which pulls every throughput ratio towards 1.0 (the',
      'scheduler, not the server, sets the pace) and puts scheduler delays of milliseconds into p99. The met/missed',
      'verdicts below are provisional: repeat on a quiet machine before relying on them.',
    );
  }
  return lines;
}

const pass = (ok: boolean): string => (ok ? 'met' : '**missed**');

export function renderSvg(results: E2eResults): string {
  const colors = [['#3b6fb6', '#9dbbe3'], ['#e08a2c', '#f3c89b'], ['#5a9e4b', '#b3d8a9'], ['#9b59b6', '#d3b4e0']] as const;
  const targetFor = (p: number): number | undefined => (p === 1 ? TARGETS.geomeanP1 : p === 16 ? TARGETS.geomeanP16 : undefined);
  const withCpu = hasCpu(results);
  return renderChart({
    title: 'tsredis relative to Redis 7.0 (higher is better; 1.0 = as fast as Redis)',
    subtitle: `redis-benchmark -c ${results.clients}, median of ${results.rounds} round(s), ${results.date}, ${results.machine.nproc} cores${isLoaded(results) ? ', LOADED machine' : ''} (see e2e-${results.date}.md)`,
    workloads: results.workloads,
    series: results.pipelines.flatMap((p, i) => {
      const target = targetFor(p);
      const [dark, light] = colors[i % colors.length] ?? colors[0];
      const rps = { label: `-P ${p} rps`, color: dark, ratios: ratiosAt(results, p), ...(target === undefined ? {} : { target }) };
      const cpu = { label: `-P ${p} CPU/request`, color: light, ratios: ratiosAt(results, p, 'cpu') };
      return withCpu ? [rps, cpu] : [rps];
    }),
  });
}

export function renderMarkdown(results: E2eResults): string {
  const { rounds } = results;
  const lines: string[] = [];
  const push = (...l: string[]): void => {
    lines.push(...l);
  };
  push(
    `# End-to-end benchmark: tsredis vs Redis — ${results.date}`,
    '',
    ...loadNote(results),
    '',
    `![throughput ratio per workload](e2e-${results.date}.svg)`,
    '',
    '## Setup',
    '',
    ...machineMarkdown(results.machine),
    `- Load average (1/5/15 min): ${results.loadStart} at the start, ${results.loadEnd} at the end; per round below.`,
    `- Wall time: ${Math.round(results.elapsedSeconds)} s.`,
    '- Servers pinned to core 0, redis-benchmark to core 1 (`taskset`):',
    '',
    '```sh',
    results.serverCommands.tsredis,
    results.serverCommands.redis,
    '```',
    '',
    `- Throughput: ${results.warmup ? 'one warm-up round (not counted), then ' : ''}${rounds} measured round(s). In each`,
    '  round, for each pipeline depth, both servers are flushed (FLUSHALL), then each workload runs on both servers',
    '  back to back, one redis-benchmark process per workload and server; odd rounds start with tsredis, even rounds',
    '  with Redis. Ratio = tsredis rps / Redis rps of the same round; the table shows the median per-round ratio.',
    '  Workloads run in redis-benchmark\'s own order (LPOP after LPUSH, SPOP after SADD). Commands (PORT = each server\'s):',
    '',
    '```sh',
    ...results.benchmarkCommands,
    '```',
    '',
    '- Latency: one client, no pipelining; redis-benchmark\'s own percentiles (its --csv has p50/p99). Per round, both servers:',
    '',
    '```sh',
    results.latencyCommand,
    '```',
    '',
  );

  // --- Summary against the targets ---
  const p1 = ratiosAt(results, 1).filter(Number.isFinite);
  const p16 = ratiosAt(results, 16).filter(Number.isFinite);
  push('## Summary', '', '| measure | result | target | |', '|---|---:|---:|---|');
  if (results.pipelines.includes(1)) {
    const g = geomean(p1);
    push(`| throughput geomean, -P 1 (${p1.length} workloads) | ${fmtRatio(g)} | ≥ ${TARGETS.geomeanP1}x | ${pass(g >= TARGETS.geomeanP1)} |`);
    const measured = results.workloads
      .map((w, i) => ({ w, r: ratiosAt(results, 1)[i] ?? Number.NaN }))
      .filter((x) => Number.isFinite(x.r))
      .sort((a, b) => a.r - b.r);
    const under = measured.filter((x) => x.r < TARGETS.minWorkloadP1).map((x) => x.w);
    const worst = measured[0];
    if (worst !== undefined) {
      push(
        `| slowest workload, -P 1 | ${fmtRatio(worst.r)} (${worst.w}) | ≥ ${TARGETS.minWorkloadP1}x | ${pass(under.length === 0)}${under.length > 0 ? `: ${under.join(', ')}` : ''} |`,
      );
    }
  }
  if (results.pipelines.includes(16)) {
    const g = geomean(p16);
    push(`| throughput geomean, -P 16 (${p16.length} workloads) | ${fmtRatio(g)} | ≥ ${TARGETS.geomeanP16}x | ${pass(g >= TARGETS.geomeanP16)} |`);
  }
  if (hasCpu(results)) {
    for (const p of results.pipelines) {
      const g = geomean(ratiosAt(results, p, 'cpu').filter(Number.isFinite));
      push(`| CPU-efficiency geomean, -P ${p} (Redis CPU/request ÷ tsredis CPU/request) | ${fmtRatio(g)} | (same targets as rps) | ${p === 1 ? pass(g >= TARGETS.geomeanP1) : p === 16 ? pass(g >= TARGETS.geomeanP16) : ''} |`);
    }
  }
  for (const test of ['get', 'set'] as const) {
    const ts = latencyMedian(results, 'tsredis', test, 'p99Ms');
    const rd = latencyMedian(results, 'redis', test, 'p99Ms');
    if (!Number.isFinite(ts)) continue;
    const ratio = ts / rd;
    push(`| ${test.toUpperCase()} p99 latency, 1 client (tsredis / Redis) | ${fmtRatio(ratio)} (${ts.toFixed(3)} / ${rd.toFixed(3)} ms) | ≤ ${TARGETS.p99Ratio}x | ${pass(ratio <= TARGETS.p99Ratio)} |`);
  }
  push('', 'Memory per key is measured separately: see `memory-<date>.md`.', '');
  if (results.missing.length > 0) {
    push(`Not measured, command missing on tsredis: ${results.missing.map((w) => `\`${w}\``).join(', ')}.`, '');
  }

  // --- Ratios ---
  push('## Throughput ratio tsredis / Redis (median of per-round ratios)', '');
  const withCpu = hasCpu(results);
  if (withCpu) {
    push(
      'Beside each rps ratio: the CPU-efficiency ratio, Redis\'s server CPU time per request ÷ tsredis\'s (all threads,',
      'from /proc/PID/task/*/schedstat around each run; LRANGE runs include their LPUSH fill). On a loaded machine it is',
      'the steadier of the two: CPU time per request hardly depends on how long a server waited for a core.',
      '',
    );
  }
  const perPipe = withCpu ? 3 : 2;
  const header = ['workload', ...results.pipelines.flatMap((p) => [`-P ${p} rps`, `-P ${p} rps per round`, ...(withCpu ? [`-P ${p} CPU`] : [])])];
  push(`| ${header.join(' | ')} |`, `|---|${results.pipelines.map(() => (withCpu ? '---:|---|---:|' : '---:|---|')).join('')}`);
  for (const w of results.workloads) {
    const cols = results.pipelines.flatMap((p) => {
      const cell = results.cells.get(cellKey(p, w));
      if (cell === undefined) return Array.from({ length: perPipe }, () => '');
      if (cell.status !== undefined) return [cell.status, ...Array.from({ length: perPipe - 1 }, () => '')];
      const rps = [fmtRatio(medianRatio(cell)), roundRatios(cell).map((r) => r.toFixed(2)).join(', ')];
      return withCpu ? [...rps, fmtRatio(medianRatio(cell, 'cpu'))] : rps;
    });
    push(`| ${w} | ${cols.join(' | ')} |`);
  }
  const geo = results.pipelines.flatMap((p) => {
    const rps = `**${fmtRatio(geomean(ratiosAt(results, p).filter(Number.isFinite)))}**`;
    return withCpu ? [rps, '', `**${fmtRatio(geomean(ratiosAt(results, p, 'cpu').filter(Number.isFinite)))}**`] : [rps, ''];
  });
  push(`| **geomean** | ${geo.join(' | ')} |`, '');

  // --- Raw numbers ---
  for (const p of results.pipelines) {
    push(`## Raw requests per second, -P ${p}`, '');
    if (hasCpu(results)) {
      push(
        '"server CPU busy" = rps × CPU time per request: the share of one core the server used (all its threads; it can pass',
        '100% when Node\'s helper threads run beside the main thread). Well under 100% means the server was not the bottleneck:',
        'redis-benchmark (one thread on core 1) or the round trips were, and the rps ratio then understates the gap.',
        '',
      );
    }
    const roundCols = Array.from({ length: rounds }, (_, i) => `round ${i + 1}`);
    push(
      `| workload | server | ${results.warmup ? 'warm-up | ' : ''}${roundCols.join(' | ')} | median | CPU µs/request per round | server CPU busy | errors |`,
      `|---|---|${results.warmup ? '---:|' : ''}${roundCols.map(() => '---:|').join('')}---:|---|---:|---:|`,
    );
    for (const w of results.workloads) {
      const cell = results.cells.get(cellKey(p, w));
      if (cell === undefined) continue;
      if (cell.status !== undefined && cell.tsredis.length === 0) {
        push(`| ${w} | both | ${cell.status} |`);
        continue;
      }
      for (const server of ['tsredis', 'redis'] as const) {
        const values = cell[server];
        const warm = results.warmup ? `${fmtInt(cell.warmup?.[server] ?? Number.NaN)} | ` : '';
        const ok = values.filter(Number.isFinite);
        const cpu = cell.cpuUs[server].map((c) => c.toFixed(2)).join(', ');
        // rps x CPU seconds per request = the fraction of a core the server used during the run.
        const busy = median(values.map((rps, i) => (rps * (cell.cpuUs[server][i] ?? Number.NaN)) / 1e6).filter(Number.isFinite));
        const busyText = Number.isFinite(busy) ? `${Math.round(busy * 100)}%` : '';
        push(`| ${w} | ${server} | ${warm}${values.map(fmtInt).join(' | ')} | ${fmtInt(median(ok))} | ${cpu} | ${busyText} | ${cell.errors[server]} |`);
      }
    }
    push('');
  }

  // --- Latency ---
  push('## Single-client latency (ms), -c 1 -P 1', '');
  push('| server | test | p50 per round | p99 per round | avg per round | median p50 | median p99 |', '|---|---|---|---|---|---:|---:|');
  for (const test of ['set', 'get'] as const) {
    for (const server of ['tsredis', 'redis'] as const) {
      const s = results.latency.filter((x) => x.server === server && x.test === test);
      if (s.length === 0) continue;
      const list = (f: (x: LatencySample) => number): string => s.map((x) => f(x).toFixed(3)).join(', ');
      push(
        `| ${server} | ${test.toUpperCase()} | ${list((x) => x.p50Ms)} | ${list((x) => x.p99Ms)} | ${list((x) => x.avgMs)} | ${latencyMedian(results, server, test, 'p50Ms').toFixed(3)} | ${latencyMedian(results, server, test, 'p99Ms').toFixed(3)} |`,
      );
    }
  }
  push('', '## Rounds', '', '| round | first server | load average at start |', '|---|---|---|');
  for (const r of results.roundInfo) push(`| ${r.round === 0 ? 'warm-up' : r.round} | ${r.first} | ${r.load} |`);
  push('', 'Reproduce: `npm run bench` (defaults as above) or e.g. `npm run bench -- --n 20000 --rounds 1 --tests set,get`.', '');
  return lines.join('\n');
}
