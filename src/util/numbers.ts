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
//
// This module is the one import for all of them; the code lives beside it, one file per kind:
// integers.ts (string2ll, memtoull), doubles.ts (string2d, strtod, "%.17g", d2string), long-double.ts
// (string2ld, the x87 adder, ld2string), float-scan.ts (the C float scanner and exact binary rounding
// both float kinds share) and number-syntax.ts (the shared bytes and limits).

export { LLONG_MAX, LLONG_MIN } from './number-syntax.js';
export { formatInt, parseInt64, parseLongLong, parseMemory, parseSafeInt } from './integers.js';
export { formatDouble, formatStoredDouble, parseDouble, strtod, type StrtodResult } from './doubles.js';
export {
  addLongDoubles, formatLongDouble, isFiniteLongDouble, longDoubleFromNumber, longDoubleToNumber, parseLongDouble,
  type LongDouble,
} from './long-double.js';
