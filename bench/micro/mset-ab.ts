// A/B in one process of two builds' SET and MSET paths below the socket: each build's own Server,
// Config and command handlers (from its dist/), a 100k-key database, and redis-benchmark's requests
// (`MSET key:<12 digits> xxx` × 10, or `SET key:<12 digits> xxx`, keys drawn from 0..r-1) run
// through the handler as dispatch runs them (the handler, then the keyspace's re-pricing). Rounds
// alternate which build goes first; the report is the median per-round ratio of time per request.
// The e2e harness (bench/e2e/ab.ts) adds the socket, the parser and dispatch, and on the shared
// 2-core machine its noise (±5-14% a round) hides changes of this size; this isolates them.
// Arguments are Buffer views of one chunk per request, as the request parser hands them out, built
// before each round's clock starts (the parser's own cost is measured by parser.bench.ts).
//
// `--pollute <KB>` touches that much other memory before each request, one cache line per 4 KB
// page, as the kernel's TCP path, libuv and Node's stream layer do between two requests at -P 1
// (that time is measured alone and subtracted): with it, the per-key cost of a big keyspace grows
// towards what the e2e harness shows (bench/results/perf-2026-11-27-mset.md). `--value <text>`
// sets the value stored (redis-benchmark's default is `xxx`, its -d 3).
//
// Run: npx tsx bench/micro/mset-ab.ts --a /tmp/dist-before --b dist [--tests mset,set] [--rounds 9]
//      [--requests 20000] [--r 100000] [--pollute 64] [--value xxx]
//      (each dist/ needs node_modules reachable from its parent)

import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from '../lib/stats.js';

interface Side {
  readonly label: string;
  /** The handlers by command name, bound to an internal client of this build's own server. */
  readonly commands: Map<string, (argv: readonly Buffer[]) => unknown>;
  /** What dispatch does after each command: re-price the keys it wrote. */
  settle(): void;
}

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

const distA = path.resolve(flag('a', ''));
const distB = path.resolve(flag('b', 'dist'));
const tests = flag('tests', 'mset,set').split(',');
const rounds = Number(flag('rounds', '15'));
const requests = Number(flag('requests', '50000'));
const keyRange = Number(flag('r', '100000'));
const polluteKB = Number(flag('pollute', '0'));
const VALUE = flag('value', 'xxx');

async function load(label: string, dist: string): Promise<Side> {
  const imp = (p: string): Promise<Record<string, unknown>> => import(pathToFileURL(path.join(dist, p)).href) as Promise<Record<string, unknown>>;
  const { Config } = (await imp('config/config.js')) as { Config: { fromObject(o: object): unknown } };
  const { Server } = (await imp('server/server.js')) as { Server: new (config: unknown, options: object) => { keyspace: { settleMemory(): void } } };
  const { InternalClient } = (await imp('testing/internal-client.js')) as { InternalClient: new (server: unknown) => object };
  const setting = (await imp('commands/string/setting.js')) as Record<string, (ctx: object, argv: readonly Buffer[]) => unknown>;
  const config = Config.fromObject({ port: 0, bind: '127.0.0.1', loglevel: 'warning', save: '' });
  const server = new Server(config, { logSink: () => {} });
  const ctx = new InternalClient(server);
  const mset = setting['msetCommand'] as (ctx: object, argv: readonly Buffer[]) => unknown;
  const set = setting['setCommand'] as (ctx: object, argv: readonly Buffer[]) => unknown;
  const commands = new Map<string, (argv: readonly Buffer[]) => unknown>([
    ['mset', (argv) => mset(ctx, argv)],
    ['set', (argv) => set(ctx, argv)],
  ]);
  return { label, commands, settle: () => server.keyspace.settleMemory() };
}

// --- Requests as the parser would hand them out ---

let seed = 12345;
function randomKeyIndex(): number {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % keyRange;
}

const KEY_PREFIX = 'key:';

// --- Other memory touched between requests (--pollute) ---

/** 64 MB, walked one line per page at a stride of a page and a line, so each touch is a new page. */
const pollution = new Float64Array(8 * 1024 * 1024);
const POLLUTION_STRIDE = (4096 + 64) / 8;
let pollutionAt = 0;
function pollute(): number {
  let sum = 0;
  for (let j = polluteKB * 16; j > 0; j--) {
    pollutionAt = (pollutionAt + POLLUTION_STRIDE) & (pollution.length - 1);
    sum += pollution[pollutionAt] as number;
    pollution[pollutionAt] = sum;
  }
  return sum;
}

/** One request's argv: `name (key value){pairs}`, every argument a view of one chunk. */
function request(name: string, pairs: number): Buffer[] {
  const parts = [name];
  for (let i = 0; i < pairs; i++) parts.push(KEY_PREFIX + String(randomKeyIndex()).padStart(12, '0'), VALUE);
  const chunk = Buffer.from(parts.join(''), 'latin1');
  const argv: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    argv.push(Buffer.from(chunk.buffer, chunk.byteOffset + offset, part.length));
    offset += part.length;
  }
  return argv;
}

/** Requests per slice: the two builds take turns every slice, so a burst of load hits both alike. */
const SLICE = 500;

/** CPU ns per request of one build over `batch[from, to)`. */
function timeSlice(side: Side, name: string, batch: readonly Buffer[][], from: number, to: number): number {
  const run = side.commands.get(name) as (argv: readonly Buffer[]) => unknown;
  // CPU time (all of the process's threads, GC helpers included) rather than wall time: on the
  // shared machine a slice may wait for a core, which CPU time does not count.
  const start = process.cpuUsage();
  for (let i = from; i < to; i++) {
    if (polluteKB > 0) pollute();
    run(batch[i] as Buffer[]);
    side.settle();
  }
  const used = process.cpuUsage(start);
  if (polluteKB === 0) return (used.user + used.system) * 1000;
  // The pollution's own time, measured right after, is not the build's.
  const alone = process.cpuUsage();
  for (let i = from; i < to; i++) pollute();
  const own = process.cpuUsage(alone);
  return (used.user + used.system - own.user - own.system) * 1000;
}


const a = await load('A', distA);
const b = await load('B', distB);
console.log(`A = ${distA}, B = ${distB}; value '${VALUE}', pollute ${polluteKB} KB; node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
// Fill both keyspaces as redis-benchmark's earlier workloads would have (every key present), taking
// turns, so neither build's objects sit in an older or tidier part of the heap than the other's.
for (let k = 0; k < keyRange; k += 10) {
  const parts: string[] = ['MSET'];
  for (let i = k; i < Math.min(k + 10, keyRange); i++) parts.push(KEY_PREFIX + String(i).padStart(12, '0'), VALUE);
  for (const side of [a, b]) {
    (side.commands.get('mset') as (argv: readonly Buffer[]) => unknown)(parts.map((p) => Buffer.from(p, 'latin1')));
    side.settle();
  }
}
for (const name of tests) {
  const pairs = name === 'mset' ? 10 : 1;
  const ratios: number[] = [];
  const perA: number[] = [];
  const perB: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const order = round % 2 === 0 ? [a, b] : [b, a];
    const ns = new Map<string, number>([['A', 0], ['B', 0]]);
    // Both sides run the same requests, built before the clock starts (the values stored are
    // copies, so sharing the Buffers is safe), taking turns slice by slice.
    const batch = Array.from({ length: requests }, () => request(name.toUpperCase(), pairs));
    for (let from = 0; from < requests; from += SLICE) {
      const to = Math.min(requests, from + SLICE);
      const sides = (from / SLICE) % 2 === 0 ? order : [order[1] as Side, order[0] as Side];
      for (const side of sides) ns.set(side.label, (ns.get(side.label) as number) + timeSlice(side, name, batch, from, to) / requests);
    }
    if (round === 0) continue; // warm-up
    perA.push(ns.get('A') as number);
    perB.push(ns.get('B') as number);
    ratios.push((ns.get('A') as number) / (ns.get('B') as number));
  }
  console.log(
    `${name}: A ${median(perA).toFixed(0)} ns, B ${median(perB).toFixed(0)} ns per request; A/B median ${median(ratios).toFixed(3)} ` +
      `(${ratios.map((r) => r.toFixed(2)).join(', ')})`,
  );
}
process.exit(0);
