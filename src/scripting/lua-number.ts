// Numbers as Lua 5.1 prints them ("%.14g"): what Redis sends for a number given to redis.call,
// where our Lua 5.4 would write "5.0" for 10/2.
// Mirrors: redis deps/lua/src/luaconf.h (LUA_NUMBER_FMT) and lobject.c (luaO_str2d's counterpart).

/**
 * A number as Lua 5.1 turns it into a string (LUA_NUMBER_FMT "%.14g"): what Redis sends for
 * redis.call('SET', k, 10/2) is "5", where Lua 5.4 would write "5.0".
 */
export function formatLua51Number(value: number): string {
  if (Number.isNaN(value)) return value < 0 ? '-nan' : 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  if (Number.isInteger(value)) return formatInteger14(value);
  const [mantissa = '0', expText = '0'] = value.toExponential(13).split('e');
  const exponent = Number(expText);
  if (exponent < -4 || exponent >= 14) {
    const digits = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
    const sign = exponent < 0 ? '-' : '+';
    return `${digits}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = value.toFixed(Math.max(0, 13 - exponent));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/**
 * "%.14g" of an integral double, rounded half-to-even on its exact decimal digits as C does (JS's
 * toExponential rounds a tie up: 123456789012345 would become 1.2345678901235e+14).
 */
function formatInteger14(value: number): string {
  const sign = value < 0 ? '-' : '';
  const digits = BigInt(Math.abs(value)).toString();
  if (digits.length <= 14) return sign + digits;
  let head = BigInt(digits.slice(0, 14));
  const rest = digits.slice(14);
  const half = `5${'0'.repeat(rest.length - 1)}`;
  if (rest > half || (rest === half && head % 2n === 1n)) head += 1n;
  let exponent = digits.length - 1;
  let mantissa = head.toString();
  if (mantissa.length > 14) {
    mantissa = mantissa.slice(0, 14);
    exponent += 1;
  }
  const fraction = mantissa.slice(1).replace(/0+$/, '');
  return `${sign}${mantissa[0] ?? '0'}${fraction === '' ? '' : `.${fraction}`}e+${String(exponent).padStart(2, '0')}`;
}
