// DUMP / RESTORE and RDB files, checked against a real redis-server 7.0: payloads move both ways
// for every type and encoding, error texts match, files we write load in Redis (and pass
// redis-check-rdb), and files Redis writes load here. Every expected error text was read off a
// real redis-server 7.0.15.

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { crc64 } from '../../src/persistence/rdb/crc64.js';
import { parseRdb } from '../../src/persistence/rdb/rdb-reader.js';
import { encodeRdb, RdbEncoder } from '../../src/persistence/rdb/rdb-writer.js';
import { createString } from '../../src/datatypes/string/string-type.js';
import { errorOf, requireProgram, startRealRedis } from '../helpers/server.js';
import { haveRedisServer, useRealRedis, useTsredis } from '../helpers/side-by-side.js';
import { populateDataset, type DatasetKey } from '../unit/persistence/rdb/dataset.js';
import { buildZiplist, buildZipmap } from '../unit/persistence/rdb/legacy-builder.js';
import { encodeListpack } from '../../src/persistence/rdb/listpack.js';
import { snapshotKey, snapshotObject, snapshotServer, type ValueSnapshot } from '../unit/persistence/rdb/snapshot.js';

const available = haveRedisServer();

/** Run a program to completion (async: the server under test lives in this process). */
function run(program: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** RESTORE with any arguments (ioredis's typed overloads cover only some option orders). */
function restore(client: Redis, ...args: Array<string | number | Buffer>): Promise<unknown> {
  return client.call('RESTORE', ...args.map((a) => (typeof a === 'number' ? String(a) : a)));
}

/** A DUMP payload with its CRC recomputed, so only the body is wrong. */
function withValidFooter(body: Buffer): Buffer {
  const out = Buffer.alloc(body.length + 10);
  body.copy(out);
  out.writeUInt16LE(10, body.length);
  out.writeBigUInt64LE(crc64(out, 0, body.length + 2), body.length + 2);
  return out;
}

describe.skipIf(!available)('DUMP / RESTORE and RDB files against real Redis', () => {
  const ours = useTsredis({ raw: false, ioredis: true });
  const real = useRealRedis({
    raw: false, ioredis: true, tempDir: 'tsredis-rdb-', args: ['--sanitize-dump-payload', 'yes', '--enable-debug-command', 'yes'],
  });

  beforeEach(async () => {
    await Promise.all([ours.client.flushall(), real.client.flushall()]);
    await Promise.all([ours.client.config('SET', 'rdbcompression', 'yes'), real.client.config('SET', 'rdbcompression', 'yes')]);
  });

  async function datasetOnBoth(): Promise<DatasetKey[]> {
    const [keys] = await Promise.all([populateDataset(ours.client), populateDataset(real.client)]);
    return keys;
  }

  it('builds the dataset with the same encodings as Redis', async () => {
    const keys = await datasetOnBoth();
    for (const { key, encoding } of keys) {
      const [mine, theirs] = await Promise.all([snapshotKey(ours.client, key), snapshotKey(real.client, key)]);
      expect(theirs.encoding, key.toString('latin1')).toBe(encoding);
      expect(mine, key.toString('latin1')).toEqual(theirs);
    }
  });

  it('RESTOREs every type and encoding DUMPed by Redis, and Redis RESTOREs ours', async () => {
    const keys = await datasetOnBoth();
    for (const compression of ['yes', 'no']) {
      await Promise.all([ours.client.config('SET', 'rdbcompression', compression), real.client.config('SET', 'rdbcompression', compression)]);
      for (const { key } of keys) {
        const name = key.toString('latin1');
        const expected = await snapshotKey(real.client, key);
        const fromRedis = (await real.client.dumpBuffer(key)) as Buffer;
        const fromUs = (await ours.client.dumpBuffer(key)) as Buffer;
        const copy = Buffer.concat([Buffer.from('copy:'), key]);
        expect(await ours.client.restore(copy, 0, fromRedis, 'REPLACE'), name).toBe('OK');
        expect(await snapshotKey(ours.client, copy), `${name} restored here`).toEqual(expected);
        expect(await real.client.restore(copy, 0, fromUs, 'REPLACE'), name).toBe('OK');
        expect(await snapshotKey(real.client, copy), `${name} restored in Redis`).toEqual(expected);
      }
    }
  });

  it('writes the same DUMP bytes as Redis for strings, listpacks and intsets (compression off)', async () => {
    const keys = await datasetOnBoth();
    await Promise.all([ours.client.config('SET', 'rdbcompression', 'no'), real.client.config('SET', 'rdbcompression', 'no')]);
    let compared = 0;
    for (const { key, encoding } of keys) {
      // Hashtables iterate in dict order, which differs. Lists are built by RPUSH, so their
      // nodes are cut the same way.
      if (!['int', 'embstr', 'raw', 'listpack', 'intset', 'quicklist'].includes(encoding)) continue;
      const [mine, theirs] = await Promise.all([ours.client.dumpBuffer(key), real.client.dumpBuffer(key)]);
      expect((mine as Buffer).toString('hex'), key.toString('latin1')).toBe((theirs as Buffer).toString('hex'));
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
    await ours.client.rpush('l:one-node', 'a', '1', '-1', '128', '-4097', '70000', 'x'.repeat(100), '9223372036854775807');
    await real.client.rpush('l:one-node', 'a', '1', '-1', '128', '-4097', '70000', 'x'.repeat(100), '9223372036854775807');
    expect(((await ours.client.dumpBuffer('l:one-node')) as Buffer).toString('hex')).toBe(((await real.client.dumpBuffer('l:one-node')) as Buffer).toString('hex'));
  });

  it('DUMP of a missing key is nil; RESTORE sets TTLs, ABSTTL, REPLACE and IDLETIME as Redis does', async () => {
    expect(await ours.client.dumpBuffer('missing')).toBeNull();
    await ours.client.set('k', 'v');
    const payload = (await ours.client.dumpBuffer('k')) as Buffer;
    expect(await ours.client.restore('t', 100000, payload)).toBe('OK');
    const pttl = await ours.client.pttl('t');
    expect(pttl).toBeGreaterThan(99000);
    expect(pttl).toBeLessThanOrEqual(100000);
    expect(await restore(ours.client, 'abs', Date.now() + 50000, payload, 'ABSTTL')).toBe('OK');
    expect(await ours.client.pttl('abs')).toBeGreaterThan(40000);
    // An absolute time in the past: OK, and nothing is stored (an existing key is deleted by REPLACE).
    expect(await restore(ours.client, 'past', 1000, payload, 'ABSTTL')).toBe('OK');
    expect(await ours.client.exists('past')).toBe(0);
    expect(await restore(ours.client, 'k', 1000, payload, 'ABSTTL', 'REPLACE')).toBe('OK');
    expect(await ours.client.exists('k')).toBe(0);
    expect(await restore(ours.client, 'idle', 0, payload, 'IDLETIME', 1000)).toBe('OK');
    expect(await ours.client.object('IDLETIME', 'idle')).toBeGreaterThanOrEqual(1000);
    expect(await restore(ours.client, 'idle2', 0, payload, 'IDLETIME', 5, 'IDLETIME', 7)).toBe('OK');
    expect(await ours.client.object('IDLETIME', 'idle2')).toBeGreaterThanOrEqual(7);
  });

  it('RESTORE with FREQ sets the LFU counter under an LFU policy', async () => {
    await ours.client.config('SET', 'maxmemory-policy', 'allkeys-lfu');
    try {
      await ours.client.set('k', 'v');
      const payload = (await ours.client.dumpBuffer('k')) as Buffer;
      expect(await restore(ours.client, 'f', 0, payload, 'FREQ', 100)).toBe('OK');
      expect(await ours.client.object('FREQ', 'f')).toBe(100);
    } finally {
      await ours.client.config('SET', 'maxmemory-policy', 'noeviction');
    }
  });

  it('answers every RESTORE error with Redis exact text, in Redis order', async () => {
    await Promise.all([ours.client.set('exists', 'v'), real.client.set('exists', 'v')]);
    const good = (await real.client.dumpBuffer('exists')) as Buffer;
    const corrupt = Buffer.from(good);
    corrupt[1] = (corrupt[1] as number) ^ 0xff;
    const newer = Buffer.from(good);
    newer.writeUInt16LE(11, newer.length - 10);
    const oneBlob = (type: number, blob: Buffer): Buffer => Buffer.concat([Buffer.from([type, blob.length]), blob]);
    const wrongCount = encodeListpack(['a', '1']);
    wrongCount.writeUInt16LE(4, 4);
    expect(await ours.client.restore('lp-ok', 0, withValidFooter(oneBlob(16, encodeListpack(['a', '1']))))).toBe('OK');
    const cases: Array<Array<string | Buffer | number>> = [
      ['exists', 0, good],
      ['exists', -1, 'x'],
      ['exists', 'abc', 'x', 'REPLACE'],
      ['k', 'abc', good],
      ['k', -1, good],
      ['k', 0, 'x'],
      ['k', 0, ''],
      ['k', 0, corrupt],
      ['k', 0, newer],
      ['k', 0, good, 'bogus'],
      ['exists', 0, good, 'bogus'],
      ['k', 0, good, 'IDLETIME', -1],
      ['k', 0, good, 'IDLETIME', 'abc'],
      ['k', 0, good, 'IDLETIME'],
      ['k', 0, good, 'FREQ', 256],
      ['k', 0, good, 'FREQ', -1],
      ['k', 0, good, 'FREQ', 'x'],
      ['k', 0, good, 'IDLETIME', 5, 'FREQ', 3],
      ['k', 0, good, 'FREQ', 3, 'IDLETIME', 5],
      // A valid footer around bodies that are not values.
      ['k', 0, withValidFooter(Buffer.from([200, 1, 2]))],
      ['k', 0, withValidFooter(Buffer.from([0, 0x41, 0x2c, 65]))],
      ['k', 0, withValidFooter(Buffer.from([2, 0]))],
      ['k', 0, withValidFooter(Buffer.from([11, 8, 2, 0, 0, 0, 0, 0, 0, 0]))],
      ['k', 0, withValidFooter(Buffer.alloc(0))],
      // Bodies only deep sanitization refuses (real Redis runs with sanitize-dump-payload yes here).
      ['k', 0, withValidFooter(oneBlob(16, encodeListpack(['a', '1', 'a', '2'])))],
      ['k', 0, withValidFooter(oneBlob(17, encodeListpack(['a', '1', 'b'])))],
      ['k', 0, withValidFooter(Buffer.from([2, 2, 1, 0x78, 1, 0x78]))],
      ['k', 0, withValidFooter(oneBlob(16, wrongCount))],
    ];
    for (const args of cases) {
      const label = JSON.stringify(args.map(String));
      const [mine, theirs] = await Promise.all([
        errorOf(restore(ours.client, ...args)).catch(() => `no error (${label})`),
        errorOf(restore(real.client, ...args)).catch(() => `no error (${label})`),
      ]);
      expect(mine, label).toBe(theirs);
      expect(mine, label).toMatch(/^(ERR|BUSYKEY) /);
    }
    // Redis reads the value out of the whole payload, footer included: a string running into the
    // footer is accepted, with the footer bytes as its tail. Same here.
    const quirk = withValidFooter(Buffer.from([0, 10, 65]));
    expect(await Promise.all([ours.client.restore('quirk', 0, quirk), real.client.restore('quirk', 0, quirk)])).toEqual(['OK', 'OK']);
    expect(await ours.client.getBuffer('quirk')).toEqual(await real.client.getBuffer('quirk'));
    expect(await errorOf(ours.client.restore('exists', 0, good))).toBe('BUSYKEY Target key name already exists.');
    expect(await errorOf(ours.client.restore('k', -1, good))).toBe('ERR Invalid TTL value, must be >= 0');
    expect(await errorOf(ours.client.restore('k', 0, corrupt))).toBe('ERR DUMP payload version or checksum are wrong');
    expect(await errorOf(ours.client.restore('k', 0, withValidFooter(Buffer.from([200]))))).toBe('ERR Bad data format');
  });

  it('writes RDB files that a real redis-server loads (16 dbs, TTLs) and redis-check-rdb accepts', async () => {
    const keys = await populateDataset(ours.client);
    for (let db = 1; db < 16; db++) {
      await ours.client.select(db);
      await ours.client.set(`db${db}`, `value ${db}`);
      await ours.client.hset(`hash${db}`, 'f', String(db));
      await ours.client.set(`ttl${db}`, 'x', 'PX', 1000000 + db);
    }
    await ours.client.select(0);
    await ours.client.pexpire(keys[0]?.key as Buffer, 500000);
    const expected = await snapshotServer(ours.client, 16);
    const keyspace = ours.server.keyspace;
    const file = encodeRdb(
      keyspace.dbs.map((db) => ({
        index: db.index,
        size: [...db.keys()].length,
        expiresSize: [...db.expiresIterator()].length,
        entries: [...db.entries()].map(([key, value]) => [key, value, db.getExpire(key)] as const),
      })),
      { compression: true, checksum: true },
    );
    const path = join(real.dir, 'ours.rdb');
    writeFileSync(path, file);
    if (requireProgram('redis-check-rdb', 'sudo apt-get install -y redis-tools')) {
      const check = await run('redis-check-rdb', [path]);
      expect(check.output).toContain('RDB looks OK');
      expect(check.code).toBe(0);
    }
    const loaded = await startRealRedis(['--dir', real.dir, '--dbfilename', 'ours.rdb', '--sanitize-dump-payload', 'yes']);
    const client = new Redis({ port: loaded.port, host: '127.0.0.1', enableReadyCheck: false });
    try {
      expect(await snapshotServer(client, 16)).toEqual(expected);
      await client.select(3);
      const pttl = await client.pttl('ttl3');
      expect(pttl).toBeGreaterThan(900000);
    } finally {
      client.disconnect();
      await loaded.stop();
    }
  });

  it('reads RDB files written by Redis (SAVE) to the same data', async () => {
    await populateDataset(real.client);
    await real.client.select(9);
    await real.client.set('in-db-9', 'yes', 'PX', 700000);
    await real.client.select(0);
    const expected = await snapshotServer(real.client, 16);
    for (const compression of ['yes', 'no']) {
      await real.client.config('SET', 'rdbcompression', compression);
      expect(await real.client.save()).toBe('OK');
      const got = new Map<string, ValueSnapshot & { ttl: boolean }>();
      const result = parseRdb(readFileSync(join(real.dir, 'dump.rdb')), (entry) => {
        got.set(`${entry.db}:${entry.key}`, { ...snapshotObject(entry.value), ttl: entry.expireAtMs !== undefined });
      });
      expect(got).toEqual(expected);
      expect(result.aux.get('redis-ver')).toBe('7.0.15');
    }
  });

  it('loads the ziplist-era fixture in a real redis-server to the same data our reader gives', async () => {
    const file = readFileSync(new URL('../fixtures/rdb/legacy-v9-ziplist.rdb', import.meta.url));
    writeFileSync(join(real.dir, 'legacy.rdb'), file);
    const expected = new Map<string, ValueSnapshot & { ttl: boolean }>();
    parseRdb(file, (entry) => {
      expected.set(`${entry.db}:${entry.key}`, { ...snapshotObject(entry.value), ttl: entry.expireAtMs !== undefined });
    });
    const loaded = await startRealRedis(['--dir', real.dir, '--dbfilename', 'legacy.rdb', '--sanitize-dump-payload', 'yes']);
    const client = new Redis({ port: loaded.port, host: '127.0.0.1', enableReadyCheck: false });
    try {
      expect(await snapshotServer(client, 16)).toEqual(expected);
    } finally {
      client.disconnect();
      await loaded.stop();
    }
  });

  it('moves random values of every type both ways unchanged (property)', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 80 }).map((a) => Buffer.from(a)),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => Buffer.from(String(n))),
      fc.integer({ min: -5000, max: 5000 }).map((n) => Buffer.from(String(n))),
    );
    const value = fc.oneof(
      fc.record({ kind: fc.constant('string' as const), items: fc.array(bytes, { minLength: 1, maxLength: 1 }) }),
      fc.record({ kind: fc.constantFrom('list' as const, 'set' as const, 'hash' as const, 'zset' as const), items: fc.array(bytes, { minLength: 1, maxLength: 700 }) }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(value, async ({ kind, items }) => {
        const key = `prop:${run++}`;
        const pipe = ours.client.pipeline();
        if (kind === 'string') pipe.set(key, items[0] as Buffer);
        else if (kind === 'list') pipe.rpush(key, ...items);
        else if (kind === 'set') pipe.sadd(key, ...items);
        else if (kind === 'hash') for (let i = 0; i < items.length; i++) pipe.hset(key, items[i] as Buffer, items[(i * 7) % items.length] as Buffer);
        else for (let i = 0; i < items.length; i++) pipe.zadd(key, String(((i * 2654435761) % 1000) / 8 - 50), items[i] as Buffer);
        await pipe.exec();
        const expected = await snapshotKey(ours.client, key);
        const payload = (await ours.client.dumpBuffer(key)) as Buffer;
        await real.client.restore(key, 0, payload, 'REPLACE');
        expect(await snapshotKey(real.client, key)).toEqual(expected);
        const back = (await real.client.dumpBuffer(key)) as Buffer;
        await ours.client.restore(key, 0, back, 'REPLACE');
        expect(await snapshotKey(ours.client, key)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('RESTORE fires the same keyspace events as Redis (restore, and del for REPLACE with a past TTL)', async () => {
    const events = async (client: Redis, port: number): Promise<string[]> => {
      await client.config('SET', 'notify-keyspace-events', 'KEA');
      const sub = new Redis({ port, host: '127.0.0.1', enableReadyCheck: false });
      const got: string[] = [];
      sub.on('pmessage', (_pattern: string, channel: string, message: string) => got.push(`${channel} ${message}`));
      await sub.psubscribe('__keyevent@0__:*');
      await client.set('src', 'v');
      const payload = (await client.dumpBuffer('src')) as Buffer;
      await client.restore('a', 0, payload);
      await client.restore('a', 0, payload, 'REPLACE');
      await restore(client, 'a', 1, payload, 'ABSTTL', 'REPLACE');
      await client.restore('b', 5000, payload);
      await client.ping();
      await new Promise((resolve) => setTimeout(resolve, 50));
      sub.disconnect();
      await client.config('SET', 'notify-keyspace-events', '');
      return got;
    };
    const mine = await events(ours.client, ours.port);
    const theirs = await events(real.client, real.port);
    expect(mine).toEqual(theirs);
    expect(mine).toContain('__keyevent@0__:restore b');
  });

  it('IDLE and FREQ opcodes we write are applied by a real redis-server under LRU and LFU policies', async () => {
    const encoder = new RdbEncoder({ compression: true, checksum: true });
    encoder.header([]);
    encoder.selectDb(0, 2, 0);
    encoder.key('idle', createString('a'), undefined, { idleSeconds: 5000 });
    encoder.key('freq', createString('b'), undefined, { lfuFreq: 99 });
    encoder.finish();
    writeFileSync(join(real.dir, 'access.rdb'), Buffer.concat(encoder.takeChunks()));
    for (const [policy, check] of [
      ['allkeys-lru', async (c: Redis) => expect(await c.object('IDLETIME', 'idle')).toBeGreaterThanOrEqual(5000)],
      ['allkeys-lfu', async (c: Redis) => expect(await c.object('FREQ', 'freq')).toBe(99)],
    ] as const) {
      const loaded = await startRealRedis(['--dir', real.dir, '--dbfilename', 'access.rdb', '--maxmemory-policy', policy]);
      const client = new Redis({ port: loaded.port, host: '127.0.0.1', enableReadyCheck: false });
      try {
        await check(client);
      } finally {
        client.disconnect();
        await loaded.stop();
      }
    }
  });

  it('loads hand-built payloads of old and edge encodings with the encodings Redis picks', async () => {
    /** A DUMP payload of `type` holding one blob. */
    const blobPayload = (type: number, blob: Buffer): Buffer => {
      const head = blob.length < 64 ? Buffer.from([type, blob.length]) : Buffer.from([type, 0x40 | (blob.length >> 8), blob.length & 0xff]);
      return withValidFooter(Buffer.concat([head, blob]));
    };
    const long = 'x'.repeat(100);
    const cases: Array<[string, Buffer]> = [
      ['hash listpack, long value', blobPayload(16, encodeListpack([long, 'v']))],
      ['zset listpack, long member', blobPayload(17, encodeListpack([long, '1']))],
      ['hash ziplist, long value', blobPayload(13, buildZiplist(['f', long]))],
      ['zset ziplist, long member', blobPayload(12, buildZiplist([long, '2.5']))],
      ['hash zipmap, long value', blobPayload(9, buildZipmap([['f', long]]))],
      ['hash ziplist, 3 fields', blobPayload(13, buildZiplist(['a', '1', 'b', '2', 'c', '3']))],
      ['zset listpack, 3 members', blobPayload(17, encodeListpack(['a', '1', 'b', '2', 'c', '3']))],
      ['list ziplist', blobPayload(10, buildZiplist(['a', '1', long]))],
    ];
    const limits = ['hash-max-listpack-entries', 'zset-max-listpack-entries'];
    for (const client of [ours.client, real.client]) for (const name of limits) await client.config('SET', name, '2');
    try {
      for (const [label, payload] of cases) {
        expect(await Promise.all([ours.client.restore(label, 0, payload), real.client.restore(label, 0, payload)]), label).toEqual(['OK', 'OK']);
        expect(await snapshotKey(ours.client, label), label).toEqual(await snapshotKey(real.client, label));
      }
    } finally {
      for (const client of [ours.client, real.client]) {
        await client.config('SET', 'hash-max-listpack-entries', '512');
        await client.config('SET', 'zset-max-listpack-entries', '128');
      }
    }
  });

  it('RESTOREs lists Redis wrote with PLAIN nodes and with LZF-compressed interior nodes', async () => {
    await real.client.call('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '100');
    await real.client.config('SET', 'list-compress-depth', '1');
    try {
      await real.client.rpush('plain', 'a', 'p'.repeat(300), 'b', 'q'.repeat(5000));
      await real.client.rpush('compressed', ...Array.from({ length: 5000 }, (_, i) => `element-${i % 97}`));
      for (const key of ['plain', 'compressed']) {
        const payload = (await real.client.dumpBuffer(key)) as Buffer;
        expect(await ours.client.restore(key, 0, payload)).toBe('OK');
        expect(await snapshotKey(ours.client, key), key).toEqual(await snapshotKey(real.client, key));
      }
    } finally {
      await real.client.call('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '1073741824');
      await real.client.config('SET', 'list-compress-depth', '0');
    }
  });

  it('RESTORE TTLs at the int64 edge behave as in Redis (a relative TTL that overflows is already expired)', async () => {
    const results = async (client: Redis): Promise<unknown[]> => {
      await client.set('src', 'v');
      const payload = (await client.dumpBuffer('src')) as Buffer;
      const out: unknown[] = [];
      for (const [key, ttl, ...options] of [['a', '9223372036854775807'], ['b', '9223372036854775000', 'ABSTTL'], ['c', '9000000000000000000']]) {
        out.push(await restore(client, key as string, ttl as string, payload, ...options), await client.exists(key as string));
      }
      return out;
    };
    const mine = await results(ours.client);
    expect(mine).toEqual(await results(real.client));
    expect(mine).toEqual(['OK', 0, 'OK', 1, 'OK', 1]);
  });

  it('cuts list nodes as Redis does for every list-max-listpack-size (same DUMP bytes)', async () => {
    const values = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? String(i * 31) : `element-${i}-${'z'.repeat(i % 40)}`));
    await Promise.all([ours.client.config('SET', 'rdbcompression', 'no'), real.client.config('SET', 'rdbcompression', 'no')]);
    try {
      for (const fill of ['-1', '-2', '-3', '-5', '0', '1', '7', '1000']) {
        for (const client of [ours.client, real.client]) {
          await client.config('SET', 'list-max-listpack-size', fill);
          await client.del('fill');
          for (let i = 0; i < values.length; i += 1000) await client.rpush('fill', ...values.slice(i, i + 1000));
        }
        const [mine, theirs] = await Promise.all([ours.client.dumpBuffer('fill'), real.client.dumpBuffer('fill')]);
        expect((mine as Buffer).equals(theirs as Buffer), `list-max-listpack-size ${fill}`).toBe(true);
      }
    } finally {
      for (const client of [ours.client, real.client]) await client.config('SET', 'list-max-listpack-size', '-2');
    }
  });
});

