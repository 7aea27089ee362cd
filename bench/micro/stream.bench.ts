// Micro benchmark: stream nodes as arrays of entry objects (before: stream-array-chunks.ts, a frozen
// copy) against nodes packed into one string (after: src/datatypes/stream/stream-type.ts +
// stream-node.ts), on what XADD, XRANGE, XREVRANGE and XCLAIM do to the type. The range cases build
// the reply's shape too ([formatId(id), fields] per entry), as entryReply does. Both run in this
// process, in rounds that alternate which goes first; the table reports each operation's median
// time over the rounds and after/before (above 1: the packed nodes are slower).
// Run: node --import tsx bench/micro/stream.bench.ts [--quick] [--rounds N]

import os from 'node:os';
import { formatId, MAX_ID, type StreamId } from '../../src/datatypes/stream/stream-id.js';
import * as after from '../../src/datatypes/stream/stream-type.js';
import * as before from './stream-array-chunks.js';

const quick = process.argv.includes('--quick');
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg === -1 ? (quick ? 2 : 4) : Number(process.argv[roundsArg + 1]);

interface Entry { readonly id: StreamId; readonly fields: readonly string[] }
/** The operations both implementations export under the same names. */
interface Impl {
  createStream(): unknown;
  streamAppend(s: never, fields: readonly string[], id: StreamId | undefined, seqGiven: boolean, nowMs: number, limits: unknown): unknown;
  streamRange(s: never, start: StreamId, end: StreamId, rev: boolean, count: number): Entry[];
  streamLookup(s: never, id: StreamId): Entry | undefined;
  streamTrim(s: never, spec: unknown): number;
}

const LIMITS = { maxBytes: 4096, maxEntries: 100 };
const BASE_MS = 1_764_000_000_000n;
/** Fresh one-byte strings, as the request parser makes them: two 16-byte values per entry. */
const fresh = (text: string): string => Buffer.from(text, 'latin1').latin1Slice(0, text.length);
const fieldSets = Array.from({ length: 1000 }, (_, i) => [
  fresh('field1'), fresh(`value-${String(i).padStart(6, '0')}-aaa`), fresh('field2'), fresh(`value-${String(i).padStart(6, '0')}-bbb`),
]);
const idOf = (i: number): StreamId => ({ ms: BASE_MS + BigInt(i >> 2), seq: BigInt(i & 3) });
let sink: unknown;

function build(impl: Impl, n: number): never {
  const s = impl.createStream() as never;
  for (let i = 0; i < n; i++) impl.streamAppend(s, fieldSets[i % 1000] as string[], idOf(i), true, 0, LIMITS);
  return s;
}

function reply(entries: readonly Entry[]): unknown[] {
  return entries.map((e) => [formatId(e.id), e.fields]);
}

type Case = [name: string, make: (impl: Impl) => () => void];
const N = 10_000;
const cases: Case[] = [
  ['XADD 100 entries into a new stream', (impl) => () => { sink = build(impl, 100); }],
  ['XADD MAXLEN ~ 10000 onto a 10,000-entry stream', (impl) => {
    const s = build(impl, N);
    let i = N;
    const trim = { strategy: 'maxlen', maxlen: N, minid: idOf(0), approx: true, limit: 0 };
    return () => {
      impl.streamAppend(s, fieldSets[i % 1000] as string[], idOf(i), true, 0, LIMITS);
      i++;
      sink = impl.streamTrim(s, trim);
    };
  }],
  ['XRANGE <id> + COUNT 10 of a 10,000-entry stream', (impl) => {
    const s = build(impl, N);
    let i = 0;
    return () => { sink = reply(impl.streamRange(s, idOf((i = (i + 7919) % N)), MAX_ID, false, 10)); };
  }],
  ['XRANGE <id> + COUNT 100 of a 10,000-entry stream', (impl) => {
    const s = build(impl, N);
    let i = 0;
    return () => { sink = reply(impl.streamRange(s, idOf((i = (i + 7919) % N)), MAX_ID, false, 100)); };
  }],
  ['XREVRANGE + - COUNT 10 of a 10,000-entry stream', (impl) => {
    const s = build(impl, N);
    return () => { sink = reply(impl.streamRange(s, idOf(0), MAX_ID, true, 10)); };
  }],
  ['lookup of one ID (XCLAIM) in a 10,000-entry stream', (impl) => {
    const s = build(impl, N);
    let i = 0;
    return () => { sink = impl.streamLookup(s, idOf((i = (i + 7919) % N))); };
  }],
];

const impls: Array<[string, Impl]> = [['before (arrays)', before as unknown as Impl], ['after (packed)', after as unknown as Impl]];
/** Plain timed loops rather than tinybench: its task switching gave the packed side swings of 5x between runs. */
const ITERATIONS = quick ? 2_000 : 20_000;
const results = new Map<string, number[]>();
for (const [caseName, make] of cases) {
  const runs = impls.map(([implName, impl]) => [implName, make(impl)] as const);
  for (let round = 0; round <= ROUNDS; round++) {
    const order = round % 2 === 0 ? runs : [...runs].reverse();
    for (const [implName, run] of order) {
      const n = caseName.startsWith('XADD 100') ? ITERATIONS / 20 : ITERATIONS;
      const t0 = performance.now();
      for (let i = 0; i < n; i++) run();
      const ns = ((performance.now() - t0) / n) * 1e6;
      if (round === 0) continue; // warm-up
      const list = results.get(`${caseName}: ${implName}`) ?? [];
      list.push(ns);
      results.set(`${caseName}: ${implName}`, list);
    }
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? '?'}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${ROUNDS} rounds`);
console.table(cases.map(([caseName]) => {
  const b = median(results.get(`${caseName}: before (arrays)`) ?? [0]);
  const a = median(results.get(`${caseName}: after (packed)`) ?? [0]);
  return { operation: caseName, 'before ns/op': Math.round(b), 'after ns/op': Math.round(a), 'after/before time': (a / b).toFixed(2) };
}));
void sink;
