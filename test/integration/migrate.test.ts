// MIGRATE against real redis-server 7.0.15: the same script of MIGRATE calls run with tsredis and
// with a real redis-server as the source must get the same reply bytes and leave the targets in
// the same state; real Redis migrates into tsredis; the handler waits without blocking other
// clients; the AOF logs DEL of the moved keys; a cluster-mode redis-server migrates into tsredis with
// RESTORE-ASKING. Every expected text was read off redis-server 7.0.15.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import {
  freePort, rawReply, RawClient, requireProgram, resp, startRealRedis, startTestServer, type RealRedis, type RunningServer,
} from '../helpers/server.js';

const available = requireProgram('redis-server', 'sudo apt-get install -y redis-server redis-tools');

const H = '127.0.0.1';

/** The reply-by-reply transcript of a source migrating to `target` (no password) and `locked` (requirepass pw). */
async function migrateScript(source: RawClient, target: number, locked: number, closedPort: number): Promise<string[]> {
  const t = String(target);
  const l = String(locked);
  const steps: string[][] = [
    ['SET', 'k', 'v'], ['SET', 'k2', 'v2'], ['PEXPIRE', 'k2', '50000'],
    ['MIGRATE', H, t, 'k', '0', '1000'],
    ['EXISTS', 'k'],
    ['MIGRATE', H, t, 'nokey', '0', '1000'],
    ['SET', 'k', 'v'],
    ['MIGRATE', H, t, 'k', '0', '1000'],
    ['MIGRATE', H, t, 'k', '0', '1000', 'REPLACE', 'COPY'],
    ['EXISTS', 'k'],
    ['MIGRATE', H, t, 'k', '99', '1000', 'COPY'],
    // After a target error the connection's db is unknown (-1): db -1 then sends no SELECT at all.
    ['MIGRATE', H, t, 'k', '-1', '1000', 'COPY', 'REPLACE'],
    ['MIGRATE', H, l, 'k', '0', '1000', 'COPY'],
    ['MIGRATE', H, l, 'k', '0', '1000', 'COPY', 'AUTH', 'bad'],
    ['MIGRATE', H, l, 'k', '0', '1000', 'COPY', 'AUTH', 'pw'],
    ['MIGRATE', H, l, 'k', '0', '1000', 'COPY', 'AUTH2', 'default', 'pw'],
    ['MIGRATE', H, l, 'k', '0', '1000', 'COPY', 'AUTH2', 'default'],
    ['MIGRATE', H, l, 'k', '0', '1000', 'COPY', 'AUTH'],
    ['MIGRATE', H, t, 'k', '0', '1000', 'foo'],
    ['MIGRATE', H, t, 'k', '0', '1000', 'KEYS', 'k'],
    ['MIGRATE', H, t, '', '0', '1000', 'KEYS'],
    ['MIGRATE', H, t, '', 'x', '1000', 'KEYS', 'k'],
    ['MIGRATE', H, t, '', '0', 'x', 'KEYS', 'k'],
    ['MIGRATE', H, t, '', '0', 'x', 'foo'],
    ['MIGRATE', H, String(closedPort), 'k', '0', '1000', 'COPY'],
    ['MIGRATE', H, 'notaport', 'k', '0', '1000', 'COPY'],
    ['MIGRATE', 'nonexistent.invalid', t, 'k', '0', '1000', 'COPY'],
    // k is on the target already: its RESTORE fails, k2's succeeds and k2 alone is deleted here.
    ['MIGRATE', H, t, '', '0', '1000', 'KEYS', 'k', 'k2', 'nokey'],
    ['EXISTS', 'k', 'k2'],
    ['SET', 'k3', 'v3'], ['HSET', 'h', 'f', 'v'], ['RPUSH', 'l', 'a', 'b'],
    ['MIGRATE', H, t, '', '3', '0', 'KEYS', 'k3', 'h', 'l'],
    ['EXISTS', 'k3', 'h', 'l'],
  ];
  const out: string[] = [];
  const label = (arg: string): string => (arg === t ? 'T' : arg === l ? 'L' : arg === String(closedPort) ? 'CLOSED' : arg);
  for (const step of steps) out.push(`${step.map(label).join(' ')} -> ${await rawReply(source, ...step)}`);
  return out;
}

/** What a target holds, db by db, for comparison. */
async function contents(port: number, password?: string): Promise<string[]> {
  const client = new Redis({ port, host: H, lazyConnect: true, ...(password === undefined ? {} : { password }) });
  await client.connect();
  const out: string[] = [];
  for (const db of [0, 3]) {
    await client.select(db);
    for (const key of (await client.keys('*')).sort()) {
      const ttl = await client.pttl(key);
      out.push(`${db} ${key} ${await client.type(key)} ttl=${ttl > 40_000 ? 'set' : ttl}`);
    }
  }
  out.push(`h=${JSON.stringify(await client.hgetall('h'))}`);
  client.disconnect();
  return out;
}

describe.skipIf(!available)('MIGRATE against real Redis 7.0', () => {
  let ours: RunningServer;
  let realSource: RealRedis;
  let targets: RealRedis[];
  let silent: NetServer;
  let silentPort: number;
  let closedPort: number;

  beforeAll(async () => {
    ours = await startTestServer();
    realSource = await startRealRedis();
    targets = await Promise.all([startRealRedis(), startRealRedis(['--requirepass', 'pw']), startRealRedis(), startRealRedis(['--requirepass', 'pw'])]);
    // A listener that accepts and never answers: the read timeout.
    silent = createServer(() => undefined);
    silentPort = await freePort();
    await new Promise<void>((resolve) => silent.listen(silentPort, H, resolve));
    closedPort = await freePort();
  });

  afterAll(async () => {
    await ours?.close();
    await realSource?.stop();
    await Promise.all((targets ?? []).map((t) => t.stop()));
    silent?.close();
  });

  it('gives the same replies as redis-server as the source, and leaves the targets the same', async () => {
    const a = await RawClient.connect(ours.port);
    const b = await RawClient.connect(realSource.port);
    const [t1, l1, t2, l2] = targets as [RealRedis, RealRedis, RealRedis, RealRedis];
    const fromUs = await migrateScript(a, t1.port, l1.port, closedPort);
    const fromRedis = await migrateScript(b, t2.port, l2.port, closedPort);
    expect(fromUs).toEqual(fromRedis);
    // The texts, as read off redis-server 7.0.15.
    expect(fromUs).toContain(`MIGRATE ${H} T k 0 1000 -> -ERR Target instance replied with error: BUSYKEY Target key name already exists.\r\n`);
    expect(fromUs).toContain(`MIGRATE ${H} T k 99 1000 COPY -> -ERR Target instance replied with error: ERR DB index is out of range\r\n`);
    expect(fromUs).toContain(`MIGRATE ${H} L k 0 1000 COPY -> -ERR Target instance replied with error: NOAUTH Authentication required.\r\n`);
    expect(fromUs).toContain(`MIGRATE ${H} CLOSED k 0 1000 COPY -> -IOERR error or timeout writing to target instance\r\n`);
    expect(fromUs).toContain(`MIGRATE nonexistent.invalid T k 0 1000 COPY -> -IOERR error or timeout connecting to the client\r\n`);
    expect(fromUs).toContain(`MIGRATE ${H} T nokey 0 1000 -> +NOKEY\r\n`);
    expect(fromUs).toContain(`MIGRATE ${H} T k 0 1000 KEYS k -> -ERR When using MIGRATE KEYS option, the key argument must be set to the empty string\r\n`);
    expect(await contents(t1.port)).toEqual(await contents(t2.port));
    expect(await contents(l1.port, 'pw')).toEqual(await contents(l2.port, 'pw'));
    expect(await contents(t1.port)).toContain('0 k2 string ttl=set');
    a.close();
    b.close();
  });

  it('times out reading after `timeout` ms, keeps the key, and answers other clients meanwhile', async () => {
    const a = await RawClient.connect(ours.port);
    const other = await RawClient.connect(ours.port);
    await rawReply(a, 'SET', 'slow', 'v');
    const started = Date.now();
    // The MIGRATE and a PING pipelined behind it: the PING waits for MIGRATE's reply.
    a.write(Buffer.concat([resp('MIGRATE', H, String(silentPort), 'slow', '0', '300'), resp('PING')]));
    expect(await other.roundTrip(resp('PING'))).toBe('+PONG\r\n');
    expect(Date.now() - started).toBeLessThan(250);
    const replies = (await a.readUntil('+PONG\r\n', 3000)).toString('latin1');
    expect(replies).toBe('-IOERR error or timeout reading to target instance\r\n+PONG\r\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(await rawReply(a, 'EXISTS', 'slow')).toBe(':1\r\n');
    a.close();
    other.close();
  });

  it('keeps a key another client changed while the target was answering', async () => {
    const target = targets[2] as RealRedis;
    const admin = new Redis({ port: target.port, host: H });
    const a = await RawClient.connect(ours.port);
    const other = await RawClient.connect(ours.port);
    await rawReply(a, 'RPUSH', 'raced', 'old');
    await rawReply(a, 'SET', 'replaced', 'old');
    await rawReply(a, 'SET', 'calm', 'old');
    await admin.call('CLIENT', 'PAUSE', '300', 'ALL');
    a.write(resp('MIGRATE', H, String(target.port), '', '5', '2000', 'KEYS', 'raced', 'replaced', 'calm'));
    await new Promise((r) => setTimeout(r, 50));
    // Changed in place, and replaced by a new value: both stay here, newer than the target's copy.
    expect(await rawReply(other, 'RPUSH', 'raced', 'new')).toBe(':2\r\n');
    expect(await rawReply(other, 'SET', 'replaced', 'new')).toBe('+OK\r\n');
    expect((await a.readUntil('\r\n', 3000)).toString('latin1')).toBe('+OK\r\n');
    expect(await rawReply(a, 'LRANGE', 'raced', '0', '-1')).toBe('*2\r\n$3\r\nold\r\n$3\r\nnew\r\n');
    expect(await rawReply(a, 'MGET', 'replaced', 'calm')).toBe('*2\r\n$3\r\nnew\r\n$-1\r\n');
    await admin.select(5);
    expect(await admin.lrange('raced', 0, -1)).toEqual(['old']);
    expect(await admin.mget('replaced', 'calm')).toEqual(['old', 'old']);
    admin.disconnect();
    a.close();
    other.close();
  });

  it('caches the connection to a target, with its selected db', async () => {
    const server = await startTestServer();
    const target = targets[2] as RealRedis;
    const admin = new Redis({ port: target.port, host: H });
    const a = await RawClient.connect(server.port);
    for (const key of ['c1', 'c2', 'c3']) {
      await rawReply(a, 'SET', key, 'v');
      expect(await rawReply(a, 'MIGRATE', H, String(target.port), key, '7', '1000')).toBe('+OK\r\n');
    }
    const list = String(await admin.call('CLIENT', 'LIST', 'TYPE', 'normal'));
    // One connection served the three (plus admin's own); it stays on db 7.
    expect(list.split('\n').filter((line) => line.includes(' db=7 ')).length).toBe(1);
    expect(await rawReply(a, 'INFO', 'stats').then((s) => /migrate_cached_sockets:(\d+)/.exec(s)?.[1])).toBe('1');
    admin.disconnect();
    a.close();
    await server.close();
  });

  it('is logged in the AOF as DEL of the moved keys, without holding back other clients\' writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsredis-migrate-'));
    const server = await startTestServer({ dir, appendonly: 'yes', appendfsync: 'always' });
    const target = targets[2] as RealRedis;
    const admin = new Redis({ port: target.port, host: H });
    const a = await RawClient.connect(server.port);
    const other = await RawClient.connect(server.port);
    const incr = (): string => readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.1.incr.aof'), 'latin1');
    await rawReply(a, 'MSET', 'm1', 'a', 'm2', 'b');
    await admin.call('CLIENT', 'PAUSE', '300', 'ALL');
    a.write(resp('MIGRATE', H, String(target.port), '', '0', '2000', 'REPLACE', 'KEYS', 'm1', 'm2', 'missing'));
    await new Promise((r) => setTimeout(r, 50));
    await rawReply(other, 'SET', 'during', 'x');
    // The other client's write is in the file while MIGRATE still waits.
    expect(incr()).toContain('during');
    expect((await a.readUntil('\r\n', 3000)).toString('latin1')).toBe('+OK\r\n');
    const log = incr();
    expect(log).not.toMatch(/MIGRATE/i);
    expect(log.endsWith('*3\r\n$3\r\nDEL\r\n$2\r\nm1\r\n$2\r\nm2\r\n')).toBe(true);
    expect(log.indexOf('during')).toBeLessThan(log.indexOf('DEL'));
    admin.disconnect();
    a.close();
    other.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts keys from a real redis-server MIGRATE (RESTORE), and RESTORE-ASKING', async () => {
    const real = new Redis({ port: realSource.port, host: H });
    const us = new Redis({ port: ours.port, host: H });
    await real.hset('from-real', 'f', 'v');
    await real.set('from-real-ttl', 'x', 'PX', 60_000);
    await real.rpush('from-real-list', 'a', 'b', 'c');
    expect(await real.call('MIGRATE', H, String(ours.port), '', '2', '1000', 'KEYS', 'from-real', 'from-real-ttl', 'from-real-list')).toBe('OK');
    expect(await real.exists('from-real', 'from-real-ttl', 'from-real-list')).toBe(0);
    await us.select(2);
    expect(await us.hgetall('from-real')).toEqual({ f: 'v' });
    expect(await us.pttl('from-real-ttl')).toBeGreaterThan(50_000);
    expect(await us.lrange('from-real-list', 0, -1)).toEqual(['a', 'b', 'c']);
    const payload = await us.dumpBuffer('from-real');
    expect(await us.call('RESTORE-ASKING', 'asked', '0', payload as Buffer)).toBe('OK');
    expect(await us.hgetall('asked')).toEqual({ f: 'v' });
    real.disconnect();
    us.disconnect();
  });

  it('migrates between two tsredis servers, and inside MULTI', async () => {
    const other = await startTestServer();
    const us = new Redis({ port: ours.port, host: H });
    const them = new Redis({ port: other.port, host: H });
    await us.zadd('z', 1, 'a', 2, 'b');
    await us.set('s', 'v');
    // Larger than a socket buffer (Redis writes it in 64 KB chunks).
    const big = Buffer.alloc(3_000_000, 'x');
    await us.set('big', big);
    expect(await us.call('MIGRATE', H, String(other.port), 'big', '4', '2000')).toBe('OK');
    await them.select(4);
    expect((await them.getBuffer('big'))?.equals(big)).toBe(true);
    await them.select(0);
    const exec = await us.multi()
      .call('MIGRATE', H, String(other.port), 'z', '0', '1000')
      .call('MIGRATE', H, String(other.port), 's', '0', '1000', 'COPY')
      .exists('z', 's')
      .exec();
    expect(exec).toEqual([[null, 'OK'], [null, 'OK'], [null, 1]]);
    expect(await them.zrange('z', '0', '-1')).toEqual(['a', 'b']);
    expect(await them.zscore('z', 'b')).toBe('2');
    expect(await them.get('s')).toBe('v');
    us.disconnect();
    them.disconnect();
    await other.close();
  });

  it('finds its keys as COMMAND GETKEYS does in redis-server 7.0.15', async () => {
    const us = new Redis({ port: ours.port, host: H });
    const real = new Redis({ port: realSource.port, host: H });
    for (const argv of [
      ['MIGRATE', 'h', '1', 'k', '0', '5'],
      ['MIGRATE', 'h', '1', '', '0', '5', 'AUTH', 'keys', 'KEYS', 'a', 'b'],
      ['MIGRATE', 'h', '1', '', '0', '5', 'AUTH2', 'u', 'p', 'COPY', 'KEYS', 'a'],
    ]) {
      expect(await us.call('COMMAND', 'GETKEYS', ...argv)).toEqual(await real.call('COMMAND', 'GETKEYS', ...argv));
    }
    us.disconnect();
    real.disconnect();
  });
});

describe.skipIf(!available)('MIGRATE: connections, secrets, scripts', () => {
  let ours: RunningServer;
  let target: RealRedis;

  beforeAll(async () => {
    ours = await startTestServer();
    target = await startRealRedis(['--requirepass', 'pw']);
  });

  afterAll(async () => {
    await ours?.close();
    await target?.stop();
  });

  it('reconnects when the target closed the cached connection', async () => {
    const a = await RawClient.connect(ours.port);
    const admin = new Redis({ port: target.port, host: H, password: 'pw' });
    await rawReply(a, 'SET', 'r1', 'v');
    expect(await rawReply(a, 'MIGRATE', H, String(target.port), 'r1', '0', '1000', 'AUTH', 'pw')).toBe('+OK\r\n');
    expect(await admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes')).toBe(1);
    await rawReply(a, 'SET', 'r2', 'v');
    expect(await rawReply(a, 'MIGRATE', H, String(target.port), 'r2', '0', '1000', 'AUTH', 'pw')).toBe('+OK\r\n');
    expect(await admin.exists('r1', 'r2')).toBe(2);
    admin.disconnect();
    a.close();
  });

  it('hides AUTH and AUTH2 secrets from SLOWLOG as redis-server 7.0.15 does', async () => {
    const a = await RawClient.connect(ours.port);
    await rawReply(a, 'CONFIG', 'SET', 'slowlog-log-slower-than', '0');
    await rawReply(a, 'SLOWLOG', 'RESET');
    await rawReply(a, 'MIGRATE', H, String(target.port), 'none', '0', '1000', 'COPY', 'AUTH2', 'default', 'pw');
    await rawReply(a, 'MIGRATE', H, String(target.port), '', '0', '1000', 'AUTH', 'pw', 'KEYS', 'none');
    const us = new Redis({ port: ours.port, host: H });
    const entries = (await us.call('SLOWLOG', 'GET', '10')) as Array<[number, number, number, string[]]>;
    const args = entries.map((entry) => entry[3].join(' ')).filter((line) => line.startsWith('MIGRATE'));
    expect(args).toEqual([
      `MIGRATE ${H} ${target.port}  0 1000 AUTH (redacted) KEYS none`,
      `MIGRATE ${H} ${target.port} none 0 1000 COPY AUTH2 (redacted) (redacted)`,
    ]);
    us.disconnect();
    a.close();
  });

  it('refuses to run inside a script, which cannot wait for the target', async () => {
    const a = await RawClient.connect(ours.port);
    await rawReply(a, 'SET', 'in-script', 'v');
    expect(await rawReply(a, 'EVAL', `return redis.call('MIGRATE', '${H}', '${target.port}', 'in-script', '0', '1000')`, '0')).toMatch(
      /^-ERR MIGRATE cannot run here/,
    );
    expect(await rawReply(a, 'EXISTS', 'in-script')).toBe(':1\r\n');
    a.close();
  });
});

describe.skipIf(!available)('MIGRATE: a caller that goes away', () => {
  it('finishes without the client and the server carries on', async () => {
    const server = await startTestServer();
    const silent = createServer(() => undefined);
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, H, resolve));
    const a = await RawClient.connect(server.port);
    await rawReply(a, 'SET', 'left', 'v');
    a.write(resp('MIGRATE', H, String(port), 'left', '0', '100'));
    await new Promise((r) => setTimeout(r, 20));
    a.close();
    await new Promise((r) => setTimeout(r, 200));
    const b = await RawClient.connect(server.port);
    expect(await rawReply(b, 'EXISTS', 'left')).toBe(':1\r\n');
    b.close();
    silent.close();
    await server.close();
  });
});

describe.skipIf(!available)('MIGRATE from a redis-server in cluster mode', () => {
  it('lands in tsredis through RESTORE-ASKING', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsredis-migrate-cluster-'));
    const source = await startRealRedis(['--dir', dir, '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf']);
    const ours = await startTestServer();
    const real = new Redis({ port: source.port, host: H });
    const us = new Redis({ port: ours.port, host: H });
    try {
      await real.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
      for (let i = 0; i < 100 && !String(await real.call('CLUSTER', 'INFO')).includes('cluster_state:ok'); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      await real.set('clustered', 'v', 'PX', 60_000);
      expect(await real.call('MIGRATE', H, String(ours.port), 'clustered', '0', '1000')).toBe('OK');
      expect(await us.get('clustered')).toBe('v');
      expect(await us.pttl('clustered')).toBeGreaterThan(50_000);
      expect(String(await us.info('commandstats'))).toMatch(/cmdstat_restore-asking:calls=1,/);
    } finally {
      real.disconnect();
      us.disconnect();
      await ours.close();
      await source.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
