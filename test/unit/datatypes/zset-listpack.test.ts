// The packed zset listpack (src/datatypes/zset/listpack.ts) on its own: scores survive their 8 stored
// bytes exactly, entries stay in (score, member-bytes) order, the walks agree with a plain array model,
// and the string stays one byte per char (a two-byte char would double its size).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listpackEntrySize } from '../../../src/persistence/rdb/listpack.js';
import { formatStoredDouble } from '../../../src/util/numbers.js';
import {
  ZLP_EMPTY, zlpAt, zlpCount, zlpCountPrefix, zlpCountScorePrefix, zlpDeleteAt, zlpDeleteRange, zlpEmit, zlpEncodeEntry,
  zlpFind, zlpFindOrPlace, zlpInsert, zlpInsertAt, zlpJoin, zlpMembers, zlpPlace, zlpRank, zlpRemoved, zlpScanAll,
  zlpScoreAt, zlpScoreEntryBytes, type ZListpack,
} from '../../../src/datatypes/zset/listpack.js';

type Entry = [member: string, score: number];

function all(lp: ZListpack): Entry[] {
  const out: Entry[] = [];
  zlpEmit(lp, 0, zlpCount(lp), false, (m, s) => out.push([m, s]));
  return out;
}

/** The model's order: score, then member bytes (latin1 strings compare by char code, i.e. memcmp). */
function sortModel(entries: Entry[]): Entry[] {
  return entries.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const SCORES = [
  0, 1, -1, 1.5, 0.1, -0.30000000000000004, 1 / 3, 2 ** 53 + 2, 2 ** 62, -(2 ** 62) - 2048, 1e308, -1e-308,
  Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 5e-324 * 3, Infinity, -Infinity, 123456789.12345678,
];

describe('zset listpack: packed entries', () => {
  it('every score reads back bit for bit, -0 stored as 0', () => {
    let lp = ZLP_EMPTY;
    SCORES.forEach((score, i) => (lp = zlpInsert(lp, score, `m${i}`)));
    lp = zlpInsert(lp, -0, 'negzero');
    SCORES.forEach((score, i) => {
      expect(zlpFind(lp, `m${i}`)).not.toBe(-1);
      expect(Object.is(zlpScoreAt(lp, zlpAt.scorePos), score)).toBe(true);
    });
    expect(zlpFind(lp, 'negzero')).not.toBe(-1);
    expect(Object.is(zlpScoreAt(lp, zlpAt.scorePos), 0)).toBe(true);
    for (let i = 0; i < lp.length; i++) expect(lp.charCodeAt(i)).toBeLessThan(256);
  });

  it('random doubles round-trip exactly (fast-check)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (score) => {
        const lp = zlpInsert(zlpInsert(ZLP_EMPTY, 0, 'zero'), score, 'x');
        expect(zlpFind(lp, 'x')).not.toBe(-1);
        expect(Object.is(zlpScoreAt(lp, zlpAt.scorePos), score === 0 ? 0 : score)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('ZSCAN text is the stored text (read off Redis 7.0.15: ZADD z 4611686018427387904 a 0.1 b -inf c -0 d 1e20 e)', () => {
    let lp = ZLP_EMPTY;
    for (const [score, member] of [[2 ** 62, 'a'], [0.1, 'b'], [-Infinity, 'c'], [-0, 'd'], [1e20, 'e']] as const) {
      lp = zlpInsert(lp, score, member);
    }
    expect(zlpScanAll(lp)).toEqual(['c', '-inf', 'd', '0', 'b', '0.10000000000000001', 'a', '4611686018427387904', 'e', '1e+20']);
  });

  it('members of any bytes and lengths (varint prefixes past 127 bytes), in memcmp order on ties', () => {
    const members = ['', 'a', 'ab', '\u00ff', '\u0000', 'a\u0000', 'x'.repeat(127), 'y'.repeat(128), 'z'.repeat(20000)];
    let lp = ZLP_EMPTY;
    for (const m of members) lp = zlpInsert(lp, 7, m);
    expect(zlpMembers(lp)).toEqual([...members].sort());
    for (const m of members) expect(zlpRank(lp, m)).toBe([...members].sort().indexOf(m));
    expect(zlpRank(lp, 'absent')).toBe(-1);
  });

  it('operations agree with a sorted-array model (fast-check)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), member: fc.string({ maxLength: 3 }), score: fc.integer({ min: -3, max: 3 }) }),
      fc.record({ kind: fc.constant('del' as const), member: fc.string({ maxLength: 3 }) }),
      fc.record({ kind: fc.constant('range' as const), start: fc.nat(8), count: fc.nat(8) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        let lp = ZLP_EMPTY;
        let model: Entry[] = [];
        for (const o of ops) {
          if (o.kind === 'add') {
            // zlpFindOrPlace + zlpInsertAt (ZADD's path) and zlpInsert (a score update's) agree.
            const found = zlpFindOrPlace(lp, o.member, o.score);
            expect(found).toBe(zlpFind(lp, o.member));
            if (found !== -1) continue;
            const viaPlace = zlpInsertAt(lp, zlpPlace.offset, o.score, o.member);
            lp = zlpInsert(lp, o.score, o.member);
            expect(viaPlace).toBe(lp);
            model = sortModel([...model, [o.member, o.score]]);
          } else if (o.kind === 'del') {
            const offset = zlpFind(lp, o.member);
            expect(offset === -1).toBe(!model.some(([m]) => m === o.member));
            if (offset !== -1) lp = zlpDeleteAt(lp, offset);
            model = model.filter(([m]) => m !== o.member);
          } else {
            const start = Math.min(o.start, model.length);
            const count = Math.min(o.count, model.length - start);
            const removed = model.splice(start, count);
            lp = zlpDeleteRange(lp, start, count);
            expect(zlpRemoved.payloadBytes).toBe(removed.reduce((n, [m, s]) => n + m.length + zlpScoreEntryBytes(s), 0));
          }
          expect(all(lp)).toEqual(model);
          expect(zlpCount(lp)).toBe(model.length);
        }
        // Reverse emits, prefix counts, and a listpack built in one go.
        for (let start = 0; start < model.length; start++) {
          const reversed: Entry[] = [];
          zlpEmit(lp, start, start + 1, true, (m, s) => reversed.push([m, s]));
          expect(reversed).toEqual(model.slice(0, start + 1).reverse());
        }
        expect(zlpCountScorePrefix(lp, (s) => s < 1)).toBe(model.filter(([, s]) => s < 1).length);
        expect(zlpCountPrefix(lp, (_m, s) => s <= 0)).toBe(model.filter(([, s]) => s <= 0).length);
        expect(zlpJoin(model.map(([m, s]) => zlpEncodeEntry(s, m)))).toBe(lp);
      }),
      { numRuns: 300 },
    );
  });

  it('zlpScoreEntryBytes is the size of the score entry Redis writes', () => {
    // The RDB writer's listpack encoder lays entries out byte for byte as lpAppend does: the reference.
    const exact = [0, 1, 127, 128, -1, 4095, -4096, 4096, 32767, -32769, 8388607, 8388608, 2 ** 31, 2 ** 62, -(2 ** 62),
      1.5, 148.5, -0.25, 0.0625, 1234.125, 2 ** 63, Infinity, -Infinity, 0.5, 99.75];
    for (const score of exact) expect(zlpScoreEntryBytes(score), String(score)).toBe(listpackEntrySize(formatStoredDouble(score)));
    // Decimals without a short binary expansion print 17 significant digits (0.1 → 0.10000000000000001),
    // or fewer when rounding to 17 leaves trailing zeros (123456.789).
    for (const score of [0.1, 1 / 3, -2.2, 1e-5, 0.30000000000000004, 123456.789, 3.14159e20, 0.10101, 5e-324,
      ...fc.sample(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), 300), ...fc.sample(fc.double({ noNaN: true }), 300)]) {
      expect(zlpScoreEntryBytes(score), String(score)).toBe(listpackEntrySize(formatStoredDouble(score)));
    }
  });
});
