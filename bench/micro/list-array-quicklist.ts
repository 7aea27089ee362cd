// FROZEN COPY for bench/micro/list.bench.ts: src/datatypes/list/quicklist.ts as it was before nodes were
// packed into one string (commit 1f7f7a3), nodes as arrays of strings. Not used by the server.
//
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
// SIMPLIFIED: a node is a JS array of latin1 strings, not a listpack's bytes, so integers are not
// stored in their compact integer form and node byte sizes are the estimate above, not exact.
// They decide only where nodes split, which no command can observe (7.0 reports "quicklist" for
// every list). SIMPLIFIED: no LZF compression of interior nodes (list-compress-depth is accepted
// and ignored), no "plain" nodes for elements of 1 GB or more, and split nodes are not merged back
// with their neighbours (_quicklistMergeNodes): a list rebuilt by LINSERT may hold more, smaller
// nodes than Redis's would.

/** One node: a bounded packed array of elements (Redis: quicklistNode + its listpack). */
export interface QuicklistNode {
  prev: QuicklistNode | undefined;
  next: QuicklistNode | undefined;
  /** The elements, head first, as latin1 strings (one char per byte). */
  entries: string[];
  /** Estimated listpack size in bytes (see the header). */
  bytes: number;
}

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
/** An empty listpack: 4-byte total length, 2-byte count, 1-byte end marker. */
const LISTPACK_EMPTY_BYTES = 7;

/** Create an empty quicklist whose nodes are sized by `fill` (list-max-listpack-size). */
export function quicklistCreate(fill: number): Quicklist {
  const clamped = Math.min(FILL_MAX, Math.max(FILL_MIN, Math.trunc(fill)));
  return { head: undefined, tail: undefined, count: 0, nodes: 0, elementBytes: 0, fill: clamped };
}

// --- Node sizing ---

/**
 * The bytes an element of `length` bytes adds to a node, as _quicklistNodeAllowInsert estimates
 * it: the data, a back-length of 1 or 5 bytes, and an encoding header of 1, 2 or 5 bytes.
 */
function entryBytes(length: number): number {
  const backlen = length < 254 ? 1 : 5;
  const header = length < 64 ? 1 : length < 16384 ? 2 : 5;
  return length + backlen + header;
}

/** May `node` take one more element of `length` bytes without passing the fill limit? */
function allowInsert(ql: Quicklist, node: QuicklistNode, length: number): boolean {
  const newBytes = node.bytes + entryBytes(length);
  const fill = ql.fill;
  if (fill < 0) return newBytes <= (OPTIMIZATION_LEVEL_BYTES[-fill - 1] as number);
  if (newBytes > SIZE_SAFETY_LIMIT_BYTES) return false;
  return node.entries.length < fill;
}

function createNode(entries: string[]): QuicklistNode {
  let bytes = LISTPACK_EMPTY_BYTES;
  for (const entry of entries) bytes += entryBytes(entry.length);
  return { prev: undefined, next: undefined, entries, bytes };
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
    if (head !== undefined && allowInsert(ql, head, value.length)) {
      head.entries.unshift(value);
      head.bytes += entryBytes(value.length);
    } else {
      linkAfter(ql, undefined, createNode([value]));
    }
  } else {
    const tail = ql.tail;
    if (tail !== undefined && allowInsert(ql, tail, value.length)) {
      tail.entries.push(value);
      tail.bytes += entryBytes(value.length);
    } else {
      linkAfter(ql, ql.tail, createNode([value]));
    }
  }
  ql.count++;
  ql.elementBytes += value.length;
}

/** Pop from the head or the tail (quicklistPop); an emptied node is unlinked. */
export function quicklistPop(ql: Quicklist, where: QuicklistWhere): string | undefined {
  const node = where === 'head' ? ql.head : ql.tail;
  if (node === undefined) return undefined;
  const value = (where === 'head' ? node.entries.shift() : node.entries.pop()) as string;
  node.bytes -= entryBytes(value.length);
  ql.count--;
  ql.elementBytes -= value.length;
  if (node.entries.length === 0) unlink(ql, node);
  return value;
}

// --- Positions: walk from the nearer end ---

/** A position inside the quicklist: a node and an offset into its entries. */
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
      const n = node.entries.length;
      if (fromHead < skipped + n) return { node, offset: fromHead - skipped };
      skipped += n;
    }
  } else {
    const fromTail = ql.count - 1 - fromHead;
    let skipped = 0;
    for (let node = ql.tail; node !== undefined; node = node.prev) {
      const n = node.entries.length;
      if (fromTail < skipped + n) return { node, offset: n - 1 - (fromTail - skipped) };
      skipped += n;
    }
  }
  return undefined; // unreachable while count matches the nodes
}

/** The element at `index` (negative counts from the tail), or undefined (quicklistIndex). */
export function quicklistGet(ql: Quicklist, index: number): string | undefined {
  const at = quicklistLocate(ql, index);
  return at === undefined ? undefined : at.node.entries[at.offset];
}

/** Replace the element at `index`; false when out of range (quicklistReplaceAtIndex). */
export function quicklistReplace(ql: Quicklist, index: number, value: string): boolean {
  const at = quicklistLocate(ql, index);
  if (at === undefined) return false;
  const old = at.node.entries[at.offset] as string;
  at.node.entries[at.offset] = value;
  at.node.bytes += entryBytes(value.length) - entryBytes(old.length);
  ql.elementBytes += value.length - old.length;
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
    const entries = node.entries;
    const end = Math.min(entries.length, offset + (count - filled));
    for (let i = offset; i < end; i++) out[filled++] = entries[i] as string;
    node = node.next;
    offset = 0;
  }
  return out;
}

/**
 * Visit elements one by one from the head (or from the tail when `fromTail`); `visit` gets the
 * element and its head-based index and returns false to stop. Used by LPOS.
 */
export function quicklistScan(
  ql: Quicklist, fromTail: boolean, visit: (value: string, index: number) => boolean,
): void {
  if (!fromTail) {
    let index = 0;
    for (let node = ql.head; node !== undefined; node = node.next) {
      for (const value of node.entries) {
        if (!visit(value, index++)) return;
      }
    }
  } else {
    let index = ql.count - 1;
    for (let node = ql.tail; node !== undefined; node = node.prev) {
      const entries = node.entries;
      for (let i = entries.length - 1; i >= 0; i--) {
        if (!visit(entries[i] as string, index--)) return;
      }
    }
  }
}

/** The first element equal to `value`, searching from the head (LINSERT's pivot). */
export function quicklistFind(ql: Quicklist, value: string): QuicklistPosition | undefined {
  for (let node = ql.head; node !== undefined; node = node.next) {
    const offset = node.entries.indexOf(value);
    if (offset !== -1) return { node, offset };
  }
  return undefined;
}

/** Every element, head to tail. */
export function* quicklistValues(ql: Quicklist): IterableIterator<string> {
  for (let node = ql.head; node !== undefined; node = node.next) yield* node.entries;
}

// --- The middle: insert and delete ---

/**
 * Insert `value` next to the element at `at`: after it when `after`, else before it
 * (_quicklistInsert). The pivot's node takes it if it has room; otherwise, at a node edge, the
 * neighbouring node or a fresh node between them; otherwise the node is split at the pivot.
 */
export function quicklistInsert(ql: Quicklist, at: QuicklistPosition, value: string, after: boolean): void {
  const { node, offset } = at;
  const bytes = entryBytes(value.length);
  ql.count++;
  ql.elementBytes += value.length;
  if (allowInsert(ql, node, value.length)) {
    node.entries.splice(after ? offset + 1 : offset, 0, value);
    node.bytes += bytes;
    return;
  }
  const atTailEdge = after && offset === node.entries.length - 1;
  const atHeadEdge = !after && offset === 0;
  if (atTailEdge) {
    const next = node.next;
    if (next !== undefined && allowInsert(ql, next, value.length)) {
      next.entries.unshift(value);
      next.bytes += bytes;
    } else {
      linkAfter(ql, node, createNode([value]));
    }
    return;
  }
  if (atHeadEdge) {
    const prev = node.prev;
    if (prev !== undefined && allowInsert(ql, prev, value.length)) {
      prev.entries.push(value);
      prev.bytes += bytes;
    } else {
      linkAfter(ql, prev, createNode([value]));
    }
    return;
  }
  // A full node, pivot inside it: split at the pivot so the new element lands at the edge of a
  // half: the end of the left half, or the start of the right, or a node of its own between.
  const splitAt = after ? offset + 1 : offset;
  const right = createNode(node.entries.slice(splitAt));
  node.entries.length = splitAt;
  node.bytes -= right.bytes - LISTPACK_EMPTY_BYTES;
  linkAfter(ql, node, right);
  if (allowInsert(ql, node, value.length)) {
    node.entries.push(value);
    node.bytes += bytes;
  } else if (allowInsert(ql, right, value.length)) {
    right.entries.unshift(value);
    right.bytes += bytes;
  } else {
    linkAfter(ql, node, createNode([value]));
  }
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
    const entries = node.entries;
    if (entries.includes(value)) {
      const kept: string[] = [];
      const n = entries.length;
      if (!fromTail) {
        for (let i = 0; i < n; i++) {
          const entry = entries[i] as string;
          if (entry === value && (limit === 0 || removed < limit)) removed++;
          else kept.push(entry);
        }
      } else {
        for (let i = n - 1; i >= 0; i--) {
          const entry = entries[i] as string;
          if (entry === value && (limit === 0 || removed < limit)) removed++;
          else kept.push(entry);
        }
        kept.reverse();
      }
      const dropped = n - kept.length;
      if (dropped > 0) {
        ql.count -= dropped;
        ql.elementBytes -= dropped * value.length;
        node.bytes -= dropped * entryBytes(value.length);
        node.entries = kept;
        if (kept.length === 0) unlink(ql, node);
      }
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
    const size = node.entries.length;
    if (size <= left) {
      for (const entry of node.entries) ql.elementBytes -= entry.length;
      unlink(ql, node);
      ql.count -= size;
      left -= size;
      continue;
    }
    const cut = where === 'head' ? node.entries.splice(0, left) : node.entries.splice(size - left, left);
    for (const entry of cut) {
      node.bytes -= entryBytes(entry.length);
      ql.elementBytes -= entry.length;
    }
    ql.count -= left;
    left = 0;
  }
}

/** A deep copy: fresh nodes and arrays (the strings themselves are immutable). */
export function quicklistDuplicate(ql: Quicklist): Quicklist {
  const copy = quicklistCreate(ql.fill);
  for (let node = ql.head; node !== undefined; node = node.next) {
    const clone: QuicklistNode = { prev: undefined, next: undefined, entries: node.entries.slice(), bytes: node.bytes };
    linkAfter(copy, copy.tail, clone);
  }
  copy.count = ql.count;
  copy.elementBytes = ql.elementBytes;
  return copy;
}

/** Check the structure's invariants (tests): links, counts, no empty node, sizes within fill. */
export function quicklistCheck(ql: Quicklist): string | undefined {
  let count = 0;
  let nodes = 0;
  let prev: QuicklistNode | undefined;
  for (let node = ql.head; node !== undefined; node = node.next) {
    if (node.prev !== prev) return 'broken prev link';
    if (node.entries.length === 0) return 'empty node';
    const expected = createNode(node.entries).bytes;
    if (expected !== node.bytes) return `node bytes ${node.bytes} != ${expected}`;
    count += node.entries.length;
    nodes++;
    prev = node;
  }
  if (ql.tail !== prev) return 'tail is not the last node';
  if (count !== ql.count) return `count ${ql.count} != ${count}`;
  if (nodes !== ql.nodes) return `nodes ${ql.nodes} != ${nodes}`;
  return undefined;
}
