// tsredis as the replica of a real redis-server 7.0 master: the full sync (disk-less `$EOF:` and
// `$<len>` payloads), the command stream (every type, SELECT, MULTI, scripts, functions, expiry
// DELs), the offset equal to the master's, a dropped link resumed with +CONTINUE, and what a replica
// answers (READONLY, MASTERDOWN, ROLE, INFO). Error texts were read off a redis-server 7.0.15 replica.

import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { errorOf, infoField, startTestServer, waitFor } from '../helpers/server.js';
import { caughtUp, replicationClient, startOurReplica, startRealMaster } from '../helpers/replication.js';
import { haveRedisServer, useServerPool } from '../helpers/side-by-side.js';

const HAVE_REDIS = haveRedisServer();
const pool = useServerPool();
const connect = (port: number): Redis => replicationClient(pool, port);
const startMaster = (args: string[] = []): ReturnType<typeof startRealMaster> => startRealMaster(pool, args);
const startReplica = (config: Record<string, string | number> = {}): ReturnType<typeof startOurReplica> => startOurReplica(pool, config);

/**
 * Every key of every db as comparable data: type, encoding, contents, TTL in tens of seconds (the two
 * servers are read a moment apart; under load that moment passed half a second and 1000 s read as 999).
 */
async function snapshot(client: Redis): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (let db = 0; db < 16; db++) {
    await client.select(db);
    for (const key of await client.keysBuffer('*')) {
      const type = await client.type(key);
      let value: unknown;
      if (type === 'string') value = (await client.getBuffer(key))?.toString('hex');
      else if (type === 'list') value = await client.lrange(key, 0, -1);
      else if (type === 'hash') value = Object.entries(await client.hgetall(key)).sort();
      else if (type === 'set') value = (await client.smembers(key)).sort();
      else if (type === 'zset') value = await client.zrange(key, '0', '-1', 'WITHSCORES');
      else if (type === 'stream') value = [await client.xrange(key, '-', '+'), await client.xinfo('GROUPS', key)];
      const pttl = await client.pttl(key);
      // A string loaded from an RDB is embstr when short, whatever it was on the master (as on a Redis replica).
      const encoding = String(await client.object('ENCODING', key)).replace(/^(embstr|raw)$/, 'str');
      out[`${db}:${key.toString('hex')}`] = [type, encoding, value, pttl < 0 ? pttl : Math.round(pttl / 10_000)];
    }
  }
  await client.select(0);
  return out;
}

async function writeEveryType(m: Redis, tag: string): Promise<void> {
  await m.set(`${tag}:str`, 'hello');
  await m.set(`${tag}:int`, '12345');
  await m.incrby(`${tag}:int`, 10);
  await m.set(`${tag}:bin`, Buffer.from([0, 255, 1, 128]));
  await m.rpush(`${tag}:list`, 'a', 'b', 'c', '1');
  await m.rpush(`${tag}:biglist`, ...Array.from({ length: 300 }, (_, i) => `item-${i}`));
  await m.hset(`${tag}:hash`, 'f1', 'v1', 'f2', '2');
  await m.hset(`${tag}:bighash`, ...Array.from({ length: 300 }, (_, i) => [`f${i}`, `v${i}`]).flat());
  await m.sadd(`${tag}:intset`, 1, 2, 3);
  await m.sadd(`${tag}:set`, 'x', 'y', 'z');
  await m.zadd(`${tag}:zset`, 1, 'one', 2.5, 'two');
  await m.zadd(`${tag}:bigzset`, ...Array.from({ length: 200 }, (_, i) => [i, `m${i}`]).flat());
  await m.pfadd(`${tag}:hll`, 'a', 'b', 'c');
  await m.xadd(`${tag}:stream`, '1-1', 'k', 'v');
  await m.xadd(`${tag}:stream`, '*', 'k2', 'v2');
  await m.xgroup('CREATE', `${tag}:stream`, 'g', '0');
  await m.setex(`${tag}:ttl`, 1000, 'v');
  await m.pexpire(`${tag}:hash`, 500_000);
  await m.select(3);
  await m.set(`${tag}:db3`, 'three');
  await m.lpush(`${tag}:db3list`, 'q');
  await m.select(0);
}

describe.skipIf(!HAVE_REDIS)('tsredis replica of a redis-server 7.0 master', () => {
  it('full sync by a disk-less $EOF payload, then the stream: every type, SELECT, MULTI, scripts, functions', async () => {
    const { master, m } = await startMaster();
    await writeEveryType(m, 'before');
    await m.function('LOAD', "#!lua name=lib\nredis.register_function('setit', function(keys, args) return redis.call('set', keys[1], args[1]) end)");
    const { r, server } = await startReplica();
    expect(await r.replicaof('127.0.0.1', master.port)).toBe('OK');
    await caughtUp(m, r);
    expect(server.replicaSide.link?.fullSyncs).toBe(1);
    await writeEveryType(m, 'after');
    await m.multi().set('tx:a', '1').incr('tx:b').lpush('tx:l', 'x').exec();
    await m.eval("redis.call('set', KEYS[1], 'from-lua'); redis.call('hset', KEYS[2], 'f', ARGV[1]); return 1", 2, 'lua:s', 'lua:h', 'v');
    await m.fcall('setit', 1, 'fn:key', 'fn-value');
    await m.del('after:str');
    await m.rename('after:set', 'after:set2');
    await m.select(5);
    await m.set('db5', 'five');
    await m.flushdb();
    await m.set('db5b', 'five-b');
    await m.select(0);
    await caughtUp(m, r);
    expect(await snapshot(r)).toEqual(await snapshot(m));
    expect(await r.function('LIST')).toEqual(await m.function('LIST'));
  });

  it('full sync by a $<len> payload (repl-diskless-sync no); replicaof on the command line', async () => {
    const { master, m } = await startMaster(['--repl-diskless-sync', 'no']);
    await writeEveryType(m, 'disk');
    const { r } = await startReplica({ replicaof: `127.0.0.1 ${master.port}` });
    await caughtUp(m, r);
    expect(await snapshot(r)).toEqual(await snapshot(m));
    await m.set('later', 'x');
    await caughtUp(m, r);
    expect(await r.get('later')).toBe('x');
  });

  it('big payloads in both forms arrive in many reads: 20000 keys and a 3 MB value', async () => {
    for (const diskless of ['yes', 'no']) {
      const { master, m } = await startMaster(['--repl-diskless-sync', diskless]);
      const pipeline = m.pipeline();
      for (let i = 0; i < 20_000; i++) pipeline.set(`key:${i}`, `value-${i}`);
      pipeline.set('huge', Buffer.alloc(3 * 1024 * 1024, 'abcdefgh'));
      await pipeline.exec();
      const { r } = await startReplica({ slaveof: `127.0.0.1 ${master.port}` });
      await caughtUp(m, r);
      expect(await r.dbsize()).toBe(20_001);
      expect((await r.getBuffer('huge'))?.equals(Buffer.alloc(3 * 1024 * 1024, 'abcdefgh'))).toBe(true);
      expect(await r.get('key:19999')).toBe('value-19999');
      // And a big value by the stream.
      await m.set('huge2', Buffer.alloc(2 * 1024 * 1024, 'xyz'));
      await caughtUp(m, r);
      expect(await r.strlen('huge2')).toBe(2 * 1024 * 1024);
    }
  });

  it('with appendonly yes, the AOF is rewritten after a full sync: a restart finds the master\'s data', async () => {
    const { master, m } = await startMaster();
    await writeEveryType(m, 'aof');
    const dir = pool.tempDir('tsredis-replica-aof-');
    const first = await startTestServer({ dir, appendonly: 'yes' });
    const before = connect(first.port);
    await before.set('local-before-sync', '1');
    await before.replicaof('127.0.0.1', master.port);
    await caughtUp(m, before);
    await m.set('by-stream', 'x');
    await caughtUp(m, before);
    // Both fields from one reply: read from two, a rewrite the cron starts between them looks done.
    await waitFor('the AOF rewrite', async () => {
      const persistence = await before.info('persistence');
      return infoField(persistence, 'aof_rewrite_in_progress') === '0' && infoField(persistence, 'aof_rewrite_scheduled') === '0';
    });
    const wanted = await snapshot(m);
    before.disconnect();
    await first.close();
    const second = await pool.tsredis({ dir, appendonly: 'yes' });
    expect(await snapshot(connect(second.port))).toEqual(wanted);
  });

  it('refuses clients writes with READONLY, also queued in MULTI; ROLE and INFO replication as a replica', async () => {
    const { master, m } = await startMaster();
    await m.set('k', 'v');
    const { r } = await startReplica();
    await r.replicaof('127.0.0.1', master.port);
    await caughtUp(m, r);
    expect(await errorOf(r.set('k', 'w'))).toBe("READONLY You can't write against a read only replica.");
    // WAIT is refused on a replica before its arguments are read (text read off a 7.0.15 replica).
    expect(await errorOf(r.call('WAIT', 'x', 'y'))).toBe(
      'ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.',
    );
    expect(await r.get('k')).toBe('v');
    // Scripts: a write inside one fails as the client's would; a script declaring it may write does
    // not start; one flagged no-writes runs (texts from a 7.0.15 replica).
    const body = "return redis.call('set','x','1')";
    const sha = await m.script('LOAD', body) as string;
    expect(await errorOf(r.eval(body, 0))).toBe(`READONLY You can't write against a read only replica. script: ${sha}, on @user_script:1.`);
    expect(await errorOf(r.eval("#!lua\nreturn redis.call('get','k')", 0))).toBe("READONLY You can't write against a read only replica.");
    expect(await r.eval("#!lua flags=no-writes\nreturn redis.call('get','k')", 0)).toBe('v');
    expect(await r.publish('c', 'm')).toBe(0);
    const tx = await r.multi().set('a', '1').get('k').exec().catch((err: Error) => err.message);
    expect(String(tx)).toContain('EXECABORT');
    const role = (await r.role()) as unknown[];
    const offset = Number(infoField(await m.info('replication'), 'master_repl_offset'));
    expect(role).toEqual(['slave', '127.0.0.1', master.port, 'connected', offset]);
    const info = await r.info('replication');
    expect(infoField(info, 'role')).toBe('slave');
    expect(infoField(info, 'master_host')).toBe('127.0.0.1');
    expect(infoField(info, 'master_port')).toBe(String(master.port));
    expect(infoField(info, 'master_link_status')).toBe('up');
    expect(infoField(info, 'master_sync_in_progress')).toBe('0');
    expect(infoField(info, 'slave_read_repl_offset')).toBe(String(offset));
    expect(infoField(info, 'slave_read_only')).toBe('1');
    // A synced replica shows its master's replid and offset as its own.
    expect(infoField(info, 'master_replid')).toBe(infoField(await m.info('replication'), 'master_replid'));
    expect(infoField(info, 'master_repl_offset')).toBe(String(offset));
    expect(await r.replicaof('127.0.0.1', master.port)).toBe('OK Already connected to specified master');
    // replica-read-only no: writes are accepted (and lost at the next full sync, as in Redis).
    await r.config('SET', 'replica-read-only', 'no');
    expect(await r.set('local', '1')).toBe('OK');
    // The master's replicas list names us, acknowledged at our offset.
    await waitFor('the master to see our ACK', async () => (await m.info('replication')).includes(`offset=${offset},`));
  });

  it('a dropped link resumes with a partial resync (+CONTINUE) and the writes made meanwhile', async () => {
    const { master, m } = await startMaster();
    const { r, server } = await startReplica();
    await r.replicaof('127.0.0.1', master.port);
    await m.set('a', '1');
    await caughtUp(m, r);
    const link = server.replicaSide.link;
    expect(link).toBeDefined();
    // The master drops us, writes on, and we reconnect by ourselves about a second later.
    await m.call('CLIENT', 'KILL', 'TYPE', 'replica');
    await m.set('b', '2');
    await m.multi().incr('c').incr('c').exec();
    await caughtUp(m, r);
    expect(link?.partialSyncs).toBe(1);
    expect(link?.fullSyncs).toBe(1);
    expect(infoField(await m.info('stats'), 'sync_partial_ok')).toBe('1');
    expect(await r.mget('a', 'b', 'c')).toEqual(['1', '2', '2']);
    // The link killed on our side resumes the same way.
    link?.dropLink();
    await m.set('d', '4');
    await caughtUp(m, r);
    expect(link?.partialSyncs).toBe(2);
    expect(await r.get('d')).toBe('4');
  });

  it('keys do not expire on the replica by themselves: they read as missing until the master DELs them', async () => {
    const { master, m } = await startMaster(['--enable-debug-command', 'yes']);
    const { r } = await startReplica();
    await r.replicaof('127.0.0.1', master.port);
    await caughtUp(m, r);
    await m.debug('SET-ACTIVE-EXPIRE', 0);
    await m.set('short', 'v', 'PX', 50);
    await caughtUp(m, r);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await r.get('short')).toBeNull();
    expect(await r.dbsize()).toBe(1);
    // A CLIENT PAUSE ending does not switch a replica's expiry back on.
    await r.call('CLIENT', 'PAUSE', '50', 'WRITE');
    await r.call('CLIENT', 'UNPAUSE');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await r.dbsize()).toBe(1);
    // The master's lazy expiry sends DEL.
    expect(await m.get('short')).toBeNull();
    await caughtUp(m, r);
    expect(await r.dbsize()).toBe(0);
    // Eviction on the master reaches us as DEL too.
    await m.config('SET', 'maxmemory-policy', 'allkeys-random');
    for (let i = 0; i < 50; i++) await m.set(`big${i}`, 'x'.repeat(10_000));
    await m.config('SET', 'maxmemory', '1');
    await m.set('trigger', 'x').catch(() => undefined);
    await caughtUp(m, r);
    expect(await r.dbsize()).toBe(await m.dbsize());
  });

  it('MASTERDOWN while the link is down with replica-serve-stale-data no; REPLICAOF NO ONE keeps the data', async () => {
    const { master, m } = await startMaster();
    await m.set('kept', 'yes');
    const { r } = await startReplica();
    await r.replicaof('127.0.0.1', master.port);
    await caughtUp(m, r);
    await r.config('SET', 'replica-serve-stale-data', 'no');
    const masterInfo = await m.info('replication');
    await master.stop();
    await waitFor('the link to drop', async () => infoField(await r.info('replication'), 'master_link_status') === 'down');
    expect(await errorOf(r.get('kept'))).toBe("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
    // Only commands flagged stale run (INFO, ROLE, CONFIG ...): PING is refused too, as by 7.0.15.
    expect(await errorOf(r.ping())).toBe("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
    expect(await r.config('GET', 'databases')).toEqual(['databases', '16']);
    const role = (await r.role()) as unknown[];
    expect(role[0]).toBe('slave');
    expect(role[4]).toBe(-1);
    expect(await r.replicaof('NO', 'ONE')).toBe('OK');
    expect(await r.get('kept')).toBe('yes');
    // shiftReplicationId: a new replid; the old master's one is replid2, valid up to our offset.
    const promoted = await r.info('replication');
    const offset = Number(infoField(masterInfo, 'master_repl_offset'));
    expect(infoField(promoted, 'master_replid')).not.toBe(infoField(masterInfo, 'master_replid'));
    expect(infoField(promoted, 'master_replid')).toMatch(/^[0-9a-f]{40}$/);
    expect(infoField(promoted, 'master_replid2')).toBe(infoField(masterInfo, 'master_replid'));
    expect(infoField(promoted, 'master_repl_offset')).toBe(String(offset));
    expect(infoField(promoted, 'second_repl_offset')).toBe(String(offset + 1));
    expect(await r.set('now', 'writable')).toBe('OK');
    expect(((await r.role()) as unknown[])[0]).toBe('master');
  });
});
