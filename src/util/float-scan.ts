// Scanning C's float syntax and rounding the exact value to a binary format: the shared core of
// strtod (doubles) and strtold (x87 long doubles), and of the long double adder.
// Mirrors: glibc strtod/strtold, as redis src/util.c (string2d, string2ld) calls them.
//
// Parsing is exact: a decimal or hex literal becomes mantissa × 2^exponent with BigInt, then rounds
// to nearest-even at the target precision (53 bits for a double, 64 for an x87 long double).

import {
  CH_0, CH_CLOSE_PAREN, CH_DOT, CH_MINUS, CH_OPEN_PAREN, CH_PLUS, CH_UNDERSCORE, hexDigitValue, isDigit,
} from './number-syntax.js';

// --- Scanning C float syntax (strtod, strtold) ---
//
// One scanner serves both strtod and strtold: it finds the longest prefix C would convert and says
// which form it was. The conversion itself is done separately per target format.

const FLOAT_NONE = 0;
export const FLOAT_DECIMAL = 1;
export const FLOAT_HEX = 2;
export const FLOAT_INFINITY = 3;
const FLOAT_NAN = 4;

// Results of the last scanFloat call. Module scratch instead of a returned object keeps ZADD's
// per-score parse free of allocations.
export let scannedKind = FLOAT_NONE;
export let scannedNegative = false;
/** Whether the mantissa had a nonzero digit (so a zero result means underflow). */
export let scannedNonZero = false;

function matchWordIgnoringCase(buf: Uint8Array, at: number, lowerWord: string): boolean {
  for (let i = 0; i < lowerWord.length; i++) {
    const byte = buf[at + i];
    if (byte === undefined || (byte | 0x20) !== lowerWord.charCodeAt(i)) return false;
  }
  return true;
}

/** Scan decimal or hex digits with an optional point; returns the end and counts digits seen. */
function scanDigits(buf: Uint8Array, at: number, hex: boolean): number {
  let i = at;
  let sawPoint = false;
  let digits = 0;
  for (;;) {
    const byte = buf[i];
    if (byte === CH_DOT && !sawPoint) sawPoint = true;
    else if (hex ? hexDigitValue(byte) >= 0 : isDigit(byte)) {
      digits++;
      if (byte !== CH_0) scannedNonZero = true;
    } else break;
    i++;
  }
  return digits === 0 ? -1 : i;
}

/** An exponent part (`e±ddd` or `p±ddd`) at `at`, if complete; returns its end or `at`. */
function scanExponent(buf: Uint8Array, at: number, marker: number): number {
  if (((buf[at] ?? 0) | 0x20) !== marker) return at;
  let i = at + 1;
  if (buf[i] === CH_PLUS || buf[i] === CH_MINUS) i++;
  if (!isDigit(buf[i])) return at; // "1e" and "1e+" stop before the 'e'
  while (isDigit(buf[i])) i++;
  return i;
}

/**
 * Find the longest prefix of buf[at..] that C's strtod would convert (leading spaces are the
 * caller's business). Returns its end, or `at` when nothing converts; sets the scanned* slots.
 */
export function scanFloat(buf: Uint8Array, at: number): number {
  let i = at;
  scannedKind = FLOAT_NONE;
  scannedNonZero = false;
  scannedNegative = buf[i] === CH_MINUS;
  if (buf[i] === CH_PLUS || buf[i] === CH_MINUS) i++;
  const lead = (buf[i] ?? 0) | 0x20;
  if (lead === 0x69 /* i */ && matchWordIgnoringCase(buf, i, 'inf')) {
    scannedKind = FLOAT_INFINITY;
    i += 3;
    return matchWordIgnoringCase(buf, i, 'inity') ? i + 5 : i;
  }
  if (lead === 0x6e /* n */ && matchWordIgnoringCase(buf, i, 'nan')) {
    scannedKind = FLOAT_NAN;
    i += 3;
    if (buf[i] !== CH_OPEN_PAREN) return i;
    // "nan(chars)": the parenthesised part counts only when it is closed.
    let j = i + 1;
    for (;;) {
      const byte = buf[j];
      if (byte === undefined) return i;
      if (byte === CH_CLOSE_PAREN) return j + 1;
      if (!isDigit(byte) && byte !== CH_UNDERSCORE && !((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a)) return i;
      j++;
    }
  }
  if (buf[i] === CH_0 && ((buf[i + 1] ?? 0) | 0x20) === 0x78 /* x */) {
    const end = scanDigits(buf, i + 2, true);
    if (end !== -1) {
      scannedKind = FLOAT_HEX;
      return scanExponent(buf, end, 0x70 /* p */);
    }
    // "0x" with no hex digit: strtod converts the "0" and stops at the 'x'.
    scannedKind = FLOAT_DECIMAL;
    return i + 1;
  }
  const end = scanDigits(buf, i, false);
  if (end === -1) return at;
  scannedKind = FLOAT_DECIMAL;
  return scanExponent(buf, end, 0x65 /* e */);
}

// --- Exact binary rounding (what strtod, strtold and the x87 adder all do) ---

interface BinaryFormat {
  /** Mantissa bits, counting the leading one. */
  readonly precision: number;
  /** Exponent of the lowest bit of the smallest subnormal. */
  readonly minExponent: number;
  /** Values at or above 2^maxExponent overflow to infinity. */
  readonly maxExponent: number;
}

const LOG10_2 = Math.log10(2);

export const IEEE_DOUBLE: BinaryFormat = { precision: 53, minExponent: -1074, maxExponent: 1024 };
/** C `long double` on x86-64 Linux: the x87 80-bit extended format. */
export const X87_EXTENDED: BinaryFormat = { precision: 64, minExponent: -16445, maxExponent: 16384 };

/** A finite binary value mantissa × 2^exponent (mantissa >= 0). */
export interface Binary {
  readonly mantissa: bigint;
  readonly exponent: number;
}

function bitLength(value: bigint): number {
  if (value === 0n) return 0;
  const hex = value.toString(16);
  return hex.length * 4 - (Math.clz32(parseInt(hex[0] as string, 16)) - 28);
}

/**
 * Round mantissa × 2^exponent (plus a nonzero remainder below its last bit when `sticky`) to the
 * format, to nearest with ties to even. Returns null on overflow. Callers passing `sticky` supply
 * at least precision + 2 bits, so the rounding point always lies inside the given mantissa.
 */
export function roundToFormat(mantissa: bigint, exponent: number, sticky: boolean, format: BinaryFormat): Binary | null {
  if (mantissa === 0n) return { mantissa: 0n, exponent: 0 };
  const bits = bitLength(mantissa);
  if (exponent + bits > format.maxExponent) return null;
  const lowestBit = Math.max(exponent + bits - format.precision, format.minExponent);
  if (lowestBit <= exponent) return { mantissa, exponent };
  const shift = lowestBit - exponent;
  if (shift > bits) return { mantissa: 0n, exponent: 0 }; // below half the smallest subnormal
  const bigShift = BigInt(shift);
  let kept = mantissa >> bigShift;
  const dropped = mantissa - (kept << bigShift);
  const half = 1n << (bigShift - 1n);
  if (dropped > half || (dropped === half && (sticky || (kept & 1n) === 1n))) kept += 1n;
  if (kept !== 0n && lowestBit + bitLength(kept) > format.maxExponent) return null;
  return { mantissa: kept, exponent: lowestBit };
}

/** Exponent digits, saturated far beyond any format's range so huge exponents stay cheap. */
function readExponent(buf: Uint8Array, at: number, end: number): number {
  let i = at;
  const negative = buf[i] === CH_MINUS;
  if (buf[i] === CH_PLUS || buf[i] === CH_MINUS) i++;
  let value = 0;
  for (; i < end; i++) value = Math.min(value * 10 + ((buf[i] as number) - CH_0), 1e9);
  return negative ? -value : value;
}

/** Convert a scanned hex literal buf[at..end) (sign already noted) to the format. */
export function hexToBinary(buf: Uint8Array, at: number, end: number, format: BinaryFormat): Binary | null {
  let i = at;
  if (buf[i] === CH_PLUS || buf[i] === CH_MINUS) i++;
  i += 2; // "0x"
  let digits = '';
  let fractionDigits = 0;
  let sawPoint = false;
  for (; i < end; i++) {
    const byte = buf[i] as number;
    if (byte === CH_DOT) sawPoint = true;
    else if (hexDigitValue(byte) >= 0) {
      digits += String.fromCharCode(byte);
      if (sawPoint) fractionDigits++;
    } else break;
  }
  const exponent = i < end ? readExponent(buf, i + 1, end) : 0; // skip the 'p'
  return roundToFormat(BigInt(`0x${digits}`), exponent - 4 * fractionDigits, false, format);
}

/** Convert a scanned decimal literal buf[at..end) to the format, exactly (strtold's rounding). */
export function decimalToBinary(buf: Uint8Array, at: number, end: number, format: BinaryFormat): Binary | null {
  let i = at;
  if (buf[i] === CH_PLUS || buf[i] === CH_MINUS) i++;
  let digits = '';
  let fractionDigits = 0;
  let sawPoint = false;
  for (; i < end; i++) {
    const byte = buf[i] as number;
    if (byte === CH_DOT) sawPoint = true;
    else if (isDigit(byte)) {
      if (digits !== '' || byte !== CH_0) digits += String.fromCharCode(byte);
      if (sawPoint) fractionDigits++;
    } else break;
  }
  if (digits === '') return { mantissa: 0n, exponent: 0 };
  const exponent10 = (i < end ? readExponent(buf, i + 1, end) : 0) - fractionDigits;
  // Decide far-out cases from the decimal magnitude before building huge bigints.
  // The value lies in [10^magnitude10, 10^(magnitude10 + 1)).
  const magnitude10 = digits.length - 1 + exponent10;
  if (magnitude10 > format.maxExponent * LOG10_2 + 1) return null;
  if (magnitude10 + 1 < (format.minExponent - 1) * LOG10_2 - 1) return { mantissa: 0n, exponent: 0 };
  const coefficient = BigInt(digits);
  if (exponent10 >= 0) return roundToFormat(coefficient * 10n ** BigInt(exponent10), 0, false, format);
  // A fraction: divide with enough quotient bits for the rounding, and keep the remainder's trace.
  const divisor = 10n ** BigInt(-exponent10);
  const shift = Math.max(0, format.precision + 3 + bitLength(divisor) - bitLength(coefficient));
  const scaled = coefficient << BigInt(shift);
  const quotient = scaled / divisor;
  return roundToFormat(quotient, -shift, quotient * divisor !== scaled, format);
}

export function binaryToNumber(value: Binary): number {
  return Number(value.mantissa) * 2 ** value.exponent;
}
