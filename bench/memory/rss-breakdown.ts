// Where a loaded server's RSS goes: V8's heap spaces (committed vs used), memory outside the heap, and
// what a full GC would give back. The server runs in this process, loaded over a real socket by
// `redis-cli --pipe` from a file (so the data set's generation leaves no garbage in this heap), exactly
// as bench/memory/run.ts loads it; then the numbers per key are printed before and after a full GC.
// Run: node --expose-gc [V8 flags to try] --import tsx bench/memory/rss-breakdown.ts [strings|hashes|lists|zsets] [scale]
// The generated stream is cached in $TMPDIR/tsredis-<type>-<scale>.resp.

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import { Config } from '../../src/config/config.js';
import { Server } from '../../src/server/server.js';
import { datasets } from './datasets.js';

const kind = process.argv[2] ?? 'strings';
const scale = Number(process.argv[3] ?? '1');
const dataset = datasets(scale).find((d) => d.name === kind);
if (dataset === undefined) throw new Error(`unknown data set ${kind}`);
const gc = (globalThis as { gc?: () => void }).gc;

function rss(): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m === null ? Number.NaN : Number(m[1]) * 1024;
}

interface Snapshot {
  readonly rss: number;
  readonly external: number;
  readonly spaces: Map<string, { committed: number; used: number }>;
}

function snapshot(): Snapshot {
  const spaces = new Map<string, { committed: number; used: number }>();
  for (const s of v8.getHeapSpaceStatistics()) spaces.set(s.space_name, { committed: s.space_size, used: s.space_used_size });
  return { rss: rss(), external: process.memoryUsage().external, spaces };
}

function report(label: string, base: Snapshot, now: Snapshot, keys: number): void {
  const per = (a: number, b: number): string => ((a - b) / keys).toFixed(1).padStart(7);
  const mb = (n: number): string => `${(n / 1048576).toFixed(1)} MB`;
  const young = now.spaces.get('new_space');
  const lines = [
    `${label}: RSS ${per(now.rss, base.rss)} B/key (${mb(base.rss)} → ${mb(now.rss)}), external ${per(now.external, base.external)},` +
      ` new space committed ${mb(base.spaces.get('new_space')?.committed ?? 0)} → ${mb(young?.committed ?? 0)}`,
  ];
  let committed = 0;
  let used = 0;
  for (const [name, s] of now.spaces) {
    const b = base.spaces.get(name) ?? { committed: 0, used: 0 };
    committed += s.committed - b.committed;
    used += s.used - b.used;
    if (Math.abs(s.committed - b.committed) / keys >= 0.5 || Math.abs(s.used - b.used) / keys >= 0.5) {
      lines.push(`  ${name.padEnd(24)} committed ${per(s.committed, b.committed)}  used ${per(s.used, b.used)}`);
    }
  }
  lines.push(`  ${'all spaces'.padEnd(24)} committed ${per(committed, 0)}  used ${per(used, 0)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function streamFile(): Promise<string> {
  const file = path.join(os.tmpdir(), `tsredis-${kind}-${scale}.resp`);
  if (existsSync(file)) return file;
  const out = createWriteStream(file);
  for (const piece of dataset!.chunks()) if (!out.write(piece, 'latin1')) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return file;
}

async function main(): Promise<void> {
  const file = await streamFile();
  const server = new Server(Config.fromObject({ port: 0, save: '', appendonly: 'no' }), { logSink: () => {} });
  await server.listen();
  await sleep(500);
  gc?.();
  const base = snapshot();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('redis-cli', ['-p', String(server.port), '--pipe'], { stdio: [openSync(file, 'r'), 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`redis-cli exited ${code}`))));
  });
  const keys = server.keyspace.db(0).size;
  report(`${kind}, ${keys} keys, right after the load`, base, snapshot(), keys);
  await sleep(4000);
  report('after 4 s idle', base, snapshot(), keys);
  if (gc !== undefined) {
    gc();
    gc();
    report('after two full GCs', base, snapshot(), keys);
  }
  await server.close();
}

await main();
