// A/B in one process of two hot-path changes, each against the code it replaced (kept here, inlined):
//   - command lookup: the name's latin1 string + Map.get (before) vs dispatch's lookupCommand, which
//     looks names of up to 6 bytes up by their bytes packed into a number;
//   - the hash listpack: an array [field, value, ...] of strings (before) vs the packed string
//     (src/datatypes/hash/listpack.ts): HSET of 10 fields into a new hash, HGET of a field;
//   - the string object: five fields {encoding, value, lru, charged, slot} (before) vs three, with
//     `encoding`, `lru` and `charged` derived (src/datatypes/string/string-type.ts): what the keyspace
//     does per SET of a new key, SET over an existing key and GET, on a Map of 100k keys. Each side
//     has its own copy of the steps, so every property access site sees one object shape.
// Run: npx tsx bench/micro/keyspace.bench.ts   (add --quick for a short smoke run)

import os from 'node:os';
import { Bench } from 'tinybench';
import { buildCommandTable } from '../../src/commands/table.js';
import { lookupCommand } from '../../src/server/dispatch.js';
import { LP_EMPTY, lpGet, lpSet } from '../../src/datatypes/hash/listpack.js';
import { createString, stringValue, type StringObject } from '../../src/datatypes/string/string-type.js';
import { objectBytes } from '../../src/eviction/memory-model.js';

const quick = process.argv.includes('--quick');
const table = buildCommandTable();
const names = ['GET', 'SET', 'INCR', 'LPUSH', 'HSET', 'ZADD', 'lrange', 'MSET'].map((n) => [Buffer.from(n), Buffer.from('key')]);

/** The lookup as it was: a string per command, then one or two Map probes. */
function lookupBefore(argv: readonly Buffer[]): unknown {
  const nameBuf = argv[0] as Buffer;
  const name = nameBuf.latin1Slice(0, nameBuf.length);
  return table.get(name) ?? table.get(name.toLowerCase());
}

/** The array listpack as it was (lpFindField + lpSet). */
function arraySet(lp: string[], field: string, value: string): void {
  for (let i = 0; i < lp.length; i += 2) {
    if (lp[i] === field) {
      lp[i + 1] = value;
      return;
    }
  }
  lp.push(field, value);
}
function arrayGet(lp: string[], field: string): string | undefined {
  for (let i = 0; i < lp.length; i += 2) if (lp[i] === field) return lp[i + 1];
  return undefined;
}

const fields = Array.from({ length: 10 }, (_, i) => Buffer.from(`field:${i}`).latin1Slice(0, 7));
const values = Array.from({ length: 10 }, (_, i) => Buffer.from(`value-${i}-xxxxxxxxxx`).latin1Slice(0, 16));
const arrayHash: string[] = [];
let packedHash = LP_EMPTY;
for (let i = 0; i < 10; i++) {
  arraySet(arrayHash, fields[i] as string, values[i] as string);
  packedHash = lpSet(packedHash, fields[i] as string, values[i] as string);
}
let sink: unknown;

/** The string object as it was: every field stored, `type` on the prototype. */
class StringBefore {
  declare readonly type: 'string';
  constructor(
    public encoding: 'int' | 'embstr' | 'raw',
    public value: number | bigint | string,
    public lru: number,
    public charged: number,
    public slot: number,
  ) {}
}
Object.defineProperty(StringBefore.prototype, 'type', { value: 'string', enumerable: true, writable: false });
/** createString as it was, for the 16-byte non-numeric values used here (embstr). */
function createBefore(text: string): StringBefore {
  return new StringBefore(text.length <= 44 ? 'embstr' : 'raw', text, 0, 0, -1);
}

const STRING_KEYS = 100_000;
const stringKeys = Array.from({ length: STRING_KEYS }, (_, i) => Buffer.from(`key:${String(i).padStart(7, '0')}`).latin1Slice(0, 11));
const stringValues = Array.from({ length: 64 }, (_, i) => Buffer.from(`v${i}`.padEnd(16, '_')).latin1Slice(0, 16));
const beforeDict = new Map<string, StringBefore>();
const afterDict = new Map<string, StringObject>();
let beforeCharged = 0;
let afterCharged = 0;
let lruClock = 1;
let cursor = 0;

// The keyspace's steps (database.ts add, replaceValue, lookup), once per layout.
function setBefore(key: string, text: string): void {
  const obj = createBefore(text);
  const old = beforeDict.get(key);
  obj.lru = lruClock;
  if (old === undefined) {
    obj.slot = cursor;
  } else {
    obj.slot = old.slot;
    old.slot = -1;
    beforeCharged -= old.charged;
  }
  const size = 48; // objectBytes of a 16-byte embstr, as the old code computed it
  obj.charged = size;
  beforeCharged += size;
  beforeDict.set(key, obj);
}
function setAfter(key: string, text: string): void {
  const obj = createString(text);
  const old = afterDict.get(key);
  obj.lru = lruClock;
  // The slot now lives in the keyspace's entry (src/keyspace/key-table.ts), not on the value.
  if (old !== undefined) afterCharged -= old.charged ?? 0;
  const size = objectBytes(obj as Parameters<typeof objectBytes>[0]);
  obj.charged = size;
  afterCharged += size;
  afterDict.set(key, obj);
}
function getBefore(key: string): string | undefined {
  const obj = beforeDict.get(key);
  if (obj === undefined) return undefined;
  obj.lru = lruClock;
  const v = obj.value;
  return typeof v === 'string' ? v : String(v);
}
function getAfter(key: string): string | undefined {
  const obj = afterDict.get(key);
  if (obj === undefined) return undefined;
  obj.lru = lruClock;
  return stringValue(obj);
}
for (let i = 0; i < STRING_KEYS; i++) {
  setBefore(stringKeys[i] as string, stringValues[i & 63] as string);
  setAfter(stringKeys[i] as string, stringValues[i & 63] as string);
}

const bench = new Bench({ time: quick ? 100 : 1000, warmupTime: quick ? 20 : 300 });
bench
  .add('lookup 8 names: before (string + Map)', () => {
    for (const argv of names) sink = lookupBefore(argv);
  })
  .add('lookup 8 names: after (packed bytes)', () => {
    for (const argv of names) sink = lookupCommand(table, argv);
  })
  .add('HSET 10 fields into a new hash: before (array)', () => {
    const lp: string[] = [];
    for (let i = 0; i < 10; i++) arraySet(lp, fields[i] as string, values[i] as string);
    sink = lp;
  })
  .add('HSET 10 fields into a new hash: after (packed)', () => {
    let lp = LP_EMPTY;
    for (let i = 0; i < 10; i++) lp = lpSet(lp, fields[i] as string, values[i] as string);
    sink = lp;
  })
  .add('HGET field:7 of 10: before (array)', () => {
    sink = arrayGet(arrayHash, 'field:7');
  })
  .add('HGET field:7 of 10: after (packed)', () => {
    sink = lpGet(packedHash, 'field:7');
  });

await bench.run();
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? '?'}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.table(bench.table());

// The string-object cases: before and after alternate, in both orders, round after round (tinybench
// runs its tasks one after the other, which a loaded machine turns into noise); median ns per op.
function setBatch(set: (key: string, text: string) => void): void {
  for (let i = 0; i < 1000; i++) set(stringKeys[(cursor + i * 97) % STRING_KEYS] as string, stringValues[i & 63] as string);
  cursor = (cursor + 1) % STRING_KEYS;
}
function getBatch(get: (key: string) => string | undefined): void {
  for (let i = 0; i < 1000; i++) sink = get(stringKeys[(cursor + i * 97) % STRING_KEYS] as string);
  cursor = (cursor + 1) % STRING_KEYS;
  lruClock = (lruClock + 1) & 0xffffff;
}
const cases: Array<[string, () => void, () => void]> = [
  ['SET over an existing key', () => setBatch(setBefore), () => setBatch(setAfter)],
  ['GET', () => getBatch(getBefore), () => getBatch(getAfter)],
];
const ROUNDS = quick ? 4 : 40;
const BATCHES = quick ? 20 : 50;
function nsPerOp(run: () => void): number {
  const start = process.hrtime.bigint();
  for (let b = 0; b < BATCHES; b++) run();
  return Number(process.hrtime.bigint() - start) / (BATCHES * 1000);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
for (const [name, before, after] of cases) {
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) {
      a.push(nsPerOp(before));
      b.push(nsPerOp(after));
    } else {
      b.push(nsPerOp(after));
      a.push(nsPerOp(before));
    }
  }
  const ratios = a.map((x, i) => x / (b[i] as number));
  console.log(
    `${name}: before (5-field string) ${median(a).toFixed(1)} ns/op, after (3-field) ${median(b).toFixed(1)} ns/op;` +
      ` before/after per round: median ${median(ratios).toFixed(3)} (${ratios.map((x) => x.toFixed(2)).join(' ')})`,
  );
}
void sink;
if (beforeCharged !== afterCharged) throw new Error(`charged totals differ: ${beforeCharged} vs ${afterCharged}`);
