// The number parsers configuration uses, each with the exact leniency of the C function Redis calls.
// Mirrors: redis src/util.c (string2ll, memtoull, string2d) and libc strtoll as used by config.c
//
// Results are bigint so 64-bit bounds (LLONG_MAX, ULLONG_MAX) are checked exactly before narrowing to a JS number.
// TODO(dedupe): memtoull overlaps parseMemory in src/util/numbers.ts (being written); merge once it lands.

export const INT_MIN = -2147483648n;
export const INT_MAX = 2147483647n;
export const UINT_MAX = 4294967295n;
export const LLONG_MIN = -9223372036854775808n;
export const LLONG_MAX = 9223372036854775807n;
/** LONG_MAX, SSIZE_MAX: the same as LLONG_MAX on the 64-bit builds we mirror. */
export const LONG_MAX = LLONG_MAX;
export const ULLONG_MAX = 18446744073709551615n;

/**
 * Redis's strict integer syntax (string2ll): an optional '-', then "0" or digits without a leading zero, within
 * int64. No '+', no spaces, no "-0", no "01". Returns undefined when the text is not such an integer.
 */
export function string2ll(s: string): bigint | undefined {
  if (!/^(0|-?[1-9][0-9]*)$/.test(s) || s.length > 20) return undefined;
  const n = BigInt(s);
  return n < LLONG_MIN || n > LLONG_MAX ? undefined : n;
}

const MEMORY_UNITS: Readonly<Record<string, bigint>> = {
  '': 1n,
  b: 1n,
  k: 1000n,
  kb: 1024n,
  m: 1000n * 1000n,
  mb: 1024n * 1024n,
  g: 1000n * 1000n * 1000n,
  gb: 1024n * 1024n * 1024n,
};

/** Redis refuses a digit run this long before calling strtoull (it copies the digits into a 128-byte buffer). */
const MEMTOULL_MAX_DIGITS = 127;

/**
 * A memory amount as redis.conf writes it (memtoull): digits then an optional case-insensitive unit, where
 * 1k = 1000 and 1kb = 1024 (likewise m/mb, g/gb; b = bytes). Quirks kept from Redis: an empty digit run reads as 0
 * ("" and "kb" are 0), a digit run past ULLONG_MAX saturates, and the unit multiplication wraps modulo 2^64.
 * No sign, spaces or decimals. Returns undefined when the text is not a memory value.
 */
export function memtoull(s: string): bigint | undefined {
  const m = /^([0-9]*)([a-zA-Z]*)$/.exec(s);
  if (m === null) return undefined;
  const digits = m[1] ?? '';
  const multiplier = MEMORY_UNITS[(m[2] ?? '').toLowerCase()];
  if (multiplier === undefined || digits.length > MEMTOULL_MAX_DIGITS) return undefined;
  let n = digits === '' ? 0n : BigInt(digits);
  if (n > ULLONG_MAX) n = ULLONG_MAX;
  return BigInt.asUintN(64, n * multiplier);
}

/**
 * libc strtoll(s, &end, 10) followed by Redis's usual `*end == '\0'` check: leading whitespace and a sign are
 * allowed, out-of-range values saturate, and the empty string reads as 0 (strtoll consumes nothing and `end` points at
 * the terminator). Returns undefined when anything follows the digits or no digits follow a sign/space.
 */
export function strtollWhole(s: string): bigint | undefined {
  if (s === '') return 0n;
  const m = /^[ \t\n\r\v\f]*([+-]?)([0-9]+)$/.exec(s);
  if (m === null) return undefined;
  const n = BigInt(`${m[1] === '-' ? '-' : ''}${m[2] ?? '0'}`);
  return n > LLONG_MAX ? LLONG_MAX : n < LLONG_MIN ? LLONG_MIN : n;
}

/**
 * libc strtoll(s, &end, 8) with the checks Redis applies to octal configs (unixsocketperm): whole string consumed and
 * no overflow. As with strtollWhole, "" reads as 0.
 */
export function strtollOctal(s: string): bigint | undefined {
  if (s === '') return 0n;
  const m = /^[ \t\n\r\v\f]*([+-]?)([0-7]+)$/.exec(s);
  if (m === null) return undefined;
  const magnitude = BigInt(`0o${m[2] ?? '0'}`);
  const n = m[1] === '-' ? -magnitude : magnitude;
  return n > LLONG_MAX || n < LLONG_MIN ? undefined : n;
}

/**
 * Redis's string2d: a whole-string strtod with no leading or trailing space and no NaN.
 * SIMPLIFIED: strtod's hexadecimal floats (0x1p3) are not accepted.
 */
export function string2d(s: string): number | undefined {
  if (!/^[+-]?(([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|inf|infinity)$/i.test(s)) return undefined;
  const lower = s.toLowerCase();
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
  const value = Number(s);
  return Number.isNaN(value) ? undefined : value;
}

/** printf("%f") then Redis's trimDoubleString: six decimals, trailing zeros and a trailing '.' removed. */
export function formatFixedTrimmed(value: number): string {
  const fixed = value.toFixed(6);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}
