// Memory per key: the same data sets loaded into a fresh tsredis and a fresh redis-server, compared by
// process RSS. Writes bench/results/memory-<date>.md.
//
// Run: npm run bench:memory                    (builds first)
//      npm run bench:memory -- --scale 0.01 --types strings,hashes   (a quick development run)
// Flags: --types strings,hashes,lists,zsets  --scale 1  --settle-ms 10000  --out <dir>
//
// Method: for each data set and each server, start a fresh server (pinned to core 0 as in the e2e
// benchmark), read its VmRSS from /proc/<pid>/status once idle, load the data with `redis-cli --pipe`
// (the RESP stream is generated here and piped to its stdin), check DBSIZE, wait `settle-ms` (V8
// shrinks its heap a little after a burst of allocation), read VmRSS again. bytes/key =
// (loaded RSS - empty RSS) / keys. RSS is what the operating system charges, so it counts allocator
// slack, V8's heap head room and garbage not yet collected: the honest number for "how much RAM".

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Flags } from '../lib/args.js';
import { loadAverage, machineInfo, machineMarkdown, today } from '../lib/machine.js';
import { callOnce, info, missingCommands } from '../lib/resp.js';
import { REPO_ROOT, readRss, startServer, type ServerKind } from '../lib/servers.js';
import { fmtBytes, fmtRatio } from '../lib/stats.js';
import { datasets, type Dataset } from './datasets.js';

const SERVER_CPUS = '0';
const CLIENT_CPUS = '1';
/** The target: tsredis may use at most this many times Redis's bytes per key. */
const TARGET_RATIO = 1.5;
/**
 * Idle time before the empty-server reading, so start-up allocation has settled: a tsredis that has
 * just started holds start-up garbage (the Lua runtime's load) and a grown young generation, which the
 * idle heap reclaim gives back ~7-8 s after start.
 * A load collects it too, so an earlier reading would flatter tsredis (by ~7-40 MB: up to 4 KB per list key).
 */
const EMPTY_SETTLE_MS = 12_000;

const flags = new Flags(process.argv.slice(2), ['types', 'scale', 'settle-ms', 'out', 'dist', 'node-args']);
const scale = Number(flags.string('scale', '1'));
if (!(scale > 0 && scale <= 1)) throw new Error('--scale wants a number in (0, 1]');
const settleMs = flags.int('settle-ms', 10_000);
const outDir = path.resolve(flags.string('out', path.join(REPO_ROOT, 'bench', 'results')));
/** `--dist <dir>`: measure another tsredis build than the repository's dist/ (e.g. the one before a change). */
const distFlag = flags.string('dist', '');
const distOption = distFlag === '' ? {} : { distDir: path.resolve(distFlag) };
/** `--node-args a,b`: Node/V8 flags for the tsredis server (e.g. `--max-semi-space-size=1`), comma-separated. */
const nodeArgsFlag = flags.string('node-args', '');
const serverOptions = { ...distOption, ...(nodeArgsFlag === '' ? {} : { nodeArgs: nodeArgsFlag.split(',') }) };
const all = datasets(scale);
const wanted = flags.list('types', all.map((d) => d.name));
for (const name of wanted) if (!all.some((d) => d.name === name)) throw new Error(`unknown type ${name}`);
const selected = all.filter((d) => wanted.includes(d.name));

interface Measurement {
  readonly server: ServerKind;
  readonly emptyRss: number;
  /** RSS right after the load finished, and after settleMs. */
  readonly loadedRss: number;
  readonly settledRss: number;
  readonly peakRss: number;
  readonly keys: number;
  readonly encoding: string;
  readonly loadSeconds: number;
  /** INFO memory used_memory growth (allocator-level bytes; Redis's own accounting). */
  readonly usedMemoryDelta: number;
}

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** Pipes the data set into `redis-cli --pipe`; resolves with its summary line. */
function pipeLoad(port: number, dataset: Dataset): Promise<{ errors: number; replies: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', CLIENT_CPUS, 'redis-cli', '-p', String(port), '--pipe'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      const match = /errors: (\d+), replies: (\d+)/.exec(output);
      if (code !== 0 || match === null) {
        reject(new Error(`redis-cli --pipe exited ${code}:\n${output}`));
        return;
      }
      resolve({ errors: Number(match[1]), replies: Number(match[2]) });
    });
    const write = async (): Promise<void> => {
      for (const piece of dataset.chunks()) {
        if (!child.stdin.write(piece, 'latin1')) await new Promise((r) => child.stdin.once('drain', r));
      }
      child.stdin.end();
    };
    write().catch(reject);
  });
}

async function usedMemory(port: number): Promise<number> {
  return Number((await info(port, 'memory')).get('used_memory') ?? Number.NaN);
}

async function measure(kind: ServerKind, dataset: Dataset): Promise<Measurement> {
  const server = await startServer(kind, { cpus: SERVER_CPUS, ...serverOptions });
  try {
    await callOnce(server.port, 'PING');
    await sleep(EMPTY_SETTLE_MS);
    const emptyRss = readRss(server.pid);
    const usedBefore = await usedMemory(server.port);
    const started = Date.now();
    const { errors, replies } = await pipeLoad(server.port, dataset);
    const loadSeconds = (Date.now() - started) / 1000;
    if (errors > 0) throw new Error(`${kind}: ${errors} error replies while loading ${dataset.name}`);
    const keys = Number(await callOnce(server.port, 'DBSIZE'));
    if (keys !== dataset.keys) throw new Error(`${kind}: DBSIZE ${keys}, expected ${dataset.keys} (${replies} replies)`);
    const loadedRss = readRss(server.pid);
    await sleep(settleMs);
    const settledRss = readRss(server.pid);
    const peakRss = readRss(server.pid, 'VmHWM');
    const encoding = String(await callOnce(server.port, 'OBJECT', 'ENCODING', dataset.sampleKey));
    const usedMemoryDelta = (await usedMemory(server.port)) - usedBefore;
    return { server: kind, emptyRss, loadedRss, settledRss, peakRss, keys, encoding, loadSeconds, usedMemoryDelta };
  } finally {
    await server.stop();
  }
}

const perKey = (m: Measurement, rss: number): number => (rss - m.emptyRss) / m.keys;

async function main(): Promise<void> {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: string };
  const machine = machineInfo(pkg.version ?? '?');
  const loadStart = loadAverage();
  log(`memory benchmark: scale ${scale}, settle ${settleMs} ms; load ${loadStart}`);

  // Which data sets tsredis can take at all (a fresh server just for the question).
  const probe = await startServer('tsredis', { cpus: SERVER_CPUS, ...serverOptions });
  let missing: Set<string>;
  try {
    missing = await missingCommands(probe.port, [...new Set(selected.flatMap((d) => d.commands))]);
  } finally {
    await probe.stop();
  }

  const results: Array<{ dataset: Dataset; skipped?: string; runs?: Record<ServerKind, Measurement> }> = [];
  for (const dataset of selected) {
    const lacking = dataset.commands.filter((c) => missing.has(c));
    if (lacking.length > 0) {
      log(`${dataset.name}: skipped, tsredis lacks ${lacking.join(', ')}`);
      results.push({ dataset, skipped: `n/a (command missing: ${lacking.join(', ')})` });
      continue;
    }
    const runs = {} as Record<ServerKind, Measurement>;
    for (const kind of ['redis', 'tsredis'] as const) {
      const m = await measure(kind, dataset);
      runs[kind] = m;
      log(
        `${dataset.name} ${kind.padEnd(7)}: empty ${fmtBytes(m.emptyRss)}, loaded ${fmtBytes(m.loadedRss)}, settled ${fmtBytes(m.settledRss)}` +
          ` → ${perKey(m, m.settledRss).toFixed(1)} B/key (${m.encoding}, load ${m.loadSeconds.toFixed(1)} s)`,
      );
    }
    results.push({ dataset, runs });
  }

  const date = today();
  const lines: string[] = [
    `# Memory per key: tsredis vs Redis — ${date}`,
    '',
    Number(loadStart.split(' ')[0]) >= 0.5
      ? `**Taken on a loaded machine** (load average ${loadStart} before the run). RSS does not depend much on load, but GC timing does.`
      : `Load average before the run: ${loadStart}.`,
    '',
    '## Setup',
    '',
    ...machineMarkdown(machine),
    `- Scale ${scale}${scale < 1 ? ' (**reduced**: a development run, not the issue\'s sizes)' : ' (the issue\'s full sizes)'}; settle time ${settleMs} ms.`,
    '- Each data set is loaded into a FRESH server of each kind, started exactly as in the e2e benchmark:',
    '',
    '```sh',
    'taskset -c 0 node dist/cli.js --port PORT --save \'\' --appendonly no',
    'taskset -c 0 redis-server --port PORT --save \'\' --appendonly no',
    '<generated RESP stream> | taskset -c 1 redis-cli -p PORT --pipe',
    '```',
    '',
    `- bytes/key = (VmRSS after load and settle − VmRSS of the same server idle and empty, read after ${EMPTY_SETTLE_MS / 1000} s) / keys, VmRSS from`,
    '  /proc/PID/status. "used_memory Δ" is INFO memory\'s own accounting (Redis: allocator bytes; tsredis: V8 heap used plus',
    '  buffers outside the heap), shown for reference only. Values and members are 16 bytes, never integers.',
    '',
    '## Results',
    '',
    '| data set | server | encoding | empty RSS | RSS after load | RSS settled | peak RSS | bytes/key | used_memory Δ / key | load time |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const summary: string[] = ['| data set | tsredis bytes/key | Redis bytes/key | ratio | target ≤ 1.5x |', '|---|---:|---:|---:|---|'];
  for (const r of results) {
    if (r.runs === undefined) {
      lines.push(`| ${r.dataset.description} | both | ${r.skipped ?? ''} |`);
      summary.push(`| ${r.dataset.name} | ${r.skipped ?? ''} | | | |`);
      continue;
    }
    for (const kind of ['tsredis', 'redis'] as const) {
      const m = r.runs[kind];
      lines.push(
        `| ${r.dataset.description} | ${kind} | ${m.encoding} | ${fmtBytes(m.emptyRss)} | ${fmtBytes(m.loadedRss)} | ${fmtBytes(m.settledRss)} | ${fmtBytes(m.peakRss)} | ${perKey(m, m.settledRss).toFixed(1)} | ${(m.usedMemoryDelta / m.keys).toFixed(1)} | ${m.loadSeconds.toFixed(1)} s |`,
      );
    }
    const ts = perKey(r.runs.tsredis, r.runs.tsredis.settledRss);
    const rd = perKey(r.runs.redis, r.runs.redis.settledRss);
    summary.push(`| ${r.dataset.name} | ${ts.toFixed(1)} | ${rd.toFixed(1)} | ${fmtRatio(ts / rd)} | ${ts / rd <= TARGET_RATIO ? 'met' : '**missed**'} |`);
  }
  lines.push('', '## Summary', '', ...summary, '', `Load average at the end: ${loadAverage()}.`, '');
  lines.push('Reproduce: `npm run bench:memory` (or `npm run bench:memory -- --scale 0.01 --types strings` for a quick look).', '');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `memory-${date}.md`);
  writeFileSync(file, lines.join('\n'));
  log(`wrote ${file}`);
}

await main();
