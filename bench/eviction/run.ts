// The eviction lab: replay workloads through eviction policies at several cache sizes and report
// miss ratios as Markdown, CSV and one SVG chart per workload. See docs/eviction.md.
//
//   npm run bench:eviction                                   # the default run (sim mode)
//   npm run bench:eviction -- --workloads zipf-1.0 --sizes 0.01,0.1
//   npm run bench:eviction -- --trace my.trace               # a trace file: `key` or `key,size` lines
//   npm run bench:eviction -- --mode tcp --port 6379 --policies allkeys-lru,allkeys-lfu
//
// Modes: sim (tracking policies in-process; Redis's sampling policies through an in-process tsredis,
// as in "server"), server (every policy through an in-process tsredis), tcp (a running server).

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXTRA_POLICIES } from '../../src/eviction/extra/index.js';
import { Flags } from '../lib/args.js';
import { machineInfo } from '../lib/machine.js';
import { REPO_ROOT } from '../lib/servers.js';
import { markdownTable, renderSvg, toCsv, type LabRow } from './report.js';
import { replayInProcess } from './server-mode.js';
import { capacityFor, simulate } from './sim.js';
import { replayTcp, type TcpResult } from './tcp.js';
import { defaultWorkloads, traceWorkload, type Workload } from './workloads.js';

/** Redis's sampling policies the lab runs through a server by default. */
export const SAMPLING_POLICIES = ['allkeys-lru', 'allkeys-lfu', 'allkeys-random'] as const;

const FLAGS = [
  'mode', 'workloads', 'trace', 'sizes', 'policies', 'requests', 'keys', 'seed', 'value-size', 'host', 'port',
  'rate', 'calibration-rounds', 'out', 'no-server-policies', 'quiet',
];

function fractionList(raw: readonly string[]): number[] {
  return raw.map((s) => {
    const f = s.endsWith('%') ? Number(s.slice(0, -1)) / 100 : Number(s);
    if (!(f > 0 && f <= 1)) throw new Error(`--sizes wants fractions in (0, 1] or percentages, got ${s}`);
    return f;
  });
}

async function main(): Promise<void> {
  const flags = new Flags(process.argv.slice(2), FLAGS);
  const mode = flags.string('mode', 'sim');
  if (!['sim', 'server', 'tcp'].includes(mode)) throw new Error(`--mode is sim, server or tcp, got ${mode}`);
  const synthetic = { requests: flags.int('requests', 200_000), keys: flags.int('keys', 20_000), seed: flags.int('seed', 1) };
  const sizes = fractionList(flags.list('sizes', ['0.001', '0.01', '0.05', '0.1', '0.25']));
  const valueSize = flags.int('value-size', 16);
  const rate = flags.int('rate', 100_000);
  const calibrationRounds = Math.max(1, flags.int('calibration-rounds', 4));
  const quiet = flags.has('quiet');
  const log = (line: string): void => {
    if (!quiet) console.log(line);
  };

  const workloads: Workload[] = [];
  const trace = flags.string('trace', '');
  if (trace !== '') workloads.push(traceWorkload(trace));
  if (trace === '' || flags.has('workloads')) workloads.push(...defaultWorkloads(synthetic, flags.has('workloads') ? flags.list('workloads', []) : undefined));

  const defaultPolicies =
    mode === 'tcp' ? ['allkeys-lru', 'allkeys-lfu']
    : [...EXTRA_POLICIES.keys(), ...(flags.has('no-server-policies') ? [] : SAMPLING_POLICIES)];
  const policies = flags.list('policies', defaultPolicies);
  const host = flags.string('host', '127.0.0.1');
  const port = flags.int('port', 6379);

  const date = new Date().toISOString().slice(0, 10);
  const outDir = path.resolve(flags.string('out', path.join(REPO_ROOT, 'bench', 'results', `eviction-${date}`)));
  mkdirSync(outDir, { recursive: true });

  const rows: LabRow[] = [];
  const started = performance.now();
  for (const w of workloads) {
    log(`# ${w.name}: ${w.description} (${w.distinct} distinct keys)`);
    for (const policy of policies) {
      for (const fraction of sizes) {
        const capacity = capacityFor(w, fraction);
        const factory = EXTRA_POLICIES.get(policy);
        let row: LabRow;
        if (mode === 'sim' && factory !== undefined) {
          const r = simulate(factory, w, capacity);
          row = { workload: w.name, policy, mode, fraction, capacity, requests: w.requests.length, hits: r.hits, misses: r.misses, missRatio: r.missRatio, residentAtEnd: capacity, elapsedMs: r.elapsedMs };
        } else {
          const r: TcpResult = mode === 'tcp'
            ? await replayTcp(w, capacity, { host, port, policy, valueSize, calibrationRounds })
            : await replayInProcess(w, capacity, { policy, valueSize, rate, calibrationRounds });
          row = {
            workload: w.name, policy, mode: mode === 'tcp' ? 'tcp' : 'server', fraction, capacity,
            requests: w.requests.length, hits: r.hits, misses: r.misses, missRatio: r.missRatio, residentAtEnd: r.residentAtEnd, elapsedMs: r.elapsedMs,
          };
        }
        rows.push(row);
        log(`  ${row.policy.padEnd(18)} ${row.mode.padEnd(6)} ${(fraction * 100).toString().padStart(5)}% ${String(capacity).padStart(6)} keys  miss ${(row.missRatio * 100).toFixed(2).padStart(6)}%  resident ${row.residentAtEnd}  ${row.elapsedMs.toFixed(0)} ms`);
      }
    }
  }
  const totalS = (performance.now() - started) / 1000;

  const m = machineInfo('tsredis');
  const command = `npm run bench:eviction -- ${process.argv.slice(2).join(' ')}`.trim();
  const md: string[] = [
    `# Eviction lab: miss ratios (${date})`,
    '',
    `Command: \`${command}\` (mode ${mode}), ${totalS.toFixed(0)} s in all.`,
    `Machine: ${m.cpuModel}, ${m.nproc} cores, ${m.memoryGb} GB, ${m.kernel}; Node ${m.node}; ${m.redisServer}.`,
    `Cache sizes are fractions of each workload's distinct keys; the best miss ratio of each column is in bold.`,
    mode === 'tcp' ? `Server: ${host}:${port}; maxmemory sized per run so DBSIZE reaches the cache size (resident_at_end in the CSV).` : '',
    mode !== 'tcp' && policies.some((p) => !EXTRA_POLICIES.has(p)) ? `Redis's sampling policies run on an in-process tsredis (mode "server"), its clock moved at ${rate} simulated requests per second.` : '',
    '',
  ];
  for (const w of workloads) {
    const wr = rows.filter((r) => r.workload === w.name);
    const svgName = `${w.name}.svg`;
    writeFileSync(path.join(outDir, svgName), renderSvg(`Miss ratio: ${w.name}`, w.description, wr));
    md.push(`## ${w.name}`, '', `${w.description}; ${w.distinct} distinct keys.`, '', `![${w.name}](${svgName})`, '', markdownTable(wr), '');
  }
  md.push('Raw numbers: [results.csv](results.csv).', '');
  writeFileSync(path.join(outDir, 'results.md'), md.filter((l, i, a) => !(l === '' && a[i - 1] === '')).join('\n'));
  writeFileSync(path.join(outDir, 'results.csv'), toCsv(rows));
  log(`wrote ${outDir}/results.md, results.csv and ${workloads.length} SVG charts (${totalS.toFixed(1)} s)`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
