// Where a database's slot array is read rather than maintained: SCAN's walk, the random samples
// eviction takes (Redis dictGetSomeKeys) and RANDOMKEY's fair pick (dictGetFairRandomKey).
// Mirrors: redis src/dict.c (dictScan, dictGetSomeKeys, dictGetFairRandomKey) as src/db.c uses them.
// The slots themselves (each live key owns a stable slot) are the entries of a database's KeyTable
// (key-table.ts).

import type { Rng } from '../util/clock.js';

/** The result of one SCAN step. `cursor` 0 means the walk is complete. */
export interface ScanStep {
  readonly cursor: number;
  readonly keys: string[];
}

/** Slots as sampling reads them (key-table.ts KeyTable): the key in a slot, undefined when free. */
export interface ReadonlySlots {
  /** One past the highest slot in use. */
  readonly slotCount: number;
  keyAt(slot: number): string | undefined;
}

/** What sampling reads of a database: its slot array, its key count, its randomness. */
export interface SlotSource {
  readonly slots: ReadonlySlots;
  readonly size: number;
  readonly rng: Rng;
}

/** Where volatile-* sampling resumes in a database's `expires` (see sampleSlotKeys). */
export interface ExpiresCursor {
  iterator: IterableIterator<string> | undefined;
}

/**
 * Walk about `count` slots from `cursor`, returning the live keys met and the next cursor.
 * Redis's COUNT is a hint for work per call, as here. Expired keys are not filtered here:
 * the SCAN command checks each one (Redis does the same in scanGenericCommand).
 */
export function scanSlots(slots: ReadonlySlots, cursor: number, count: number): ScanStep {
  const keys: string[] = [];
  let i = cursor;
  // Visit at least `count` slots, and keep going past free slots so a sparse table still
  // yields something per call (bounded at 10x like Redis's maxiterations).
  const limit = Math.min(slots.slotCount, cursor + count * 10);
  for (; i < limit && keys.length < count; i++) {
    const key = slots.keyAt(i);
    if (key !== undefined) keys.push(key);
  }
  return { cursor: i >= slots.slotCount ? 0 : i, keys };
}

/**
 * Up to `count` keys for eviction sampling (Redis dictGetSomeKeys): from the whole keyspace, or
 * with `volatile` only keys with a TTL. Like Redis's, the sample is cheap rather than exactly
 * uniform, may hold fewer than `count` keys, and looks at most count * 10 places. Expired keys
 * may be included (eviction deletes them either way).
 * SIMPLIFIED: `expires` is a Map without positions. When at least a quarter of the keys have a
 * TTL, volatile samples are random slots filtered by TTL; otherwise they continue a rotating walk
 * over `expires` (skipping a random 0..count-1 keys each call) instead of a random bucket.
 */
export function sampleSlotKeys(
  source: SlotSource, expires: ReadonlyMap<string, unknown>, sampler: ExpiresCursor, count: number, volatile: boolean,
): string[] {
  const { slots, size: dictSize, rng } = source;
  const out: string[] = [];
  if (volatile) {
    const size = expires.size;
    if (size === 0) return out;
    // Most keys have a TTL (a cache): random slots filtered by TTL are as good as Redis's sample.
    if (size * 4 >= dictSize) {
      for (let probes = 0; out.length < count && probes < count * 10; probes++) {
        const key = slots.keyAt(rng.int(slots.slotCount));
        if (key !== undefined && expires.has(key)) out.push(key);
      }
      if (out.length > 0) return out;
    }
    let skip = rng.int(count);
    const wanted = Math.min(count, size);
    for (let steps = 0; out.length < wanted && steps < size + count; steps++) {
      let next = sampler.iterator?.next();
      if (next === undefined || next.done === true) {
        sampler.iterator = expires.keys();
        next = sampler.iterator.next();
        if (next.done === true) break;
      }
      if (skip > 0) skip--;
      else out.push(next.value);
    }
    return out;
  }
  if (dictSize === 0 || slots.slotCount === 0) return out;
  const wanted = Math.min(count, dictSize);
  // Independent random slots: Redis's neighbouring buckets hold unrelated keys (hash order), but
  // our neighbouring slots hold keys written at about the same time, which would make a sample of
  // neighbours all about equally old. The slot array is at least half full, so this is O(count).
  for (let probes = 0; out.length < wanted && probes < count * 10; probes++) {
    const key = slots.keyAt(rng.int(slots.slotCount));
    if (key !== undefined) out.push(key);
  }
  // A very sparse slot array: fall back to fair random picks so the sample is never empty.
  while (out.length === 0) {
    const key = randomSlotKeyOf(source);
    if (key === undefined) break;
    out.push(key);
  }
  return out;
}

/** A uniformly random live key, or undefined when empty (Redis dictGetFairRandomKey). */
export function randomSlotKeyOf(source: SlotSource): string | undefined {
  const { slots, size, rng } = source;
  if (size === 0) return undefined;
  // With the array at least half full, a few random probes almost surely hit a key.
  for (let attempt = 0; attempt < 32; attempt++) {
    const key = slots.keyAt(rng.int(slots.slotCount));
    if (key !== undefined) return key;
  }
  // Very sparse: walk from a random point to the next live slot.
  const start = rng.int(slots.slotCount);
  for (let i = 0; i < slots.slotCount; i++) {
    const key = slots.keyAt((start + i) % slots.slotCount);
    if (key !== undefined) return key;
  }
  return undefined;
}
