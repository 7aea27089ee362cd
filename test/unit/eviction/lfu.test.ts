// The LFU counter packed in the lru field: LFU_INIT_VAL, the logarithmic increment, decay by
// elapsed minutes (src/eviction/lfu.ts; Redis evict.c LFULogIncr / LFUDecrAndReturn).

import { describe, expect, it } from 'vitest';
import {
  LFU_INIT_VAL, lfuDecrAndReturn, lfuInitField, lfuLogIncr, lfuTimeElapsed, lfuTimeInMinutes, lfuTouch,
} from '../../../src/eviction/lfu.js';
import { seededRng } from '../../../src/util/clock.js';

describe('LFU counter', () => {
  it('a new object starts at LFU_INIT_VAL (5) stamped with the current minute', () => {
    const now = lfuTimeInMinutes(1_700_000_000_000);
    const field = lfuInitField(now);
    expect(field & 255).toBe(LFU_INIT_VAL);
    expect(field >>> 8).toBe(now);
    expect(lfuDecrAndReturn(field, now, 1)).toBe(5);
  });

  it('increments below LFU_INIT_VAL always, then with probability 1/((c-5)*factor+1)', () => {
    const rng = seededRng(3);
    expect(lfuLogIncr(0, 10, rng)).toBe(1);
    expect(lfuLogIncr(5, 10, rng)).toBe(6);
    // At counter 15 with factor 10, p = 1/101: about 1% of 20000 tries increment.
    let hits = 0;
    for (let i = 0; i < 20000; i++) if (lfuLogIncr(15, 10, rng) === 16) hits++;
    expect(hits).toBeGreaterThan(120);
    expect(hits).toBeLessThan(280);
    expect(lfuLogIncr(255, 10, rng)).toBe(255);
  });

  it('a million accesses with lfu-log-factor 10 bring the counter near saturation (Redis docs: ~255 at 1M)', () => {
    const rng = seededRng(11);
    let counter = LFU_INIT_VAL;
    for (let i = 0; i < 1_000_000; i++) counter = lfuLogIncr(counter, 10, rng);
    expect(counter).toBeGreaterThan(200);
    // 100 hits stay low: the growth is logarithmic.
    counter = LFU_INIT_VAL;
    for (let i = 0; i < 100; i++) counter = lfuLogIncr(counter, 10, rng);
    expect(counter).toBeLessThan(20);
  });

  it('decays one step per lfu-decay-time minutes since the stamp, never below 0; decay-time 0 never decays', () => {
    const field = (100 << 8) | 20;
    expect(lfuDecrAndReturn(field, 100, 1)).toBe(20);
    expect(lfuDecrAndReturn(field, 107, 1)).toBe(13);
    expect(lfuDecrAndReturn(field, 107, 2)).toBe(17);
    expect(lfuDecrAndReturn(field, 200, 1)).toBe(0);
    expect(lfuDecrAndReturn(field, 200, 0)).toBe(20);
  });

  it('the 16-bit minute clock wraps like the LRU clock', () => {
    expect(lfuTimeElapsed(65530, 4)).toBe(9);
    expect(lfuTimeElapsed(10, 15)).toBe(5);
  });

  it('an access decays first, then increments, then restamps', () => {
    const rng = seededRng(5);
    const touched = lfuTouch((100 << 8) | 3, 110, 10, 1, rng);
    // 3 - 10 minutes of decay → 0, then +1 (always below LFU_INIT_VAL).
    expect(touched & 255).toBe(1);
    expect(touched >>> 8).toBe(110);
  });
});
