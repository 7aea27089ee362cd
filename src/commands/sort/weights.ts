// SORT's per-element work: the key a BY or GET pattern names for an element, an element's weight,
// and the comparison the sort uses.
// Mirrors: redis src/sort.c (lookupKeyByPattern, sortCompare), src/object.c (compareStringObjects,
// collateStringObjects).

import { hashGet } from '../../datatypes/hash/hash-type.js';
import { stringValue } from '../../datatypes/string/string-type.js';
import { strtod } from '../../util/numbers.js';
import type { CommandContext } from '../context.js';

/** The part of a latin1 string a C function sees: up to the first NUL byte. */
export function cString(text: string): string {
  const nul = text.indexOf('\0');
  return nul === -1 ? text : text.slice(0, nul);
}

// --- Patterns (lookupKeyByPattern) ---

/**
 * The value a BY or GET pattern names for one element: "#" is the element itself; otherwise the
 * first `*` is replaced by the element and the key is read (a read lookup: it counts a keyspace hit
 * or miss, as Redis's lookupKeyRead does); `->field` after the `*` reads that hash field instead.
 * Undefined when the pattern has no `*`, or the key is missing or of the wrong type.
 */
export function lookupByPattern(ctx: CommandContext, pattern: string, element: string): string | undefined {
  // sort.c looks at the pattern as a C string for "#", "*" and "->", but copies whole byte strings.
  const c = cString(pattern);
  if (c === '#') return element;
  const star = c.indexOf('*');
  if (star === -1) return undefined;
  const arrow = c.indexOf('->', star + 1);
  const hasField = arrow !== -1 && arrow + 2 < c.length;
  const key = pattern.slice(0, star) + element + pattern.slice(star + 1, hasField ? arrow : pattern.length);
  const obj = ctx.db.lookupRead(key);
  if (obj === undefined) return undefined;
  if (hasField) return obj.type === 'hash' ? hashGet(obj, pattern.slice(arrow + 2)) : undefined;
  return obj.type === 'string' ? stringValue(obj) : undefined;
}

// --- Weights and comparison (sortCompare) ---

/** One element to sort: the element, and its weight (a number, or the BY value for ALPHA). */
export interface SortItem {
  readonly element: string;
  score: number;
  /** ALPHA with BY: the BY value; undefined when its key is missing (it then sorts first). */
  by: string | undefined;
}

/** The smallest normal double: glibc's strtod sets ERANGE below it (an inexact subnormal). */
const DBL_MIN = 2.2250738585072014e-308;

/**
 * A weight as sort.c reads it, with strtod: the number must reach the end of the C string, and not
 * be NaN or out of range. Null when it cannot be converted.
 */
export function weightOf(text: string): number | null {
  const buf = Buffer.from(text, 'latin1');
  const { value, end, rangeError } = strtod(buf);
  if ((end !== buf.length && buf[end] !== 0) || rangeError || Number.isNaN(value)) return null;
  // glibc flags a subnormal result of a decimal literal (it cannot be exact); a hex one may be exact.
  if (value !== 0 && Math.abs(value) < DBL_MIN && !/^\s*[+-]?0[xX]/.test(text)) return null;
  return value;
}

/** strcoll in the C locale: byte order, and a C string ends at its first NUL byte. */
function collate(a: string, b: string): number {
  for (let i = 0; ; i++) {
    const x = i < a.length ? a.charCodeAt(i) : 0;
    const y = i < b.length ? b.charCodeAt(i) : 0;
    if (x !== y) return x - y;
    if (x === 0) return 0;
  }
}

/** compareStringObjects: whole byte strings (latin1 code units compare as bytes). */
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What the comparison depends on (sort.c keeps these in server.sort_*). */
export interface CompareOptions {
  readonly desc: boolean;
  readonly alpha: boolean;
  /** With STORE, ALPHA compares whole byte strings instead of C strings. */
  readonly storeKey: string | undefined;
}

/** sortCompare for these options, DESC included. */
export function comparator(options: CompareOptions, byPattern: boolean): (a: SortItem, b: SortItem) => number {
  const sign = options.desc ? -1 : 1;
  const text = options.storeKey !== undefined ? compareBytes : collate;
  if (!options.alpha) {
    // Equal weights fall back to the elements themselves, so the result is deterministic.
    return (a, b) => sign * (a.score > b.score ? 1 : a.score < b.score ? -1 : compareBytes(a.element, b.element));
  }
  if (!byPattern) return (a, b) => sign * text(a.element, b.element);
  return (a, b) => {
    if (a.by === undefined || b.by === undefined) return sign * (a.by === b.by ? 0 : a.by === undefined ? -1 : 1);
    return sign * text(a.by, b.by);
  };
}
