// The packed hash listpack (src/datatypes/hash/listpack.ts): one latin1 string of varint-length-
// prefixed entries. Checked against a Map (insertion order, as a listpack keeps it) over random
// sets and deletes of binary fields and values, including lengths that need a multi-char varint.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  LP_EMPTY, lpDelete, lpEntries, lpFindField, lpGet, lpLastWrite, lpPairs, lpSet,
} from '../../../src/datatypes/hash/listpack.js';

/** Bytes as latin1 chars: short, empty, high bytes, and some past 127 and 16383 bytes (2- and 3-char varints). */
const bytes = fc.oneof(
  { arbitrary: fc.constantFrom('', 'a', 'ab', 'b', '\u0000', '\u0080', '\u00ff\u0080', 'a\u0001b'), weight: 6 },
  { arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 6 }), weight: 4 },
  { arbitrary: fc.integer({ min: 120, max: 300 }).map((n) => 'x'.repeat(n)), weight: 1 },
  { arbitrary: fc.constant('y'.repeat(20000)), weight: 1 },
);

function flatten(model: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [f, v] of model) out.push(f, v);
  return out;
}

describe('hash listpack (packed string)', () => {
  it('matches a Map model over random sets and deletes of binary data', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), bytes, bytes), { maxLength: 40 }), (ops) => {
        let lp = LP_EMPTY;
        const model = new Map<string, string>();
        let bytesTotal = 0;
        for (const [isSet, field, value] of ops) {
          if (isSet) {
            lp = lpSet(lp, field, value);
            expect(lpLastWrite.added).toBe(!model.has(field));
            model.set(field, value);
          } else {
            const next = lpDelete(lp, field);
            expect(next === undefined).toBe(!model.has(field));
            if (next !== undefined) lp = next;
            else continue;
            model.delete(field);
          }
          bytesTotal += lpLastWrite.delta;
          expect(lpEntries(lp)).toEqual(flatten(model));
          expect(lpPairs(lp)).toBe(model.size);
          expect(bytesTotal).toBe(flatten(model).reduce((n, e) => n + e.length, 0));
          for (const f of [field, 'a', 'b', '']) {
            expect(lpGet(lp, f)).toBe(model.get(f));
            expect(lpFindField(lp, f) !== -1).toBe(model.has(f));
          }
        }
      }),
      { seed: 20261126, numRuns: 300 },
    );
  });

  it('a field never matches bytes inside a value', () => {
    let lp = lpSet(LP_EMPTY, 'k', '\u0001f\u0001v');
    expect(lpGet(lp, 'f')).toBeUndefined();
    lp = lpSet(lp, 'f', 'real');
    expect(lpGet(lp, 'f')).toBe('real');
    expect(lpEntries(lp)).toEqual(['k', '\u0001f\u0001v', 'f', 'real']);
  });
});
