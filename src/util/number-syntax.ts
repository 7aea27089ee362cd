// The bytes and limits of C's number syntax that the integer, double and long double parsers share.
// Mirrors: redis src/util.c (the constants of string2ll, ld2string and memtoull), glibc's isdigit/isspace.



export const CH_PLUS = 0x2b;
export const CH_MINUS = 0x2d;
export const CH_DOT = 0x2e;
export const CH_0 = 0x30;
export const CH_1 = 0x31;
export const CH_9 = 0x39;
export const CH_OPEN_PAREN = 0x28;
export const CH_CLOSE_PAREN = 0x29;
export const CH_UNDERSCORE = 0x5f;

export const LLONG_MAX = 9223372036854775807n;
export const LLONG_MIN = -9223372036854775808n;
export const ULLONG_MAX = 18446744073709551615n;
/** string2ll rejects text this long or longer (the widest int64 needs 20 bytes). */
export const LONG_STR_SIZE = 21;
/** string2ld copies into a buffer this big, so it rejects text of this length or longer. */
export const MAX_LONG_DOUBLE_CHARS = 5 * 1024;
/** memtoull copies the digits into a 128-byte buffer; 128 digits or more is an error. */
export const MEMTOULL_MAX_DIGITS = 127;

export function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= CH_0 && byte <= CH_9;
}

/** C's isspace() in the C locale: space, \t, \n, \v, \f, \r. */
export function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || (byte !== undefined && byte >= 0x09 && byte <= 0x0d);
}

export function hexDigitValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= CH_0 && byte <= CH_9) return byte - CH_0;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}
