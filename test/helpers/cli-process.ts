// The tsredis-server command line as users run it: the built dist/cli.js (npm test builds first) in
// a child process, ready once it prints its machine-readable `listening on 127.0.0.1:<port>` line.
// Spawned asynchronously: an embedded server may share this process's event loop.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** The built command line. */
export const CLI = join(import.meta.dirname, '../../dist/cli.js');

/** A running CLI: its process, the port it listens on, and everything it printed so far. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: () => string;
}

/**
 * Spawn the CLI with `args` (in `cwd`) and wait for its ready line; rejects with its output if it
 * exits first (a bad directive, a broken data file) or prints nothing ready within `timeoutMs`.
 * `onSpawn` gets the process at once, so the caller can kill it whatever happens.
 */
export function spawnCli(
  args: readonly string[], options: { cwd?: string; timeoutMs?: number; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<CliProcess> {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  options.onSpawn?.(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line; output:\n${out}`)), options.timeoutMs ?? 15_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (match !== null) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code ?? signal}:\n${out}`));
    });
  });
}

/** Kill `child` with SIGKILL unless it has already exited; resolves once it has. */
export function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
