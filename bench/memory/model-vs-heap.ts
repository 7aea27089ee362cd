// How the memory cost model (src/eviction/memory-model.ts) compares with Node's real heap, and
// with what a real Redis reports, for N small string keys (docs/eviction.md records the results).
// Run: node --expose-gc --import tsx bench/memory/model-vs-heap.ts [N=1000000]
// Also times the LRU clock: reading the cron-cached value against Date.now() per lookup.

import { Config } from '../../src/config/config.js';
import { Server } from '../../src/server/server.js';
import { createString } from '../../src/datatypes/string/string-type.js';
import { lruClock } from '../../src/datatypes/object.js';
import { liveHeapBytes } from '../lib/heap.js';

const n = Number(process.argv[2] ?? 1_000_000);
// Fail early without --expose-gc, before anything is loaded.
liveHeapBytes();

const server = new Server(Config.fromObject({ port: 0, save: '' }), { logSink: () => {} });
const db = server.keyspace.db(0);
const heapBefore = liveHeapBytes();
const modelBefore = server.keyspace.usedBytes;
for (let i = 0; i < n; i++) {
  const id = String(i).padStart(7, '0');
  db.add(`key:${id}`, createString(`value:${id}`));
}
const heapAfter = liveHeapBytes();
const modelAfter = server.keyspace.usedBytes;
const perKeyHeap = (heapAfter - heapBefore) / n;
const perKeyModel = (modelAfter - modelBefore) / n;
console.log(`keys: ${n} (key:0000000 -> value:0000000, 11 + 13 bytes)`);
console.log(`V8 heap growth: ${(heapAfter - heapBefore).toLocaleString()} bytes = ${perKeyHeap.toFixed(1)} bytes/key`);
console.log(`model growth:   ${(modelAfter - modelBefore).toLocaleString()} bytes = ${perKeyModel.toFixed(1)} bytes/key`);
console.log(`heap / model:   ${(perKeyHeap / perKeyModel).toFixed(2)}`);
console.log(`rss now:        ${process.memoryUsage().rss.toLocaleString()} bytes`);

// The LRU clock: what a lookup pays to stamp an object.
const obj = { lru: 0 };
const clocks = server.keyspace.clocks;
const rounds = 20_000_000;
let t = performance.now();
for (let i = 0; i < rounds; i++) obj.lru = clocks.lru;
const cached = ((performance.now() - t) * 1e6) / rounds;
t = performance.now();
for (let i = 0; i < rounds; i++) obj.lru = lruClock(Date.now());
const direct = ((performance.now() - t) * 1e6) / rounds;
console.log(`LRU stamp: cached ${cached.toFixed(2)} ns, lruClock(Date.now()) ${direct.toFixed(2)} ns per lookup`);
