// LFU: Redis's approximate access-frequency counter, packed into the same 24-bit `lru` field that
// LRU uses: the high 16 bits hold the last decrement time in minutes, the low 8 bits a logarithmic
// (Morris) counter.
// Mirrors: redis src/evict.c (LFUGetTimeInMinutes, LFUTimeElapsed, LFULogIncr, LFUDecrAndReturn,
// updateLFU in db.c) and src/object.c (createObject's LFU_INIT_VAL).
//
// The problem: counting accesses exactly needs many bits per key and never forgets. Redis wants a
// frequency estimate in 8 bits that also fades, so a key that was hot last week can be evicted.
//
// The algorithm. The counter grows logarithmically: on an access, with p = 1 / ((counter -
// LFU_INIT_VAL) * lfu-log-factor + 1), the counter is incremented with probability p, so with the
// default factor 10 about a million hits saturate it at 255. New keys start at LFU_INIT_VAL (5) so
// they are not evicted before they had a chance to be used. Decay is lazy: when a key is accessed
// (or sampled for eviction) the counter first loses one per `lfu-decay-time` minutes elapsed since
// the stored minute stamp (16 bits of minutes wrap every ~45 days, handled like the LRU clock).
//
// Switching policy does not convert anything, in Redis or here: the field is simply read the other
// way, so right after CONFIG SET maxmemory-policy allkeys-lfu the old LRU stamps decode as
// arbitrary counters until keys are touched again. OBJECT FREQ and OBJECT IDLETIME refuse to
// answer under the policy that does not keep their number.

import type { Rng } from '../util/clock.js';

/** A new object's counter (LFU_INIT_VAL). */
export const LFU_INIT_VAL = 5;
/** The counter's maximum (8 bits). */
export const LFU_COUNTER_MAX = 255;
const LFU_MINUTES_MAX = 65535;
const TWO_POW_32 = 4294967296;

/** Minutes since the epoch, 16 bits (LFUGetTimeInMinutes). */
export function lfuTimeInMinutes(nowMs: number): number {
  return Math.floor(nowMs / 60_000) & LFU_MINUTES_MAX;
}

/** Minutes from the stamp `ldt` to `nowMinutes`, allowing for one wrap (LFUTimeElapsed). */
export function lfuTimeElapsed(ldt: number, nowMinutes: number): number {
  return nowMinutes >= ldt ? nowMinutes - ldt : LFU_MINUTES_MAX - ldt + nowMinutes;
}

/** The field of a new object under an LFU policy: now, counter LFU_INIT_VAL. */
export function lfuInitField(nowMinutes: number): number {
  return (nowMinutes << 8) | LFU_INIT_VAL;
}

/** The counter after the decay owed since the stamp (LFUDecrAndReturn); the field is not changed. */
export function lfuDecrAndReturn(field: number, nowMinutes: number, decayTime: number): number {
  const ldt = field >>> 8;
  const counter = field & 255;
  const periods = decayTime > 0 ? Math.floor(lfuTimeElapsed(ldt, nowMinutes) / decayTime) : 0;
  return periods > counter ? 0 : counter - periods;
}

/** One probabilistic increment (LFULogIncr). */
export function lfuLogIncr(counter: number, logFactor: number, rng: Rng): number {
  if (counter === LFU_COUNTER_MAX) return counter;
  const r = rng.int(TWO_POW_32) / TWO_POW_32;
  const baseval = Math.max(0, counter - LFU_INIT_VAL);
  const p = 1 / (baseval * logFactor + 1);
  return r < p ? counter + 1 : counter;
}

/** An access under an LFU policy (db.c updateLFU): decay, then increment, then stamp now. */
export function lfuTouch(field: number, nowMinutes: number, logFactor: number, decayTime: number, rng: Rng): number {
  const counter = lfuLogIncr(lfuDecrAndReturn(field, nowMinutes, decayTime), logFactor, rng);
  return (nowMinutes << 8) | counter;
}
