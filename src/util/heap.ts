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

/** `minor`: a scavenge of the young generation only (about 1-4 ms); `major`: a full mark-compact. */
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

/** Run one garbage collection now, on this thread (the caller is paused for its duration). */
export function collectGarbage(kind: CollectionKind): void {
  // Without options `gc()` is a full collection; Node 20's V8 reads `type: 'minor'` but not 'major'
  // (a `{ type: 'major' }` call runs a scavenge).
  if (kind === 'major') exposedGc()();
  else exposedGc()({ type: 'minor' });
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
