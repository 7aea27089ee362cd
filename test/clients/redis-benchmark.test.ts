// redis-benchmark (Debian's redis-tools 7.0) against tsredis: every default test runs to the end
// with no error reply. The numbers are not asserted (speed is measured in bench/, never in tests).

import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { requireProgram } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';

const available = requireProgram('redis-benchmark', 'apt-get install -y redis-tools');
const ours = useTsredis({ raw: false, when: available });

/** The default test list of redis-benchmark 7.0, as its -q summary names them. */
const DEFAULT_TESTS = [
  'PING_INLINE', 'PING_MBULK', 'SET', 'GET', 'INCR', 'LPUSH', 'RPUSH', 'LPOP', 'RPOP', 'SADD', 'HSET', 'SPOP', 'ZADD',
  'ZPOPMIN', 'LPUSH (needed to benchmark LRANGE)', 'LRANGE_100 (first 100 elements)', 'LRANGE_300 (first 300 elements)',
  'LRANGE_500 (first 500 elements)', 'LRANGE_600 (first 600 elements)', 'MSET (10 keys)',
];

/** Async spawn: the server under test shares this process's event loop. */
function runBenchmark(args: string[]): Promise<{ output: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-benchmark', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('latin1').on('data', (c: string) => (output += c));
    child.stderr.setEncoding('latin1').on('data', (c: string) => (output += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ output, code });
    });
  });
}

describe.runIf(available)('redis-benchmark', () => {
  it('-q runs every default test against tsredis with no error', async () => {
    const { output, code } = await runBenchmark(['-p', String(ours.port), '-q', '-n', '2000', '-c', '10']);
    expect(code, output).toBe(0);
    // Each test ends with its own summary line ("SET: 40816.33 requests per second, p50=...").
    const summaries = output.split(/[\r\n]/).filter((line) => line.includes('requests per second')).map((line) => line.trim().split(':')[0]);
    expect(summaries).toEqual(DEFAULT_TESTS);
    expect(output).not.toMatch(/error/i);
  }, 70_000);

  it('reports the error when the server refuses a command', async () => {
    // The check above can fail: redis-benchmark prints the server's error text.
    const { output } = await runBenchmark(['-p', String(ours.port), '-q', '-n', '10', 'NOSUCHCOMMAND']);
    expect(output).toMatch(/ERR unknown command/);
  }, 30_000);
});
