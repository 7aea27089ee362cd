// The idle heap reclaim's schedule (src/server/heap-reclaim.ts), with a fake collector and a fake
// young generation: when it scavenges, how often, and when it stops.

import { describe, expect, it } from 'vitest';
import { HeapReclaim } from '../../../src/server/heap-reclaim.js';

const MB = 1024 * 1024;

/**
 * A fake V8: the young generation shrinks to 1 MB on the `shrinkOn`-th scavenge; a full collection
 * brings the heap down to `live`.
 */
function fakeHeap(shrinkOn: number) {
  const state = { young: 32 * MB, used: 10 * MB, live: 10 * MB, collections: [] as string[] };
  let scavenges = 0;
  const reclaim = new HeapReclaim({
    quietMs: 1000,
    retryMs: 5000,
    maxAttempts: 3,
    minYoungBytes: 2 * MB,
    fullGcMinGrowthBytes: 64 * MB,
    fullGcGrowthFraction: 0.25,
    collect: (kind) => {
      state.collections.push(kind);
      if (kind === 'major') state.used = state.live;
      else if (++scavenges === shrinkOn) state.young = MB;
    },
    youngBytes: () => state.young,
    oldGenerationBytes: () => state.used,
  });
  return { state, reclaim };
}

describe('HeapReclaim', () => {
  it('waits for a quiet second, then scavenges every retry period until the space shrinks', () => {
    const { state, reclaim } = fakeHeap(2);
    reclaim.tick(0, 10); // first tick: counts as activity
    reclaim.tick(500, 10);
    expect(state.collections).toEqual([]); // not quiet for long enough yet
    reclaim.tick(1000, 10);
    expect(state.collections).toEqual(['minor']);
    reclaim.tick(3000, 10);
    expect(state.collections).toEqual(['minor']); // within the retry period
    reclaim.tick(6000, 10);
    expect(state.collections).toEqual(['minor', 'minor']);
    expect(state.young).toBe(MB);
    for (let t = 7000; t < 60_000; t += 1000) reclaim.tick(t, 10);
    expect(state.collections).toHaveLength(2); // shrunk: nothing more this quiet period
    expect([reclaim.fullCollections, reclaim.scavenges, reclaim.shrinks]).toEqual([0, 2, 1]);
  });

  it('does nothing while commands keep arriving', () => {
    const { state, reclaim } = fakeHeap(1);
    for (let t = 0, n = 0; t < 60_000; t += 100, n++) reclaim.tick(t, n);
    expect(state.collections).toEqual([]);
  });

  it('does nothing when the young generation is already small', () => {
    const { state, reclaim } = fakeHeap(1);
    state.young = 2 * MB;
    for (let t = 0; t < 60_000; t += 100) reclaim.tick(t, 5);
    expect(state.collections).toEqual([]);
  });

  it('gives up after maxAttempts in one quiet period and starts over after activity', () => {
    const { state, reclaim } = fakeHeap(Infinity); // V8 never shrinks it
    for (let t = 0; t < 60_000; t += 100) reclaim.tick(t, 1);
    expect(state.collections).toHaveLength(3);
    reclaim.tick(60_000, 2); // a command: a new quiet period
    for (let t = 60_100; t < 120_000; t += 100) reclaim.tick(t, 2);
    expect(state.collections).toHaveLength(6);
  });

  it('a command in between restarts the quiet wait but keeps the retry spacing', () => {
    const { state, reclaim } = fakeHeap(Infinity);
    reclaim.tick(0, 1);
    reclaim.tick(1000, 1); // quiet a second: scavenge 1
    reclaim.tick(1100, 2); // a command
    reclaim.tick(2200, 2); // quiet again for 1.1 s, but only 1.2 s since the last scavenge
    expect(state.collections).toHaveLength(1);
    reclaim.tick(6000, 2);
    expect(state.collections).toHaveLength(2);
  });

  it('runs one full collection in a quiet period after the heap grew by 64 MB, before the scavenges', () => {
    const { state, reclaim } = fakeHeap(2);
    reclaim.tick(0, 1); // start-up reading: 10 MB
    state.used = 60 * MB; // grew by 50 MB: not worth a full collection
    reclaim.tick(100, 2);
    reclaim.tick(1200, 2);
    expect(state.collections).toEqual(['minor']);
    state.used = 200 * MB; // a load: +190 MB
    state.live = 150 * MB;
    state.young = 32 * MB;
    reclaim.tick(7000, 3);
    reclaim.tick(8100, 3);
    expect(state.collections).toEqual(['minor', 'major']); // it counts as the period's first collection
    reclaim.tick(12_000, 3);
    expect(state.collections).toEqual(['minor', 'major']); // the retry spacing runs from it
    reclaim.tick(13_100, 3);
    expect(state.collections).toEqual(['minor', 'major', 'minor']); // the fake shrinks on its 2nd scavenge
    for (let t = 13_200; t < 30_000; t += 100) reclaim.tick(t, 3);
    expect(state.collections).toEqual(['minor', 'major', 'minor']);
    // More quiet periods without growth since: no second full collection.
    state.young = 32 * MB;
    reclaim.tick(30_000, 4);
    for (let t = 30_100; t < 60_000; t += 100) reclaim.tick(t, 4);
    expect(state.collections.filter((k) => k === 'major')).toHaveLength(1);
    expect(reclaim.fullCollections).toBe(1);
  });

  it('measures growth from the lowest reading after the heap shrank (FLUSHALL)', () => {
    const { state, reclaim } = fakeHeap(1);
    state.young = MB;
    reclaim.tick(0, 1); // start-up: 10 MB
    state.used = 70 * MB; // +60 MB
    reclaim.tick(100, 2);
    reclaim.tick(1200, 2);
    state.used = 5 * MB; // FLUSHALL and V8's own collections
    reclaim.tick(1300, 3);
    reclaim.tick(2400, 3); // lowest reading: 5 MB
    state.used = 70 * MB; // +65 MB from there
    reclaim.tick(2500, 4);
    reclaim.tick(3600, 4);
    expect(state.collections).toEqual(['major']);
  });

  it('on a big heap asks for growth in proportion (a quarter) before paying a full collection', () => {
    const { state, reclaim } = fakeHeap(1);
    state.young = MB;
    state.used = 400 * MB;
    reclaim.tick(0, 1); // start-up reading: 400 MB
    state.used = 480 * MB; // +80 MB: over the 64 MB floor, under a quarter of 400 MB
    reclaim.tick(100, 2);
    reclaim.tick(1200, 2);
    expect(state.collections).toEqual([]);
    state.used = 520 * MB; // +120 MB
    reclaim.tick(1300, 3);
    reclaim.tick(2400, 3);
    expect(state.collections).toEqual(['major']);
  });
});
