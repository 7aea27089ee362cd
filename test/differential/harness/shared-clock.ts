// Both servers on one clock: a real redis-server whose wall clock comes from a file (the LD_PRELOAD shim in
// test/differential/clock/redis-clock-shim.c, compiled here with gcc) and an embedded tsredis whose Clock is
// frozen and moved in step. Active expiry is off on both (DEBUG SET-ACTIVE-EXPIRE 0), so a key whose time
// has passed goes away only when a command touches it, at the same command on both servers.
// Mirrors: redis src/server.c (ustime, mstime, updateCachedTime: the wall clock Redis reads) and
// src/expire.c (expireIfNeeded, the lazy half of expiry).

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startTestServer, type RealRedis, type RunningServer } from '../../helpers/server.js';
import { ReplyConnection } from './connection.js';
import { showReply } from './compare.js';
import { DifferentialRunner, type SequenceClock } from './runner.js';

const SHIM_SOURCE = join(dirname(fileURLToPath(import.meta.url)), '..', 'clock', 'redis-clock-shim.c');
/** The environment variable the shim reads the clock file's path from. */
export const CLOCK_FILE_ENV = 'REDIS_CLOCK_SHIM_FILE';

/** Run a program to completion (async: never spawnSync beside an in-process server). */
function run(program: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${program} ${args.join(' ')} exited with ${String(code)}: ${stderr}`))));
  });
}

/** Compile the shim into `dir`; returns the .so path. */
export async function buildClockShim(dir: string): Promise<string> {
  const out = join(dir, 'redis-clock-shim.so');
  await run('gcc', ['-shared', '-fPIC', '-O2', '-Wall', '-Werror', '-o', out, SHIM_SOURCE]);
  return out;
}

/** The 8-byte clock file the shim maps: little-endian int64 ms since the epoch, 0 = the real clock. */
export class ClockFile {
  private readonly fd: number;
  private readonly buffer = Buffer.alloc(8);

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w+');
    this.set(0);
  }

  set(ms: number): void {
    this.buffer.writeBigInt64LE(BigInt(ms));
    // pwrite into the page the shim has mapped MAP_SHARED: the next clock read in redis-server sees it.
    writeSync(this.fd, this.buffer, 0, 8, 0);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Start redis-server with the shim preloaded and the DEBUG command enabled. */
export async function startShimmedRedis(shim: string, clockFile: string): Promise<RealRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--enable-debug-command', 'yes'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LD_PRELOAD: shim, [CLOCK_FILE_ENV]: clockFile } },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server (with the clock shim) did not start')), 5000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server (with the clock shim) exited with ${String(code)}`)));
  });
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** Both clocks: the shim's file for Redis, the embedded server's Clock for tsredis. */
class SharedClock implements SequenceClock {
  private nowMs = 0;

  constructor(
    private readonly file: ClockFile,
    private readonly tsredis: RunningServer,
  ) {}

  begin(startMs: number): Promise<void> {
    this.nowMs = startMs;
    this.file.set(startMs);
    this.tsredis.clock.freeze();
    this.tsredis.clock.set(startMs);
    return Promise.resolve();
  }

  tick(ms: number): Promise<void> {
    this.nowMs += ms;
    this.file.set(this.nowMs);
    this.tsredis.clock.advance(ms);
    return Promise.resolve();
  }
}

/** A DifferentialRunner whose two servers share a frozen clock, with active expiry off on both. */
export async function startSharedClockRunner(): Promise<DifferentialRunner> {
  const dir = mkdtempSync(join(tmpdir(), 'tsredis-clock-'));
  const shim = await buildClockShim(dir);
  const file = new ClockFile(join(dir, 'clock'));
  const [realRedis, tsredis] = await Promise.all([startShimmedRedis(shim, file.path), startTestServer({ 'enable-debug-command': 'yes' })]);
  for (const port of [realRedis.port, tsredis.port]) {
    const conn = await ReplyConnection.open(port);
    const reply = await conn.request([Buffer.from('DEBUG'), Buffer.from('SET-ACTIVE-EXPIRE'), Buffer.from('0')]);
    conn.close();
    if (reply.kind !== 'reply' || reply.node.type !== '+') throw new Error(`DEBUG SET-ACTIVE-EXPIRE 0 failed: ${showReply(reply)}`);
  }
  const stopBoth: RealRedis = {
    port: realRedis.port,
    stop: async () => {
      await realRedis.stop();
      file.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return DifferentialRunner.over(stopBoth, tsredis, new SharedClock(file, tsredis));
}
