// What SORT does besides replying: keyspace events, keyspace hits and misses of the BY/GET lookups, the dirty count,
// WATCH, denyoom, RESP3 nulls, MULTI, the AOF record and memory accounting after SORT converts a sorted set. Each
// expectation was observed on redis-server 7.0.15 (the replies themselves are in sort.test.ts).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startServer } from '../../src/index.js';
import { PointInTimeView, type FrozenDb } from '../../src/persistence/point-in-time.js';
import { RawClient, rawReply } from '../helpers/server.js';
import { useTsredis } from '../helpers/side-by-side.js';

const ours = useTsredis({ ioredis: true });

describe('what SORT does besides replying', () => {
  it('STORE sends sortstore on the destination; an empty result deletes it (del); reading sends nothing', async () => {
    await ours.client.config('SET', 'notify-keyspace-events', 'KEA');
    const sub = new Redis(ours.port, '127.0.0.1', { enableReadyCheck: false });
    const events: string[] = [];
    try {
      sub.on('pmessage', (_p: string, channel: string, message: string) => events.push(`${channel} ${message}`));
      await sub.psubscribe('__keyevent@0__:*');
      await ours.client.del('el', 'ez', 'ed');
      await ours.client.rpush('el', '3', '1', '2');
      await ours.client.zadd('ez', 1, 'a');
      await ours.client.sort('ez', 'ALPHA');
      await ours.client.sort('el', 'STORE', 'ed');
      await ours.client.sort('el', 'LIMIT', 9, 9, 'STORE', 'ed');
      await ours.client.sort('el', 'LIMIT', 9, 9, 'STORE', 'ed');
      await ours.client.sort('el', 'BY', 'w_*', 'GET', 'h_*->f');
      await ours.client.publish('__keyevent@0__:marker', 'end');
      await expect.poll(() => events.at(-1)).toBe('__keyevent@0__:marker end');
      expect(events).toEqual([
        '__keyevent@0__:rpush el', '__keyevent@0__:zadd ez', '__keyevent@0__:sortstore ed',
        '__keyevent@0__:del ed', '__keyevent@0__:marker end',
      ]);
    } finally {
      sub.disconnect();
      await ours.client.config('SET', 'notify-keyspace-events', '');
    }
  });

  it('a missing BY or GET key sends keymiss, in lookup order (BY in load order, GET in output order)', async () => {
    await ours.client.config('SET', 'notify-keyspace-events', 'Em');
    const sub = new Redis(ours.port, '127.0.0.1', { enableReadyCheck: false });
    const events: string[] = [];
    try {
      sub.on('pmessage', (_p: string, channel: string, message: string) => events.push(`${channel} ${message}`));
      await sub.psubscribe('__keyevent@0__:*');
      await ours.client.del('ml2');
      await ours.client.rpush('ml2', '2', '1');
      await ours.client.sort('ml2', 'BY', 'mw_*', 'GET', 'mg_*');
      await ours.client.sort('mnokey');
      await ours.client.publish('__keyevent@0__:marker', 'end');
      await expect.poll(() => events.at(-1)).toBe('__keyevent@0__:marker end');
      expect(events).toEqual([
        '__keyevent@0__:keymiss mw_2', '__keyevent@0__:keymiss mw_1', '__keyevent@0__:keymiss mg_1',
        '__keyevent@0__:keymiss mg_2', '__keyevent@0__:keymiss mnokey', '__keyevent@0__:marker end',
      ]);
    } finally {
      sub.disconnect();
      await ours.client.config('SET', 'notify-keyspace-events', '');
    }
  });

  it('the key and every BY/GET key are read lookups: keyspace hits and misses', async () => {
    await ours.client.del('hl');
    await ours.client.rpush('hl', '3', '1', '2');
    await ours.client.config('RESETSTAT');
    const stats = async (): Promise<string> => (await ours.client.info('stats')).split('\r\n').filter((l) => l.startsWith('keyspace_')).join(' ');
    await ours.client.sort('hl');
    expect(await stats()).toBe('keyspace_hits:1 keyspace_misses:0');
    await ours.client.sort('hl', 'STORE', 'hd');
    expect(await stats()).toBe('keyspace_hits:2 keyspace_misses:0');
    await ours.client.sort('hl', 'BY', 'w_*', 'GET', 'g_*', 'GET', '#');
    expect(await stats()).toBe('keyspace_hits:3 keyspace_misses:6');
    await ours.client.sort('hl', 'BY', 'nosort', 'GET', 'hd');
    expect(await stats()).toBe('keyspace_hits:4 keyspace_misses:6');
    await ours.client.sort('nokey');
    expect(await stats()).toBe('keyspace_hits:4 keyspace_misses:7');
  });

  it('BY and GET lookups touch their keys\' LRU clock, as a GET would (OBJECT IDLETIME)', async () => {
    await ours.client.del('il', 'iw_1', 'ig_1', 'iother');
    await ours.client.rpush('il', '1');
    await ours.client.set('iw_1', '5');
    await ours.client.set('ig_1', 'x');
    await ours.client.set('iother', 'y');
    ours.clock.freeze();
    try {
      ours.clock.advance(20_000);
      expect(await ours.client.object('IDLETIME', 'iw_1')).toBeGreaterThanOrEqual(20);
      await ours.client.sort('il', 'BY', 'iw_*', 'GET', 'ig_*');
      expect(await ours.client.object('IDLETIME', 'iw_1')).toBe(0);
      expect(await ours.client.object('IDLETIME', 'ig_1')).toBe(0);
      expect(await ours.client.object('IDLETIME', 'iother')).toBeGreaterThanOrEqual(20);
    } finally {
      ours.clock.real();
    }
  });

  it('STORE counts each stored element as a change (rdb_changes_since_last_save), a deletion as one', async () => {
    await ours.client.del('cl', 'cd');
    await ours.client.rpush('cl', '3', '1', '2');
    const changes = async (): Promise<number> => Number(/rdb_changes_since_last_save:(\d+)/.exec(await ours.client.info('persistence'))?.[1]);
    const before = await changes();
    await ours.client.sort('cl', 'STORE', 'cd');
    expect(await changes()).toBe(before + 3);
    await ours.client.sort('cl', 'LIMIT', 0, 0, 'STORE', 'cd');
    expect(await changes()).toBe(before + 4);
    await ours.client.sort('cl', 'LIMIT', 0, 0, 'STORE', 'cd');
    expect(await changes()).toBe(before + 4);
    await ours.client.sort('cl', 'GET', 'x', 'GET', 'y', 'STORE', 'cd');
    expect(await changes()).toBe(before + 10);
    await ours.client.sort('cl');
    expect(await changes()).toBe(before + 10);
  });

  it('WATCH: STORE touches the destination (even replacing it); converting a sorted set touches nothing', async () => {
    await ours.client.del('wz', 'wl', 'wd', 'wn');
    await ours.client.zadd('wz', 1, 'a', 2, 'b');
    await ours.client.rpush('wl', '2', '1');
    await ours.client.watch('wz');
    await ours.client.sort('wz', 'ALPHA');
    expect(await ours.client.multi().ping().exec()).toEqual([[null, 'PONG']]);
    expect(await ours.client.object('ENCODING', 'wz')).toBe('skiplist');
    await ours.client.watch('wd');
    await ours.client.sort('wl', 'STORE', 'wd');
    expect(await ours.client.multi().ping().exec()).toBeNull();
    await ours.client.watch('wn');
    await ours.client.sort('wl', 'LIMIT', 5, 5, 'STORE', 'wn');
    expect(await ours.client.multi().ping().exec()).toEqual([[null, 'PONG']]);
  });

  it('a client blocked in BLPOP on the destination is served once SORT ... STORE creates it', async () => {
    await ours.client.del('bl', 'bd');
    await ours.client.rpush('bl', '2', '1');
    const waiter = new Redis(ours.port, '127.0.0.1', { enableReadyCheck: false });
    try {
      const popped = waiter.blpop('bd', 2);
      await expect.poll(async () => Number(/blocked_clients:(\d+)/.exec(await ours.client.info('clients'))?.[1])).toBe(1);
      expect(await ours.client.sort('bl', 'STORE', 'bd')).toBe(2);
      expect(await popped).toEqual(['bd', '1']);
      expect(await ours.client.lrange('bd', 0, -1)).toEqual(['2']);
    } finally {
      waiter.disconnect();
    }
  });

  it('inside a function, as inside EVAL, BY nosort on a set sorts ALPHA (Redis forces it for scripts)', async () => {
    await ours.client.del('fs');
    await ours.client.sadd('fs', 'c', 'b', 'a', '10', '9');
    await ours.client.call('FUNCTION', 'LOAD', 'REPLACE', "#!lua name=sortlib\nredis.register_function('sortnosort', function(keys) return redis.call('sort', keys[1], 'by', 'nosort') end)");
    expect(await ours.client.call('FCALL', 'sortnosort', '1', 'fs')).toEqual(['10', '9', 'a', 'b', 'c']);
    await ours.client.call('FUNCTION', 'DELETE', 'sortlib');
  });

  it('SORT is denyoom over maxmemory, even without STORE; SORT_RO is not', async () => {
    await ours.client.del('ol');
    await ours.client.rpush('ol', '2', '1');
    await ours.client.config('SET', 'maxmemory', '1');
    try {
      expect(await rawReply(ours.raw, 'SORT', 'ol')).toBe("-OOM command not allowed when used memory > 'maxmemory'.\r\n");
      expect(await rawReply(ours.raw, 'SORT', 'ol', 'STORE', 'od')).toBe("-OOM command not allowed when used memory > 'maxmemory'.\r\n");
      expect(await rawReply(ours.raw, 'SORT_RO', 'ol')).toBe('*2\r\n$1\r\n1\r\n$1\r\n2\r\n');
    } finally {
      await ours.client.config('SET', 'maxmemory', '0');
    }
  });

  it('memory accounting stays exact when SORT converts a sorted set and stores a list', async () => {
    await ours.client.del('mz', 'md');
    await ours.client.zadd('mz', 3, 'c', 1, 'a', 2, 'b');
    expect(await ours.client.object('ENCODING', 'mz')).toBe('listpack');
    const before = ours.server.keyspace.usedBytes;
    expect(await ours.client.sort('mz', 'BY', 'nosort', 'DESC', 'STORE', 'md')).toBe(3);
    expect(await ours.client.lrange('md', 0, -1)).toEqual(['c', 'b', 'a']);
    expect(await ours.client.object('ENCODING', 'mz')).toBe('skiplist');
    expect(ours.server.keyspace.usedBytes).toBeGreaterThan(before);
    expect(ours.server.keyspace.usedBytes).toBe(ours.server.keyspace.recount());
  });

  it('a BGSAVE running meanwhile keeps the sorted set as it was (listpack): the conversion is copy-on-write', async () => {
    await ours.client.del('pz');
    await ours.client.zadd('pz', 2, 'b', 1, 'a');
    const view = new PointInTimeView(ours.server.keyspace);
    try {
      await ours.client.sort('pz', 'ALPHA');
      expect(await ours.client.object('ENCODING', 'pz')).toBe('skiplist');
      const db = view.dbs.find((d) => d.index === 0) as FrozenDb;
      expect(view.take(db, db.keys.indexOf('pz')).encoding).toBe('listpack');
    } finally {
      view.release();
    }
  });

  it('the AOF logs SORT ... STORE as sent when it changed something, and no read-only SORT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsredis-sort-aof-'));
    const aofServer = await startServer({ port: 0, bind: '127.0.0.1', loglevel: 'warning', dir, appendonly: 'yes', appendfsync: 'always' });
    const c = await RawClient.connect(aofServer.port);
    try {
      for (const argv of [
        ['rpush', 'l', '3', '1', '2'], ['sadd', 's', 'b', 'a', 'c'], ['sort', 'l', 'store', 'd'],
        ['sort', 's', 'by', 'nosort', 'store', 'd2'], ['sort', 'l', 'limit', '5', '5', 'store', 'd'],
        ['sort', 'l', 'limit', '5', '5', 'store', 'd'], ['sort_ro', 'l'], ['sort', 'l'],
      ]) {
        await rawReply(c, ...argv);
      }
      expect(await rawReply(c, 'LRANGE', 'd2', '0', '-1')).toBe('*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n');
      // Read off redis-server 7.0.15's appendonly.aof.1.incr.aof after the same commands.
      const logged = readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.1.incr.aof'), 'latin1');
      expect(logged).toBe(
        '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n' +
          '*5\r\n$5\r\nrpush\r\n$1\r\nl\r\n$1\r\n3\r\n$1\r\n1\r\n$1\r\n2\r\n' +
          '*5\r\n$4\r\nsadd\r\n$1\r\ns\r\n$1\r\nb\r\n$1\r\na\r\n$1\r\nc\r\n' +
          '*4\r\n$4\r\nsort\r\n$1\r\nl\r\n$5\r\nstore\r\n$1\r\nd\r\n' +
          '*6\r\n$4\r\nsort\r\n$1\r\ns\r\n$2\r\nby\r\n$6\r\nnosort\r\n$5\r\nstore\r\n$2\r\nd2\r\n' +
          '*7\r\n$4\r\nsort\r\n$1\r\nl\r\n$5\r\nlimit\r\n$1\r\n5\r\n$1\r\n5\r\n$5\r\nstore\r\n$1\r\nd\r\n',
      );
    } finally {
      c.close();
      await aofServer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
