// Snapshots over TCP: SAVE, BGSAVE, LASTSAVE, save points, MISCONF, SHUTDOWN's save, loading at
// start-up, DEBUG RELOAD, and files exchanged with a real redis-server. Reply texts were read off
// Redis 7.0.15.

import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { spawnSync } from 'node:child_process';
import { hasProgram, infoField, RawClient, rawReply, requireProgram, resp, startRealRedis, startTestServer } from '../helpers/server.js';
import { NO_RETRY, useServerPool } from '../helpers/side-by-side.js';
import { dumpDataset, writeMixedDataset } from './persistence-dataset.js';

const MISCONF =
  "-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.\r\n";

let dir: string;
const pool = useServerPool();

beforeEach(() => {
  dir = pool.tempDir('tsredis-persistence-');
});

const start = (options: Record<string, string | number> = {}): Promise<RunningServer> =>
  pool.tsredis({ dir, 'enable-debug-command': 'yes', ...options });

/** SHUTDOWN closes the server under it: no reconnects, no unhandled error events. */
const connect = (srv: RunningServer): Redis => pool.ioredis(srv.port, NO_RETRY);

const raw = (srv: RunningServer): Promise<RawClient> => pool.raw(srv.port);

describe('SAVE and loading at start-up', () => {
  it('a restarted server loads what SAVE wrote: every type, TTLs as absolute times, several databases', async () => {
    const a = await start();
    const redis = connect(a);
    await writeMixedDataset(redis, 0, 300);
    await writeMixedDataset(redis, 7, 50, 'seven');
    await writeMixedDataset(redis, 15, 20, 'last');
    expect(await redis.save()).toBe('OK');
    expect(existsSync(join(dir, 'dump.rdb'))).toBe(true);
    const before = dumpDataset(a.server);
    await a.close();
    const b = await start();
    expect(dumpDataset(b.server)).toEqual(before);
    expect(Object.keys(before)).toEqual(['0', '7', '15']);
    const info = await connect(b).info('persistence');
    expect(infoField(info, 'rdb_last_load_keys_loaded')).toBe(String(300 + 5 + 50 + 5 + 20 + 5));
    expect(infoField(info, 'rdb_changes_since_last_save')).toBe('0');
  });

  it('an embedded server loads an RDB only when dir or dbfilename was given, never a stray dump.rdb in the working directory', async () => {
    const a = await start();
    await connect(a).set('k', 'v');
    await connect(a).save();
    await a.close();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const stray = await startTestServer();
      pool.adopt(stray);
      expect(stray.server.keyspace.db(0).size).toBe(0);
      const chosen = await startTestServer({ dbfilename: 'dump.rdb' });
      pool.adopt(chosen);
      expect(chosen.server.keyspace.db(0).size).toBe(1);
    } finally {
      process.chdir(cwd);
    }
  });

  it('keys whose TTL passed while the server was down are not loaded', async () => {
    const a = await start();
    const redis = connect(a);
    await redis.set('stays', '1');
    await redis.set('goes', '1', 'PX', 150);
    await redis.set('later', '1', 'PX', 60_000);
    await redis.save();
    await a.close();
    await new Promise((resolve) => setTimeout(resolve, 250));
    const b = await start();
    const info = await connect(b).info('persistence');
    expect(infoField(info, 'rdb_last_load_keys_loaded')).toBe('2');
    expect(infoField(info, 'rdb_last_load_keys_expired')).toBe('1');
    expect(b.server.keyspace.db(0).peek('goes')).toBeUndefined();
    expect(b.db(0).ttl('later')).toBeGreaterThan(55_000);
  });

  it('SAVE replies -ERR when the file cannot be written, and SAVE takes no arguments', async () => {
    const a = await start({ 'enable-protected-configs': 'yes' });
    const client = await raw(a);
    const gone = join(dir, 'gone');
    mkdirSync(gone);
    expect(await rawReply(client, 'CONFIG', 'SET', 'dir', gone)).toBe('+OK\r\n');
    rmSync(gone, { recursive: true });
    expect(await rawReply(client, 'SAVE')).toBe('-ERR\r\n');
    expect(await rawReply(client, 'SAVE', 'x')).toBe("-ERR wrong number of arguments for 'save' command\r\n");
  });

  it('LASTSAVE moves to the time of the last successful save', async () => {
    const a = await start();
    a.clock.freeze();
    const redis = connect(a);
    const started = await redis.lastsave();
    a.clock.advance(5_000);
    await redis.save();
    expect(await redis.lastsave()).toBe(started + 5);
  });

  it('FLUSHALL with save points writes the empty dataset at once, so a restart does not bring the keys back', async () => {
    // As redis-server 7.0.15: the save resets the change counter and does not count in rdb_saves.
    const srv = await start({ save: '3600 1' });
    const redis = connect(srv);
    await redis.mset('a', '1', 'b', '2');
    expect(await redis.save()).toBe('OK');
    await redis.set('c', '3');
    expect(await redis.flushall()).toBe('OK');
    const info = await redis.info('persistence');
    expect(infoField(info, 'rdb_changes_since_last_save')).toBe('0');
    expect(infoField(info, 'rdb_saves')).toBe('1');
    await srv.close();
    const again = connect(await start({ save: '3600 1' }));
    expect(await again.dbsize()).toBe(0);
  });

  it('DEBUG RELOAD saves, empties and loads back the same dataset', async () => {
    const a = await start();
    const redis = connect(a);
    await writeMixedDataset(redis, 0, 100);
    await redis.select(0);
    const before = dumpDataset(a.server);
    expect(await redis.call('DEBUG', 'RELOAD')).toBe('OK');
    expect(dumpDataset(a.server)).toEqual(before);
  });
});

describe('function libraries', () => {
  const LIBRARY = "#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return args[1] end)";

  it('FUNCTION LOAD libraries are saved in the RDB and loaded back at start-up', async () => {
    const a = await start();
    const redis = connect(a);
    expect(await redis.call('FUNCTION', 'LOAD', LIBRARY)).toBe('mylib');
    await redis.set('k', 'v');
    await redis.bgsave();
    await a.server.snapshots.running;
    await a.close();
    const b = await start();
    const r = connect(b);
    expect(await r.call('FCALL', 'myfunc', 0, 'hello')).toBe('hello');
    expect(await r.get('k')).toBe('v');
  });
});

describe('access information under an eviction policy', () => {
  it('allkeys-lru: the idle time is saved (IDLE) and OBJECT IDLETIME goes on from it after a restart', async () => {
    const a = await start({ 'maxmemory-policy': 'allkeys-lru' });
    a.clock.freeze();
    const redis = connect(a);
    await redis.set('old', 'v');
    a.clock.advance(500_000);
    await redis.set('new', 'v');
    await redis.save();
    await a.close();
    const b = await start({ 'maxmemory-policy': 'allkeys-lru' });
    const r = connect(b);
    expect(Number(await r.object('IDLETIME', 'old'))).toBeGreaterThanOrEqual(500);
    expect(Number(await r.object('IDLETIME', 'new'))).toBeLessThan(5);
  });

  it('allkeys-lfu: the access counter is saved (FREQ) and OBJECT FREQ reports it after a restart', async () => {
    const a = await start({ 'maxmemory-policy': 'allkeys-lfu' });
    const redis = connect(a);
    await redis.set('hot', 'v');
    for (let i = 0; i < 300; i++) await redis.get('hot');
    await redis.set('cold', 'v');
    const hot = Number(await redis.object('FREQ', 'hot'));
    expect(hot).toBeGreaterThan(5);
    await redis.save();
    await a.close();
    const b = await start({ 'maxmemory-policy': 'allkeys-lfu' });
    const r = connect(b);
    expect(Number(await r.object('FREQ', 'hot'))).toBe(hot);
    expect(Number(await r.object('FREQ', 'cold'))).toBeLessThan(hot);
  });
});

describe('dir and dbfilename', () => {
  it('CONFIG SET dir and dbfilename validate as Redis does, and saves follow the new place', async () => {
    const a = await start({ 'enable-protected-configs': 'yes' });
    const client = await raw(a);
    expect(await rawReply(client, 'CONFIG', 'SET', 'dir', '/nonexistent-tsredis')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory\r\n",
    );
    expect(await rawReply(client, 'CONFIG', 'SET', 'dir', '/etc/passwd')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'dir') - Not a directory\r\n",
    );
    expect(await rawReply(client, 'CONFIG', 'SET', 'dbfilename', 'a/b.rdb')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename can't be a path, just a filename\r\n",
    );
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(await rawReply(client, 'CONFIG', 'SET', 'dir', sub, 'dbfilename', 'other.rdb')).toBe('+OK\r\n');
    expect(await rawReply(client, 'SAVE')).toBe('+OK\r\n');
    expect(readdirSync(sub)).toEqual(['other.rdb']);
  });

  it('dir is a protected config unless enable-protected-configs allows it', async () => {
    const a = await start();
    const client = await raw(a);
    expect(await rawReply(client, 'CONFIG', 'SET', 'dir', dir)).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config\r\n",
    );
  });
});

describe('BGSAVE', () => {
  it('replies as Redis: started, already in progress, syntax errors; SAVE waits for nothing and refuses', async () => {
    const a = await start();
    const redis = connect(a);
    await writeMixedDataset(redis, 0, 2_000);
    const client = await raw(a);
    expect(await rawReply(client, 'BGSAVE')).toBe('+Background saving started\r\n');
    expect(await rawReply(client, 'BGSAVE')).toBe('-ERR Background save already in progress\r\n');
    expect(await rawReply(client, 'BGSAVE', 'SCHEDULE')).toBe('-ERR Background save already in progress\r\n');
    expect(await rawReply(client, 'SAVE')).toBe('-ERR Background save already in progress\r\n');
    expect(infoField(await redis.info('persistence'), 'rdb_bgsave_in_progress')).toBe('1');
    await a.server.snapshots.running;
    expect(await rawReply(client, 'BGSAVE', 'x')).toBe('-ERR syntax error\r\n');
    expect(await rawReply(client, 'BGSAVE', 'SCHEDULE', 'x')).toBe('-ERR syntax error\r\n');
    const info = await redis.info('persistence');
    expect(infoField(info, 'rdb_bgsave_in_progress')).toBe('0');
    expect(infoField(info, 'rdb_last_bgsave_status')).toBe('ok');
    expect(infoField(info, 'rdb_saves')).toBe('1');
    expect(infoField(info, 'rdb_changes_since_last_save')).toBe('0');
    expect(readdirSync(dir)).toEqual(['dump.rdb']);
  });

  it('inside MULTI/EXEC BGSAVE is only scheduled, and the cron starts it', async () => {
    const a = await start({ hz: 100 });
    const client = await raw(a);
    await rawReply(client, 'SET', 'k', 'v');
    // Inside MULTI rawReply's ECHO would be queued too: plain round trips.
    expect(await client.roundTrip(resp('MULTI'))).toBe('+OK\r\n');
    expect(await client.roundTrip(resp('BGSAVE'))).toBe('+QUEUED\r\n');
    expect(await client.roundTrip(resp('EXEC'), 'scheduled\r\n')).toBe('*1\r\n+Background saving scheduled\r\n');
    for (let i = 0; i < 100 && !existsSync(join(dir, 'dump.rdb')); i++) await new Promise((r) => setTimeout(r, 10));
    await a.server.snapshots.running;
    expect(existsSync(join(dir, 'dump.rdb'))).toBe(true);
  });

  it('save points: the cron saves once N changes are older than M seconds, not before', async () => {
    const a = await start({ hz: 100, save: '10 3' });
    a.clock.freeze();
    const redis = connect(a);
    await redis.set('a', '1');
    await redis.set('b', '2');
    a.clock.advance(11_000);
    await new Promise((r) => setTimeout(r, 60));
    expect(existsSync(join(dir, 'dump.rdb'))).toBe(false);
    await redis.set('c', '3');
    for (let i = 0; i < 100 && !existsSync(join(dir, 'dump.rdb')); i++) await new Promise((r) => setTimeout(r, 10));
    await a.server.snapshots.running;
    expect(existsSync(join(dir, 'dump.rdb'))).toBe(true);
    expect(infoField(await redis.info('persistence'), 'rdb_changes_since_last_save')).toBe('0');
  });
});

describe('a failed save: MISCONF until a save succeeds', () => {
  it('refuses writes and PING with Redis\'s MISCONF text, reads still work, writes resume after a good BGSAVE', async () => {
    const a = await start({ 'enable-protected-configs': 'yes', save: '3600 1' });
    const client = await raw(a);
    const gone = join(dir, 'gone');
    mkdirSync(gone);
    await rawReply(client, 'SET', 'k', 'v');
    expect(await rawReply(client, 'CONFIG', 'SET', 'dir', gone)).toBe('+OK\r\n');
    rmSync(gone, { recursive: true });
    expect(await rawReply(client, 'BGSAVE')).toBe('+Background saving started\r\n');
    await a.server.snapshots.running;
    expect(infoField(await rawReply(client, 'INFO', 'persistence'), 'rdb_last_bgsave_status')).toBe('err');
    expect(await rawReply(client, 'SET', 'k', 'w')).toBe(MISCONF);
    expect(await rawReply(client, 'PING')).toBe(MISCONF);
    expect(await rawReply(client, 'GET', 'k')).toBe('$1\r\nv\r\n');
    expect(await client.roundTrip(resp('MULTI'))).toBe('+OK\r\n');
    expect(await client.roundTrip(resp('SET', 'k', 'w'))).toBe(MISCONF);
    expect(await client.roundTrip(resp('EXEC'))).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n');
    // Scripts: a write inside one fails at the write; one declaring it may write is refused up front.
    expect(await rawReply(client, 'EVAL', "return redis.call('set','k','w')", '0')).toMatch(
      new RegExp(`^${MISCONF.slice(0, -2).replace(/[.()]/g, '\\$&')} script: [0-9a-f]{40}, on @user_script:1\\.\r\n$`),
    );
    expect(await rawReply(client, 'EVAL', "#!lua\nreturn redis.call('get','k')", '0')).toBe(MISCONF);
    expect(await rawReply(client, 'EVAL', "#!lua flags=no-writes\nreturn redis.call('get','k')", '0')).toBe('$1\r\nv\r\n');
    // Without save points, or with stop-writes-on-bgsave-error off, writes go through.
    expect(await rawReply(client, 'CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'no')).toBe('+OK\r\n');
    expect(await rawReply(client, 'SET', 'k', 'w')).toBe('+OK\r\n');
    expect(await rawReply(client, 'CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'yes')).toBe('+OK\r\n');
    expect(await rawReply(client, 'SET', 'k', 'w')).toBe(MISCONF);
    expect(await rawReply(client, 'CONFIG', 'SET', 'dir', dir)).toBe('+OK\r\n');
    expect(await rawReply(client, 'BGSAVE')).toBe('+Background saving started\r\n');
    await a.server.snapshots.running;
    expect(await rawReply(client, 'SET', 'k', 'x')).toBe('+OK\r\n');
    expect(await rawReply(client, 'PING')).toBe('+PONG\r\n');
  });
});

describe('SHUTDOWN saves first', () => {
  it('SHUTDOWN fails with Redis\'s error and the server keeps running when the save fails', async () => {
    const a = await start({ 'enable-protected-configs': 'yes', save: '3600 1' });
    const client = await raw(a);
    const gone = join(dir, 'gone');
    mkdirSync(gone);
    await rawReply(client, 'CONFIG', 'SET', 'dir', gone);
    rmSync(gone, { recursive: true });
    expect(await rawReply(client, 'SHUTDOWN')).toBe('-ERR Errors trying to SHUTDOWN. Check logs.\r\n');
    expect(await rawReply(client, 'SHUTDOWN', 'SAVE')).toBe('-ERR Errors trying to SHUTDOWN. Check logs.\r\n');
    expect(await rawReply(client, 'PING')).toBe('+PONG\r\n');
    expect(a.server.isClosed).toBe(false);
  });

  it('SHUTDOWN SAVE writes the file even without save points; the next start loads it', async () => {
    const a = await start();
    const redis = connect(a);
    await redis.rpush('list', 'a', 'b', 'c');
    const client = await raw(a);
    client.write('*2\r\n$8\r\nSHUTDOWN\r\n$4\r\nSAVE\r\n');
    expect(await client.waitClosed()).toBe(true);
    expect(existsSync(join(dir, 'dump.rdb'))).toBe(true);
    const b = await start();
    expect(b.db(0).get('list')).toEqual(['a', 'b', 'c']);
  });

  it('SHUTDOWN NOSAVE writes nothing even with save points', async () => {
    const a = await start({ save: '3600 1' });
    const client = await raw(a);
    await rawReply(client, 'SET', 'k', 'v');
    client.write('*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n');
    expect(await client.waitClosed()).toBe(true);
    expect(existsSync(join(dir, 'dump.rdb'))).toBe(false);
  });
});

describe.runIf(requireProgram('redis-server', 'apt-get install redis-server'))('files exchanged with a real redis-server', () => {
  it('redis-server 7.0 loads our BGSAVE file, and we load the file it saves', async () => {
    const a = await start();
    const redis = connect(a);
    await writeMixedDataset(redis, 0, 200);
    await writeMixedDataset(redis, 3, 30, 'three');
    await redis.bgsave();
    await a.server.snapshots.running;
    const ours = dumpDataset(a.server);
    await a.close();

    const real = await startRealRedis(['--dir', dir, '--dbfilename', 'dump.rdb']);
    try {
      const r = new Redis({ port: real.port });
      pool.adoptClient(r);
      expect(await r.dbsize()).toBe(Object.keys(ours[0] ?? {}).length);
      expect(await r.lrange('k:biglist', 0, -1)).toHaveLength(300);
      await r.select(3);
      expect(await r.dbsize()).toBe(Object.keys(ours[3] ?? {}).length);
      // Redis writes its own file back; loading it must give the same dataset.
      rmSync(join(dir, 'dump.rdb'));
      expect(await r.save()).toBe('OK');
    } finally {
      await real.stop();
    }
    const b = await start();
    expect(dumpDataset(b.server)).toEqual(ours);
  });

  it('function libraries go both ways too (FUNCTION2 records)', async () => {
    const library = "#!lua name=lib2\nredis.register_function('echo2', function(keys, args) return args[1] end)";
    const a = await start();
    const redis = connect(a);
    await redis.call('FUNCTION', 'LOAD', library);
    await redis.set('k', 'v');
    expect(await redis.save()).toBe('OK');
    await a.close();
    if (hasProgram('redis-check-rdb')) {
      const check = spawnSync('redis-check-rdb', [join(dir, 'dump.rdb')], { encoding: 'utf8' });
      expect(check.status, check.stdout).toBe(0);
    }
    const real = await startRealRedis(['--dir', dir, '--dbfilename', 'dump.rdb']);
    try {
      const r = new Redis({ port: real.port });
      pool.adoptClient(r);
      expect(await r.call('FCALL', 'echo2', 0, 'from-redis')).toBe('from-redis');
      expect(await r.get('k')).toBe('v');
      rmSync(join(dir, 'dump.rdb'));
      expect(await r.save()).toBe('OK');
    } finally {
      await real.stop();
    }
    const b = await start();
    expect(await connect(b).call('FCALL', 'echo2', 0, 'back')).toBe('back');
  });
});
