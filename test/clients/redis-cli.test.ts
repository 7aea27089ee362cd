// redis-cli (Debian's redis-tools 7.0) against tsredis, as a person or a script would run it.

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireProgram, startTestServer } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';

const available = requireProgram('redis-cli', 'apt-get install -y redis-tools');

const ours = useTsredis({ raw: false, when: available });

interface CliResult {
  stdout: string;
  stderr: string;
  status: number | null;
}

/**
 * Run redis-cli asynchronously: the server under test lives in this process, so a synchronous
 * spawn would block the very event loop that has to answer it.
 */
function run(args: string[], input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-cli', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('latin1').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('latin1').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, status });
    });
    child.stdin.end(input ?? '');
  });
}

function cli(args: string[], input?: string): Promise<CliResult> {
  return run(['-p', String(ours.port), ...args], input);
}

describe.skipIf(!available)('redis-cli', () => {
  it('runs a command and prints the reply', async () => {
    expect((await cli(['PING'])).stdout).toBe('PONG\n');
    expect((await cli(['ECHO', 'hello world'])).stdout).toBe('hello world\n');
  });

  it('--no-raw quotes strings and shows types like a terminal session', async () => {
    expect((await cli(['--no-raw', 'ECHO', 'x'])).stdout).toBe('"x"\n');
    expect((await cli(['--no-raw', 'SELECT', '2'])).stdout).toBe('OK\n');
    expect((await cli(['--no-raw', 'FOO'])).stdout).toBe("(error) ERR unknown command 'FOO', with args beginning with: \n");
  });

  it('-n selects a database', async () => {
    expect((await cli(['-n', '3', 'PING'])).stdout).toBe('PONG\n');
    expect((await cli(['-n', '99', 'PING'])).stderr + (await cli(['-n', '99', 'PING'])).stdout).toMatch(/DB index is out of range/);
  });

  it('-3 speaks RESP3', async () => {
    const out = (await cli(['-3', 'HELLO'])).stdout;
    expect(out).toMatch(/^proto 3$/m);
  });

  it('reads commands from stdin, one per line, with quoting', async () => {
    const out = (await cli([], 'ECHO "a b"\nECHO \'c d\'\nPING\n')).stdout;
    expect(out).toBe('a b\nc d\nPONG\n');
  });

  it('starts interactively without errors (it loads COMMAND DOCS for its hints)', async () => {
    const out = await cli(['--no-raw'], 'PING\n');
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe('PONG\n');
  });

  it('--pipe mass-inserts 100,000 commands with 0 errors', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) lines.push(`*2\r\n$4\r\nECHO\r\n$${String(i).length}\r\n${i}\r\n`);
    const result = await cli(['--pipe'], lines.join(''));
    expect(result.stdout).toMatch(/errors: 0, replies: 100000/);
    expect(result.status).toBe(0);
  });

  it('--scan --pattern walks the keyspace with SCAN and prints every matching key once', async () => {
    const names = Array.from({ length: 250 }, (_, i) => `scan:${i}`);
    await cli(['-n', '5', 'FLUSHDB']);
    await cli(['-n', '5', 'MSET', ...names.flatMap((n) => [n, '1']), 'other', '1']);
    const out = await cli(['-n', '5', '--scan', '--pattern', 'scan:*']);
    expect(out.stdout.trim().split('\n').sort()).toEqual([...names].sort());
    await cli(['-n', '5', 'FLUSHDB']);
  });

  it('--eval runs a script file with keys and arguments split by a comma', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tsredis-eval-')), 'incr.lua');
    writeFileSync(file, "redis.call('SET', KEYS[1], ARGV[1])\nreturn {KEYS[1], redis.call('INCRBY', KEYS[1], ARGV[2])}\n");
    const out = await cli(['--eval', file, 'counter', ',', '10', '5']);
    expect(out.stdout).toBe('counter\n15\n');
    const bad = await cli(['--eval', file, 'counter', ',', 'x', '1']);
    expect(bad.stdout).toMatch(/ERR value is not an integer or out of range/);
  });

  it('authenticates with -a and is refused with a wrong password', async () => {
    const secured = await startTestServer({ requirepass: 'pw' });
    try {
      const ok = await run(['-p', String(secured.port), '-a', 'pw', '--no-auth-warning', 'PING']);
      expect(ok.stdout).toBe('PONG\n');
      const bad = await run(['-p', String(secured.port), '-a', 'nope', '--no-auth-warning', 'PING']);
      expect(bad.stdout + bad.stderr).toMatch(/WRONGPASS|NOAUTH/);
    } finally {
      await secured.close();
    }
  });

  it('connects over a unix socket (-s)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tsredis-sock-')), 'redis.sock');
    const unix = await startTestServer({ port: 0, unixsocket: path, unixsocketperm: '700' });
    try {
      const out = await run(['-s', path, 'PING']);
      expect(out.stdout).toBe('PONG\n');
    } finally {
      await unix.close();
    }
  });
});
