// The shared codec of packed entries (src/datatypes/packed.ts): a length prefix read forwards and a
// back-length read backwards must both recover every length, at the 1/2/3-char varint boundaries.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeBackLength, encodeLength, entryStart, lengthSize, readBackLength, readLength,
} from '../../../src/datatypes/packed.js';

const BOUNDARIES = [0, 1, 127, 128, 129, 16383, 16384, 16385, 2097151, 2097152, 2 ** 31, 2 ** 40];

function entry(length: number): string {
  return encodeLength(length) + 'x'.repeat(Math.min(length, 50000)) + encodeBackLength(length);
}

describe('packed entries codec', () => {
  it('reads each length forwards and backwards with the size lengthSize reports', () => {
    for (const length of [...BOUNDARIES, ...fc.sample(fc.integer({ min: 0, max: 2 ** 30 }), 200)]) {
      expect(encodeLength(length).length).toBe(lengthSize(length));
      expect(encodeBackLength(length).length).toBe(lengthSize(length));
      const prefix = 'ab' + encodeLength(length);
      expect(readLength(prefix, 2)).toBe(length);
      expect(entryStart).toBe(prefix.length);
      const suffix = 'cd' + encodeBackLength(length);
      expect(readBackLength(suffix, suffix.length)).toBe(length);
      expect(entryStart).toBe(2 - length);
    }
  });

  it('walks a run of entries from both ends', () => {
    const lengths = [0, 5, 127, 128, 300, 16384, 3];
    const packed = lengths.map(entry).join('');
    const forward: number[] = [];
    for (let pos = 0; pos < packed.length;) {
      const length = readLength(packed, pos);
      forward.push(length);
      pos = entryStart + length + lengthSize(length);
    }
    expect(forward).toEqual(lengths);
    const backward: number[] = [];
    for (let end = packed.length; end > 0;) {
      const length = readBackLength(packed, end);
      backward.push(length);
      end = entryStart - lengthSize(length);
    }
    expect(backward).toEqual([...lengths].reverse());
  });
});
