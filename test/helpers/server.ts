// Test helpers: start tsredis on a free port, talk to it with raw bytes, start a real Redis.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/index.js';

export type { RunningServer };

/** Start an embedded tsredis on a free loopback port. */
export function startTestServer(options: StartServerOptions = {}): Promise<RunningServer> {
  return startServer({ port: 0, bind: '127.0.0.1', loglevel: 'warning', ...options });
}

/** A raw TCP connection: write bytes, read whatever arrives. For exact-byte assertions. */
export class RawClient {
  private received = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  write(data: string | Buffer): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Wait until at least `bytes` bytes arrived (or the socket closed, or the timeout). */
  readBytes(bytes: number, timeoutMs = 2000): Promise<Buffer> {
    return this.takeWhen(() => this.received.length >= bytes, timeoutMs);
  }

  /** Wait until the received bytes end with `suffix` (e.g. the last expected reply). */
  readUntil(suffix: string | Buffer, timeoutMs = 2000): Promise<Buffer> {
    const end = typeof suffix === 'string' ? Buffer.from(suffix, 'latin1') : suffix;
    return this.takeWhen(() => this.endsWith(end), timeoutMs);
  }

  /** Wait (woken by each chunk) until `done` holds, the socket closed or the timeout; take what arrived. */
  private async takeWhen(done: () => boolean, timeoutMs: number): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (!done() && !this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.take();
  }

  /** Send a command and read until `expected` arrives; returns what arrived as latin1. */
  async roundTrip(data: string | Buffer, expectedSuffix = '\r\n', timeoutMs = 2000): Promise<string> {
    this.write(data);
    return (await this.readUntil(expectedSuffix, timeoutMs)).toString('latin1');
  }

  /** Wait for the server to close the connection. */
  async waitClosed(timeoutMs = 2000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return this.closed;
  }

  private endsWith(end: Buffer): boolean {
    return this.received.length >= end.length && this.received.subarray(this.received.length - end.length).equals(end);
  }

  private take(): Buffer {
    const out = this.received;
    this.received = Buffer.alloc(0);
    return out;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Encode argv as a RESP multibulk request. */
export function resp(...argv: Array<string | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`)];
  for (const arg of argv) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg, 'utf8') : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Is an outside program on PATH? */
export function hasProgram(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/**
 * Suites that need an outside program skip with a loud notice on a developer machine without it,
 * but fail under CI=true, where .ci/run installs it: CI never passes without running them.
 */
export function requireProgram(name: string, installHint: string): boolean {
  if (hasProgram(name)) return true;
  const message = `\n*** ${name} is not installed: these tests need it. Install with: ${installHint} ***\n`;
  if (process.env['CI'] === 'true') throw new Error(message);
  process.stderr.write(message);
  return false;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}

export interface RealRedis {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Start a real redis-server (Debian's 7.0) on a free port, without persistence, in a temporary `dir` of
 * its own (removed when it stops) unless `extraArgs` names one: a replica saves the RDB it receives there,
 * and FLUSHALL or SHUTDOWN with save points write dump.rdb, which must not land in the working directory.
 */
export async function startRealRedis(extraArgs: string[] = []): Promise<RealRedis> {
  const port = await freePort();
  // A later --dir in extraArgs wins (redis-server keeps the last occurrence); the temporary one stays empty.
  const dir = mkdtempSync(join(tmpdir(), 'redis-server-'));
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start')), 5000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return {
    port,
    // Stopping twice is harmless (a test may stop it early, its fixture again at the end).
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** The error text a command fails with (ioredis drops the leading '-'); throws if it succeeds. */
export async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error reply');
}

const RAW_END = '$7\r\n__END__\r\n';

/** The exact bytes of one reply: the command is followed by an ECHO whose reply marks the end. */
export async function rawReply(client: RawClient, ...argv: Array<string | Buffer>): Promise<string> {
  client.write(Buffer.concat([resp(...argv), resp('ECHO', '__END__')]));
  const text = (await client.readUntil(RAW_END)).toString('latin1');
  return text.slice(0, -RAW_END.length);
}

/** One field of an INFO reply (`name:value` lines), or undefined. */
export function infoField(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)\\r?$`, 'm').exec(info)?.[1]?.trim();
}

/** Poll `check` every 20 ms until it holds; throws "timed out waiting for <what>" after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}
