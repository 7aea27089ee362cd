// INCRBYFLOAT's arithmetic: Redis's `long double`, emulated exactly with BigInt.
// Mirrors: redis src/util.c (string2ld, ld2string in LD_STR_HUMAN mode), src/object.c
// (getLongDoubleFromObject, createStringObjectFromLongDouble) and src/t_string.c (incrbyfloatCommand).
//
// The problem: INCRBYFLOAT parses the stored value and the increment with strtold, adds them as C
// `long double`s and prints the sum with "%.17Lf", trimming trailing zeros. On x86-64 Linux, where
// Redis usually runs, a long double is the x87 80-bit extended format: a 64-bit significand (with an
// explicit integer bit) and a 15-bit exponent, so it holds every int64 exactly and reaches ~1.19e4932.
// A JS double (53-bit significand, max ~1.8e308) would print other digits: Redis answers
// `INCRBYFLOAT k 1.23456789012345678901234` with 1.23456789012345679 and happily adds 1e308 twice.
//
// The algorithm: a value is sign × significand × 2^exponent with a BigInt significand below 2^64.
// Every operation (decimal or hex parsing, addition) first computes the exact result as a big
// integer, possibly with a "sticky" flag for a nonzero remainder below it, then rounds once to 64
// significant bits, ties to even: exactly what the x87 unit and glibc's strtold do in the default
// rounding mode. Printing is exact too: the value times 10^17, rounded half to even like glibc's
// printf, with the decimal point put back. BigInt makes the rare huge cases (1e4000) slow, not wrong.
// DIFFERS FROM REDIS: a Redis built where long double is a plain double (macOS on arm64) or a 128-bit
// quad (Linux on arm64) prints different digits; we follow x86-64 Linux.

/** A finite long double: (-1)^negative × significand × 2^exponent, significand < 2^64. */
export interface FiniteLongDouble {
  readonly kind: 'finite';
  readonly negative: boolean;
  readonly significand: bigint;
  readonly exponent: number;
}

export interface InfiniteLongDouble {
  readonly kind: 'infinite';
  readonly negative: boolean;
}

export type LongDouble = FiniteLongDouble | InfiniteLongDouble;

/** MAX_LONG_DOUBLE_CHARS (util.h): string2ld refuses inputs this long or longer. */
export const MAX_LONG_DOUBLE_CHARS = 5 * 1024;
/** The x87 extended format: 64 significand bits, the integer bit included. */
const SIGNIFICAND_BITS = 64;
/** Exponent of the lowest significand bit of the smallest subnormal, 2^-16445. */
const MIN_EXPONENT = -16445;
/** Exponent of the lowest significand bit of the largest finite value, (2^64-1) × 2^16320. */
const MAX_EXPONENT = 16320;
/** Decimal exponents beyond these bounds certainly overflow or underflow (bounds are loose on purpose). */
const MAX_DECIMAL_EXPONENT = 4933;
const MIN_DECIMAL_EXPONENT = -4952;
/** Extra quotient bits kept when dividing, so rounding never lacks a guard bit. */
const GUARD_BITS = 2;
/** %.17Lf: the digits ld2string prints after the point (LD_STR_HUMAN). */
const HUMAN_FRACTION_DIGITS = 17;
const TEN_POW_17 = 10n ** BigInt(HUMAN_FRACTION_DIGITS);

export const LD_ZERO: FiniteLongDouble = { kind: 'finite', negative: false, significand: 0n, exponent: 0 };

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * Round the exact value (-1)^negative × (n + ε) × 2^exponent to a long double, ties to even. `sticky`
 * says ε > 0 (a nonzero remainder below n's lowest bit); callers pass it only with n holding more
 * than 64 bits, so the remainder is always below the rounding position.
 */
function round(negative: boolean, n: bigint, exponent: number, sticky: boolean): LongDouble {
  if (n === 0n) return { kind: 'finite', negative, significand: 0n, exponent: 0 };
  let shift = bitLength(n) - SIGNIFICAND_BITS;
  // Below the normal range the format keeps fewer bits (gradual underflow into subnormals).
  if (exponent + shift < MIN_EXPONENT) shift = MIN_EXPONENT - exponent;
  let significand: bigint;
  if (shift > 0) {
    const drop = BigInt(shift);
    significand = n >> drop;
    const rest = n - (significand << drop);
    const half = 1n << (drop - 1n);
    if (rest > half || (rest === half && (sticky || (significand & 1n) === 1n))) significand++;
    exponent += shift;
    if (significand === 1n << BigInt(SIGNIFICAND_BITS)) {
      significand >>= 1n;
      exponent++;
    }
  } else {
    significand = n << BigInt(-shift);
    exponent += shift;
  }
  if (significand === 0n) return { kind: 'finite', negative, significand: 0n, exponent: 0 };
  if (exponent > MAX_EXPONENT) return { kind: 'infinite', negative };
  return { kind: 'finite', negative, significand, exponent };
}

/** An int64 (an int-encoded string) as a long double: always exact. */
export function longDoubleFromInt(n: number | bigint): LongDouble {
  const big = BigInt(n);
  return round(big < 0n, big < 0n ? -big : big, 0, false);
}

const DECIMAL = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INFINITY = /^(?:inf|infinity)$/i;

/** An exponent's digits as a number, clamped: anything past ±1e7 is overflow or underflow either way. */
function exponentOf(digits: string | undefined): number {
  if (digits === undefined) return 0;
  const n = Number(digits);
  return Math.max(-1e7, Math.min(1e7, n));
}

/**
 * Parse as Redis's string2ld does: strtold must consume the whole string, leading whitespace is
 * refused, NaN is refused, and so is a value that overflows or underflows to zero (ERANGE).
 * Accepts what strtold accepts: decimals ("1.5e3", ".5", "1."), hex floats ("0x1.8p1") and
 * inf/infinity in any case. Returns null for "not a valid float".
 */
export function parseLongDouble(text: string): LongDouble | null {
  if (text.length === 0 || text.length >= MAX_LONG_DOUBLE_CHARS) return null;
  const first = text.charCodeAt(0);
  const negative = first === 0x2d; /* - */
  const body = negative || first === 0x2b /* + */ ? text.slice(1) : text;
  if (INFINITY.test(body)) return { kind: 'infinite', negative };
  const result = HEX.test(body) ? parseHex(negative, body) : parseDecimal(negative, body);
  if (result === null) return null;
  // ERANGE: overflow to infinity, or a nonzero input that underflowed to zero.
  if (result.value.kind === 'infinite') return null;
  if (result.value.significand === 0n && !result.exactZero) return null;
  return result.value;
}

interface Parsed {
  readonly value: LongDouble;
  /** The input itself was zero ("0e-999" is fine; "1e-9999" underflowing to 0 is an error). */
  readonly exactZero: boolean;
}

function parseDecimal(negative: boolean, body: string): Parsed | null {
  const m = DECIMAL.exec(body);
  if (m === null) return null;
  const whole = m[1] ?? '';
  const fraction = m[2] ?? '';
  if (whole.length + fraction.length === 0) return null;
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits.length === 0) return { value: { ...LD_ZERO, negative }, exactZero: true };
  const exp10 = exponentOf(m[3]) - fraction.length;
  // The value lies in [10^(exp10+len-1), 10^(exp10+len)): decide the hopeless cases without BigInt.
  if (exp10 + digits.length - 1 > MAX_DECIMAL_EXPONENT) return { value: { kind: 'infinite', negative }, exactZero: false };
  if (exp10 + digits.length < MIN_DECIMAL_EXPONENT) return { value: { ...LD_ZERO, negative }, exactZero: false };
  const n = BigInt(digits);
  if (exp10 >= 0) return { value: round(negative, n * 10n ** BigInt(exp10), 0, false), exactZero: false };
  // n / 10^-exp10: scale up by 2^k so the quotient has 64 bits plus guard bits; the remainder is sticky.
  const divisor = 10n ** BigInt(-exp10);
  const k = Math.max(0, SIGNIFICAND_BITS + GUARD_BITS + bitLength(divisor) - bitLength(n) + 1);
  const scaled = n << BigInt(k);
  const quotient = scaled / divisor;
  const sticky = quotient * divisor !== scaled;
  return { value: round(negative, quotient, -k, sticky), exactZero: false };
}

function parseHex(negative: boolean, body: string): Parsed | null {
  const m = HEX.exec(body);
  if (m === null) return null;
  const whole = m[1] ?? '';
  const fraction = m[2] ?? '';
  if (whole.length + fraction.length === 0) return null;
  const n = BigInt(`0x${whole}${fraction}`);
  if (n === 0n) return { value: { ...LD_ZERO, negative }, exactZero: true };
  const exp2 = exponentOf(m[3]) - 4 * fraction.length;
  return { value: round(negative, n, exp2, false), exactZero: false };
}

/** a + b, rounded once. Returns null for NaN (inf + -inf). */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.kind === 'infinite' || b.kind === 'infinite') {
    if (a.kind === 'infinite' && b.kind === 'infinite' && a.negative !== b.negative) return null;
    return a.kind === 'infinite' ? a : b;
  }
  // Line both significands up on the lower exponent: the exact sum is then one big integer.
  const low = Math.min(a.exponent, b.exponent);
  const x = a.significand << BigInt(a.exponent - low);
  const y = b.significand << BigInt(b.exponent - low);
  const sum = (a.negative ? -x : x) + (b.negative ? -y : y);
  // An exact zero sum is +0 in round-to-nearest, unless both operands were -0.
  if (sum === 0n) return { ...LD_ZERO, negative: a.negative && b.negative };
  return round(sum < 0n, sum < 0n ? -sum : sum, low, false);
}

/**
 * ld2string's human mode: "%.17Lf", trailing zeros (and a bare point) removed, and "-0" made "0".
 * Infinity is spelled "inf" / "-inf" as ld2string does, though INCRBYFLOAT never stores one.
 */
export function formatLongDoubleHuman(value: LongDouble): string {
  if (value.kind === 'infinite') return value.negative ? '-inf' : 'inf';
  // The value times 10^17, rounded to an integer half to even (glibc printf in round-to-nearest).
  let scaled: bigint;
  if (value.exponent >= 0) {
    scaled = (value.significand << BigInt(value.exponent)) * TEN_POW_17;
  } else {
    const numerator = value.significand * TEN_POW_17;
    const denominator = 1n << BigInt(-value.exponent);
    scaled = numerator / denominator;
    const twiceRest = (numerator - scaled * denominator) * 2n;
    if (twiceRest > denominator || (twiceRest === denominator && (scaled & 1n) === 1n)) scaled++;
  }
  const digits = scaled.toString().padStart(HUMAN_FRACTION_DIGITS + 1, '0');
  const whole = digits.slice(0, -HUMAN_FRACTION_DIGITS);
  const fraction = digits.slice(-HUMAN_FRACTION_DIGITS).replace(/0+$/, '');
  const text = `${value.negative ? '-' : ''}${whole}${fraction.length > 0 ? `.${fraction}` : ''}`;
  return text === '-0' ? '0' : text;
}
