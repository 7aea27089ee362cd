// The low-level helpers: argument splitting, quoting, glob matching, and the C-flavoured number parsers.

import { describe, expect, it } from 'vitest';
import { globMatch, reprString, splitArgs } from '../../../src/config/lex.js';
import { memtoull, string2d, string2ll, strtollWhole } from '../../../src/config/parse-number.js';

describe('splitArgs (sdssplitargs)', () => {
  it.each([
    ['a b  c', ['a', 'b', 'c']],
    ['  ', []],
    ['"a b" \'c d\'', ['a b', 'c d']],
    ['"" x', ['', 'x']],
    ['"\\x41\\x4a\\n\\r\\t\\b\\a\\"\\\\\\z"', ['AJ\n\r\t\b\x07"\\z']],
    ['"\\x4g"', ['x4g']],
    ["'it\\'s' '\\n'", ["it's", '\\n']],
    ['a"b c"', ['ab c']],
    ['"a"\t"b"', ['a', 'b']],
  ])('splits %j', (line, args) => {
    expect(splitArgs(line)).toEqual(args);
  });

  it.each(['"abc', "'abc", '"a"b', "'a'b", 'a"b c"d'])('refuses unbalanced quotes in %j', (line) => {
    expect(splitArgs(line)).toBeUndefined();
  });
});

describe('reprString (sdscatrepr)', () => {
  it('quotes and escapes like Redis', () => {
    expect(reprString('abc')).toBe('"abc"');
    expect(reprString('a"b\\c\n\r\t\x07\b\x01\xff')).toBe('"a\\"b\\\\c\\n\\r\\t\\a\\b\\x01\\xff"');
    expect(splitArgs(reprString('a"b\\c\n\x01\xff'))).toEqual(['a"b\\c\n\x01\xff']);
  });
});

describe('globMatch', () => {
  it.each([
    ['*', 'port', true],
    ['P?RT', 'port', true],
    ['hash-*-entries', 'hash-max-listpack-entries', true],
    ['por[a-u]', 'port', true],
    ['por[u-a]', 'port', true],
    ['por[^a-s]', 'port', true],
    ['por[^t]', 'port', false],
    ['por\\t', 'port', true],
    ['[', 'port', false],
    ['port', 'ports', false],
    ['*s', 'ports', true],
    ['**x*', 'maxmemory', true],
  ])('%j matches %j: %s', (pattern, subject, expected) => {
    expect(globMatch(pattern, subject)).toBe(expected);
  });
});

describe('number parsers', () => {
  it('string2ll is strict', () => {
    expect(string2ll('0')).toBe(0n);
    expect(string2ll('-9223372036854775808')).toBe(-9223372036854775808n);
    for (const bad of ['', '-0', '01', '+1', ' 1', '1 ', '1.0', '9223372036854775808', '0x1']) expect(string2ll(bad)).toBeUndefined();
  });

  it('memtoull reads units, saturates the digits and wraps the product like Redis', () => {
    expect(memtoull('1k')).toBe(1000n);
    expect(memtoull('1KB')).toBe(1024n);
    expect(memtoull('3Gb')).toBe(3n * 1024n ** 3n);
    expect(memtoull('')).toBe(0n);
    expect(memtoull('99999999999999999999')).toBe(18446744073709551615n);
    expect(memtoull('20000000000gb')).toBe(3028092406290448384n);
    for (const bad of ['-1', '+1', ' 1', '1.5mb', '1tb', '1mb2', '0x10']) expect(memtoull(bad)).toBeUndefined();
  });

  it('strtollWhole has strtoll leniency', () => {
    expect(strtollWhole('+5')).toBe(5n);
    expect(strtollWhole(' 05')).toBe(5n);
    expect(strtollWhole('')).toBe(0n);
    expect(strtollWhole('99999999999999999999')).toBe(9223372036854775807n);
    for (const bad of [' ', '+', '5 ', 'x']) expect(strtollWhole(bad)).toBeUndefined();
  });

  it('string2d refuses spaces and NaN', () => {
    expect(string2d('1e1')).toBe(10);
    expect(string2d('-inf')).toBe(-Infinity);
    for (const bad of ['', ' 1', '1 ', 'nan', 'abc']) expect(string2d(bad)).toBeUndefined();
  });
});
