// How Redis 7.0 prints a double in a reply: C's "%.17g", with inf spelled out.
// Mirrors: redis src/networking.c (addReplyDouble) — Redis 7.0 formats with "%.17g" (7.2 moved
// to the shortest round-trip form, so 7.0 prints ZSCORE 0.1 as "0.10000000000000001").

/**
 * Format like printf("%.17g"): 17 significant digits, fixed notation when the decimal exponent is
 * in [-4, 17), else exponential with at least two exponent digits; trailing zeros dropped.
 * JS's toExponential/toFixed are exact on the double's value; they round ties up where C rounds
 * them to even, a difference only for values whose exact expansion has 18 digits ending in 5.
 */
export function formatDouble(x: number): string {
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Number.isNaN(x)) return 'nan';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const exp = x.toExponential(16); // d.dddddddddddddddde±X: exactly 17 significant digits
  const e = exp.indexOf('e');
  const exponent = Number(exp.slice(e + 1));
  if (exponent < -4 || exponent >= 17) {
    const mantissa = stripZeros(exp.slice(0, e));
    const sign = exponent < 0 ? '-' : '+';
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return stripZeros(x.toFixed(16 - exponent));
}

function stripZeros(text: string): string {
  if (!text.includes('.')) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 0x30) end--;
  if (text.charCodeAt(end - 1) === 0x2e) end--;
  return text.slice(0, end);
}
