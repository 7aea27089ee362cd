// The RDB writer and reader: round trips of every type and encoding at the conversion thresholds,
// expiries, binary keys, 16 databases, streaming, options; corrupt and unsupported files; and the
// committed fixtures written by a real Redis 7.0 and by our legacy (ziplist-era) builder.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHash, hashSet, type HashLimits } from '../../../../src/datatypes/hash/hash-type.js';
import { createListFrom } from '../../../../src/datatypes/list/list-type.js';
import type { RedisObject } from '../../../../src/datatypes/object.js';
import { createSetFor, setAdd, type SetLimits } from '../../../../src/datatypes/set/set-type.js';
import { createString } from '../../../../src/datatypes/string/string-type.js';
import { createZSet, zsetAdd, type ZSetLimits } from '../../../../src/datatypes/zset/zset-type.js';
import { crc64 } from '../../../../src/persistence/rdb/crc64.js';
import { DEFAULT_RDB_LOAD_LIMITS } from '../../../../src/persistence/rdb/object-reader.js';
import { parseRdb, RdbFormatError, type RdbEntry } from '../../../../src/persistence/rdb/rdb-reader.js';
import { defaultAuxFields, encodeRdb, RdbEncoder, type RdbWriteOptions } from '../../../../src/persistence/rdb/rdb-writer.js';
import { chunkLikeRedis } from '../../../../src/persistence/rdb/object-writer.js';
import { decodeListpack } from '../../../../src/persistence/rdb/listpack.js';
import { buildLegacyRdb, LEGACY_EXPECTED } from './legacy-builder.js';
import { snapshotObject } from './snapshot.js';

const HASH: HashLimits = DEFAULT_RDB_LOAD_LIMITS.hash;
const SET: SetLimits = DEFAULT_RDB_LOAD_LIMITS.set;
const ZSET: ZSetLimits = DEFAULT_RDB_LOAD_LIMITS.zset;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const FIXTURES = new URL('../../../fixtures/rdb/', import.meta.url);

function hashOf(n: number, valueLength = 2): RedisObject {
  const h = createHash();
  for (const i of range(n)) hashSet(h, `f${i}`, i % 2 === 0 ? String(i - 300) : 'v'.repeat(valueLength), HASH);
  return h;
}

function setOf(members: readonly string[]): RedisObject {
  const s = createSetFor(members[0] as string);
  for (const m of members) setAdd(s, m, SET);
  return s;
}

function zsetOf(n: number, memberLength = 3): RedisObject {
  const z = createZSet(ZSET, n, memberLength);
  for (const i of range(n)) zsetAdd(z, i % 3 === 0 ? -i / 7 : i * 1e10, `m${i}`.padEnd(memberLength, '_'), 0, ZSET);
  return z;
}

/** Every type and encoding, at each threshold −1 / = / +1. */
function sampleKeyspace(): Array<[string, RedisObject, number | undefined]> {
  const entries: Array<[string, RedisObject, number | undefined]> = [
    ['str', createString('hello'), undefined],
    ['int', createString('-12345'), 1_900_000_000_000],
    ['int64', createString('-9223372036854775808'), undefined],
    ['int32+1', createString('2147483648'), undefined],
    ['raw', createString('z'.repeat(1000)), undefined],
    ['\u0000\u00ff binary key', createString(Buffer.from([0, 1, 2, 255, 254])), undefined],
    ['empty', createString(''), undefined],
    ['list-small', createListFrom(['a', '1', '-70000', ''], -2), undefined],
    ['list-big', createListFrom(range(20000).map((i) => (i % 4 === 0 ? `el${i}` : String(i * 37))), -2), 1_800_000_000_000],
    ['list-huge-elements', createListFrom(['q'.repeat(10000), 'r'.repeat(70000)], -2), undefined],
    ['set-mixed', setOf(['a', '1', 'b']), undefined],
  ];
  for (const n of [511, 512, 513]) {
    entries.push([`hash-${n}`, hashOf(n), undefined]);
    entries.push([`intset-${n}`, setOf(range(n).map((i) => String(i * 5 - 1000))), undefined]);
  }
  for (const len of [64, 65]) entries.push([`hash-value-${len}`, hashOf(3, len), undefined]);
  for (const n of [127, 128, 129]) entries.push([`zset-${n}`, zsetOf(n), undefined]);
  for (const len of [64, 65]) entries.push([`zset-member-${len}`, zsetOf(5, len), undefined]);
  return entries;
}

function readAll(file: Buffer): RdbEntry[] {
  const out: RdbEntry[] = [];
  parseRdb(file, (entry) => out.push(entry));
  return out;
}

const OPTION_SETS: RdbWriteOptions[] = [
  { compression: true, checksum: true },
  { compression: false, checksum: true },
  { compression: true, checksum: false },
];

describe('RDB round trip', () => {
  it.each(OPTION_SETS)('keeps every type, encoding, expiry and key byte (%o)', (options) => {
    const entries = sampleKeyspace();
    const file = encodeRdb([{ index: 0, entries, size: entries.length, expiresSize: 2 }], options);
    const back = readAll(file);
    expect(back.map((e) => e.key)).toEqual(entries.map(([key]) => key));
    for (const [i, entry] of back.entries()) {
      const [key, value, expire] = entries[i] as [string, RedisObject, number | undefined];
      expect(snapshotObject(entry.value), key).toEqual(snapshotObject(value));
      expect(entry.expireAtMs, key).toBe(expire);
      expect(entry.db).toBe(0);
    }
    if (!options.checksum) expect(file.readBigUInt64LE(file.length - 8)).toBe(0n);
  });

  it('compresses long strings only with compression on', () => {
    const entries: Array<[string, RedisObject, undefined]> = [['k', createString('abc'.repeat(1000)), undefined]];
    const input = [{ index: 0, entries, size: 1, expiresSize: 0 }];
    const on = encodeRdb(input, { compression: true, checksum: true }, []);
    const off = encodeRdb(input, { compression: false, checksum: true }, []);
    expect(on.length).toBeLessThan(200);
    expect(off.length).toBeGreaterThan(3000);
  });

  it('writes SELECTDB/RESIZEDB per database, skips empty ones, and reads 16 databases back', () => {
    const dbs = range(16).map((index) => {
      const entries: Array<[string, RedisObject, number | undefined]> = index === 7 ? [] : [[`k${index}`, createString(`v${index}`), index % 2 === 0 ? 2e12 + index : undefined]];
      return { index, entries, size: entries.length, expiresSize: index % 2 === 0 ? 1 : 0 };
    });
    const resized: Array<[number, number, number]> = [];
    const got: RdbEntry[] = [];
    parseRdb(encodeRdb(dbs, { compression: true, checksum: true }), (e) => got.push(e), {
      onResizeDb: (db, size, expires) => resized.push([db, size, expires]),
    });
    expect(got.map((e) => `${e.db}:${e.key}:${e.expireAtMs ?? '-'}`)).toEqual(
      range(16).filter((i) => i !== 7).map((i) => `${i}:k${i}:${i % 2 === 0 ? 2e12 + i : '-'}`),
    );
    expect(resized.length).toBe(15);
    expect(resized[0]).toEqual([0, 1, 1]);
  });

  it('streams the same bytes chunk by chunk as encodeRdb writes at once', () => {
    const entries = sampleKeyspace();
    const aux = defaultAuxFields(1_700_000_000_000, 12345);
    const whole = encodeRdb([{ index: 3, entries, size: entries.length, expiresSize: 2 }], { compression: true, checksum: true }, aux);
    const encoder = new RdbEncoder({ compression: true, checksum: true });
    const chunks: Buffer[] = [];
    encoder.header(aux);
    chunks.push(...encoder.takeChunks());
    encoder.selectDb(3, entries.length, 2);
    for (const [key, value, expire] of entries) {
      encoder.key(key, value, expire);
      chunks.push(...encoder.takeChunks());
    }
    encoder.finish();
    chunks.push(...encoder.takeChunks());
    expect(Buffer.concat(chunks).equals(whole)).toBe(true);
    expect(() => encoder.finish()).toThrow();
  });

  it('writes the header and AUX fields Redis 7.0 writes, and reports where the file ends', () => {
    const file = encodeRdb([], { compression: true, checksum: true }, defaultAuxFields(1_700_000_000_000, 1000, true));
    expect(file.subarray(0, 9).toString()).toBe('REDIS0010');
    const tail = Buffer.from('*1\r\n$4\r\nPING\r\n');
    const result = parseRdb(Buffer.concat([file, tail]), () => undefined);
    expect(result.bytesRead).toBe(file.length);
    expect(result.version).toBe(10);
    expect(Object.fromEntries(result.aux)).toEqual({
      'redis-ver': '7.0.15', 'redis-bits': '64', ctime: '1700000000', 'used-mem': '1000', 'aof-base': '1',
    });
  });

  it('writes IDLE and FREQ opcodes when given, and reads them back for the next key only', () => {
    const encoder = new RdbEncoder({ compression: false, checksum: true });
    encoder.header([]);
    encoder.selectDb(0, 3, 0);
    encoder.key('lru', createString('a'), undefined, { idleSeconds: 300 });
    encoder.key('lfu', createString('b'), 5e12, { lfuFreq: 200 });
    encoder.key('plain', createString('c'), undefined);
    encoder.finish();
    const got = readAll(Buffer.concat(encoder.takeChunks()));
    expect(got.map((e) => [e.key, e.idleSeconds, e.lfuFreq, e.expireAtMs])).toEqual([
      ['lru', 300, undefined, undefined], ['lfu', undefined, 200, 5e12], ['plain', undefined, undefined, undefined],
    ]);
  });

  it('builds loaded objects with the configured thresholds', () => {
    const entries: Array<[string, RedisObject, undefined]> = [['h', hashOf(10), undefined], ['z', zsetOf(10), undefined], ['s', setOf(['1', '2', '3']), undefined]];
    const file = encodeRdb([{ index: 0, entries, size: 3, expiresSize: 0 }], { compression: true, checksum: true });
    const limits = { ...DEFAULT_RDB_LOAD_LIMITS, hash: { maxListpackEntries: 4, maxListpackValue: 64 }, zset: { maxListpackEntries: 4, maxListpackValue: 64 }, set: { maxIntsetEntries: 2 } };
    const encodings: string[] = [];
    parseRdb(file, (e) => encodings.push(`${e.key}:${e.value.encoding}`), { limits });
    expect(encodings).toEqual(['h:hashtable', 'z:skiplist', 's:hashtable']);
  });
});

describe('list nodes', () => {
  const counts = (values: string[], fill: number): number[] => chunkLikeRedis(values, fill).map((lp) => decodeListpack(lp).length);

  it('are cut where Redis 7.0 cuts them on RPUSH (element counts read off redis-server DUMPs)', () => {
    expect(counts(range(5000).map((i) => `item-${i}`), -2)).toEqual([828, 759, 743, 743, 743, 743, 441]);
    expect(counts(range(5000).map((i) => String(i * 7)), -2)).toEqual([2195, 2044, 761]);
    expect(counts(range(300).map((i) => 'x'.repeat(100 + (i % 50) * 10)), -2)).toEqual([31, 16, 30, 17, 28, 19, 26, 21, 23, 24, 17, 30, 16, 2]);
  });

  it('hold at most `fill` elements for a positive fill, one for 0, and a big element alone', () => {
    expect(counts(range(10).map(String), 3)).toEqual([3, 3, 3, 1]);
    expect(counts(['a', 'b'], 0)).toEqual([1, 1]);
    expect(counts(['a', 'y'.repeat(9000), 'b'], -2)).toEqual([1, 1, 1]);
    expect(counts([], -2)).toEqual([]);
  });
});

describe('RDB corruption and unsupported content', () => {
  const small = encodeRdb(
    [{ index: 0, entries: [['a', createString('x'.repeat(30)), 1e12], ['h', hashOf(3), undefined]], size: 2, expiresSize: 1 }],
    { compression: true, checksum: true },
  );

  /** A file with `records` after the header and a valid CRC. */
  function fileWith(version: string, ...records: Buffer[]): Buffer {
    const body = Buffer.concat([Buffer.from(`REDIS${version}`), ...records, Buffer.from([0xff])]);
    const sum = Buffer.alloc(8);
    sum.writeBigUInt64LE(crc64(body));
    return Buffer.concat([body, sum]);
  }

  it('rejects a bad signature or an unknown version', () => {
    expect(() => readAll(Buffer.from('RADIS0010'))).toThrow(/Wrong signature/);
    expect(() => readAll(fileWith('0011'))).toThrow(/Can't handle RDB format version 0011/);
    expect(() => readAll(fileWith('00x1'))).toThrow(RdbFormatError);
  });

  it('rejects a flipped byte anywhere by the checksum (or a structural error)', () => {
    for (let i = 9; i < small.length; i++) {
      const bad = Buffer.from(small);
      bad[i] = (bad[i] as number) ^ 0x5a;
      expect(() => readAll(bad), `byte ${i}`).toThrow(RdbFormatError);
    }
  });

  it('rejects a file cut at any offset', () => {
    for (let cut = 0; cut < small.length; cut++) {
      expect(() => readAll(small.subarray(0, cut)), `cut at ${cut}`).toThrow(RdbFormatError);
    }
  });

  it('skips the checksum check when the stored sum is zero or when asked', () => {
    const zeroed = Buffer.from(small);
    zeroed.fill(0, zeroed.length - 8);
    expect(readAll(zeroed).length).toBe(2);
    const wrong = Buffer.from(small);
    wrong[wrong.length - 1] = (wrong[wrong.length - 1] as number) ^ 1;
    expect(() => readAll(wrong)).toThrow(/Wrong RDB checksum/);
    expect(parseRdb(wrong, () => undefined, { verifyChecksum: false }).bytesRead).toBe(wrong.length);
  });

  it('refuses truncated streams, modules, module AUX data, functions and unknown opcodes clearly', () => {
    const key = Buffer.from([1, 0x6b]); // key "k"
    // Streams are read (src/persistence/rdb/stream-reader.ts): a key with no stream after it is truncated.
    expect(() => readAll(fileWith('0010', Buffer.from([15]), key))).toThrow(RdbFormatError);
    expect(() => readAll(fileWith('0010', Buffer.from([19]), key))).toThrow(RdbFormatError);
    expect(() => readAll(fileWith('0010', Buffer.from([7]), key))).toThrow(/type 7 \(module\) not supported/);
    expect(() => readAll(fileWith('0010', Buffer.from([247, 0])))).toThrow(/Module AUX/);
    expect(() => readAll(fileWith('0010', Buffer.from([200])))).toThrow(/Unknown RDB opcode or type 200/);
    const fn = Buffer.concat([Buffer.from([245, 4]), Buffer.from('code')]);
    expect(() => readAll(fileWith('0010', fn))).toThrow(/Function libraries/);
    const code: string[] = [];
    parseRdb(fileWith('0010', fn), () => undefined, { onFunction: (c) => code.push(c) });
    expect(code).toEqual(['code']);
  });

  it('rejects duplicate hash fields, set members and zset members, and NaN scores', () => {
    const str = (s: string): Buffer => Buffer.concat([Buffer.from([s.length]), Buffer.from(s)]);
    const nan = Buffer.alloc(8);
    nan.writeDoubleLE(NaN);
    const one = Buffer.alloc(8);
    one.writeDoubleLE(1);
    expect(() => readAll(fileWith('0010', Buffer.from([4]), str('h'), Buffer.from([2]), str('f'), str('a'), str('f'), str('b')))).toThrow(/Duplicate hash/);
    expect(() => readAll(fileWith('0010', Buffer.from([2]), str('s'), Buffer.from([2]), str('x'), str('x')))).toThrow(/Duplicate set/);
    expect(() => readAll(fileWith('0010', Buffer.from([5]), str('z'), Buffer.from([2]), str('m'), one, str('m'), one))).toThrow(/Duplicate zset/);
    expect(() => readAll(fileWith('0010', Buffer.from([5]), str('z'), Buffer.from([1]), str('m'), nan))).toThrow(/NAN/);
  });

  it('skips keys holding an empty container, as Redis does', () => {
    const file = fileWith('0010', Buffer.from([2, 1, 0x6b, 0]), Buffer.from([0, 1, 0x6a, 1, 0x76]));
    const got: string[] = [];
    const result = parseRdb(file, (e) => got.push(e.key));
    expect(got).toEqual(['j']);
    expect(result.emptyKeysSkipped).toBe(1);
  });
});

describe('RDB fixtures', () => {
  it('reads the file real Redis 7.0 wrote (compressed, checksummed) to the data it was given', () => {
    const expectations = (entries: RdbEntry[]): void => {
      const byKey = new Map(entries.map((e) => [`${e.db}:${e.key}`, e]));
      const snap = (key: string): unknown => snapshotObject((byKey.get(key) as RdbEntry).value);
      expect(byKey.size).toBe(15);
      expect(snap('0:s:embstr')).toEqual({ type: 'string', encoding: 'embstr', items: ['hello'] });
      expect(snap('0:s:int')).toEqual({ type: 'string', encoding: 'int', items: ['-42'] });
      expect(snap('0:s:int64')).toEqual({ type: 'string', encoding: 'int', items: ['9223372036854775807'] });
      expect(snap('0:s:long')).toEqual({ type: 'string', encoding: 'raw', items: ['abcdefghij'.repeat(10)] });
      expect(byKey.get('0:s:ttl')?.expireAtMs).toBe(4102444800000);
      expect(snap('0:h:listpack')).toEqual({ type: 'hash', encoding: 'listpack', items: ['name=redis', 'neg=-5000', 'year=2009'] });
      // Written as a dict with 3 fields; our default thresholds load it back as a listpack, as Redis does.
      expect(snap('0:h:hashtable')).toEqual({ type: 'hash', encoding: 'listpack', items: ['f1=v1', 'f2=v2', 'f3=v3'] });
      expect(snap('0:set:intset')).toEqual({ type: 'set', encoding: 'intset', items: ['-70000', '5', '5000000000'] });
      expect(snap('0:set:hashtable')).toEqual({ type: 'set', encoding: 'intset', items: ['1', '2', '3'] });
      expect(snap('0:set:strings')).toEqual({ type: 'set', encoding: 'hashtable', items: ['a', 'b'] });
      expect(snap('0:z:listpack')).toEqual({ type: 'zset', encoding: 'listpack', items: ['half@0.5', 'one@1', 'two@2'] });
      expect(snap('0:z:skiplist')).toEqual({ type: 'zset', encoding: 'listpack', items: ['c@-Infinity', 'a@1', 'b@2.5'] });
      expect(snap('0:l:list')).toEqual({ type: 'list', encoding: 'quicklist', items: ['a', '1', '-1', '300', 'b'] });
      expect(snap('3:db3:key')).toEqual({ type: 'string', encoding: 'embstr', items: ['in-db-3'] });
      expect(snap('15:db15:hash')).toEqual({ type: 'hash', encoding: 'listpack', items: ['x=y'] });
    };
    const compressed = readFileSync(new URL('real-7.0-types.rdb', FIXTURES));
    const plain = readFileSync(new URL('real-7.0-nocompress-nochecksum.rdb', FIXTURES));
    const a: RdbEntry[] = [];
    const b: RdbEntry[] = [];
    expect(parseRdb(compressed, (e) => a.push(e)).aux.get('redis-ver')).toBe('7.0.15');
    expect(parseRdb(plain, (e) => b.push(e)).bytesRead).toBe(plain.length);
    expectations(a);
    expectations(b);
    expect(plain.readBigUInt64LE(plain.length - 8)).toBe(0n);
  });

  it('keeps the big encodings of the real file when the thresholds say so', () => {
    const limits = { ...DEFAULT_RDB_LOAD_LIMITS, hash: { maxListpackEntries: 2, maxListpackValue: 64 }, zset: { maxListpackEntries: 2, maxListpackValue: 64 }, set: { maxIntsetEntries: 2 } };
    const got = new Map<string, string>();
    parseRdb(readFileSync(new URL('real-7.0-types.rdb', FIXTURES)), (e) => got.set(e.key, e.value.encoding), { limits });
    expect([got.get('h:hashtable'), got.get('z:skiplist'), got.get('set:hashtable')]).toEqual(['hashtable', 'skiplist', 'hashtable']);
  });

  it('reads the ziplist-era file (version 9) the legacy builder makes, which is the committed fixture', () => {
    const file = readFileSync(new URL('legacy-v9-ziplist.rdb', FIXTURES));
    expect(file.equals(buildLegacyRdb())).toBe(true);
    const got = new Map<string, RdbEntry>();
    const result = parseRdb(file, (e) => got.set(e.key, e));
    expect(result.version).toBe(9);
    for (const [key, expected] of Object.entries(LEGACY_EXPECTED)) {
      const entry = got.get(key) as RdbEntry;
      const snap = snapshotObject(entry.value);
      expect({ type: snap.type, items: snap.items }, key).toEqual({ type: expected.type, items: [...expected.items] });
    }
    expect(got.get('old:ttl-seconds')?.expireAtMs).toBe(2_000_000_000_000);
    expect(got.get('db2:idle')).toMatchObject({ db: 2, idleSeconds: 100, lfuFreq: 42 });
    expect(got.get('old:zipmap')?.value.encoding).toBe('listpack');
    expect(got.get('old:intset')?.value.encoding).toBe('intset');
  });
});
