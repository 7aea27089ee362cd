// One quicklist node: a bounded run of list elements packed into one string (Redis: a quicklistNode
// and its listpack). quicklist.ts links nodes and decides which node an element goes to; this file
// is everything that happens inside one node, behind a small API (get, push, pop, insert, delete,
// slice, find, scan), so the layout can change without touching the quicklist's algorithm.
// Mirrors: redis src/listpack.c (lpAppend, lpPrepend, lpInsertString, lpReplace, lpDeleteRange,
// lpSeek, lpFind, lpCompare, lpNext, lpPrev) as quicklist.c calls it.
//
// Layout. The node's elements live in one latin1 string (one char per byte), head first, each as
//   [varint length][its bytes][the length again, reversed]
// (the codec is ../packed.ts). The prefix lets a walk go forwards, the back-length lets it go
// backwards, as Redis's listpack entries do: RPOP reads the last entry from the end in O(1), and
// finding element i walks from the nearer end of the node. One string per node instead of an array
// of strings saves a string header (16 bytes plus rounding) and an array slot (8 bytes) per element:
// measured on 10,000 lists of 100 16-byte elements, see bench/results/memory-list-2026-11-26.md.
//
// Costs. Strings are immutable, so an insert builds a new string and flattens it: O(node bytes),
// like Redis's realloc plus memmove in lpInsert, bounded by list-max-listpack-size (8 KB by
// default). Pushes at either end, the hot path of a queue, are cheaper: a push onto a node of
// FLATTEN_ALWAYS_BELOW_CHARS or more leaves the concatenation as a V8 rope (O(1): a 32-byte cons
// cell) and the node is flattened every PUSHES_PER_FLATTEN pushes, or by V8 itself on the next read
// of that node; so pushing into a full 8 KB node copies ~8 KB per 16 pushes instead of per push
// (measured: bench/micro/list.bench.ts). Pushing several elements at once (RPUSH with many
// arguments, RDB loading) builds the batch first and copies the node once. A pop takes a substring
// of what remains (O(1) in V8, a "sliced string" sharing the old string's bytes until the next
// write copies them, or until it is under a quarter of them: see `base`), so an LPOP/RPOP loop
// copies O(1) amortised. Reads return substrings (an allocation per element read, where the array
// handed out its stored strings).

import {
  encodeBackLength, encodeLength, entryStart, flat, lengthSize, readBackLength, readLength, unslice,
} from '../packed.js';

/** The bytes an element of `length` adds to a node, as _quicklistNodeAllowInsert estimates them. */
export function entryBytes(length: number): number {
  const backlen = length < 254 ? 1 : 5;
  const header = length < 64 ? 1 : length < 16384 ? 2 : 5;
  return length + backlen + header;
}

/** An empty listpack: 4-byte total length, 2-byte count, 1-byte end marker. */
export const LISTPACK_EMPTY_BYTES = 7;

/** A push onto a node shorter than this (in chars) flattens at once: the copy is cheap, the node stays compact. */
const FLATTEN_ALWAYS_BELOW_CHARS = 2048;
/** Pushes left as a rope on a bigger node before it is flattened (see the header comment). */
const PUSHES_PER_FLATTEN = 16;

export interface QuicklistNode {
  prev: QuicklistNode | undefined;
  next: QuicklistNode | undefined;
  /** The packed elements, head first (see the header comment). Only this file parses it. */
  lp: string;
  /** Pushes since lp was last flattened by us (a rope of that many pieces, unless a read flattened it). */
  pending: number;
  /**
   * The length of the string lp was cut from: a pop or a trim leaves lp as a V8 "sliced string" that
   * keeps the whole original alive, so once lp is under a quarter of it, lp is copied out (Redis's
   * listpack shrinks with a realloc after a delete).
   */
  base: number;
  /** How many elements the node holds. */
  count: number;
  /**
   * Redis's estimate of the listpack's size in bytes (LISTPACK_EMPTY_BYTES plus entryBytes of each
   * element): what list-max-listpack-size limits, so nodes split where Redis's would.
   */
  bytes: number;
}

/** One packed entry: prefix, bytes, back-length. */
function encodeEntry(value: string): string {
  const length = value.length;
  if (length < 0x80) {
    const c = String.fromCharCode(length);
    return c + value + c;
  }
  return encodeLength(length) + value + encodeBackLength(length);
}

/** The offset just past the entry whose prefix is at `pos` (also leaves entryStart at its bytes). */
function skipEntry(lp: string, pos: number): number {
  const length = readLength(lp, pos);
  return entryStart + length + (length < 0x80 ? 1 : lengthSize(length));
}

/** The offset of the prefix of the entry that ends at `end` (the entry before offset `end`). */
function skipBack(lp: string, end: number): number {
  const length = readBackLength(lp, end);
  return entryStart - (length < 0x80 ? 1 : lengthSize(length));
}

/** The offset of element i's prefix (lp.length when i === count), walking from the nearer end (lpSeek). */
function offsetOf(node: QuicklistNode, i: number): number {
  const lp = node.lp;
  // Entries under 128 bytes (one-char prefix and back-length) are skipped inline.
  if (i <= node.count >> 1) {
    let pos = 0;
    for (let k = 0; k < i; k++) {
      const c = lp.charCodeAt(pos);
      pos = c < 0x80 ? pos + c + 2 : skipEntry(lp, pos);
    }
    return pos;
  }
  let pos = lp.length;
  for (let k = node.count; k > i; k--) {
    const c = lp.charCodeAt(pos - 1);
    pos = c < 0x80 ? pos - c - 2 : skipBack(lp, pos);
  }
  return pos;
}

/** The element whose prefix is at `pos`. */
function valueAt(lp: string, pos: number): string {
  const length = readLength(lp, pos);
  return lp.substring(entryStart, entryStart + length);
}

/** A node holding `values`, head first, not linked. */
export function nodeCreate(values: readonly string[]): QuicklistNode {
  let bytes = LISTPACK_EMPTY_BYTES;
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    bytes += entryBytes(value.length);
    parts[i] = encodeEntry(value);
  }
  const lp = parts.length === 1 ? flat(parts[0] as string) : parts.join('');
  return { prev: undefined, next: undefined, lp, pending: 0, base: lp.length, count: values.length, bytes };
}

/** A copy with the same elements, not linked (the string is immutable, so it is shared). */
export function nodeDuplicate(node: QuicklistNode): QuicklistNode {
  return {
    prev: undefined, next: undefined, lp: node.lp, pending: node.pending, base: node.base, count: node.count, bytes: node.bytes,
  };
}

/** The element at `i` (0 <= i < count). */
export function nodeGet(node: QuicklistNode, i: number): string {
  return valueAt(node.lp, offsetOf(node, i));
}

/** `lp` after a push: flat now, or a rope until PUSHES_PER_FLATTEN pushes have piled up. */
function afterPush(node: QuicklistNode, lp: string): string {
  node.base = lp.length;
  if (lp.length < FLATTEN_ALWAYS_BELOW_CHARS || ++node.pending >= PUSHES_PER_FLATTEN) {
    node.pending = 0;
    return flat(lp);
  }
  return lp;
}

/** Chars below which a leftover slice is never copied out (V8 copies substrings under 13 chars anyway). */
const SHRINK_MIN_BASE_CHARS = 512;

/** Copy lp out of the string it was sliced from once it is under a quarter of it (see `base`). */
function shrinkToFit(node: QuicklistNode): void {
  const length = node.lp.length;
  if (length * 4 >= node.base || node.base < SHRINK_MIN_BASE_CHARS) return;
  node.lp = unslice(node.lp);
  node.base = length + 1;
}

/** Add `value` before the first element (lpPrepend). */
export function nodePushHead(node: QuicklistNode, value: string): void {
  node.lp = afterPush(node, encodeEntry(value) + node.lp);
  node.count++;
  node.bytes += entryBytes(value.length);
}

/** Add `value` after the last element (lpAppend). */
export function nodePushTail(node: QuicklistNode, value: string): void {
  node.lp = afterPush(node, node.lp + encodeEntry(value));
  node.count++;
  node.bytes += entryBytes(value.length);
}

/** Append values[from..to-1] in order, with one copy of the node (a batch of nodePushTail). */
export function nodeAppendMany(node: QuicklistNode, values: readonly string[], from: number, to: number): void {
  let added = '';
  for (let i = from; i < to; i++) {
    const value = values[i] as string;
    added += encodeEntry(value);
    node.bytes += entryBytes(value.length);
  }
  node.lp = flat(node.lp + added);
  node.base = node.lp.length;
  node.pending = 0;
  node.count += to - from;
}

/** Push values[from..to-1] at the head one after another (so values[to-1] ends first), with one copy. */
export function nodePrependMany(node: QuicklistNode, values: readonly string[], from: number, to: number): void {
  let added = '';
  for (let i = from; i < to; i++) {
    const value = values[i] as string;
    added = encodeEntry(value) + added;
    node.bytes += entryBytes(value.length);
  }
  node.lp = flat(added + node.lp);
  node.base = node.lp.length;
  node.pending = 0;
  node.count += to - from;
}

/** Remove and return the first element; the node must not be empty. */
export function nodePopHead(node: QuicklistNode): string {
  const lp = node.lp;
  const length = readLength(lp, 0);
  const start = entryStart;
  const value = lp.substring(start, start + length);
  node.lp = lp.substring(start + length + (length < 0x80 ? 1 : lengthSize(length)));
  shrinkToFit(node);
  node.count--;
  node.bytes -= entryBytes(length);
  return value;
}

/** Remove and return the last element; the node must not be empty. */
export function nodePopTail(node: QuicklistNode): string {
  const lp = node.lp;
  const length = readBackLength(lp, lp.length);
  const start = entryStart;
  const value = lp.substring(start, start + length);
  node.lp = lp.substring(0, start - (length < 0x80 ? 1 : lengthSize(length)));
  shrinkToFit(node);
  node.count--;
  node.bytes -= entryBytes(length);
  return value;
}

/** Insert `value` so that it becomes element `i` (0 <= i <= count) (lpInsertString). */
export function nodeInsertAt(node: QuicklistNode, i: number, value: string): void {
  const lp = node.lp;
  const pos = offsetOf(node, i);
  node.lp = flat(lp.substring(0, pos) + encodeEntry(value) + lp.substring(pos));
  node.base = node.lp.length;
  node.count++;
  node.bytes += entryBytes(value.length);
}

/** Replace element `i` with `value` (lpReplace); returns the old element's length. */
export function nodeReplace(node: QuicklistNode, i: number, value: string): number {
  const lp = node.lp;
  const pos = offsetOf(node, i);
  const oldLength = readLength(lp, pos);
  const end = entryStart + oldLength + lengthSize(oldLength);
  node.lp = flat(lp.substring(0, pos) + encodeEntry(value) + lp.substring(end));
  node.base = node.lp.length;
  node.bytes += entryBytes(value.length) - entryBytes(oldLength);
  return oldLength;
}

/** Delete `n` elements from `start` (lpDeleteRange); returns the sum of their lengths. */
export function nodeDeleteRange(node: QuicklistNode, start: number, n: number): number {
  if (n === 0) return 0;
  const lp = node.lp;
  const from = offsetOf(node, start);
  let pos = from;
  let removed = 0;
  for (let k = 0; k < n; k++) {
    const length = readLength(lp, pos);
    pos = entryStart + length + (length < 0x80 ? 1 : lengthSize(length));
    removed += length;
    node.bytes -= entryBytes(length);
  }
  if (from === 0 || pos === lp.length) {
    node.lp = from === 0 ? lp.substring(pos) : lp.substring(0, from);
    shrinkToFit(node);
  } else {
    node.lp = flat(lp.substring(0, from) + lp.substring(pos));
    node.base = node.lp.length;
  }
  node.count -= n;
  return removed;
}

/** Copy elements start..end-1 into `out` from `at`; returns the next free index of `out`. */
export function nodeSliceInto(node: QuicklistNode, start: number, end: number, out: string[], at: number): number {
  if (start >= end) return at;
  const lp = node.lp;
  let pos = offsetOf(node, start);
  for (let i = start; i < end; i++) {
    const c = lp.charCodeAt(pos);
    if (c < 0x80) {
      out[at++] = lp.substring(pos + 1, pos + 1 + c);
      pos += c + 2;
      continue;
    }
    const length = readLength(lp, pos);
    const begin = entryStart;
    out[at++] = lp.substring(begin, begin + length);
    pos = begin + length + lengthSize(length);
  }
  return at;
}

/** Move elements at..count-1 into a new node, returned unlinked (_quicklistSplitNode). */
export function nodeSplit(node: QuicklistNode, at: number): QuicklistNode {
  const lp = node.lp;
  const pos = offsetOf(node, at);
  let bytes = LISTPACK_EMPTY_BYTES;
  for (let p = pos; p < lp.length;) {
    const length = readLength(lp, p);
    p = entryStart + length + (length < 0x80 ? 1 : lengthSize(length));
    bytes += entryBytes(length);
  }
  const right: QuicklistNode = {
    prev: undefined, next: undefined, lp: lp.substring(pos), pending: 0, base: node.base, count: node.count - at, bytes,
  };
  shrinkToFit(right);
  node.lp = lp.substring(0, pos);
  shrinkToFit(node);
  node.count = at;
  node.bytes -= bytes - LISTPACK_EMPTY_BYTES;
  return right;
}

/** The index of the first element equal to `value`, or -1 (lpFind): compares in place, no substrings. */
export function nodeIndexOf(node: QuicklistNode, value: string): number {
  const lp = node.lp;
  const wanted = value.length;
  let pos = 0;
  for (let i = 0; i < node.count; i++) {
    const c = lp.charCodeAt(pos);
    if (c < 0x80) {
      if (c === wanted && lp.startsWith(value, pos + 1)) return i;
      pos += c + 2;
      continue;
    }
    const length = readLength(lp, pos);
    const begin = entryStart;
    if (length === wanted && lp.startsWith(value, begin)) return i;
    pos = begin + length + lengthSize(length);
  }
  return -1;
}

/**
 * Compare each element with `value`, head to tail (or tail to head when `fromTail`), in place
 * (lpCompare: no substring per element); `visit` gets each element's index in the node and whether
 * it matched, and returns false to stop. Returns false when it was stopped.
 */
export function nodeScanMatches(
  node: QuicklistNode, value: string, fromTail: boolean, visit: (i: number, match: boolean) => boolean,
): boolean {
  const lp = node.lp;
  const wanted = value.length;
  if (!fromTail) {
    let pos = 0;
    for (let i = 0; i < node.count; i++) {
      const length = readLength(lp, pos);
      const begin = entryStart;
      pos = begin + length + (length < 0x80 ? 1 : lengthSize(length));
      if (!visit(i, length === wanted && lp.startsWith(value, begin))) return false;
    }
  } else {
    let end = lp.length;
    for (let i = node.count - 1; i >= 0; i--) {
      const length = readBackLength(lp, end);
      const begin = entryStart;
      end = begin - (length < 0x80 ? 1 : lengthSize(length));
      if (!visit(i, length === wanted && lp.startsWith(value, begin))) return false;
    }
  }
  return true;
}

/** Every element, head to tail, as a fresh array. */
export function nodeValues(node: QuicklistNode): string[] {
  const out = new Array<string>(node.count);
  nodeSliceInto(node, 0, node.count, out, 0);
  return out;
}

/**
 * Remove up to `limit` elements equal to `value` (0 = no limit), counting matches from the head,
 * or from the tail when `fromTail`; returns how many were removed. One rebuild of the node.
 */
export function nodeRemoveMatching(node: QuicklistNode, value: string, limit: number, fromTail: boolean): number {
  const lp = node.lp;
  const wanted = value.length;
  // The [start, end) char ranges of the entries to drop, in walk order.
  const drops: number[] = [];
  if (!fromTail) {
    let pos = 0;
    for (let i = 0; i < node.count && (limit === 0 || drops.length < 2 * limit); i++) {
      const length = readLength(lp, pos);
      const begin = entryStart;
      const next = begin + length + (length < 0x80 ? 1 : lengthSize(length));
      if (length === wanted && lp.startsWith(value, begin)) drops.push(pos, next);
      pos = next;
    }
  } else {
    let end = lp.length;
    for (let i = node.count - 1; i >= 0 && (limit === 0 || drops.length < 2 * limit); i--) {
      const length = readBackLength(lp, end);
      const begin = entryStart;
      const prefix = begin - (length < 0x80 ? 1 : lengthSize(length));
      if (length === wanted && lp.startsWith(value, begin)) drops.unshift(prefix, end);
      end = prefix;
    }
  }
  const removed = drops.length / 2;
  if (removed === 0) return 0;
  let kept = '';
  let pos = 0;
  for (let k = 0; k < drops.length; k += 2) {
    kept += lp.substring(pos, drops[k] as number);
    pos = drops[k + 1] as number;
  }
  node.lp = flat(kept + lp.substring(pos));
  node.base = node.lp.length;
  node.count -= removed;
  node.bytes -= removed * entryBytes(wanted);
  return removed;
}

/** The node's internal consistency (tests): prefixes and back-lengths agree, count and byte estimate match. */
export function nodeCheck(node: QuicklistNode): string | undefined {
  const lp = node.lp;
  let count = 0;
  let bytes = LISTPACK_EMPTY_BYTES;
  let pos = 0;
  while (pos < lp.length) {
    const length = readLength(lp, pos);
    const next = entryStart + length + lengthSize(length);
    if (next > lp.length) return `entry at ${pos} runs past the node`;
    if (readBackLength(lp, next) !== length) return `entry at ${pos}: back-length disagrees`;
    bytes += entryBytes(length);
    count++;
    pos = next;
  }
  if (count !== node.count) return `node count ${node.count} != ${count}`;
  if (bytes !== node.bytes) return `node bytes ${node.bytes} != ${bytes}`;
  return undefined;
}
