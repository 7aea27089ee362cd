// Setting a restored or loaded object's access-time field from RESTORE's IDLETIME/FREQ options or
// an RDB file's IDLE/FREQ opcodes. Mirrors: redis src/object.c (objectSetLRUOrLFU).
//
// The object's `lru` field means one thing under an LFU maxmemory-policy and another otherwise
// (see datatypes/object.ts): LFU keeps the last decrement time in minutes (high 16 bits) and a
// logarithmic counter (low 8 bits); LRU keeps the LRU clock (seconds, 24 bits) of the last access.
// A FREQ only applies under LFU and an IDLETIME only under a non-LFU policy, as in Redis.
// The eviction code owns these encodings; this is the one place persistence writes them.

import { LRU_CLOCK_MAX, lruClock, type RedisObject } from '../../datatypes/object.js';

const LFU_MINUTES_MASK = 0xffff;

export interface LoadedAccessInfo {
  readonly idleSeconds?: number | undefined;
  readonly lfuFreq?: number | undefined;
}

/**
 * objectSetLRUOrLFU: apply IDLETIME / FREQ to `obj`; returns whether the field was changed.
 * Call it after the object is in the keyspace (adding a key stamps the current time).
 */
export function setObjectLruOrLfuFromLoad(obj: RedisObject, info: LoadedAccessInfo, lfuPolicy: boolean, nowMs: number): boolean {
  if (info.lfuFreq !== undefined && info.lfuFreq >= 0) {
    if (!lfuPolicy) return false;
    const minutes = Math.floor(nowMs / 60000) & LFU_MINUTES_MASK;
    obj.lru = (minutes << 8) | (info.lfuFreq & 0xff);
    return true;
  }
  if (info.idleSeconds !== undefined && info.idleSeconds >= 0) {
    if (lfuPolicy) return false;
    const clock = lruClock(nowMs);
    let lru = clock - info.idleSeconds;
    // An idle time longer than the clock has run: Redis parks the object half a clock period back.
    if (lru < 0) lru = (clock + Math.floor(LRU_CLOCK_MAX / 2)) % LRU_CLOCK_MAX;
    obj.lru = lru;
    return true;
  }
  return false;
}
