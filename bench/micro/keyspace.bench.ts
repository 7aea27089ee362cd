// A/B in one process of two hot-path changes, each against the code it replaced (kept here, inlined):
//   - command lookup: the name's latin1 string + Map.get (before) vs dispatch's lookupCommand, which
//     looks names of up to 6 bytes up by their bytes packed into a number;
//   - the hash listpack: an array [field, value, ...] of strings (before) vs the packed string
//     (src/datatypes/hash/listpack.ts): HSET of 10 fields into a new hash, HGET of a field.
// Run: npx tsx bench/micro/keyspace.bench.ts   (add --quick for a short smoke run)

import os from 'node:os';
import { Bench } from 'tinybench';
import { buildCommandTable } from '../../src/commands/table.js';
import { lookupCommand } from '../../src/server/dispatch.js';
import { LP_EMPTY, lpGet, lpSet } from '../../src/datatypes/hash/listpack.js';

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
void sink;
