// Glob matching: tables verified against redis-server 7.0.15, plus properties.
// Every row of CASES and NOCASE_CASES was checked against a real server while developing: case-sensitive rows with
// KEYS (one key per row, pattern never exactly "*", so stringmatchlen really runs), noCase rows with CONFIG GET
// against the parameter name "maxmemory" (each pattern holds a glob character, so CONFIG GET matches rather than
// looking the name up). A random differential run (12,000 patterns x 300 keys, and 3,000 CONFIG GET patterns)
// found no difference. This suite needs no server.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globMatch, globMatchString, isMatchAll } from '../../../src/util/glob.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

/** [pattern, subject, matches], one char per byte. */
const CASES: ReadonlyArray<readonly [string, string, boolean]> = [
  ['', '', true],
  ['', 'a', false],
  ['a', 'a', true],
  ['a', 'A', false],
  ['a', 'ab', false],
  ['abc', 'abc', true],
  ['abc', 'abd', false],
  ['**', '', false],
  ['a*', 'a', true],
  ['a*', 'abc', true],
  ['*c', 'abc', true],
  ['*c', 'abd', false],
  ['a*c', 'ac', true],
  ['a*c', 'abbbc', true],
  ['a*c', 'abbbcd', false],
  ['a**', 'a', true],
  ['*?', 'a', true],
  ['*?', 'ab', true],
  ['?', 'a', true],
  ['??', 'a', false],
  ['?b', 'ab', true],
  ['a?', 'a', false],
  ['h?llo', 'hello', true],
  ['h?llo', 'hllo', false],
  ['h*llo', 'hllo', true],
  ['h*llo', 'heeeello', true],
  ['h[ae]llo', 'hello', true],
  ['h[ae]llo', 'hillo', false],
  ['h[^e]llo', 'hallo', true],
  ['h[^e]llo', 'hello', false],
  ['h[a-b]llo', 'hbllo', true],
  ['h[a-b]llo', 'hcllo', false],
  ['[z-a]', 'm', true],
  ['[z-a]', 'A', false],
  ['[a-z]', '-', false],
  ['[-a]', '-', true],
  ['[a-]', '-', false],
  ['[a-]', ']', true],
  ['[a-]', '_', true],
  ['[a-]', 'a', true],
  ['[]', 'a', false],
  ['[]', '', false],
  ['[^]', 'a', true],
  ['[^]', ']', true],
  ['[]]', ']', false],
  ['[]a]', 'a', false],
  ['[\\]]', ']', true],
  ['[\\]a]', 'a', true],
  ['[!a]', 'b', false],
  ['[!a]', '!', true],
  ['[^a]', 'b', true],
  ['[^a]', 'a', false],
  ['[abc', 'c', true],
  ['[abc', 'd', false],
  ['[abc', 'cx', false],
  ['[', 'a', false],
  ['[', '', false],
  ['[^', 'a', true],
  ['[^', 'x', true],
  ['a[', 'a', false],
  ['[a-', 'a', true],
  ['[a-', '-', true],
  ['[a-', 'b', false],
  ['[a-c', 'b', true],
  ['\\', '\\', true],
  ['\\', '', false],
  ['a\\', 'a\\', true],
  ['a\\', 'a', false],
  ['\\*', '*', true],
  ['\\*', 'a', false],
  ['\\?', '?', true],
  ['\\?', 'x', false],
  ['\\[a]', '[a]', true],
  ['\\a', 'a', true],
  ['\\\\', '\\', true],
  ['[\\', '\\', true],
  ['[\\', '', false],
  ['[\\', 'a', false],
  ['[a\\-z]', '-', true],
  ['[a\\-z]', 'm', false],
  ['[\\a-z]', 'm', false],
  ['[\\^a]', '^', true],
  ['[*]', '*', true],
  ['[*]', 'a', false],
  ['[?]', 'a', false],
  ['[\x80-\xff]', 'a', false],
  ['[\x80-\xff]', '\x90', true],
  ['[a-\xff]', '\x00', true],
  ['[a-\xff]', 'b', false],
  ['[a-\xff]', '\xff', true],
  ['[a-\xff]', '\xfe', false],
  ['[\x00-\x7f]', '\x80', false],
  ['[\xff-\x01]', '\x00', true],
  ['[\xff-\x01]', '\xfe', false],
  ['\x00', '\x00', true],
  ['a\x00*', 'a\x00b', true],
  ['*\x00', 'ab\x00', true],
  ['[\x00]', '\x00', true],
  ['?', '\xff', true],
  ['\xff*', '\xffab', true],
  ['user:*', 'user:1', true],
  ['user:*', 'user:', true],
  ['user:*', 'users:1', false],
  ['*:*:*', 'a:b:c', true],
  ['*:*:*', 'a:b', false],
  ['*a*b*c*', 'xaybzc', true],
  ['*a*b*c*', 'xaybz', false],
  ['a*a*a*a*a*a*a*a*a*b', 'a'.repeat(60), false],
  ['a*a*a*a*a*a*a*a*a*b', 'a'.repeat(60) + 'b', true],
  ['*a*b', 'ab'.repeat(20) + 'a', false],
];

/** [pattern, subject, matches] with noCase (CONFIG GET). */
const NOCASE_CASES: ReadonlyArray<readonly [string, string, boolean]> = [
  ['MAXMEM*', 'maxmemory', true],
  ['maxmem*', 'maxmemory', true],
  ['Max?emory', 'maxmemory', true],
  ['[M]axmemory', 'maxmemory', true],
  ['[\\M]axmemory', 'maxmemory', false],
  ['[\\m]axmemory', 'maxmemory', true],
  ['[A-z]axmemory', 'maxmemory', true],
  ['[Z-a]axmemory', 'maxmemory', false],
  ['[M-M]axmemory', 'maxmemory', true],
  ['[^A-Z]axmemory', 'maxmemory', false],
  ['[^N-Z]axmemory', 'maxmemory', true],
  ['*MORY', 'maxmemory', true],
  ['[l-n]AXMEMORY', 'maxmemory', true],
  ['[L-N]axmemory', 'maxmemory', true],
  ['M\\AXMEMOR*', 'maxmemory', true],
  ['maxmemory\\*', 'maxmemory', false],
];

describe('globMatch (stringmatchlen)', () => {
  it.each(CASES)('pattern %j against %j gives %s', (pattern, subject, expected) => {
    expect(globMatch(bytes(pattern), bytes(subject))).toBe(expected);
  });

  it.each(NOCASE_CASES)('noCase pattern %j against %j gives %s', (pattern, subject, expected) => {
    expect(globMatch(bytes(pattern), bytes(subject), true)).toBe(expected);
    expect(globMatchString(pattern, subject)).toBe(expected);
  });

  it('does not match the empty subject with "*" (KEYS and SCAN special-case the pattern "*")', () => {
    expect(globMatch(bytes('*'), bytes(''))).toBe(false);
    expect(isMatchAll(bytes('*'))).toBe(true);
    expect(isMatchAll(bytes('**'))).toBe(false);
    expect(isMatchAll(bytes(''))).toBe(false);
    expect(isMatchAll(bytes('\\*'))).toBe(false);
  });

  it('compares range bounds as signed chars, folding case only for noCase', () => {
    // Verified with KEYS: 0xff is -1, so [a-\xff] is the range -1..97.
    expect(globMatch(bytes('[a-\xff]'), bytes('0'))).toBe(true);
    expect(globMatch(bytes('[a-\xff]'), bytes('\x80'))).toBe(false);
    // noCase lowers the bounds after swapping: [A-z] becomes a..z and loses [ \ ] ^ _ `. The case-sensitive row
    // was checked with KEYS; no Redis command matches such bytes with noCase, so the noCase row follows from
    // reading stringmatchlen_impl rather than from a server.
    expect(globMatch(bytes('[A-z]'), bytes('_'))).toBe(true);
    expect(globMatch(bytes('[A-z]'), bytes('_'), true)).toBe(false);
    expect(globMatch(bytes('[A-z]'), bytes('Q'), true)).toBe(true);
  });

  // Verified with KEYS on 7.0.15: 1000 nested star recursions are allowed, 1001 are not.
  it.each([
    ['a*', 1001, true],
    ['a*', 1002, false],
    ['*a', 1000, true],
    ['*a', 1001, false],
  ] as const)('limits star nesting: %j repeated %i times against as many a', (unit, count, expected) => {
    expect(globMatch(bytes(unit.repeat(count)), bytes('a'.repeat(count)))).toBe(expected);
  });

  it('collapses adjacent stars, so they do not count toward the nesting limit', () => {
    expect(globMatch(bytes(`${'*'.repeat(5000)}a`), bytes('a'))).toBe(true);
  });

  it('stays linear on patterns that are exponential for naive backtracking', () => {
    const started = performance.now();
    expect(globMatch(bytes('a*a*a*a*a*a*a*a*a*b'), bytes('a'.repeat(50_000)))).toBe(false);
    expect(globMatch(bytes(`${'*a'.repeat(500)}b`), bytes('a'.repeat(2_000)))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('matches any subject against itself once every metacharacter is escaped', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (raw) => {
        const subject = Buffer.from(raw);
        const escaped: number[] = [];
        for (const byte of subject) {
          if ('*?[]\\'.includes(String.fromCharCode(byte))) escaped.push(0x5c);
          escaped.push(byte);
        }
        expect(globMatch(Buffer.from(escaped), subject)).toBe(true);
      }),
    );
  });

  // The empty subject is the exception each time: no pattern starting or ending with '*' matches it.
  it('agrees with prefix, suffix and contains checks for "p*", "*s" and "*x*" over plain bytes', () => {
    const plain = fc.uint8Array({ maxLength: 12 }).map((a) => Buffer.from(a.filter((b) => !'*?[]\\'.includes(String.fromCharCode(b)))));
    fc.assert(
      fc.property(plain, plain, (needle, subject) => {
        expect(globMatch(Buffer.concat([needle, bytes('*')]), subject)).toBe(
          subject.length > 0 && subject.subarray(0, needle.length).equals(needle),
        );
        expect(globMatch(Buffer.concat([bytes('*'), needle]), subject)).toBe(
          subject.length > 0 && subject.length >= needle.length && subject.subarray(subject.length - needle.length).equals(needle),
        );
        expect(globMatch(Buffer.concat([bytes('*'), needle, bytes('*')]), subject)).toBe(subject.length > 0 && subject.includes(needle));
      }),
    );
  });

  it('matches "?" repeated n times exactly the subjects of length n', () => {
    fc.assert(
      fc.property(fc.nat(20), fc.uint8Array({ maxLength: 20 }), (n, raw) => {
        expect(globMatch(bytes('?'.repeat(n)), Buffer.from(raw))).toBe(raw.length === n);
      }),
    );
  });
});
