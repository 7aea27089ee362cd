// A/B in one process of the zset listpack's two layouts, on a small set (100 members of 16 bytes,
// scores m × 1.5, the memory benchmark's shape):
//   before: two parallel arrays, members (strings) and scores (numbers) — the layout until
//           2026-11-26, kept here inlined (zzlFind = indexOf, zzlInsert = a scan plus two splices);
//   after:  the packed string of src/datatypes/zset/listpack.ts ([len][member][8 score bytes] ...).
// Cases: ZADD of 100 members into a new set (in score order, as the memory benchmark loads them, and
// shuffled), ZSCORE of the middle member, ZRANGE 0 -1 WITHSCORES (emit all 100), ZRANGE 0 9, and a score
// update (ZINCRBY) that moves a member. Each case does the listpack work only (no command parsing), the
// way zsetAdd does it (after: one walk finds the member or its place, zlpFindOrPlace).
// Run: npx tsx bench/micro/zset.bench.ts   (add --quick for a short smoke run)

import os from 'node:os';
import { Bench } from 'tinybench';
import {
  ZLP_EMPTY, zlpAt, zlpDeleteAt, zlpEmit, zlpFind, zlpFindOrPlace, zlpInsert, zlpInsertAt, zlpPlace, zlpScoreAt,
  type ZListpack,
} from '../../src/datatypes/zset/listpack.js';

const quick = process.argv.includes('--quick');

// --- before: the array layout, as it was ---

interface ArrayListpack {
  readonly members: string[];
  readonly scores: number[];
}

function arrayInsert(lp: ArrayListpack, score: number, member: string): void {
  const { members, scores } = lp;
  let i = 0;
  const n = members.length;
  while (i < n) {
    const s = scores[i] as number;
    if (s > score || (s === score && (members[i] as string) > member)) break;
    i++;
  }
  members.splice(i, 0, member);
  scores.splice(i, 0, score === 0 ? 0 : score);
}

function arrayEmit(lp: ArrayListpack, start: number, count: number, emit: (m: string, s: number) => void): void {
  for (let i = start, n = 0; n < count; i++, n++) emit(lp.members[i] as string, lp.scores[i] as number);
}

// --- the data ---

/** A fresh one-byte string, as the request parser makes them. */
function fresh(text: string): string {
  return Buffer.from(text, 'latin1').latin1Slice(0, text.length);
}

const members = Array.from({ length: 100 }, (_, m) => fresh(`member-00042-${String(m).padStart(3, '0')}`));
const scores = members.map((_, m) => m * 1.5);
// A fixed shuffle (LCG), so both sides insert in the same order.
const shuffled = members.map((_, i) => i);
let seed = 12345;
for (let i = shuffled.length - 1; i > 0; i--) {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  const j = seed % (i + 1);
  [shuffled[i], shuffled[j]] = [shuffled[j] as number, shuffled[i] as number];
}

const arraySet: ArrayListpack = { members: [], scores: [] };
let packedSet: ZListpack = ZLP_EMPTY;
for (let m = 0; m < 100; m++) {
  arrayInsert(arraySet, scores[m] as number, members[m] as string);
  packedSet = zlpInsert(packedSet, scores[m] as number, members[m] as string);
}
const middle = members[50] as string;

/** ZADD of member m into the array layout: look it up, then insert. */
function addArray(lp: ArrayListpack, m: number): void {
  const member = members[m] as string;
  if (lp.members.indexOf(member) === -1) arrayInsert(lp, scores[m] as number, member);
}

/** ZADD of member m into the packed layout, as zsetAdd does: one walk finds it or its place. */
function addPacked(lp: ZListpack, m: number): ZListpack {
  const member = members[m] as string;
  const score = scores[m] as number;
  return zlpFindOrPlace(lp, member, score) === -1 ? zlpInsertAt(lp, zlpPlace.offset, score, member) : lp;
}
let sink: unknown;
let total = 0;
const add = (_m: string, s: number): void => {
  total += s;
};

const bench = new Bench({ time: quick ? 100 : 1000, warmupTime: quick ? 20 : 300 });
bench
  .add('ZADD 100 members in order into a new set: before (arrays)', () => {
    const lp: ArrayListpack = { members: [], scores: [] };
    for (let m = 0; m < 100; m++) addArray(lp, m);
    sink = lp;
  })
  .add('ZADD 100 members in order into a new set: after (packed)', () => {
    let lp = ZLP_EMPTY;
    for (let m = 0; m < 100; m++) lp = addPacked(lp, m);
    sink = lp;
  })
  .add('ZADD 100 members shuffled into a new set: before (arrays)', () => {
    const lp: ArrayListpack = { members: [], scores: [] };
    for (const m of shuffled) addArray(lp, m);
    sink = lp;
  })
  .add('ZADD 100 members shuffled into a new set: after (packed)', () => {
    let lp = ZLP_EMPTY;
    for (const m of shuffled) lp = addPacked(lp, m);
    sink = lp;
  })
  .add('ZSCORE of the 50th of 100: before (arrays)', () => {
    const i = arraySet.members.indexOf(middle);
    sink = i === -1 ? undefined : arraySet.scores[i];
  })
  .add('ZSCORE of the 50th of 100: after (packed)', () => {
    sink = zlpFind(packedSet, middle) === -1 ? undefined : zlpScoreAt(packedSet, zlpAt.scorePos);
  })
  .add('ZRANGE 0 -1 WITHSCORES of 100: before (arrays)', () => {
    arrayEmit(arraySet, 0, 100, add);
  })
  .add('ZRANGE 0 -1 WITHSCORES of 100: after (packed)', () => {
    zlpEmit(packedSet, 0, 100, false, add);
  })
  .add('ZRANGE 0 9 of 100: before (arrays)', () => {
    arrayEmit(arraySet, 0, 10, add);
  })
  .add('ZRANGE 0 9 of 100: after (packed)', () => {
    zlpEmit(packedSet, 0, 10, false, add);
  })
  .add('ZINCRBY moving the 50th member to the end and back: before (arrays)', () => {
    for (const score of [1000, 75]) {
      const i = arraySet.members.indexOf(middle);
      arraySet.members.splice(i, 1);
      arraySet.scores.splice(i, 1);
      arrayInsert(arraySet, score, middle);
    }
  })
  .add('ZINCRBY moving the 50th member to the end and back: after (packed)', () => {
    for (const score of [1000, 75]) {
      const offset = zlpFind(packedSet, middle);
      packedSet = zlpInsert(zlpDeleteAt(packedSet, offset), score, middle);
    }
  });

await bench.run();
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? '?'}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.table(bench.table());
void sink;
void total;
