// The append-only file end to end: what each write is logged as (asserted on the file's bytes),
// restarts that load it back, BGREWRITEAOF, CONFIG SET appendonly, INFO, truncated and corrupt files.

import { describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { startServer, type RunningServer } from '../../src/index.js';
import type { ConfigInput } from '../../src/config/config.js';
import { Clock } from '../../src/util/clock.js';
import { rawReply, resp, type RawClient } from '../helpers/server.js';
import { useServerPool } from '../helpers/side-by-side.js';
import { dumpDataset, writeMixedDataset } from './persistence-dataset.js';
import { rewriteRunning } from '../../src/persistence/aof/aof-control.js';

const T0 = 1_800_000_000_000;
const pool = useServerPool();
const tempDir = (): string => pool.tempDir('tsredis-aof-');

async function start(dir: string, options: ConfigInput = {}, clock?: Clock, logs?: string[]): Promise<RunningServer> {
  const server = await startServer(
    { port: 0, bind: '127.0.0.1', loglevel: 'notice', dir, appendonly: 'yes', appendfsync: 'always', ...options },
    { ...(clock !== undefined ? { clock } : {}), logSink: (line) => logs?.push(line) },
  );
  return pool.adopt(server);
}

/** Wait for the background rewrite (if any) to finish. */
async function rewritten(server: RunningServer): Promise<void> {
  await rewriteRunning(server.server);
}

const stop = (server: RunningServer): Promise<void> => server.close();

const raw = (server: RunningServer): Promise<RawClient> => pool.raw(server.port);

const client = (server: RunningServer): Redis => pool.ioredis(server.port, { maxRetriesPerRequest: 0 });

const incrPath = (dir: string, seq = 1): string => join(dir, 'appendonlydir', `appendonly.aof.${seq}.incr.aof`);
const manifestOf = (dir: string): string => readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'latin1');
/** The incr file's commands as readable lines. */
const logged = (dir: string, seq = 1): string => readFileSync(incrPath(dir, seq), 'latin1');
const cmds = (...argvs: string[][]): string => argvs.map((argv) => resp(...argv).toString('latin1')).join('');

function frozenClock(): Clock {
  const clock = new Clock();
  clock.freeze();
  clock.set(T0);
  return clock;
}

describe('AOF: what is logged (effects, read off redis-server 7.0.15 appendonly files)', () => {
  it('relative expiries become absolute PEXPIREAT / SET ... PXAT, INCRBYFLOAT a SET KEEPTTL', async () => {
    const dir = tempDir();
    const server = await start(dir, {}, frozenClock());
    const c = await raw(server);
    await rawReply(c, 'SET', 'a', '1', 'EX', '100');
    await rawReply(c, 'SET', 'b', '2', 'NX', 'GET', 'PX', '5000');
    await rawReply(c, 'SET', 'p', '3', 'PXAT', String(T0 + 7));
    await rawReply(c, 'EXPIRE', 'a', '50');
    await rawReply(c, 'PEXPIRE', 'a', '60000', 'GT');
    await rawReply(c, 'EXPIREAT', 'b', String(T0 / 1000 + 9));
    await rawReply(c, 'EXPIRE', 'missing', '10');
    await rawReply(c, 'SETEX', 'd', '100', 'x');
    await rawReply(c, 'PSETEX', 'e', '100000', 'x');
    await rawReply(c, 'GETEX', 'd', 'EX', '5');
    await rawReply(c, 'GETEX', 'd', 'PERSIST');
    await rawReply(c, 'GETEX', 'e', 'PXAT', '1');
    await rawReply(c, 'INCRBYFLOAT', 'f', '1.5');
    await rawReply(c, 'HINCRBYFLOAT', 'h', 'x', '2.5');
    await rawReply(c, 'SET', 'gone', 'v');
    await rawReply(c, 'EXPIRE', 'gone', '-1');
    await rawReply(c, 'GETDEL', 'p');
    expect(logged(dir)).toBe(
      cmds(
        ['SELECT', '0'],
        ['SET', 'a', '1', 'PXAT', String(T0 + 100_000)],
        ['SET', 'b', '2', 'PXAT', String(T0 + 5000)],
        ['SET', 'p', '3', 'PXAT', String(T0 + 7)],
        ['PEXPIREAT', 'a', String(T0 + 50_000)],
        ['PEXPIREAT', 'a', String(T0 + 60_000)],
        ['PEXPIREAT', 'b', String(T0 + 9000)],
        ['SET', 'd', 'x', 'PXAT', String(T0 + 100_000)],
        ['SET', 'e', 'x', 'PXAT', String(T0 + 100_000)],
        ['PEXPIREAT', 'd', String(T0 + 5000)],
        ['PERSIST', 'd'],
        ['DEL', 'e'],
        ['SET', 'f', '1.5', 'KEEPTTL'],
        ['HSET', 'h', 'x', '2.5'],
        ['SET', 'gone', 'v'],
        ['DEL', 'gone'],
        ['DEL', 'p'],
      ),
    );
  });

  it('SPOP is logged as SREM; SPOP with a count as SREMs in MULTI/EXEC, or DEL when it takes all', async () => {
    const dir = tempDir();
    const server = await start(dir);
    const c = await raw(server);
    await rawReply(c, 'SADD', 's', 'a', 'b', 'c', 'd', 'e');
    const one = /\$1\r\n(\w)\r\n/.exec(await rawReply(c, 'SPOP', 's'))?.[1] ?? '';
    const two = [...(await rawReply(c, 'SPOP', 's', '2')).matchAll(/\$1\r\n(\w)\r\n/g)].map((m) => m[1] ?? '');
    await rawReply(c, 'SPOP', 's', '10');
    await rawReply(c, 'SPOP', 's', '10');
    expect(two).toHaveLength(2);
    expect(logged(dir)).toBe(
      cmds(
        ['SELECT', '0'],
        ['SADD', 's', 'a', 'b', 'c', 'd', 'e'],
        ['SREM', 's', one],
        ['MULTI'],
        ['SREM', 's', two[0] ?? ''],
        ['SREM', 's', two[1] ?? ''],
        ['EXEC'],
        ['DEL', 's'],
      ),
    );
  });

  it('EVAL and EXEC: several writes wrapped in MULTI/EXEC, a single write alone, reads nothing', async () => {
    const dir = tempDir();
    const server = await start(dir);
    const c = await raw(server);
    await rawReply(c, 'EVAL', "redis.call('SADD','s2','a'); redis.call('SPOP','s2'); return 1", '0');
    await rawReply(c, 'EVAL', "redis.call('SET','k','v'); redis.call('GET','k'); return 1", '0');
    await rawReply(c, 'EVAL', "return redis.call('GET','k')", '0');
    c.write(Buffer.concat([resp('MULTI'), resp('SET', 'm', '1'), resp('INCR', 'n'), resp('EXEC')]));
    await c.readUntil('*2\r\n+OK\r\n:1\r\n');
    c.write(Buffer.concat([resp('MULTI'), resp('SET', 'm', '2'), resp('GET', 'm'), resp('EXEC')]));
    await c.readUntil('*2\r\n+OK\r\n$1\r\n2\r\n');
    c.write(Buffer.concat([resp('MULTI'), resp('GET', 'm'), resp('EXEC')]));
    await c.readUntil('*1\r\n$1\r\n2\r\n');
    expect(logged(dir)).toBe(
      cmds(
        ['SELECT', '0'],
        ['MULTI'], ['SADD', 's2', 'a'], ['SREM', 's2', 'a'], ['EXEC'],
        ['SET', 'k', 'v'],
        ['MULTI'], ['SET', 'm', '1'], ['INCR', 'n'], ['EXEC'],
        ['SET', 'm', '2'],
      ),
    );
  });

  it('SELECT inside a script is followed: each write carries its own database', async () => {
    const dir = tempDir();
    const server = await start(dir);
    const c = await raw(server);
    await rawReply(c, 'EVAL', "redis.call('set','a','1'); redis.call('select','2'); redis.call('set','b','2'); return 1", '0');
    await rawReply(c, 'SET', 'c', '3');
    await rawReply(c, 'EVAL', "redis.call('select','4'); redis.call('set','d','2'); return 1", '0');
    // Byte for byte what redis-server 7.0.15 logs for the same three commands.
    expect(logged(dir)).toBe(
      cmds(
        ['SELECT', '0'], ['MULTI'], ['set', 'a', '1'], ['SELECT', '2'], ['set', 'b', '2'], ['EXEC'],
        ['SELECT', '0'], ['SET', 'c', '3'],
        ['SELECT', '4'], ['set', 'd', '2'],
      ),
    );
  });

  it('expired keys are logged as DEL (lazy and active expiry), SELECT follows the database', async () => {
    const dir = tempDir();
    const clock = frozenClock();
    const server = await start(dir, {}, clock);
    const c = await raw(server);
    await rawReply(c, 'SET', 't', 'v', 'PX', '100');
    await rawReply(c, 'SELECT', '3');
    await rawReply(c, 'SET', 'u', 'v', 'PX', '100');
    server.server.keyspace.activeExpiry = true;
    clock.advance(200); // the test clock expires every due key at once
    await rawReply(c, 'SET', 'x', 'y');
    expect(logged(dir)).toBe(
      cmds(
        ['SELECT', '0'],
        ['SET', 't', 'v', 'PXAT', String(T0 + 100)],
        ['SELECT', '3'],
        ['SET', 'u', 'v', 'PXAT', String(T0 + 100)],
        ['SELECT', '0'],
        ['DEL', 't'],
        ['SELECT', '3'],
        ['DEL', 'u'],
        ['SET', 'x', 'y'],
      ),
    );
  });

  it('blocking pops are logged as their non-blocking effect, also when served later', async () => {
    const dir = tempDir();
    const server = await start(dir);
    const c = await raw(server);
    const waiter = await raw(server);
    await rawReply(c, 'RPUSH', 'l', 'a', 'b');
    await rawReply(c, 'BLPOP', 'l', '0');
    await rawReply(c, 'BRPOPLPUSH', 'l', 'l2', '0');
    await rawReply(c, 'BLMOVE', 'l2', 'l3', 'LEFT', 'RIGHT', '0');
    await rawReply(c, 'ZADD', 'z', '1', 'a', '2', 'b', '3', 'c');
    await rawReply(c, 'BZPOPMIN', 'z', '0');
    await rawReply(c, 'BZMPOP', '0', '1', 'z', 'MAX', 'COUNT', '5');
    await rawReply(c, 'RPUSH', 'l4', 'a', 'b', 'c');
    await rawReply(c, 'LMPOP', '2', 'none', 'l4', 'RIGHT', 'COUNT', '2');
    waiter.write(resp('BRPOP', 'w', '0'));
    await new Promise((r) => setTimeout(r, 50));
    await rawReply(c, 'RPUSH', 'w', 'x');
    await waiter.readUntil('$1\r\nx\r\n');
    expect(logged(dir)).toBe(
      cmds(
        ['SELECT', '0'],
        ['RPUSH', 'l', 'a', 'b'],
        ['LPOP', 'l'],
        ['RPOPLPUSH', 'l', 'l2'],
        ['LMOVE', 'l2', 'l3', 'LEFT', 'RIGHT'],
        ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
        ['ZPOPMIN', 'z'],
        ['ZPOPMAX', 'z', '2'],
        ['RPUSH', 'l4', 'a', 'b', 'c'],
        ['RPOP', 'l4', '2'],
        ['RPUSH', 'w', 'x'],
        ['RPOP', 'w'],
      ),
    );
  });

  it('evicted keys are logged as DEL, ahead of the write that made room', async () => {
    const dir = tempDir();
    const server = await start(dir, { 'maxmemory-policy': 'allkeys-random' });
    const redis = client(server);
    for (let i = 0; i < 50; i++) await redis.set(`key:${i}`, 'x'.repeat(1000));
    const used = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
    await redis.config('SET', 'maxmemory', String(used - 5000));
    await redis.set('trigger', 'y');
    const remaining = new Set(await redis.keys('key:*'));
    expect(remaining.size).toBeLessThan(50);
    const text = logged(dir);
    const dels = [...text.matchAll(/\*2\r\n\$3\r\nDEL\r\n\$\d+\r\n(key:\d+)\r\n/g)].map((m) => m[1]);
    expect(new Set(dels)).toEqual(new Set(Array.from({ length: 50 }, (_, i) => `key:${i}`).filter((k) => !remaining.has(k))));
    expect(text.endsWith(cmds(['set', 'trigger', 'y']))).toBe(true);
  });

  it('aof-timestamp-enabled: a #TS annotation when the second changes, and at the top of a command base', async () => {
    const dir = tempDir();
    const clock = frozenClock();
    const server = await start(dir, { 'aof-timestamp-enabled': 'yes', 'aof-use-rdb-preamble': 'no' }, clock);
    const c = await raw(server);
    await rawReply(c, 'SET', 'a', '1');
    await rawReply(c, 'SET', 'b', '1');
    clock.advance(1100);
    await rawReply(c, 'SET', 'c', '1');
    const ts = (ms: number): string => `#TS:${Math.floor(ms / 1000)}\r\n`;
    // As redis-server 7.0.15 writes it: the base's timestamp covers the first second.
    expect(readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.1.base.aof'), 'latin1')).toBe(ts(T0));
    expect(logged(dir)).toBe(cmds(['SELECT', '0'], ['SET', 'a', '1'], ['SET', 'b', '1']) + ts(T0 + 1100) + cmds(['SET', 'c', '1']));
    await stop(server);
    const again = await start(dir, { 'aof-timestamp-enabled': 'yes' });
    expect(await client(again).mget('a', 'b', 'c')).toEqual(['1', '1', '1']);
  });

  it('FLUSHDB and FLUSHALL are logged even on an empty dataset; failed and read commands are not', async () => {
    const dir = tempDir();
    const server = await start(dir);
    const c = await raw(server);
    await rawReply(c, 'FLUSHDB');
    await rawReply(c, 'FLUSHALL', 'ASYNC');
    await rawReply(c, 'GET', 'x');
    await rawReply(c, 'SET', 'x');
    await rawReply(c, 'LPUSH', 'x', 'a');
    await rawReply(c, 'SADD', 'x', 'a'); // WRONGTYPE
    expect(logged(dir)).toBe(cmds(['SELECT', '0'], ['FLUSHDB'], ['FLUSHALL', 'ASYNC'], ['LPUSH', 'x', 'a']));
  });
});

describe('AOF: files and restarts', () => {
  it('creates the 7.0 layout on first start and loads it back after a restart', async () => {
    const dir = tempDir();
    const logs: string[] = [];
    let server = await start(dir, {}, undefined, logs);
    expect(readdirSync(join(dir, 'appendonlydir')).sort()).toEqual([
      'appendonly.aof.1.base.rdb', 'appendonly.aof.1.incr.aof', 'appendonly.aof.manifest',
    ]);
    expect(manifestOf(dir)).toBe('file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
    expect(logs.some((l) => l.endsWith('* Creating AOF base file appendonly.aof.1.base.rdb on server start'))).toBe(true);
    const redis = client(server);
    for (const db of [0, 5]) await writeMixedDataset(redis, db, 150);
    const before = dumpDataset(server.server);
    await stop(server);
    logs.length = 0;
    server = await start(dir, {}, undefined, logs);
    expect(dumpDataset(server.server)).toEqual(before);
    expect(logs.some((l) => l.includes('DB loaded from incr file appendonly.aof.1.incr.aof'))).toBe(true);
    expect(logs.some((l) => l.endsWith('* Opening AOF incr file appendonly.aof.1.incr.aof on server start'))).toBe(true);
  });

  it('BGREWRITEAOF writes a new base and incr, swaps the manifest, deletes the old files', async () => {
    for (const preamble of ['yes', 'no']) {
      const dir = tempDir();
      let server = await start(dir, { 'aof-use-rdb-preamble': preamble });
      const redis = client(server);
      await writeMixedDataset(redis, 0, 200);
      await redis.select(2);
      await writeMixedDataset(redis, 2, 50, 'two');
      expect(await redis.bgrewriteaof()).toBe('Background append only file rewriting started');
      await rewritten(server);
      const ext = preamble === 'yes' ? 'rdb' : 'aof';
      expect(readdirSync(join(dir, 'appendonlydir')).sort()).toEqual([
        `appendonly.aof.2.base.${ext}`, 'appendonly.aof.2.incr.aof', 'appendonly.aof.manifest',
      ]);
      expect(manifestOf(dir)).toBe(`file appendonly.aof.2.base.${ext} seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n`);
      expect(statSync(incrPath(dir, 2)).size).toBe(0);
      await redis.set('after', 'rewrite');
      expect(logged(dir, 2)).toBe(cmds(['SELECT', '2'], ['set', 'after', 'rewrite']));
      const info = await redis.info('persistence');
      expect(info).toContain('aof_enabled:1\r\n');
      expect(info).toContain('aof_rewrites:1\r\n');
      expect(info).toContain('aof_last_bgrewrite_status:ok\r\n');
      const before = dumpDataset(server.server);
      await stop(server);
      server = await start(dir, { 'aof-use-rdb-preamble': preamble });
      expect(dumpDataset(server.server)).toEqual(before);
      await stop(server);
    }
  });

  it('a crash at any step of a rewrite leaves a directory that loads the same dataset', async () => {
    const dir = tempDir();
    const aofDir = join(dir, 'appendonlydir');
    let server = await start(dir);
    const redis = client(server);
    await writeMixedDataset(redis, 0, 120);
    const expected = dumpDataset(server.server);
    await stop(server);
    const before = new Map(readdirSync(aofDir).map((name) => [name, readFileSync(join(aofDir, name))]));
    server = await start(dir);
    await client(server).bgrewriteaof();
    await rewritten(server);
    await stop(server);
    const after = new Map(readdirSync(aofDir).map((name) => [name, readFileSync(join(aofDir, name))]));
    const restore = (files: Map<string, Buffer>, extra: Map<string, Buffer>): void => {
      rmSync(aofDir, { recursive: true });
      mkdirSync(aofDir);
      for (const [name, data] of [...extra, ...files]) writeFileSync(join(aofDir, name), data);
    };
    // 1. New base and incr written, manifest not yet switched (plus a torn temp manifest).
    // 2. Manifest switched, old files not yet deleted.
    const states = [
      restore.bind(null, before, new Map([...after, ['temp-appendonly.aof.manifest', Buffer.from('file appendonly.aof.2.base.rdb se')]])),
      restore.bind(null, after, before),
    ];
    for (const enter of states) {
      enter();
      server = await start(dir);
      expect(dumpDataset(server.server)).toEqual(expected);
      await stop(server);
    }
  });

  it('CONFIG SET appendonly yes writes a base of the current data; no stops logging', async () => {
    const dir = tempDir();
    let server = await start(dir, { appendonly: 'no' });
    const redis = client(server);
    await writeMixedDataset(redis, 0, 100);
    expect(existsSync(join(dir, 'appendonlydir'))).toBe(false);
    expect(await redis.info('persistence')).toContain('aof_enabled:0\r\n');
    expect(await redis.config('SET', 'appendonly', 'yes')).toBe('OK');
    await rewritten(server);
    expect(manifestOf(dir)).toBe('file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
    await redis.set('while', 'on');
    const info = await redis.info('persistence');
    expect(info).toMatch(/aof_enabled:1\r\n[\s\S]*aof_current_size:\d+\r\naof_base_size:\d+\r\naof_pending_rewrite:0\r\naof_buffer_length:0\r\naof_pending_bio_fsync:0\r\naof_delayed_fsync:0\r\n/);
    const before = dumpDataset(server.server);
    expect(await redis.config('SET', 'appendonly', 'no')).toBe('OK');
    await redis.set('while', 'off');
    expect(logged(dir)).toBe(cmds(['SELECT', '0'], ['set', 'while', 'on']));
    await stop(server);
    server = await start(dir);
    expect(dumpDataset(server.server)).toEqual(before);
  });

  it('a truncated last command is cut off and logged with aof-load-truncated yes, refused with no', async () => {
    const dir = tempDir();
    let server = await start(dir);
    const redis = client(server);
    await redis.set('a', '1');
    await redis.set('b', '2');
    await stop(server);
    const full = statSync(incrPath(dir)).size;
    truncateSync(incrPath(dir), full - 3);
    const refused: string[] = [];
    await expect(start(dir, { 'aof-load-truncated': 'no' }, undefined, refused)).rejects.toThrow(/Unexpected end of file/);
    expect(refused.some((l) => l.endsWith(
      "# Unexpected end of file reading the append only file appendonly.aof.1.incr.aof. You can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.",
    ))).toBe(true);
    const logs: string[] = [];
    server = await start(dir, {}, undefined, logs);
    const valid = Buffer.byteLength(cmds(['SELECT', '0'], ['set', 'a', '1']));
    expect(logs.filter((l) => l.includes('!!!') || l.includes('loaded anyway')).map((l) => l.replace(/^.*? [#*] /, ''))).toEqual([
      '!!! Warning: short read while loading the AOF file appendonly.aof.1.incr.aof!!!',
      `!!! Truncating the AOF appendonly.aof.1.incr.aof at offset ${valid} !!!`,
      'AOF appendonly.aof.1.incr.aof loaded anyway because aof-load-truncated is enabled',
    ]);
    expect(statSync(incrPath(dir)).size).toBe(valid);
    const again = client(server);
    expect(await again.mget('a', 'b')).toEqual(['1', null]);
    await again.set('c', '3');
    await stop(server);
    server = await start(dir);
    expect(await client(server).mget('a', 'b', 'c')).toEqual(['1', null, '3']);
  });

  it('corruption in the middle refuses to start, naming the file and the offset', async () => {
    const dir = tempDir();
    const server = await start(dir);
    const redis = client(server);
    await redis.set('a', '1');
    await stop(server);
    const offset = statSync(incrPath(dir)).size;
    appendFileSync(incrPath(dir), Buffer.concat([Buffer.from('garbage'), resp('SET', 'b', '2')]));
    const logs: string[] = [];
    await expect(start(dir, {}, undefined, logs)).rejects.toThrow(
      `Bad file format reading the append only file appendonly.aof.1.incr.aof at offset ${offset}`,
    );
    expect(logs.some((l) => l.endsWith(
      '# Bad file format reading the append only file appendonly.aof.1.incr.aof: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>',
    ))).toBe(true);
  });

  it('a damaged RDB base refuses to start, naming the file', async () => {
    const dir = tempDir();
    const server = await start(dir);
    await client(server).set('a', '1');
    await client(server).bgrewriteaof();
    await rewritten(server);
    await stop(server);
    const base = join(dir, 'appendonlydir', 'appendonly.aof.2.base.rdb');
    const bytes = readFileSync(base);
    bytes[bytes.length - 12] = (bytes[bytes.length - 12] ?? 0) ^ 0xff;
    writeFileSync(base, bytes);
    await expect(start(dir)).rejects.toThrow(/Error reading the RDB base file appendonly.aof.2.base.rdb, AOF loading aborted/);
  });

  it('a bad manifest or a missing file refuses to start with Redis\'s lines', async () => {
    const dir = tempDir();
    const server = await start(dir);
    await stop(server);
    const manifestPath = join(dir, 'appendonlydir', 'appendonly.aof.manifest');
    writeFileSync(manifestPath, 'file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type x\n');
    const logs: string[] = [];
    await expect(start(dir, {}, undefined, logs)).rejects.toThrow('Unknown AOF file type');
    // What redis-server 7.0.15 logs for the same manifest.
    expect(logs.map((l) => l.replace(/^.*? # /, ''))).toEqual([
      'Reading the manifest file, at line 2',
      ">>> 'file appendonly.aof.1.incr.aof seq 1 type x'",
      'Unknown AOF file type',
    ]);
    writeFileSync(manifestPath, 'file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.7.incr.aof seq 7 type i\n');
    await expect(start(dir)).rejects.toThrow('Unable to obtain the AOF file appendonly.aof.7.incr.aof length. stat: No such file or directory');
  });

  it('an unknown command in the AOF refuses to start', async () => {
    const dir = tempDir();
    const server = await start(dir);
    await stop(server);
    writeFileSync(incrPath(dir), resp('NOSUCHCOMMAND', 'x'));
    await expect(start(dir)).rejects.toThrow("Unknown command 'NOSUCHCOMMAND' reading the append only file appendonly.aof.1.incr.aof");
  });

  it('an old-style appendonly.aof in dir is moved into appendonlydir and loaded', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'appendonly.aof'), cmds(['SELECT', '0'], ['SET', 'old', 'style'], ['RPUSH', 'l', 'a', 'b']));
    const logs: string[] = [];
    const server = await start(dir, {}, undefined, logs);
    // The lines redis-server 7.0.15 logs for the same directory.
    expect(logs.map((l) => l.replace(/^.*? [#*] /, '')).filter((l) => /migrated|DB loaded from base|Creating AOF incr/.test(l))).toEqual([
      'Successfully migrated an old-style AOF file (appendonly.aof) into the AOF directory (appendonlydir).',
      expect.stringMatching(/^DB loaded from base file appendonly\.aof: \d+\.\d{3} seconds$/),
      'Creating AOF incr file appendonly.aof.1.incr.aof on server start',
    ]);
    expect(existsSync(join(dir, 'appendonly.aof'))).toBe(false);
    expect(manifestOf(dir)).toBe('file appendonly.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n');
    const redis = client(server);
    expect(await redis.get('old')).toBe('style');
    expect(await redis.lrange('l', 0, -1)).toEqual(['a', 'b']);
  });

  it('keys loaded by the test stand-in (load(fixture)) are logged like a client\'s writes', async () => {
    const dir = tempDir();
    let server = await start(dir, {}, frozenClock());
    server.load({ db0: { greeting: 'hello', later: { type: 'string', value: 'v', ttl: 5000 }, items: { type: 'list', value: ['a', 'b'] } } });
    await new Promise((r) => setImmediate(r));
    expect(logged(dir)).toContain(cmds(['PEXPIREAT', 'later', String(T0 + 5000)]));
    await stop(server);
    server = await start(dir);
    const redis = client(server);
    expect(await redis.get('greeting')).toBe('hello');
    expect(await redis.lrange('items', 0, -1)).toEqual(['a', 'b']);
    expect(await redis.pexpiretime('later')).toBe(T0 + 5000);
  });

  it('BGREWRITEAOF inside EXEC is scheduled, then runs; its queue is not logged twice', async () => {
    const dir = tempDir();
    let server = await start(dir);
    const c = await raw(server);
    // One write: EXEC and INFO run in the same turn, before the scheduled rewrite.
    c.write(Buffer.concat([resp('MULTI'), resp('INCR', 'n'), resp('BGREWRITEAOF'), resp('INCR', 'n'), resp('EXEC'), resp('INFO', 'persistence')]));
    const out = (await c.readUntil('module_fork_last_cow_size:0\r\n')).toString('latin1');
    expect(out).toContain('*3\r\n:1\r\n+Background append only file rewriting scheduled\r\n:2\r\n');
    expect(out).toContain('aof_rewrite_scheduled:1\r\n');
    await new Promise((r) => setTimeout(r, 50));
    expect(await client(server).info('persistence')).toContain('aof_rewrite_scheduled:0\r\n');
    expect(manifestOf(dir)).toContain('appendonly.aof.2.incr.aof');
    await stop(server);
    server = await start(dir);
    expect(await client(server).get('n')).toBe('2');
  });

  it('CONFIG SET appendonly yes inside EXEC: the commands before it are in the base, not logged again', async () => {
    const dir = tempDir();
    let server = await start(dir, { appendonly: 'no' });
    const redis = client(server);
    await redis.multi().incr('n').config('SET', 'appendonly', 'yes').incr('n').exec();
    await rewritten(server);
    expect(logged(dir)).toBe(cmds(['SELECT', '0'], ['incr', 'n']));
    await stop(server);
    server = await start(dir);
    expect(await client(server).get('n')).toBe('2');
  });

  it('function libraries survive a restart, from the incr file and from a rewritten base', async () => {
    const code = "#!lua name=mylib\nredis.register_function('myfn', function() return 42 end)";
    for (const preamble of ['yes', 'no']) {
      const dir = tempDir();
      let server = await start(dir, { 'aof-use-rdb-preamble': preamble });
      let redis = client(server);
      await redis.call('FUNCTION', 'LOAD', code);
      await stop(server);
      server = await start(dir, { 'aof-use-rdb-preamble': preamble });
      redis = client(server);
      expect(await redis.call('FCALL', 'myfn', '0')).toBe(42);
      await redis.bgrewriteaof();
      await rewritten(server);
      await stop(server);
      server = await start(dir, { 'aof-use-rdb-preamble': preamble });
      expect(await client(server).call('FCALL', 'myfn', '0')).toBe(42);
      await stop(server);
    }
  });

  it('auto-aof-rewrite-percentage: the log is rewritten once it outgrows its last base by that much', async () => {
    const dir = tempDir();
    const server = await start(dir, { 'auto-aof-rewrite-min-size': '1kb', 'auto-aof-rewrite-percentage': '100' });
    const redis = client(server);
    for (let i = 0; i < 50; i++) await redis.set('same', 'x'.repeat(100));
    const deadline = Date.now() + 3000;
    while (!manifestOf(dir).includes('seq 2 type b') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(manifestOf(dir)).toBe('file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n');
    expect(await redis.info('persistence')).toContain('aof_rewrites:1\r\n');
  });
});
