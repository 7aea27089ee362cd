// Strict 64-bit integer parsing of latin1 strings, as Redis's string2ll accepts them. Stored string
// values are latin1 JS strings, so this is util/numbers.ts's parseLongLong for that representation
// (arguments, which are Buffers, go through parseLongLong itself).
// Mirrors: redis src/util.c (string2ll): no sign but '-', no spaces, no leading zeros, "-0" refused.

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * Parse `text` as a canonical signed 64-bit decimal. Returns a number when the result is a safe
 * integer, a bigint beyond that, and null when the text is not exactly such a decimal.
 * The loop reads char codes; no regex and no intermediate strings on the common path.
 */
export function parseInt64Latin1(text: string): number | bigint | null {
  const len = text.length;
  if (len === 0 || len > 20) return null;
  let i = 0;
  let negative = false;
  if (text.charCodeAt(0) === 0x2d /* - */) {
    negative = true;
    i = 1;
    if (len === 1) return null;
  }
  const first = text.charCodeAt(i);
  if (first === 0x30 /* 0 */) return len === 1 ? 0 : null; // "0" only; "-0" and "01" are refused
  if (first < 0x31 || first > 0x39) return null;
  // Up to 15 digits always fit a double exactly.
  if (len - i <= 15) {
    let n = 0;
    for (; i < len; i++) {
      const c = text.charCodeAt(i) - 0x30;
      if (c < 0 || c > 9) return null;
      n = n * 10 + c;
    }
    return negative ? -n : n;
  }
  for (let j = i; j < len; j++) {
    const c = text.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return null;
  }
  const big = BigInt(text);
  if (big > INT64_MAX || big < INT64_MIN) return null;
  if (big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(big);
  return big;
}
