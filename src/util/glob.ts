// Glob-style pattern matching over bytes, as KEYS, SCAN MATCH, PSUBSCRIBE and CONFIG GET use it.
// Mirrors: redis src/util.c (stringmatchlen, stringmatchlen_impl, stringmatch)
//
// The pattern language is small: `*` matches any run of bytes (also none), `?` one byte, `[...]` one
// byte out of a set (`[^...]` negates it, `a-z` is an inclusive range), and `\` makes the next byte
// literal, inside brackets too. Redis's matcher is a hand-written backtracking loop, and several of
// its corner cases are behaviour clients can observe, so this port keeps them on purpose (each was
// checked against redis-server 7.0.15, see test/unit/util/glob.test.ts):
//
//   - Bytes are compared as C `char`, which is signed on x86-64: in a range, 0x80..0xFF count as
//     -128..-1, so `[a-\xff]` means -1..97 and matches 0x00 but not 'b'.
//   - A reversed range is swapped: `[z-a]` is `[a-z]`.
//   - With noCase, a range is lowered after the swap (`[Z-a]` lowers to 'z'..'a': empty), and an
//     escaped byte inside brackets is still compared case-sensitively.
//   - An unterminated `[` closes at the end of the pattern: `[abc` is `[abc]`, `[^` matches any byte,
//     and `[a-` is the set {a, -} (a range needs three bytes before the end).
//   - `[]` matches nothing and `[^]` anything; `]` cannot be a set's first member (escape it).
//   - A trailing `\` matches a literal backslash, both outside brackets and inside (`[\`).
//   - An empty subject is never consumed by the loop, so `*` and `**` do NOT match "". KEYS and SCAN
//     avoid this only because they skip matching when the pattern is exactly `*` (see isMatchAll);
//     PSUBSCRIBE has no such shortcut, so `*` does not receive messages published to "".
//
// Each `*` tries the rest of the pattern at every later position, which is exponential for patterns
// like `a*a*a*a*b`. Redis 7.0.9 added two guards (CVE-2022-36021) that we keep too:
//   - once the rest of the pattern after a `*` has failed at every position, no earlier `*` can do
//     better (it would only hand a shorter tail to the same rest), so the whole match fails at once;
//   - recursion deeper than 1000 `*`s fails that branch: a pattern with more than 1000 separate
//     stars (not counting adjacent ones, which collapse) never matches, whatever the subject.

const STAR = 0x2a; // '*'
const QUESTION = 0x3f; // '?'
const OPEN_BRACKET = 0x5b; // '['
const CLOSE_BRACKET = 0x5d; // ']'
const CARET = 0x5e; // '^'
const BACKSLASH = 0x5c; // '\\'
const DASH = 0x2d; // '-'

/** Deepest chain of `*` recursions Redis follows before giving up on a branch. */
const MAX_STAR_NESTING = 1000;

/** C's tolower() in the C locale: only A-Z change. */
function toLower(byte: number): number {
  return byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
}

/** A byte read as C's signed `char` (x86-64), which is how Redis compares range bounds. */
function signedChar(byte: number): number {
  return byte >= 0x80 ? byte - 0x100 : byte;
}

/** Shared by one top-level match: set when a `*` has proved the rest of the pattern cannot match. */
interface MatchState {
  giveUp: boolean;
}

/**
 * Does `subject` match the glob `pattern`? Bytes in, exactly Redis 7.0's stringmatchlen.
 * `noCase` folds A-Z to a-z (CONFIG GET uses it; key matching does not).
 * Note `globMatch('*', '')` is false, as in Redis: check isMatchAll first where Redis does.
 */
export function globMatch(pattern: Uint8Array, subject: Uint8Array, noCase = false): boolean {
  return matchAt(pattern, 0, subject, 0, noCase, { giveUp: false }, 0);
}

/**
 * Case-insensitive match of plain strings, for config parameter names (CONFIG GET, CONFIG RESET
 * patterns). The strings are taken one char per byte (latin1), like every name Redis compares.
 */
export function globMatchString(pattern: string, subject: string): boolean {
  return globMatch(Buffer.from(pattern, 'latin1'), Buffer.from(subject, 'latin1'), true);
}

/**
 * Is the pattern exactly `*`? KEYS and SCAN test this first and then skip matching entirely, which
 * is both the fast path and the reason `KEYS *` lists a key named "" while `KEYS **` does not.
 */
export function isMatchAll(pattern: Uint8Array): boolean {
  return pattern.length === 1 && pattern[0] === STAR;
}

/**
 * Match pattern[p..] against subject[s..]. `nesting` counts the `*` recursions above this call.
 * Reading past the end of the pattern yields `undefined` where Redis reads the string's NUL
 * terminator; both compare unequal to every pattern metacharacter, which is all the code relies on.
 */
function matchAt(
  pattern: Uint8Array,
  p: number,
  subject: Uint8Array,
  s: number,
  noCase: boolean,
  state: MatchState,
  nesting: number,
): boolean {
  if (nesting > MAX_STAR_NESTING) return false;
  const patternEnd = pattern.length;
  const subjectEnd = subject.length;

  while (p < patternEnd && s < subjectEnd) {
    const op = pattern[p] as number;
    const byte = subject[s] as number;

    if (op === STAR) {
      // Adjacent stars act as one.
      while (p + 1 < patternEnd && pattern[p + 1] === STAR) p++;
      if (p + 1 === patternEnd) return true; // a trailing star swallows the rest
      for (; s < subjectEnd; s++) {
        if (matchAt(pattern, p + 1, subject, s, noCase, state, nesting + 1)) return true;
        if (state.giveUp) return false;
      }
      // The rest of the pattern failed at every position left: no earlier star can rescue it.
      state.giveUp = true;
      return false;
    }

    if (op === QUESTION) {
      // any single byte
    } else if (op === OPEN_BRACKET) {
      p++;
      const negate = pattern[p] === CARET;
      if (negate) p++;
      let matched = false;
      for (;;) {
        const member = pattern[p];
        if (member === BACKSLASH && patternEnd - p >= 2) {
          // Escaped member: compared exactly, even in noCase mode.
          p++;
          if (pattern[p] === byte) matched = true;
        } else if (member === CLOSE_BRACKET) {
          break;
        } else if (member === undefined) {
          // Unterminated set: step back onto its last byte so the shared advance below lands on
          // the end of the pattern.
          p--;
          break;
        } else if (patternEnd - p >= 3 && pattern[p + 1] === DASH) {
          let low = signedChar(member);
          let high = signedChar(pattern[p + 2] as number);
          let c = signedChar(byte);
          if (low > high) [low, high] = [high, low];
          if (noCase) {
            low = toLower(low);
            high = toLower(high);
            c = toLower(c);
          }
          p += 2;
          if (c >= low && c <= high) matched = true;
        } else if (noCase ? toLower(member) === toLower(byte) : member === byte) {
          matched = true;
        }
        p++;
      }
      if (negate) matched = !matched;
      if (!matched) return false;
    } else {
      // A backslash makes the next byte literal; a trailing one is itself literal.
      const literal = op === BACKSLASH && patternEnd - p >= 2 ? (pattern[++p] as number) : op;
      if (noCase ? toLower(literal) !== toLower(byte) : literal !== byte) return false;
    }

    p++;
    s++;
    if (s === subjectEnd) {
      // The subject is used up: only stars may remain.
      while (p < patternEnd && pattern[p] === STAR) p++;
      break;
    }
  }
  return p >= patternEnd && s === subjectEnd;
}
