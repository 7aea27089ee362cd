// src/util/heap.ts: a collection on demand in a process started without --expose-gc, which leaves no
// `gc` global behind, and the young generation's size as V8 reports it.

import v8 from 'node:v8';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { collectGarbage, youngGenerationBytes } from '../../../src/util/heap.js';

const youngUsed = (): number => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_used_size ?? -1;

describe('heap', () => {
  it('runs a scavenge without exposing gc to the host', () => {
    const hadGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
    let garbage: string[] | null = [];
    for (let i = 0; i < 20_000; i++) garbage.push(`young-${i}`.repeat(3));
    garbage = null;
    const before = youngUsed();
    collectGarbage('minor');
    const after = youngUsed();
    expect(before).toBeGreaterThan(256 * 1024);
    expect(after).toBeLessThan(before / 2);
    expect(typeof (globalThis as { gc?: unknown }).gc === 'function').toBe(hadGc);
    expect(garbage).toBeNull();
  });

  it('a major collection is a mark-compact, a minor one a scavenge (as V8 reports them)', async () => {
    const kinds: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) kinds.push((entry as PerformanceEntry & { detail: { kind: number } }).detail.kind);
    });
    observer.observe({ entryTypes: ['gc'] });
    const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));
    try {
      await settle();
      kinds.length = 0;
      collectGarbage('major');
      await settle();
      expect(kinds).toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
      kinds.length = 0;
      collectGarbage('minor');
      await settle();
      expect(kinds).toContain(constants.NODE_PERFORMANCE_GC_MINOR);
      expect(kinds).not.toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
    } finally {
      observer.disconnect();
    }
  });

  it('a major collection compacts: pages left sparse by scattered deaths go back', () => {
    const oldSpace = (): v8.HeapSpaceInfo => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space') as v8.HeapSpaceInfo;
    // ~50 MB of small objects, kept alive until V8's own collections have promoted them to the old
    // generation; then seven in eight die, scattered over every page.
    let all: Array<{ n: number; s: string } | undefined> = [];
    for (let i = 0; i < 600_000; i++) all.push({ n: i, s: `value-${i}` });
    for (let i = 0; i < all.length; i++) if (i % 8 !== 0) all[i] = undefined;
    collectGarbage('major');
    const { space_size: committed, space_used_size: used } = oldSpace();
    // A plain mark-compact frees the dead objects in place: the pages stay, each one-eighth live
    // (measured: ~2.5x the live bytes committed). Compacting moves the survivors together.
    expect(committed).toBeLessThan(used * 1.5);
    expect(all.length).toBe(600_000);
    all = [];
  });

  it('reports the young generation between its 1 MB start and 32 MB maximum', () => {
    const bytes = youngGenerationBytes();
    expect(bytes).toBeGreaterThanOrEqual(512 * 1024);
    expect(bytes).toBeLessThanOrEqual(64 * 1024 * 1024);
  });
});
