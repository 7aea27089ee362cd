// Micro benchmark: the hot operations of the string, set and hash types, called directly (no parser,
// no dispatch, no keyspace), in each encoding the commands meet: what one SET, INCR, APPEND, SADD,
// SISMEMBER, SPOP, HSET or HGET costs inside its data type. The list and sorted-set types have their own
// files (list.bench.ts, zset.bench.ts, zskiplist.bench.ts); the keyspace, the parser and the reply
// encoder too (keyspace.bench.ts, parser.bench.ts, reply.bench.ts).
// Run: node --import tsx bench/micro/types.bench.ts [--quick]

import os from 'node:os';
import { Bench } from 'tinybench';
import { createHash, hashGet, hashSet, type HashObject } from '../../src/datatypes/hash/hash-type.js';
import { createSetFor, setAdd, setIsMember, setPopRandom, type SetObject } from '../../src/datatypes/set/set-type.js';
import { addInt64, setStringInt, stringAppend } from '../../src/datatypes/string/string-ops.js';
import { createString, overwriteString, stringAsInt, stringValue, type StringObject } from '../../src/datatypes/string/string-type.js';
import { seededRng } from '../../src/util/clock.js';

const quick = process.argv.includes('--quick');
/** Redis 7.0's defaults: set-max-intset-entries, hash-max-listpack-entries / -value. */
const SET_LIMITS = { maxIntsetEntries: 512 };
const HASH_LIMITS = { maxListpackEntries: 128, maxListpackValue: 64 };
const rng = seededRng(7);

/** Request bytes as the parser hands them over, and the latin1 strings keys and members are made of. */
const valueBytes = Array.from({ length: 1000 }, (_, i) => Buffer.from(`value-${String(i).padStart(10, '0')}`));
const tinyBytes = Array.from({ length: 1000 }, (_, i) => Buffer.from(String.fromCharCode(97 + (i % 26)).repeat(3)));
const members = Array.from({ length: 100_000 }, (_, i) => `member:${String(i).padStart(9, '0')}`);
const intMembers = Array.from({ length: 512 }, (_, i) => String(i * 7));
let sink: unknown;

function setOf(items: readonly string[]): SetObject {
  const set = createSetFor(items[0] as string);
  for (const item of items) setAdd(set, item, SET_LIMITS);
  return set;
}

function hashOf(fields: number): HashObject {
  const h = createHash();
  for (let i = 0; i < fields; i++) hashSet(h, members[i] as string, `v${i}`, HASH_LIMITS);
  return h;
}

type Case = [name: string, make: () => () => void];
const cases: Case[] = [
  // --- Strings ---
  ['SET: overwrite a 16-byte value', () => {
    const obj = createString(valueBytes[0] as Buffer);
    let i = 0;
    return () => { overwriteString(obj, valueBytes[i++ % 1000] as Buffer, 0); };
  }],
  ['SET: overwrite a 3-byte value (kept as a small int)', () => {
    const obj = createString(tinyBytes[0] as Buffer);
    let i = 0;
    return () => { overwriteString(obj, tinyBytes[i++ % 1000] as Buffer, 0); };
  }],
  ['SET: a new 16-byte value object', () => {
    let i = 0;
    return () => { sink = createString(valueBytes[i++ % 1000] as Buffer); };
  }],
  ['GET: read a 16-byte value', () => {
    const obj = createString(valueBytes[5] as Buffer);
    return () => { sink = stringValue(obj); };
  }],
  ['INCR: an int value in place', () => {
    const obj = createString(Buffer.from('1000'));
    return () => {
      const next = addInt64(stringAsInt(obj as StringObject) as number, 1);
      setStringInt(obj, next as number);
    };
  }],
  ['APPEND 16 bytes to a 1 KB value', () => {
    const tail = stringValue(createString(valueBytes[1] as Buffer));
    const base = 'x'.repeat(1024);
    return () => {
      const obj = createString(base);
      sink = stringAppend(obj, tail);
    };
  }],
  // --- Sets ---
  ['SADD: 100 ints into a new intset', () => () => {
    const set = createSetFor(intMembers[0] as string);
    for (let i = 0; i < 100; i++) setAdd(set, intMembers[i] as string, SET_LIMITS);
    sink = set;
  }],
  ['SADD: 100 members into a new hashtable set', () => () => {
    const set = createSetFor(members[0] as string);
    for (let i = 0; i < 100; i++) setAdd(set, members[i] as string, SET_LIMITS);
    sink = set;
  }],
  ['SISMEMBER on a 512-int intset', () => {
    const set = setOf(intMembers);
    let i = 0;
    return () => { sink = setIsMember(set, intMembers[i++ % 512] as string); };
  }],
  ['SISMEMBER on a 100k-member set', () => {
    const set = setOf(members);
    let i = 0;
    return () => { sink = setIsMember(set, members[(i += 7919) % 100_000] as string); };
  }],
  ['SPOP + SADD on a 100k-member set', () => {
    const set = setOf(members);
    return () => { setAdd(set, setPopRandom(set, rng), SET_LIMITS); };
  }],
  // --- Hashes ---
  ['HSET: 10 fields into a new listpack hash', () => () => { sink = hashOf(10); }],
  ['HSET: overwrite a field of a 10-field listpack hash', () => {
    const h = hashOf(10);
    let i = 0;
    return () => { hashSet(h, members[i % 10] as string, `w${i++ % 100}`, HASH_LIMITS); };
  }],
  ['HGET: field 7 of a 10-field listpack hash', () => {
    const h = hashOf(10);
    return () => { sink = hashGet(h, members[7] as string); };
  }],
  ['HSET: overwrite a field of a 10k-field hashtable hash', () => {
    const h = hashOf(10_000);
    let i = 0;
    return () => { hashSet(h, members[(i += 7919) % 10_000] as string, `w${i % 100}`, HASH_LIMITS); };
  }],
  ['HGET on a 10k-field hashtable hash', () => {
    const h = hashOf(10_000);
    let i = 0;
    return () => { sink = hashGet(h, members[(i += 7919) % 10_000] as string); };
  }],
];

const bench = new Bench({ time: quick ? 50 : 400, warmupTime: quick ? 20 : 100 });
for (const [name, make] of cases) bench.add(name, make());
await bench.run();

process.stdout.write(`${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}${quick ? ', --quick' : ''}\n\n`);
process.stdout.write('| operation | ops/s | ns/op |\n|---|---:|---:|\n');
for (const task of bench.tasks) {
  const result = task.result;
  if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
  // tinybench reports latency in ms.
  const nsPerOp = result.latency.mean * 1e6;
  process.stdout.write(`| ${task.name} | ${Math.round(1e9 / nsPerOp).toLocaleString('en-US')} | ${nsPerOp.toFixed(0)} |\n`);
}
void sink;
