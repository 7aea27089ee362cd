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

/** One element to sort: the element, and its weight (a number, or for ALPHA the text it sorts by). */
export interface SortItem {
  readonly element: string;
  score: number;
  /** ALPHA: the text compared (see alphaText); undefined when the BY key is missing (it then sorts first). */
  text: string | undefined;
}

/** The smallest normal double: glibc's strtod sets ERANGE below it (an inexact subnormal). */
const DBL_MIN = 2.2250738585072014e-308;

/**
 * A weight as sort.c reads it, with strtod: the number must reach the end of the C string, and not
 * be NaN or out of range. Null when it cannot be converted.
 */
export function weightOf(text: string): number | null {
  // Most weights are plain integers: read them without a Buffer (15 digits stay exact in a double).
  const length = text.length;
  const negative = text.charCodeAt(0) === 0x2d;
  if (length <= 15 && length > (negative ? 1 : 0)) {
    let value = 0;
    let i = negative ? 1 : 0;
    for (; i < length; i++) {
      const digit = text.charCodeAt(i) - 0x30;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (i === length) return negative ? -value : value;
  }
  const buf = Buffer.from(text, 'latin1');
  const { value, end, rangeError } = strtod(buf);
  if ((end !== buf.length && buf[end] !== 0) || rangeError || Number.isNaN(value)) return null;
  // glibc flags a subnormal result of a decimal literal (it cannot be exact); a hex one may be exact.
  if (value !== 0 && Math.abs(value) < DBL_MIN && !/^\s*[+-]?0[xX]/.test(text)) return null;
  return value;
}

/**
 * The text ALPHA compares for a value. Without STORE sort.c uses strcoll, which in the C locale is byte
 * order up to the first NUL byte: the same as comparing the strings cut at their NUL. With STORE it
 * compares whole byte strings (compareStringObjects). Either way, latin1 JS strings then compare as
 * bytes with the native < and >.
 */
export function alphaText(value: string, wholeBytes: boolean): string {
  return wholeBytes ? value : cString(value);
}

/** sortCompare for DESC or ASC, numeric or ALPHA (texts prepared by alphaText). */
export function comparator(desc: boolean, alpha: boolean): (a: SortItem, b: SortItem) => number {
  const sign = desc ? -1 : 1;
  if (!alpha) {
    // Equal weights fall back to the elements' bytes (compareStringObjects), so the result is deterministic.
    return (a, b) => sign * (a.score > b.score ? 1 : a.score < b.score ? -1 : a.element < b.element ? -1 : a.element > b.element ? 1 : 0);
  }
  return (a, b) => {
    const x = a.text;
    const y = b.text;
    if (x === undefined || y === undefined) return sign * (x === y ? 0 : x === undefined ? -1 : 1);
    return sign * (x < y ? -1 : x > y ? 1 : 0);
  };
}
