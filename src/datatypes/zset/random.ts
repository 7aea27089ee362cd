// ZRANDMEMBER's sampling: `count` random elements, with or without repeats, chosen the way Redis
// chooses them so the reply shapes and orders match.
// Mirrors: redis src/t_zset.c (zrandmemberWithCountCommand's four cases, zsetTypeRandomElement) and
// src/listpack.c (lpRandomPairs, lpRandomPairsUnique).
//
// Redis picks one of four strategies:
//   1. Repeats allowed (negative count) or count 1: `count` independent uniform picks.
//   2. count >= size: the whole set, in the order its iterator walks it (highest element first).
//   3. count × 3 > size: copy the whole set and remove random elements until `count` are left;
//      picking would keep hitting elements already chosen.
//   4. Otherwise: a listpack takes a uniform sample in listpack order (selection sampling); a
//      skiplist picks random elements and skips the ones it already has.
// Randomness comes from the server's injected Rng, so tests can fix it.

import type { Rng } from '../../util/clock.js';
import { zsetEntryAt, zsetForEachReverse, zsetLength, type ZSetObject } from './zset-type.js';

/** ZRANDMEMBER_SUB_STRATEGY_MUL: case 3 when count × 3 > size. */
const ZRANDMEMBER_SUB_STRATEGY_MUL = 3;

export type ZSetEntry = [member: string, score: number];

/**
 * `count` elements (count > 0); `unique` false allows repeats (a negative count in the command).
 * Returns at most `size` elements when unique.
 */
export function zsetRandomEntries(obj: ZSetObject, count: number, unique: boolean, rng: Rng): ZSetEntry[] {
  const size = zsetLength(obj);
  const out: ZSetEntry[] = [];
  // Case 1: independent picks.
  if (!unique || count === 1) {
    for (let i = 0; i < count; i++) out.push(zsetEntryAt(obj, rng.int(size)) as ZSetEntry);
    return out;
  }
  // Case 2: everything, in iterator order.
  if (count >= size) {
    zsetForEachReverse(obj, (member, score) => out.push([member, score]));
    return out;
  }
  // Case 3: copy all, then drop random elements (swap-remove) until `count` remain.
  if (count * ZRANDMEMBER_SUB_STRATEGY_MUL > size) {
    zsetForEachReverse(obj, (member, score) => out.push([member, score]));
    while (out.length > count) {
      const victim = rng.int(out.length);
      out[victim] = out[out.length - 1] as ZSetEntry;
      out.pop();
    }
    return out;
  }
  // Case 4.
  if (obj.encoding === 'listpack') {
    // lpRandomPairsUnique: walk once, taking each element with probability needed / remaining.
    let needed = count;
    for (let i = 0; i < size && needed > 0; i++) {
      if (rng.int(size - i) < needed) {
        out.push(zsetEntryAt(obj, i) as ZSetEntry);
        needed--;
      }
    }
    return out;
  }
  const seen = new Set<number>();
  while (out.length < count) {
    const index = rng.int(size);
    if (seen.has(index)) continue;
    seen.add(index);
    out.push(zsetEntryAt(obj, index) as ZSetEntry);
  }
  return out;
}
