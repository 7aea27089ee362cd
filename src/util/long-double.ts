// Long doubles for INCRBYFLOAT and HINCRBYFLOAT: parse, add and print like x87's 80-bit format.
// Mirrors: redis src/util.c (string2ld, ld2string), src/object.c (getLongDoubleFromObject).
//
// Long doubles (string2ld, for INCRBYFLOAT and HINCRBYFLOAT): the same syntax parsed into C's
// `long double`, which on x86-64 is the x87 80-bit format (64-bit mantissa, exponent to
// ±16383), added in that precision and printed with "%.17Lf" minus trailing zeros. The extra
// 11 bits are why `INCRBYFLOAT k 0.1` answers "0.1" rather than "0.10000000000000001", and why
// 0.1 + 0.2 gives "0.3". JS has no such type, so we emulate it exactly with BigInt: a value is
// mantissa × 2^exponent, parsing and addition round to nearest-even at 64 bits just as the FPU
// does, and printing expands the exact binary value. Every INCRBYFLOAT result therefore matches
// Redis byte for byte, including "1e400" (fine in 80 bits, infinite as a double). It costs a few
// microseconds per call, which INCRBYFLOAT can afford; the integer and double paths stay on
// plain numbers.

import {
  binaryToNumber, decimalToBinary, FLOAT_DECIMAL, FLOAT_HEX, FLOAT_INFINITY, hexToBinary, IEEE_DOUBLE, roundToFormat,
  scanFloat, scannedKind, scannedNegative, scannedNonZero, X87_EXTENDED, type Binary,
} from './float-scan.js';
import { CH_0, isSpace, MAX_LONG_DOUBLE_CHARS } from './number-syntax.js';

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
