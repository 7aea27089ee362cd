// Crash safety of the AOF with the CLI as users run it (the built dist/cli.js, as in cli.test.ts):
// clients write as fast as they can, the server is killed with SIGKILL mid-stream, and the
// restarted server must hold every write that was acknowledged.
//
// SIGKILL ends the process, not the machine: what write() handed to the kernel survives it. So
// this shows the ordering guarantee (the AOF write happens before the reply leaves) for every
// fsync policy. What fsync adds, surviving a power loss, cannot be shown without pulling the
// plug; aof-fsync.test.ts checks instead that `always` fsyncs before the reply is sent.

import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { ChildProcess } from 'node:child_process';
import { CLI, type CliProcess } from '../helpers/cli-process.js';
import { NO_RETRY, useServerPool } from '../helpers/side-by-side.js';

const WRITERS = 4;
const LOAD_MS = 1_200;

const pool = useServerPool();

function startCli(dir: string, fsync: string): Promise<CliProcess> {
  return pool.cli([
    '--port', '0', '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', fsync,
    '--enable-debug-command', 'yes',
  ]);
}

async function connect(port: number): Promise<Redis> {
  const redis = pool.ioredis(port, { ...NO_RETRY, enableOfflineQueue: false });
  await new Promise((resolve) => redis.once('ready', resolve));
  return redis;
}

interface Acked {
  /** The last INCR reply each writer got, and when. */
  readonly value: number[];
  readonly at: number[];
  /** Every acknowledged INCR reply per writer, with its time (for everysec's window). */
  readonly history: Array<Array<[number, number]>>;
}

/** WRITERS clients INCR their own counter in a tight loop until the connection dies. */
async function writeUntilKilled(port: number, child: ChildProcess): Promise<{ acked: Acked; killedAt: number }> {
  const acked: Acked = { value: Array(WRITERS).fill(0), at: Array(WRITERS).fill(0), history: Array.from({ length: WRITERS }, () => []) };
  const writers = Array.from({ length: WRITERS }, async (_, i) => {
    const redis = await connect(port);
    await redis.set(`big:${i}`, 'x'.repeat(1000)); // make the log grow a little faster than INCRs alone
    for (;;) {
      try {
        const value = await redis.incr(`counter:${i}`);
        acked.value[i] = value;
        acked.at[i] = Date.now();
        acked.history[i]?.push([value, Date.now()]);
      } catch {
        return;
      }
    }
  });
  await new Promise((r) => setTimeout(r, LOAD_MS));
  const killedAt = Date.now();
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
  await Promise.all(writers);
  return { acked, killedAt };
}

describe.runIf(existsSync(CLI))('AOF survives kill -9 under a write load (the CLI as a child process)', () => {
  it('appendfsync always: every acknowledged write is present after the restart', async () => {
    const dir = pool.tempDir('tsredis-aof-crash-');
    const first = await startCli(dir, 'always');
    const { acked } = await writeUntilKilled(first.port, first.child);
    expect(Math.min(...acked.value)).toBeGreaterThan(10);
    const second = await startCli(dir, 'always');
    const redis = await connect(second.port);
    for (let i = 0; i < WRITERS; i++) {
      const recovered = Number(await redis.get(`counter:${i}`));
      // Every acknowledged INCR is there; at most the one in flight at the kill got in unacknowledged.
      expect(recovered).toBeGreaterThanOrEqual(acked.value[i] ?? 0);
      expect(recovered).toBeLessThanOrEqual((acked.value[i] ?? 0) + 1);
    }
  });

  it('appendfsync everysec: at most about a second of acknowledged writes is lost', async () => {
    const dir = pool.tempDir('tsredis-aof-crash-');
    const first = await startCli(dir, 'everysec');
    const { acked, killedAt } = await writeUntilKilled(first.port, first.child);
    const second = await startCli(dir, 'everysec');
    const redis = await connect(second.port);
    for (let i = 0; i < WRITERS; i++) {
      const recovered = Number(await redis.get(`counter:${i}`));
      // Everything acknowledged more than 1.5 s before the kill must be there (1 s of fsync lag,
      // plus margin). After a process kill the kernel still has the rest, so in practice nothing is lost.
      const mustHave = (acked.history[i] ?? []).filter(([, at]) => at < killedAt - 1_500).at(-1)?.[0] ?? 0;
      expect(recovered).toBeGreaterThanOrEqual(mustHave);
      expect(recovered).toBeLessThanOrEqual((acked.value[i] ?? 0) + 1);
    }
  });

  it('kill -9 at 0/20/55/90/100 % of a background rewrite, under writes: the whole dataset and every acknowledged write survive', async () => {
    const dir = pool.tempDir('tsredis-aof-crash-');
    const KEYS = 150_000;
    let cli = await startCli(dir, 'always');
    let redis = await connect(cli.port);
    await redis.call('DEBUG', 'POPULATE', String(KEYS));
    await redis.set('acked', '0');
    let acked = 0;
    for (const [round, fraction] of [0, 0.2, 0.55, 0.9, 1].entries()) {
      // A writer runs through the rewrite: its writes go to the new incr file.
      const writer = await connect(cli.port);
      let stop = false;
      const writing = (async () => {
        while (!stop) {
          try {
            acked = await writer.incr('acked');
          } catch {
            return;
          }
        }
      })();
      expect(await redis.bgrewriteaof()).toBe('Background append only file rewriting started');
      const deadline = Date.now() + 20_000;
      for (;;) {
        const info = await redis.info('persistence');
        const processed = Number(/current_save_keys_processed:(\d+)/.exec(info)?.[1] ?? 0);
        const inProgress = info.includes('aof_rewrite_in_progress:1');
        if (fraction === 0 || (fraction === 1 ? !inProgress : processed >= KEYS * fraction || !inProgress)) break;
        if (Date.now() > deadline) throw new Error(`rewrite did not reach ${fraction}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise<void>((resolve) => {
        cli.child.once('exit', () => resolve());
        cli.child.kill('SIGKILL');
      });
      stop = true;
      await writing;
      cli = await startCli(dir, 'always');
      redis = await connect(cli.port);
      expect(await redis.dbsize(), `round ${round}`).toBe(KEYS + 1);
      expect(await redis.get(`key:${KEYS - 1}`)).toBe(`value:${KEYS - 1}`);
      // Every acknowledged INCR is there (at most the one in flight beyond it).
      const recovered = Number(await redis.get('acked'));
      expect(recovered).toBeGreaterThanOrEqual(acked);
      expect(recovered).toBeLessThanOrEqual(acked + 1);
      acked = recovered;
      expect(readdirSync(join(dir, 'appendonlydir')).filter((name) => name.startsWith('temp-'))).toEqual([]);
    }
  }, 120_000);
});
