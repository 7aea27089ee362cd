// The ranked skip list alone (zskiplist.ts): its structural invariants (spans, backward links,
// tail, level) after random inserts, deletes, score updates and range deletes, checked against a
// sorted array; the encoding (dict plus list: skiplist.ts) against a sorted-array model through
// growth, range deletes and compaction; ZSCAN across a compaction; the level distribution of zslRandomLevel.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/util/clock.js';
import {
  ZSKIPLIST_MAXLEVEL, ZSL_NIL, setSkiplistRng, zslCountPrefix, zslCreate, zslDelete, zslDeleteRangeByRank,
  zslGetElementByRank, zslForward, zslGetRank, zslInsert, zslIsNode, zslMember, zslNext, zslNodeLevel, zslPrev,
  zslRandomLevel, zslScore, zslSpan, zslUpdateScore, type ZSkiplist, type ZslNode,
} from '../../../src/datatypes/zset/zskiplist.js';
import {
  zssCountPrefix, zssCreate, zssDelete, zssDeleteRange, zssDuplicate, zssInsert, zssNode, zssNodeAt, zssRank, zssScan,
  zssScore, zssUpdateNode, type ZSkiplistSet,
} from '../../../src/datatypes/zset/skiplist.js';

type Entry = [member: string, score: number];

const compare = (a: Entry, b: Entry): number => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Walk level 0 and check every link's span, the backward links, the tail, length and level. */
function checkInvariants(zsl: ZSkiplist): Entry[] {
  const nodes: ZslNode[] = [];
  for (let x = zslNext(zsl, ZSL_NIL); x !== ZSL_NIL; x = zslNext(zsl, x)) nodes.push(x);
  expect(nodes.length).toBe(zsl.length);
  expect(zsl.tail).toBe(nodes[nodes.length - 1] ?? ZSL_NIL);
  const rankOf = new Map<ZslNode, number>(nodes.map((n, i) => [n, i + 1]));
  rankOf.set(ZSL_NIL, 0);
  const entry = (x: ZslNode): Entry => [zslMember(zsl, x), zslScore(zsl, x)];
  nodes.forEach((node, i) => {
    expect(zslIsNode(zsl, node)).toBe(true);
    expect(zslPrev(zsl, node)).toBe(i === 0 ? ZSL_NIL : nodes[i - 1]);
    if (i > 0) expect(compare(entry(nodes[i - 1] as ZslNode), entry(node))).toBeLessThan(0);
  });
  // Every index below top that is not linked is a free record.
  let live = 0;
  for (let x = 1; x < zsl.top; x++) if (zslIsNode(zsl, x)) live++;
  expect(live).toBe(zsl.length);
  let tallest = 1;
  for (const node of [ZSL_NIL, ...nodes]) {
    const levels = node === ZSL_NIL ? zsl.level : zslNodeLevel(zsl, node);
    if (node !== ZSL_NIL) tallest = Math.max(tallest, levels);
    for (let i = 0; i < levels; i++) {
      const next = zslForward(zsl, node, i);
      const from = rankOf.get(node) as number;
      // A link's span is the rank distance it jumps; a link to the end spans to length.
      const to = next === ZSL_NIL ? zsl.length : (rankOf.get(next) as number);
      expect(to, `link at level ${i} leads to a linked node`).toBeDefined();
      if (next !== ZSL_NIL || node === ZSL_NIL) expect(zslSpan(zsl, node, i), `span at level ${i}`).toBe(to - from);
      if (next !== ZSL_NIL) expect(zslNodeLevel(zsl, next)).toBeGreaterThan(i);
    }
    // Levels above the node's own height are not its to have (the header's above zsl.level lead nowhere).
    if (node === ZSL_NIL) for (let i = zsl.level; i < ZSKIPLIST_MAXLEVEL; i++) expect(zslForward(zsl, node, i)).toBe(ZSL_NIL);
  }
  expect(zsl.level).toBe(tallest);
  return nodes.map(entry);
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
          const dict = new Map<string, ZslNode>();
          let model: Entry[] = [];
          for (const [kind, n, score, span] of ops) {
            const member = `m${n}`;
            const node = dict.get(member);
            if (kind === 'ins' && node === undefined) {
              dict.set(member, zslInsert(zsl, score, member));
              model.push([member, score]);
            } else if (kind === 'del' && node !== undefined) {
              expect(zslDelete(zsl, zslScore(zsl, node), member)).toBe(node);
              dict.delete(member);
              model = model.filter(([m]) => m !== member);
            } else if (kind === 'upd' && node !== undefined) {
              zslUpdateScore(zsl, node, score);
              expect(zslMember(zsl, node)).toBe(member);
              expect(zslScore(zsl, node)).toBe(score);
              model = model.map(([m, s]) => [m, m === member ? score : s]);
            } else if (kind === 'delrange') {
              const start = (n % (model.length + 1)) + 1;
              const end = start + span;
              model.sort(compare);
              const gone = model.slice(start - 1, end);
              const removed: string[] = [];
              expect(zslDeleteRangeByRank(zsl, start, end, (m) => removed.push(m))).toBe(gone.length);
              expect(removed).toEqual(gone.map(([m]) => m));
              for (const m of removed) dict.delete(m);
              model = model.filter((e) => !gone.includes(e));
            }
            model.sort(compare);
            expect(checkInvariants(zsl)).toEqual(model);
          }
          model.forEach(([m, s], i) => {
            expect(zslGetRank(zsl, s, m)).toBe(i + 1);
            expect(zslGetElementByRank(zsl, i + 1)).toBe(dict.get(m));
          });
          expect(zslGetRank(zsl, 0, 'absent')).toBe(0);
          expect(zslGetElementByRank(zsl, 0)).toBe(ZSL_NIL);
          expect(zslGetElementByRank(zsl, model.length + 1)).toBe(ZSL_NIL);
          expect(zslCountPrefix(zsl, (_m, s) => s < 0)).toBe(model.filter(([, s]) => s < 0).length);
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

  it('freed records and their upper levels are reused, and the arrays grow past their first capacity', () => {
    // An rng that always says "one more level" makes every node 32 tall: all of them use the arena.
    setSkiplistRng({ int: () => 0 });
    const zsl = zslCreate();
    const nodes = Array.from({ length: 40 }, (_, i) => zslInsert(zsl, i, `m${i}`));
    expect(zsl.capacity).toBeGreaterThanOrEqual(41);
    const arena = zsl.upperTop;
    for (let i = 0; i < 40; i += 2) zslDelete(zsl, i, `m${i}`);
    for (let i = 0; i < 40; i += 2) zslInsert(zsl, i + 0.5, `n${i}`);
    expect(zsl.upperTop).toBe(arena);
    expect(zsl.top).toBe(41);
    setSkiplistRng(seededRng(9));
    expect(checkInvariants(zsl).map(([m]) => m)).toEqual(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? `n${i}` : `m${i}`)),
    );
    expect(nodes.length).toBe(40);
  });
});

// --- The encoding (dict + list) against a sorted-array model ---

type Op =
  | { readonly kind: 'add'; readonly member: number; readonly score: number }
  | { readonly kind: 'rem'; readonly member: number }
  | { readonly kind: 'remrank'; readonly start: number; readonly count: number }
  | { readonly kind: 'remscore'; readonly min: number; readonly max: number }
  | { readonly kind: 'remlex'; readonly min: number; readonly max: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('add' as const), member: fc.nat(60), score: fc.integer({ min: -6, max: 6 }) }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('rem' as const), member: fc.nat(60) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('remrank' as const), start: fc.nat(80), count: fc.nat(12) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('remscore' as const), min: fc.integer({ min: -6, max: 6 }), max: fc.integer({ min: -6, max: 6 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('remlex' as const), min: fc.nat(60), max: fc.nat(60) }), weight: 1 },
);

/** Members whose byte order differs from their number's order ("m10" < "m9"), some sharing prefixes. */
const memberName = (n: number): string => (n % 7 === 0 ? `m${n}` : `m${n}-${'x'.repeat(n % 3)}`);

/** The positions [first, end) of a predicate's prefix, in the model and in the set. */
function prefix(model: readonly Entry[], holds: (m: string, s: number) => boolean): number {
  let n = 0;
  while (n < model.length && holds(...(model[n] as Entry))) n++;
  return n;
}

function checkSet(zs: ZSkiplistSet, model: readonly Entry[]): void {
  expect(checkInvariants(zs.zsl)).toEqual(model);
  expect(zs.dict.size).toBe(model.length);
  expect(zs.memberBytes).toBe(model.reduce((sum, [m]) => sum + m.length, 0));
  model.forEach(([m, s], i) => {
    expect(zssScore(zs, m)).toBe(s);
    expect(zssRank(zs, m)).toBe(i);
    expect(zssNodeAt(zs, i)).toBe(zssNode(zs, m));
  });
  expect(zssNodeAt(zs, model.length)).toBe(ZSL_NIL);
  // Range by score and by lex: the same prefix counts the commands use.
  for (const bound of [-7, -3, 0, 2.5, 6, 7]) {
    expect(zssCountPrefix(zs, (_m, s) => s < bound)).toBe(prefix(model, (_m, s) => s < bound));
    expect(zssCountPrefix(zs, (_m, s) => s <= bound)).toBe(prefix(model, (_m, s) => s <= bound));
  }
  for (const bound of ['m', 'm2', 'm3-x', 'm42', 'n']) {
    expect(zssCountPrefix(zs, (m, s) => s < 0 || (s === 0 && m < bound))).toBe(prefix(model, (m, s) => s < 0 || (s === 0 && m < bound)));
  }
}

describe('the skiplist encoding against a sorted-array model', () => {
  it('ZADD/ZREM and deletes by rank, score and lex range agree with the model, through growth and compaction', () => {
    setSkiplistRng(seededRng(21));
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), fc.nat(40), (ops, preload) => {
        const zs = zssCreate();
        let model: Entry[] = [];
        // A preload of members that are then deleted pushes the arrays up, so deletes later compact them.
        for (let i = 0; i < preload; i++) zssInsert(zs, 100 + i, `pre${i}`);
        for (let i = 0; i < preload; i++) expect(zssDelete(zs, `pre${i}`)).toBe(true);
        for (const op of ops) {
          switch (op.kind) {
            case 'add': {
              const member = memberName(op.member);
              const node = zssNode(zs, member);
              if (node === undefined) {
                zssInsert(zs, op.score, member);
                model.push([member, op.score]);
              } else {
                zssUpdateNode(zs, node, op.score);
                expect(zssNode(zs, member)).toBe(node);
                model = model.map(([m, s]) => [m, m === member ? op.score : s]);
              }
              break;
            }
            case 'rem': {
              const member = memberName(op.member);
              const present = model.some(([m]) => m === member);
              expect(zssDelete(zs, member)).toBe(present);
              model = model.filter(([m]) => m !== member);
              break;
            }
            case 'remrank': {
              const start = Math.min(op.start, model.length);
              const count = Math.min(op.count, model.length - start);
              zssDeleteRange(zs, start, count);
              model.splice(start, count);
              break;
            }
            case 'remscore': {
              // ZREMRANGEBYSCORE min max, inclusive: positions from two prefix counts.
              const first = zssCountPrefix(zs, (_m, s) => s < op.min);
              const end = Math.max(first, zssCountPrefix(zs, (_m, s) => s <= op.max));
              zssDeleteRange(zs, first, end - first);
              model = model.filter(([, s]) => s < op.min || s > op.max);
              break;
            }
            case 'remlex': {
              // ZREMRANGEBYLEX [min (max on the members scored 0 (lex ranges assume equal scores).
              const lo = memberName(op.min);
              const hi = memberName(op.max);
              const first = zssCountPrefix(zs, (m, s) => s < 0 || (s === 0 && m < lo));
              const end = Math.max(first, zssCountPrefix(zs, (m, s) => s < 0 || (s === 0 && m < hi)));
              zssDeleteRange(zs, first, end - first);
              model = model.filter(([m, s]) => s !== 0 || m < lo || m >= hi);
              break;
            }
          }
          model.sort(compare);
          checkSet(zs, model);
        }
        // The copy is equal and independent.
        const copy = zssDuplicate(zs);
        checkSet(copy, model);
        if (model.length > 0) {
          zssDelete(copy, (model[0] as Entry)[0]);
          checkSet(zs, model);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('compacts after shrinking to under a quarter of its records, renumbering nodes in list order', () => {
    setSkiplistRng(seededRng(4));
    const zs = zssCreate();
    for (let i = 0; i < 1000; i++) zssInsert(zs, i % 10, `m${i}`);
    const capacity = zs.zsl.capacity;
    expect(capacity).toBe(1024);
    for (let i = 0; i < 1000; i += 1) if (i % 50 !== 0) zssDelete(zs, `m${i}`);
    expect(zs.zsl.capacity).toBeLessThan(capacity / 8);
    expect(zs.zsl.generation).toBeGreaterThan(0);
    const order = checkInvariants(zs.zsl);
    expect(order.length).toBe(20);
    // After a compaction the nodes are numbered in list order.
    order.forEach(([m], i) => expect(zssNode(zs, m)).toBe(i + 1));
  });
});

describe('ZSCAN over the skiplist encoding', () => {
  it('returns every member present throughout, across writes and a compaction mid-scan', () => {
    setSkiplistRng(seededRng(8));
    const zs = zssCreate();
    for (let i = 0; i < 600; i++) zssInsert(zs, i, `m${i}`);
    const seen = new Set<string>();
    let cursor = 0;
    let steps = 0;
    do {
      const step = zssScan(zs, cursor, 10);
      for (let i = 0; i < step.items.length; i += 2) seen.add(step.items[i] as string);
      cursor = step.cursor;
      steps++;
      // Mid-scan: drop most members that are not kept (m0, m10, ...), forcing compactions.
      if (steps === 5) for (let i = 0; i < 600; i++) if (i % 10 !== 0 && i % 7 !== 0) zssDelete(zs, `m${i}`);
      if (steps === 8) for (let i = 600; i < 650; i++) zssInsert(zs, i, `m${i}`);
    } while (cursor !== 0 && steps < 10_000);
    expect(cursor).toBe(0);
    for (let i = 0; i < 600; i += 10) expect(seen.has(`m${i}`), `m${i}`).toBe(true);
    expect(zs.zsl.generation).toBeGreaterThan(0);
  });

  it('a scan with no writes returns each member once, with scores printed as replies print them', () => {
    setSkiplistRng(seededRng(8));
    const zs = zssCreate();
    for (let i = 0; i < 300; i++) zssInsert(zs, i / 4, `m${i}`);
    const items: string[] = [];
    let cursor = 0;
    do {
      const step = zssScan(zs, cursor, 7);
      items.push(...step.items);
      cursor = step.cursor;
    } while (cursor !== 0);
    expect(items.length).toBe(600);
    expect(new Set(items.filter((_, i) => i % 2 === 0)).size).toBe(300);
    expect(items.slice(0, 4)).toEqual(['m0', '0', 'm1', '0.25']);
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
