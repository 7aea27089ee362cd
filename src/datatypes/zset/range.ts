// Score and lexicographic ranges of a sorted set: what ZRANGEBYSCORE's `(1.5 +inf` and
// ZRANGEBYLEX's `[a (c` mean, parsed with Redis's exact rules, and the tests a member must pass.
// Mirrors: redis src/t_zset.c (zslParseRange, zslValueGteMin, zslValueLteMax, zslParseLexRangeItem,
// zslParseLexRange, sdscmplex, zslLexValueGteMin, zslLexValueLteMax, zslIsInRange, zslIsInLexRange).

import { strtod } from '../../util/numbers.js';

/** min..max, each end inclusive or exclusive ("(" prefix). */
export interface ScoreRange {
  readonly min: number;
  readonly max: number;
  readonly minex: boolean;
  readonly maxex: boolean;
}

/**
 * One end of a lex range: `-` (before every string), `+` (after every string), or a string with
 * `[` (inclusive) or `(` (exclusive). Members are latin1 strings of their bytes.
 */
export type LexBound =
  | { readonly kind: 'min' }
  | { readonly kind: 'max' }
  | { readonly kind: 'value'; readonly value: string; readonly exclusive: boolean };

export interface LexRange {
  readonly min: LexBound;
  readonly max: LexBound;
}

const OPEN_PAREN = 0x28; // '('
const OPEN_BRACKET = 0x5b; // '['
const PLUS = 0x2b; // '+'
const MINUS = 0x2d; // '-'

/**
 * One score bound. Redis reads it with a bare strtod (not the strict float parser ZADD uses), and
 * only asks that the conversion stops at the end of the C string and is not NaN. So leading spaces,
 * an empty bound (0), a lone "(" (exclusive 0) and overflowing literals (±inf) are all accepted, and
 * bytes after a NUL are ignored.
 */
function parseScoreBound(arg: Buffer): { value: number; exclusive: boolean } | null {
  const exclusive = arg[0] === OPEN_PAREN;
  const start = exclusive ? 1 : 0;
  const nul = arg.indexOf(0, start);
  const end = nul === -1 ? arg.length : nul;
  const { value, end: stop } = strtod(arg.subarray(0, end), start);
  // The conversion must reach the end. When nothing converts, strtod leaves the end pointer at the
  // start: fine for an empty remainder (it reads as 0), an error for a blank or non-numeric one.
  if (stop !== end || Number.isNaN(value)) return null;
  return { value, exclusive };
}

/** zslParseRange: null when either bound is not a float (`ERR min or max is not a float`). */
export function parseScoreRange(min: Buffer, max: Buffer): ScoreRange | null {
  const lo = parseScoreBound(min);
  const hi = parseScoreBound(max);
  if (lo === null || hi === null) return null;
  return { min: lo.value, max: hi.value, minex: lo.exclusive, maxex: hi.exclusive };
}

/**
 * zslParseLexRangeItem: `+`, `-`, or `[`/`(` followed by the string. Redis tests "+" and "-" as C
 * strings, so "+\0junk" is still `+`; the string after `[`/`(` keeps every byte.
 */
function parseLexBound(arg: Buffer): LexBound | null {
  switch (arg[0]) {
    case PLUS:
      return arg.length === 1 || arg[1] === 0 ? { kind: 'max' } : null;
    case MINUS:
      return arg.length === 1 || arg[1] === 0 ? { kind: 'min' } : null;
    case OPEN_PAREN:
      return { kind: 'value', value: arg.latin1Slice(1, arg.length), exclusive: true };
    case OPEN_BRACKET:
      return { kind: 'value', value: arg.latin1Slice(1, arg.length), exclusive: false };
    default:
      return null;
  }
}

/** zslParseLexRange: null when either bound is malformed (`ERR min or max not valid string range item`). */
export function parseLexRange(min: Buffer, max: Buffer): LexRange | null {
  const lo = parseLexBound(min);
  const hi = parseLexBound(max);
  if (lo === null || hi === null) return null;
  return { min: lo, max: hi };
}

// --- Membership tests ---

export function scoreGteMin(score: number, range: ScoreRange): boolean {
  return range.minex ? score > range.min : score >= range.min;
}

export function scoreLteMax(score: number, range: ScoreRange): boolean {
  return range.maxex ? score < range.max : score <= range.max;
}

/** zslIsInRange's first test: a range that can hold nothing, whatever the set. */
export function scoreRangeIsEmpty(range: ScoreRange): boolean {
  return range.min > range.max || (range.min === range.max && (range.minex || range.maxex));
}

/** sdscmplex for a member against a bound: -1, 0 or 1; `-` is below and `+` above every string. */
function compareToBound(member: string, bound: LexBound): number {
  if (bound.kind === 'min') return 1;
  if (bound.kind === 'max') return -1;
  return member < bound.value ? -1 : member > bound.value ? 1 : 0;
}

export function lexGteMin(member: string, range: LexRange): boolean {
  const min = range.min;
  const cmp = compareToBound(member, min);
  return min.kind === 'value' && min.exclusive ? cmp > 0 : cmp >= 0;
}

export function lexLteMax(member: string, range: LexRange): boolean {
  const max = range.max;
  const cmp = compareToBound(member, max);
  return max.kind === 'value' && max.exclusive ? cmp < 0 : cmp <= 0;
}

/** sdscmplex of two bounds; equal sentinels compare equal. */
function compareBounds(a: LexBound, b: LexBound): number {
  if (a.kind === b.kind && a.kind !== 'value') return 0;
  if (a.kind === 'min' || b.kind === 'max') return -1;
  if (a.kind === 'max' || b.kind === 'min') return 1;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/**
 * zslIsInLexRange's first test: min above max, or equal with either end exclusive. Redis marks
 * `-` and `+` exclusive too, so "- -" and "+ +" are empty.
 */
export function lexRangeIsEmpty(range: LexRange): boolean {
  const cmp = compareBounds(range.min, range.max);
  const exclusive = (b: LexBound): boolean => b.kind !== 'value' || b.exclusive;
  return cmp > 0 || (cmp === 0 && (exclusive(range.min) || exclusive(range.max)));
}
