// Live memory per member of one big sorted set (the skiplist encoding), in one process with full GCs
// around the load: redis-benchmark's ZADD shape (`element:` + 12 digits, integer scores below 100k), N
// members added through zsetAdd. Counts the V8 heap and the ArrayBuffer backing stores (which live
// outside it: the typed-array skip list's records), so layouts that keep data in either compare fairly.
// Run: node --expose-gc --import tsx bench/micro/zset-skiplist-heap.ts [--dist <build dir>] [N]
//   --dist: the compiled build to measure (e.g. a build of the commit before a change); default: src/.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freshString, liveHeapBytes } from '../lib/heap.js';

const args = process.argv.slice(2);
const distAt = args.indexOf('--dist');
const dist = distAt === -1 ? undefined : args.splice(distAt, 2)[1];
const n = Number(args[0] ?? 100_000);
liveHeapBytes();

async function load(rel: string): Promise<Record<string, unknown>> {
  const file = dist === undefined ? path.resolve(import.meta.dirname, '../../src', `${rel}.ts`) : path.resolve(dist, `${rel}.js`);
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

type ZSet = { encoding: string };
const zsetType = (await load('datatypes/zset/zset-type')) as {
  createZSet(limits: object, hint: number, maxLength: number): ZSet;
  zsetAdd(z: ZSet, score: number, member: string, flags: number, limits: object): unknown;
};
const limits = { maxListpackEntries: 128, maxListpackValue: 64 };

/** Live V8 heap plus ArrayBuffer backing stores, after full collections. */
function liveBytes(): number {
  const heap = liveHeapBytes();
  return heap + process.memoryUsage().arrayBuffers;
}

// Members are made before the first reading: the strings are the same on both layouts, so they are
// counted apart (a set holds them either way) and the difference is the structure's own.
const members = Array.from({ length: n }, (_, i) => freshString(`element:${String(i).padStart(12, '0')}`));
let seed = 12345;
const scores = members.map(() => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return Math.floor((seed / 2 ** 32) * 100_000);
});
const before = liveBytes();
const z = zsetType.createZSet(limits, 1, 20);
for (let i = 0; i < n; i++) zsetType.zsetAdd(z, scores[i] as number, members[i] as string, 0, limits);
const after = liveBytes();
const strings = (members[0] as string).length + 12; // a sequential one-byte string: 12-byte header + chars
console.log(
  `zset (${dist ?? 'src'}): ${n} members, ${z.encoding}: ${((after - before) / n).toFixed(1)} bytes/member beside the member strings, ` +
    `${((after - before) / n + strings).toFixed(1)} with them (ArrayBuffers ${(process.memoryUsage().arrayBuffers / n).toFixed(1)} bytes/member)`,
);
process.exit(0);
