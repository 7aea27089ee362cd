// Live V8 heap per stream entry, measured in one process with full GCs around the load (the steady
// number for an A/B of a stream layout change; docs/performance.md "Fifth session: stream entries").
// Entries go in through streamAppend, as XADD puts them, with fresh one-byte strings as the request
// parser makes them and IDs as `XADD s *` generates them (a millisecond clock stepping every 4 entries).
// Run: node --expose-gc --import tsx bench/memory/stream-heap.ts [fields] [entries] [streams]
//   fields:  field/value pairs per entry, `field1..fieldN` → 16-byte values (default 2)
//   entries: entries per stream (default 100,000); streams: how many streams (default 1)

import { createStream, streamAppend } from '../../src/datatypes/stream/stream-type.js';
import { liveHeapBytes, freshString } from '../lib/heap.js';

const pairs = Number(process.argv[2] ?? 2);
const perStream = Number(process.argv[3] ?? 100_000);
const streams = Number(process.argv[4] ?? 1);
// Fail early without --expose-gc, before anything is loaded.
liveHeapBytes();

const limits = { maxBytes: 4096, maxEntries: 100 };
const kept: unknown[] = [];
const before = liveHeapBytes();
let now = 1_764_000_000_000;
for (let k = 0; k < streams; k++) {
  const s = createStream();
  for (let i = 0; i < perStream; i++) {
    const fields: string[] = [];
    for (let f = 1; f <= pairs; f++) fields.push(freshString(`field${f}`), freshString(`v-${k}-${i}-${f}-xxxxxxxxxxxxxx`.slice(0, 16)));
    if ((i & 3) === 0) now++;
    streamAppend(s, fields, undefined, true, now, limits);
  }
  kept.push(s);
}
const after = liveHeapBytes();
const entries = streams * perStream;
if (kept.length !== streams) throw new Error("lost");
console.log(`${pairs} field(s) x 16 B, ${streams} stream(s) x ${perStream} entries: live heap ${((after - before) / entries).toFixed(1)} bytes/entry`);
