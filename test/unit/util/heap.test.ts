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

  it('reports the young generation between its 1 MB start and 32 MB maximum', () => {
    const bytes = youngGenerationBytes();
    expect(bytes).toBeGreaterThanOrEqual(512 * 1024);
    expect(bytes).toBeLessThanOrEqual(64 * 1024 * 1024);
  });
});
