// The AOF directory is interchangeable with redis-server 7.0.15's: ours loads in Redis, Redis's
// loads in ours, and redis-check-aof accepts our manifest and files.

import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startServer, type RunningServer } from '../../src/index.js';
import { requireProgram, type RealRedis } from '../helpers/server.js';
import { useServerPool } from '../helpers/side-by-side.js';
import { writeMixedDataset } from './persistence-dataset.js';
import { rewriteRunning } from '../../src/persistence/aof/aof-control.js';

const HINT = 'sudo apt-get install -y redis-server redis-tools';
const haveRedis = requireProgram('redis-server', HINT) && requireProgram('redis-check-aof', HINT);

const pool = useServerPool();
const tempDir = (): string => pool.tempDir('tsredis-aof-redis-');
const connect = (port: number): Redis => pool.ioredis(port, { maxRetriesPerRequest: 0 });

async function startOurs(dir: string, extra: Record<string, string> = {}): Promise<RunningServer> {
  mkdirSync(pool.adoptDir(dir), { recursive: true });
  return pool.adopt(await startServer(
    { port: 0, bind: '127.0.0.1', dir, appendonly: 'yes', appendfsync: 'always', ...extra },
    { logSink: () => {} },
  ));
}

const startTheirs = (dir: string): Promise<RealRedis> => pool.realRedis(['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir]);

/** Every key of every database with its type, value and absolute expiry, read through a client. */
async function snapshot(redis: Redis): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const hex = (v: unknown): string => (v as Buffer).toString('hex');
  for (let db = 0; db < 16; db++) {
    await redis.select(db);
    const keys = ((await redis.callBuffer('KEYS', '*')) as Buffer[]).sort(Buffer.compare);
    for (const key of keys) {
      const type = String(await redis.type(key));
      let value: unknown;
      if (type === 'string') value = hex(await redis.callBuffer('GET', key));
      else if (type === 'list') value = ((await redis.callBuffer('LRANGE', key, '0', '-1')) as Buffer[]).map(hex);
      else if (type === 'set') value = ((await redis.callBuffer('SMEMBERS', key)) as Buffer[]).map(hex).sort();
      else if (type === 'hash') {
        const flat = ((await redis.callBuffer('HGETALL', key)) as Buffer[]).map(hex);
        const pairs: string[] = [];
        for (let i = 0; i < flat.length; i += 2) pairs.push(`${flat[i]}=${flat[i + 1]}`);
        value = pairs.sort();
      } else if (type === 'zset') value = ((await redis.callBuffer('ZRANGE', key, '0', '-1', 'WITHSCORES')) as Buffer[]).map((b) => b.toString('latin1'));
      out[`${db}:${key.toString('hex')}`] = { type, value, expireAt: await redis.call('PEXPIRETIME', key) };
    }
  }
  await redis.select(0);
  out['functions'] = await redis.call('FUNCTION', 'LIST', 'WITHCODE');
  return out;
}

/** A dataset with effects that must be logged deterministically (TTLs, SPOP, INCRBYFLOAT, EVAL, MULTI). */
async function writeWorkload(redis: Redis): Promise<void> {
  await writeMixedDataset(redis, 0, 120);
  await writeMixedDataset(redis, 3, 40, 'three');
  await redis.select(0);
  await redis.set('ttl:ex', 'v', 'EX', 1000);
  await redis.expire('k:0', 5000);
  await redis.sadd('pop', 'a', 'b', 'c', 'd', 'e', 'f');
  await redis.spop('pop');
  await redis.spop('pop', 2);
  await redis.incrbyfloat('float', '1.1');
  await redis.incrbyfloat('float', '2.25');
  await redis.hincrbyfloat('hf', 'x', '0.5');
  await redis.eval("redis.call('SADD','lua','1','2','3'); redis.call('SPOP','lua'); redis.call('SET','luas','x'); return 1", 0);
  await redis.multi().lpush('tx', 'a', 'b').rpop('tx').incr('tx:n').exec();
  await redis.setex('setex', 500, 'v');
  await redis.call('FUNCTION', 'LOAD', "#!lua name=lib1\nredis.register_function('f1', function() return 'one' end)");
}

describe.runIf(haveRedis)('AOF interoperability with redis-server 7.0', () => {
  it('our appendonlydir (RDB or AOF base, after a rewrite) loads in redis-server with the same data, and redis-check-aof accepts it', async () => {
    for (const preamble of ['yes', 'no']) {
      const dir = tempDir();
      const ours = await startOurs(dir, { 'aof-use-rdb-preamble': preamble });
      const redis = connect(ours.port);
      await writeWorkload(redis);
      await redis.bgrewriteaof();
      // A write while the base is written in the background, then the switched directory.
      await redis.set('during', 'rewrite');
      await rewriteRunning(ours.server);
      await redis.set('after', 'rewrite');
      await redis.spop('pop');
      // Random choices after the rewrite: only the logged effects make a replay agree.
      await redis.sadd('many', ...Array.from({ length: 60 }, (_, i) => `m${i}`));
      for (let i = 0; i < 5; i++) await redis.spop('many');
      await redis.spop('many', 10);
      const expected = await snapshot(redis);
      redis.disconnect();
      await ours.close();

      const check = await runProgram('redis-check-aof', [join(dir, 'appendonlydir', 'appendonly.aof.manifest')]);
      expect(check.output).toContain('All AOF files and manifest are valid');
      expect(check.code).toBe(0);

      const real = await startTheirs(dir);
      expect(await snapshot(connect(real.port))).toEqual(expected);
    }
  });

  it('INFO persistence lists the same aof_* fields in the same order as redis-server, on and off', async () => {
    const names = (info: string): string[] =>
      info.split('\r\n').map((line) => line.split(':')[0] ?? '').filter((name) => /^(aof_|module_fork_)/.test(name));
    for (const appendonly of ['yes', 'no']) {
      const dir = tempDir();
      const real = await pool.realRedis(['--appendonly', appendonly, '--dir', dir]);
      const ours = await startOurs(dir + '-ours', { appendonly });
      const theirs = names(await connect(real.port).info('persistence'));
      expect(theirs.length).toBeGreaterThan(10);
      expect(names(await connect(ours.port).info('persistence'))).toEqual(theirs);
    }
  });

  it('an appendonlydir written by redis-server (RDB base + incr) loads in ours with the same data', async () => {
    const dir = tempDir();
    const real = await startTheirs(dir);
    const redis = connect(real.port);
    await writeWorkload(redis);
    await redis.bgrewriteaof();
    // Wait for the forked rewrite to finish (the manifest then names base seq 2).
    for (let i = 0; i < 100 && !readdirSync(join(dir, 'appendonlydir')).includes('appendonly.aof.2.base.rdb'); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    for (let i = 0; i < 100 && (await redis.info('persistence')).includes('aof_rewrite_in_progress:1'); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await redis.set('after', 'rewrite');
    await redis.eval("redis.call('SPOP','pop'); redis.call('DEL','k:1'); return 1", 0);
    const expected = await snapshot(redis);
    redis.disconnect();
    await real.stop();

    const ours = await startOurs(dir);
    expect(await snapshot(connect(ours.port))).toEqual(expected);
  });
});

function runProgram(program: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}
