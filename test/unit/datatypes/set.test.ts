// The set type without a server: the intset (widths, upgrades, sorted order), both encodings against
// a Set model (fast-check), the intset → hashtable conversion at limit-1 / limit / limit+1, random
// members, SSCAN, and the set algebra and SPOP strategies of set-ops.ts. Rules read off Redis 7.0.15.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  intsetAdd, intsetCreate, intsetFind, intsetGet, intsetRemove, intsetValues, intsetValueWidth, type IntsetValue,
} from '../../../src/datatypes/set/intset.js';
import {
  setDifference, setIntersection, setIntersectionCard, setIntersectionSet, setPopMany, setUnion,
} from '../../../src/datatypes/set/set-ops.js';
import {
  createIntsetSet, createSetFor, duplicateSet, memberAsInt, setAdd, setIsMember, setMembers, setPopRandom,
  setRandomDistinctMembers, setRandomMember, setRandomMembers, setRemove, setScan, setSize, type SetLimits,
  type SetObject,
} from '../../../src/datatypes/set/set-type.js';
import { seededRng } from '../../../src/util/clock.js';

const LIMITS: SetLimits = { maxIntsetEntries: 512 };

function setOf(members: readonly string[], limits = LIMITS): SetObject {
  const s = createSetFor(members[0] ?? '');
  for (const m of members) setAdd(s, m, limits);
  return s;
}

const byNumber = (a: string, b: string): number => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
const sorted = (xs: readonly string[]): string[] => xs.slice().sort();

// --- intset.c ---

describe('intset', () => {
  it('picks the narrowest width: int16, int32, int64', () => {
    expect(intsetValueWidth(32767)).toBe(2);
    expect(intsetValueWidth(-32768)).toBe(2);
    expect(intsetValueWidth(32768)).toBe(4);
    expect(intsetValueWidth(-2147483648)).toBe(4);
    expect(intsetValueWidth(2147483648)).toBe(8);
    expect(intsetValueWidth(9223372036854775807n)).toBe(8);
  });

  it('upgrades in place, prepending negatives and appending positives, and never downgrades', () => {
    const set = intsetCreate();
    for (const v of [5, 1, 3]) expect(intsetAdd(set, v)).toBe(true);
    expect(intsetAdd(set, 3)).toBe(false);
    expect(set.width).toBe(2);
    intsetAdd(set, 100000);
    expect(set.width).toBe(4);
    intsetAdd(set, -9223372036854775808n);
    expect(set.width).toBe(8);
    expect(intsetValues(set)).toEqual([-9223372036854775808n, 1, 3, 5, 100000]);
    expect(intsetRemove(set, -9223372036854775808n)).toBe(true);
    expect(set.width).toBe(8);
    expect(intsetFind(set, 100000)).toBe(true);
    expect(intsetFind(set, 100001)).toBe(false);
    // Values read back from the 64-bit array are numbers again when safe.
    expect(intsetGet(set, 0)).toBe(1);
  });

  it('a value wider than the set is never found or removed', () => {
    const set = intsetCreate();
    intsetAdd(set, 1);
    expect(intsetFind(set, 2 ** 40)).toBe(false);
    expect(intsetRemove(set, 9223372036854775807n)).toBe(false);
  });

  it('stays sorted and duplicate-free against a model, across every width', () => {
    const valueArb = fc.oneof(
      fc.integer({ min: -40000, max: 40000 }),
      fc.constantFrom(-32769, -32768, 32767, 32768, -2147483649, -2147483648, 2147483647, 2147483648),
      fc.bigInt({ min: -9223372036854775808n, max: 9223372036854775807n }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), valueArb), { maxLength: 200 }), (ops) => {
        const set = intsetCreate();
        const model = new Set<bigint>();
        for (const [add, raw] of ops) {
          const big = BigInt(raw);
          const v: IntsetValue = Number.isSafeInteger(Number(big)) && BigInt(Number(big)) === big ? Number(big) : big;
          if (add) expect(intsetAdd(set, v)).toBe(!model.has(big));
          else expect(intsetRemove(set, v)).toBe(model.has(big));
          if (add) model.add(big);
          else model.delete(big);
        }
        const expected = [...model].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(intsetValues(set).map(BigInt)).toEqual(expected);
        for (const v of expected) expect(intsetFind(set, intsetGet(set, expected.indexOf(v)))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

// --- Encodings and conversion ---

describe('set encodings and conversion (setTypeCreate, setTypeAdd)', () => {
  it('memberAsInt accepts exactly canonical int64 decimals (string2ll)', () => {
    for (const text of ['0', '-1', '123', '9223372036854775807', '-9223372036854775808']) {
      expect(memberAsInt(text), text).not.toBeNull();
    }
    for (const text of ['', '-0', '01', '+1', ' 1', '1 ', '1.0', '9223372036854775808', 'a', '0x1']) {
      expect(memberAsInt(text), text).toBeNull();
    }
  });

  it('a set is born intset when its first member is an integer, else hashtable', () => {
    expect(createSetFor('12').encoding).toBe('intset');
    expect(createSetFor('x').encoding).toBe('hashtable');
    expect(createSetFor('-0').encoding).toBe('hashtable');
    expect(createSetFor('9223372036854775808').encoding).toBe('hashtable');
  });

  it('converts past set-max-intset-entries: limit-1 and limit stay intset, limit+1 converts', () => {
    const limits = { maxIntsetEntries: 4 };
    const s = createSetFor('1');
    for (let i = 1; i <= 4; i++) {
      setAdd(s, String(i), limits);
      expect(s.encoding, `${i} members`).toBe('intset');
    }
    expect(setAdd(s, '4', limits)).toBe(false);
    expect(s.encoding).toBe('intset');
    setAdd(s, '5', limits);
    expect(s.encoding).toBe('hashtable');
    expect(sorted(setMembers(s))).toEqual(['1', '2', '3', '4', '5']);
    setRemove(s, '5');
    expect(s.encoding).toBe('hashtable');
  });

  it('a non-integer member converts an intset; its integers keep their text', () => {
    const s = setOf(['3', '-1', '2']);
    expect(setMembers(s)).toEqual(['-1', '2', '3']);
    setAdd(s, '01', LIMITS);
    expect(s.encoding).toBe('hashtable');
    expect(sorted(setMembers(s))).toEqual(['-1', '01', '2', '3']);
    expect(setIsMember(s, '1')).toBe(false);
    expect(setIsMember(s, '01')).toBe(true);
  });

  it('set-max-intset-entries 0 makes every set a hashtable after its first add', () => {
    const s = createSetFor('1');
    setAdd(s, '1', { maxIntsetEntries: 0 });
    expect(s.encoding).toBe('hashtable');
  });

  it('an intset does not hold text that only looks like its numbers', () => {
    const s = setOf(['1', '2']);
    for (const text of ['01', '+1', ' 1', '1.0', '-0']) {
      expect(setIsMember(s, text)).toBe(false);
      expect(setRemove(s, text)).toBe(false);
    }
    expect(setSize(s)).toBe(2);
  });

  it('members are bytes: NUL, CR LF and invalid UTF-8', () => {
    const odd = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0xc3, 0x28]).toString('latin1');
    const s = setOf([odd, 'x']);
    expect(setIsMember(s, odd)).toBe(true);
    expect(setIsMember(s, '\u0000')).toBe(false);
  });
});

// --- Model-based ---

const memberArb = fc.oneof(
  fc.integer({ min: -5, max: 40 }).map(String),
  fc.constantFrom('-0', '01', 'a', 'b', '', '\u0000', '70000', '-2147483649', '9223372036854775807', '9223372036854775808'),
);

describe('set type against a Set model', () => {
  it('every operation on every encoding agrees with the model', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.array(fc.tuple(fc.boolean(), memberArb), { minLength: 1, maxLength: 80 }),
        (maxIntsetEntries, ops) => {
          const limits = { maxIntsetEntries };
          const s = createSetFor((ops[0] as [boolean, string])[1]);
          const model = new Set<string>();
          let converted = memberAsInt((ops[0] as [boolean, string])[1]) === null;
          for (const [add, member] of ops) {
            if (add) {
              expect(setAdd(s, member, limits)).toBe(!model.has(member));
              model.add(member);
              if (memberAsInt(member) === null || model.size > maxIntsetEntries) converted = true;
            } else {
              expect(setRemove(s, member)).toBe(model.delete(member));
            }
            expect(s.encoding).toBe(converted ? 'hashtable' : 'intset');
            expect(setSize(s)).toBe(model.size);
          }
          const members = setMembers(s);
          if (s.encoding === 'intset') expect(members).toEqual([...model].sort(byNumber));
          else expect(sorted(members)).toEqual(sorted([...model]));
          for (const m of ['1', '01', 'a', '-0', '99']) expect(setIsMember(s, m)).toBe(model.has(m));
          let cursor = 0;
          const scanned: string[] = [];
          do {
            const step = setScan(s, cursor, 2);
            scanned.push(...step.members);
            cursor = step.cursor;
          } while (cursor !== 0);
          expect(scanned).toEqual(members);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('duplicateSet is a deep copy on both encodings', () => {
    for (const members of [['1', '2'], ['a', 'b']]) {
      const s = setOf(members);
      const copy = duplicateSet(s);
      setAdd(copy, '3', LIMITS);
      setRemove(s, members[0] as string);
      expect(setSize(s)).toBe(1);
      expect(setSize(copy)).toBe(3);
    }
  });
});

// --- Random members ---

describe('random members', () => {
  const cases = [
    ['intset', Array.from({ length: 30 }, (_, i) => String(i * 3))],
    ['hashtable', Array.from({ length: 30 }, (_, i) => `m${i}`)],
  ] as const;

  it.each(cases)('%s: SRANDMEMBER shapes: one, repeats, distinct up to the size', (_name, members) => {
    const s = setOf(members);
    const rng = seededRng(4);
    expect(setIsMember(s, setRandomMember(s, rng))).toBe(true);
    const repeats = setRandomMembers(s, 100, rng);
    expect(repeats).toHaveLength(100);
    for (const m of repeats) expect(setIsMember(s, m)).toBe(true);
    for (let count = 1; count <= 35; count++) {
      const picks = setRandomDistinctMembers(s, count, rng);
      expect(picks).toHaveLength(Math.min(count, 30));
      expect(new Set(picks).size).toBe(picks.length);
      for (const m of picks) expect(setIsMember(s, m)).toBe(true);
    }
    expect(setRandomDistinctMembers(s, 30, rng)).toEqual(setMembers(s));
  });

  it.each(cases)('%s: SPOP one at a time empties the set, each member once', (_name, members) => {
    const s = setOf(members);
    const rng = seededRng(8);
    const popped: string[] = [];
    while (setSize(s) > 0) popped.push(setPopRandom(s, rng));
    expect(sorted(popped)).toEqual(sorted([...members]));
  });

  it.each(cases)('%s: SPOP with a count, both strategies: popped + left = before', (_name, members) => {
    const rng = seededRng(12);
    for (let count = 1; count < 30; count++) {
      const s = setOf(members);
      const { popped, rebuilt } = setPopMany(s, count, rng, LIMITS);
      // remaining * 5 > count: popped one by one; otherwise the few that stay move to a new set.
      expect(rebuilt !== undefined).toBe((30 - count) * 5 <= count);
      const left = setMembers(rebuilt ?? s);
      expect(popped).toHaveLength(count);
      expect(left).toHaveLength(30 - count);
      expect(sorted([...popped, ...left])).toEqual(sorted([...members]));
    }
  });

  it('SPOP rebuilding a hashtable of integers gives an intset back (as Redis 7.0 does)', () => {
    const members = Array.from({ length: 600 }, (_, i) => String(i));
    const s = setOf(members);
    expect(s.encoding).toBe('hashtable');
    const { rebuilt } = setPopMany(s, 590, seededRng(1), LIMITS);
    expect(rebuilt?.encoding).toBe('intset');
    expect(setSize(rebuilt as SetObject)).toBe(10);
  });
});

// --- Set algebra ---

describe('set algebra (sinterGenericCommand, sunionDiffGenericCommand)', () => {
  const setsArb = fc.array(fc.array(memberArb, { minLength: 1, maxLength: 15 }), { minLength: 1, maxLength: 4 });

  it('intersection, union and difference agree with the model; results pick their own encoding', () => {
    fc.assert(
      fc.property(setsArb, fc.integer({ min: 0, max: 12 }), (groups, maxIntsetEntries) => {
        const limits = { maxIntsetEntries };
        const sets = groups.map((g) => setOf(g, limits));
        const models = groups.map((g) => new Set(g));
        const inter = [...(models[0] as Set<string>)].filter((m) => models.every((s) => s.has(m)));
        const union = new Set(models.flatMap((s) => [...s]));
        const diff = [...(models[0] as Set<string>)].filter((m) => models.slice(1).every((s) => !s.has(m)));
        expect(sorted(setIntersection(sets))).toEqual(sorted(inter));
        for (const limit of [0, 1, 2, 100]) {
          expect(setIntersectionCard(sets, limit)).toBe(limit === 0 ? inter.length : Math.min(limit, inter.length));
        }
        const expectEncoding = (result: SetObject, members: readonly string[]): void => {
          const ints = members.every((m) => memberAsInt(m) !== null) && members.length <= maxIntsetEntries;
          expect(result.encoding).toBe(ints ? 'intset' : 'hashtable');
          if (ints) expect(setMembers(result)).toEqual(members.slice().sort(byNumber));
          else expect(sorted(setMembers(result))).toEqual(sorted(members));
        };
        expectEncoding(setIntersectionSet(sets, limits), inter);
        expectEncoding(setUnion(sets, limits), [...union]);
        // SDIFF's second algorithm starts from a copy of the whole first set, so the copy's encoding sticks.
        const first = [...(models[0] as Set<string>)];
        const algoTwo = Math.floor((first.length * sets.length) / 2) > models.reduce((n, m) => n + m.size, 0);
        const difference = setDifference(sets, limits);
        if (algoTwo && (first.some((m) => memberAsInt(m) === null) || first.length > maxIntsetEntries)) {
          expect(difference.encoding).toBe('hashtable');
          expect(sorted(setMembers(difference))).toEqual(sorted(diff));
        } else {
          expectEncoding(difference, diff);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('missing keys: an empty union operand, and nothing subtracted', () => {
    const a = setOf(['1', 'x']);
    expect(sorted(setMembers(setUnion([undefined, a, undefined], LIMITS)))).toEqual(['1', 'x']);
    expect(sorted(setMembers(setDifference([a, undefined], LIMITS)))).toEqual(['1', 'x']);
    expect(setSize(setDifference([undefined, a], LIMITS))).toBe(0);
    expect(setSize(setDifference([a, a], LIMITS))).toBe(0);
    expect(sorted(setIntersection([a, a]))).toEqual(['1', 'x']);
  });

  it('SDIFF: the algorithm choice shows in the encoding, as in Redis 7.0.15', () => {
    const limits = { maxIntsetEntries: 4 };
    const e = setOf(['1', '2', '3', '4', '5'], limits);
    const f = setOf(['5'], limits);
    // 5*2/2 = 5 <= 6: algorithm 1 builds only the survivors, an intset.
    expect(setDifference([e, f], limits).encoding).toBe('intset');
    // 5*5/2 = 12 > 9: algorithm 2 copies all 5 first (a hashtable past 4), then subtracts.
    expect(setDifference([e, f, f, f, f], limits).encoding).toBe('hashtable');
    // 5*3/2 = 7 (integer division) <= 7: still algorithm 1.
    const a = setOf(['-0', '0', '1', '-2147483649', '2'], limits);
    const b = setOf(['-0'], limits);
    expect(setDifference([a, b, b], limits).encoding).toBe('intset');
  });

  it('SDIFF takes the second algorithm when the first set dwarfs the others, with the same result', () => {
    const big = setOf(Array.from({ length: 100 }, (_, i) => `m${i}`));
    const small = setOf(['m1', 'm2', 'zz']);
    const result = setDifference([big, small, small, small], LIMITS);
    expect(setSize(result)).toBe(98);
    const drained = setDifference([small, big], LIMITS);
    expect(setMembers(drained)).toEqual(['zz']);
  });

  it('an intersection walks the smallest set, so it is in that set’s order', () => {
    const small = setOf(['5', '3', '1']);
    const big = setOf(['1', '2', '3', '4', '5', 'x']);
    expect(setIntersection([big, small])).toEqual(['1', '3', '5']);
    expect(createIntsetSet().encoding).toBe('intset');
  });
});
