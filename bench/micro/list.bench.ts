// Micro benchmark: the quicklist with array nodes (before: list-array-quicklist.ts, a frozen copy)
// against the quicklist with packed nodes (after: src/datatypes/list/quicklist.ts + node.ts), on the
// list commands' hot operations. Both run in this process, in rounds that alternate which goes
// first; the table reports each operation's median ops/s over the rounds and after/before.
// Run: node --import tsx bench/micro/list.bench.ts [--quick] [--rounds N]

import os from 'node:os';
import { Bench } from 'tinybench';
import * as after from '../../src/datatypes/list/quicklist.js';
import * as before from './list-array-quicklist.js';

const quick = process.argv.includes('--quick');
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg === -1 ? (quick ? 2 : 4) : Number(process.argv[roundsArg + 1]);

/** The operations both implementations export under the same names. */
interface Impl {
  quicklistCreate(fill: number): unknown;
  quicklistPush(ql: never, value: string, where: 'head' | 'tail'): void;
  quicklistPop(ql: never, where: 'head' | 'tail'): string | undefined;
  quicklistGet(ql: never, index: number): string | undefined;
  quicklistRange(ql: never, start: number, count: number): string[];
  /** Only after: the batch push of RPUSH with several elements (before pushed them one by one). */
  quicklistPushMany?(ql: never, values: readonly string[], where: 'head' | 'tail'): void;
}

/** Fresh one-byte strings, as the request parser makes them: 16-byte elements, as in the memory benchmark. */
const values = Array.from({ length: 1000 }, (_, i) => Buffer.from(`element-${String(i).padStart(4, '0')}-xxx`).latin1Slice(0, 16));
const FILL = -2;
let sink: unknown;

function build(impl: Impl, n: number): never {
  const ql = impl.quicklistCreate(FILL) as never;
  for (let i = 0; i < n; i++) impl.quicklistPush(ql, values[i % values.length] as string, 'tail');
  return ql;
}

type Case = [name: string, make: (impl: Impl) => () => void];
const cases: Case[] = [
  ['RPUSH 100 times into a new list', (impl) => () => { sink = build(impl, 100); }],
  ['RPUSH key <100 elements> (one command) into a new list', (impl) => {
    const batch = values.slice(0, 100);
    return () => {
      const ql = impl.quicklistCreate(FILL) as never;
      if (impl.quicklistPushMany !== undefined) impl.quicklistPushMany(ql, batch, 'tail');
      else for (const v of batch) impl.quicklistPush(ql, v, 'tail');
      sink = ql;
    };
  }],
  ['LPUSH 100 times into a new list', (impl) => () => {
    const ql = impl.quicklistCreate(FILL) as never;
    for (let i = 0; i < 100; i++) impl.quicklistPush(ql, values[i] as string, 'head');
    sink = ql;
  }],
  ['RPUSH+LPOP on a 100-element list', (impl) => {
    const ql = build(impl, 100);
    let i = 0;
    return () => { impl.quicklistPush(ql, values[i++ % 1000] as string, 'tail'); sink = impl.quicklistPop(ql, 'head'); };
  }],
  ['LPUSH+RPOP on a 5,000-element list (full 8 KB nodes)', (impl) => {
    const ql = build(impl, 5000);
    let i = 0;
    return () => { impl.quicklistPush(ql, values[i++ % 1000] as string, 'head'); sink = impl.quicklistPop(ql, 'tail'); };
  }],
  ['LRANGE 0 99 of a 100-element list', (impl) => {
    const ql = build(impl, 100);
    return () => { sink = impl.quicklistRange(ql, 0, 100); };
  }],
  ['RPUSH+LPOP on a 5,000-element list (full 8 KB nodes)', (impl) => {
    const ql = build(impl, 5000);
    let i = 0;
    return () => { impl.quicklistPush(ql, values[i++ % 1000] as string, 'tail'); sink = impl.quicklistPop(ql, 'head'); };
  }],
  ['LRANGE 0 99 of a 5,000-element list', (impl) => {
    const ql = build(impl, 5000);
    return () => { sink = impl.quicklistRange(ql, 0, 100); };
  }],
  ['LINDEX 50 of a 100-element list', (impl) => {
    const ql = build(impl, 100);
    return () => { sink = impl.quicklistGet(ql, 50); };
  }],
  ['LINDEX 2500 of a 5,000-element list', (impl) => {
    const ql = build(impl, 5000);
    return () => { sink = impl.quicklistGet(ql, 2500); };
  }],
];

const impls: Array<[string, Impl]> = [['before (array)', before as unknown as Impl], ['after (packed)', after as unknown as Impl]];
const results = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? impls : [...impls].reverse();
  const bench = new Bench({ time: quick ? 100 : 500, warmupTime: quick ? 20 : 100 });
  for (const [caseName, make] of cases) {
    for (const [implName, impl] of order) bench.add(`${caseName}: ${implName}`, make(impl));
  }
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
    const hz = 1000 / result.latency.mean;
    const list = results.get(task.name) ?? [];
    list.push(hz);
    results.set(task.name, list);
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? '?'}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${ROUNDS} rounds`);
const rows = cases.map(([caseName]) => {
  const b = median(results.get(`${caseName}: before (array)`) ?? [0]);
  const a = median(results.get(`${caseName}: after (packed)`) ?? [0]);
  return { operation: caseName, 'before ops/s': Math.round(b), 'after ops/s': Math.round(a), 'after/before': (a / b).toFixed(2) };
});
console.table(rows);
void sink;
