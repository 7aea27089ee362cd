// A/B in one process of two builds' whole per-command path above the kernel: each build's own
// Server and Clients on fake sockets, fed redis-benchmark's pipelined requests (-P 16, 50 clients,
// keys drawn from 0..r-1) as socket 'data' chunks, so the request parser, dispatch, call(), the
// handler, the reply writer and the flush all run as they do in the server; only the socket write
// is a counter. Rounds alternate which build goes first, and the builds take turns every slice;
// the report is CPU time per request and the median per-round ratio A/B (>1: B is faster).
// The e2e A/B (bench/e2e/ab.ts) adds the kernel's ~30% and ±5% of noise on the shared machine;
// this isolates changes of a few percent in the JavaScript path.
//
// Run: npx tsx bench/micro/hotpath-ab.ts --a /tmp/dist-before --b dist [--tests set,get,incr,lpush,rpush,sadd,hset,zadd]
//      [--rounds 9] [--requests 160000] [--r 100000] [--mix-warmup]   (each dist/ needs node_modules reachable from its parent)
// and the repository's package.json ("type": "module") beside it: a dist/ copied alone to /tmp is loaded by
// tsx as CommonJS, converted, and runs ~3x slower, which swamps any A/B.

import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from '../lib/stats.js';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

const distA = path.resolve(flag('a', ''));
const distB = path.resolve(flag('b', 'dist'));
const tests = flag('tests', 'set,get,incr,lpush,sadd,hset').split(',');
const rounds = Number(flag('rounds', '9'));
const requests = Number(flag('requests', '160000'));
const keyRange = Number(flag('r', '100000'));
const PIPELINE = 16;
const CLIENTS = 50;

/** What Client needs of a net.Socket; writes only count bytes. */
class FakeSocket {
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 50000;
  readonly localAddress = '127.0.0.1';
  readonly localPort = 6379;
  readonly writableLength = 0;
  written = 0;
  onData: ((chunk: Buffer) => void) | undefined;
  setNoDelay(): void {}
  on(event: string, listener: (chunk: Buffer) => void): this {
    if (event === 'data') this.onData = listener;
    return this;
  }
  write(chunk: Buffer): boolean {
    this.written += chunk.length;
    return true;
  }
  cork(): void {}
  uncork(): void {}
  pause(): void {}
  resume(): void {}
  end(): void {}
  destroy(): void {}
}

interface Side {
  readonly label: string;
  readonly sockets: FakeSocket[];
}

async function load(label: string, dist: string): Promise<Side> {
  const imp = (p: string): Promise<Record<string, unknown>> => import(pathToFileURL(path.join(dist, p)).href) as Promise<Record<string, unknown>>;
  const { Config } = (await imp('config/config.js')) as { Config: { fromObject(o: object): unknown } };
  const { Server } = (await imp('server/server.js')) as { Server: new (config: unknown, options: object) => { startLuaRuntime(): Promise<void> } };
  const { Client } = (await imp('server/client.js')) as { Client: new (srv: unknown, socket: unknown, id: number, unix: boolean) => object };
  const config = Config.fromObject({ port: 0, bind: '127.0.0.1', loglevel: 'warning', save: '' });
  const server = new Server(config, { logSink: () => {} });
  // A listening server loads the Lua runtime at start; until it has, every command is checked for needing it.
  await server.startLuaRuntime();
  const sockets: FakeSocket[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const socket = new FakeSocket();
    new Client(server, socket, i + 1, false);
    sockets.push(socket);
  }
  return { label, sockets };
}

let seed = 12345;
function rand(): string {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return String(seed % keyRange).padStart(12, '0');
}

let seed32 = 12345;
/** A 32-bit LCG (Numerical Recipes' constants, exact with Math.imul) over 0..r-1, for ZADD's score and member. */
function randInt(): number {
  seed32 = (Math.imul(seed32, 1664525) + 1013904223) >>> 0;
  return Math.floor((seed32 / 2 ** 32) * keyRange);
}

function zmember(): string {
  return `element:${String(randInt()).padStart(12, '0')}`;
}
let zremTurn = false;
let zremMember = '';

/** redis-benchmark's request for a test, as RESP. */
function requestFor(test: string): string[] {
  switch (test) {
    case 'set': return ['SET', `key:${rand()}`, 'xxx'];
    case 'get': return ['GET', `key:${rand()}`];
    case 'incr': return ['INCR', `counter:${rand()}`];
    case 'lpush': return ['LPUSH', 'mylist', 'xxx'];
    case 'rpush': return ['RPUSH', 'mylist', 'xxx'];
    // Reads what lpush/rpush (run before it in --tests) left in the list, as redis-benchmark's LRANGE_100.
    case 'lrange_100': return ['LRANGE', 'mylist', '0', '99'];
    case 'sadd': return ['SADD', 'myset', `element:${rand()}`];
    case 'hset': return ['HSET', 'myhash', `element:${rand()}`, 'xxx'];
    // Each __rand_int__ of redis-benchmark's ZADD template is drawn on its own: the score and the member.
    // With its own generator: rand()'s LCG loses bits in double arithmetic, and its consecutive pairs
    // (score, member) reach only ~3,100 members; this one grows the set towards 100k as redis-benchmark does.
    case 'zadd': return ['ZADD', 'myzset', String(randInt()), zmember()];
    // Reads and deletes on what zadd (run before them in --tests) left: a ~100k-member skiplist.
    case 'zrank': return ['ZRANK', 'myzset', zmember()];
    case 'zscore': return ['ZSCORE', 'myzset', zmember()];
    case 'zrange_10': {
      const start = randInt();
      return ['ZRANGE', 'myzset', String(start), String(start + 9), 'WITHSCORES'];
    }
    case 'zrangebyscore_10': return ['ZRANGEBYSCORE', 'myzset', `(${randInt()}`, '+inf', 'LIMIT', '0', '10'];
    // ZREM and ZADD of the same member in turn, so the set keeps its size.
    case 'zrem': {
      zremTurn = !zremTurn;
      if (zremTurn) zremMember = zmember();
      return zremTurn ? ['ZREM', 'myzset', zremMember] : ['ZADD', 'myzset', String(randInt()), zremMember];
    }
    // Streams: XADD of two 16-byte values (capped near 10,000 entries), then reads of what it left.
    case 'xadd': return ['XADD', 'mystream', 'MAXLEN', '~', '10000', '*', 'field1', `value:${rand()}`.slice(0, 16), 'field2', `other:${rand()}`.slice(0, 16)];
    case 'xrange_10': return ['XRANGE', 'mystream', '-', '+', 'COUNT', '10'];
    case 'xrange_100': return ['XRANGE', 'mystream', '-', '+', 'COUNT', '100'];
    case 'xrevrange_10': return ['XREVRANGE', 'mystream', '+', '-', 'COUNT', '10'];
    default: throw new Error(`unknown test ${test}`);
  }
}

function resp(argv: readonly string[]): string {
  return `*${argv.length}\r\n${argv.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`;
}

/** One chunk per pipeline of 16 requests. */
function chunks(test: string): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < requests / PIPELINE; i++) {
    let text = '';
    for (let j = 0; j < PIPELINE; j++) text += resp(requestFor(test));
    out.push(Buffer.from(text, 'latin1'));
  }
  return out;
}

const SLICE = 50; // chunks per turn (800 requests)

function timeSlice(side: Side, batch: readonly Buffer[], from: number, to: number): number {
  const start = process.cpuUsage();
  const sockets = side.sockets;
  for (let i = from; i < to; i++) (sockets[i % CLIENTS] as FakeSocket).onData!(batch[i] as Buffer);
  const used = process.cpuUsage(start);
  return (used.user + used.system) * 1000;
}


const a = await load('A', distA);
const b = await load('B', distB);
// --mix-warmup: both sides first run a little of every workload, so the call sites a real server sees
// many commands through (dispatch's handler call, the reply writer) are polymorphic as in the server,
// instead of specialised to the one command a test sends (V8 may then inline it).
if (process.argv.includes('--mix-warmup')) {
  for (const test of ['set', 'get', 'incr', 'lpush', 'rpush', 'sadd', 'hset', 'zadd', 'lrange_100']) {
    const batch = chunks(test).slice(0, 200);
    for (const side of [a, b]) for (let i = 0; i < batch.length; i++) (side.sockets[i % CLIENTS] as FakeSocket).onData!(Buffer.from(batch[i] as Buffer));
  }
}
console.log(`A = ${distA}, B = ${distB}; node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
// Each build gets its own copy of the chunks: the parser hands out views into them.
const ratios = new Map<string, number[]>();
for (const test of tests) {
  const perA: number[] = [];
  const perB: number[] = [];
  const rs: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const order = round % 2 === 0 ? [a, b] : [b, a];
    const ns = new Map<string, number>([['A', 0], ['B', 0]]);
    const batchA = chunks(test);
    const batchB = batchA.map((c) => Buffer.from(c));
    const n = batchA.length;
    for (let from = 0; from < n; from += SLICE) {
      const to = Math.min(n, from + SLICE);
      const sides = (from / SLICE) % 2 === 0 ? order : [order[1] as Side, order[0] as Side];
      for (const side of sides) ns.set(side.label, (ns.get(side.label) as number) + timeSlice(side, side === a ? batchA : batchB, from, to) / requests);
    }
    if (round === 0) continue; // warm-up
    perA.push(ns.get('A') as number);
    perB.push(ns.get('B') as number);
    rs.push((ns.get('A') as number) / (ns.get('B') as number));
  }
  ratios.set(test, rs);
  console.log(`${test}: A ${median(perA).toFixed(0)} ns, B ${median(perB).toFixed(0)} ns per request; A/B median ${median(rs).toFixed(3)} (${rs.map((r) => r.toFixed(2)).join(', ')})`);
}
const geo = Math.exp([...ratios.values()].reduce((s, rs) => s + Math.log(median(rs)), 0) / ratios.size);
console.log(`geomean A/B ${geo.toFixed(3)}`);
process.exit(0);
