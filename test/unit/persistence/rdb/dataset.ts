// Test helper: one value of every type and encoding, at each conversion threshold's −1 / = / +1
// (with Redis 7.0's default thresholds), binary keys and values, extreme integers and long
// compressible strings. Written through a client, so the same data can be built in tsredis and in
// a real redis-server and compared.

import type { Redis } from 'ioredis';

export interface DatasetKey {
  readonly key: Buffer;
  /** OBJECT ENCODING the key must have (on both servers). */
  readonly encoding: string;
}

const b = (text: string): Buffer => Buffer.from(text, 'latin1');
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Build the dataset in the selected database; returns the keys and the encodings to expect. */
export async function populateDataset(client: Redis): Promise<DatasetKey[]> {
  const keys: DatasetKey[] = [];
  const add = (key: string, encoding: string): void => {
    keys.push({ key: b(key), encoding });
  };
  const pipe = client.pipeline();

  // Strings: int / embstr / raw, extremes, binary, compressible and incompressible long values.
  const strings: Array<[string, Buffer, string]> = [
    ['s:int-small', b('7'), 'int'],
    ['s:int-neg', b('-123456'), 'int'],
    ['s:int64-max', b('9223372036854775807'), 'int'],
    ['s:int64-min', b('-9223372036854775808'), 'int'],
    ['s:int32-edge', b('2147483648'), 'int'],
    ['s:not-int', b('007'), 'embstr'],
    ['s:empty', b(''), 'embstr'],
    ['s:embstr-44', b('e'.repeat(44)), 'embstr'],
    ['s:raw-45', b('r'.repeat(45)), 'raw'],
    ['s:compressible', b('abc'.repeat(500)), 'raw'],
    ['s:binary', Buffer.from([0, 255, 13, 10, 128, 1, 2, 3]), 'embstr'],
    ['s:random', Buffer.from(range(3000).map((i) => (i * 7919 + 13) % 251)), 'raw'],
  ];
  for (const [key, value, encoding] of strings) {
    pipe.set(key, value);
    add(key, encoding);
  }
  pipe.set(Buffer.from([0, 1, 0xff, 0x80, 0x20]), b('binary key'));
  keys.push({ key: Buffer.from([0, 1, 0xff, 0x80, 0x20]), encoding: 'embstr' });

  // Hashes: listpack up to 512 fields and 64-byte values, hashtable beyond.
  for (const n of [1, 511, 512, 513]) {
    const key = `h:fields-${n}`;
    const args: Array<string | Buffer> = [];
    for (const i of range(n)) args.push(`f${i}`, i % 3 === 0 ? String(i * 1000 - 5000) : `v${i}`);
    pipe.hset(key, ...args);
    add(key, n > 512 ? 'hashtable' : 'listpack');
  }
  for (const len of [64, 65]) {
    const key = `h:value-${len}`;
    pipe.hset(key, 'a', 'x'.repeat(len), 'n', '-1', 'big', '9223372036854775807');
    add(key, len > 64 ? 'hashtable' : 'listpack');
  }
  pipe.hset('h:binary', Buffer.from([0, 255]), Buffer.from([1, 0, 2]), 'ints', '4095', 'ints2', '-4096', 'i16', '32767', 'i24', '8388607', 'i32', '-2147483648');
  add('h:binary', 'listpack');

  // Sets: intset up to 512 integers, hashtable beyond or with any non-integer.
  for (const n of [1, 511, 512, 513]) {
    const key = `set:ints-${n}`;
    pipe.sadd(key, ...range(n).map((i) => String(i * 3 - 700)));
    add(key, n > 512 ? 'hashtable' : 'intset');
  }
  pipe.sadd('set:wide', '1', '-70000', '5000000000', '-9223372036854775808');
  add('set:wide', 'intset');
  pipe.sadd('set:strings', 'a', 'b', Buffer.from([0, 200]), '12');
  add('set:strings', 'hashtable');

  // Sorted sets: listpack up to 128 members and 64-byte members, skiplist beyond.
  for (const n of [1, 127, 128, 129]) {
    const key = `z:members-${n}`;
    const args: Array<string | number> = [];
    for (const i of range(n)) args.push(i % 2 === 0 ? i / 7 : i * 1000, `m${i}`);
    pipe.zadd(key, ...args);
    add(key, n > 128 ? 'skiplist' : 'listpack');
  }
  for (const len of [64, 65]) {
    const key = `z:member-${len}`;
    pipe.zadd(key, 1, 'x'.repeat(len), '-inf', 'low', 'inf', 'high', 0.1, 'tenth', -2.5e300, 'tiny');
    add(key, len > 64 ? 'skiplist' : 'listpack');
  }

  // Lists: one node, several nodes, huge elements (one per node), integers of every width.
  pipe.rpush('l:small', 'a', '1', '-1', '128', '-4097', '70000', '-9000000', '3000000000', '9223372036854775807', 'b');
  add('l:small', 'quicklist');
  pipe.rpush('l:many', ...range(5000).map((i) => (i % 2 === 0 ? String(i) : `item-${i}`)));
  add('l:many', 'quicklist');
  pipe.rpush('l:big-elements', 'y'.repeat(9000), 'z'.repeat(20000), 'small');
  add('l:big-elements', 'quicklist');
  pipe.rpush('l:binary', Buffer.from([0, 255, 0]), '');
  add('l:binary', 'quicklist');

  await pipe.exec();
  return keys;
}
