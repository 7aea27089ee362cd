// The sorted set type without a server: every operation on both encodings against a naive model
// (a Map sorted on demand), the listpack → skiplist conversion at limit-1/limit/limit+1, the store
// commands' conversion back, ranges, random sampling and ZSCAN's guarantee. Expected encodings and
// orders were read off Redis 7.0.15.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/util/clock.js';
import { zsetRandomEntries } from '../../../src/datatypes/zset/random.js';
import {
  lexGteMin, lexLteMax, parseLexRange, parseScoreRange, scoreGteMin, scoreLteMax, type LexRange, type ScoreRange,
} from '../../../src/datatypes/zset/range.js';
import {
  ZADD_IN_GT, ZADD_IN_INCR, ZADD_IN_LT, ZADD_IN_NX, ZADD_IN_XX, createZSet, duplicateZSet, zsetAdd,
  zsetConvertToListpackIfNeeded, zsetDeleteRange, zsetEmitRange, zsetEntryAt, zsetForEachReverse, zsetFromSkiplist,
  zsetLength, zsetLexRangePositions, zsetRank, zsetRemove, zsetScan, zsetScore, zsetScoreRangePositions,
  type ZSetLimits, type ZSetObject,
} from '../../../src/datatypes/zset/zset-type.js';
import {
  zsetDiff, zsetInter, zsetInterCard, zsetUnion, type ZSetOpResult, type ZSetOpSource,
} from '../../../src/datatypes/zset/set-ops.js';
import { zssCreate, zssInsert } from '../../../src/datatypes/zset/skiplist.js';
import { setSkiplistRng } from '../../../src/datatypes/zset/zskiplist.js';

setSkiplistRng(seededRng(7));

const DEFAULT_LIMITS: ZSetLimits = { maxListpackEntries: 128, maxListpackValue: 64 };

/** Everything in order, as [member, score] pairs. */
function entries(z: ZSetObject): [string, number][] {
  const out: [string, number][] = [];
  zsetEmitRange(z, 0, zsetLength(z), false, (m, s) => out.push([m, s]));
  return out;
}

function build(pairs: readonly [number, string][], limits = DEFAULT_LIMITS): ZSetObject {
  const z = createZSet(limits, 1, pairs[0]?.[1].length ?? 0);
  for (const [score, member] of pairs) zsetAdd(z, score, member, 0, limits);
  return z;
}

/** The naive model: a Map, sorted by (score, member bytes) when read. */
class Model {
  readonly map = new Map<string, number>();
  sorted(): [string, number][] {
    return [...this.map].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}

describe('encodings and conversion (zset-max-listpack-entries / -value)', () => {
  it('a new set is a listpack; the 129th member converts it to a skiplist (limit-1, limit, limit+1)', () => {
    const z = createZSet(DEFAULT_LIMITS, 1, 2);
    for (let i = 1; i <= 127; i++) zsetAdd(z, i, `m${i}`, 0, DEFAULT_LIMITS);
    expect(z.encoding).toBe('listpack');
    zsetAdd(z, 128, 'm128', 0, DEFAULT_LIMITS);
    expect(z.encoding).toBe('listpack');
    // Updating an existing member at the limit does not convert.
    zsetAdd(z, 1000, 'm128', 0, DEFAULT_LIMITS);
    expect(z.encoding).toBe('listpack');
    zsetAdd(z, 129, 'm129', 0, DEFAULT_LIMITS);
    expect(z.encoding).toBe('skiplist');
    // Never back by removal.
    zsetRemove(z, 'm129');
    zsetRemove(z, 'm1');
    expect(z.encoding).toBe('skiplist');
    expect(zsetLength(z)).toBe(127);
  });

  it('a member longer than zset-max-listpack-value converts on insert (64 stays, 65 converts)', () => {
    const z = build([[1, 'a']]);
    zsetAdd(z, 2, 'y'.repeat(64), 0, DEFAULT_LIMITS);
    expect(z.encoding).toBe('listpack');
    zsetAdd(z, 3, 'x'.repeat(65), 0, DEFAULT_LIMITS);
    expect(z.encoding).toBe('skiplist');
    expect(entries(z).map(([m]) => m.length)).toEqual([1, 64, 65]);
  });

  it('createZSet follows zsetTypeCreate: skiplist when the size hint or first member exceeds a threshold', () => {
    expect(createZSet(DEFAULT_LIMITS, 128, 64).encoding).toBe('listpack');
    expect(createZSet(DEFAULT_LIMITS, 129, 0).encoding).toBe('skiplist');
    expect(createZSet(DEFAULT_LIMITS, 1, 65).encoding).toBe('skiplist');
    expect(createZSet({ maxListpackEntries: 0, maxListpackValue: 64 }, 1, 1).encoding).toBe('skiplist');
  });

  it('zsetConvertToListpackIfNeeded shrinks a fitting skiplist, keeps one that does not fit', () => {
    const zs = zssCreate();
    for (let i = 0; i < 128; i++) zssInsert(zs, i, `m${i}`);
    const fits = zsetFromSkiplist(zs);
    zsetConvertToListpackIfNeeded(fits, DEFAULT_LIMITS, 4);
    expect(fits.encoding).toBe('listpack');
    expect(entries(fits)).toEqual(Array.from({ length: 128 }, (_, i) => [`m${i}`, i]));

    const big = zssCreate();
    for (let i = 0; i < 129; i++) zssInsert(big, i, `m${i}`);
    const tooMany = zsetFromSkiplist(big);
    zsetConvertToListpackIfNeeded(tooMany, DEFAULT_LIMITS, 4);
    expect(tooMany.encoding).toBe('skiplist');

    const longMember = zsetFromSkiplist(zssCreate());
    zsetConvertToListpackIfNeeded(longMember, DEFAULT_LIMITS, 65);
    expect(longMember.encoding).toBe('skiplist');
  });

  it('a listpack stores -0 as 0 (Redis writes whole scores as integers); a skiplist keeps -0', () => {
    const lp = build([[-0, 'a']]);
    expect(Object.is(zsetScore(lp, 'a'), 0)).toBe(true);
    expect(zsetScan(lp, 0, 10).items).toEqual(['a', '0']);
    const sl = createZSet(DEFAULT_LIMITS, 1000, 0);
    zsetAdd(sl, -0, 'a', 0, DEFAULT_LIMITS);
    expect(Object.is(zsetScore(sl, 'a'), -0)).toBe(true);
    expect(zsetScan(sl, 0, 10).items).toEqual(['a', '-0']);
  });

  it('ZSCAN text: a listpack shows stored text (2^62 as an integer), a skiplist %.17g', () => {
    const lp = build([[2 ** 62, 'd'], [0.1, 'e']]);
    expect(zsetScan(lp, 0, 10).items).toEqual(['e', '0.10000000000000001', 'd', '4611686018427387904']);
    const sl = createZSet(DEFAULT_LIMITS, 1000, 0);
    zsetAdd(sl, 2 ** 62, 'd', 0, DEFAULT_LIMITS);
    expect(zsetScan(sl, 0, 10).items).toEqual(['d', '4.6116860184273879e+18']);
  });

  it('duplicateZSet is deep on both encodings', () => {
    for (const limits of [DEFAULT_LIMITS, { maxListpackEntries: 0, maxListpackValue: 0 }]) {
      const z = build([[1, 'a'], [2, 'b']], limits);
      const copy = duplicateZSet(z);
      expect(copy.encoding).toBe(z.encoding);
      zsetAdd(copy, 3, 'c', 0, limits);
      zsetRemove(copy, 'a');
      expect(entries(z)).toEqual([['a', 1], ['b', 2]]);
      expect(entries(copy)).toEqual([['b', 2], ['c', 3]]);
    }
  });
});

describe('zsetAdd flags (ZADD_IN_* → outcomes)', () => {
  it('NX, XX, GT, LT, INCR and NaN', () => {
    const z = build([[5, 'a']]);
    expect(zsetAdd(z, 1, 'a', ZADD_IN_NX, DEFAULT_LIMITS)).toEqual({ outcome: 'nop', score: 5 });
    expect(zsetAdd(z, 1, 'b', ZADD_IN_XX, DEFAULT_LIMITS).outcome).toBe('nop');
    expect(zsetAdd(z, 4, 'a', ZADD_IN_GT, DEFAULT_LIMITS).outcome).toBe('nop');
    expect(zsetAdd(z, 5, 'a', ZADD_IN_GT, DEFAULT_LIMITS).outcome).toBe('nop');
    expect(zsetAdd(z, 6, 'a', ZADD_IN_GT, DEFAULT_LIMITS)).toEqual({ outcome: 'updated', score: 6 });
    expect(zsetAdd(z, 7, 'a', ZADD_IN_LT, DEFAULT_LIMITS).outcome).toBe('nop');
    expect(zsetAdd(z, 6, 'a', 0, DEFAULT_LIMITS)).toEqual({ outcome: 'unchanged', score: 6 });
    // GT does not stop new members.
    expect(zsetAdd(z, 1, 'new', ZADD_IN_GT, DEFAULT_LIMITS).outcome).toBe('added');
    expect(zsetAdd(z, 2, 'a', ZADD_IN_INCR, DEFAULT_LIMITS)).toEqual({ outcome: 'updated', score: 8 });
    expect(zsetAdd(z, -1, 'a', ZADD_IN_INCR | ZADD_IN_GT, DEFAULT_LIMITS).outcome).toBe('nop');
    expect(zsetAdd(z, Infinity, 'a', ZADD_IN_INCR, DEFAULT_LIMITS)).toEqual({ outcome: 'updated', score: Infinity });
    expect(zsetAdd(z, -Infinity, 'a', ZADD_IN_INCR, DEFAULT_LIMITS).outcome).toBe('nan');
    expect(zsetScore(z, 'a')).toBe(Infinity);
    expect(zsetAdd(z, NaN, 'z', 0, DEFAULT_LIMITS).outcome).toBe('nan');
    expect(zsetScore(z, 'z')).toBeUndefined();
  });
});

describe('ordering: (score, member bytes as memcmp)', () => {
  it('ties sort by bytes, shorter prefix first, high bytes after low ones', () => {
    const members = ['b', 'a', '', 'ab', '\x00', '\xff', 'a\x00', '\x7f', '\x80'];
    for (const limits of [DEFAULT_LIMITS, { maxListpackEntries: 0, maxListpackValue: 64 }]) {
      const z = build(members.map((m) => [1, m] as [number, string]), limits);
      const byBytes = members.slice().sort((x, y) => Buffer.compare(Buffer.from(x, 'latin1'), Buffer.from(y, 'latin1')));
      expect(byBytes).toEqual(['', '\x00', 'a', 'a\x00', 'ab', 'b', '\x7f', '\x80', '\xff']);
      expect(entries(z).map(([m]) => m)).toEqual(byBytes);
    }
  });
});

// --- Model-based: random operation sequences on both encodings ---

const memberArb: fc.Arbitrary<string> = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'aa', 'ab', '', '\x00', '\xff', 'long-member');
const scoreArb = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0.5, -0.5, Infinity, -Infinity, 1e300, -0),
);
const scoreRangeArb = fc.record({
  min: scoreArb, max: scoreArb, minex: fc.boolean(), maxex: fc.boolean(),
});
const lexBoundArb = fc.oneof(
  fc.constant({ kind: 'min' as const }),
  fc.constant({ kind: 'max' as const }),
  fc.record({ kind: fc.constant('value' as const), value: memberArb, exclusive: fc.boolean() }),
);
const lexRangeArb = fc.record({ min: lexBoundArb, max: lexBoundArb });

type Op =
  | { op: 'add'; score: number; member: string; flags: number }
  | { op: 'rem'; member: string }
  | { op: 'delRange'; start: number; count: number }
  | { op: 'delScore'; range: ScoreRange }
  | { op: 'delLex'; range: LexRange };

const flagsArb = fc.constantFrom(0, 0, 0, ZADD_IN_INCR, ZADD_IN_NX, ZADD_IN_XX, ZADD_IN_GT, ZADD_IN_LT, ZADD_IN_XX | ZADD_IN_GT);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('add' as const), score: scoreArb, member: memberArb, flags: flagsArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rem' as const), member: memberArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delRange' as const), start: fc.nat(12), count: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delScore' as const), range: scoreRangeArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delLex' as const), range: lexRangeArb }) },
);

/** The model's version of zsetAdd. */
function modelAdd(model: Model, score: number, member: string, flags: number): string {
  const cur = model.map.get(member);
  if (cur !== undefined) {
    if (flags & ZADD_IN_NX) return 'nop';
    let next = score;
    if (flags & ZADD_IN_INCR) {
      next += cur;
      if (Number.isNaN(next)) return 'nan';
    }
    if ((flags & ZADD_IN_LT && next >= cur) || (flags & ZADD_IN_GT && next <= cur)) return 'nop';
    if (next === cur) return 'unchanged';
    model.map.set(member, next);
    return 'updated';
  }
  if (flags & ZADD_IN_XX) return 'nop';
  model.map.set(member, score);
  return 'added';
}

function modelScoreRange(model: Model, range: ScoreRange): [string, number][] {
  return model.sorted().filter(([, s]) => scoreGteMin(s, range) && scoreLteMax(s, range));
}

function modelLexRange(model: Model, range: LexRange): [string, number][] {
  return model.sorted().filter(([m]) => lexGteMin(m, range) && lexLteMax(m, range));
}

describe('zset API against a naive model (fast-check)', () => {
  it('random operation sequences agree with the model on every encoding, converting as Redis does', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 60 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 4 }),
        scoreRangeArb,
        lexRangeArb,
        (ops, maxEntries, maxValue, probeRange, probeLex) => {
          const limits: ZSetLimits = { maxListpackEntries: maxEntries, maxListpackValue: maxValue };
          const z = createZSet(limits, 1, 0);
          let expectSkiplist = z.encoding === 'skiplist';
          const model = new Model();
          for (const op of ops) {
            const before = model.map.size;
            if (op.op === 'add') {
              const isNew = !model.map.has(op.member);
              const expected = modelAdd(model, op.score, op.member, op.flags);
              if (expected === 'added' && isNew && (before + 1 > maxEntries || op.member.length > maxValue)) {
                expectSkiplist = true;
              }
              const got = zsetAdd(z, op.score, op.member, op.flags, limits);
              expect(got.outcome).toBe(expected);
            } else if (op.op === 'rem') {
              expect(zsetRemove(z, op.member)).toBe(model.map.delete(op.member));
            } else if (op.op === 'delRange') {
              const start = Math.min(op.start, before);
              const count = Math.min(op.count, before - start);
              for (const [m] of model.sorted().slice(start, start + count)) model.map.delete(m);
              zsetDeleteRange(z, start, count);
            } else if (op.op === 'delScore') {
              const [first, end] = zsetScoreRangePositions(z, op.range);
              for (const [m] of modelScoreRange(model, op.range)) model.map.delete(m);
              zsetDeleteRange(z, first, end - first);
            } else if (new Set([...model.map.values()].map((v) => v + 0)).size <= 1) {
              // Lex ranges are defined (in Redis too) only when every score is equal.
              const [first, end] = zsetLexRangePositions(z, op.range);
              for (const [m] of modelLexRange(model, op.range)) model.map.delete(m);
              zsetDeleteRange(z, first, end - first);
            }
            expect(z.encoding).toBe(expectSkiplist ? 'skiplist' : 'listpack');
            expect(zsetLength(z)).toBe(model.map.size);
          }
          const sorted = model.sorted();
          // Listpack scores drop the sign of zero; compare numerically.
          expect(entries(z).map(([m, s]) => [m, s + 0])).toEqual(sorted.map(([m, s]) => [m, s + 0]));
          const reversed: [string, number][] = [];
          zsetForEachReverse(z, (m, s) => reversed.push([m, s + 0]));
          expect(reversed).toEqual(sorted.map(([m, s]) => [m, s + 0]).reverse());
          sorted.forEach(([m, s], i) => {
            expect(zsetRank(z, m, false)).toBe(i);
            expect(zsetRank(z, m, true)).toBe(sorted.length - 1 - i);
            expect((zsetScore(z, m) as number) + 0).toBe(s + 0);
            expect(zsetEntryAt(z, i)?.[0]).toBe(m);
          });
          expect(zsetRank(z, 'not-a-member', false)).toBeUndefined();
          const [first, end] = zsetScoreRangePositions(z, probeRange);
          expect(sorted.slice(first, end)).toEqual(modelScoreRange(model, probeRange));
          const [lfirst, lend] = zsetLexRangePositions(z, probeLex);
          if (new Set(sorted.map(([, s]) => s + 0)).size <= 1) {
            // Lex ranges are defined for sets whose scores are all equal.
            expect(sorted.slice(lfirst, lend)).toEqual(modelLexRange(model, probeLex));
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a big skiplist keeps ranks exact through many inserts, updates and deletes', () => {
    const limits: ZSetLimits = { maxListpackEntries: 0, maxListpackValue: 0 };
    const z = createZSet(limits, 1, 0);
    const model = new Model();
    const rng = seededRng(42);
    for (let i = 0; i < 5000; i++) {
      const member = `m${rng.int(1500)}`;
      const action = rng.int(10);
      if (action < 6) {
        const score = rng.int(200) - 100;
        modelAdd(model, score, member, 0);
        zsetAdd(z, score, member, 0, limits);
      } else if (action < 8) {
        modelAdd(model, 1, member, ZADD_IN_INCR);
        zsetAdd(z, 1, member, ZADD_IN_INCR, limits);
      } else {
        model.map.delete(member);
        zsetRemove(z, member);
      }
    }
    const sorted = model.sorted();
    expect(entries(z)).toEqual(sorted);
    for (let i = 0; i < sorted.length; i += 37) {
      expect(zsetRank(z, (sorted[i] as [string, number])[0], false)).toBe(i);
      expect(zsetEntryAt(z, i)).toEqual(sorted[i]);
    }
  });
});

describe('ranges', () => {
  const b = (s: string): Buffer => Buffer.from(s, 'latin1');

  it('score bounds parse as zslParseRange does: strtod, "(" exclusive, empty = 0, spaces before', () => {
    expect(parseScoreRange(b('(1.5'), b('+inf'))).toEqual({ min: 1.5, max: Infinity, minex: true, maxex: false });
    expect(parseScoreRange(b(''), b('('))).toEqual({ min: 0, max: 0, minex: false, maxex: true });
    expect(parseScoreRange(b(' 2'), b('1e999'))).toEqual({ min: 2, max: Infinity, minex: false, maxex: false });
    expect(parseScoreRange(b('0x10'), b('-inf'))).toEqual({ min: 16, max: -Infinity, minex: false, maxex: false });
    for (const bad of ['nan', 'a', ' (1', '1 ', '( ', ' ', '1e', '(nan']) {
      expect(parseScoreRange(b(bad), b('1')), bad).toBeNull();
    }
  });

  it('lex bounds: - + [x (x, everything else is an error', () => {
    expect(parseLexRange(b('-'), b('+'))).toEqual({ min: { kind: 'min' }, max: { kind: 'max' } });
    expect(parseLexRange(b('[a'), b('(b\x00'))).toEqual({
      min: { kind: 'value', value: 'a', exclusive: false },
      max: { kind: 'value', value: 'b\x00', exclusive: true },
    });
    for (const bad of ['a', '', '+a', '-a', ']a']) expect(parseLexRange(b(bad), b('+')), bad).toBeNull();
  });

  it('lex ranges over mixed scores walk a listpack as Redis does (first >= min, then the run <= max)', () => {
    // Read off Redis 7.0.15: ZADD m2 0 c 1 a 2 d; ZRANGEBYLEX m2 [b + → c a d; ZREVRANGEBYLEX m2 + [b → d.
    const z = build([[0, 'c'], [1, 'a'], [2, 'd']]);
    const lex = parseLexRange(b('[b'), b('+')) as LexRange;
    expect(zsetLexRangePositions(z, lex)).toEqual([0, 3]);
    expect(zsetLexRangePositions(z, lex, true)).toEqual([2, 3]);
    // ZREMRANGEBYLEX m2 [b [c removes c and a.
    expect(zsetLexRangePositions(z, parseLexRange(b('[b'), b('[c')) as LexRange)).toEqual([0, 2]);
    // ZADD m 0 f 1 ""; ZRANGEBYLEX m (a [z → empty: the last member is below min.
    const m = build([[0, 'f'], [1, '']]);
    expect(zsetLexRangePositions(m, parseLexRange(b('(a'), b('[z')) as LexRange)).toEqual([0, 0]);
  });

  it('an inverted or empty range selects nothing', () => {
    const z = build([[1, 'a'], [2, 'b'], [3, 'c']]);
    expect(zsetScoreRangePositions(z, { min: 3, max: 1, minex: false, maxex: false })).toEqual([0, 0]);
    expect(zsetScoreRangePositions(z, { min: 2, max: 2, minex: true, maxex: false })).toEqual([0, 0]);
    expect(zsetScoreRangePositions(z, { min: 2, max: 2, minex: false, maxex: false })).toEqual([1, 2]);
    const lex = parseLexRange(b('-'), b('-')) as LexRange;
    expect(zsetLexRangePositions(z, lex)).toEqual([0, 0]);
  });
});

describe('random members (ZRANDMEMBER strategies)', () => {
  const rng = seededRng(1);
  for (const limits of [DEFAULT_LIMITS, { maxListpackEntries: 0, maxListpackValue: 64 }]) {
    const pairs = Array.from({ length: 20 }, (_, i) => [i, `m${i}`] as [number, string]);
    const z = build(pairs, limits);
    it(`${z.encoding}: count >= size returns everything, highest first`, () => {
      expect(zsetRandomEntries(z, 25, true, rng)).toEqual(pairs.map(([s, m]) => [m, s]).reverse());
    });
    it(`${z.encoding}: unique counts (strategies 3 and 4) give distinct members of the set`, () => {
      for (const count of [2, 6, 7, 15, 19]) {
        const got = zsetRandomEntries(z, count, true, rng);
        expect(got).toHaveLength(count);
        expect(new Set(got.map(([m]) => m)).size).toBe(count);
        for (const [m, s] of got) expect(zsetScore(z, m)).toBe(s);
      }
    });
    it(`${z.encoding}: negative counts repeat and may exceed the size`, () => {
      const got = zsetRandomEntries(z, 100, false, rng);
      expect(got).toHaveLength(100);
      expect(new Set(got.map(([m]) => m)).size).toBeLessThan(100);
    });
  }
});

describe('ZSCAN cursor (zsetScan)', () => {
  it('a listpack returns everything with cursor 0, whatever the cursor', () => {
    const z = build([[1, 'a'], [2, 'b']]);
    expect(zsetScan(z, 1234, 1)).toEqual({ cursor: 0, items: ['a', '1', 'b', '2'] });
  });

  it('a skiplist scan returns every member present for the whole scan, with writes in between', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat(300)), { maxLength: 200 }), fc.integer({ min: 1, max: 20 }), (writes, count) => {
        const limits: ZSetLimits = { maxListpackEntries: 0, maxListpackValue: 0 };
        const z = createZSet(limits, 1, 0);
        for (let i = 0; i < 200; i++) zsetAdd(z, i, `m${i}`, 0, limits);
        const initial = new Set(Array.from({ length: 200 }, (_, i) => `m${i}`));
        const removed = new Set<string>();
        const seen = new Set<string>();
        let cursor = 0;
        let w = 0;
        let calls = 0;
        do {
          const step = zsetScan(z, cursor, count);
          for (let i = 0; i < step.items.length; i += 2) seen.add(step.items[i] as string);
          cursor = step.cursor;
          // Between calls: a few adds and removes.
          for (let k = 0; k < 3 && w < writes.length; k++, w++) {
            const [add, n] = writes[w] as [boolean, number];
            if (add) zsetAdd(z, n, `m${n}`, 0, limits);
            else if (zsetRemove(z, `m${n}`)) removed.add(`m${n}`);
          }
          calls++;
        } while (cursor !== 0 && calls < 10_000);
        for (const m of initial) if (!removed.has(m)) expect(seen.has(m), m).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('set operations (zsetUnion / zsetInter / zsetDiff / zsetInterCard)', () => {
  const source = (pairs: readonly [string, number][], weight = 1): ZSetOpSource => {
    const z = build(pairs.map(([m, s]) => [s, m] as [number, string]));
    return {
      length: zsetLength(z),
      forEach: (emit) => zsetForEachReverse(z, emit),
      score: (m) => zsetScore(z, m),
      subject: z,
      weight,
    };
  };
  const sorted = (r: ZSetOpResult): [string, number][] => entries(zsetFromSkiplist(r.result));

  it('union aggregates SUM/MIN/MAX with weights; results ordered by score then member', () => {
    const a = source([['a', 1], ['b', 2], ['c', 3]], 2);
    const b = source([['b', 10], ['c', 20], ['d', 30]], 0.5);
    expect(sorted(zsetUnion([a, b], 'sum'))).toEqual([['a', 2], ['b', 9], ['d', 15], ['c', 16]]);
    expect(sorted(zsetUnion([a, b], 'min'))).toEqual([['a', 2], ['b', 4], ['c', 6], ['d', 15]]);
    expect(sorted(zsetUnion([a, b], 'max'))).toEqual([['a', 2], ['b', 5], ['c', 10], ['d', 15]]);
    expect(zsetUnion([a, b], 'sum').maxMemberLength).toBe(1);
  });

  it('inf × 0 and inf + -inf count as 0, as Redis does', () => {
    const a = source([['x', Infinity]], 0);
    expect(sorted(zsetUnion([a], 'sum'))).toEqual([['x', 0]]);
    const p = source([['x', Infinity]]);
    const n = source([['x', -Infinity]]);
    expect(sorted(zsetInter([p, n], 'sum'))).toEqual([['x', 0]]);
    // MIN/MAX: a NaN weighted value never wins.
    expect(sorted(zsetInter([source([['x', 5]]), source([['x', Infinity]], 0)], 'min'))).toEqual([['x', 5]]);
  });

  it('sums in length order, smallest first, ties in input order (float addition is not associative)', () => {
    const big = source([['x', 1e16]]);
    const one = source([['x', 1], ['y', 0]]);
    const three = source([['x', 1], ['y', 0], ['z', 0]]);
    // Sorted: big (1), one (2), three (3): 1e16 + 1 + 1 stays 1e16.
    expect(zsetScore(zsetFromSkiplist(zsetUnion([three, one, big], 'sum').result), 'x')).toBe(1e16);
    const x = source([['x', 1e16], ['q', 0]]);
    const y = source([['x', 1], ['y', 0]]);
    const z = source([['x', 1], ['y', 0]]);
    // Equal lengths keep input order: 1 + 1 + 1e16.
    expect(zsetScore(zsetFromSkiplist(zsetUnion([y, z, x], 'sum').result), 'x')).toBe(1e16 + 2);
    expect(zsetScore(zsetFromSkiplist(zsetInter([y, z, x], 'sum').result), 'x')).toBe(1e16 + 2);
  });

  it('intersection, cardinality with LIMIT, and difference', () => {
    const a = source([['a', 1], ['b', 2], ['c', 3]]);
    const b = source([['b', 10], ['c', 20], ['d', 30]]);
    const empty = source([]);
    expect(sorted(zsetInter([a, b], 'sum'))).toEqual([['b', 12], ['c', 23]]);
    expect(sorted(zsetInter([a, empty], 'sum'))).toEqual([]);
    expect(zsetInterCard([a, b], 0)).toBe(2);
    expect(zsetInterCard([a, b], 1)).toBe(1);
    expect(sorted(zsetDiff([a, b]))).toEqual([['a', 1]]);
    expect(sorted(zsetDiff([b, a]))).toEqual([['d', 30]]);
    expect(sorted(zsetDiff([a, a]))).toEqual([]);
    expect(sorted(zsetDiff([empty, a]))).toEqual([]);
  });

  it('agree with a naive model on random inputs', () => {
    const pairsArb = fc.uniqueArray(fc.tuple(memberArb, fc.integer({ min: -3, max: 3 })), { selector: ([m]) => m, maxLength: 8 });
    fc.assert(
      fc.property(fc.array(pairsArb, { minLength: 1, maxLength: 4 }), (inputs) => {
        const sources = inputs.map((p) => source(p));
        const maps = inputs.map((p) => new Map(p));
        const union = new Map<string, number>();
        for (const m of maps) for (const [k, v] of m) union.set(k, (union.get(k) ?? 0) + v);
        const first = maps[0] as Map<string, number>;
        const inter = [...first.keys()].filter((k) => maps.every((m) => m.has(k)));
        const diff = [...first.keys()].filter((k) => maps.slice(1).every((m) => !m.has(k)));
        const order = (list: [string, number][]): [string, number][] => list.sort(compareEntries);
        expect(sorted(zsetUnion(sources, 'sum'))).toEqual(order([...union]));
        expect(sorted(zsetInter(sources, 'max'))).toEqual(
          order(inter.map((k) => [k, Math.max(...maps.map((m) => m.get(k) as number))])),
        );
        expect(zsetInterCard(sources, 0)).toBe(inter.length);
        expect(sorted(zsetDiff(sources))).toEqual(order(diff.map((k) => [k, first.get(k) as number])));
      }),
      { numRuns: 200 },
    );
  });
});

function compareEntries(a: [string, number], b: [string, number]): number {
  return a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}
