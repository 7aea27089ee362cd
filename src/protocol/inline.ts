// Splits one inline command line ("SET key "hello world"") into arguments with redis-cli's quoting rules.
// Mirrors: redis src/sds.c (sdssplitargs), as used by src/networking.c (processInlineBuffer).
//
// The rules, as Redis 7.0 applies them (each one checked against a real redis-server 7.0.15):
// - Blanks between arguments are the C isspace() set: space, \t, \n, \v, \f, \r.
// - An unquoted argument ends at space, \t, \n or \r only: "ECHO\va" is ONE argument, because \v and \f
//   are skipped before an argument but do not end one.
// - Quotes may start anywhere inside an argument: EC"HO" is ECHO, a"b" is ab.
// - Inside "double quotes": \xHH (two hex digits, either case) is one byte; \n \r \t \b \a are the usual
//   control bytes; a backslash before any other byte yields that byte (\" is ", \\ is \, \q is q,
//   and \x not followed by two hex digits is just x).
// - Inside 'single quotes' only \' is an escape; every other byte, backslash included, is literal.
// - A closing quote must be followed by a blank or by the end of the line, otherwise the whole request
//   is rejected ("a"b, 'a'b, "a""b"); so is a quote that is never closed.
// - A NUL byte behaves as the end of the line, because Redis runs this on a C string. (The request parser
//   never passes a NUL: Redis's own newline search stops at NUL first, see request-parser.ts.)
//
// Speed: an argument without quotes is returned as a zero-copy view of `buf`; only an argument that
// needs unescaping is assembled byte by byte into a fresh Buffer. Inline requests are rare in practice
// (telnet, redis-cli's fallback, a few tests), so that slow path stays simple.

const NUL = 0x00;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
const LOWER_X = 0x78;

/** C isspace() in the "C" locale: the blanks skipped between arguments and accepted after a closing quote. */
function isSpace(c: number): boolean {
  return c === SPACE || (c >= TAB && c <= CR); // \t \n \v \f \r are 0x09..0x0d
}

/** Value of an ASCII hex digit, or -1. */
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** The byte an escape `\c` inside double quotes stands for. */
function unescapeByte(c: number): number {
  switch (c) {
    case 0x6e: return LF; // \n
    case 0x72: return CR; // \r
    case 0x74: return TAB; // \t
    case 0x62: return 0x08; // \b
    case 0x61: return 0x07; // \a
    default: return c; // \" \\ and anything else: the byte itself
  }
}

/**
 * Splits `buf[start, end)` (one inline request line, without its \r\n) into arguments.
 * Returns null when the quotes are unbalanced: the caller replies
 * `ERR Protocol error: unbalanced quotes in request` and closes the connection.
 * An empty or all-blank line gives an empty array (Redis skips it, no reply).
 * Unquoted arguments are views into `buf` (callers never mutate argv).
 */
export function splitInlineArgs(buf: Buffer, start = 0, end = buf.length): Buffer[] | null {
  const argv: Buffer[] = [];
  // Reading past `end` yields NUL, which is how the C original sees the end of its string: every
  // "end of line" case below is then the same code as the "NUL byte" case.
  const at = (i: number): number => (i < end ? buf[i]! : NUL);
  let i = start;
  for (;;) {
    let c = at(i);
    while (c !== NUL && isSpace(c)) c = at(++i);
    if (c === NUL) return argv;

    const tokenStart = i;
    let tokenEnd = -1; // set when an unquoted argument ends; the argument is then a view
    let bytes: number[] | null = null; // used instead as soon as a quote appears in the argument
    let inDouble = false;
    let inSingle = false;
    for (;;) {
      c = at(i);
      if (inDouble) {
        if (c === BACKSLASH && at(i + 1) === LOWER_X && hexValue(at(i + 2)) >= 0 && hexValue(at(i + 3)) >= 0) {
          bytes!.push(hexValue(at(i + 2)) * 16 + hexValue(at(i + 3)));
          i += 3;
        } else if (c === BACKSLASH && at(i + 1) !== NUL) {
          bytes!.push(unescapeByte(at(++i)));
        } else if (c === DOUBLE_QUOTE) {
          const after = at(i + 1);
          if (after !== NUL && !isSpace(after)) return null;
          i++;
          break;
        } else if (c === NUL) {
          return null; // the line ended inside the quotes
        } else {
          bytes!.push(c);
        }
      } else if (inSingle) {
        if (c === BACKSLASH && at(i + 1) === SINGLE_QUOTE) {
          bytes!.push(SINGLE_QUOTE);
          i++;
        } else if (c === SINGLE_QUOTE) {
          const after = at(i + 1);
          if (after !== NUL && !isSpace(after)) return null;
          i++;
          break;
        } else if (c === NUL) {
          return null;
        } else {
          bytes!.push(c);
        }
      } else if (c === SPACE || c === LF || c === CR || c === TAB || c === NUL) {
        tokenEnd = i;
        if (c !== NUL) i++;
        break;
      } else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
        // From here on the argument is no longer a contiguous run of `buf`: copy what we have so far.
        if (bytes === null) bytes = Array.from(buf.subarray(tokenStart, i));
        if (c === DOUBLE_QUOTE) inDouble = true;
        else inSingle = true;
      } else if (bytes !== null) {
        bytes.push(c);
      }
      i++;
    }
    argv.push(bytes === null ? buf.subarray(tokenStart, tokenEnd) : Buffer.from(bytes));
  }
}
