// Starting and stopping the two servers under test, each pinned to one CPU core with taskset.
//
// Both get the same persistence flags (`--save '' --appendonly no`) so neither writes to disk while
// being measured. taskset execs the server in place, so the child's pid IS the server's pid (what
// /proc/<pid>/status is read from for memory numbers).

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type ServerKind = 'tsredis' | 'redis';

export interface RunningServer {
  readonly kind: ServerKind;
  readonly port: number;
  readonly pid: number;
  /** The exact command line, for the report. */
  readonly commandLine: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** CPU list for taskset (`0`, `0,1`); the benchmark pins servers to core 0. */
  readonly cpus: string;
  /** Extra arguments for node before the script (e.g. `--cpu-prof`); tsredis only. */
  readonly nodeArgs?: readonly string[];
  /** Working directory (the CPU profile lands here); defaults to a fresh temporary directory. */
  readonly cwd?: string;
  /** tsredis only: the build to run, default the repository's dist/ (bench/e2e/ab.ts compares two builds). */
  readonly distDir?: string;
}

/** The repository root (bench/lib/ is two levels down). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const PERSISTENCE_FLAGS = ['--save', '', '--appendonly', 'no'] as const;
const READY_TIMEOUT_MS = 20_000;

/** A TCP port that was free a moment ago (bind port 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Shell-style quoting for showing a command line in the report. */
export function shellQuote(args: readonly string[]): string {
  return args.map((a) => (a === '' ? "''" : /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ');
}

export async function startServer(kind: ServerKind, options: StartOptions): Promise<RunningServer> {
  const port = await freePort();
  const tmp = options.cwd ?? mkdtempSync(path.join(os.tmpdir(), `bench-${kind}-`));
  let args: string[];
  let ready: RegExp;
  if (kind === 'tsredis') {
    const cli = path.join(options.distDir ?? path.join(REPO_ROOT, 'dist'), 'cli.js');
    args = ['-c', options.cpus, process.execPath, ...(options.nodeArgs ?? []), cli, '--port', String(port), ...PERSISTENCE_FLAGS];
    ready = /^listening on \S+:(\d+)$/m;
  } else {
    args = ['-c', options.cpus, 'redis-server', '--port', String(port), ...PERSISTENCE_FLAGS];
    ready = /Ready to accept connections/;
  }
  const child = spawn('taskset', args, { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  const commandLine = shellQuote(['taskset', ...args.map((a) => (a === process.execPath ? 'node' : a))]).replace(
    path.join(REPO_ROOT, 'dist', 'cli.js'),
    'dist/cli.js',
  );
  await waitForReady(child, kind, ready, port);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${kind}: no pid`);
  return {
    kind,
    port,
    pid,
    commandLine,
    stop: async () => {
      await stopChild(child);
      if (options.cwd === undefined) rmSync(tmp, { recursive: true, force: true });
    },
  };
}

function waitForReady(child: ChildProcess, kind: ServerKind, ready: RegExp, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`${kind} did not become ready in ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = ready.exec(output);
      if (match === null) return;
      if (match[1] !== undefined && Number(match[1]) !== port) {
        fail(new Error(`${kind} listens on ${match[1]}, expected ${port}`));
        return;
      }
      cleanup();
      // Keep draining the pipes so a chatty server never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
      resolve();
    };
    const onExit = (code: number | null): void => fail(new Error(`${kind} exited (${code}) before ready:\n${output}`));
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    const fail = (err: Error): void => {
      cleanup();
      child.kill('SIGKILL');
      reject(err);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** SIGINT (both servers shut down cleanly on it, and node writes its --cpu-prof file), then SIGKILL. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}

/** Resident set size of a process in bytes, from /proc/<pid>/status (VmRSS, or VmHWM for the peak). */
export function readRss(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (match?.[1] === undefined) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/**
 * CPU time a process has used so far, all threads together, in nanoseconds: the sum of the first
 * field of /proc/<pid>/task/<tid>/schedstat (time on a CPU). Unlike wall-clock throughput it hardly
 * depends on how many other jobs share the machine, which makes it the steadier measure on a loaded
 * box. Falls back to utime + stime from /proc/<pid>/stat (10 ms resolution) without schedstat.
 */
export function cpuTimeNs(pid: number): number {
  try {
    let total = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // the thread ended between readdir and read
      }
    }
    if (total > 0) return total;
  } catch {
    // no schedstat (kernel without CONFIG_SCHEDSTATS): fall through
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at ')'; utime and stime are the
  // 14th and 15th fields overall, in clock ticks (USER_HZ, 100 per second on Linux).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10_000_000;
}
