// Test helper: builds, byte by byte, an RDB version 9 file in the encodings Redis 7.0 no longer
// writes but still loads: ziplists (lists, hashes, zsets, quicklist v1 nodes), a zipmap hash, a
// linked LIST, a text-score ZSET, EXPIRETIME in seconds, IDLE and FREQ opcodes. We have no older
// Redis to produce one, so this builder is the source of test/fixtures/rdb/legacy-v9-ziplist.rdb;
// the integration test checks that a real redis-server 7.0 loads that file to the same data.
// The layouts follow redis src/ziplist.c and src/zipmap.c (see src/persistence/rdb/ziplist.ts).

import { crc64 } from '../../../../src/persistence/rdb/crc64.js';

const bytes = (...b: number[]): Buffer => Buffer.from(b);
const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

function rdbLength(n: number): Buffer {
  if (n < 64) return bytes(n);
  if (n < 16384) return bytes(0x40 | (n >> 8), n & 0xff);
  const out = Buffer.alloc(5);
  out[0] = 0x80;
  out.writeUInt32BE(n, 1);
  return out;
}

function rdbString(s: string | Buffer): Buffer {
  const data = typeof s === 'string' ? latin1(s) : s;
  return Buffer.concat([rdbLength(data.length), data]);
}

/** One ziplist entry's encoding + data (no prevlen), integers in their ziplist forms. */
function ziplistEncode(value: string): Buffer {
  if (/^(0|-?[1-9][0-9]{0,18})$/.test(value)) {
    const v = BigInt(value);
    if (v >= 0n && v <= 12n) return bytes(0xf1 + Number(v));
    if (v >= -128n && v <= 127n) return Buffer.concat([bytes(0xfe), Buffer.from([Number(v) & 0xff])]);
    if (v >= -32768n && v <= 32767n) {
      const b = Buffer.alloc(3);
      b[0] = 0xc0;
      b.writeInt16LE(Number(v), 1);
      return b;
    }
    if (v >= -8388608n && v <= 8388607n) {
      const b = Buffer.alloc(4);
      b[0] = 0xf0;
      b.writeIntLE(Number(v), 1, 3);
      return b;
    }
    if (v >= -2147483648n && v <= 2147483647n) {
      const b = Buffer.alloc(5);
      b[0] = 0xd0;
      b.writeInt32LE(Number(v), 1);
      return b;
    }
    const b = Buffer.alloc(9);
    b[0] = 0xe0;
    b.writeBigInt64LE(v, 1);
    return b;
  }
  const data = latin1(value);
  if (data.length <= 63) return Buffer.concat([bytes(data.length), data]);
  if (data.length <= 16383) return Buffer.concat([bytes(0x40 | (data.length >> 8), data.length & 0xff), data]);
  const head = Buffer.alloc(5);
  head[0] = 0x80;
  head.writeUInt32BE(data.length, 1);
  return Buffer.concat([head, data]);
}

export function buildZiplist(values: readonly string[]): Buffer {
  const entries: Buffer[] = [];
  let prev = 0;
  let tail = 10;
  let offset = 10;
  for (const value of values) {
    const prevlen = prev < 254 ? bytes(prev) : Buffer.concat([bytes(0xfe), Buffer.from(Uint32Array.of(prev).buffer)]);
    const entry = Buffer.concat([prevlen, ziplistEncode(value)]);
    entries.push(entry);
    tail = offset;
    offset += entry.length;
    prev = entry.length;
  }
  const body = Buffer.concat(entries);
  const header = Buffer.alloc(10);
  header.writeUInt32LE(10 + body.length + 1, 0);
  header.writeUInt32LE(tail, 4);
  header.writeUInt16LE(values.length, 8);
  return Buffer.concat([header, body, bytes(0xff)]);
}

export function buildZipmap(pairs: ReadonlyArray<readonly [string, string]>): Buffer {
  const parts: Buffer[] = [bytes(pairs.length)];
  for (const [key, value] of pairs) parts.push(bytes(key.length), latin1(key), bytes(value.length), bytes(0), latin1(value));
  parts.push(bytes(0xff));
  return Buffer.concat(parts);
}

function intsetBlob(values: readonly number[]): Buffer {
  const out = Buffer.alloc(8 + values.length * 2);
  out.writeUInt32LE(2, 0);
  out.writeUInt32LE(values.length, 4);
  values.forEach((v, i) => out.writeInt16LE(v, 8 + i * 2));
  return out;
}

function textDouble(score: string | 'inf' | '-inf'): Buffer {
  if (score === 'inf') return bytes(254);
  if (score === '-inf') return bytes(255);
  return Buffer.concat([bytes(score.length), latin1(score)]);
}

/** What the legacy file holds, as the test expects to read it back (db 0 unless noted). */
export const LEGACY_EXPECTED = {
  'old:str': { type: 'string', items: ['value'] },
  'old:ttl-seconds': { type: 'string', items: ['lives until 2100'] },
  'old:linked-list': { type: 'list', items: ['a', 'b', '123'] },
  'old:set': { type: 'set', items: ['x', 'y'] },
  'old:zset-text': { type: 'zset', items: ['c@-3', 'a@1.5', 'b@Infinity'] },
  'old:hash': { type: 'hash', items: ['f=v'] },
  'old:zset2': { type: 'zset', items: ['m@2'] },
  'old:zipmap': { type: 'hash', items: ['name=redis', 'v=2'] },
  'old:ziplist-list': { type: 'list', items: ['hello', '12', '7', '-100', '-300', '70000', '5000000000', 'x'.repeat(70)] },
  'old:intset': { type: 'set', items: ['-2', '1', '3'] },
  'old:zset-ziplist': { type: 'zset', items: ['a@1', 'b@2.5'] },
  'old:hash-ziplist': { type: 'hash', items: ['f1=v1', 'f2=300'] },
  'old:quicklist': { type: 'list', items: ['a', 'b', '7', 'c'] },
  'db2:idle': { type: 'string', items: ['idle key'] },
} as const;

/** The whole file: "REDIS0009" ... EOF + CRC-64. */
export function buildLegacyRdb(): Buffer {
  const parts: Buffer[] = [latin1('REDIS0009')];
  const aux = (k: string, v: string): void => {
    parts.push(bytes(0xfa), rdbString(k), rdbString(v));
  };
  const key = (type: number, name: string, ...value: Buffer[]): void => {
    parts.push(bytes(type), rdbString(name), ...value);
  };
  aux('redis-ver', '5.0.14');
  aux('redis-bits', '64');
  parts.push(bytes(0xfe, 0), bytes(0xfb), rdbLength(13), rdbLength(1));
  key(0, 'old:str', rdbString('value'));
  const seconds = Buffer.alloc(4);
  seconds.writeInt32LE(2000000000, 0); // 2033-05-18, fits the old 32-bit field
  parts.push(bytes(0xfd), seconds);
  key(0, 'old:ttl-seconds', rdbString('lives until 2100'));
  key(1, 'old:linked-list', rdbLength(3), rdbString('a'), rdbString('b'), bytes(0xc0, 123));
  key(2, 'old:set', rdbLength(2), rdbString('x'), rdbString('y'));
  key(3, 'old:zset-text', rdbLength(3), rdbString('a'), textDouble('1.5'), rdbString('b'), textDouble('inf'), rdbString('c'), textDouble('-3'));
  key(4, 'old:hash', rdbLength(1), rdbString('f'), rdbString('v'));
  const two = Buffer.alloc(8);
  two.writeDoubleLE(2, 0);
  key(5, 'old:zset2', rdbLength(1), rdbString('m'), two);
  key(9, 'old:zipmap', rdbString(buildZipmap([['name', 'redis'], ['v', '2']])));
  key(10, 'old:ziplist-list', rdbString(buildZiplist(['hello', '12', '7', '-100', '-300', '70000', '5000000000', 'x'.repeat(70)])));
  key(11, 'old:intset', rdbString(intsetBlob([-2, 1, 3])));
  key(12, 'old:zset-ziplist', rdbString(buildZiplist(['a', '1', 'b', '2.5'])));
  key(13, 'old:hash-ziplist', rdbString(buildZiplist(['f1', 'v1', 'f2', '300'])));
  key(14, 'old:quicklist', rdbLength(2), rdbString(buildZiplist(['a', 'b'])), rdbString(buildZiplist(['7', 'c'])));
  // db 2: one key preceded by IDLE and FREQ opcodes (an LRU and an LFU hint).
  parts.push(bytes(0xfe, 2), bytes(0xf8), rdbLength(100), bytes(0xf9, 42));
  key(0, 'db2:idle', rdbString('idle key'));
  parts.push(bytes(0xff));
  const body = Buffer.concat(parts);
  const sum = Buffer.alloc(8);
  sum.writeBigUInt64LE(crc64(body), 0);
  return Buffer.concat([body, sum]);
}
