// V8's heap as the server sees it: the size of the young generation, and a way to ask for a collection.
// The nearest things Redis has are jemalloc's statistics and purge (MEMORY PURGE, zmalloc.c's
// jemalloc_purge): tsredis has no allocator of its own, so both questions go to V8.
//
// `gc()` exists only when node runs with --expose-gc. A server started as `node dist/cli.js` or embedded
// in someone's process has no such flag, so the first call turns the flag on just long enough to create
// one private V8 context, takes that context's `gc`, and turns the flag off again: the host's global
// object never gets a `gc` property, and contexts created later (a test runner's) do not either. (Jest
// gets its `gc` for --logHeapUsage the same way.)

import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * `minor`: a scavenge of the young generation only (about 1-4 ms); `major`: a full mark-compact that
 * also compacts the old generation (see collectGarbage).
 */
export type CollectionKind = 'minor' | 'major';

type GcFunction = (options?: { type?: CollectionKind }) => void;

let gcFunction: GcFunction | undefined;

function exposedGc(): GcFunction {
  if (gcFunction !== undefined) return gcFunction;
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === 'function') {
    gcFunction = global as GcFunction; // node --expose-gc: use it as it is
  } else {
    v8.setFlagsFromString('--expose-gc');
    try {
      gcFunction = vm.runInNewContext('gc') as GcFunction;
    } finally {
      v8.setFlagsFromString('--no-expose-gc');
    }
  }
  return gcFunction;
}

/**
 * Run one garbage collection now, on this thread (the caller is paused for its duration).
 *
 * A major collection here also compacts: V8 frees dead objects in place and, by its own rules, moves
 * live ones only off the few pages it judges emptiest, so a heap whose objects died scattered (values
 * overwritten all over a big keyspace, a load's temporaries promoted between the keys) keeps its pages:
 * measured on 1M small objects after 500k overwrites, 236 MB of old-generation pages for 182 MB of live
 * objects after two plain full collections, 186 MB after one compacting one, whose pause was ~25% longer.
 * The callers (the idle reclaim, MEMORY PURGE) collect to give memory back, so they pay that. It is the
 * nearest V8 has to Redis's active defragmentation (defrag.c), which moves values to emptier pages.
 * The V8 flag is turned on for this one collection only: it is read when a full collection picks its
 * pages to evacuate, and a collection the engine starts itself (on allocation) keeps V8's own rules.
 */
export function collectGarbage(kind: CollectionKind): void {
  // Without options `gc()` is a full collection; Node 20's V8 reads `type: 'minor'` but not 'major'
  // (a `{ type: 'major' }` call runs a scavenge).
  if (kind === 'major') {
    v8.setFlagsFromString('--compact-on-every-full-gc');
    try {
      exposedGc()();
    } finally {
      v8.setFlagsFromString('--no-compact-on-every-full-gc');
    }
  } else {
    exposedGc()({ type: 'minor' });
  }
}

/**
 * Bytes V8 holds for the young generation (its `new_space`: both semi-spaces). It starts at 1 MB,
 * grows to 32 MB (16 MB semi-spaces on 64-bit Node 20) under a steady allocation rate, and is
 * shrunk again only by a collection that finds the allocation rate low (see src/server/heap-reclaim.ts).
 */
export function youngGenerationBytes(): number {
  for (const space of v8.getHeapSpaceStatistics()) {
    if (space.space_name === 'new_space') return space.space_size;
  }
  return 0;
}

/** Bytes used by everything but the young generation: the old, code and large-object spaces. */
export function oldGenerationBytes(): number {
  let used = 0;
  for (const space of v8.getHeapSpaceStatistics()) {
    if (space.space_name !== 'new_space' && space.space_name !== 'new_large_object_space') used += space.space_used_size;
  }
  return used;
}
