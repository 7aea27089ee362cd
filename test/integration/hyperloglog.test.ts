// The HyperLogLog commands against a real redis-server 7.0.15 started by the test: the same command
// sequences go to both and every reply byte, every stored value (GET), every PFCOUNT from 1 to
// 100k elements, the dirty counter, the keyspace events and WATCH must agree. DUMP payloads and RDB
// files cross both ways. A short transcript of exact error texts (read off Redis 7.0.15) runs even without it.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { rawReply, startRealRedis, startTestServer } from '../helpers/server.js';
import { haveRedisServer, useRealRedis, useTsredis } from '../helpers/side-by-side.js';

const ours = useTsredis({ ioredis: true });

/** [argv, Redis 7.0.15's exact reply], in order after FLUSHALL. */
const TRANSCRIPT: ReadonlyArray<readonly [readonly string[], string]> = [
  [['PFADD', 'h', 'a', 'b', 'c'], ':1\r\n'],
  [['PFADD', 'h', 'a'], ':0\r\n'],
  [['PFCOUNT', 'h'], ':3\r\n'],
  [['PFCOUNT', 'nokey'], ':0\r\n'],
  [['PFDEBUG', 'DECODE', 'h'], '$44\r\nZ:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603\r\n'],
  [['PFDEBUG', 'encoding', 'h'], '+sparse\r\n'],
  [['PFDEBUG', 'foo', 'h'], "-ERR Unknown PFDEBUG subcommand 'foo'\r\n"],
  [['PFDEBUG', 'foo', 'nokey'], '-ERR The specified key does not exist\r\n'],
  [['PFDEBUG', 'DECODE', 'h', 'x'], "-ERR wrong number of arguments for 'pfdebug' command\r\n"],
  [['PFDEBUG', 'TODENSE', 'h'], ':1\r\n'],
  [['PFDEBUG', 'TODENSE', 'h'], ':0\r\n'],
  [['PFDEBUG', 'DECODE', 'h'], '-ERR HLL encoding is not sparse\r\n'],
  [['PFCOUNT', 'h'], ':3\r\n'],
  [['SET', 's', 'foo'], '+OK\r\n'],
  [['PFADD', 's', 'x'], '-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n'],
  [['PFCOUNT', 's'], '-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n'],
  [['PFCOUNT', 'h', 's'], '-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n'],
  [['PFMERGE', 'h', 's'], '-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n'],
  [['LPUSH', 'l', 'x'], ':1\r\n'],
  [['PFADD', 'l', 'x'], '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'],
  [['PFADD'], "-ERR wrong number of arguments for 'pfadd' command\r\n"],
  [['PFMERGE', 'm'], '+OK\r\n'],
  [['PFCOUNT', 'm'], ':0\r\n'],
  [['SET', 'bad', 'HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xf0'], '+OK\r\n'],
  [['PFCOUNT', 'bad'], '-INVALIDOBJ Corrupted HLL object detected\r\n'],
  [['PFCOUNT', 'bad', 'h'], '-INVALIDOBJ Corrupted HLL object detected\r\n'],
  [['PFMERGE', 'x', 'bad'], '-INVALIDOBJ Corrupted HLL object detected\r\n'],
  [['EXISTS', 'x'], ':0\r\n'],
];

describe('HyperLogLog transcript (Redis 7.0.15 replies)', () => {
  it('replies byte for byte as Redis', async () => {
    await ours.client.flushall();
    for (const [argv, expected] of TRANSCRIPT) {
      expect([argv.join(' '), await rawReply(ours.raw, ...argv.map((a) => Buffer.from(a, 'latin1')))]).toEqual([argv.join(' '), expected]);
    }
  });

  it('PFSELFTEST passes', async () => {
    expect(await ours.client.call('PFSELFTEST')).toBe('OK');
  }, 60_000);
});

describe('HyperLogLog and BGSAVE', () => {
  it('a PFCOUNT that refreshes the cache while BGSAVE runs does not reach the file (point-in-time view)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsredis-hll-bgsave-'));
    const first = await startTestServer({ dir });
    const client = new Redis(first.port, '127.0.0.1', { enableReadyCheck: false });
    try {
      const filler = client.pipeline();
      for (let i = 0; i < 20_000; i += 500) filler.mset(...Array.from({ length: 500 }, (_, j) => [`f:${i + j}`, 'x'.repeat(20)]).flat());
      await filler.exec();
      const hlls = Array.from({ length: 50 }, (_, i) => `hll:${i}`);
      const adds = client.pipeline();
      for (const key of hlls) adds.pfadd(key, ...Array.from({ length: 30 }, (_, j) => `${key}:${j}`));
      await adds.exec();
      const before = await Promise.all(hlls.map((key) => client.getBuffer(key)));
      // BGSAVE and the PFCOUNTs in one write: they run before the save has written anything.
      const save = client.pipeline().bgsave();
      for (const key of hlls) save.pfcount(key);
      await save.exec();
      await first.server.snapshots.running;
      expect((await client.getBuffer('hll:0'))?.equals(before[0] as Buffer)).toBe(false); // the cache was refreshed
      client.disconnect();
      await first.close();
      const second = await startTestServer({ dir });
      const reader = new Redis(second.port, '127.0.0.1', { enableReadyCheck: false });
      try {
        const saved = await Promise.all(hlls.map((key) => reader.getBuffer(key)));
        expect(saved.map((b) => b?.toString('hex'))).toEqual(before.map((b) => b?.toString('hex')));
      } finally {
        reader.disconnect();
        await second.close();
      }
    } finally {
      client.disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!haveRedisServer())('HyperLogLog against a real redis-server', () => {
  const real = useRealRedis({ ioredis: true });

  /** Run one command on both servers; the raw replies must be the same bytes. */
  async function both(...argv: Array<string | Buffer>): Promise<string> {
    const bytes = argv.map((a) => (typeof a === 'string' ? Buffer.from(a, 'latin1') : a));
    const [mine, theirs] = await Promise.all([rawReply(ours.raw, ...bytes), rawReply(real.raw, ...bytes)]);
    expect(mine, argv.map(String).join(' ')).toBe(theirs);
    return mine;
  }

  async function sameValue(key: string): Promise<Buffer | null> {
    const [mine, theirs] = await Promise.all([ours.client.getBuffer(key), real.client.getBuffer(key)]);
    expect(mine?.toString('hex'), `GET ${key}`).toBe(theirs?.toString('hex'));
    return mine;
  }

  /**
   * An 8-byte element that lands in `register` with a run of `count` (hllPatLen), built by running
   * MurmurHash64A backwards: every step (odd multiply, xorshift by 47) is invertible mod 2^64.
   * Runs above 32 come once in 2^32 elements otherwise.
   */
  function elementWithRun(register: number, count: number): Buffer {
    const mask = (1n << 64n) - 1n;
    const m = 0xc6a4a7935bd1e995n;
    let minv = 1n; // Newton's iteration for m^-1 mod 2^64
    for (let i = 0; i < 7; i++) minv = (minv * (2n - m * minv)) & mask;
    const unshift = (x: bigint): bigint => x ^ (x >> 47n);
    const hash = ((1n << BigInt(14 + count - 1)) | BigInt(register)) & mask;
    const h0 = 0xadc83b19n ^ ((8n * m) & mask);
    const h1 = (unshift((unshift(hash) * minv) & mask) * minv) & mask;
    const k = (unshift(((h1 ^ h0) * minv) & mask) * minv) & mask;
    const out = Buffer.alloc(8);
    out.writeBigUInt64LE(k);
    return out;
  }

  /** Elements of every shape: short, 8-byte blocks and tails, binary, empty. */
  function element(i: number): Buffer {
    switch (i % 4) {
      case 0: return Buffer.from(`e${i}`);
      case 1: return Buffer.from(`element:${i}:with-a-longer-tail`);
      case 2: return Buffer.from([i & 0xff, (i >> 8) & 0xff, 0, 0xff, (i >> 16) & 0xff]);
      default: return i === 3 ? Buffer.alloc(0) : Buffer.from(`${i}`.repeat(3));
    }
  }

  it('PFADD stores the same bytes, sparse, promoted by size and by a long run, and dense', async () => {
    await Promise.all([ours.client.flushall(), real.client.flushall()]);
    // One element at a time through the sparse encoding and past its promotion to dense.
    let i = 0;
    for (const target of [1, 2, 5, 20, 100, 400, 1200, 2000, 3000, 4000]) {
      const batch: Buffer[] = [];
      while (i < target) batch.push(element(i++));
      await both('PFADD', 'grow', ...batch);
      const value = await sameValue('grow');
      await both('PFDEBUG', 'ENCODING', 'grow');
      await both('PFCOUNT', 'grow');
      expect(value).not.toBeNull();
    }
    expect(await ours.client.call('PFDEBUG', 'ENCODING', 'grow')).toBe('dense');
    // A register value above 32 promotes a small HLL; 32 itself still fits a VAL opcode.
    for (let j = 0; j < 40; j++) await both('PFADD', 'small', element(j));
    await both('PFADD', 'small', elementWithRun(16383, 32), elementWithRun(0, 31));
    expect(await both('PFDEBUG', 'DECODE', 'small')).toMatch(/^\$\d+\r\nv:31,1 .* v:32,1\r\n$/);
    await both('PFADD', 'small', elementWithRun(77, 33));
    expect(await both('PFDEBUG', 'ENCODING', 'small')).toBe('+dense\r\n');
    await both('PFADD', 'small', elementWithRun(78, 51), elementWithRun(77, 34));
    await sameValue('small');
    await both('PFCOUNT', 'small');
    const registers = (await ours.client.call('PFDEBUG', 'GETREG', 'small')) as number[];
    expect([registers[77], registers[78]]).toEqual([34, 51]);
    await both('PFDEBUG', 'GETREG', 'small');
    await both('PFADD', 'small2', elementWithRun(5, 40));
    await both('PFDEBUG', 'GETREG', 'small2'); // converts a sparse HLL: all 16384 registers
    await sameValue('small2');
  });

  it('hll-sparse-max-bytes decides the promotion at the same element', async () => {
    await Promise.all([ours.client.flushall(), real.client.flushall()]);
    for (const limit of ['0', '50', '300']) {
      await both('CONFIG', 'SET', 'hll-sparse-max-bytes', limit);
      for (let j = 0; j < 60; j++) {
        await both('PFADD', `lim${limit}`, element(j * 7));
        await both('PFDEBUG', 'ENCODING', `lim${limit}`);
      }
      await sameValue(`lim${limit}`);
    }
    await both('CONFIG', 'SET', 'hll-sparse-max-bytes', '3000');
  });

  it('PFCOUNT gives the same estimate at every size from 1 to 100k elements', async () => {
    await Promise.all([ours.client.flushall(), real.client.flushall()]);
    const counts = async (client: Redis, from: number, to: number): Promise<unknown[]> => {
      const p = client.pipeline();
      for (let n = from; n < to; n++) {
        p.pfadd('card', `member-${n}`);
        if (n < 4000 || n % 37 === 0) p.pfcount('card');
      }
      return ((await p.exec()) ?? []).map(([err, v]) => err ?? v);
    };
    for (let from = 0; from < 100_000; from += 10_000) {
      const [mine, theirs] = await Promise.all([counts(ours.client, from, from + 10_000), counts(real.client, from, from + 10_000)]);
      expect(mine).toEqual(theirs);
    }
    await sameValue('card');
    await both('PFCOUNT', 'card', 'grow', 'nokey');
  }, 120_000);

  it('PFMERGE and multi-key PFCOUNT: same unions, same bytes, sparse or dense destination', async () => {
    await Promise.all([ours.client.flushall(), real.client.flushall()]);
    const fill = async (key: string, from: number, n: number): Promise<void> => {
      const elements: Buffer[] = [];
      for (let j = from; j < from + n; j++) elements.push(element(j));
      await both('PFADD', key, ...elements);
    };
    await fill('a', 0, 50);
    await fill('b', 30, 80);
    await fill('big', 100, 5000);
    await both('PFMERGE', 'ab', 'a', 'b');
    await sameValue('ab');
    await both('PFMERGE', 'a', 'b'); // the destination is also a source
    await sameValue('a');
    await both('PFMERGE', 'all', 'a', 'big', 'nokey');
    await sameValue('all');
    await both('PFDEBUG', 'ENCODING', 'all');
    await both('PFCOUNT', 'a', 'b', 'big');
    await both('PFCOUNT', 'all');
    await sameValue('all'); // the refreshed cache is stored
    await both('PFMERGE', 'fresh');
    await sameValue('fresh');
  });

  it('error replies, OBJECT ENCODING after unsharing, and corrupted values match', async () => {
    await Promise.all([ours.client.flushall(), real.client.flushall()]);
    await both('PFADD', 'created-empty'); // a created key's cache is stale even without elements
    await sameValue('created-empty');
    await both('PFADD', 'h', 'x', 'y');
    const value = (await sameValue('h')) as Buffer;
    // A small HLL written with SET is embstr; a PF command unshares it into raw even without a change.
    await both('SET', 'copy', value);
    await both('OBJECT', 'ENCODING', 'copy');
    await both('PFADD', 'copy', 'x');
    await both('OBJECT', 'ENCODING', 'copy');
    await both('SET', 'copy2', value);
    await both('PFCOUNT', 'copy2');
    await both('OBJECT', 'ENCODING', 'copy2');
    await both('SET', 'num', '1234567890123456789');
    await both('PFCOUNT', 'num');
    await both('SET', 'tooshort', 'HYLL');
    await both('PFADD', 'tooshort', 'a');
    await both('SET', 'baddense', Buffer.concat([Buffer.from('HYLL\x00', 'latin1'), Buffer.alloc(20)]));
    await both('PFCOUNT', 'baddense');
    await both('SET', 'badenc', Buffer.concat([Buffer.from('HYLL\x02', 'latin1'), Buffer.alloc(20)]));
    await both('PFCOUNT', 'badenc');
    // A sparse code covering too few registers: an add inside it works, one past it is refused
    // after the earlier elements' registers were raised.
    const short = Buffer.from('HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xf0', 'latin1');
    await both('SET', 'bad', short);
    await both('PFADD', 'bad', 'a');
    await sameValue('bad');
    const elements: Buffer[] = [];
    for (let j = 0; j < 200; j++) elements.push(element(j));
    await both('PFADD', 'bad', ...elements);
    await sameValue('bad');
    await both('PFDEBUG', 'GETREG', 'bad');
    await both('PFDEBUG', 'TODENSE', 'bad');
    await both('PFMERGE', 'bad', 'h');
    await both('PFDEBUG', 'Unknown\r\nstuff', 'h');
  });

  it('DUMP payloads cross both ways and count the same', async () => {
    await Promise.all([ours.client.flushall(), real.client.flushall()]);
    for (const [key, n] of [['sparse', 300], ['dense', 6000]] as const) {
      const p = real.client.pipeline();
      for (let j = 0; j < n; j += 500) p.pfadd(key, ...Array.from({ length: Math.min(500, n - j) }, (_, k) => element(j + k)));
      await p.exec();
      const theirs = (await real.client.dumpBuffer(key)) as Buffer;
      await ours.client.restore(key, 0, theirs);
      expect(await ours.client.pfcount(key)).toBe(await real.client.pfcount(key));
      await sameValue(key);
      // And back: our DUMP (after the cache refresh) restores into Redis with the same bytes.
      await ours.client.pfadd(key, 'one-more', 'two-more');
      await real.client.pfadd(key, 'one-more', 'two-more');
      await real.client.del(key);
      await real.client.restore(key, 0, (await ours.client.dumpBuffer(key)) as Buffer);
      await sameValue(key);
      expect(await real.client.pfcount(key)).toBe(await ours.client.pfcount(key));
    }
    // APPEND turns an HLL into a plain string both see as invalid.
    await both('APPEND', 'dense', 'x');
    await both('PFCOUNT', 'dense');
  });

  it('RDB files cross both ways with the same bytes and counts', async () => {
    await real.client.flushall();
    const dir = mkdtempSync(join(tmpdir(), 'tsredis-hll-'));
    const keys = ['sparse', 'dense'];
    const fill = async (client: Redis): Promise<void> => {
      await client.pfadd('sparse', ...Array.from({ length: 200 }, (_, j) => element(j)));
      await client.pfadd('dense', ...Array.from({ length: 5000 }, (_, j) => element(j)));
      await client.pfcount('sparse'); // one with a valid cache, one stale
    };
    const sameAsReal = async (client: Redis): Promise<void> => {
      for (const key of keys) {
        expect((await client.getBuffer(key))?.toString('hex'), key).toBe((await real.client.getBuffer(key))?.toString('hex'));
        expect(await client.pfcount(key)).toBe(await real.client.pfcount(key));
      }
    };
    await fill(real.client);
    // Ours -> Redis: SAVE here, start a redis-server on the file.
    const writer = await startTestServer({ dir, dbfilename: 'hll.rdb' });
    const writerClient = new Redis(writer.port, '127.0.0.1', { enableReadyCheck: false });
    await fill(writerClient);
    expect(await writerClient.save()).toBe('OK');
    writerClient.disconnect();
    await writer.close();
    const loaded = await startRealRedis(['--dir', dir, '--dbfilename', 'hll.rdb']);
    const loadedClient = new Redis(loaded.port, '127.0.0.1', { enableReadyCheck: false });
    try {
      await sameAsReal(loadedClient);
      // Redis -> ours: that server saves the file again, and tsredis starts from it.
      expect(await loadedClient.save()).toBe('OK');
    } finally {
      loadedClient.disconnect();
      await loaded.stop();
    }
    const reader = await startTestServer({ dir, dbfilename: 'hll.rdb' });
    const readerClient = new Redis(reader.port, '127.0.0.1', { enableReadyCheck: false });
    try {
      await sameAsReal(readerClient);
      for (const key of keys) expect(await readerClient.pfadd(key, 'after-load')).toBe(await real.client.pfadd(key, 'after-load'));
      await sameAsReal(readerClient);
    } finally {
      readerClient.disconnect();
      await reader.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the AOF logs the same commands as Redis (PFCOUNT when it refreshed the cache, PFDEBUG conversions)', async () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'tsredis-hll-aof-')), mkdtempSync(join(tmpdir(), 'redis-hll-aof-'))] as const;
    const mineServer = await startTestServer({ dir: dirs[0], appendonly: 'yes', appendfsync: 'always' });
    const theirServer = await startRealRedis(['--dir', dirs[1], '--appendonly', 'yes', '--appendfsync', 'always']);
    const clients = [mineServer.port, theirServer.port].map((port) => new Redis(port, '127.0.0.1', { enableReadyCheck: false }));
    try {
      for (const client of clients) {
        await client.pfadd('h', 'a', 'b');
        await client.pfadd('h', 'a');
        await client.pfcount('h');
        await client.pfcount('h');
        await client.pfcount('h', 'nokey');
        await client.pfmerge('m', 'h');
        await client.call('PFDEBUG', 'TODENSE', 'm');
        await client.call('PFDEBUG', 'TODENSE', 'm');
        await client.call('PFDEBUG', 'GETREG', 'h');
        await client.call('PFDEBUG', 'ENCODING', 'h');
      }
      const incr = (dir: string): string => readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.1.incr.aof'), 'latin1').toLowerCase();
      await new Promise((res) => setTimeout(res, 100));
      const mine = incr(dirs[0]);
      expect(mine).toBe(incr(dirs[1]));
      expect(mine).toContain('pfcount');
    } finally {
      for (const client of clients) client.disconnect();
      await mineServer.close();
      await theirServer.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts dirty changes and keyspace hits/misses, sends keyspace events and touches WATCH as Redis does', async () => {
    await Promise.all([ours.client.flushall(), real.client.flushall()]);
    /** rdb_changes_since_last_save, keyspace_hits, keyspace_misses. */
    const dirty = async (client: Redis): Promise<number[]> => {
      const info = await client.info();
      return ['rdb_changes_since_last_save', 'keyspace_hits', 'keyspace_misses'].map((f) => Number(new RegExp(`${f}:(\\d+)`).exec(info)?.[1]));
    };
    const steps: string[][] = [
      ['PFADD', 'k', 'a', 'b', 'c', 'd'], ['PFADD', 'k', 'a'], ['PFADD', 'k'], ['PFADD', 'new'], ['PFCOUNT', 'k'],
      ['PFCOUNT', 'k'], ['PFCOUNT', 'k', 'new'], ['PFMERGE', 'm', 'k'], ['PFMERGE', 'm'], ['PFDEBUG', 'ENCODING', 'm'],
      ['PFDEBUG', 'GETREG', 'm'], ['PFDEBUG', 'TODENSE', 'k'], ['PFDEBUG', 'TODENSE', 'k'], ['PFADD', 'k', 'zz', 'yy'],
    ];
    for (const client of [ours.client, real.client]) await client.config('SET', 'notify-keyspace-events', 'KEA');
    const subs = [ours.client.duplicate(), real.client.duplicate()];
    const events: string[][] = [[], []];
    for (const [n, sub] of subs.entries()) {
      sub.on('pmessage', (_p: string, channel: string, message: string) => events[n]?.push(`${channel} ${message}`));
      await sub.psubscribe('__key*__:*');
    }
    for (const step of steps) {
      const before = await Promise.all([dirty(ours.client), dirty(real.client)]);
      await both(...step);
      const after = await Promise.all([dirty(ours.client), dirty(real.client)]);
      expect(after.flat().every(Number.isFinite)).toBe(true);
      const delta = (n: number): number[] => (after[n] as number[]).map((v, i) => v - (before[n] as number[])[i]!);
      expect([step.join(' '), ...delta(0)]).toEqual([step.join(' '), ...delta(1)]);
    }
    await both('PING');
    await new Promise((res) => setTimeout(res, 50));
    expect(events[0]).toEqual(events[1]);
    expect(events[1]?.length).toBeGreaterThan(0);
    for (const sub of subs) sub.disconnect();
    for (const client of [ours.client, real.client]) await client.config('SET', 'notify-keyspace-events', '');

    // PFCOUNT refreshing the cached cardinality is a change for WATCH; one served from the cache is not.
    for (const [setup, expectNil] of [[['PFADD', 'w', 'a'], true], [[], false]] as const) {
      const watchers = [ours.client.duplicate(), real.client.duplicate()];
      if (setup.length > 0) await both(...setup);
      const results = await Promise.all(watchers.map(async (w, n) => {
        await w.watch('w');
        await (n === 0 ? ours.client : real.client).pfcount('w');
        return w.multi().ping().exec();
      }));
      expect(results[0]).toEqual(results[1]);
      expect(results[0] === null).toBe(expectNil);
      for (const w of watchers) w.disconnect();
    }
  });
});
