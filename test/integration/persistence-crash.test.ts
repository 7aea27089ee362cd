// Crash safety of snapshots, with the CLI as users run it (the built dist/cli.js, as in
// cli.test.ts): write a new generation of the dataset, BGSAVE, kill -9 at a random point of the
// save (right away, while keys are being written, while the file is being finished). After a
// restart the dataset is exactly the previous snapshot or the new one, never a mix and never a
// broken file: the temp file only replaces dump.rdb by rename once it is complete and fsynced.
// TTLs come back as the same absolute times. Also: SIGTERM saves when save points are set.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { beforeEach, describe, expect, it } from 'vitest';
import { hasProgram } from '../helpers/server.js';
import { kill9, type CliProcess } from '../helpers/cli-process.js';
import { useServerPool } from '../helpers/side-by-side.js';

const KEYS = 30_000;
const VALUE_PAD = 'p'.repeat(120);

let dir: string;
const pool = useServerPool();

beforeEach(() => {
  dir = pool.tempDir('tsredis-crash-');
});

interface Cli extends CliProcess {
  readonly redis: Redis;
}

/** Start the CLI on `dir` and connect; rejects with its output if it exits first (a broken file). */
async function startCli(extra: string[] = []): Promise<Cli> {
  const cli = await pool.cli(['--port', '0', '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--enable-debug-command', 'yes', ...extra]);
  return { ...cli, redis: pool.ioredis(cli.port, { maxRetriesPerRequest: 0 }) };
}

/** The TTL'd key's absolute expiry for generation `gen` (an hour or more ahead, fixed per gen). */
const expiryOf = (base: number, gen: number): number => base + 3_600_000 + gen * 1_000;

/** Overwrite every key with generation `gen`'s value, and the TTL key with its expiry. */
async function writeGeneration(redis: Redis, gen: number, base: number): Promise<void> {
  for (let start = 0; start < KEYS; start += 1_000) {
    const args: string[] = [];
    for (let i = start; i < start + 1_000; i++) args.push(`k:${i}`, `g${gen}:${i}:${VALUE_PAD}`);
    await redis.mset(...args);
  }
  await redis.set('ttl', `g${gen}`);
  await redis.pexpireat('ttl', expiryOf(base, gen));
}

/** Which generation the server holds: every key must agree, and the TTL must be its exact one. */
async function generationOf(redis: Redis, base: number): Promise<number | 'empty'> {
  const size = await redis.dbsize();
  if (size === 0) return 'empty';
  expect(size).toBe(KEYS + 1);
  const ttlValue = (await redis.get('ttl')) ?? '';
  const gen = Number(ttlValue.slice(1));
  expect(await redis.pexpiretime('ttl')).toBe(expiryOf(base, gen));
  for (let start = 0; start < KEYS; start += 2_000) {
    const keys = Array.from({ length: 2_000 }, (_, j) => `k:${start + j}`);
    const values = await redis.mget(...keys);
    values.forEach((value, j) => {
      if (value !== `g${gen}:${start + j}:${VALUE_PAD}`) throw new Error(`k:${start + j} is ${value?.slice(0, 20)}, expected generation ${gen}`);
    });
  }
  return gen;
}

async function saveInfo(redis: Redis): Promise<{ inProgress: boolean; processed: number; total: number }> {
  const info = await redis.info('persistence');
  const field = (name: string): number => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? '0');
  return { inProgress: field('rdb_bgsave_in_progress') === 1, processed: field('current_save_keys_processed'), total: field('current_save_keys_total') };
}

describe('snapshots survive kill -9 (the CLI as a child process)', () => {
  it('after kill -9 at random points of a BGSAVE the restarted server holds exactly the old or the new snapshot', async () => {
    const base = Date.now();
    let cli = await startCli();
    await writeGeneration(cli.redis, 1, base);
    expect(await cli.redis.save()).toBe('OK');
    let saved = 1;
    // Where to kill: right after the reply, at fractions of the keys written, once the keys are
    // all written (finishing, fsync, rename), and after the save completed.
    const killPoints = [0, 0.2, 0.55, 0.9, 1, 2];
    let outcomes = { old: 0, new: 0 };
    for (let round = 0; round < killPoints.length; round++) {
      const gen = round + 2;
      await writeGeneration(cli.redis, gen, base);
      expect(await cli.redis.bgsave()).toBe('Background saving started');
      const point = killPoints[round] as number;
      if (point === 2) {
        while ((await saveInfo(cli.redis)).inProgress) await new Promise((r) => setTimeout(r, 5));
      } else if (point > 0) {
        for (;;) {
          const s = await saveInfo(cli.redis);
          if (!s.inProgress || s.processed >= point * s.total) break;
        }
      }
      await kill9(cli.child);
      if (hasProgram('redis-check-rdb')) {
        const check = spawnSync('redis-check-rdb', [join(dir, 'dump.rdb')], { encoding: 'utf8' });
        expect(check.status, check.stdout).toBe(0);
      }
      cli = await startCli();
      const found = await generationOf(cli.redis, base);
      expect([saved, gen]).toContain(found);
      if (found === gen) outcomes = { ...outcomes, new: outcomes.new + 1 };
      else outcomes = { ...outcomes, old: outcomes.old + 1 };
      saved = found as number;
    }
    // Killed at once, the old file stays; after completion, the new one is there.
    expect(outcomes.old).toBeGreaterThan(0);
    expect(outcomes.new).toBeGreaterThan(0);
    await kill9(cli.child);
  });

  it('SIGTERM with save points writes the dataset before exiting, and the next start loads it', async () => {
    const cli = await startCli(['--save', '3600', '1']);
    await cli.redis.rpush('list', 'a', 'b');
    await cli.redis.set('ttl', 'x');
    const when = Date.now() + 7_200_000;
    await cli.redis.pexpireat('ttl', when);
    const exited = new Promise<number | null>((resolve) => cli.child.once('exit', (code) => resolve(code)));
    cli.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(cli.output()).toContain('Saving the final RDB snapshot before exiting.');
    expect(existsSync(join(dir, 'dump.rdb'))).toBe(true);
    const next = await startCli();
    expect(await next.redis.lrange('list', 0, -1)).toEqual(['a', 'b']);
    expect(await next.redis.pexpiretime('ttl')).toBe(when);
    expect(next.output()).toContain('Done loading RDB, keys loaded: 2, keys expired: 0.');
  });

  it('SIGTERM does not exit when the final save fails; SHUTDOWN NOSAVE then does', async () => {
    const cli = await startCli(['--save', '3600', '1', '--enable-protected-configs', 'yes']);
    const gone = join(dir, 'gone');
    mkdirSync(gone);
    await cli.redis.config('SET', 'dir', gone);
    rmSync(gone, { recursive: true });
    await cli.redis.set('k', 'v');
    cli.child.kill('SIGTERM');
    for (let i = 0; i < 100 && !cli.output().includes('SIGTERM received but errors'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(cli.output()).toContain("Error trying to save the DB, can't exit.");
    expect(cli.output()).toContain('SIGTERM received but errors trying to shut down the server, check the logs for more information');
    expect(await cli.redis.ping()).toBe('PONG');
    const exited = new Promise<number | null>((resolve) => cli.child.once('exit', (code) => resolve(code)));
    await cli.redis.shutdown('NOSAVE').catch(() => undefined);
    expect(await exited).toBe(0);
  });

  it('a corrupt dump.rdb stops the start-up with exit status 1', async () => {
    const cli = await startCli();
    await cli.redis.set('k', 'v');
    await cli.redis.save();
    await kill9(cli.child);
    const file = join(dir, 'dump.rdb');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 5));
    await expect(startCli()).rejects.toThrow(/exited with 1/);
  });
});
