// Live V8 heap per key, measured in one process with full GCs around the load: the steady number for
// an A/B of a layout change (RSS, which bench/memory/run.ts reports, moves with V8's head room and
// the machine's load). Keys go in through the same type APIs the commands use.
// Run: node --expose-gc --import tsx bench/memory/heap-per-key.ts [strings|hashes] [N]
//   strings: N keys `string:NNNNNNN` → 16-byte values (the memory benchmark's data set)
//   hashes:  N keys `hash:NNNNNN` of 10 fields `field:0..9` → 16-byte values
//   lists:   N keys `list:NNNNN` of 100 16-byte elements (default N 10,000)

import { Config } from '../../src/config/config.js';
import { Server } from '../../src/server/server.js';
import { createString } from '../../src/datatypes/string/string-type.js';
import { createHash, hashSet } from '../../src/datatypes/hash/hash-type.js';
import { createList, listPush } from '../../src/datatypes/list/list-type.js';
import { liveHeapBytes, freshString } from '../lib/heap.js';

const kind = process.argv[2] ?? 'strings';
const n = Number(process.argv[3] ?? (kind === 'hashes' ? 100_000 : kind === 'lists' ? 10_000 : 1_000_000));
// Fail early without --expose-gc, before anything is loaded.
liveHeapBytes();

const server = new Server(Config.fromObject({ port: 0, save: '' }), { logSink: () => {} });
const db = server.keyspace.db(0);
const limits = { maxListpackEntries: 128, maxListpackValue: 64 };
const before = liveHeapBytes();
// Typed arrays' backing stores (the keyspace's index, src/keyspace/key-table.ts) lie outside heapUsed.
const arrayBuffersBefore = process.memoryUsage().arrayBuffers;
for (let i = 0; i < n; i++) {
  if (kind === 'lists') {
    const id = String(i).padStart(5, '0');
    const list = createList(-2);
    for (let e = 0; e < 100; e++) listPush(list, freshString(`el-${id}-${e}-xxxxxxxxxx`.slice(0, 16)), 'tail');
    db.add(freshString(`list:${id}`), list);
  } else if (kind === 'hashes') {
    const id = String(i).padStart(6, '0');
    const h = createHash();
    for (let f = 0; f < 10; f++) hashSet(h, freshString(`field:${f}`), freshString(`value-${id}-${f}xxx`.slice(0, 16)), limits);
    db.add(freshString(`hash:${id}`), h);
  } else {
    const id = String(i).padStart(7, '0');
    db.add(freshString(`string:${id}`), createString(freshString(`value-${id}-xxxxx`.slice(0, 16))));
  }
}
server.keyspace.settleMemory();
const after = liveHeapBytes();
const arrayBuffers = process.memoryUsage().arrayBuffers - arrayBuffersBefore;
console.log(`${kind}: ${n} keys, live heap ${((after - before) / n).toFixed(1)} bytes/key + array buffers ${(arrayBuffers / n).toFixed(1)} (${db.size} keys in db 0)`);
