import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDouble } from '../../../src/util/numbers.js';

// Each pair was read off Redis 7.0.15: ZADD z <input> m, then ZSCORE z m.
const VERIFIED: Array<[number, string]> = [
  [0.1, '0.10000000000000001'],
  [1, '1'],
  [1.5, '1.5'],
  [1e20, '1e+20'],
  [1e-5, '1.0000000000000001e-05'],
  [123456789012345678, '1.2345678901234568e+17'],
  [3.0000000000000004, '3.0000000000000004'],
  [1e17, '1e+17'],
  [1e16, '10000000000000000'],
  [0.0001, '0.0001'],
  [12345678901234567, '12345678901234568'],
  [-2.5e-300, '-2.5e-300'],
  [1.7976931348623157e308, '1.7976931348623157e+308'],
  [Infinity, 'inf'],
  [-Infinity, '-inf'],
];

describe('formatDouble (%.17g as Redis 7.0 replies)', () => {
  for (const [input, expected] of VERIFIED) {
    it(`${input} prints as ${expected}`, () => {
      expect(formatDouble(input)).toBe(expected);
    });
  }

  it('round-trips every finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Number(formatDouble(x))).toBe(x);
      }),
      { numRuns: 2000 },
    );
  });
});
