// BGREWRITEAOF in the background: the new base is the dataset as it was at the start, whatever
// is written meanwhile (those writes go to the new incr file, so a restart has both); one
// background writer at a time, with Redis 7.0.15's replies; clients are served while it runs.

import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/index.js';
import type { ConfigInput } from '../../src/config/config.js';
import { rewriteRunning } from '../../src/persistence/aof/aof-control.js';
import { requireProgram } from '../helpers/server.js';
import { useServerPool } from '../helpers/side-by-side.js';
import { dumpDataset, writeMixedDataset } from './persistence-dataset.js';

const pool = useServerPool();
const tempDir = (): string => pool.tempDir('tsredis-aofbg-');

async function start(dir: string, options: ConfigInput = {}): Promise<RunningServer> {
  const server = await startServer(
    { port: 0, bind: '127.0.0.1', dir, appendonly: 'yes', appendfsync: 'everysec', 'enable-debug-command': 'yes', ...options },
    { logSink: () => undefined },
  );
  return pool.adopt(server);
}

const stop = (server: RunningServer): Promise<void> => server.close();

/** What a finished rewrite leaves in appendonlydir: the new base, its incr file, the manifest. */
const FILES_AFTER_REWRITE = ['appendonly.aof.1.base.rdb', 'appendonly.aof.1.incr.aof', 'appendonly.aof.manifest'];

/** Stop `server`, start again on `dir` (with `options`), expect the same dataset back; returns the new server. */
async function restartWithSameData(server: RunningServer, dir: string, options: ConfigInput = {}): Promise<RunningServer> {
  const expected = dumpDataset(server.server);
  await stop(server);
  const restarted = await start(dir, options);
  expect(dumpDataset(restarted.server)).toEqual(expected);
  return restarted;
}

const client = (server: RunningServer): Redis => pool.ioredis(server.port, { maxRetriesPerRequest: 0 });

function infoField(info: string, name: string): string | undefined {
  return new RegExp(`^${name}:(.*)\\r$`, 'm').exec(info)?.[1];
}

/** One random write: in place, replace, delete, rename, move (SWAPDB and FLUSHDB run at fixed points). */
function mutation(rng: () => number, keys: number): Array<string | number> {
  const key = `k:${Math.floor(rng() * keys * 1.1)}`;
  const other = `k:${Math.floor(rng() * keys)}`;
  switch (Math.floor(rng() * 14)) {
    case 0: return ['APPEND', key, 'tail'];
    case 1: return ['SET', key, 'new'];
    case 2: return ['DEL', key];
    case 3: return ['RPUSH', `list:${Math.floor(rng() * 50)}`, 'pushed'];
    case 4: return ['HSET', `hash:${Math.floor(rng() * 50)}`, 'f0', 'changed', 'fnew', 'x'];
    case 5: return ['SADD', `set:${Math.floor(rng() * 50)}`, 'added'];
    case 6: return ['ZINCRBY', `zset:${Math.floor(rng() * 50)}`, 3, 'm1'];
    case 7: return ['RENAME', other, `renamed:${Math.floor(rng() * 1000)}`];
    case 8: return ['PEXPIRE', key, 1_000_000];
    case 9: return ['MOVE', other, 3];
    case 10: return ['INCR', `counter:${Math.floor(rng() * 20)}`];
    case 11: return ['LPOP', `list:${Math.floor(rng() * 50)}`];
    case 12: return ['SREM', `set:${Math.floor(rng() * 50)}`, 'm0'];
    default: return ['SET', `fresh:${Math.floor(rng() * 5000)}`, 'v'];
  }
}

function seeded(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

describe('BGREWRITEAOF runs in the background', () => {
  for (const preamble of ['yes', 'no']) {
    it(`writes during the rewrite are not lost and a restart loads the dataset after them (preamble ${preamble})`, async () => {
      const dir = tempDir();
      let server = await start(dir, { 'aof-use-rdb-preamble': preamble });
      const redis = client(server);
      await redis.call('DEBUG', 'POPULATE', '100000', 'k');
      await writeMixedDataset(redis, 0, 300);
      // Collections created last are written last: in-place writes reach them before the base does.
      const setup = redis.pipeline();
      for (let i = 0; i < 50; i++) {
        setup.rpush(`list:${i}`, 'a', 'b', 'c').hset(`hash:${i}`, 'f0', 'v', 'f1', 'w').sadd(`set:${i}`, 'm0', 'm1');
        setup.zadd(`zset:${i}`, 1, 'm1', 2, 'm2').set(`counter:${i % 20}`, '10');
      }
      await setup.exec();
      expect(await redis.bgrewriteaof()).toBe('Background append only file rewriting started');
      const db3 = client(server);
      await db3.select(3);
      const rng = seeded(preamble === 'yes' ? 7 : 11);
      let duringRewrite = 0;
      let done = false;
      const finished = rewriteRunning(server.server)?.then(() => {
        done = true;
      });
      for (let i = 0; i < 3000; i++) {
        const pipeline = redis.pipeline();
        for (let j = 0; j < 20; j++) pipeline.call(...(mutation(rng, 100000) as [string, ...Array<string | number>]));
        // Whole databases: swapped there and back (db 3 holds the MOVEd keys), one flushed.
        if (i === 2 || i === 5) pipeline.swapdb(0, 3);
        await pipeline.exec();
        if (i === 8) await db3.flushdb();
        if (!done) duringRewrite++;
        if (done && i > 20) break;
      }
      await finished;
      // The writes really ran while the base was being written.
      expect(duringRewrite).toBeGreaterThan(3);
      const info = await redis.info('persistence');
      expect(infoField(info, 'aof_last_bgrewrite_status')).toBe('ok');
      expect(infoField(info, 'aof_rewrite_in_progress')).toBe('0');
      server = await restartWithSameData(server, dir, { 'aof-use-rdb-preamble': preamble });
    }, 60_000);
  }

  it('one background writer at a time, with Redis 7.0.15 replies and INFO fields', async () => {
    const dir = tempDir();
    const server = await start(dir);
    const redis = client(server);
    await redis.call('DEBUG', 'POPULATE', '150000');
    expect(await redis.bgrewriteaof()).toBe('Background append only file rewriting started');
    let info = await redis.info('persistence');
    expect(infoField(info, 'aof_rewrite_in_progress')).toBe('1');
    expect(infoField(info, 'aof_current_rewrite_time_sec')).toBe('0');
    await expect(redis.bgsave()).rejects.toThrow(
      "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.",
    );
    expect(await redis.call('BGSAVE', 'SCHEDULE')).toBe('Background saving scheduled');
    await expect(redis.bgrewriteaof()).rejects.toThrow('ERR Background append only file rewriting already in progress');
    await rewriteRunning(server.server);
    // The scheduled BGSAVE starts from the cron once the rewrite is over.
    const deadline = Date.now() + 5000;
    while (server.server.snapshots.running === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(server.server.snapshots.inProgress).toBe(true);
    info = await redis.info('persistence');
    expect(infoField(info, 'aof_rewrite_in_progress')).toBe('0');
    expect(infoField(info, 'aof_last_rewrite_time_sec')).toMatch(/^\d+$/);
    expect(infoField(info, 'aof_rewrites')).toBe('1');
    // And the other way: BGREWRITEAOF during a BGSAVE is scheduled, then runs.
    await expect(redis.bgsave()).rejects.toThrow('ERR Background save already in progress');
    expect(await redis.bgrewriteaof()).toBe('Background append only file rewriting scheduled');
    expect(infoField(await redis.info('persistence'), 'aof_rewrite_scheduled')).toBe('1');
    await server.server.snapshots.running;
    while (infoField(await redis.info('persistence'), 'aof_rewrites') !== '2' && Date.now() < deadline + 10_000) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await rewriteRunning(server.server);
    info = await redis.info('persistence');
    expect(infoField(info, 'aof_rewrite_scheduled')).toBe('0');
    expect(infoField(info, 'aof_rewrites')).toBe('2');
    expect(infoField(info, 'aof_last_bgrewrite_status')).toBe('ok');
  }, 60_000);

  it('a client keeps getting PING replies while a 200k-key rewrite runs', async () => {
    const dir = tempDir();
    const server = await start(dir, { 'aof-use-rdb-preamble': 'no' });
    const redis = client(server);
    const pinger = client(server);
    await redis.call('DEBUG', 'POPULATE', '200000');
    await pinger.ping();
    let done = false;
    expect(await redis.bgrewriteaof()).toBe('Background append only file rewriting started');
    const finished = rewriteRunning(server.server)?.then(() => {
      done = true;
    });
    // Replies that came back while the base was still being encoded (not only during its fsync).
    let repliesWhileEncoding = 0;
    while (!done) {
      expect(await pinger.ping()).toBe('PONG');
      const progress = server.server.aof?.rewriteProgress;
      if (progress !== undefined && progress[0] < progress[1]) repliesWhileEncoding++;
    }
    await finished;
    expect(repliesWhileEncoding).toBeGreaterThan(5);
  }, 60_000);

  it('CONFIG SET appendonly yes: aof_enabled at once, rewrite in progress, writes meanwhile kept', async () => {
    const dir = tempDir();
    let server = await start(dir, { appendonly: 'no' });
    const redis = client(server);
    await redis.call('DEBUG', 'POPULATE', '100000');
    expect(await redis.config('SET', 'appendonly', 'yes')).toBe('OK');
    const info = await redis.info('persistence');
    expect(infoField(info, 'aof_enabled')).toBe('1');
    expect(infoField(info, 'aof_rewrite_in_progress')).toBe('1');
    // SHUTDOWN would leave no AOF holding the dataset: refused, as Redis does (FORCE exits).
    await expect(redis.call('SHUTDOWN')).rejects.toThrow('ERR Errors trying to SHUTDOWN. Check logs.');
    await redis.set('during', 'enable');
    await redis.del('key:5');
    await rewriteRunning(server.server);
    expect(readdirSync(join(dir, 'appendonlydir')).sort()).toEqual(FILES_AFTER_REWRITE);
    server = await restartWithSameData(server, dir);
    expect(await client(server).get('during')).toBe('enable');
  }, 60_000);

  it('redis-check-aof accepts the directory a background rewrite leaves', async () => {
    if (!requireProgram('redis-check-aof', 'sudo apt-get install -y redis-tools')) return;
    const dir = tempDir();
    const server = await start(dir, { 'aof-use-rdb-preamble': 'no' });
    const redis = client(server);
    await writeMixedDataset(redis, 0, 500);
    await redis.bgrewriteaof();
    await redis.set('after', '1');
    await rewriteRunning(server.server);
    await redis.set('after', '2');
    await stop(server);
    const out = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const child = spawn('redis-check-aof', [join(dir, 'appendonlydir', 'appendonly.aof.manifest')]);
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('exit', (code) => resolve({ code, text }));
    });
    expect(out.text).toContain('is valid');
    expect(out.code).toBe(0);
  }, 30_000);
  it('a failed rewrite keeps the old files and the new incr, reports err, and the next one succeeds', async () => {
    const dir = tempDir();
    let server = await start(dir);
    const redis = client(server);
    await writeMixedDataset(redis, 0, 200);
    // The new base cannot be renamed into place: a directory holds its name.
    const blocker = join(dir, 'appendonlydir', 'appendonly.aof.2.base.rdb');
    mkdirSync(blocker);
    expect(await redis.bgrewriteaof()).toBe('Background append only file rewriting started');
    await redis.set('during', 'failed-rewrite');
    await rewriteRunning(server.server);
    let info = await redis.info('persistence');
    expect(infoField(info, 'aof_last_bgrewrite_status')).toBe('err');
    expect(infoField(info, 'aof_rewrites_consecutive_failures')).toBe('1');
    expect(readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'latin1')).toBe(
      'file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\nfile appendonly.aof.2.incr.aof seq 2 type i\n',
    );
    await redis.set('after', 'failure');
    let expected = dumpDataset(server.server);
    await stop(server);
    server = await start(dir);
    expect(dumpDataset(server.server)).toEqual(expected);
    rmSync(blocker, { recursive: true });
    const again = client(server);
    expect(await again.bgrewriteaof()).toBe('Background append only file rewriting started');
    await rewriteRunning(server.server);
    info = await again.info('persistence');
    expect(infoField(info, 'aof_last_bgrewrite_status')).toBe('ok');
    expect(infoField(info, 'aof_rewrites_consecutive_failures')).toBe('0');
    expected = dumpDataset(server.server);
    await stop(server);
    server = await start(dir);
    expect(dumpDataset(server.server)).toEqual(expected);
  }, 30_000);

  it('BGREWRITEAOF that cannot start replies Redis 7.0.15\'s error', async () => {
    const dir = tempDir();
    const server = await start(dir, { appendonly: 'no' });
    writeFileSync(join(dir, 'appendonlydir'), 'not a directory');
    await expect(client(server).bgrewriteaof()).rejects.toThrow(
      "ERR Can't execute an AOF background rewriting. Please check the server logs for more information.",
    );
    expect(infoField(await client(server).info('persistence'), 'aof_last_bgrewrite_status')).toBe('err');
  });
  it('CONFIG SET appendonly yes whose rewrite fails keeps logging, retries, backs off after three failures', async () => {
    const dir = tempDir();
    let server = await start(dir, { appendonly: 'no' });
    const redis = client(server);
    await writeMixedDataset(redis, 0, 100);
    const blocker = join(dir, 'appendonlydir', 'appendonly.aof.1.base.rdb');
    mkdirSync(blocker, { recursive: true });
    expect(await redis.config('SET', 'appendonly', 'yes')).toBe('OK');
    await redis.set('while', 'failing');
    // The cron retries at once, twice more, then waits (aofRewriteLimited).
    const deadline = Date.now() + 10_000;
    let info = '';
    while (Date.now() < deadline) {
      info = await redis.info('persistence');
      if (infoField(info, 'aof_rewrites_consecutive_failures') === '3' && infoField(info, 'aof_rewrite_in_progress') === '0') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(infoField(info, 'aof_rewrites_consecutive_failures')).toBe('3');
    expect(infoField(info, 'aof_last_bgrewrite_status')).toBe('err');
    expect(infoField(info, 'aof_enabled')).toBe('1');
    await new Promise((r) => setTimeout(r, 300));
    expect(infoField(await redis.info('persistence'), 'aof_rewrites_consecutive_failures')).toBe('3');
    rmSync(blocker, { recursive: true });
    // BGREWRITEAOF is not held back by the limit.
    expect(await redis.bgrewriteaof()).toBe('Background append only file rewriting started');
    await redis.set('during', 'retry');
    await rewriteRunning(server.server);
    expect(infoField(await redis.info('persistence'), 'aof_last_bgrewrite_status')).toBe('ok');
    expect(readdirSync(join(dir, 'appendonlydir')).sort()).toEqual(FILES_AFTER_REWRITE);
    server = await restartWithSameData(server, dir);
    expect(await client(server).get('while')).toBe('failing');
  }, 30_000);
  it('CONFIG SET appendonly yes during a BGSAVE waits for it (aof_rewrite_scheduled), writes meanwhile are in the base', async () => {
    const dir = tempDir();
    let server = await start(dir, { appendonly: 'no' });
    const redis = client(server);
    await redis.call('DEBUG', 'POPULATE', '150000');
    expect(await redis.bgsave()).toBe('Background saving started');
    expect(await redis.config('SET', 'appendonly', 'yes')).toBe('OK');
    const info = await redis.info('persistence');
    expect(infoField(info, 'aof_enabled')).toBe('1');
    expect(infoField(info, 'aof_rewrite_in_progress')).toBe('0');
    expect(infoField(info, 'aof_rewrite_scheduled')).toBe('1');
    await redis.set('before', 'rewrite');
    await server.server.snapshots.running;
    const deadline = Date.now() + 5000;
    while (rewriteRunning(server.server) === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await redis.set('during', 'rewrite');
    await rewriteRunning(server.server);
    await redis.set('after', 'rewrite');
    expect(infoField(await redis.info('persistence'), 'aof_rewrite_scheduled')).toBe('0');
    server = await restartWithSameData(server, dir);
  }, 30_000);
});
