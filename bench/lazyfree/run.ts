// Lazy free: how long does removing one huge collection stall other clients, tsredis against Redis?
// Run: npm run bench:lazyfree -- [--elements N] [--types set,hash,zset,list]
// Results: printed as Markdown; bench/results/lazyfree-<date>.md holds a recorded run.
//
// For each server (tsredis's CLI and redis-server, each pinned to core 0 with taskset, same flags) and
// each way of removing (DEL, UNLINK, FLUSHALL, FLUSHALL ASYNC): fill one key with N elements (default
// 10 million) by pipelined commands of 1,000 elements, let the server settle, then start a prober on
// its own connection (a PING every millisecond, recording each round trip), send the removal on
// another connection, and keep probing for 3 s more, long enough to catch a garbage-collection pause
// that the removal provokes later. Reported: the removal's own round trip and the worst PING round
// trip, i.e. the longest time any other client waited.

import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { RespConnection, encodeCommand } from '../lib/resp.js';
import { startServer, type RunningServer, type ServerKind } from '../lib/servers.js';

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : (process.argv[at + 1] ?? fallback);
};
const ELEMENTS = Number(arg('elements', '10000000'));
const TYPES = arg('types', 'set,hash,zset,list').split(',') as Array<'set' | 'hash' | 'zset' | 'list'>;
const WAYS = ['DEL', 'UNLINK', 'FLUSHALL', 'FLUSHALL ASYNC'] as const;
const BATCH = 1000;
const PROBE_AFTER_MS = 3000;

/** Pipelined fill: write every command, then read until all replies arrived. */
async function fill(port: number, type: string, key: string): Promise<void> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  await new Promise((resolve) => socket.once('connect', resolve));
  const commands = Math.ceil(ELEMENTS / BATCH);
  let replies = 0;
  const done = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 0x0a) replies++;
      if (replies >= commands) resolve();
    });
  });
  for (let c = 0; c < commands; c++) {
    const members = Array.from({ length: Math.min(BATCH, ELEMENTS - c * BATCH) }, (_, i) => `m:${c * BATCH + i}`);
    const argv = type === 'set' ? ['SADD', key, ...members]
      : type === 'hash' ? ['HSET', key, ...members.flatMap((m) => [m, 'v'])]
      : type === 'zset' ? ['ZADD', key, ...members.flatMap((m, i) => [String(c * BATCH + i), m])]
      : ['RPUSH', key, ...members];
    if (!socket.write(encodeCommand(argv))) await new Promise((resolve) => socket.once('drain', resolve));
  }
  await done;
  socket.destroy();
}

/** PING every millisecond until stopped; returns the round trips in ms. */
async function probe(port: number, stop: Promise<void>): Promise<number[]> {
  const conn = await RespConnection.connect(port);
  const samples: number[] = [];
  let stopped = false;
  void stop.then(() => (stopped = true));
  while (!stopped) {
    const start = performance.now();
    await conn.call('PING');
    samples.push(performance.now() - start);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  conn.close();
  return samples;
}

async function measure(server: RunningServer, type: string, way: string): Promise<{ removeMs: number; worstPingMs: number }> {
  await fill(server.port, type, 'big');
  await new Promise((resolve) => setTimeout(resolve, 500));
  let release!: () => void;
  const stop = new Promise<void>((resolve) => (release = resolve));
  const probing = probe(server.port, stop);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const conn = await RespConnection.connect(server.port);
  const start = performance.now();
  await conn.call(...(way === 'FLUSHALL ASYNC' ? ['FLUSHALL', 'ASYNC'] : way === 'FLUSHALL' ? ['FLUSHALL'] : [way, 'big']));
  const removeMs = performance.now() - start;
  conn.close();
  await new Promise((resolve) => setTimeout(resolve, PROBE_AFTER_MS));
  release();
  const samples = await probing;
  return { removeMs, worstPingMs: Math.max(...samples) };
}

async function main(): Promise<void> {
  execFileSync('npm', ['run', 'build'], { stdio: 'ignore' });
  const rows: string[] = [];
  for (const type of TYPES) {
    for (const way of WAYS) {
      const cells: string[] = [];
      for (const kind of ['tsredis', 'redis'] as ServerKind[]) {
        const server = await startServer(kind, { cpus: '0' });
        try {
          const { removeMs, worstPingMs } = await measure(server, type, way);
          cells.push(`${removeMs.toFixed(1)} / ${worstPingMs.toFixed(1)}`);
          process.stderr.write(`${type} ${way} ${kind}: ${removeMs.toFixed(1)} ms, worst PING ${worstPingMs.toFixed(1)} ms\n`);
        } finally {
          await server.stop();
        }
      }
      rows.push(`| ${type} | ${way} | ${cells.join(' | ')} |`);
    }
  }
  process.stdout.write(
    [
      `Removing one collection of ${ELEMENTS.toLocaleString('en-US')} elements; each cell: the removal's round trip / the worst PING round trip of another client during it and the 3 s after, in ms.`,
      '',
      '| Type | Removal | tsredis | redis-server 7.0 |',
      '| --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
}

await main();
