// Test helpers: a comparable snapshot of a value, whether it comes from our RedisObject or from a
// server over a client, so RDB/DUMP round trips can be checked with one deep equality.

import type { Redis } from 'ioredis';
import { hashPairs } from '../../../../src/datatypes/hash/hash-type.js';
import { listValues } from '../../../../src/datatypes/list/list-type.js';
import type { RedisObject } from '../../../../src/datatypes/object.js';
import { setMembers } from '../../../../src/datatypes/set/set-type.js';
import { MAX_ID, ZERO_ID } from '../../../../src/datatypes/stream/stream-id.js';
import { streamRange } from '../../../../src/datatypes/stream/stream-type.js';
import { stringValue } from '../../../../src/datatypes/string/string-type.js';
import { zsetEmitRange, zsetLength } from '../../../../src/datatypes/zset/zset-type.js';

export interface ValueSnapshot {
  readonly type: string;
  readonly encoding: string;
  /** Strings: [value]; lists: elements in order; hashes: "field=value" sorted; sets: sorted; zsets: "member@score" in order. */
  readonly items: string[];
}

function pairsToSorted(flat: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flat.length; i += 2) out.push(`${flat[i]}=${flat[i + 1]}`);
  return out.sort();
}

/** A score compared as a number (String(-0) is "0", as a listpack stores it). */
function scoreText(score: number): string {
  return String(score);
}

/** A score as Redis replies it: %.17g text, or inf / -inf. */
function scoreFromReply(text: string): number {
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  return Number(text);
}

export function snapshotObject(obj: RedisObject): ValueSnapshot {
  switch (obj.type) {
    case 'string':
      return { type: 'string', encoding: obj.encoding, items: [stringValue(obj)] };
    case 'list':
      return { type: 'list', encoding: obj.encoding, items: [...listValues(obj)] };
    case 'hash':
      return { type: 'hash', encoding: obj.encoding, items: pairsToSorted(hashPairs(obj)) };
    case 'set':
      return { type: 'set', encoding: obj.encoding, items: setMembers(obj).sort() };
    case 'zset': {
      const items: string[] = [];
      zsetEmitRange(obj, 0, zsetLength(obj), false, (member, score) => items.push(`${member}@${scoreText(score)}`));
      return { type: 'zset', encoding: obj.encoding, items };
    }
    case 'stream': {
      const items: string[] = [];
      for (const e of streamRange(obj, ZERO_ID, MAX_ID, false, 0)) items.push(`${e.id.ms}-${e.id.seq}:${e.fields.join(',')}`);
      return { type: 'stream', encoding: obj.encoding, items };
    }
  }
}

const latin1 = (b: Buffer): string => b.toString('latin1');

/** The same snapshot read over a client (ioredis, Buffer replies so binary data survives). */
export async function snapshotKey(client: Redis, key: Buffer | string): Promise<ValueSnapshot> {
  const type = await client.type(key);
  const encoding = String(await client.object('ENCODING', key));
  switch (type) {
    case 'string':
      return { type, encoding, items: [latin1((await client.getBuffer(key)) as Buffer)] };
    case 'list':
      return { type, encoding, items: (await client.lrangeBuffer(key, 0, -1)).map(latin1) };
    case 'hash':
      return { type, encoding, items: pairsToSorted(((await client.callBuffer('HGETALL', key)) as Buffer[]).map(latin1)) };
    case 'set':
      return { type, encoding, items: (await client.smembersBuffer(key)).map(latin1).sort() };
    case 'zset': {
      // ioredis may hand WITHSCORES back as [member, score] pairs: flatten either shape.
      const flat = ((await client.callBuffer('ZRANGE', key, '0', '-1', 'WITHSCORES')) as Array<Buffer | Buffer[]>).flat();
      const items: string[] = [];
      for (let i = 0; i < flat.length; i += 2) items.push(`${latin1(flat[i] as Buffer)}@${scoreText(scoreFromReply(latin1(flat[i + 1] as Buffer)))}`);
      return { type, encoding, items };
    }
    default:
      throw new Error(`unexpected type ${type}`);
  }
}

/** Every key of every database: db → key (latin1) → snapshot plus whether it has a TTL. */
export async function snapshotServer(client: Redis, databases: number): Promise<Map<string, ValueSnapshot & { ttl: boolean }>> {
  const out = new Map<string, ValueSnapshot & { ttl: boolean }>();
  for (let db = 0; db < databases; db++) {
    await client.select(db);
    const keys = (await client.callBuffer('KEYS', '*')) as Buffer[];
    for (const key of keys) {
      const snap = await snapshotKey(client, key);
      const pttl = await client.pttl(key);
      out.set(`${db}:${latin1(key)}`, { ...snap, ttl: pttl > 0 });
    }
  }
  await client.select(0);
  return out;
}
