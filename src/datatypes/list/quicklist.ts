// The quicklist: the one encoding of a Redis 7.0 list (OBJECT ENCODING "quicklist").
// Mirrors: redis src/quicklist.c (quicklistPush, quicklistPop, _quicklistNodeAllowInsert,
// quicklistGetIteratorAtIdx, _quicklistInsert, _quicklistSplitNode, quicklistDelRange,
// quicklistReplaceAtIndex) and src/listpack.c for what a node holds.
//
// The problem. A list must push and pop at both ends in O(1) (queues, stacks, BRPOP workers),
// yet most lists are short and a pointer-per-element linked list wastes memory: on 64-bit each
// element costs a 24-byte node plus a separately allocated string. A flat array is compact but
// pushing at its head moves every element.
//
// The algorithm. A quicklist is a doubly linked list of *nodes*, and each node is a small packed
// array of elements (in Redis a listpack: one contiguous allocation of length-prefixed entries).
// Pushing at the head inserts into the head node while it has room, else links a new head node;
// popping removes from the end node and unlinks it when it empties. Both are O(1): the only
// element moving is bounded by the node size, never by the list length. Reading the element at
// index i walks the node chain from the nearer end, skipping whole nodes by their counts, so
// LINDEX/LSET/LRANGE cost O(nodes to skip + node size) — O(1) near either end.
//
// How big a node may grow is `list-max-listpack-size` ("fill"), fixed when the list is created:
//   negative  a byte budget per node: -1 4 KB, -2 8 KB (the default), -3 16 KB, -4 32 KB, -5 64 KB;
//   positive  at most that many elements per node, and never more than 8 KB (SIZE_SAFETY_LIMIT);
//   0         one element per node (no count ever passes "count < 0").
// Redis clamps fill to [-5, 32767] (quicklistSetFill). Before inserting, Redis estimates the
// node's new size as its current listpack bytes plus the element's length plus 2..10 bytes of
// entry header (_quicklistNodeAllowInsert); we keep the same running estimate per node.
//
// Inserting in the middle (LINSERT) goes into the node holding the pivot if it has room, else
// into the neighbouring node when the pivot is at that edge, else the full node is split in two
// at the pivot and the element goes at the split's edge (_quicklistInsert, _quicklistSplitNode).
//
// What we changed.
// SIMPLIFIED: a node packs its elements into one latin1 string of length-prefixed entries
// (node.ts), our own layout rather than a listpack's bytes: integers are not stored in their
// compact integer form and node byte sizes are the estimate above, not exact.
// They decide only where nodes split, which no command can observe (7.0 reports "quicklist" for
// every list). SIMPLIFIED: no LZF compression of interior nodes (list-compress-depth is accepted
// and ignored), no "plain" nodes for elements of 1 GB or more, and split nodes are not merged back
// with their neighbours (_quicklistMergeNodes): a list rebuilt by LINSERT may hold more, smaller
// nodes than Redis's would.

import {
  nodeCheck, nodeCreate, nodeDeleteRange, nodeDuplicate, nodeGet, nodeIndexOf, nodeInsertAt, nodePopHead,
  nodePopTail, nodePushHead, nodePushTail, nodeRemoveMatching, nodeReplace, nodeScanMatches, nodeSliceInto, nodeSplit,
  nodeValues, entryBytes, nodeAppendMany, nodePrependMany, type QuicklistNode,
} from './node.js';

export type { QuicklistNode } from './node.js';

export interface Quicklist {
  head: QuicklistNode | undefined;
  tail: QuicklistNode | undefined;
  /** Total elements over every node. */
  count: number;
  /** Number of nodes (Redis's ql->len). */
  nodes: number;
  /** The sum of the elements' lengths in bytes, kept by every write (memory accounting, src/eviction). */
  elementBytes: number;
  /** list-max-listpack-size at creation, clamped to [FILL_MIN, FILL_MAX]. */
  readonly fill: number;
}

export type QuicklistWhere = 'head' | 'tail';

/** Byte budgets for negative fill values -1..-5 (quicklist.c optimization_level). */
const OPTIMIZATION_LEVEL_BYTES: readonly number[] = [4096, 8192, 16384, 32768, 65536];
/** A count-limited node never grows past this many bytes (quicklist.c SIZE_SAFETY_LIMIT). */
const SIZE_SAFETY_LIMIT_BYTES = 8192;
/** quicklistSetFill clamps the fill to this range (FILL_MAX is 2^15 - 1). */
const FILL_MIN = -5;
const FILL_MAX = (1 << 15) - 1;

/** Create an empty quicklist whose nodes are sized by `fill` (list-max-listpack-size). */
export function quicklistCreate(fill: number): Quicklist {
  const clamped = Math.min(FILL_MAX, Math.max(FILL_MIN, Math.trunc(fill)));
  return { head: undefined, tail: undefined, count: 0, nodes: 0, elementBytes: 0, fill: clamped };
}

// --- Node sizing ---

/** May `node` take one more element of `length` bytes without passing the fill limit? */
function allowInsert(ql: Quicklist, node: QuicklistNode, length: number): boolean {
  return allowSize(ql.fill, node.bytes, node.count, length);
}

/** allowInsert for a node of `bytes` estimated bytes and `count` elements. */
function allowSize(fill: number, bytes: number, count: number, length: number): boolean {
  const newBytes = bytes + entryBytes(length);
  if (fill < 0) return newBytes <= (OPTIMIZATION_LEVEL_BYTES[-fill - 1] as number);
  if (newBytes > SIZE_SAFETY_LIMIT_BYTES) return false;
  return count < fill;
}

// --- Linking nodes ---

/** Link `node` after `at` (or as the new head when `at` is undefined). */
function linkAfter(ql: Quicklist, at: QuicklistNode | undefined, node: QuicklistNode): void {
  node.prev = at;
  node.next = at === undefined ? ql.head : at.next;
  if (node.next === undefined) ql.tail = node;
  else node.next.prev = node;
  if (at === undefined) ql.head = node;
  else at.next = node;
  ql.nodes++;
}

function unlink(ql: Quicklist, node: QuicklistNode): void {
  if (node.prev === undefined) ql.head = node.next;
  else node.prev.next = node.next;
  if (node.next === undefined) ql.tail = node.prev;
  else node.next.prev = node.prev;
  node.prev = undefined;
  node.next = undefined;
  ql.nodes--;
}

// --- Both ends: O(1) ---

/** Push at the head or the tail (quicklistPush): into the end node if it has room, else a new node. */
export function quicklistPush(ql: Quicklist, value: string, where: QuicklistWhere): void {
  if (where === 'head') {
    const head = ql.head;
    if (head !== undefined && allowInsert(ql, head, value.length)) nodePushHead(head, value);
    else linkAfter(ql, undefined, nodeCreate([value]));
  } else {
    const tail = ql.tail;
    if (tail !== undefined && allowInsert(ql, tail, value.length)) nodePushTail(tail, value);
    else linkAfter(ql, ql.tail, nodeCreate([value]));
  }
  ql.count++;
  ql.elementBytes += value.length;
}

/**
 * Push `values` one after another at the head or the tail: the same nodes as that many
 * quicklistPush calls, but each node is written once per batch (one copy of its packed string,
 * where pushing one by one copies it once per element).
 */
export function quicklistPushMany(ql: Quicklist, values: readonly string[], where: QuicklistWhere): void {
  const n = values.length;
  let i = 0;
  while (i < n) {
    let node = where === 'head' ? ql.head : ql.tail;
    if (node === undefined || !allowInsert(ql, node, (values[i] as string).length)) {
      node = nodeCreate([values[i] as string]);
      linkAfter(ql, where === 'head' ? undefined : ql.tail, node);
      ql.count++;
      ql.elementBytes += (values[i] as string).length;
      i++;
    }
    // How many of the following values this node takes, as one-by-one pushes would decide.
    let bytes = node.bytes;
    let count = node.count;
    let j = i;
    let added = 0;
    while (j < n) {
      const length = (values[j] as string).length;
      if (!allowSize(ql.fill, bytes, count, length)) break;
      bytes += entryBytes(length);
      count++;
      added += length;
      j++;
    }
    if (j > i) {
      if (where === 'head') nodePrependMany(node, values, i, j);
      else nodeAppendMany(node, values, i, j);
      ql.count += j - i;
      ql.elementBytes += added;
      i = j;
    }
  }
}

/** Pop from the head or the tail (quicklistPop); an emptied node is unlinked. */
export function quicklistPop(ql: Quicklist, where: QuicklistWhere): string | undefined {
  const node = where === 'head' ? ql.head : ql.tail;
  if (node === undefined) return undefined;
  const value = where === 'head' ? nodePopHead(node) : nodePopTail(node);
  ql.count--;
  ql.elementBytes -= value.length;
  if (node.count === 0) unlink(ql, node);
  return value;
}

// --- Positions: walk from the nearer end ---

/** A position inside the quicklist: a node and the index of an element in it. */
export interface QuicklistPosition {
  readonly node: QuicklistNode;
  readonly offset: number;
}

/**
 * Locate the element at `index` (0 is the head, -1 the tail), or undefined when out of range.
 * Like quicklistGetIteratorAtIdx, the walk starts from whichever end is nearer, skipping whole
 * nodes by their element counts.
 */
export function quicklistLocate(ql: Quicklist, index: number): QuicklistPosition | undefined {
  const fromHead = index < 0 ? ql.count + index : index;
  if (fromHead < 0 || fromHead >= ql.count) return undefined;
  if (fromHead <= (ql.count - 1) / 2) {
    let skipped = 0;
    for (let node = ql.head; node !== undefined; node = node.next) {
      const n = node.count;
      if (fromHead < skipped + n) return { node, offset: fromHead - skipped };
      skipped += n;
    }
  } else {
    const fromTail = ql.count - 1 - fromHead;
    let skipped = 0;
    for (let node = ql.tail; node !== undefined; node = node.prev) {
      const n = node.count;
      if (fromTail < skipped + n) return { node, offset: n - 1 - (fromTail - skipped) };
      skipped += n;
    }
  }
  return undefined; // unreachable while count matches the nodes
}

/** The element at `index` (negative counts from the tail), or undefined (quicklistIndex). */
export function quicklistGet(ql: Quicklist, index: number): string | undefined {
  const at = quicklistLocate(ql, index);
  return at === undefined ? undefined : nodeGet(at.node, at.offset);
}

/** Replace the element at `index`; false when out of range (quicklistReplaceAtIndex). */
export function quicklistReplace(ql: Quicklist, index: number, value: string): boolean {
  const at = quicklistLocate(ql, index);
  if (at === undefined) return false;
  const oldLength = nodeReplace(at.node, at.offset, value);
  ql.elementBytes += value.length - oldLength;
  return true;
}

/** `count` elements from `start` (a valid head-based index), head to tail. */
export function quicklistRange(ql: Quicklist, start: number, count: number): string[] {
  const out: string[] = new Array<string>(count);
  if (count === 0) return out;
  const at = quicklistLocate(ql, start);
  if (at === undefined) return [];
  let node: QuicklistNode | undefined = at.node;
  let offset = at.offset;
  let filled = 0;
  while (node !== undefined && filled < count) {
    const end = Math.min(node.count, offset + (count - filled));
    filled = nodeSliceInto(node, offset, end, out, filled);
    node = node.next;
    offset = 0;
  }
  return out;
}

/**
 * Compare elements with `value` one by one from the head (or from the tail when `fromTail`),
 * without copying them out; `visit` gets each element's head-based index and whether it matched,
 * and returns false to stop. Used by LPOS.
 */
export function quicklistScanMatches(
  ql: Quicklist, value: string, fromTail: boolean, visit: (index: number, match: boolean) => boolean,
): void {
  if (!fromTail) {
    let base = 0;
    for (let node = ql.head; node !== undefined; node = node.next) {
      const first = base;
      if (!nodeScanMatches(node, value, false, (i, match) => visit(first + i, match))) return;
      base += node.count;
    }
  } else {
    let base = ql.count;
    for (let node = ql.tail; node !== undefined; node = node.prev) {
      base -= node.count;
      const first = base;
      if (!nodeScanMatches(node, value, true, (i, match) => visit(first + i, match))) return;
    }
  }
}

/** The first element equal to `value`, searching from the head (LINSERT's pivot). */
export function quicklistFind(ql: Quicklist, value: string): QuicklistPosition | undefined {
  for (let node = ql.head; node !== undefined; node = node.next) {
    const offset = nodeIndexOf(node, value);
    if (offset !== -1) return { node, offset };
  }
  return undefined;
}

/** Every element, head to tail. */
export function* quicklistValues(ql: Quicklist): IterableIterator<string> {
  for (let node = ql.head; node !== undefined; node = node.next) yield* nodeValues(node);
}

// --- The middle: insert and delete ---

/**
 * Insert `value` next to the element at `at`: after it when `after`, else before it
 * (_quicklistInsert). The pivot's node takes it if it has room; otherwise, at a node edge, the
 * neighbouring node or a fresh node between them; otherwise the node is split at the pivot.
 */
export function quicklistInsert(ql: Quicklist, at: QuicklistPosition, value: string, after: boolean): void {
  const { node, offset } = at;
  ql.count++;
  ql.elementBytes += value.length;
  if (allowInsert(ql, node, value.length)) {
    nodeInsertAt(node, after ? offset + 1 : offset, value);
    return;
  }
  const atTailEdge = after && offset === node.count - 1;
  const atHeadEdge = !after && offset === 0;
  if (atTailEdge) {
    const next = node.next;
    if (next !== undefined && allowInsert(ql, next, value.length)) nodePushHead(next, value);
    else linkAfter(ql, node, nodeCreate([value]));
    return;
  }
  if (atHeadEdge) {
    const prev = node.prev;
    if (prev !== undefined && allowInsert(ql, prev, value.length)) nodePushTail(prev, value);
    else linkAfter(ql, prev, nodeCreate([value]));
    return;
  }
  // A full node, pivot inside it: split at the pivot so the new element lands at the edge of a
  // half: the end of the left half, or the start of the right, or a node of its own between.
  const right = nodeSplit(node, after ? offset + 1 : offset);
  linkAfter(ql, node, right);
  if (allowInsert(ql, node, value.length)) nodePushTail(node, value);
  else if (allowInsert(ql, right, value.length)) nodePushHead(right, value);
  else linkAfter(ql, node, nodeCreate([value]));
}

/**
 * Remove up to `limit` elements equal to `value` (0 = all), scanning from the head, or from the
 * tail when `fromTail`. Returns how many were removed. Each touched node is rebuilt once, so the
 * whole call is O(N) however many elements match.
 */
export function quicklistRemoveMatching(ql: Quicklist, value: string, limit: number, fromTail: boolean): number {
  let removed = 0;
  let node = fromTail ? ql.tail : ql.head;
  while (node !== undefined && (limit === 0 || removed < limit)) {
    const following: QuicklistNode | undefined = fromTail ? node.prev : node.next;
    const dropped = nodeRemoveMatching(node, value, limit === 0 ? 0 : limit - removed, fromTail);
    if (dropped > 0) {
      removed += dropped;
      ql.count -= dropped;
      ql.elementBytes -= dropped * value.length;
      if (node.count === 0) unlink(ql, node);
    }
    node = following;
  }
  return removed;
}

/**
 * Delete `n` elements from the head or the tail (quicklistDelRange with a start at one end):
 * whole nodes are unlinked, then the remainder is cut from the next node. O(nodes + n).
 */
export function quicklistTrim(ql: Quicklist, n: number, where: QuicklistWhere): void {
  let left = Math.min(n, ql.count);
  while (left > 0) {
    const node = (where === 'head' ? ql.head : ql.tail) as QuicklistNode;
    const size = node.count;
    if (size <= left) {
      ql.elementBytes -= nodeDeleteRange(node, 0, size);
      unlink(ql, node);
      ql.count -= size;
      left -= size;
      continue;
    }
    ql.elementBytes -= nodeDeleteRange(node, where === 'head' ? 0 : size - left, left);
    ql.count -= left;
    left = 0;
  }
}

/** A deep copy: fresh nodes (the strings themselves are immutable). */
export function quicklistDuplicate(ql: Quicklist): Quicklist {
  const copy = quicklistCreate(ql.fill);
  for (let node = ql.head; node !== undefined; node = node.next) linkAfter(copy, copy.tail, nodeDuplicate(node));
  copy.count = ql.count;
  copy.elementBytes = ql.elementBytes;
  return copy;
}

/** Check the structure's invariants (tests): links, counts, no empty node, sizes within fill. */
export function quicklistCheck(ql: Quicklist): string | undefined {
  let count = 0;
  let nodes = 0;
  let elementBytes = 0;
  let prev: QuicklistNode | undefined;
  for (let node = ql.head; node !== undefined; node = node.next) {
    if (node.prev !== prev) return 'broken prev link';
    if (node.count === 0) return 'empty node';
    const problem = nodeCheck(node);
    if (problem !== undefined) return problem;
    for (const value of nodeValues(node)) elementBytes += value.length;
    count += node.count;
    nodes++;
    prev = node;
  }
  if (ql.tail !== prev) return 'tail is not the last node';
  if (count !== ql.count) return `count ${ql.count} != ${count}`;
  if (nodes !== ql.nodes) return `nodes ${ql.nodes} != ${nodes}`;
  if (elementBytes !== ql.elementBytes) return `elementBytes ${ql.elementBytes} != ${elementBytes}`;
  return undefined;
}

/** The elements of each node, head node first (tests: how the list was cut into nodes). */
export function quicklistNodeValues(ql: Quicklist): string[][] {
  const out: string[][] = [];
  for (let node = ql.head; node !== undefined; node = node.next) out.push(nodeValues(node));
  return out;
}
