// The value stored under a key: a tagged union over Redis's types, each with its encodings.
// Mirrors: redis src/object.c (robj, OBJ_ENCODING_*, createObject, the lru field) and server.h.
//
// Every object carries `lru`: Redis's 24-bit field that holds either the LRU clock of the last
// access (seconds, wrapping) or, under an LFU policy, the LFU counter and decay time. The keyspace
// updates it on every lookup (keyspace/database.ts); eviction reads it.

import { duplicateHash, type HashObject } from './hash/hash-type.js';
import { duplicateList, type ListObject } from './list/list-type.js';
import { duplicateSet, type SetObject } from './set/set-type.js';
import { duplicateGroup } from './stream/consumer-group.js';
import { duplicateStream, type StreamObject } from './stream/stream-type.js';
import { duplicateString, type StringObject } from './string/string-type.js';
import { duplicateZSet, type ZSetObject } from './zset/zset-type.js';

export type { HashObject, ListObject, SetObject, StreamObject, StringObject, ZSetObject };

/**
 * Every value type. `charged` is the keyspace's note of the bytes it last charged for the value
 * (memory accounting, src/eviction/memory-model.ts), so a write can re-price the key in O(1).
 * It is created with the object (a string derives it from its encoding and length instead:
 * string/string-type.ts). The key's SCAN slot belongs to its keyspace entry, not to the value
 * (src/keyspace/key-table.ts).
 */
export type RedisObject = (StringObject | ListObject | HashObject | SetObject | ZSetObject | StreamObject) & { charged?: number };

/** What TYPE replies. */
export type RedisType = RedisObject['type'];

/** What OBJECT ENCODING replies, named as Redis 7.0 reports them. */
export type RedisEncoding = RedisObject['encoding'];

/** Redis's LRU clock: seconds, 24 bits (LRU_CLOCK_MAX), so it wraps every ~194 days. */
export const LRU_CLOCK_MAX = (1 << 24) - 1;
export const LRU_CLOCK_RESOLUTION_MS = 1000;

export function lruClock(nowMs: number): number {
  return Math.floor(nowMs / LRU_CLOCK_RESOLUTION_MS) & LRU_CLOCK_MAX;
}

/** Seconds since `lru`, allowing for one wrap of the clock (Redis estimateObjectIdleTime). */
export function estimateIdleSeconds(lru: number, nowMs: number): number {
  const clock = lruClock(nowMs);
  return clock >= lru ? clock - lru : clock + (LRU_CLOCK_MAX - lru);
}

/** A deep copy for COPY: the new key must not share mutable state with the old. */
export function duplicateObject(obj: RedisObject): RedisObject {
  switch (obj.type) {
    case 'string':
      return duplicateString(obj);
    case 'list':
      return duplicateList(obj);
    case 'hash':
      return duplicateHash(obj);
    case 'set':
      return duplicateSet(obj);
    case 'zset':
      return duplicateZSet(obj);
    case 'stream':
      return duplicateStream(obj, duplicateGroup);
    default:
      return assertNever(obj, 'type');
  }
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${String(value)}`);
}
