// Test helpers for the persistence suites: a whole dataset as plain, comparable data (every
// database, every type, absolute expiry times), and a writer of mixed-type datasets.

import type { Redis } from 'ioredis';
import type { Server } from '../../src/server/server.js';
import { DatabaseView } from '../../src/testing/inspect.js';

export interface DumpedKey {
  readonly type: string;
  readonly value: unknown;
  /** Absolute unix ms, or null without a TTL. */
  readonly expireAt: number | bigint | null;
}

/** One entry per non-empty database: key (latin1 of its bytes) → type, value, expiry. */
export type DatasetDump = Record<number, Record<string, DumpedKey>>;

function plain(value: unknown, type: string): unknown {
  const bytes = (v: unknown): string => (Buffer.isBuffer(v) ? `hex:${v.toString('hex')}` : String(v));
  if (type === 'string') return bytes(value);
  if (type === 'list') return (value as unknown[]).map(bytes);
  if (type === 'set') return (value as unknown[]).map(bytes).sort();
  if (type === 'hash') {
    const out: Record<string, string> = {};
    for (const [field, v] of Object.entries(value as Record<string, unknown>)) out[field] = bytes(v);
    return out;
  }
  if (type === 'zset') return (value as Array<[unknown, number]>).map(([member, score]) => [bytes(member), score]);
  return value;
}

/**
 * Every live key of every database as plain data. Keys already past their TTL are left out
 * (they are gone for clients, and a master does not load them).
 */
export function dumpDataset(server: Server): DatasetDump {
  const dump: DatasetDump = {};
  const now = server.clock.now();
  for (const db of server.keyspace.dbs) {
    if (db.size === 0) continue;
    const view = new DatabaseView(server, db.index);
    const keys: Record<string, DumpedKey> = {};
    for (const key of [...db.keys()].sort()) {
      const when = db.getExpire(key);
      if (when !== undefined && when < now) continue;
      const bytes = Buffer.from(key, 'latin1');
      const type = view.type(bytes);
      keys[key] = { type, value: plain(view.get(bytes), type), expireAt: when ?? null };
    }
    if (Object.keys(keys).length > 0) dump[db.index] = keys;
  }
  return dump;
}

/**
 * Write `count` keys of mixed types into database `db` through a client: strings (int, short,
 * long), lists, hashes, sets (intset and hashtable), sorted sets, some with TTLs, some with
 * binary names. Both the compact and the large encodings appear.
 */
export async function writeMixedDataset(redis: Redis, db: number, count: number, prefix = 'k'): Promise<void> {
  const pipeline = redis.pipeline();
  pipeline.select(db);
  for (let i = 0; i < count; i++) {
    const key = `${prefix}:${i}`;
    switch (i % 7) {
      case 0: pipeline.set(key, String(i)); break;
      case 1: pipeline.set(key, `value-${i}-${'x'.repeat(i % 50)}`); break;
      case 2: pipeline.rpush(key, ...Array.from({ length: 1 + (i % 9) }, (_, j) => `e${j}`)); break;
      case 3: pipeline.hset(key, ...Array.from({ length: 1 + (i % 5) }, (_, j) => [`f${j}`, `v${j * i}`]).flat()); break;
      case 4: pipeline.sadd(key, ...Array.from({ length: 1 + (i % 6) }, (_, j) => (i % 2 === 0 ? String(j) : `m${j}`))); break;
      case 5: pipeline.zadd(key, ...Array.from({ length: 1 + (i % 4) }, (_, j) => [String(j * 1.5), `z${j}`]).flat()); break;
      default: pipeline.set(Buffer.concat([Buffer.from(key), Buffer.from([0, 0xff, 0x80])]), Buffer.from([i & 0xff, 0, 0xfe]));
    }
    if (i % 11 === 0) pipeline.pexpire(key, 3_600_000 + i);
  }
  // A few values past the listpack/intset limits, so the big encodings are saved too.
  pipeline.rpush(`${prefix}:biglist`, ...Array.from({ length: 300 }, (_, j) => `item-${j}`));
  pipeline.hset(`${prefix}:bighash`, ...Array.from({ length: 600 }, (_, j) => [`f${j}`, `v${j}`]).flat());
  pipeline.sadd(`${prefix}:bigset`, ...Array.from({ length: 600 }, (_, j) => `s${j}`));
  pipeline.zadd(`${prefix}:bigzset`, ...Array.from({ length: 200 }, (_, j) => [String(j), `m${j}`]).flat());
  pipeline.set(`${prefix}:bigstring`, 'abc'.repeat(10_000));
  await pipeline.exec();
}
