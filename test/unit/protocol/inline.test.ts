// Inline request splitting (sdssplitargs rules). Every row of the tables was also sent to a real
// redis-server 7.0.15 as `ECHO <input>` / raw lines and the replies matched.
import { describe, expect, it } from 'vitest';
import { splitInlineArgs } from '../../../src/protocol/inline.js';

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
const split = (s: string): string[] | null => splitInlineArgs(latin1(s))?.map((b) => b.toString('latin1')) ?? null;

describe('splitInlineArgs', () => {
  const ok: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['PING', ['PING']],
    ['', []],
    ['   ', []],
    ['\t\v\f\r', []],
    ['  SET  k   v  ', ['SET', 'k', 'v']],
    ['SET\tk\tv', ['SET', 'k', 'v']],
    ['ECHO a\rb', ['ECHO', 'a', 'b']],
    ['ECHO a\r', ['ECHO', 'a']],
    // \v and \f are skipped before an argument but do not end one
    ['ECHO\va', ['ECHO\va']],
    ['ECHO\fa', ['ECHO\fa']],
    ['\vPING', ['PING']],
    // double quotes and their escapes
    ['ECHO "hello world"', ['ECHO', 'hello world']],
    ['ECHO ""', ['ECHO', '']],
    ['ECHO "a\\x41\\n"', ['ECHO', 'aA\n']],
    ['ECHO "\\x4a\\X4A"', ['ECHO', 'JX4A']],
    ['ECHO "\\xff\\x00z"', ['ECHO', '\xff\x00z']],
    ['ECHO "\\xZZ"', ['ECHO', 'xZZ']],
    ['ECHO "\\x4"', ['ECHO', 'x4']],
    ['ECHO "\\xfG"', ['ECHO', 'xfG']],
    ['ECHO "\\q"', ['ECHO', 'q']],
    ['ECHO "\\b\\a\\t\\r"', ['ECHO', '\b\x07\t\r']],
    ['ECHO "a\\\\b"', ['ECHO', 'a\\b']],
    ['ECHO "a\\"b"', ['ECHO', 'a"b']],
    ['ECHO "a"\tb', ['ECHO', 'a', 'b']],
    ['ECHO "a"\vb', ['ECHO', 'a', 'b']],
    ['ECHO "a"\f', ['ECHO', 'a']],
    ['ECHO "a"\r"b"', ['ECHO', 'a', 'b']],
    // single quotes: only \' is an escape
    ["ECHO 'a\\'b'", ['ECHO', "a'b"]],
    ["ECHO 'a\\\\b'", ['ECHO', 'a\\\\b']],
    ["ECHO 'a\\nb'", ['ECHO', 'a\\nb']],
    ["ECHO ''", ['ECHO', '']],
    ["ECHO 'say \"hi\"'", ['ECHO', 'say "hi"']],
    // quotes may open in the middle of an argument
    ['ECHO a"b"', ['ECHO', 'ab']],
    ['EC"HO" x', ['ECHO', 'x']],
    ["k'v w'", ['kv w']],
    // backslashes outside quotes are literal
    ['ECHO a\\x41', ['ECHO', 'a\\x41']],
    // bytes above 0x7f pass through untouched
    ['SET \xc3\x28 \xff', ['SET', '\xc3\x28', '\xff']],
    // a NUL ends the line, as it does for the C original
    ['ECHO a\x00b c', ['ECHO', 'a']],
  ];
  it.each(ok)('splits %j', (input, expected) => {
    expect(split(input)).toEqual(expected);
  });

  const unbalanced: readonly string[] = [
    'ECHO "a',
    'ECHO "a"b',
    'ECHO "a""b"',
    "ECHO 'a",
    "ECHO 'a'b",
    'ECHO "a\\"',
    'ECHO "\\"',
    "ECHO '\\'",
    'ECHO "a\\',
  ];
  it.each(unbalanced)('rejects unbalanced quotes in %j', (input) => {
    expect(split(input)).toBeNull();
  });

  it('returns unquoted arguments as views of the line (zero copy)', () => {
    const line = latin1('SET key value');
    const argv = splitInlineArgs(line)!;
    expect(argv.map((b) => b.toString())).toEqual(['SET', 'key', 'value']);
    for (const arg of argv) expect(arg.buffer).toBe(line.buffer);
  });

  it('splits only the requested range of the buffer', () => {
    const buf = latin1('xxGET k\r\nyy');
    expect(splitInlineArgs(buf, 2, 7)!.map((b) => b.toString())).toEqual(['GET', 'k']);
  });
});
