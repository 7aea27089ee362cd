// Idle heap reclaim: give memory V8 no longer needs back to the OS once the server goes quiet.
// Mirrors in spirit: redis src/defrag.c and zmalloc.c's jemalloc purge, run from serverCron — memory
// housekeeping done when it costs clients nothing. The mechanism is V8's, not Redis's.
//
// The problem. V8 frees memory only inside a collection, and a quiet server allocates nothing, so no
// collection comes. Two things stay resident after a burst of writes (loading a data set, a benchmark):
// - The young generation. Every new object is born in two semi-spaces that start at 512 KB each and
//   double under a steady allocation rate up to 16 MB each (Node 20, 64-bit). V8 shrinks them only in
//   the epilogue of a collection that sees a low allocation rate (Heap::ReduceNewSpaceSize: under
//   ~1 KB per ms over the last ~5 s of recorded mutator time). Measured on 10,000 lists of 100
//   elements: RSS 50 MB above the empty server's, with 19 MB of live heap.
// - Garbage in the old generation, which only a full (mark-compact) collection frees. A keyspace that
//   grew to 1M keys has rehashed its Map's table many times; the last old table alone is 15 bytes a
//   key of large-object space, and promoted temporaries add ~8 more.
//
// The algorithm. The cron calls tick() with the time and the number of commands processed. Once no
// command has run for QUIET_MS:
// 1. If the old generation (everything but the young generation, whose garbage a scavenge clears)
//    grew by FULL_GC_MIN_GROWTH_BYTES and by FULL_GC_GROWTH_FRACTION of itself since the last full
//    collection this module ran (or its lowest reading since), run one full collection, a compacting one
//    (src/util/heap.ts: live objects move off sparse pages, which then go back to the OS). Its pause grows
//    with the live heap (~20 ms at 30 MB, ~70 ms at 1M string keys): asking for growth in proportion
//    keeps big heaps from paying it often, and small changes never trigger it. Measured on 10,000
//    sorted sets of 100 members (the load grows the old generation by ~45 MB): a full collection after
//    it gives back ~10 MB of RSS, ~1,000 B a key.
// 2. While the young generation is bigger than its starting size, run a scavenge (a minor GC: it copies
//    only the few live young objects, 1-4 ms) every RETRY_MS. The first collection of the quiet period
//    records the burst's high rate; once the collections since cover V8's 5 s window, one sees the quiet
//    and shrinks the space to 1 MB (measured: the scavenge ~6 s after the first, with 2 s or 3 s between
//    them; one 5.5 s apart was not always enough). Stop when it has shrunk or after MAX_ATTEMPTS.
// A command starts a new quiet period. Measured (RSS): 10,000 lists of 100 elements 128 -> 97 MB;
// 1M string keys 266 -> 226 MB from step 2 alone.
//
// What it costs: nothing while clients are active (one comparison per cron tick). A client that sends a
// command during a collection waits for it, like any GC pause.

import { collectGarbage, oldGenerationBytes, youngGenerationBytes, type CollectionKind } from '../util/heap.js';

/** How long no command may run before the server counts as quiet, in milliseconds. */
export const HEAP_RECLAIM_QUIET_MS = 1000;
/** Time between two scavenges in one quiet period (V8 judges the allocation rate over ~5 s). */
export const HEAP_RECLAIM_RETRY_MS = 2000;
/** Collections per quiet period before giving up (V8 may keep the space for its own reasons). */
export const HEAP_RECLAIM_MAX_ATTEMPTS = 6;
/** A young generation at or under this is already small (it starts at 1 MB). */
export const HEAP_RECLAIM_MIN_YOUNG_BYTES = 2 * 1024 * 1024;
/** Old-generation growth since the last full collection that is worth one while quiet: at least this... */
export const HEAP_RECLAIM_FULL_GC_MIN_GROWTH_BYTES = 16 * 1024 * 1024;
/** ...and at least this fraction of the old generation as it was after that collection. */
export const HEAP_RECLAIM_FULL_GC_GROWTH_FRACTION = 0.25;

export interface HeapReclaimOptions {
  readonly quietMs: number;
  readonly retryMs: number;
  readonly maxAttempts: number;
  readonly minYoungBytes: number;
  readonly fullGcMinGrowthBytes: number;
  readonly fullGcGrowthFraction: number;
  /** The collector and the heap's sizes: V8's, replaced in unit tests. */
  readonly collect: (kind: CollectionKind) => void;
  readonly youngBytes: () => number;
  /** Bytes used by the old generation (every V8 space but the young generation's). */
  readonly oldGenerationBytes: () => number;
  /** Told after a full collection, and when a scavenge shrank the young generation (bytes before, after). */
  readonly onFullGc?: (before: number, after: number) => void;
  readonly onShrunk?: (before: number, after: number) => void;
}

export class HeapReclaim {
  private readonly options: HeapReclaimOptions;
  /** Counters, for tests and curiosity: full collections, scavenges, and scavenges that shrank the space. */
  fullCollections = 0;
  scavenges = 0;
  shrinks = 0;
  private lastCommands = -1;
  private lastActiveMs = 0;
  private lastCollectionMs = -Infinity;
  private collectionsThisQuiet = 0;
  private doneThisQuiet = false;
  /** Old-generation bytes at start-up or after our last full collection, or the lowest reading since. */
  private baselineBytes = 0;

  constructor(options: Partial<HeapReclaimOptions> = {}) {
    this.options = {
      quietMs: HEAP_RECLAIM_QUIET_MS,
      retryMs: HEAP_RECLAIM_RETRY_MS,
      maxAttempts: HEAP_RECLAIM_MAX_ATTEMPTS,
      minYoungBytes: HEAP_RECLAIM_MIN_YOUNG_BYTES,
      fullGcMinGrowthBytes: HEAP_RECLAIM_FULL_GC_MIN_GROWTH_BYTES,
      fullGcGrowthFraction: HEAP_RECLAIM_FULL_GC_GROWTH_FRACTION,
      collect: collectGarbage,
      youngBytes: youngGenerationBytes,
      oldGenerationBytes,
      ...options,
    };
  }

  /** One cron tick: `nowMs` from a monotonic real clock, `commands` = commands processed so far. */
  tick(nowMs: number, commands: number): void {
    if (commands !== this.lastCommands) {
      // Busy (or the first tick): a new quiet period starts from here.
      if (this.lastCommands === -1) this.baselineBytes = this.options.oldGenerationBytes(); // at start-up
      this.lastCommands = commands;
      this.lastActiveMs = nowMs;
      this.collectionsThisQuiet = 0;
      this.doneThisQuiet = false;
      return;
    }
    if (this.doneThisQuiet || nowMs - this.lastActiveMs < this.options.quietMs) return;
    if (nowMs - this.lastCollectionMs < this.options.retryMs) return;
    if (this.collectionsThisQuiet === 0 && this.maybeFullCollection()) {
      // It emptied the young generation too: count it as the period's first collection.
      this.collectionsThisQuiet++;
      this.lastCollectionMs = nowMs;
      return;
    }
    const before = this.options.youngBytes();
    if (before <= this.options.minYoungBytes || this.collectionsThisQuiet >= this.options.maxAttempts) {
      this.doneThisQuiet = true;
      return;
    }
    this.options.collect('minor');
    this.scavenges++;
    this.collectionsThisQuiet++;
    this.lastCollectionMs = nowMs;
    const after = this.options.youngBytes();
    if (after < before) {
      this.shrinks++;
      this.doneThisQuiet = true;
      this.options.onShrunk?.(before, after);
    }
  }

  /** Step 1: one full collection when the old generation grew enough since the last one we ran. */
  private maybeFullCollection(): boolean {
    const used = this.options.oldGenerationBytes();
    if (used < this.baselineBytes) {
      this.baselineBytes = used; // it shrank (FLUSHALL, V8's own collections): growth counts from here
      return false;
    }
    const growth = used - this.baselineBytes;
    if (growth < this.options.fullGcMinGrowthBytes || growth < this.baselineBytes * this.options.fullGcGrowthFraction) return false;
    this.options.collect('major');
    this.fullCollections++;
    this.baselineBytes = this.options.oldGenerationBytes();
    this.options.onFullGc?.(used, this.baselineBytes);
    return true;
  }
}
