import { describe, expect, it } from 'vitest';
import { dictBucketsBytes } from '../../../src/eviction/memory-model.js';

describe('dictBucketsBytes', () => {
  it('prices the next power of two of slots, at least 4, 8 bytes each (dict.c _dictNextExp)', () => {
    expect(dictBucketsBytes(0)).toBe(0);
    for (const size of [1, 2, 3, 4]) expect(dictBucketsBytes(size)).toBe(4 * 8);
    expect(dictBucketsBytes(5)).toBe(8 * 8);
    expect(dictBucketsBytes(8)).toBe(8 * 8);
    expect(dictBucketsBytes(9)).toBe(16 * 8);
    expect(dictBucketsBytes(100_000)).toBe(131_072 * 8);
  });

  it('stays exact past 2^30 entries, where a 32-bit shift would overflow', () => {
    expect(dictBucketsBytes(2 ** 30)).toBe(2 ** 30 * 8);
    expect(dictBucketsBytes(2 ** 30 + 1)).toBe(2 ** 31 * 8);
    expect(dictBucketsBytes(2 ** 31)).toBe(2 ** 31 * 8);
    expect(dictBucketsBytes(2 ** 31 + 1)).toBe(2 ** 32 * 8);
  });
});
