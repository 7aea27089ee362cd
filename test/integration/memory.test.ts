// MEMORY USAGE / STATS / DOCTOR / MALLOC-STATS / PURGE / HELP and INFO memory over TCP. Error texts
// and string sizes are compared with a real redis-server 7.0 (skipped loudly when it is missing).

import { beforeEach, describe, expect, it } from 'vitest';
import { rawReply } from '../helpers/server.js';
import { haveRedisServer, useRealRedis, useTsredis } from '../helpers/side-by-side.js';

const ours = useTsredis({ ioredis: true });

beforeEach(async () => {
  await ours.client.flushall();
});

/** Requests whose replies must be byte-identical to Redis 7.0's. */
const ERROR_CASES: ReadonlyArray<readonly string[]> = [
  ['MEMORY', 'USAGE'],
  ['MEMORY', 'USAGE', 'k1', 'SAMPLES'],
  ['MEMORY', 'USAGE', 'k1', 'SAMPLES', '-1'],
  ['MEMORY', 'USAGE', 'k1', 'FOO'],
  ['MEMORY', 'USAGE', 'nokey'],
  ['MEMORY', 'USAGE', 'k1', 'SAMPLES', 'x'],
  ['MEMORY', 'USAGE', 'nokey', 'SAMPLES', 'x'],
  ['MEMORY', 'USAGE', 'nokey', 'FOO'],
  ['MEMORY', 'FOO'],
  ['MEMORY'],
  ['MEMORY', 'STATS', 'x'],
  ['MEMORY', 'PURGE'],
  ['MEMORY', 'MALLOC-STATS', 'x'],
  ['MEMORY', 'HELP'],
];

describe('MEMORY USAGE', () => {
  it('answers errors and nil exactly as Redis 7.0 does (options are checked before the key)', async () => {
    await ours.client.set('k1', 'v');
    expect(await rawReply(ours.raw, 'MEMORY', 'USAGE')).toBe("-ERR wrong number of arguments for 'memory|usage' command\r\n");
    expect(await rawReply(ours.raw, 'MEMORY', 'USAGE', 'k1', 'SAMPLES')).toBe('-ERR syntax error\r\n');
    expect(await rawReply(ours.raw, 'MEMORY', 'USAGE', 'k1', 'SAMPLES', '-1')).toBe('-ERR syntax error\r\n');
    expect(await rawReply(ours.raw, 'MEMORY', 'USAGE', 'nokey')).toBe('$-1\r\n');
    expect(await rawReply(ours.raw, 'MEMORY', 'USAGE', 'nokey', 'SAMPLES', 'x')).toBe(
      '-ERR value is not an integer or out of range\r\n',
    );
    expect(await rawReply(ours.raw, 'MEMORY', 'USAGE', 'k1', 'samples', '0', 'SAMPLES', '3')).toBe(':64\r\n');
    expect(await rawReply(ours.raw, 'MEMORY', 'FOO')).toBe("-ERR unknown subcommand 'FOO'. Try MEMORY HELP.\r\n");
  });

  it('prices strings as Redis 7.0 does: int 48, embstr 64, a 100-byte raw string 160', async () => {
    await ours.client.set('k12345', '12345');
    await ours.client.set('k1', 'v');
    await ours.client.set('big', 'x'.repeat(100));
    expect(await ours.client.memory('USAGE', 'k12345')).toBe(48);
    expect(await ours.client.memory('USAGE', 'k1')).toBe(64);
    expect(await ours.client.memory('USAGE', 'big')).toBe(160);
  });

  it('grows with a container and every type reports a sane size', async () => {
    await ours.client.rpush('list', 'a', 'b', 'c');
    await ours.client.hset('hash', 'f', 'v');
    await ours.client.sadd('ints', 1, 2, 3);
    await ours.client.sadd('set', 'a', 'b', 'c');
    await ours.client.zadd('zset', 1, 'a', 2, 'b');
    for (const key of ['list', 'hash', 'ints', 'set', 'zset']) {
      const size = (await ours.client.memory('USAGE', key)) as number;
      expect(size).toBeGreaterThan(40);
      expect(size).toBeLessThan(1000);
    }
    const small = (await ours.client.memory('USAGE', 'list')) as number;
    await ours.client.rpush('list', ...Array.from({ length: 1000 }, (_, i) => `element-${i}`));
    const big = (await ours.client.memory('USAGE', 'list')) as number;
    expect(big - small).toBeGreaterThan(1000 * 12);
    const hashBefore = (await ours.client.memory('USAGE', 'hash')) as number;
    await ours.client.hset('hash', 'f', 'v'.repeat(200));
    expect((await ours.client.memory('USAGE', 'hash')) as number).toBeGreaterThan(hashBefore + 190);
  });
});

describe('MEMORY STATS, DOCTOR, MALLOC-STATS, PURGE, HELP', () => {
  it('STATS lists Redis 7.0 fields, with a map per non-empty database', async () => {
    await ours.client.set('a', '1');
    await ours.client.expire('a', 100);
    const reply = (await ours.client.call('MEMORY', 'STATS')) as unknown[];
    const names = reply.filter((_, i) => i % 2 === 0);
    expect(names).toEqual([
      'peak.allocated', 'total.allocated', 'startup.allocated', 'replication.backlog', 'clients.slaves',
      'clients.normal', 'cluster.links', 'aof.buffer', 'lua.caches', 'functions.caches', 'db.0', 'overhead.total',
      'keys.count', 'keys.bytes-per-key', 'dataset.bytes', 'dataset.percentage', 'peak.percentage',
      'allocator.allocated', 'allocator.active', 'allocator.resident', 'allocator-fragmentation.ratio',
      'allocator-fragmentation.bytes', 'allocator-rss.ratio', 'allocator-rss.bytes', 'rss-overhead.ratio',
      'rss-overhead.bytes', 'fragmentation', 'fragmentation.bytes',
    ]);
    const db0 = reply[reply.indexOf('db.0') + 1] as unknown[];
    expect(db0.filter((_, i) => i % 2 === 0)).toEqual([
      'overhead.hashtable.main', 'overhead.hashtable.expires', 'overhead.hashtable.slot-to-keys',
    ]);
    expect(reply[reply.indexOf('keys.count') + 1]).toBe(1);
  });

  it('DOCTOR on a near-empty instance, MALLOC-STATS without jemalloc, PURGE, HELP', async () => {
    expect(await ours.client.memory('DOCTOR')).toBe(
      "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.",
    );
    expect(await ours.client.call('MEMORY', 'MALLOC-STATS')).toBe('Stats not supported for the current allocator');
    expect(await ours.client.call('MEMORY', 'PURGE')).toBe('OK');
    expect(await ours.client.call('MEMORY', 'HELP')).toEqual([
      'MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
      'DOCTOR',
      '    Return memory problems reports.',
      'MALLOC-STATS',
      '    Return internal statistics report from the memory allocator.',
      'PURGE',
      '    Attempt to purge dirty pages for reclamation by the allocator.',
      'STATS',
      '    Return information about the memory usage of the server.',
      'USAGE <key> [SAMPLES <count>]',
      '    Return memory in bytes used by <key> and its value. Nested values are',
      '    sampled up to <count> times (default: 5, 0 means sample all).',
      'HELP',
      '    Prints this help.',
    ]);
  });
});

describe('INFO memory', () => {
  it('used_memory follows the dataset: it grows with keys and comes back after FLUSHALL', async () => {
    const field = async (name: string): Promise<number> =>
      Number(new RegExp(`\\r\\n${name}:([0-9.]+)`).exec(await ours.client.info('memory'))?.[1]);
    const empty = await field('used_memory');
    const pipeline = ours.client.pipeline();
    for (let i = 0; i < 1000; i++) pipeline.set(`key:${i}`, 'value'.repeat(10));
    await pipeline.exec();
    const full = await field('used_memory');
    expect(full - empty).toBeGreaterThan(1000 * 80);
    expect(full - empty).toBeLessThan(1000 * 200);
    expect(await field('used_memory_dataset')).toBeGreaterThan(1000 * 50);
    expect(await field('used_memory_rss')).toBeGreaterThan(0);
    await ours.client.flushall();
    expect(await field('used_memory')).toBe(empty);
    expect(ours.server.keyspace.usedBytes).toBe(ours.server.keyspace.recount());
  });
});

describe('compared with a real redis-server 7.0', () => {
  const available = haveRedisServer();
  const real = useRealRedis({ when: available });

  it.runIf(available)('container sizes stay within 10% of Redis 7.0 (Redis counting every element)', async () => {
    const range = (n: number, f: (i: number) => string[]): string[] => Array.from({ length: n }, (_, i) => f(i)).flat();
    const setup: ReadonlyArray<readonly string[]> = [
      ['FLUSHALL'],
      ['RPUSH', 'l3', 'a', 'b', 'c'],
      ['RPUSH', 'l1000', ...range(1000, (i) => [`element-${i}`])],
      ['HSET', 'h5', ...range(5, (i) => [`field${i}`, `value${i}`])],
      ['HSET', 'h1000', ...range(1000, (i) => [`field${i}`, `value${i}`])],
      ['SADD', 'i100', ...range(100, (i) => [String(i)])],
      ['SADD', 's1000', ...range(1000, (i) => [`member-${i}`])],
      ['ZADD', 'z10', ...range(10, (i) => [String(i), `m${i}`])],
      ['ZADD', 'z1000', ...range(1000, (i) => [String(i * 1.5), `member-${i}`])],
    ];
    for (const argv of setup) {
      await rawReply(ours.raw, ...argv);
      await rawReply(real.raw, ...argv);
    }
    for (const key of ['l3', 'l1000', 'h5', 'h1000', 'i100', 's1000', 'z10', 'z1000']) {
      const ourSize = Number((await rawReply(ours.raw, 'MEMORY', 'USAGE', key)).slice(1));
      const theirSize = Number((await rawReply(real.raw, 'MEMORY', 'USAGE', key, 'SAMPLES', '0')).slice(1));
      expect(Math.abs(ourSize / theirSize - 1), `${key}: ${ourSize} vs ${theirSize}`).toBeLessThan(0.1);
    }
  });

  it.runIf(available)('MEMORY errors, nil and string sizes are byte-identical', async () => {
    const setup: ReadonlyArray<readonly string[]> = [
      ['SET', 'k1', 'v'], ['SET', 'k12345', '12345'], ['SET', 'big', 'x'.repeat(100)], ['SET', 'mid', 'y'.repeat(44)],
      ['SET', 'raw45', 'z'.repeat(45)],
    ];
    const cases = [
      ...ERROR_CASES,
      ['MEMORY', 'USAGE', 'k1'], ['MEMORY', 'USAGE', 'k12345'], ['MEMORY', 'USAGE', 'big'], ['MEMORY', 'USAGE', 'mid'],
      ['MEMORY', 'USAGE', 'raw45'],
    ];
    for (const argv of setup) {
      await rawReply(ours.raw, ...argv);
      await rawReply(real.raw, ...argv);
    }
    for (const argv of cases) {
      expect(await rawReply(ours.raw, ...argv), argv.join(' ')).toBe(await rawReply(real.raw, ...argv));
    }
  });
});
