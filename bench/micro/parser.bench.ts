// Request-parser throughput: our RequestParser against redis-parser (the RESP parser ioredis used) on
// realistic request streams, plus the memory cost of keeping zero-copy argument views.
// Run: npx tsx bench/micro/parser.bench.ts            (add --quick for a short smoke run)
// Results: bench/results/parser-<date>.md
//
// Each task parses a whole pre-built stream, cut into the chunks a socket would deliver, with a fresh
// parser, and counts the commands. "ops/s" is streams per second, "cmds/s" is ops/s x commands per stream.
// redis-parser parses RESP replies, but a request is just an array of bulk strings, so it reads request
// streams too (not inline commands); `returnBuffers: true` makes it return Buffers as we do.
import { createRequire } from 'node:module';
import os from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Bench } from 'tinybench';
import { RequestParser } from '../../src/protocol/request-parser.js';

// --- redis-parser, typed at the edge (the package ships no type declarations) ---

interface ReplyParser {
  execute(chunk: Buffer): void;
}
interface ReplyParserOptions {
  returnReply: (reply: unknown) => void;
  returnError: (err: unknown) => void;
  returnBuffers: boolean;
}
type ReplyParserConstructor = new (options: ReplyParserOptions) => ReplyParser;

const require = createRequire(import.meta.url);
const RedisParser = require('redis-parser') as ReplyParserConstructor;

// --- Workloads ---

const SOCKET_READ_BYTES = 64 * 1024; // what one 'data' event delivers at most on Node

function encode(argv: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`)];
  for (const arg of argv) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg) : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

function chunk(stream: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < stream.length; i += size) out.push(Buffer.from(stream.subarray(i, i + size)));
  return out;
}

interface Workload {
  readonly name: string;
  readonly chunks: readonly Buffer[];
  readonly commands: number;
  readonly bytes: number;
}

function workload(name: string, commands: readonly Buffer[], chunkSize = SOCKET_READ_BYTES): Workload {
  const stream = Buffer.concat(commands);
  return { name, chunks: chunk(stream, chunkSize), commands: commands.length, bytes: stream.length };
}

const VALUE_16 = 'v'.repeat(16);
const VALUE_1K = Buffer.alloc(1024, 0x61);
const VALUE_1M = Buffer.alloc(1024 * 1024, 0x62);
const N = 10_000;

const workloads: readonly Workload[] = [
  workload('SET key:N <16B>, pipelined', Array.from({ length: N }, (_, i) => encode(['SET', `key:${i}`, VALUE_16]))),
  workload('GET key:N, pipelined', Array.from({ length: N }, (_, i) => encode(['GET', `key:${i}`]))),
  workload(
    'SET <1KB> / GET mix, pipelined',
    Array.from({ length: 2_000 }, (_, i) => (i % 2 === 0 ? encode(['SET', `key:${i}`, VALUE_1K]) : encode(['GET', `key:${i - 1}`]))),
  ),
  workload('SET key <1MB> in 64KB chunks', Array.from({ length: 16 }, (_, i) => encode(['SET', `big:${i}`, VALUE_1M]))),
  {
    // Request/response traffic: every command is its own socket read.
    name: 'SET key:N <16B>, one command per read',
    chunks: Array.from({ length: N }, (_, i) => encode(['SET', `key:${i}`, VALUE_16])),
    commands: N,
    bytes: 0,
  },
];

function parseOurs(w: Workload): number {
  const parser = new RequestParser({ maxBulkLen: 512 * 1024 * 1024, maxQueryBufferLen: 1024 * 1024 * 1024 });
  let count = 0;
  for (const c of w.chunks) {
    parser.feed(c);
    while (parser.next() !== null) count++;
  }
  return count;
}

/** Ours, then a copy of every argument under 1KB: the price of a "copy small args" policy. */
function parseOursCopying(w: Workload): number {
  const parser = new RequestParser({ maxBulkLen: 512 * 1024 * 1024, maxQueryBufferLen: 1024 * 1024 * 1024 });
  let count = 0;
  for (const c of w.chunks) {
    parser.feed(c);
    for (let argv = parser.next(); argv !== null; argv = parser.next()) {
      for (let i = 0; i < argv.length; i++) if (argv[i]!.length < 1024) argv[i] = Buffer.from(argv[i]!);
      count++;
    }
  }
  return count;
}

function parseRedisParser(w: Workload): number {
  let count = 0;
  const parser = new RedisParser({
    returnReply: () => {
      count++;
    },
    returnError: (err) => {
      throw err;
    },
    returnBuffers: true,
  });
  for (const c of w.chunks) parser.execute(c);
  return count;
}

// --- Throughput ---
// The machine may be shared, so instead of one long run per task we run ROUNDS short rounds, each with
// every task in a rotated order, and report the median round (and the range) per task.

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 9;
const contenders = [
  ['tsredis RequestParser', parseOurs],
  ['redis-parser 3.0.0', parseRedisParser],
  ['tsredis + copy args <1KB', parseOursCopying],
] as const;
const tasks: { readonly name: string; readonly w: Workload; readonly fn: () => void }[] = [];
for (const w of workloads) {
  for (const [label, parse] of contenders) {
    if (parse(w) !== w.commands) throw new Error(`${label} miscounted ${w.name}`);
    tasks.push({ name: `${w.name} | ${label}`, w, fn: () => void parse(w) });
  }
}

const cpu = os.cpus()[0]?.model ?? 'unknown';
console.log(`node ${process.version}, ${os.cpus().length} CPUs (${cpu}), ${os.platform()} ${os.release()}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const samples = new Map<string, number[]>(tasks.map((t) => [t.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: quick ? 200 : 400, warmupTime: quick ? 50 : 100 });
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[(i + round * 3) % tasks.length]!;
    bench.add(t.name, t.fn);
  }
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
    samples.get(task.name)!.push(1000 / result.latency.mean);
  }
}
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
console.log(`\n${ROUNDS} rounds; ops/s is the median round, range is min-max over rounds`);
console.log('| workload | parser | ops/s | range ops/s | cmds/s | MB/s |');
console.log('|---|---|---:|---:|---:|---:|');
for (const t of tasks) {
  const xs = samples.get(t.name)!;
  const ops = median(xs);
  const [name, label] = t.name.split(' | ');
  const mbPerSec = t.w.bytes === 0 ? '' : ((ops * t.w.bytes) / 1e6).toFixed(0);
  const range = `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
  console.log(`| ${name} | ${label} | ${ops.toFixed(1)} | ${range} | ${Math.round(ops * t.w.commands).toLocaleString('en-US')} | ${mbPerSec} |`);
}

// --- Memory: what do stored zero-copy views keep alive? ---
// 200k pipelined `SET key:N <16B>` in 64KB chunks; the values go into a Map as the keyspace would
// keep them, stored as (a) the parser's views, (b) Buffer.from copies (Node's 8KB pool), (c) copies
// in their own ArrayBuffer. Measured with everything alive, then after deleting 99% of the keys.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function externalMemory(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.arrayBuffers + m.heapUsed;
}

function memoryRun(store: (value: Buffer) => Buffer): readonly [number, number] {
  const keys = 200_000;
  const before = externalMemory();
  const map = new Map<string, Buffer>();
  const parser = new RequestParser({ maxBulkLen: 512 * 1024 * 1024, maxQueryBufferLen: 1024 * 1024 * 1024 });
  const pending: Buffer[] = [];
  for (let i = 0; i < keys; i++) pending.push(encode(['SET', `key:${i}`, VALUE_16]));
  for (const c of chunk(Buffer.concat(pending), SOCKET_READ_BYTES)) {
    parser.feed(c);
    for (let argv = parser.next(); argv !== null; argv = parser.next()) map.set(argv[1]!.toString('latin1'), store(argv[2]!));
  }
  pending.length = 0;
  const all = externalMemory() - before;
  let i = 0;
  for (const key of [...map.keys()]) if (i++ % 100 !== 0) map.delete(key);
  const survivors = externalMemory() - before;
  if (map.size !== keys / 100) throw new Error('bad survivor count');
  return [all, survivors];
}

const stores = [
  ['view (what the parser returns)', (v: Buffer) => v],
  ['Buffer.from copy (8KB pool)', (v: Buffer) => Buffer.from(v)],
  ['own ArrayBuffer (allocUnsafeSlow)', (v: Buffer) => {
    const b = Buffer.allocUnsafeSlow(v.length);
    v.copy(b);
    return b;
  }],
] as const;
console.log('\n| stored value | 200k keys alive (MB) | 2k survivors after deleting 99% (MB) |');
console.log('|---|---:|---:|');
for (const [label, store] of stores) {
  const [all, survivors] = memoryRun(store);
  console.log(`| ${label} | ${(all / 1e6).toFixed(1)} | ${(survivors / 1e6).toFixed(1)} |`);
}
