// tsredis as the master of a real redis-server 7.0 replica: the full sync (+FULLRESYNC and an RDB),
// the command stream byte for byte against the stream a real 7.0.15 master sends for the same writes
// (SELECT, MULTI/EXEC, scripts as their effects, expired keys as DEL, EXPIRE as PEXPIREAT), a real
// replica's keyspace equal to ours, WAIT, a dropped link resumed with +CONTINUE, ROLE, INFO, CLIENT LIST.

import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/index.js';
import { existingMasterOf } from '../../src/replication/master.js';
import { infoField, resp, type RawClient, waitFor } from '../helpers/server.js';
import { replicationClient } from '../helpers/replication.js';
import { haveRedisServer, useServerPool } from '../helpers/side-by-side.js';

const HAVE_REDIS = haveRedisServer();
const pool = useServerPool();
const connect = (port: number): Redis => replicationClient(pool, port);

async function startMaster(): Promise<{ srv: RunningServer; m: Redis }> {
  const srv = await pool.tsredis();
  return { srv, m: connect(srv.port) };
}

async function startReplicaOf(port: number): Promise<Redis> {
  const replica = await pool.realRedis(['--replicaof', '127.0.0.1', String(port)]);
  const r = connect(replica.port);
  await waitFor('the replica link', async () => infoField(await r.info('replication'), 'master_link_status') === 'up');
  return r;
}

/** Every key of databases 0..3 as [db, key, type, content, has TTL], read type by type. */
async function keyspaceOf(client: Redis): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let db = 0; db < 4; db++) {
    await client.select(db);
    const keys = (await client.keys('*')).sort();
    for (const key of keys) {
      const type = await client.type(key);
      let content: unknown;
      if (type === 'string') content = await client.getBuffer(key);
      else if (type === 'list') content = await client.lrange(key, 0, -1);
      else if (type === 'hash') content = Object.entries(await client.hgetall(key)).sort();
      else if (type === 'set') content = (await client.smembers(key)).sort();
      else if (type === 'zset') content = await client.call('ZRANGE', key, '0', '-1', 'WITHSCORES');
      else if (type === 'stream') content = [await client.xrange(key, '-', '+'), await client.call('XINFO', 'GROUPS', key)];
      out.push([db, key, type, content, (await client.pttl(key)) > 0]);
    }
  }
  await client.select(0);
  return out;
}

/** Load every data type, in several databases, with TTLs and a function library. */
async function writeEveryType(m: Redis, tag: string): Promise<void> {
  await m.set(`str:${tag}`, 'hello');
  await m.set(`int:${tag}`, '12345');
  await m.set(`big:${tag}`, 'x'.repeat(5000));
  await m.set(`ttl:${tag}`, 'v', 'EX', 1000);
  await m.rpush(`list:${tag}`, 'a', 'b', 'c', '1', '2');
  await m.hset(`hash:${tag}`, 'f1', 'v1', 'f2', '2');
  await m.sadd(`iset:${tag}`, '1', '2', '3');
  await m.sadd(`set:${tag}`, 'a', 'b', 'c');
  await m.zadd(`zset:${tag}`, 1, 'one', 2.5, 'two', -3, 'three');
  await m.xadd(`stream:${tag}`, '1-1', 'f', 'v');
  await m.xadd(`stream:${tag}`, '2-1', 'g', 'w');
  await m.xgroup('CREATE', `stream:${tag}`, 'grp', '0');
  await m.pfadd(`hll:${tag}`, 'a', 'b', 'c');
  await m.select(3);
  await m.set(`db3:${tag}`, 'three');
  await m.hset(`db3hash:${tag}`, 'a', '1');
  await m.select(0);
  await m.multi().incr(`counter:${tag}`).lpush(`mlist:${tag}`, 'x').exec();
  await m.eval("redis.call('set', KEYS[1], 'from-lua'); return redis.call('incr', KEYS[2])", 2, `lua:${tag}`, `luacount:${tag}`);
  await m.incrbyfloat(`float:${tag}`, 1.5);
  await m.expire(`str:${tag}`, 5000);
}

/** Become a replica by hand: PSYNC, then read +FULLRESYNC and the RDB; returns the reply line. */
async function rawReplica(port: number): Promise<{ raw: RawClient; header: string }> {
  const raw = await pool.raw(port);
  expect(await raw.roundTrip(resp('REPLCONF', 'listening-port', '7777'))).toBe('+OK\r\n');
  expect(await raw.roundTrip(resp('REPLCONF', 'capa', 'eof', 'capa', 'psync2'))).toBe('+OK\r\n');
  raw.write(resp('PSYNC', '?', '-1'));
  let got = Buffer.alloc(0);
  for (;;) {
    got = Buffer.concat([got, await raw.readBytes(1, 3000)]);
    const text = got.toString('latin1');
    // capa eof: the disk-less framing, $EOF:<40 chars>, the RDB, the same 40 chars.
    const eof = /^(\+FULLRESYNC [0-9a-f]{40} \d+)\r\n(?:\n)*\$EOF:([0-9a-f]{40})\r\nREDIS0010/.exec(text);
    if (eof !== null && text.endsWith(eof[2] as string)) {
      // After a disk-less RDB the stream starts at the replica's first ACK (as redis-server 7.0's).
      raw.write(resp('REPLCONF', 'ACK', '0'));
      return { raw, header: eof[1] as string };
    }
    const bulk = /^(\+FULLRESYNC [0-9a-f]{40} \d+)\r\n(?:\n)*\$(\d+)\r\n/.exec(text);
    if (bulk !== null && got.length >= bulk[0].length + Number(bulk[2])) {
      expect(got.length).toBe(bulk[0].length + Number(bulk[2]));
      return { raw, header: bulk[1] as string };
    }
    if (raw.closed) throw new Error(`closed after ${text}`);
  }
}

/** The same writes on any master; the stream they produce is read until SET end 1 arrives. */
async function streamWrites(m: Redis, raw: RawClient): Promise<string> {
  await m.set('k', 'v');
  await m.select(2);
  await m.set('k2', 'v2');
  await m.select(0);
  await m.multi().incr('n').lpush('l', 'a').exec();
  await m.eval("redis.call('set', 'x', '1'); redis.call('incr', 'x')", 0);
  await m.set('t', 'v', 'PX', 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(await m.get('t')).toBeNull();
  await m.expire('k', 100);
  await m.incrbyfloat('f', 1.5);
  await m.sadd('s', 'm1');
  await m.srem('s', 'nothing');
  await m.del('s');
  await m.set('end', '1');
  const stream = (await raw.readUntil(resp('set', 'end', '1'), 3000)).toString('latin1');
  // The absolute expiry differs with the moment; PINGs and GETACKs come when they come.
  return stream
    .replace(/PEXPIREAT\r\n\$1\r\nk\r\n\$13\r\n\d{13}\r\n/, 'PEXPIREAT\r\n$1\r\nk\r\n$13\r\n<ms>\r\n')
    .replace(/PXAT\r\n\$13\r\n\d{13}\r\n/, 'PXAT\r\n$13\r\n<ms>\r\n')
    .replaceAll('*1\r\n$4\r\nPING\r\n', '');
}

describe.skipIf(!HAVE_REDIS)('tsredis as a master (real redis-server 7.0 as the replica)', () => {
  it('streams the same bytes as a real 7.0.15 master for the same writes', async () => {
    const { srv, m } = await startMaster();
    const ours = await rawReplica(srv.port);
    expect(ours.header).toMatch(/^\+FULLRESYNC [0-9a-f]{40} 0$/);
    const ourStream = await streamWrites(m, ours.raw);

    const real = await pool.realRedis(['--repl-diskless-sync', 'no']);
    const theirs = await rawReplica(real.port);
    const theirStream = await streamWrites(connect(real.port), theirs.raw);
    expect(ourStream).toBe(theirStream);
    // Spot checks, so a failure says what is wrong.
    expect(ourStream.slice(0, 60)).toBe(Buffer.concat([resp('SELECT', '0'), resp('set', 'k', 'v'), resp('SELECT', '2')]).toString('latin1').slice(0, 60));
    expect(ourStream).toContain(resp('DEL', 't').toString('latin1'));
  });

  it('a real replica gets every type by full sync and by the stream; WAIT counts its ACK', async () => {
    const { srv, m } = await startMaster();
    await writeEveryType(m, 'before');
    await m.function('LOAD', "#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return 1 end)");
    const r = await startReplicaOf(srv.port);
    await writeEveryType(m, 'after');
    await m.function('LOAD', "#!lua name=lib2\nredis.register_function('f2', function(keys, args) return 2 end)");
    await m.flushdb();
    await writeEveryType(m, 'again');
    await m.swapdb(0, 3);
    expect(await m.wait(1, 5000)).toBe(1);
    expect(await keyspaceOf(r)).toEqual(await keyspaceOf(m));
    // Libraries in any order (a dict in Redis): compare them sorted by name.
    const libraries = async (c: Redis): Promise<string[]> => ((await c.call('FUNCTION', 'LIST')) as unknown[]).map((lib) => JSON.stringify(lib)).sort();
    expect(await libraries(r)).toEqual(await libraries(m));
    expect(await libraries(r)).toHaveLength(2);
    // A client that never wrote waits for nothing (its write offset is 0).
    const fresh = connect(srv.port);
    expect(await fresh.wait(1, 0)).toBe(1);
    // Asking for more replicas than there are: the timeout ends it with the count.
    const started = Date.now();
    expect(await m.wait(2, 150)).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    // ROLE, INFO replication, CLIENT LIST as Redis shows a master with one replica.
    const role = (await m.call('ROLE')) as [string, number, string[][]];
    expect(role[0]).toBe('master');
    expect(role[2]).toHaveLength(1);
    expect(role[2][0]?.[0]).toBe('127.0.0.1');
    const info = await m.info('replication');
    expect(infoField(info, 'connected_slaves')).toBe('1');
    expect(infoField(info, 'slave0')).toMatch(/^ip=127\.0\.0\.1,port=\d+,state=online,offset=\d+,lag=\d+$/);
    expect(infoField(info, 'repl_backlog_active')).toBe('1');
    expect(infoField(info, 'master_repl_offset')).toBe(infoField(await r.info('replication'), 'master_repl_offset'));
    expect(infoField(info, 'master_replid')).toBe(infoField(await r.info('replication'), 'master_replid'));
    expect(await m.call('CLIENT', 'LIST', 'TYPE', 'replica')).toMatch(/ flags=S /);
  });

  it('expired keys reach the replica as DEL', async () => {
    const { srv, m } = await startMaster();
    const r = await startReplicaOf(srv.port);
    await m.set('soon', 'v', 'PX', 30);
    await m.set('keep', 'v');
    expect(await m.wait(1, 2000)).toBe(1);
    expect(await r.dbsize()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await m.exists('soon')).toBe(0);
    expect(await m.wait(1, 2000)).toBe(1);
    // A replica never expires keys itself: only the master's DEL removes it.
    expect(await r.dbsize()).toBe(1);
  });

  it('evicted keys reach the replica as DEL', async () => {
    const { srv, m } = await startMaster();
    const r = await startReplicaOf(srv.port);
    const used = Number(infoField(await m.info('memory'), 'used_memory'));
    await m.config('SET', 'maxmemory-policy', 'allkeys-random');
    await m.config('SET', 'maxmemory', String(used + 100_000));
    for (let i = 0; i < 300; i++) await m.set(`key:${i}`, 'v'.repeat(1000));
    expect(Number(infoField(await m.info('stats'), 'evicted_keys'))).toBeGreaterThan(0);
    expect(await m.wait(1, 5000)).toBe(1);
    expect(await r.dbsize()).toBe(await m.dbsize());
    expect((await r.keys('*')).sort()).toEqual((await m.keys('*')).sort());
  });

  it('a replica that lost its link continues with +CONTINUE from the backlog', async () => {
    const { srv, m } = await startMaster();
    await m.set('a', '1');
    const r = await startReplicaOf(srv.port);
    const master = existingMasterOf(srv.server);
    expect(master?.syncFull).toBe(1);
    await m.call('CLIENT', 'KILL', 'TYPE', 'replica');
    await m.set('b', '2');
    await m.rpush('l', 'x', 'y');
    await waitFor('the partial resync', () => master?.syncPartialOk === 1 && master.replicas.length === 1);
    expect(await m.wait(1, 5000)).toBe(1);
    expect(master?.syncFull).toBe(1);
    expect(await keyspaceOf(r)).toEqual(await keyspaceOf(m));
  });

  it('under pipelined writes from several clients, with the link cut midway, the replica ends equal', async () => {
    const { srv, m } = await startMaster();
    const r = await startReplicaOf(srv.port);
    const writers = [connect(srv.port), connect(srv.port), connect(srv.port)];
    const load = async (c: Redis, id: number): Promise<void> => {
      for (let round = 0; round < 4; round++) {
        const p = c.pipeline();
        for (let i = 0; i < 300; i++) {
          const k = `${id}:${i % 37}`;
          switch (i % 7) {
            case 0: p.set(`s:${k}`, `v${round}:${i}`); break;
            case 1: p.incr(`n:${i % 11}`); break;
            case 2: p.lpush(`l:${k}`, String(i)); break;
            case 3: p.hset(`h:${i % 5}`, k, String(round)); break;
            case 4: p.zadd(`z:${id}`, i * 0.5, k); break;
            case 5: p.del(`s:${id}:${(i + 3) % 37}`); break;
            default: p.expire(`l:${k}`, 1000); break;
          }
        }
        await p.exec();
        if (id === 0 && round === 1) await m.call('CLIENT', 'KILL', 'TYPE', 'replica');
      }
    };
    await Promise.all(writers.map((c, id) => load(c, id)));
    const master = existingMasterOf(srv.server);
    await waitFor('the replica back', () => master?.replicas.length === 1);
    // Each writer waits for its own last write (its WAIT offset).
    expect(await Promise.all(writers.map((c) => c.wait(1, 5000)))).toEqual([1, 1, 1]);
    expect(await keyspaceOf(r)).toEqual(await keyspaceOf(m));
    expect(master?.syncFull).toBe(1);
    expect(master?.syncPartialOk).toBe(1);
  });

  it('PSYNC with the replid and an offset in the backlog answers +CONTINUE and the tail', async () => {
    const { srv, m } = await startMaster();
    const first = await rawReplica(srv.port);
    const replId = (first.header.split(' ')[1]) as string;
    await m.set('k', 'v');
    const sent = await first.raw.readUntil(resp('set', 'k', 'v'));
    first.raw.close();
    await waitFor('the replica gone', () => existingMasterOf(srv.server)?.replicas.length === 0);
    const raw = await pool.raw(srv.port);
    expect(await raw.roundTrip(resp('REPLCONF', 'capa', 'psync2'))).toBe('+OK\r\n');
    // The offset is the first byte wanted: 1, the stream from its start.
    const tail = await raw.roundTrip(resp('PSYNC', replId, '1'), resp('set', 'k', 'v').toString('latin1'));
    expect(tail).toBe(`+CONTINUE ${replId}\r\n${sent.toString('latin1')}`);
    // An offset past the end or an unknown history: a full resync.
    const other = await pool.raw(srv.port);
    expect(await other.roundTrip(resp('PSYNC', replId, '999999'), '\r\n', 300)).toMatch(/^\+FULLRESYNC /);
    const before = await pool.raw(srv.port);
    expect(await before.roundTrip(resp('PSYNC', replId, '0'), '\r\n', 300)).toMatch(/^\+FULLRESYNC /);
  });

  it('min-replicas-to-write refuses writes without enough good replicas (NOREPLICAS), then allows them', async () => {
    const { srv, m } = await startMaster();
    await m.config('SET', 'min-replicas-to-write', '1');
    await expect(m.set('a', '1')).rejects.toThrow('NOREPLICAS Not enough good replicas to write.');
    await expect(m.multi().set('a', '1').exec()).rejects.toThrow('EXECABORT');
    expect(await m.get('a')).toBeNull();
    const r = await startReplicaOf(srv.port);
    expect(await m.set('a', '1')).toBe('OK');
    expect(await m.wait(1, 2000)).toBe(1);
    expect(await r.get('a')).toBe('1');
    expect(await m.info('replication')).toMatch(/^connected_slaves:1\r\nmin_slaves_good_slaves:1\r\nslave0:/m);
    const stats = await m.info('stats');
    expect(infoField(stats, 'sync_full')).toBe('1');
    expect(Number(infoField(stats, 'total_net_repl_output_bytes'))).toBeGreaterThan(0);
  });

  it('WAIT inside MULTI answers at once; the old SYNC gets the RDB without +FULLRESYNC', async () => {
    const { srv, m } = await startMaster();
    expect(await m.multi().wait(1, 0).exec()).toEqual([[null, 0]]);
    expect(await m.wait(0, 0)).toBe(0);
    await m.set('k', 'v');
    const raw = await pool.raw(srv.port);
    raw.write(resp('SYNC'));
    const got = (await raw.readBytes(1, 2000)).toString('latin1');
    expect(got).toMatch(/^\$\d+\r\nREDIS0010/);
    await m.set('k2', 'v2');
    expect((await raw.readUntil(resp('set', 'k2', 'v2'))).toString('latin1')).toBe(`${resp('SELECT', '0').toString('latin1')}${resp('set', 'k2', 'v2').toString('latin1')}`);
  });

  it('PINGs the replicas every repl-ping-replica-period seconds, into the offsets', async () => {
    const { srv, m } = await startMaster();
    await m.config('SET', 'repl-ping-replica-period', '1');
    const { raw } = await rawReplica(srv.port);
    const ping = (await raw.readUntil('*1\r\n$4\r\nPING\r\n', 2500)).toString('latin1');
    expect(ping).toBe('*1\r\n$4\r\nPING\r\n');
    expect(infoField(await m.info('replication'), 'master_repl_offset')).toBe('14');
  });

  it('a replica that stops reading is dropped at the replica class of client-output-buffer-limit', async () => {
    const { srv, m } = await startMaster();
    await m.config('SET', 'client-output-buffer-limit', 'replica 1mb 0 0');
    const { raw } = await rawReplica(srv.port);
    raw.socket.pause();
    const master = existingMasterOf(srv.server);
    expect(master?.replicas).toHaveLength(1);
    const big = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 40 && master?.replicas.length === 1; i++) await m.set(`big:${i}`, big);
    await waitFor('the replica dropped', () => master?.replicas.length === 0);
    // A normal client with the same backlog of replies is not limited (normal class 0 0 0).
    expect(await m.get('big:0')).toHaveLength(big.length);
  });

  it('CLIENT PAUSE ALL does not hold the replicas\' ACKs', async () => {
    const { srv, m } = await startMaster();
    await startReplicaOf(srv.port);
    const link = existingMasterOf(srv.server)?.replicas[0];
    expect(link).toBeDefined();
    await m.call('CLIENT', 'PAUSE', '1500', 'ALL');
    const before = link?.ackTimeMs ?? 0;
    // The replica acknowledges once a second.
    await waitFor('an ACK during the pause', () => (link?.ackTimeMs ?? 0) > before, 1400);
    await m.call('CLIENT', 'UNPAUSE');
  });

  it('frees the backlog (and leaves the propagation feed) after repl-backlog-ttl seconds without replicas', async () => {
    const { srv, m } = await startMaster();
    await m.config('SET', 'repl-backlog-ttl', '1');
    const { raw } = await rawReplica(srv.port);
    await m.set('k', 'v');
    expect(infoField(await m.info('replication'), 'repl_backlog_active')).toBe('1');
    raw.close();
    await waitFor('the backlog freed', async () => infoField(await m.info('replication'), 'repl_backlog_active') === '0', 3000);
    expect(srv.server.propagation).toBeUndefined();
    // A new replica starts a new history.
    const again = await rawReplica(srv.port);
    expect(again.header).toMatch(/^\+FULLRESYNC [0-9a-f]{40} \d+$/);
    expect(srv.server.propagation).toBeDefined();
  });

  it('REPLCONF errors as 7.0.15 words them', async () => {
    const { m } = await startMaster();
    await expect(m.call('REPLCONF', 'foo', 'bar')).rejects.toThrow('ERR Unrecognized REPLCONF option: foo');
    await expect(m.call('REPLCONF', 'listening-port', 'abc')).rejects.toThrow('ERR value is not an integer or out of range');
    await expect(m.call('REPLCONF', 'a')).rejects.toThrow('ERR syntax error');
    await expect(m.call('PSYNC', 'a', 'b')).rejects.toThrow('ERR value is not an integer or out of range');
    expect(await m.call('REPLCONF', 'ip-address', '1.2.3.4', 'capa', 'eof')).toBe('OK');
  });
});
