// Text helpers for configuration: redis.conf argument splitting, Redis's quoted "repr" form, name globbing.
// Mirrors: redis src/sds.c (sdssplitargs, sdscatrepr), src/util.c (stringmatchlen)
//
// All strings here are "latin1 strings": one JS char per byte, so arbitrary bytes survive a round trip.
// TODO(dedupe): splitArgs duplicates the inline-command splitter in src/protocol/inline.ts, and globMatch
// duplicates src/util/glob.ts (globMatchString); switch to those once they exist.

/** C's isspace() in the C locale. */
function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

function hexDigitValue(ch: string | undefined): number {
  if (ch === undefined) return -1;
  const code = ch.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

const DOUBLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' };

/**
 * Split one redis.conf line into arguments the way Redis does: whitespace separates arguments; "double quotes" support
 * \n \r \t \b \a \xHH and \<any char>; 'single quotes' support only \'. A closing quote must be followed by whitespace
 * or the end of the line. Returns undefined for unbalanced quotes (Redis: "Unbalanced quotes in configuration line").
 */
export function splitArgs(line: string): string[] | undefined {
  const args: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) return args;
    let current = '';
    let inDouble = false;
    let inSingle = false;
    let done = false;
    while (!done) {
      const ch = line[i];
      if (inDouble) {
        if (ch === '\\' && line[i + 1] === 'x' && hexDigitValue(line[i + 2]) >= 0 && hexDigitValue(line[i + 3]) >= 0) {
          current += String.fromCharCode(hexDigitValue(line[i + 2]) * 16 + hexDigitValue(line[i + 3]));
          i += 3;
        } else if (ch === '\\' && i + 1 < n) {
          i++;
          const escaped = line[i] ?? '';
          current += DOUBLE_QUOTE_ESCAPES[escaped] ?? escaped;
        } else if (ch === '"') {
          // The closing quote must end the argument.
          if (i + 1 < n && !isSpace(line[i + 1])) return undefined;
          done = true;
        } else if (ch === undefined) {
          return undefined; // unterminated "..."
        } else {
          current += ch;
        }
      } else if (inSingle) {
        if (ch === '\\' && line[i + 1] === "'") {
          current += "'";
          i++;
        } else if (ch === "'") {
          if (i + 1 < n && !isSpace(line[i + 1])) return undefined;
          done = true;
        } else if (ch === undefined) {
          return undefined; // unterminated '...'
        } else {
          current += ch;
        }
      } else if (ch === undefined || ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') {
        done = true;
      } else if (ch === '"') {
        inDouble = true;
      } else if (ch === "'") {
        inSingle = true;
      } else {
        current += ch;
      }
      if (i < n) i++;
    }
    args.push(current);
  }
}

/**
 * Redis's quoted representation of a string (sdscatrepr): wrapped in double quotes, with \\ \" \n \r \t \a \b escaped
 * and any other non-printable byte as \xHH. redis-server uses it to turn `--name value` arguments into config lines.
 */
export function reprString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? '';
    const code = s.charCodeAt(i);
    switch (ch) {
      case '\\': out += '\\\\'; break;
      case '"': out += '\\"'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      case '\x07': out += '\\a'; break;
      case '\b': out += '\\b'; break;
      default:
        out += code >= 0x20 && code < 0x7f ? ch : `\\x${code.toString(16).padStart(2, '0')}`;
    }
  }
  return `${out}"`;
}

/** Strip the characters Redis trims from each config line (sdstrim with " \t\r\n"). */
export function trimConfigLine(line: string): string {
  let start = 0;
  let end = line.length;
  const trimmable = (ch: string | undefined): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
  while (start < end && trimmable(line[start])) start++;
  while (end > start && trimmable(line[end - 1])) end--;
  return line.slice(start, end);
}

/** True if `pattern` uses any glob metacharacter (CONFIG GET then scans every name instead of one lookup). */
export function hasGlobChars(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/**
 * Case-insensitive glob match of a config name: `*`, `?`, `[abc]`, `[^a-z]`, and `\x` escapes, as Redis's
 * stringmatchlen(nocase=1). Config names are short ASCII, so a simple backtracking matcher is enough here.
 */
export function globMatch(pattern: string, subject: string): boolean {
  return matchFrom(pattern.toLowerCase(), 0, subject.toLowerCase(), 0);
}

function matchFrom(p: string, pi: number, s: string, si: number): boolean {
  while (pi < p.length) {
    const ch = p[pi];
    if (ch === '*') {
      while (p[pi + 1] === '*') pi++;
      if (pi + 1 === p.length) return true;
      for (let k = si; k <= s.length; k++) if (matchFrom(p, pi + 1, s, k)) return true;
      return false;
    }
    if (si >= s.length) return false;
    const sc = s[si] ?? '';
    if (ch === '?') {
      // any single character
    } else if (ch === '[') {
      pi++;
      const negate = p[pi] === '^';
      if (negate) pi++;
      let matched = false;
      // An unterminated class runs to the end of the pattern, as in Redis.
      while (pi < p.length && p[pi] !== ']') {
        if (p[pi] === '\\' && pi + 1 < p.length) {
          pi++;
          if (p[pi] === sc) matched = true;
        } else if (p[pi + 1] === '-' && pi + 2 < p.length && p[pi + 2] !== ']') {
          let lo = p[pi] ?? '';
          let hi = p[pi + 2] ?? '';
          if (lo > hi) [lo, hi] = [hi, lo];
          if (sc >= lo && sc <= hi) matched = true;
          pi += 2;
        } else if (p[pi] === sc) {
          matched = true;
        }
        pi++;
      }
      if (matched === negate) return false;
    } else if (ch === '\\' && pi + 1 < p.length) {
      pi++;
      if (p[pi] !== sc) return false;
    } else if (ch !== sc) {
      return false;
    }
    pi++;
    si++;
  }
  return si === s.length;
}
