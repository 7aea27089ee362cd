// Live V8 heap per sorted-set key, in one process with full GCs around the load: the steady number for
// an A/B of the zset listpack's layout (RSS, which `npm run bench:memory` reports, moves with V8's head
// room). The data set is the memory benchmark's: N keys `zset:NNNNN` of 100 members, 16-byte members,
// scores m × 1.5, added in order through the type API the commands use (zsetAdd).
// Run: node --expose-gc --import tsx bench/micro/zset-heap.ts [--dist <build dir>] [N]
//   --dist: the compiled build to measure (e.g. a copy of dist/ made before a change); default: src/.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { liveHeapBytes, freshString } from '../lib/heap.js';

const args = process.argv.slice(2);
const distAt = args.indexOf('--dist');
const dist = distAt === -1 ? undefined : args.splice(distAt, 2)[1];
const n = Number(args[0] ?? 10_000);
// Fail early without --expose-gc, before anything is loaded.
liveHeapBytes();

/** A module of the build under test: dist/<rel>.js, or src/<rel>.ts by default. */
async function load(rel: string): Promise<Record<string, unknown>> {
  const file = dist === undefined ? path.resolve(import.meta.dirname, '../../src', `${rel}.ts`) : path.resolve(dist, `${rel}.js`);
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

type ZSet = object;
const { Config } = (await load('config/config')) as { Config: { fromObject(o: object): unknown } };
const { Server } = (await load('server/server')) as {
  Server: new (config: unknown, opts: object) => { keyspace: { db(i: number): { add(k: string, v: object): void; size: number }; settleMemory(): void } };
};
const zsetType = (await load('datatypes/zset/zset-type')) as {
  createZSet(limits: object, hint: number, maxLength: number): ZSet;
  zsetAdd(z: ZSet, score: number, member: string, flags: number, limits: object): unknown;
};

const server = new Server(Config.fromObject({ port: 0, save: '' }), { logSink: () => {} });
const db = server.keyspace.db(0);
const limits = { maxListpackEntries: 128, maxListpackValue: 64 };
const before = liveHeapBytes();
for (let i = 0; i < n; i++) {
  const id = String(i).padStart(5, '0');
  const z = zsetType.createZSet(limits, 1, 16);
  for (let m = 0; m < 100; m++) zsetType.zsetAdd(z, m * 1.5, freshString(`member-${id}-${String(m).padStart(3, '0')}`.slice(0, 16)), 0, limits);
  db.add(freshString(`zset:${id}`), z);
}
server.keyspace.settleMemory();
const after = liveHeapBytes();
console.log(`zsets (${dist ?? 'src'}): ${n} keys × 100 members, live heap ${((after - before) / n).toFixed(1)} bytes/key (${db.size} keys in db 0)`);
process.exit(0);
