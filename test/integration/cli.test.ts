// The tsredis-server command line, run as users run it: the built dist/cli.js (npm test builds
// first), redis.conf syntax, --directive arguments, the ready line, errors and signals.

import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { CLI, type CliProcess } from '../helpers/cli-process.js';
import { useServerPool } from '../helpers/side-by-side.js';

const pool = useServerPool();

/**
 * Each CLI runs in its own temporary directory: with Redis's default save points it writes dump.rdb
 * to its working directory on SIGTERM, as redis-server does, and a later server started there loads it.
 */
const runDir = (): string => pool.tempDir('tsredis-cli-');

/** Spawn the CLI and wait for its machine-readable ready line. */
function startCli(args: string[]): Promise<CliProcess> {
  return pool.cli(args, { cwd: runDir(), timeoutMs: 10_000 });
}

function runToExit(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = pool.adoptProcess(spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: runDir() }));
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('tsredis-server', () => {
  it('--port 0 picks a free port and prints a ready line', async () => {
    const { port } = await startCli(['--port', '0', '--bind', '127.0.0.1']);
    expect(port).toBeGreaterThan(0);
    const client = new Redis({ port });
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
  });

  it('reads a redis.conf file, then lets --directives override it', async () => {
    const dir = runDir();
    const conf = join(dir, 'redis.conf');
    writeFileSync(conf, '# test config\nport 0\nbind 127.0.0.1\nrequirepass "from file"\ndatabases 4\n');
    const { port } = await startCli([conf, '--requirepass', 'override']);
    const client = new Redis({ port, password: 'override' });
    expect(await client.ping()).toBe('PONG');
    await expect(client.select(4)).rejects.toThrow('ERR DB index is out of range');
    client.disconnect();
  });

  it('an unknown directive is an error with exit status 1', async () => {
    const { code, output } = await runToExit(['--port', '0', '--no-such-directive', 'x']);
    expect(code).toBe(1);
    expect(output).toMatch(/no-such-directive/);
    expect(output).toMatch(/Bad directive or wrong number of arguments/);
  });

  it('a malformed value is an error with exit status 1', async () => {
    const { code, output } = await runToExit(['--port', 'abc']);
    expect(code).toBe(1);
    expect(output).toMatch(/port/);
  });

  it('SIGTERM shuts down cleanly with exit status 0', async () => {
    const { child } = await startCli(['--port', '0', '--bind', '127.0.0.1']);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('SIGTERM exits even while an idle client keeps its connection open', async () => {
    const { child, port } = await startCli(['--port', '0', '--bind', '127.0.0.1']);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // allowHalfOpen: like an idle pooled connection, this socket never closes its side by itself.
    const idle = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    idle.on('error', () => undefined);
    idle.on('data', () => undefined);
    await new Promise<void>((resolve) => idle.once('connect', () => resolve()));
    idle.write('PING\r\n');
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    idle.destroy();
  });

  it('SHUTDOWN from a client stops the process', async () => {
    const { child, port } = await startCli(['--port', '0', '--bind', '127.0.0.1']);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const client = new Redis({ port, retryStrategy: () => null });
    client.on('error', () => undefined);
    await client.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
    expect(await exited).toBe(0);
    client.disconnect();
  });

  it('--version prints the version', async () => {
    const { code, output } = await runToExit(['--version']);
    expect(code).toBe(0);
    expect(output).toMatch(/^tsredis-server v=\d+\.\d+\.\d+ redis_version=7\.0\.15/);
  });
});
