// The timeout argument of the blocking commands (BLPOP, BRPOP, BLMOVE, BLMPOP, BZPOPMIN, BZMPOP...):
// seconds as a long double, turned into whole milliseconds the way Redis rounds them.
// Mirrors: redis src/timeout.c (getTimeoutFromObjectOrReply).

import { timeoutNegativeError, timeoutNotFloatError } from '../errors.js';
import { parseLongDouble, type LongDouble } from '../util/numbers.js';

/** The largest magnitude getTimeoutFromObjectOrReply's (long long) cast survives: 2^63. */
const LLONG_LIMIT = 1n << 63n;
/** x87 long double precision, the type Redis multiplies the seconds in. */
const LONG_DOUBLE_BITS = 64;

/**
 * A blocking command's timeout in ms, 0 meaning forever (getTimeoutFromObjectOrReply with
 * UNIT_SECONDS). Redis parses the seconds as a long double (so "0x10" and "1e3" work, " 1" does
 * not), multiplies by 1000 in long double precision and rounds up, so 0.0001 waits 1 ms and
 * -0.0001 rounds up to 0: forever. A product that does not fit a long long (1e16, "inf") becomes
 * LLONG_MIN in the C cast, hence the surprising "ERR timeout is negative" for huge values.
 */
export function timeoutArg(arg: Buffer): number {
  const seconds = parseLongDouble(arg);
  if (seconds === null) throw timeoutNotFloatError();
  if (seconds.kind !== 'finite') throw timeoutNegativeError();
  const ms = ceilMillis(seconds);
  if (ms < 0n || ms >= LLONG_LIMIT) throw timeoutNegativeError();
  return Number(ms);
}

/** ceill(seconds * 1000.0L): the exact product rounded to 64 significant bits, then up to an integer. */
function ceilMillis(seconds: LongDouble & { kind: 'finite' }): bigint {
  let mantissa = seconds.mantissa * 1000n;
  let exponent = seconds.exponent;
  const bits = mantissa.toString(2).length;
  if (bits > LONG_DOUBLE_BITS) {
    const shift = BigInt(bits - LONG_DOUBLE_BITS);
    let kept = mantissa >> shift;
    const dropped = mantissa - (kept << shift);
    const half = 1n << (shift - 1n);
    if (dropped > half || (dropped === half && (kept & 1n) === 1n)) kept += 1n;
    mantissa = kept;
    exponent += Number(shift);
  }
  if (exponent >= 0) {
    const whole = mantissa << BigInt(exponent);
    return seconds.negative ? -whole : whole;
  }
  const shift = BigInt(-exponent);
  const floor = mantissa >> shift;
  const fractional = mantissa !== floor << shift;
  // Rounding up: a positive fraction goes to the next integer; a negative one towards zero.
  return seconds.negative ? -floor : floor + (fractional ? 1n : 0n);
}
