// Redis's strict integer rules (string2ll) and memory sizes (memtoull).
// Mirrors: redis src/util.c (string2ll, string2l, ll2string, memtoull), src/object.c (getLongLongFromObject).
//
// Integers (string2ll): the text must be exactly what Redis would print for the number: no
// '+', no spaces, no leading zeros, no "-0", and within int64. Commands read `long long` or
// `long`, both 64 bits on x86-64 Linux, so int64 is the one range. JS numbers hold integers
// exactly only up to 2^53, so the parser returns a number when it is safe and a bigint beyond.
//
// Memory sizes (`100mb`, `1gb`) accept a unit suffix in any case and must fit an unsigned long long.

import {
  CH_0, CH_1, CH_9, CH_MINUS, isDigit, LLONG_MAX, LLONG_MIN, LONG_STR_SIZE, MEMTOULL_MAX_DIGITS, ULLONG_MAX,
} from './number-syntax.js';

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
