// The string type without a server: encodings, integer arithmetic, APPEND/SETRANGE/GETRANGE
// helpers, the 80-bit long double behind INCRBYFLOAT, and LCS. Expected values read off Redis 7.0.15.

import { describe, expect, it } from 'vitest';
import {
  addInt64, createStringForSetRange, exceedsStringLimit, setStringInt, stringAppend, stringAsLongDouble, stringGetRange,
  stringSetRange,
} from '../../../src/datatypes/string/string-ops.js';
import {
  EMBSTR_SIZE_LIMIT, createRawOrEmbstr, createString, createStringFromInt, stringAsInt, stringLength, stringValue, MAX_STRING_BYTES,
} from '../../../src/datatypes/string/string-type.js';
import {
  addLongDoubles, formatLongDouble, isFiniteLongDouble, longDoubleFromNumber, parseLongDouble, type LongDouble,
} from '../../../src/util/numbers.js';
import { longestCommonSubsequence } from '../../../src/datatypes/string/lcs.js';
import { duplicateString, overwriteString, stringPrice } from '../../../src/datatypes/string/string-type.js';
import fc from 'fast-check';
import { stringAllocBytes } from '../../../src/eviction/memory-model.js';
import { stringGrowZero } from '../../../src/datatypes/string/bits.js';

describe('string encodings (tryObjectEncoding)', () => {
  it('createString picks int for canonical int64 decimals', () => {
    expect(createString(Buffer.from('123'))).toMatchObject({ encoding: 'int', value: 123 });
    expect(createString(Buffer.from('-9223372036854775808'))).toMatchObject({
      encoding: 'int', value: -9223372036854775808n,
    });
    expect(createString(Buffer.from('9223372036854775807'))).toMatchObject({ encoding: 'int', value: 9223372036854775807n });
  });

  it('createString keeps non-canonical numbers as embstr: 007, -0, +1, " 1", 2^63', () => {
    for (const text of ['007', '-0', '+1', ' 1', '1 ', '9223372036854775808', '1.0', '']) {
      expect(createString(Buffer.from(text)).encoding).toBe('embstr');
    }
  });

  it('createString switches from embstr to raw past 44 bytes', () => {
    expect(createString(Buffer.alloc(EMBSTR_SIZE_LIMIT, 'a')).encoding).toBe('embstr');
    expect(createString(Buffer.alloc(EMBSTR_SIZE_LIMIT + 1, 'a')).encoding).toBe('raw');
    // 45 digits: too long to be an int, and raw.
    expect(createString(Buffer.from('1'.repeat(45))).encoding).toBe('raw');
  });

  it('values are bytes: invalid UTF-8 and NUL survive', () => {
    const bytes = Buffer.from([0xff, 0x00, 0xc3, 0x28, 0x0d, 0x0a]);
    const obj = createString(bytes);
    expect(Buffer.from(stringValue(obj), 'latin1').equals(bytes)).toBe(true);
    expect(stringLength(obj)).toBe(6);
  });

  it('createRawOrEmbstr never makes int (INCRBYFLOAT results)', () => {
    expect(createRawOrEmbstr('3').encoding).toBe('embstr');
    expect(createRawOrEmbstr('1'.repeat(45)).encoding).toBe('raw');
  });
});

describe('integer arithmetic', () => {
  it('addInt64 adds exactly and reports overflow as null', () => {
    expect(addInt64(1, 2)).toBe(3);
    expect(addInt64(Number.MAX_SAFE_INTEGER, 1)).toBe(9007199254740992n);
    expect(addInt64(9223372036854775806n, 1)).toBe(9223372036854775807n);
    expect(addInt64(9223372036854775807n, 1)).toBeNull();
    expect(addInt64(-9223372036854775808n, -1)).toBeNull();
    expect(addInt64(-9223372036854775808n, 9223372036854775807n)).toBe(-1);
  });

  it('stringAsInt reads int-encoded and canonical embstr values only', () => {
    expect(stringAsInt(createStringFromInt(5))).toBe(5);
    expect(stringAsInt(createRawOrEmbstr('12'))).toBe(12);
    expect(stringAsInt(createRawOrEmbstr('01'))).toBeNull();
    expect(stringAsInt(createRawOrEmbstr('1.0'))).toBeNull();
  });
});

describe('APPEND, SETRANGE, GETRANGE helpers', () => {
  it('stringAppend makes the value raw, even from int', () => {
    const obj = createString(Buffer.from('1'));
    expect(stringAppend(obj, '2')).toBe(2);
    expect(obj).toMatchObject({ encoding: 'raw', value: '12' });
  });

  it('stringSetRange overwrites in the middle and zero-pads past the end', () => {
    const obj = createString(Buffer.from('123'));
    expect(stringSetRange(obj, 1, 'x')).toBe(3);
    expect(obj).toMatchObject({ encoding: 'raw', value: '1x3' });
    expect(stringSetRange(obj, 5, 'ab')).toBe(7);
    expect(stringValue(obj)).toBe('1x3\0\0ab');
    expect(stringSetRange(obj, 6, 'XYZ')).toBe(9);
    expect(stringValue(obj)).toBe('1x3\0\0aXYZ');
  });

  it('createStringForSetRange is raw with leading zero bytes', () => {
    expect(createStringForSetRange(3, 'ab')).toMatchObject({ encoding: 'raw', value: '\0\0\0ab' });
  });

  it('exceedsStringLimit applies the smaller of proto-max-bulk-len and the V8 limit', () => {
    expect(exceedsStringLimit(1024 * 1024 - 1, 1, 1024 * 1024)).toBe(false);
    expect(exceedsStringLimit(1024 * 1024, 1, 1024 * 1024)).toBe(true);
    expect(exceedsStringLimit(9223372036854775807n, 1, 512 * 1024 * 1024)).toBe(true);
    expect(exceedsStringLimit(MAX_STRING_BYTES, 1, 2 ** 40)).toBe(true);
  });

  it('stringGetRange clamps like Redis 7.0 getrangeCommand', () => {
    const obj = createString(Buffer.from('Hello World'));
    const cases: Array<[number | bigint, number | bigint, string]> = [
      [0, 4, 'Hello'], [-3, -1, 'rld'], [-1, -3, ''], [5, 3, ''], [0, -100, 'H'], [-100, -50, 'H'],
      [-100, 100, 'Hello World'], [10, 100, 'd'], [11, 100, ''], [0, -12, 'H'],
      [-9223372036854775808n, 9223372036854775807n, 'Hello World'],
      [-9223372036854775807n, -9223372036854775808n, ''],
    ];
    for (const [start, end, want] of cases) expect(stringGetRange(obj, start, end)).toBe(want);
    expect(stringGetRange(createString(Buffer.from('12345')), 1, 2)).toBe('23');
    expect(stringGetRange(createString(Buffer.from('')), 0, -1)).toBe('');
    expect(stringGetRange(createString(Buffer.from('')), -1, 0)).toBe('');
  });
});

/**
 * INCRBYFLOAT's computation as the command does it: the stored value (set like SET stores it, so
 * possibly int-encoded) plus the increment, formatted, or the error kind.
 */
function incrByFloat(stored: string | null, increment: string): string {
  let current: LongDouble = longDoubleFromNumber(0);
  if (stored !== null) {
    const parsed = stringAsLongDouble(createString(Buffer.from(stored, 'latin1')));
    if (parsed === null) return 'not a valid float';
    current = parsed;
  }
  const incr = parseLongDouble(Buffer.from(increment, 'latin1'));
  if (incr === null) return 'not a valid float';
  const sum = addLongDoubles(current, incr);
  if (!isFiniteLongDouble(sum)) return 'NaN or Infinity';
  return formatLongDouble(sum);
}

describe('INCRBYFLOAT arithmetic: stringAsLongDouble + util/numbers long double (x87 80-bit, "%.17Lf")', () => {
  it('stringAsLongDouble converts int-encoded values exactly, including beyond 2^53', () => {
    expect(formatLongDouble(stringAsLongDouble(createString(Buffer.from('-9223372036854775808'))) as LongDouble)).toBe(
      '-9223372036854775808',
    );
    expect(formatLongDouble(stringAsLongDouble(createString(Buffer.from('42'))) as LongDouble)).toBe('42');
    expect(stringAsLongDouble(createString(Buffer.from('abc')))).toBeNull();
  });

  it('matches Redis on small decimals', () => {
    expect(incrByFloat(null, '10.5')).toBe('10.5');
    expect(incrByFloat('10.5', '0.1')).toBe('10.6');
    expect(incrByFloat('10.6', '-10.6')).toBe('0');
    expect(incrByFloat('0.1', '0.2')).toBe('0.3');
    expect(incrByFloat('1', '0.3')).toBe('1.3');
    expect(incrByFloat('3.0', '0')).toBe('3');
    expect(incrByFloat('5', '-5')).toBe('0');
    expect(incrByFloat('0', '-0.0')).toBe('0');
    expect(incrByFloat('1.5', '-3')).toBe('-1.5');
  });

  it('keeps 64 significant bits and prints 17 decimals, rounding half to even', () => {
    expect(incrByFloat('0', '1.23456789012345678901234')).toBe('1.23456789012345679');
    expect(incrByFloat('1.23456789012345679', '3.0e3')).toBe('3001.23456789012345669');
    expect(incrByFloat(null, '1e-17')).toBe('0.00000000000000001');
    expect(incrByFloat(null, '5e-18')).toBe('0');
    expect(incrByFloat(null, '1.5e-17')).toBe('0.00000000000000002');
    expect(incrByFloat(null, '2.5e-17')).toBe('0.00000000000000002');
    expect(incrByFloat(null, '0x1p-18')).toBe('0.00000381469726562');
    expect(incrByFloat('17', '1e-20')).toBe('17');
  });

  it('holds int64 exactly and rounds beyond 64 bits', () => {
    expect(incrByFloat('9223372036854775807', '1')).toBe('9223372036854775808');
    expect(incrByFloat('-9223372036854775808', '-0.5')).toBe('-9223372036854775808');
    expect(incrByFloat(null, '18446744073709551615')).toBe('18446744073709551615');
    expect(incrByFloat(null, '18446744073709551617')).toBe('18446744073709551616');
    expect(incrByFloat('100000000000000000000', '1')).toBe('100000000000000000000');
  });

  it('goes past the double range like a long double', () => {
    expect(incrByFloat('5000', '1e308')).toBe(
      '99999999999999999996685879655845645660560099847415567207797047994921734868838061872100126921888539320446747225054013223152134749593960583597420814430196418767959100019603190778663109604507106667939153395788938914560543563061268364901618630217086589253444881623791300855757318142424510452728255046343928578048',
    );
    const twice = incrByFloat('1.7976931348623157e308', '1.7976931348623157e308');
    expect(twice.startsWith('359538626972463139991842093548208868096772893888658356970628841530353257046248792709403737216774171128857586838851041378617416726902272110715794556052955234146997955372576789671236326588091188869859074894581254961338834769297758245552436667197907705664206565009503223382416235440319971852753604933726679072768')).toBe(true);
    expect(incrByFloat(null, '-1e4932').slice(0, 40)).toBe('-100000000000000000000601894938796389132');
    expect(incrByFloat(null, '-1e4932').length).toBe(4934);
  });

  it('accepts what strtold accepts: hex floats, leading point, trailing point, sign', () => {
    expect(incrByFloat(null, '0x10')).toBe('16');
    expect(incrByFloat(null, '0X1.8P1')).toBe('3');
    expect(incrByFloat(null, '0x1p-3')).toBe('0.125');
    expect(incrByFloat(null, '1.e1')).toBe('10');
    expect(incrByFloat(null, '.5')).toBe('0.5');
    expect(incrByFloat(null, '+5')).toBe('5');
    expect(incrByFloat(null, '-.5e1')).toBe('-5');
    expect(incrByFloat(null, '0e-99999999999999999999')).toBe('0');
    expect(incrByFloat(null, '1e-4950')).toBe('0'); // a subnormal long double: valid
  });

  it('refuses what string2ld refuses', () => {
    for (const bad of ['', ' 1', '1 ', 'nan', 'NaN', '1e', '0x', 'abc', '1e4933', '1e-4960', '1e99999999999999999999', '1\x002']) {
      expect(incrByFloat(null, bad)).toBe('not a valid float');
    }
    expect(incrByFloat(null, 'x'.repeat(5120))).toBe('not a valid float');
    expect(incrByFloat('abc', '1')).toBe('not a valid float');
  });

  it('infinity parses but the sum is refused', () => {
    for (const inf of ['inf', 'INF', 'infinity', '-Infinity']) expect(incrByFloat('1', inf)).toBe('NaN or Infinity');
    expect(incrByFloat('inf', '-inf')).toBe('NaN or Infinity');
  });
});

describe('LCS', () => {
  const walk = { walk: true, minMatchLen: 0 };

  it('finds the subsequence and the matches from the end backwards', () => {
    const r = longestCommonSubsequence('ohmytext', 'mynewtext', walk);
    expect(r.length).toBe(6);
    expect(r.text).toBe('mytext');
    expect(r.matches).toEqual([
      { aStart: 4, aEnd: 7, bStart: 5, bEnd: 8, length: 4 },
      { aStart: 2, aEnd: 3, bStart: 0, bEnd: 1, length: 2 },
    ]);
  });

  it('MINMATCHLEN drops shorter runs; no walk gives only the length', () => {
    expect(longestCommonSubsequence('ohmytext', 'mynewtext', { walk: true, minMatchLen: 4 }).matches).toHaveLength(1);
    expect(longestCommonSubsequence('ohmytext', 'mynewtext', { walk: false, minMatchLen: 0 })).toEqual({
      length: 6, text: '', matches: [],
    });
  });

  it('empty strings and binary bytes', () => {
    expect(longestCommonSubsequence('', 'abc', walk)).toEqual({ length: 0, text: '', matches: [] });
    expect(longestCommonSubsequence('\0\xff\r\n', 'x\xff\ny', walk).text).toBe('\xff\n');
  });
});

describe('the stored string object (two fields; encoding, lru and charged derived)', () => {
  it('has exactly two own fields, the value and the packed lru/encoding word (each more costs 8 bytes per string key)', () => {
    expect(Object.keys(createString('hello')).length).toBe(2);
    expect(Object.keys(createString('123')).length).toBe(2);
  });

  it('keeps the 24-bit lru field and the encoding apart', () => {
    const obj = createString('hello', 0xabcdef);
    expect(obj.lru).toBe(0xabcdef);
    expect(obj.encoding).toBe('embstr');
    obj.lru = 0x123456;
    expect(obj.encoding).toBe('embstr');
    expect(obj.lru).toBe(0x123456);
    stringAppend(obj, '!');
    expect(obj).toMatchObject({ type: 'string', encoding: 'raw', value: 'hello!', lru: 0x123456 });
    setStringInt(obj, 7);
    expect(obj).toMatchObject({ encoding: 'int', value: 7, lru: 0x123456 });
  });

  it('charged is the price until the value changes in place, then the old price until charged again', () => {
    const obj = createString('abc');
    expect(obj.charged).toBe(stringAllocBytes('embstr', 3));
    stringAppend(obj, 'x'.repeat(50));
    stringAppend(obj, 'y');
    expect(obj.charged).toBe(stringAllocBytes('embstr', 3));
    obj.charged = stringAllocBytes('raw', 54);
    expect(obj.charged).toBe(stringAllocBytes('raw', 54));
    stringAppend(obj, 'z');
    expect(obj.charged).toBe(stringAllocBytes('raw', 54));
  });

  it('a change that keeps the price records nothing: INCR of an int, SETBIT inside the value', () => {
    const n = createString('10');
    setStringInt(n, 11);
    expect(n.charged).toBe(stringAllocBytes('int', 2));
    const s = createRawOrEmbstr('abcd');
    stringSetRange(s, 0, 'x');
    expect(s.charged).toBe(stringAllocBytes('embstr', 4));
    s.charged = stringAllocBytes('raw', 4);
    stringGrowZero(s, 4);
    stringSetRange(s, 1, 'y');
    expect(s.charged).toBe(stringAllocBytes('raw', 4));
  });
});

describe('a string value prices itself as it is now (the price noted in the object is forgotten on every change)', () => {
  it('after any sequence of SET over it, APPEND, SETRANGE, INCR and raw edits, the price is the memory model\'s for its encoding and length', () => {
    const texts = ['', '7', '-12', 'abc', '-', '\xff\x00', 'q', 'x'.repeat(12), 'y'.repeat(13), 'z'.repeat(44), 'w'.repeat(45), '99999999999999999999'];
    const op = fc.oneof(
      fc.constantFrom(...texts).map((t) => ({ kind: 'overwrite' as const, t })),
      fc.constantFrom('', 'a', 'bb', 'c'.repeat(30)).map((t) => ({ kind: 'append' as const, t })),
      fc.tuple(fc.integer({ min: 0, max: 50 }), fc.constantFrom('P', 'QQQ')).map(([o, t]) => ({ kind: 'setrange' as const, o, t })),
      fc.integer({ min: -1000, max: 1000 }).map((n) => ({ kind: 'int' as const, n })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(fc.tuple(op, fc.boolean()), { maxLength: 12 }), (first, ops) => {
        const obj = createString(Buffer.from(first, 'latin1'));
        const fresh = (): number => stringAllocBytes(obj.encoding, stringLength(obj));
        expect(stringPrice(obj)).toBe(fresh());
        for (const [step, priceBetween] of ops) {
          if (step.kind === 'overwrite') expect(overwriteString(obj, Buffer.from(step.t, 'latin1'), 0)).toBe(true);
          else if (step.kind === 'append') stringAppend(obj, step.t);
          else if (step.kind === 'setrange') stringSetRange(obj, step.o, step.t);
          else setStringInt(obj, step.n);
          // The keyspace settles the price after each change: charging the current price clears any note of a prior one.
          if (priceBetween) obj.charged = stringPrice(obj);
          expect(stringPrice(obj)).toBe(fresh());
        }
      }),
    );
  });

  it('overwriteString gives what createString gives', () => {
    const tiny = ['x', 'xxx', '-', '-a', '0a', ' 1', '+1', '\x00', '\xff\x00\x80', '\x00\x00\x00', 'ab'];
    for (const text of ['0', '123', '-5', '007', '9223372036854775807', '9223372036854775808', 'abc', 'q'.repeat(44), 'q'.repeat(45), '', ...tiny]) {
      const obj = createString(Buffer.from('old value'));
      overwriteString(obj, Buffer.from(text, 'latin1'), 42);
      const made = createString(Buffer.from(text, 'latin1'), 42);
      expect({ encoding: obj.encoding, value: obj.value, lru: obj.lru }).toEqual({ encoding: made.encoding, value: made.value, lru: made.lru });
    }
  });
});

describe('values of one to three bytes (kept packed in the object, read back as strings)', () => {
  const tiny = ['x', 'xxx', '-', '-a', '0a', ' 1', '\x00', '\xff\x00\x80', '\x00\x00\x00', 'ab', '\xff'];

  it('read back byte for byte as embstr, made or overwritten, and copied', () => {
    for (const text of tiny) {
      const made = createString(Buffer.from(text, 'latin1'));
      const over = createString(Buffer.from('some old value'));
      overwriteString(over, Buffer.from(text, 'latin1'), 0);
      for (const obj of [made, over, duplicateString(made), createRawOrEmbstr(text)]) {
        expect(obj.encoding).toBe('embstr');
        expect(obj.value).toBe(text);
        expect(stringValue(obj)).toBe(text);
        expect(stringLength(obj)).toBe(text.length);
        expect(stringGetRange(obj, 0, -1)).toBe(text);
      }
    }
  });

  it('APPEND, SETRANGE and INCR leave the packed form with the right bytes', () => {
    for (const text of tiny) {
      const appended = createString(Buffer.from(text, 'latin1'));
      expect(stringAppend(appended, 'Z')).toBe(text.length + 1);
      expect({ encoding: appended.encoding, value: appended.value }).toEqual({ encoding: 'raw', value: `${text}Z` });
      const patched = createString(Buffer.from(text, 'latin1'));
      stringSetRange(patched, 1, 'Q');
      expect({ encoding: patched.encoding, value: patched.value }).toEqual({ encoding: 'raw', value: text[0] + 'Q' + text.slice(2) });
      const counted = createString(Buffer.from(text, 'latin1'));
      setStringInt(counted, 12);
      expect({ encoding: counted.encoding, value: counted.value }).toEqual({ encoding: 'int', value: 12 });
      // An encoding changed on its own (as SETBIT's grow does before it sets the value) keeps the bytes.
      const bare = createString(Buffer.from(text, 'latin1'));
      bare.encoding = 'raw';
      expect(bare.value).toBe(text);
    }
  });
});
