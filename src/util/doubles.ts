// Doubles: parsing (string2d, bare strtod for range bounds) and printing ("%.17g", d2string).
// Mirrors: redis src/util.c (string2d, d2string), src/object.c (getDoubleFromObject),
// src/networking.c (addReplyDouble).
//
// Doubles (string2d, for ZADD scores and every other float argument): whatever C's strtod
// accepts, as long as it uses the whole string: "+1", ".5", "5.", "1e5", hex floats ("0x1p3"),
// "inf"/"infinity" in any case. Rejected: empty, a leading space, NaN, and literals that
// overflow to infinity or underflow to zero (a subnormal result is fine). Replies print doubles
// with printf's "%.17g" (addReplyDouble), so ZSCORE of 0.1 is "0.10000000000000001".

import {
  binaryToNumber, FLOAT_DECIMAL, FLOAT_HEX, FLOAT_INFINITY, hexToBinary, IEEE_DOUBLE, scanFloat, scannedKind,
  scannedNegative, scannedNonZero,
} from './float-scan.js';
import { CH_0, CH_9, CH_DOT, CH_MINUS, isSpace } from './number-syntax.js';

// --- Doubles (string2d, strtod) ---

/**
 * Parse a float argument with getDoubleFromObject's rules (ZADD, ZINCRBY, GEOADD, ...): the whole
 * text must be a C float literal, no leading space, not NaN, not out of double range. Returns
 * null on error (the caller replies 'ERR value is not a valid float').
 */
export function parseDouble(buf: Buffer): number | null {
  const len = buf.length;
  if (len === 0 || isSpace(buf[0])) return null;
  const simple = parseSimpleDecimal(buf);
  if (simple !== null) return simple;
  if (scanFloat(buf, 0) !== len) return null;
  const value = scannedToNumber(buf, 0, len);
  if (Number.isNaN(value)) return null;
  // Overflow to infinity from a finite literal, or a nonzero literal rounded to zero: ERANGE.
  if (scannedKind !== FLOAT_INFINITY && !Number.isFinite(value)) return null;
  if (value === 0 && scannedNonZero) return null;
  return value;
}

/** Exact powers of ten for parseSimpleDecimal (written out: every one is an exact double). */
const POWERS_OF_TEN: readonly number[] = [
  1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/**
 * Fast path for the scores clients usually send: an optional '-', at most 15 digits and at most
 * one '.', nothing else. Such a value is an exact integer over an exact power of ten (10^k, k <=
 * 15), and one IEEE division of two exact values is correctly rounded, so the result equals
 * strtod's without building a string. Returns null for anything else (the general path decides).
 */
function parseSimpleDecimal(buf: Uint8Array): number | null {
  const len = buf.length;
  const negative = buf[0] === CH_MINUS;
  let i = negative ? 1 : 0;
  if (len - i > 16) return null;
  let value = 0;
  let digits = 0;
  let point = -1;
  for (; i < len; i++) {
    const byte = buf[i] as number;
    if (byte >= CH_0 && byte <= CH_9) {
      value = value * 10 + (byte - CH_0);
      digits++;
    } else if (byte === CH_DOT && point === -1) {
      point = i;
    } else {
      return null;
    }
  }
  if (digits === 0 || digits > 15) return null;
  if (point !== -1) value /= POWERS_OF_TEN[len - 1 - point] as number;
  return negative ? -value : value;
}

export interface StrtodResult {
  /** The converted value (0 when nothing converted; may be NaN or ±Infinity). */
  readonly value: number;
  /** Offset just past the converted text; equal to `start` when nothing converted. */
  readonly end: number;
  /** C's errno == ERANGE: the literal overflowed, or was nonzero and rounded to zero. */
  readonly rangeError: boolean;
}

/**
 * C's strtod on buf[start..]: skips leading whitespace and converts the longest valid prefix. For
 * callers with laxer rules than parseDouble, such as ZRANGEBYSCORE/ZCOUNT bounds (zslParseRange):
 * Redis only checks that the conversion reached the end of the C string and is not NaN, so " 1",
 * "" (as 0), "1e999" (as inf) and "1\0x" (a NUL byte ends a C string) are all valid bounds; write
 * that check as `(end === buf.length || buf[end] === 0) && !Number.isNaN(value)`.
 * `rangeError` is set for overflow and for nonzero literals that round to zero; glibc also flags
 * inexact subnormals, which no Redis caller can observe.
 */
export function strtod(buf: Buffer, start = 0): StrtodResult {
  let at = start;
  while (isSpace(buf[at])) at++;
  const end = scanFloat(buf, at);
  if (end === at) return { value: 0, end: start, rangeError: false };
  const value = scannedToNumber(buf, at, end);
  const rangeError =
    (scannedKind === FLOAT_DECIMAL || scannedKind === FLOAT_HEX) &&
    (!Number.isFinite(value) || (value === 0 && scannedNonZero));
  return { value, end, rangeError };
}

/** The double value of the literal scanFloat just found in buf[at..end). */
function scannedToNumber(buf: Buffer, at: number, end: number): number {
  switch (scannedKind) {
    case FLOAT_DECIMAL:
      // JS's Number() accepts every C decimal form ("5.", ".5", "+1e3") and rounds correctly.
      return Number(buf.toString('latin1', at, end));
    case FLOAT_HEX: {
      const rounded = hexToBinary(buf, at, end, IEEE_DOUBLE);
      const magnitude = rounded === null ? Infinity : binaryToNumber(rounded);
      return scannedNegative ? -magnitude : magnitude;
    }
    case FLOAT_INFINITY:
      return scannedNegative ? -Infinity : Infinity;
    default:
      return NaN;
  }
}

/**
 * A double as Redis 7.0 replies with it (addReplyDouble, RESP2 bulk and RESP3 `,`): printf "%.17g",
 * with "inf" and "-inf". So 1 → "1", 0.1 → "0.10000000000000001", 1e20 → "1e+20", 1e-5 →
 * "1.0000000000000001e-05", -0 → "-0".
 */
export function formatDouble(value: number): string {
  if (Number.isSafeInteger(value)) return Object.is(value, -0) ? '-0' : String(value);
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return formatG17(value);
}

/**
 * A double as Redis 7.0 writes it when it stores a score as text (d2string: listpack-encoded zset
 * entries): integral values within ±2^62 print as plain integers (so -0 becomes "0"), the rest as
 * formatDouble does.
 */
export function formatStoredDouble(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) <= 2 ** 62) {
    return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
  }
  return formatDouble(value);
}

/** printf("%.17g") for a finite, non-safe-integer double. */
function formatG17(value: number): string {
  const negative = value < 0;
  const magnitude = Math.abs(value);
  let digits: string;
  let exponent10: number;
  // V8's toExponential rounds ties away from zero, glibc's printf to even. A tie at 17 digits
  // needs an exact 18-digit expansion ending in 5, i.e. m / 2^k with k <= 25; those few values
  // take the exact BigInt route.
  if (Number.isInteger(magnitude * 33554432 /* 2^25 */) && !Number.isInteger(magnitude)) {
    [digits, exponent10] = exactDigits17(magnitude);
  } else {
    const text = magnitude.toExponential(16); // "d.dddddddddddddddde±x"
    const e = text.indexOf('e');
    digits = text.slice(0, 1) + text.slice(2, e);
    exponent10 = Number(text.slice(e + 1));
  }
  let last = digits.length;
  while (last > 1 && digits.charCodeAt(last - 1) === CH_0) last--;
  digits = digits.slice(0, last);
  let body: string;
  if (exponent10 < -4 || exponent10 >= 17) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const absExp = Math.abs(exponent10);
    body = `${mantissa}e${exponent10 < 0 ? '-' : '+'}${absExp < 10 ? '0' : ''}${absExp}`;
  } else if (exponent10 < 0) {
    body = `0.${'0'.repeat(-exponent10 - 1)}${digits}`;
  } else if (digits.length > exponent10 + 1) {
    body = `${digits.slice(0, exponent10 + 1)}.${digits.slice(exponent10 + 1)}`;
  } else {
    body = digits + '0'.repeat(exponent10 + 1 - digits.length);
  }
  return negative ? `-${body}` : body;
}

/** 17 significant digits of a positive m / 2^k (k <= 25), rounded half to even, and the exponent. */
function exactDigits17(magnitude: number): [string, number] {
  let k = 0;
  while (!Number.isInteger(magnitude * 2 ** k)) k++;
  const exact = (BigInt(magnitude * 2 ** k) * 5n ** BigInt(k)).toString(); // magnitude × 10^k
  const exponent10 = exact.length - 1 - k;
  if (exact.length <= 17) return [exact.padEnd(17, '0'), exponent10];
  const dropped = exact.length - 17;
  const scale = 10n ** BigInt(dropped);
  const full = BigInt(exact);
  let kept = full / scale;
  const remainder = (full - kept * scale) * 2n;
  if (remainder > scale || (remainder === scale && (kept & 1n) === 1n)) kept += 1n;
  const text = kept.toString();
  // Rounding 99..9 up adds a digit: drop it and bump the exponent.
  return text.length > 17 ? [text.slice(0, 17), exponent10 + 1] : [text, exponent10];
}
