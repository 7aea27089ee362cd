// client-output-buffer-limit's decision (networking.c checkClientOutputBufferLimits).

import { describe, expect, it } from 'vitest';
import { isUnlimited, outputBufferLimitReached } from '../../../src/pubsub/output-buffer-limit.js';

const limit = (hardLimitBytes: number, softLimitBytes: number, softLimitSeconds: number) => ({
  hardLimitBytes, softLimitBytes, softLimitSeconds,
});

describe('outputBufferLimitReached', () => {
  it('the hard limit closes at once, at exactly the limit', () => {
    const state = { softLimitReachedAtSec: 0 };
    expect(outputBufferLimitReached(999, limit(1000, 0, 0), state, 100)).toBe(false);
    expect(outputBufferLimitReached(1000, limit(1000, 0, 0), state, 100)).toBe(true);
  });

  it('the soft limit must hold for more than soft-seconds', () => {
    const state = { softLimitReachedAtSec: 0 };
    const l = limit(0, 500, 2);
    expect(outputBufferLimitReached(600, l, state, 100)).toBe(false); // first sight: clock starts
    expect(state.softLimitReachedAtSec).toBe(100);
    expect(outputBufferLimitReached(600, l, state, 102)).toBe(false); // 2 s is not more than 2 s
    expect(outputBufferLimitReached(600, l, state, 103)).toBe(true);
  });

  it('dropping under the soft limit restarts its clock', () => {
    const state = { softLimitReachedAtSec: 0 };
    const l = limit(0, 500, 2);
    outputBufferLimitReached(600, l, state, 100);
    expect(outputBufferLimitReached(100, l, state, 101)).toBe(false);
    expect(state.softLimitReachedAtSec).toBe(0);
    expect(outputBufferLimitReached(600, l, state, 105)).toBe(false);
    expect(outputBufferLimitReached(600, l, state, 108)).toBe(true);
  });

  it('0 means no limit', () => {
    const state = { softLimitReachedAtSec: 0 };
    expect(outputBufferLimitReached(1e12, limit(0, 0, 0), state, 1)).toBe(false);
    expect(isUnlimited(limit(0, 0, 60))).toBe(true);
    expect(isUnlimited(limit(0, 1, 0))).toBe(false);
  });
});
