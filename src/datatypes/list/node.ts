// One quicklist node: a bounded run of list elements (Redis: a quicklistNode and its listpack).
// quicklist.ts links nodes and decides which node an element goes to; this file is everything that
// happens inside one node, behind a small API (get, push, pop, insert, delete, slice, scan), so the
// way a node stores its elements can change without touching the quicklist's algorithm.
// Mirrors: redis src/listpack.c (lpAppend, lpPrepend, lpInsertString, lpReplace, lpDeleteRange,
// lpSeek, lpFind) as quicklist.c calls it.

/** The bytes an element of `length` adds to a node, as _quicklistNodeAllowInsert estimates them. */
export function entryBytes(length: number): number {
  const backlen = length < 254 ? 1 : 5;
  const header = length < 64 ? 1 : length < 16384 ? 2 : 5;
  return length + backlen + header;
}

/** An empty listpack: 4-byte total length, 2-byte count, 1-byte end marker. */
export const LISTPACK_EMPTY_BYTES = 7;

export interface QuicklistNode {
  prev: QuicklistNode | undefined;
  next: QuicklistNode | undefined;
  /** The elements, head first, as latin1 strings (one char per byte). */
  entries: string[];
  /** How many elements the node holds. */
  count: number;
  /** Estimated listpack size in bytes (LISTPACK_EMPTY_BYTES plus entryBytes of each element). */
  bytes: number;
}

/** A node holding `values`, head first, not linked. */
export function nodeCreate(values: readonly string[]): QuicklistNode {
  let bytes = LISTPACK_EMPTY_BYTES;
  for (const value of values) bytes += entryBytes(value.length);
  return { prev: undefined, next: undefined, entries: values.slice(), count: values.length, bytes };
}

/** A copy with the same elements, not linked. */
export function nodeDuplicate(node: QuicklistNode): QuicklistNode {
  return { prev: undefined, next: undefined, entries: node.entries.slice(), count: node.count, bytes: node.bytes };
}

/** The element at `i` (0 <= i < count). */
export function nodeGet(node: QuicklistNode, i: number): string {
  return node.entries[i] as string;
}

/** Add `value` before the first element (lpPrepend). */
export function nodePushHead(node: QuicklistNode, value: string): void {
  node.entries.unshift(value);
  node.count++;
  node.bytes += entryBytes(value.length);
}

/** Add `value` after the last element (lpAppend). */
export function nodePushTail(node: QuicklistNode, value: string): void {
  node.entries.push(value);
  node.count++;
  node.bytes += entryBytes(value.length);
}

/** Remove and return the first element; the node must not be empty. */
export function nodePopHead(node: QuicklistNode): string {
  const value = node.entries.shift() as string;
  node.count--;
  node.bytes -= entryBytes(value.length);
  return value;
}

/** Remove and return the last element; the node must not be empty. */
export function nodePopTail(node: QuicklistNode): string {
  const value = node.entries.pop() as string;
  node.count--;
  node.bytes -= entryBytes(value.length);
  return value;
}

/** Insert `value` so that it becomes element `i` (0 <= i <= count). */
export function nodeInsertAt(node: QuicklistNode, i: number, value: string): void {
  node.entries.splice(i, 0, value);
  node.count++;
  node.bytes += entryBytes(value.length);
}

/** Replace element `i` with `value` (lpReplace); returns the old element's length. */
export function nodeReplace(node: QuicklistNode, i: number, value: string): number {
  const old = node.entries[i] as string;
  node.entries[i] = value;
  node.bytes += entryBytes(value.length) - entryBytes(old.length);
  return old.length;
}

/** Delete `n` elements from `start` (lpDeleteRange); returns the sum of their lengths. */
export function nodeDeleteRange(node: QuicklistNode, start: number, n: number): number {
  let removed = 0;
  for (const value of node.entries.splice(start, n)) {
    removed += value.length;
    node.bytes -= entryBytes(value.length);
  }
  node.count -= n;
  return removed;
}

/** Copy elements start..end-1 into `out` from `at`; returns the next free index of `out`. */
export function nodeSliceInto(node: QuicklistNode, start: number, end: number, out: string[], at: number): number {
  const entries = node.entries;
  for (let i = start; i < end; i++) out[at++] = entries[i] as string;
  return at;
}

/** Move elements at..count-1 into a new node, returned unlinked (_quicklistSplitNode). */
export function nodeSplit(node: QuicklistNode, at: number): QuicklistNode {
  const right = nodeCreate(node.entries.slice(at));
  node.entries.length = at;
  node.count = at;
  node.bytes -= right.bytes - LISTPACK_EMPTY_BYTES;
  return right;
}

/** The index of the first element equal to `value`, or -1 (lpFind). */
export function nodeIndexOf(node: QuicklistNode, value: string): number {
  return node.entries.indexOf(value);
}

/**
 * Visit the elements head to tail (or tail to head when `fromTail`); `visit` gets each element and
 * its index in the node and returns false to stop. Returns false when it was stopped.
 */
export function nodeScan(
  node: QuicklistNode, fromTail: boolean, visit: (value: string, i: number) => boolean,
): boolean {
  const entries = node.entries;
  if (!fromTail) {
    for (let i = 0; i < entries.length; i++) if (!visit(entries[i] as string, i)) return false;
  } else {
    for (let i = entries.length - 1; i >= 0; i--) if (!visit(entries[i] as string, i)) return false;
  }
  return true;
}

/** Every element, head to tail, as a fresh array. */
export function nodeValues(node: QuicklistNode): string[] {
  return node.entries.slice();
}

/**
 * Remove up to `limit` elements equal to `value` (0 = no limit), counting matches from the head,
 * or from the tail when `fromTail`; returns how many were removed. One rebuild of the node.
 */
export function nodeRemoveMatching(node: QuicklistNode, value: string, limit: number, fromTail: boolean): number {
  const entries = node.entries;
  if (!entries.includes(value)) return 0;
  const n = entries.length;
  const drop: boolean[] = new Array<boolean>(n).fill(false);
  let removed = 0;
  for (let k = 0; k < n && (limit === 0 || removed < limit); k++) {
    const i = fromTail ? n - 1 - k : k;
    if (entries[i] === value) {
      drop[i] = true;
      removed++;
    }
  }
  node.entries = entries.filter((_, i) => !drop[i]);
  node.count -= removed;
  node.bytes -= removed * entryBytes(value.length);
  return removed;
}

/** The node's internal consistency (tests): count and byte estimate match the stored elements. */
export function nodeCheck(node: QuicklistNode): string | undefined {
  if (node.entries.length !== node.count) return `node count ${node.count} != ${node.entries.length}`;
  let bytes = LISTPACK_EMPTY_BYTES;
  for (const value of node.entries) bytes += entryBytes(value.length);
  if (bytes !== node.bytes) return `node bytes ${node.bytes} != ${bytes}`;
  return undefined;
}
