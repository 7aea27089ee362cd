// The ranked skip list alone (zskiplist.ts): its structural invariants (spans, backward links,
// tail, level) after random inserts, deletes, score updates and range deletes, checked against a
// sorted array; plus the level distribution of zslRandomLevel.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/util/clock.js';
import {
  ZSKIPLIST_MAXLEVEL, setSkiplistRng, zslCountPrefix, zslCreate, zslDelete, zslDeleteRangeByRank, zslGetElementByRank,
  zslForward, zslGetRank, zslInsert, zslNodeLevel, zslRandomLevel, zslSpan, zslUpdateScore, type ZSkiplist, type ZSkiplistNode,
} from '../../../src/datatypes/zset/zskiplist.js';

type Entry = [member: string, score: number];

const compare = (a: Entry, b: Entry): number => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Walk level 0 and check every link's span, the backward links, the tail, length and level. */
function checkInvariants(zsl: ZSkiplist): Entry[] {
  const nodes: ZSkiplistNode[] = [];
  for (let x = zslForward(zsl.header, 0); x !== null; x = zslForward(x, 0)) nodes.push(x);
  expect(nodes.length).toBe(zsl.length);
  expect(zsl.tail).toBe(nodes[nodes.length - 1] ?? null);
  const rankOf = new Map<ZSkiplistNode, number>(nodes.map((n, i) => [n, i + 1]));
  rankOf.set(zsl.header, 0);
  nodes.forEach((node, i) => {
    expect(node.backward).toBe(i === 0 ? null : nodes[i - 1]);
    if (i > 0) expect(compare([(nodes[i - 1] as ZSkiplistNode).member, (nodes[i - 1] as ZSkiplistNode).score], [node.member, node.score])).toBeLessThan(0);
  });
  let tallest = 1;
  for (const node of [zsl.header, ...nodes]) {
    const levels = node === zsl.header ? zsl.level : zslNodeLevel(node);
    if (node !== zsl.header) tallest = Math.max(tallest, levels);
    for (let i = 0; i < levels; i++) {
      const next = zslForward(node, i);
      const from = rankOf.get(node) as number;
      // A link's span is the rank distance it jumps; a link to the end spans to length.
      const to = next === null ? zsl.length : (rankOf.get(next) as number);
      if (next !== null || node === zsl.header) expect(zslSpan(node, i), `span at level ${i}`).toBe(to - from);
      if (next !== null) expect(zslNodeLevel(next)).toBeGreaterThan(i);
    }
  }
  expect(zsl.level).toBe(tallest);
  return nodes.map((n) => [n.member, n.score]);
}

describe('zskiplist invariants against a sorted array', () => {
  it('random inserts, deletes, score updates and rank-range deletes keep spans and links exact', () => {
    setSkiplistRng(seededRng(3));
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom('ins', 'ins', 'ins', 'del', 'upd', 'delrange'), fc.nat(30), fc.integer({ min: -10, max: 10 }), fc.nat(5)),
          { maxLength: 150 },
        ),
        (ops) => {
          const zsl = zslCreate();
          const dict = new Map<string, ZSkiplistNode>();
          let model: Entry[] = [];
          for (const [kind, n, score, span] of ops) {
            const member = `m${n}`;
            const node = dict.get(member);
            if (kind === 'ins' && node === undefined) {
              dict.set(member, zslInsert(zsl, score, member));
              model.push([member, score]);
            } else if (kind === 'del' && node !== undefined) {
              expect(zslDelete(zsl, node.score, member)).toBe(node);
              dict.delete(member);
              model = model.filter(([m]) => m !== member);
            } else if (kind === 'upd' && node !== undefined) {
              zslUpdateScore(zsl, node, score);
              expect(dict.get(member)).toBe(node);
              model = model.map(([m, s]) => [m, m === member ? score : s]);
            } else if (kind === 'delrange') {
              const start = (n % (model.length + 1)) + 1;
              const end = start + span;
              model.sort(compare);
              const gone = model.slice(start - 1, end);
              const removed: string[] = [];
              expect(zslDeleteRangeByRank(zsl, start, end, (x) => removed.push(x.member))).toBe(gone.length);
              expect(removed).toEqual(gone.map(([m]) => m));
              for (const m of removed) dict.delete(m);
              model = model.filter((e) => !gone.includes(e));
            }
            model.sort(compare);
            expect(checkInvariants(zsl)).toEqual(model);
          }
          model.forEach(([m, s], i) => {
            expect(zslGetRank(zsl, s, m)).toBe(i + 1);
            expect(zslGetElementByRank(zsl, i + 1)?.member).toBe(m);
          });
          expect(zslGetRank(zsl, 0, 'absent')).toBe(0);
          expect(zslGetElementByRank(zsl, 0)).toBeNull();
          expect(zslGetElementByRank(zsl, model.length + 1)).toBeNull();
          expect(zslCountPrefix(zsl, (x) => x.score < 0)).toBe(model.filter(([, s]) => s < 0).length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('zslUpdateScore changes in place when the order allows, and moves the same node otherwise', () => {
    setSkiplistRng(seededRng(5));
    const zsl = zslCreate();
    const a = zslInsert(zsl, 1, 'a');
    const b = zslInsert(zsl, 2, 'b');
    zslInsert(zsl, 3, 'c');
    zslUpdateScore(zsl, b, 2.5);
    expect(zslGetElementByRank(zsl, 2)).toBe(b);
    zslUpdateScore(zsl, a, 10);
    expect(zslGetElementByRank(zsl, 3)).toBe(a);
    expect(checkInvariants(zsl)).toEqual([['b', 2.5], ['c', 3], ['a', 10]]);
  });
});

describe('zslRandomLevel', () => {
  it('levels follow P = 1/4: about 3/4 of nodes have level 1, 3/16 level 2; never above 32', () => {
    setSkiplistRng(seededRng(11));
    const counts = new Array<number>(ZSKIPLIST_MAXLEVEL + 1).fill(0);
    const draws = 100_000;
    let outOfRange = 0;
    for (let i = 0; i < draws; i++) {
      const level = zslRandomLevel();
      if (level < 1 || level > ZSKIPLIST_MAXLEVEL) outOfRange++;
      else counts[level] = (counts[level] as number) + 1;
    }
    expect(outOfRange).toBe(0);
    expect((counts[1] as number) / draws).toBeCloseTo(0.75, 1);
    expect((counts[2] as number) / draws).toBeCloseTo(0.1875, 1);
  });

  it('is capped at ZSKIPLIST_MAXLEVEL even when the rng always says "one more"', () => {
    setSkiplistRng({ int: () => 0 });
    expect(zslRandomLevel()).toBe(ZSKIPLIST_MAXLEVEL);
    setSkiplistRng(seededRng(1));
  });
});
