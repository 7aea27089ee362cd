// The hash type without a server: both encodings against a Map model (fast-check), the listpack →
// hashtable conversion at limit-1 / limit / limit+1, random pairs, HSCAN's guarantee, and the Dict
// behind the hashtable encoding. Conversion rules read off Redis 7.0.15.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dict, DictSet, MAX_RANDOM_PICKS, sampleDistinct } from '../../../src/datatypes/dict.js';
import {
  createHash, duplicateHash, hashDelete, hashExists, hashFields, hashGet, hashLength, hashPairs,
  hashRandomDistinctPairs, hashRandomPair, hashRandomPairs, hashScan, hashSet, hashValues, type HashLimits,
  type HashObject,
} from '../../../src/datatypes/hash/hash-type.js';
import { seededRng } from '../../../src/util/clock.js';

const DEFAULT_LIMITS: HashLimits = { maxListpackEntries: 512, maxListpackValue: 64 };

function hashOf(pairs: readonly (readonly [string, string])[], limits = DEFAULT_LIMITS): HashObject {
  const h = createHash();
  for (const [f, v] of pairs) hashSet(h, f, v, limits);
  return h;
}

function fullScan(h: HashObject, count: number): string[] {
  const out: string[] = [];
  let cursor = 0;
  do {
    const step = hashScan(h, cursor, count);
    out.push(...step.pairs);
    cursor = step.cursor;
  } while (cursor !== 0);
  return out;
}

describe('hash encodings and conversion (hashTypeTryConversion, hashTypeSet)', () => {
  it('a new hash is a listpack', () => {
    expect(createHash().encoding).toBe('listpack');
    expect(hashOf([['a', '1']]).encoding).toBe('listpack');
  });

  it('converts past hash-max-listpack-entries: limit-1 and limit stay listpack, limit+1 converts', () => {
    const limits = { maxListpackEntries: 4, maxListpackValue: 64 };
    const h = createHash();
    for (let i = 0; i < 4; i++) {
      hashSet(h, `f${i}`, 'v', limits);
      expect(h.encoding, `${i + 1} fields`).toBe('listpack');
    }
    hashSet(h, 'f3', 'updated', limits); // an update does not add a field
    expect(h.encoding).toBe('listpack');
    hashSet(h, 'f4', 'v', limits);
    expect(h.encoding).toBe('hashtable');
    expect(hashPairs(h)).toEqual(['f0', 'v', 'f1', 'v', 'f2', 'v', 'f3', 'updated', 'f4', 'v']);
  });

  it('converts when a field or a value is longer than hash-max-listpack-value bytes (64 stays)', () => {
    const at = hashOf([['f', 'v'.repeat(64)]]);
    expect(at.encoding).toBe('listpack');
    expect(hashOf([['f', 'v'.repeat(65)]]).encoding).toBe('hashtable');
    expect(hashOf([['f'.repeat(65), 'v']]).encoding).toBe('hashtable');
    expect(hashOf([['f'.repeat(64), 'v'.repeat(63)]]).encoding).toBe('listpack');
  });

  it('with hash-max-listpack-value 0 only empty fields and values fit; with entries 0 nothing does', () => {
    expect(hashOf([['', '']], { maxListpackEntries: 512, maxListpackValue: 0 }).encoding).toBe('listpack');
    expect(hashOf([['a', '']], { maxListpackEntries: 512, maxListpackValue: 0 }).encoding).toBe('hashtable');
    expect(hashOf([['a', '1']], { maxListpackEntries: 0, maxListpackValue: 64 }).encoding).toBe('hashtable');
  });

  it('never converts back when fields are deleted', () => {
    const limits = { maxListpackEntries: 1, maxListpackValue: 64 };
    const h = hashOf([['a', '1'], ['b', '2']], limits);
    expect(h.encoding).toBe('hashtable');
    hashDelete(h, 'b');
    expect(h.encoding).toBe('hashtable');
    expect(hashPairs(h)).toEqual(['a', '1']);
  });

  it('keeps bytes as they are: NUL, CR LF and invalid UTF-8 in fields and values', () => {
    const field = Buffer.from([0xff, 0x00, 0x0d, 0x0a]).toString('latin1');
    const value = Buffer.from([0xc3, 0x28, 0x00]).toString('latin1');
    for (const limits of [DEFAULT_LIMITS, { maxListpackEntries: 0, maxListpackValue: 0 }]) {
      const h = hashOf([[field, value]], limits);
      expect(hashGet(h, field)).toBe(value);
      expect(hashGet(h, Buffer.from([0xff]).toString('latin1'))).toBeUndefined();
    }
  });
});

// --- Model-based: random operation sequences against a Map ---

type Op =
  | { readonly kind: 'set'; readonly field: string; readonly value: string }
  | { readonly kind: 'del'; readonly field: string };

const fieldArb = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'd', 'e', '', '\u0000', '\u00ff'),
  fc.string({ unit: fc.constantFrom('x', 'y', '\u0000', '\u00e9'), maxLength: 6 }),
);
const valueArb = fc.string({ unit: fc.constantFrom('0', '1', 'v', '\r', '\n', '\u00ff'), maxLength: 6 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('set' as const), field: fieldArb, value: valueArb }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('del' as const), field: fieldArb }), weight: 1 },
);
const limitsArb = fc.record({
  maxListpackEntries: fc.integer({ min: 0, max: 8 }),
  maxListpackValue: fc.integer({ min: 0, max: 6 }),
});

describe('hash type against a Map model', () => {
  it('every operation on every encoding agrees with the model, order included', () => {
    fc.assert(
      fc.property(limitsArb, fc.array(opArb, { maxLength: 60 }), (limits, ops) => {
        const h = createHash();
        const model = new Map<string, string>();
        let converted = false;
        for (const op of ops) {
          if (op.kind === 'set') {
            const isNew = !model.has(op.field);
            expect(hashSet(h, op.field, op.value, limits)).toBe(isNew);
            model.set(op.field, op.value);
            if (op.field.length > limits.maxListpackValue || op.value.length > limits.maxListpackValue) converted = true;
            if (model.size > limits.maxListpackEntries) converted = true;
          } else {
            expect(hashDelete(h, op.field)).toBe(model.delete(op.field));
          }
          expect(h.encoding).toBe(converted ? 'hashtable' : 'listpack');
          expect(hashLength(h)).toBe(model.size);
        }
        // JS Maps keep insertion order and keep a key's place on update: so do both encodings.
        expect(hashFields(h)).toEqual([...model.keys()]);
        expect(hashValues(h)).toEqual([...model.values()]);
        expect(hashPairs(h)).toEqual([...model].flat());
        for (const field of ['a', 'b', 'zz', '']) {
          expect(hashGet(h, field)).toBe(model.get(field));
          expect(hashExists(h, field)).toBe(model.has(field));
        }
        expect(fullScan(h, 3)).toEqual([...model].flat());
      }),
      { numRuns: 300 },
    );
  });

  it('duplicateHash is a deep copy on both encodings', () => {
    for (const limits of [DEFAULT_LIMITS, { maxListpackEntries: 0, maxListpackValue: 64 }]) {
      const h = hashOf([['a', '1'], ['b', '2']], limits);
      const copy = duplicateHash(h);
      hashSet(copy, 'c', '3', limits);
      hashDelete(copy, 'a');
      hashSet(h, 'b', 'changed', limits);
      expect(hashPairs(h)).toEqual(['a', '1', 'b', 'changed']);
      expect(hashPairs(copy)).toEqual(['b', '2', 'c', '3']);
      expect(copy.encoding).toBe(h.encoding);
    }
  });
});

// --- Random pairs (HRANDFIELD) ---

describe('random pairs', () => {
  const pairs: [string, string][] = Array.from({ length: 20 }, (_, i) => [`f${i}`, `v${i}`]);
  const encodings = [
    ['listpack', DEFAULT_LIMITS],
    ['hashtable', { maxListpackEntries: 0, maxListpackValue: 64 }],
  ] as const;

  it.each(encodings)('%s: a random pair is a pair of the hash', (_name, limits) => {
    const h = hashOf(pairs, limits);
    const rng = seededRng(7);
    for (let i = 0; i < 100; i++) {
      const [f, v] = hashRandomPair(h, rng);
      expect(hashGet(h, f)).toBe(v);
    }
  });

  it.each(encodings)('%s: negative counts allow repeats and give exactly |count| pairs', (_name, limits) => {
    const h = hashOf(pairs.slice(0, 3), limits);
    const { fields, values } = hashRandomPairs(h, 50, seededRng(3));
    expect(fields).toHaveLength(50);
    expect(new Set(fields).size).toBeLessThanOrEqual(3);
    fields.forEach((f, i) => expect(hashGet(h, f)).toBe(values[i]));
  });

  it.each(encodings)('%s: distinct pairs: every count from 1 to beyond the size', (_name, limits) => {
    const h = hashOf(pairs, limits);
    const rng = seededRng(11);
    for (let count = 1; count <= 25; count++) {
      const { fields, values } = hashRandomDistinctPairs(h, count, rng);
      expect(fields).toHaveLength(Math.min(count, 20));
      expect(new Set(fields).size).toBe(fields.length);
      fields.forEach((f, i) => expect(hashGet(h, f)).toBe(values[i]));
    }
    // The whole hash comes back in the hash's order.
    expect(hashRandomDistinctPairs(h, 20, rng).fields).toEqual(hashFields(h));
  });

  it.each(encodings)('%s: picks are roughly uniform', (_name, limits) => {
    const h = hashOf(pairs.slice(0, 4), limits);
    const rng = seededRng(5);
    const seen = new Map<string, number>();
    for (let i = 0; i < 8000; i++) {
      const [f] = hashRandomPair(h, rng);
      seen.set(f, (seen.get(f) ?? 0) + 1);
    }
    for (const n of seen.values()) expect(n).toBeGreaterThan(1700);
    expect(seen.size).toBe(4);
  });
});

// --- The Dict behind the hashtable encoding ---

describe('Dict (the hashtable encoding)', () => {
  it('scans every element present for the whole scan exactly once, whatever changes in between', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 400 })), { maxLength: 300 }),
        (initial, count, changes) => {
          const dict = new Dict<number>();
          for (let i = 0; i < initial; i++) dict.set(`k${i}`, i);
          const survivors = new Set(dict.keyList());
          const seen: string[] = [];
          let cursor = 0;
          let c = 0;
          do {
            const step = dict.scan(cursor, count);
            for (const slot of step.slots) seen.push(dict.keyAt(slot));
            cursor = step.cursor;
            // Between calls: add and delete (deletes make holes and trigger compaction).
            for (let j = 0; j < 5 && c < changes.length; j++, c++) {
              const [add, n] = changes[c] as [boolean, number];
              if (add) dict.set(`k${n}`, n);
              else if (dict.delete(`k${n}`)) survivors.delete(`k${n}`);
            }
          } while (cursor !== 0);
          const counts = new Map<string, number>();
          for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
          // A key deleted and added again during the scan is a different element and may show twice.
          for (const k of survivors) expect(counts.get(k), k).toBe(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('deletions compact the slot array so random picks stay O(1)', () => {
    const dict = new DictSet();
    for (let i = 0; i < 1000; i++) dict.add(`m${i}`);
    for (let i = 0; i < 999; i++) dict.delete(`m${i}`);
    expect(dict.size).toBe(1);
    // At most as many holes as live keys remain: the one key sits in slot 0 or 1.
    expect(dict.slotList()).toHaveLength(1);
    expect(dict.slotList()[0]).toBeLessThanOrEqual(1);
    expect(dict.randomKey(seededRng(1))).toBe('m999');
    dict.delete('m999');
    expect(dict.size).toBe(0);
    expect(() => dict.randomSlot(seededRng(1))).toThrow();
  });

  it('an update keeps the key in place; a delete then add moves it to the end', () => {
    const dict = new Dict<string>();
    dict.set('a', '1');
    dict.set('b', '2');
    expect(dict.set('a', '3')).toBe(false);
    expect(dict.keyList()).toEqual(['a', 'b']);
    dict.delete('a');
    expect(dict.set('a', '4')).toBe(true);
    expect(dict.keyList()).toEqual(['b', 'a']);
    expect(dict.valueList()).toEqual(['2', '4']);
  });

  it('a cursor past everything ends the scan', () => {
    const dict = new DictSet();
    dict.add('a');
    expect(dict.scan(1e15, 10)).toEqual({ cursor: 0, slots: [] });
  });

  it('sampleDistinct returns distinct items from both strategies', () => {
    const rng = seededRng(9);
    const items = Array.from({ length: 100 }, (_, i) => i);
    for (const count of [1, 10, 33, 34, 50, 99]) {
      const picks = sampleDistinct(count, 100, rng, () => rng.int(100), () => items.slice());
      expect(picks).toHaveLength(count);
      expect(new Set(picks).size).toBe(count);
    }
    expect(MAX_RANDOM_PICKS).toBe(2 ** 24);
  });
});
