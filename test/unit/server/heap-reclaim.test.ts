// The idle heap reclaim's schedule (src/server/heap-reclaim.ts), with a fake collector and a fake
// young generation: when it scavenges, how often, and when it stops.

import { describe, expect, it } from 'vitest';
import { HeapReclaim } from '../../../src/server/heap-reclaim.js';

const MB = 1024 * 1024;

/** A fake V8: the young generation shrinks to 1 MB on the `shrinkOn`-th scavenge. */
function fakeHeap(shrinkOn: number) {
  const state = { young: 32 * MB, collections: [] as string[] };
  const reclaim = new HeapReclaim({
    quietMs: 1000,
    retryMs: 5000,
    maxAttempts: 3,
    minBytes: 2 * MB,
    collect: (kind) => {
      state.collections.push(kind);
      if (state.collections.length === shrinkOn) state.young = MB;
    },
    youngBytes: () => state.young,
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
    expect([reclaim.attempts, reclaim.shrinks]).toEqual([2, 1]);
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
});
