// Redis's strict number parsing and formatting: the rules every numeric argument and every
// numeric string value goes through (INCR, EXPIRE, LRANGE, ZADD, INCRBYFLOAT, CONFIG SET ...).
// Mirrors: redis src/util.c (string2ll, string2l, string2d, string2ld, ll2string, d2string,
// ld2string, memtoull), src/object.c (getLongLongFromObject, getDoubleFromObject,
// getLongDoubleFromObject) and src/networking.c (addReplyDouble).
//
// Redis has three number kinds, each with its own rules (all checked against redis-server 7.0.15,
// see test/unit/util/numbers.test.ts):
//
// 1. Integers (string2ll): the text must be exactly what Redis would print for the number: no
//    '+', no spaces, no leading zeros, no "-0", and within int64. Commands read `long long` or
//    `long`, both 64 bits on x86-64 Linux, so int64 is the one range. JS numbers hold integers
//    exactly only up to 2^53, so the parser returns a number when it is safe and a bigint beyond.
//
// 2. Doubles (string2d, for ZADD scores and every other float argument): whatever C's strtod
//    accepts, as long as it uses the whole string: "+1", ".5", "5.", "1e5", hex floats ("0x1p3"),
//    "inf"/"infinity" in any case. Rejected: empty, a leading space, NaN, and literals that
//    overflow to infinity or underflow to zero (a subnormal result is fine). Replies print doubles
//    with printf's "%.17g" (addReplyDouble), so ZSCORE of 0.1 is "0.10000000000000001".
//
// 3. Long doubles (string2ld, for INCRBYFLOAT and HINCRBYFLOAT): the same syntax parsed into C's
//    `long double`, which on x86-64 is the x87 80-bit format (64-bit mantissa, exponent to
//    ±16383), added in that precision and printed with "%.17Lf" minus trailing zeros. The extra
//    11 bits are why `INCRBYFLOAT k 0.1` answers "0.1" rather than "0.10000000000000001", and why
//    0.1 + 0.2 gives "0.3". JS has no such type, so we emulate it exactly with BigInt: a value is
//    mantissa × 2^exponent, parsing and addition round to nearest-even at 64 bits just as the FPU
//    does, and printing expands the exact binary value. Every INCRBYFLOAT result therefore matches
//    Redis byte for byte, including "1e400" (fine in 80 bits, infinite as a double). It costs a few
//    microseconds per call, which INCRBYFLOAT can afford; the integer and double paths stay on
//    plain numbers.

// --- Bytes and constants ---

const CH_PLUS = 0x2b;
const CH_MINUS = 0x2d;
const CH_DOT = 0x2e;
const CH_0 = 0x30;
const CH_1 = 0x31;
const CH_9 = 0x39;
const CH_OPEN_PAREN = 0x28;
const CH_CLOSE_PAREN = 0x29;
const CH_UNDERSCORE = 0x5f;

export const LLONG_MAX = 9223372036854775807n;
export const LLONG_MIN = -9223372036854775808n;
const ULLONG_MAX = 18446744073709551615n;
/** string2ll rejects text this long or longer (the widest int64 needs 20 bytes). */
const LONG_STR_SIZE = 21;
/** string2ld copies into a buffer this big, so it rejects text of this length or longer. */
const MAX_LONG_DOUBLE_CHARS = 5 * 1024;
/** memtoull copies the digits into a 128-byte buffer; 128 digits or more is an error. */
const MEMTOULL_MAX_DIGITS = 127;

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= CH_0 && byte <= CH_9;
}

/** C's isspace() in the C locale: space, \t, \n, \v, \f, \r. */
function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || (byte !== undefined && byte >= 0x09 && byte <= 0x0d);
}

function hexDigitValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= CH_0 && byte <= CH_9) return byte - CH_0;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

// --- Integers (string2ll) ---

/**
 * Parse an integer with string2ll's rules. Returns a number when the value is a safe integer
 * (|v| <= 2^53 - 1: every count, index and TTL in practice), a bigint for the rest of the int64
 * range, and null when the text is not a valid int64 (the caller replies
 * 'ERR value is not an integer or out of range'). Clamping callers (LRANGE) use `Number(v)`;
 * callers that need exact 64-bit arithmetic (INCRBY, EXPIRE overflow checks) take the bigint path.
 * Hot path: no strings, no regex, a single pass over the bytes.
 */
export function parseLongLong(buf: Uint8Array): number | bigint | null {
  const len = buf.length;
  if (len === 0 || len >= LONG_STR_SIZE) return null;
  const negative = buf[0] === CH_MINUS;
  const start = negative ? 1 : 0;
  const first = buf[start];
  // The first digit is 1-9; the only number allowed to start with 0 is "0" itself.
  if (first === undefined || first < CH_1 || first > CH_9) {
    return len === 1 && first === CH_0 ? 0 : null;
  }
  const digits = len - start;
  if (digits <= 15) {
    // Fifteen decimal digits stay below 2^53, so plain arithmetic is exact.
    let value = first - CH_0;
    for (let i = start + 1; i < len; i++) {
      const byte = buf[i] as number;
      if (byte < CH_0 || byte > CH_9) return null;
      value = value * 10 + (byte - CH_0);
    }
    return negative ? -value : value;
  }
  // 16 to 20 digits: split into a high part and the low 15 digits, combine as a bigint.
  let high = 0;
  let low = 0;
  const lowStart = len - 15;
  for (let i = start; i < len; i++) {
    const byte = buf[i] as number;
    if (byte < CH_0 || byte > CH_9) return null;
    if (i < lowStart) high = high * 10 + (byte - CH_0);
    else low = low * 10 + (byte - CH_0);
  }
  const magnitude = BigInt(high) * 1_000_000_000_000_000n + BigInt(low);
  const value = negative ? -magnitude : magnitude;
  if (value > LLONG_MAX || value < LLONG_MIN) return null;
  return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
}

/**
 * The common case of parseLongLong: the value as a JS number, or null when the text is invalid
 * OR valid but beyond ±(2^53 - 1). Callers that must tell those apart fall back to parseInt64.
 */
export function parseSafeInt(buf: Uint8Array): number | null {
  const value = parseLongLong(buf);
  return typeof value === 'number' ? value : null;
}

/** string2ll with the exact int64 value as a bigint, or null when the text is not a valid int64. */
export function parseInt64(buf: Uint8Array): bigint | null {
  const value = parseLongLong(buf);
  return value === null ? null : BigInt(value);
}

/** ll2string: the canonical decimal text of an integer (the only text parseLongLong accepts). */
export function formatInt(value: number | bigint): string {
  return String(value); // String(-0) is "0", as C prints (long long)-0.0
}

// --- Scanning C float syntax (strtod, strtold) ---
//
// One scanner serves both strtod and strtold: it finds the longest prefix C would convert and says
// which form it was. The conversion itself is done separately per target format.

const FLOAT_NONE = 0;
const FLOAT_DECIMAL = 1;
const FLOAT_HEX = 2;
const FLOAT_INFINITY = 3;
const FLOAT_NAN = 4;

// Results of the last scanFloat call. Module scratch instead of a returned object keeps ZADD's
// per-score parse free of allocations.
let scannedKind = FLOAT_NONE;
let scannedNegative = false;
/** Whether the mantissa had a nonzero digit (so a zero result means underflow). */
let scannedNonZero = false;

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
function scanFloat(buf: Uint8Array, at: number): number {
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

const IEEE_DOUBLE: BinaryFormat = { precision: 53, minExponent: -1074, maxExponent: 1024 };
/** C `long double` on x86-64 Linux: the x87 80-bit extended format. */
const X87_EXTENDED: BinaryFormat = { precision: 64, minExponent: -16445, maxExponent: 16384 };

/** A finite binary value mantissa × 2^exponent (mantissa >= 0). */
interface Binary {
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
function roundToFormat(mantissa: bigint, exponent: number, sticky: boolean, format: BinaryFormat): Binary | null {
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
function hexToBinary(buf: Uint8Array, at: number, end: number, format: BinaryFormat): Binary | null {
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
function decimalToBinary(buf: Uint8Array, at: number, end: number, format: BinaryFormat): Binary | null {
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

function binaryToNumber(value: Binary): number {
  return Number(value.mantissa) * 2 ** value.exponent;
}

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

// --- Long doubles (string2ld, ld2string): INCRBYFLOAT and HINCRBYFLOAT ---

/** A C `long double` (x87 80-bit) value: ±mantissa × 2^exponent, ±infinity or NaN. */
export type LongDouble =
  | { readonly kind: 'finite'; readonly negative: boolean; readonly mantissa: bigint; readonly exponent: number }
  | { readonly kind: 'infinite'; readonly negative: boolean }
  | { readonly kind: 'nan' };

function finite(negative: boolean, value: Binary): LongDouble {
  return { kind: 'finite', negative, mantissa: value.mantissa, exponent: value.exponent };
}

/**
 * Parse with string2ld's rules (getLongDoubleFromObject): like parseDouble, but into 80-bit range
 * and precision ("1e400" is fine, "1e5000" is not), and text of 5120 bytes or more is rejected.
 * Returns null on error ('ERR value is not a valid float'; HINCRBYFLOAT says
 * 'ERR hash value is not a float' for the stored value).
 */
export function parseLongDouble(buf: Uint8Array): LongDouble | null {
  const len = buf.length;
  if (len === 0 || len >= MAX_LONG_DOUBLE_CHARS || isSpace(buf[0])) return null;
  if (scanFloat(buf, 0) !== len) return null;
  const negative = scannedNegative;
  switch (scannedKind) {
    case FLOAT_INFINITY:
      return { kind: 'infinite', negative };
    case FLOAT_DECIMAL:
    case FLOAT_HEX: {
      const nonZero = scannedNonZero;
      const value =
        scannedKind === FLOAT_HEX ? hexToBinary(buf, 0, len, X87_EXTENDED) : decimalToBinary(buf, 0, len, X87_EXTENDED);
      if (value === null || (value.mantissa === 0n && nonZero)) return null; // ERANGE
      return finite(negative, value);
    }
    default:
      return null; // NaN, or nothing to convert
  }
}

/** The exact long double of a double (every double is one). */
export function longDoubleFromNumber(value: number): LongDouble {
  if (Number.isNaN(value)) return { kind: 'nan' };
  const negative = value < 0 || Object.is(value, -0);
  if (!Number.isFinite(value)) return { kind: 'infinite', negative };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & 0xfffffffffffffn;
  return biased === 0
    ? { kind: 'finite', negative, mantissa: fraction, exponent: -1074 }
    : { kind: 'finite', negative, mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** The nearest double to a long double (what a C cast does), for callers that need a number. */
export function longDoubleToNumber(value: LongDouble): number {
  if (value.kind === 'nan') return NaN;
  if (value.kind === 'infinite') return value.negative ? -Infinity : Infinity;
  const rounded = roundToFormat(value.mantissa, value.exponent, false, IEEE_DOUBLE);
  const magnitude = rounded === null ? Infinity : binaryToNumber(rounded);
  return value.negative ? -magnitude : magnitude;
}

/** a + b in x87 extended precision, rounded to nearest even; overflow gives infinity. */
export function addLongDoubles(a: LongDouble, b: LongDouble): LongDouble {
  if (a.kind === 'nan' || b.kind === 'nan') return { kind: 'nan' };
  if (a.kind === 'infinite' || b.kind === 'infinite') {
    if (a.kind === 'infinite' && b.kind === 'infinite' && a.negative !== b.negative) return { kind: 'nan' };
    return a.kind === 'infinite' ? a : b;
  }
  if (a.mantissa === 0n && b.mantissa === 0n) {
    return { kind: 'finite', negative: a.negative && b.negative, mantissa: 0n, exponent: 0 };
  }
  if (a.mantissa === 0n) return b;
  if (b.mantissa === 0n) return a;
  // Exact sum on a common exponent, then one rounding, as the FPU does.
  const exponent = Math.min(a.exponent, b.exponent);
  const aValue = a.mantissa << BigInt(a.exponent - exponent);
  const bValue = b.mantissa << BigInt(b.exponent - exponent);
  const sum = (a.negative ? -aValue : aValue) + (b.negative ? -bValue : bValue);
  if (sum === 0n) return { kind: 'finite', negative: false, mantissa: 0n, exponent: 0 };
  const negative = sum < 0n;
  const rounded = roundToFormat(negative ? -sum : sum, exponent, false, X87_EXTENDED);
  return rounded === null ? { kind: 'infinite', negative } : finite(negative, rounded);
}

/** Whether INCRBYFLOAT may store the value (otherwise 'ERR increment would produce NaN or Infinity'). */
export function isFiniteLongDouble(value: LongDouble): boolean {
  return value.kind === 'finite';
}

const TEN_TO_17 = 10n ** 17n;

/**
 * ld2string in human mode, the text INCRBYFLOAT and HINCRBYFLOAT store and reply: printf "%.17Lf"
 * (exact binary value, rounded half to even at 17 decimals), then trailing zeros and a bare point
 * dropped, and "-0" turned into "0". "inf", "-inf" and "nan" print as such. A number argument is
 * first widened exactly to long double.
 */
export function formatLongDouble(value: LongDouble | number): string {
  const x = typeof value === 'number' ? longDoubleFromNumber(value) : value;
  if (x.kind === 'nan') return 'nan';
  if (x.kind === 'infinite') return x.negative ? '-inf' : 'inf';
  let integerPart: string;
  let fraction = '';
  if (x.exponent >= 0) {
    integerPart = (x.mantissa << BigInt(x.exponent)).toString();
  } else {
    const scaled = x.mantissa * TEN_TO_17;
    const shift = BigInt(-x.exponent);
    let units = scaled >> shift; // the value in units of 1e-17, truncated
    const dropped = scaled - (units << shift);
    const half = 1n << (shift - 1n);
    if (dropped > half || (dropped === half && (units & 1n) === 1n)) units += 1n;
    integerPart = (units / TEN_TO_17).toString();
    fraction = (units % TEN_TO_17).toString().padStart(17, '0');
    let last = fraction.length;
    while (last > 0 && fraction.charCodeAt(last - 1) === CH_0) last--;
    fraction = fraction.slice(0, last);
  }
  const body = fraction === '' ? integerPart : `${integerPart}.${fraction}`;
  return x.negative && body !== '0' ? `-${body}` : body;
}

// --- Memory sizes (memtoull) ---

const MEMORY_UNITS: ReadonlyMap<string, bigint> = new Map([
  ['', 1n],
  ['b', 1n],
  ['k', 1000n],
  ['kb', 1024n],
  ['m', 1000n * 1000n],
  ['mb', 1024n * 1024n],
  ['g', 1000n * 1000n * 1000n],
  ['gb', 1024n * 1024n * 1024n],
]);

/**
 * Parse a memory size the way redis.conf and CONFIG SET do (memtoull): decimal digits then an
 * optional unit, case-insensitive: b, k (1000), kb (1024), m, mb, g, gb. No sign, spaces, or
 * fraction ("1.5mb" and "-1" are errors: null). Faithful quirks: "" and a bare unit ("kb") are 0;
 * text stops at a NUL byte; 128 digits or more is an error; a number beyond 2^64-1 saturates and
 * the multiplication then wraps modulo 2^64 ("17179869184gb" is 0), as the C code does.
 */
export function parseMemory(text: string): bigint | null {
  const nul = text.indexOf('\0');
  const input = nul === -1 ? text : text.slice(0, nul);
  let digits = 0;
  while (digits < input.length && isDigit(input.charCodeAt(digits))) digits++;
  let unit = '';
  for (let i = digits; i < input.length; i++) {
    const code = input.charCodeAt(i);
    unit += String.fromCharCode(code >= 0x41 && code <= 0x5a ? code + 0x20 : code); // ASCII-only, like strcasecmp
  }
  const multiplier = MEMORY_UNITS.get(unit);
  if (multiplier === undefined || digits > MEMTOULL_MAX_DIGITS) return null;
  let value = digits === 0 ? 0n : BigInt(input.slice(0, digits));
  if (value > ULLONG_MAX) value = ULLONG_MAX; // strtoull saturates
  return (value * multiplier) & ULLONG_MAX;
}
