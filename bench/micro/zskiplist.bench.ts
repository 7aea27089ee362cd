// Micro benchmark: the skiplist encoding of a big sorted set under redis-benchmark's ZADD workload
// (`ZADD myzset __rand_int__ element:__rand_int__ -r 100000`: random integer scores and members drawn
// from 100k, so the set grows towards 100k members and most later calls move an existing member).
// It runs zsetAdd's skiplist work only (dict lookup, then insert or score update), in one process.
// For an A/B of two versions of src/datatypes/zset/, copy this file into the other tree's bench/micro/
// and run it there too (same seed, same operations).
// Times are CPU time (process.cpuUsage), which a loaded machine disturbs far less than wall time.
// Run: node --import tsx bench/micro/zskiplist.bench.ts [--ops 1000000] [--rounds 5]

import { seededRng } from '../../src/util/clock.js';
import { zssCreate, zssInsert, zssNode, zssUpdateNode, type ZSkiplistSet } from '../../src/datatypes/zset/skiplist.js';
import { setSkiplistRng, zslGetRank, zslScore } from '../../src/datatypes/zset/zskiplist.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}
const OPS = arg('ops', 1_000_000);
const ROUNDS = arg('rounds', 5);
const RANGE = arg('range', 100_000);

/** Members as the request parser hands them over: fresh one-byte strings. */
function member(n: number): string {
  return Buffer.from(`element:${String(n).padStart(12, '0')}`, 'latin1').latin1Slice();
}

function zadd(zs: ZSkiplistSet, score: number, m: string): void {
  const node = zssNode(zs, m);
  if (node === undefined) zssInsert(zs, score, m);
  else if (zslScore(zs.zsl, node) !== score) zssUpdateNode(zs, node, score);
}

const rng = seededRng(7);
setSkiplistRng(seededRng(11));
// Pre-draw the operations so the timed loop does the set's work only.
const scores = new Array<number>(OPS);
const members = new Array<string>(OPS);
for (let i = 0; i < OPS; i++) {
  scores[i] = rng.int(RANGE);
  members[i] = member(rng.int(RANGE));
}

/** CPU time (user + system) since `start`, in ns: steadier than wall time on a loaded machine. */
function cpuNs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) * 1000;
}

const results: number[] = [];
const rankResults: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const zs = zssCreate();
  const start = process.cpuUsage();
  for (let i = 0; i < OPS; i++) zadd(zs, scores[i] as number, members[i] as string);
  const ns = cpuNs(start) / OPS;
  results.push(ns);
  const rstart = process.cpuUsage();
  let sum = 0;
  for (let i = 0; i < 200_000; i++) {
    const node = zssNode(zs, members[i] as string);
    if (node !== undefined) sum += zslGetRank(zs.zsl, zslScore(zs.zsl, node), members[i] as string);
  }
  rankResults.push(cpuNs(rstart) / 200_000);
  if (sum < 0) console.log(sum);
  console.log(`round ${round}: ${ns.toFixed(0)} ns per ZADD, ${(rankResults.at(-1) as number).toFixed(0)} ns per ZRANK (${zs.zsl.length} members)`);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
console.log(`median: ${median(results).toFixed(0)} ns per ZADD, ${median(rankResults).toFixed(0)} ns per ZRANK`);
