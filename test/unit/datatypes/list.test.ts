// The list type and its quicklist: every API call checked against a plain array model, on every
// node-size setting (list-max-listpack-size -5..-1, 0, small and large counts), with the quicklist's
// invariants (links, counts, byte estimates, no empty node) checked after every operation.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createList, createListFrom, duplicateList, listIndex, listInsert, listLength, listPop, listPopMany, listPositions,
  listPush, listPushMany, listRange, listRemove, listSet, listTrim, listValues, type ListObject, type ListWhere,
} from '../../../src/datatypes/list/list-type.js';
import {
  quicklistCheck, quicklistCreate, type Quicklist, quicklistInsert, quicklistLocate, quicklistPush, quicklistValues,
} from '../../../src/datatypes/list/quicklist.js';
import { nodeValues } from '../../../src/datatypes/list/node.js';

const FILLS = [-5, -4, -3, -2, -1, 0, 1, 2, 3, 5, 128, 40000, -100];

function check(list: ListObject): void {
  const problem = quicklistCheck(list.ql);
  if (problem !== undefined) throw new Error(problem);
}

/** The elements of the node holding `index`. */
function nodeValuesAt(ql: Quicklist, index: number): string[] | undefined {
  const at = quicklistLocate(ql, index);
  return at === undefined ? undefined : nodeValues(at.node);
}

function nodeSizes(list: ListObject): number[] {
  const sizes: number[] = [];
  for (let node = list.ql.head; node !== undefined; node = node.next) sizes.push(node.count);
  return sizes;
}

// --- The naive model: what each call must do ---

function clampRange(length: number, start: number, end: number): [number, number] {
  let s = start < 0 ? length + start : start;
  let e = end < 0 ? length + end : end;
  if (s < 0) s = 0;
  if (s > e || s >= length) return [0, 0];
  if (e >= length) e = length - 1;
  return [s, e + 1];
}

function modelPositions(model: string[], value: string, rank: number, count: number | undefined, maxlen: number): number[] {
  const order = model.map((_, i) => i);
  if (rank < 0) order.reverse();
  const scanned = maxlen === 0 ? order : order.slice(0, maxlen);
  const hits = scanned.filter((i) => model[i] === value).slice(Math.abs(rank) - 1);
  return count === undefined ? hits.slice(0, 1) : count === 0 ? hits : hits.slice(0, count);
}

function modelRemove(model: string[], value: string, count: number): [string[], number] {
  const limit = Math.abs(count);
  const indexes = model.map((_, i) => i);
  if (count < 0) indexes.reverse();
  const drop = new Set<number>();
  for (const i of indexes) {
    if (model[i] === value && (limit === 0 || drop.size < limit)) drop.add(i);
  }
  return [model.filter((_, i) => !drop.has(i)), drop.size];
}

// Small alphabet so values repeat (LREM, LPOS, LINSERT find matches); some long values cross byte limits.
const valueArb = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('a', 'b', 'c', '', '\x00', '\r\n', '\xff\xfe', '12345') },
  { weight: 1, arbitrary: fc.integer({ min: 60, max: 5000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.constant('\xe9'.repeat(16390)) },
);
const whereArb = fc.constantFrom<ListWhere>('head', 'tail');
const indexArb = fc.integer({ min: -40, max: 40 });

type Op =
  | { op: 'push'; where: ListWhere; values: string[] }
  | { op: 'pop'; where: ListWhere; count: number }
  | { op: 'index'; index: number }
  | { op: 'set'; index: number; value: string }
  | { op: 'range'; start: number; end: number }
  | { op: 'trim'; start: number; end: number }
  | { op: 'insert'; pivot: string; value: string; after: boolean }
  | { op: 'remove'; value: string; count: number }
  | { op: 'pos'; value: string; rank: number; count: number | undefined; maxlen: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('push' as const), where: whereArb, values: fc.array(valueArb, { minLength: 1, maxLength: 30 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('pop' as const), where: whereArb, count: fc.integer({ min: 1, max: 10 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('index' as const), index: indexArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('set' as const), index: indexArb, value: valueArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('range' as const), start: indexArb, end: indexArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('trim' as const), start: indexArb, end: indexArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('insert' as const), pivot: valueArb, value: valueArb, after: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), value: valueArb, count: fc.integer({ min: -3, max: 3 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('pos' as const), value: valueArb,
      rank: fc.integer({ min: -4, max: 4 }).filter((r) => r !== 0),
      count: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }), maxlen: fc.integer({ min: 0, max: 20 }),
    }),
  },
);

/** Apply one operation to both; the replies must agree. */
function apply(list: ListObject, model: string[], op: Op): string[] {
  switch (op.op) {
    case 'push':
      // Odd-sized batches go through listPushMany, the rest one element at a time.
      if (op.values.length % 2 === 1) listPushMany(list, op.values, op.where);
      for (const v of op.values) {
        if (op.values.length % 2 === 0) listPush(list, v, op.where);
        if (op.where === 'head') model.unshift(v);
        else model.push(v);
      }
      break;
    case 'pop': {
      const got = listPopMany(list, op.where, op.count);
      const n = Math.min(op.count, model.length);
      const want = op.where === 'head' ? model.splice(0, n) : model.splice(model.length - n, n).reverse();
      expect(got).toEqual(want);
      break;
    }
    case 'index': {
      const i = op.index < 0 ? model.length + op.index : op.index;
      expect(listIndex(list, op.index)).toBe(model[i]);
      break;
    }
    case 'set': {
      const i = op.index < 0 ? model.length + op.index : op.index;
      const inRange = i >= 0 && i < model.length;
      expect(listSet(list, op.index, op.value)).toBe(inRange);
      if (inRange) model[i] = op.value;
      break;
    }
    case 'range': {
      const [s, e] = clampRange(model.length, op.start, op.end);
      expect(listRange(list, op.start, op.end)).toEqual(model.slice(s, e));
      break;
    }
    case 'trim': {
      const [s, e] = clampRange(model.length, op.start, op.end);
      const removed = listTrim(list, op.start, op.end);
      expect(removed).toBe(model.length - (e - s));
      model.splice(0, model.length, ...model.slice(s, e));
      break;
    }
    case 'insert': {
      const at = model.indexOf(op.pivot);
      expect(listInsert(list, op.pivot, op.value, op.after)).toBe(at !== -1);
      if (at !== -1) model.splice(op.after ? at + 1 : at, 0, op.value);
      break;
    }
    case 'remove': {
      const [kept, removed] = modelRemove(model, op.value, op.count);
      expect(listRemove(list, op.value, op.count)).toBe(removed);
      model.splice(0, model.length, ...kept);
      break;
    }
    case 'pos':
      expect(listPositions(list, op.value, op)).toEqual(modelPositions(model, op.value, op.rank, op.count, op.maxlen));
      break;
  }
  return model;
}

describe('list API against an array model (fast-check)', () => {
  it.each(FILLS)('random operation sequences agree with the model, list-max-listpack-size %i', (fill) => {
    fc.assert(
      fc.property(fc.array(valueArb, { maxLength: 50 }), fc.array(opArb, { maxLength: 60 }), (initial, ops) => {
        const list = createListFrom(initial, fill);
        const model = [...initial];
        check(list);
        for (const op of ops) {
          apply(list, model, op);
          check(list);
          expect(listLength(list)).toBe(model.length);
        }
        expect([...listValues(list)]).toEqual(model);
      }),
      { numRuns: 120 },
    );
  });

  it('duplicateList is a deep copy: changing one list leaves the other alone', () => {
    fc.assert(
      fc.property(fc.array(valueArb, { minLength: 1, maxLength: 200 }), fc.array(opArb, { maxLength: 20 }), (initial, ops) => {
        const list = createListFrom(initial, 3);
        const copy = duplicateList(list);
        check(copy);
        for (const op of ops) apply(list, [...listValues(list)], op);
        expect([...listValues(copy)]).toEqual(initial);
        expect(copy.encoding).toBe('quicklist');
      }),
      { numRuns: 100 },
    );
  });
});

describe('quicklist node sizing (list-max-listpack-size)', () => {
  it('a positive fill caps the entries per node: 3 per node gives nodes of 3, 3, 3, 1', () => {
    const list = createListFrom(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'], 3);
    expect(nodeSizes(list)).toEqual([3, 3, 3, 1]);
    listPush(list, '0', 'head');
    expect(nodeSizes(list)).toEqual([1, 3, 3, 3, 1]);
  });

  it('fill 0 keeps one element per node; fills beyond -5 and 32767 are clamped as quicklistSetFill does', () => {
    expect(nodeSizes(createListFrom(['a', 'b', 'c'], 0))).toEqual([1, 1, 1]);
    expect(createList(-100).ql.fill).toBe(-5);
    expect(createList(100000).ql.fill).toBe(32767);
  });

  // Each 1-byte element costs 3 estimated bytes (1 data + 1 header + 1 back-length) and a node
  // starts at 7 bytes, so a 4 KB node (-1) holds floor((4096 - 7) / 3) = 1363 of them, 8 KB 2728.
  it.each([
    [-1, 1363], [-2, 2728], [-3, 5459], [-4, 10920], [-5, 21843],
  ])('fill %i: a node holds %i one-byte elements, the next one opens a new node', (fill, perNode) => {
    const list = createList(fill);
    for (let i = 0; i < perNode; i++) listPush(list, 'x', 'tail');
    expect(nodeSizes(list)).toEqual([perNode]);
    listPush(list, 'x', 'tail');
    expect(nodeSizes(list)).toEqual([perNode, 1]);
    listPush(list, 'x', 'head');
    expect(nodeSizes(list)).toEqual([1, perNode, 1]);
  });

  it('a count-limited node also stops at 8 KB (SIZE_SAFETY_LIMIT)', () => {
    const list = createList(1000);
    const big = 'y'.repeat(1000); // 1000 bytes + 2-byte header + 5-byte back-length = 1007 estimated
    for (let i = 0; i < 20; i++) listPush(list, big, 'tail');
    for (const size of nodeSizes(list)) expect(size).toBeLessThanOrEqual(8);
    expect(nodeSizes(list).length).toBeGreaterThan(1);
    check(list);
  });

  it('an element bigger than the node budget gets a node of its own', () => {
    const list = createListFrom(['a', 'b'], -1);
    listPush(list, 'z'.repeat(10000), 'tail');
    listPush(list, 'c', 'tail');
    expect(nodeSizes(list)).toEqual([2, 1, 1]);
  });
});

describe('pushing a batch (listPushMany)', () => {
  it('cuts the same nodes as pushing one element at a time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FILLS), fc.array(valueArb, { maxLength: 30 }), fc.array(valueArb, { maxLength: 300 }), whereArb,
        (fill, prefix, batch, where) => {
          const one = createListFrom(prefix, fill);
          const many = createListFrom(prefix, fill);
          for (const v of batch) listPush(one, v, where);
          listPushMany(many, batch, where);
          check(many);
          expect(nodeSizes(many)).toEqual(nodeSizes(one));
          expect([...listValues(many)]).toEqual([...listValues(one)]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a batch fills a 4 KB node to the same 1363 one-byte elements, then opens the next', () => {
    const list = createList(-1);
    listPushMany(list, new Array<string>(1364).fill('x'), 'tail');
    expect(nodeSizes(list)).toEqual([1363, 1]);
    listPushMany(list, ['a', 'b'], 'head');
    expect(nodeSizes(list)).toEqual([2, 1363, 1]);
    expect(listIndex(list, 0)).toBe('b');
  });
});

describe('packed nodes give back what pops and trims remove', () => {
  it('a node popped or trimmed under a quarter of its string is copied out of it (never pins the old string)', () => {
    for (const shrink of [
      (list: ListObject) => listPopMany(list, 'head', 900),
      (list: ListObject) => listPopMany(list, 'tail', 900),
      (list: ListObject) => listTrim(list, 0, 99),
      (list: ListObject) => listTrim(list, -100, -1),
    ]) {
      const list = createListFrom(Array.from({ length: 1000 }, (_, i) => `value-${i}`), -5);
      const node = list.ql.head;
      if (node === undefined) throw new Error('no node');
      expect(node.base).toBe(node.lp.length);
      shrink(list);
      check(list);
      expect(list.ql.head).toBe(node);
      expect(node.count).toBe(100);
      // Copied when it fell under a quarter: what it may still share is at most 4x its size.
      expect(node.base).toBeLessThanOrEqual(4 * node.lp.length + 1);
      expect(listLength(list)).toBe(100);
    }
  });
});

describe('quicklist insert in the middle', () => {
  function fullNodes(): ReturnType<typeof quicklistCreate> {
    const ql = quicklistCreate(3);
    for (const v of ['a', 'b', 'c', 'd', 'e', 'f']) quicklistPush(ql, v, 'tail');
    return ql;
  }
  const sizes = (ql: ReturnType<typeof quicklistCreate>): number[] => {
    const out: number[] = [];
    for (let node = ql.head; node !== undefined; node = node.next) out.push(node.count);
    return out;
  };

  it('into a node with room: in place', () => {
    const ql = quicklistCreate(4);
    for (const v of ['a', 'b', 'c']) quicklistPush(ql, v, 'tail');
    quicklistInsert(ql, quicklistLocate(ql, 1)!, 'X', true);
    expect([...quicklistValues(ql)]).toEqual(['a', 'b', 'X', 'c']);
    expect(sizes(ql)).toEqual([4]);
  });

  it('after the last entry of a full node: into the next node when it has room, else a new node', () => {
    const ql = fullNodes(); // [a b c] [d e f]
    quicklistInsert(ql, quicklistLocate(ql, 2)!, 'X', true);
    expect(sizes(ql)).toEqual([3, 1, 3]);
    expect([...quicklistValues(ql)]).toEqual(['a', 'b', 'c', 'X', 'd', 'e', 'f']);
    expect(quicklistCheck(ql)).toBeUndefined();
  });

  it('before the first entry of a full node: at the end of the previous node when it has room', () => {
    const ql = quicklistCreate(3);
    for (const v of ['a', 'b', 'c', 'd', 'e']) quicklistPush(ql, v, 'tail'); // [a b c] [d e]
    quicklistPush(ql, 'f', 'tail'); // [a b c] [d e f]
    quicklistInsert(ql, quicklistLocate(ql, 3)!, 'X', false);
    expect(sizes(ql)).toEqual([3, 1, 3]);
    expect([...quicklistValues(ql)]).toEqual(['a', 'b', 'c', 'X', 'd', 'e', 'f']);
  });

  it('inside a full node: the node is split at the pivot', () => {
    const ql = fullNodes();
    quicklistInsert(ql, quicklistLocate(ql, 1)!, 'X', false);
    expect([...quicklistValues(ql)]).toEqual(['a', 'X', 'b', 'c', 'd', 'e', 'f']);
    expect(sizes(ql)).toEqual([2, 2, 3]);
    expect(quicklistCheck(ql)).toBeUndefined();
  });
});

describe('quicklist reads walk from the nearer end', () => {
  it('locating the last elements of a long list never visits the head nodes', () => {
    const ql = quicklistCreate(4);
    for (let i = 0; i < 1000; i++) quicklistPush(ql, String(i), 'tail');
    // Break the forward links from the head: a walk from the head would now fail.
    const second = ql.head!.next!;
    const saved = second.next;
    second.next = undefined;
    expect(nodeValuesAt(ql, 998)).toEqual(['996', '997', '998', '999']);
    expect(quicklistLocate(ql, -3)?.offset).toBe(1);
    second.next = saved;
    expect(nodeValuesAt(ql, 5)).toEqual(['4', '5', '6', '7']);
  });

  it('pushes and pops at both ends stay O(1) on 200,000 elements', () => {
    // A complexity guard, not a speed test: linear-time ends would take minutes at this size; the bound
    // leaves ~10x headroom for a loaded CI machine (it was 1M elements and flaked under load).
    const list = createList(-2);
    const start = performance.now();
    for (let i = 0; i < 100_000; i++) {
      listPush(list, 'v', 'head');
      listPush(list, 'w', 'tail');
    }
    for (let i = 0; i < 100_000; i++) {
      listPop(list, 'head');
      listPop(list, 'tail');
    }
    expect(listLength(list)).toBe(0);
    expect(list.ql.nodes).toBe(0);
    expect(performance.now() - start).toBeLessThan(3000);
  });
});
