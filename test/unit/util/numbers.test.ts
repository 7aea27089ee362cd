// Number parsing and formatting: tables verified against redis-server 7.0.15, plus properties.
// Every table row was produced by a real server while developing (this suite itself needs none):
//   INT_CASES        SET k 0; INCRBY k <text>                      (string2ll via getLongLongFromObject)
//   DOUBLE_CASES     ZADD z <text> m; ZSCORE z m, skiplist encoding (string2d, then addReplyDouble)
//   FORMAT_CASES     ZADD z <text> m; ZSCORE z m                   (addReplyDouble's "%.17g")
//   INCRBYFLOAT_CASES SET k <base>; INCRBYFLOAT k <incr>           (string2ld, long double add, ld2string)
//   MEMORY_CASES     CONFIG SET maxmemory <text>; CONFIG GET maxmemory (memtoull)
//   STRTOD_CASES     ZCOUNT z <text> +inf over scores -inf 0 1 2 inf (zslParseRange's bare strtod)
// A random differential run (60,000 literals through ZADD, INCRBYFLOAT and INCRBY, 60,000 random doubles
// through ZSCORE, and 3,000 chained INCRBYFLOATs) found no difference.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LLONG_MAX,
  LLONG_MIN,
  addLongDoubles,
  formatDouble,
  formatInt,
  formatLongDouble,
  formatStoredDouble,
  isFiniteLongDouble,
  longDoubleFromNumber,
  longDoubleToNumber,
  parseDouble,
  parseInt64,
  parseLongDouble,
  parseLongLong,
  parseMemory,
  parseSafeInt,
  strtod,
} from '../../../src/util/numbers.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

/** [text, int64 value or null when INCRBY says 'ERR value is not an integer or out of range']. */
const INT_CASES: ReadonlyArray<readonly [string, bigint | null]> = [
  ['0', 0n],
  ['-0', null],
  ['+1', null],
  ['01', null],
  ['-01', null],
  [' 1', null],
  ['1 ', null],
  ['1\x00', null],
  ['', null],
  ['-', null],
  ['00', null],
  ['1e3', null],
  ['0x10', null],
  ['1.0', null],
  ['99999999999999999999', null],
  ['9223372036854775807', 9223372036854775807n],
  ['9223372036854775808', null],
  ['-9223372036854775808', -9223372036854775808n],
  ['-9223372036854775809', null],
  ['123', 123n],
  ['-123', -123n],
  ['9007199254740991', 9007199254740991n],
  ['9007199254740992', 9007199254740992n],
  ['-9007199254740993', -9007199254740993n],
  ['18446744073709551615', null],
  ['000000000000000000001', null],
];

/** [text, ZSCORE reply after ZADD, or null when ZADD says 'ERR value is not a valid float']. */
const DOUBLE_CASES: ReadonlyArray<readonly [string, string | null]> = [
  ['1', '1'],
  ['-1', '-1'],
  ['1.5', '1.5'],
  ['.5', '0.5'],
  ['5.', '5'],
  ['-.5e1', '-5'],
  ['+1', '1'],
  ['00012', '12'],
  ['1e0001', '10'],
  ['1E5', '100000'],
  ['0x10', '16'],
  ['0X1p3', '8'],
  ['0x1.8p1', '3'],
  ['0x.8', '0.5'],
  ['-0x1p-2', '-0.25'],
  ['0xABCp-4', '171.75'],
  ['inf', 'inf'],
  ['+inf', 'inf'],
  ['-inf', '-inf'],
  ['INF', 'inf'],
  ['Infinity', 'inf'],
  ['-infinity', '-inf'],
  ['-0', '-0'],
  ['0e-400', '0'],
  ['3e-324', '4.9406564584124654e-324'],
  ['4.9e-324', '4.9406564584124654e-324'],
  ['1e-310', '9.9999999999999694e-311'],
  ['0x1p-1074', '4.9406564584124654e-324'],
  ['0x1.8p-1075', '4.9406564584124654e-324'],
  ['1.7976931348623158e308', '1.7976931348623157e+308'],
  ['0x', null],
  ['0x1p', null],
  ['1e', null],
  ['1e+', null],
  ['.', null],
  ['-', null],
  ['+', null],
  [' 1', null],
  ['1 ', null],
  ['\x091', null],
  ['\x0a1', null],
  ['', null],
  ['1\x00', null],
  ['infx', null],
  ['infin', null],
  ['nan', null],
  ['NaN', null],
  ['-nan', null],
  ['nan(1)', null],
  ['1e400', null],
  ['-1e400', null],
  ['1e-400', null],
  ['-1e-400', null],
  ['2e-324', null],
  ['0x1p-1075', null],
  ['0x1p1024', null],
  ['0x1.fffffffffffff8p1023', null],
  ['1.7976931348623159e308', null],
  ['1_0', null],
  ['0b1', null],
  ['0o7', null],
  ['1,5', null],
];

/** [score as sent to ZADD, ZSCORE reply]. */
const FORMAT_CASES: ReadonlyArray<readonly [string, string]> = [
  ['1', '1'],
  ['1.5', '1.5'],
  ['0.1', '0.10000000000000001'],
  ['1e20', '1e+20'],
  ['1e-5', '1.0000000000000001e-05'],
  ['0.0001', '0.0001'],
  ['0.00001', '1.0000000000000001e-05'],
  ['123456789012345678', '1.2345678901234568e+17'],
  ['3.0000000000000004', '3.0000000000000004'],
  ['-0', '-0'],
  ['0', '0'],
  ['-1.5', '-1.5'],
  ['1e15', '1000000000000000'],
  ['1e16', '10000000000000000'],
  ['1e17', '1e+17'],
  ['9007199254740993', '9007199254740992'],
  ['4503599627370497', '4503599627370497'],
  ['4611686018427387904', '4.6116860184273879e+18'],
  ['1e22', '1e+22'],
  ['1.00000762939453125', '1.0000076293945312'],
  ['1.00000762939453135', '1.0000076293945312'],
  ['2.5', '2.5'],
  ['123.456', '123.456'],
  ['-1e-320', '-9.9998886718268301e-321'],
  ['1e300', '1.0000000000000001e+300'],
  ['72057594037927936', '72057594037927936'],
  ['0.3', '0.29999999999999999'],
  ['100000000000000000000', '1e+20'],
  ['1.7976931348623157e308', '1.7976931348623157e+308'],
  ['5e-324', '4.9406564584124654e-324'],
  ['inf', 'inf'],
  ['-inf', '-inf'],
  ['0.1234567890123456789', '0.12345678901234568'],
  ['9999999999999999', '10000000000000000'],
  ['99999999999999999', '1e+17'],
  ['0.000099999999999999995', '9.9999999999999991e-05'],
];

/**
 * [stored value, increment, INCRBYFLOAT reply or error]. Long replies give their first 30 characters and their length.
 */
const INCRBYFLOAT_CASES: ReadonlyArray<readonly [string, string, string, number?]> = [
  ['0', '0.1', '0.1'],
  ['10.5', '0.1', '10.6'],
  ['0.1', '0.2', '0.3'],
  ['0', '3.0e3', '3000'],
  ['0', '5.0e3', '5000'],
  ['0', '1e20', '100000000000000000000'],
  ['0', '1.5e-10', '0.00000000015'],
  ['0', '1e300', '100000000000000000000899732407', 301],
  ['0', '1e-17', '0.00000000000000001'],
  ['0', '-1e-17', '-0.00000000000000001'],
  ['0', '5e-18', '0'],
  ['0', '-5e-18', '0'],
  ['0', '6e-18', '0.00000000000000001'],
  ['0', '1.000000000000000005', '1'],
  ['0', '0.000000000000000015', '0.00000000000000002'],
  ['0', '0.000000000000000025', '0.00000000000000002'],
  ['0', '0.125', '0.125'],
  ['1', '-1', '0'],
  ['-1', '0.5', '-0.5'],
  ['0', '-0', '0'],
  ['-0', '0', '0'],
  ['1e3', '1', '1001'],
  ['5', '-0x1p-3', '4.875'],
  ['0', '1e400', '100000000000000000002818806839', 401],
  ['0', '1e4932', '100000000000000000000601894938', 4933],
  ['0', '0x1p16383', '594865747678615882542879663314', 4932],
  ['0', '0x1.fffffffffffffffe8p16383', '118973149535723176502126385303', 4933],
  ['0', '9223372036854775807', '9223372036854775807'],
  ['0', '18446744073709551617', '18446744073709551616'],
  ['0', '3.14159265358979323846264338327950288', '3.14159265358979324'],
  ['0', '3.6e-4951', '0'],
  ['0', '1e-4950', '0'],
  ['0', '0x1p-16445', '0'],
  ['0', '0x1p1024', '179769313486231590772930519078', 309],
  ['0', '1.7976931348623159e308', '179769313486231590003050712178', 309],
  ['0', '100000000000000000001', '100000000000000000000'],
  ['0', `${'0'.repeat(5118)}1`, '1'],
  [`${'0'.repeat(5118)}1`, '1', '2'],
  ['0', 'inf', 'ERR increment would produce NaN or Infinity'],
  ['0', '-Infinity', 'ERR increment would produce NaN or Infinity'],
  ['1e4932', '1e4932', 'ERR increment would produce NaN or Infinity'],
  ['0', '1.2e4932', 'ERR value is not a valid float'],
  ['0', '0x1p16384', 'ERR value is not a valid float'],
  ['0', '0x1.ffffffffffffffffp16383', 'ERR value is not a valid float'],
  ['0', '1e-5000', 'ERR value is not a valid float'],
  ['0', '1e-4951', 'ERR value is not a valid float'],
  ['0', '0x1p-16446', 'ERR value is not a valid float'],
  ['0', 'nan', 'ERR value is not a valid float'],
  ['0', '', 'ERR value is not a valid float'],
  ['0', ' 1', 'ERR value is not a valid float'],
  ['0', '1 ', 'ERR value is not a valid float'],
  ['0', '1\x005', 'ERR value is not a valid float'],
  ['0', '0x', 'ERR value is not a valid float'],
  ['abc', '1', 'ERR value is not a valid float'],
  [' 1', '1', 'ERR value is not a valid float'],
  ['0', `${'0'.repeat(5119)}1`, 'ERR value is not a valid float'],
  [`${'0'.repeat(5119)}1`, '1', 'ERR value is not a valid float'],
];

/** [CONFIG SET maxmemory text, CONFIG GET value, or null when CONFIG SET fails]. */
const MEMORY_CASES: ReadonlyArray<readonly [string, bigint | null]> = [
  ['100mb', 104857600n],
  ['100MB', 104857600n],
  ['1k', 1000n],
  ['1kb', 1024n],
  ['1K', 1000n],
  ['1Kb', 1024n],
  ['1g', 1000000000n],
  ['1gb', 1073741824n],
  ['1gB', 1073741824n],
  ['1m', 1000000n],
  ['1b', 1n],
  ['B', 0n],
  ['1', 1n],
  ['0', 0n],
  ['01k', 1000n],
  ['', 0n],
  ['kb', 0n],
  ['5\x00junk', 5n],
  ['18446744073709551615', 18446744073709551615n],
  ['18446744073709551616', 18446744073709551615n],
  ['17179869183gb', 18446744072635809792n],
  ['17179869184gb', 0n],
  ['99999999999999999999gb', 18446744072635809792n],
  ['1'.padEnd(127, '0'), 18446744073709551615n],
  ['-1', null],
  ['-', null],
  ['1.5mb', null],
  ['+1', null],
  ['1 mb', null],
  [' 1', null],
  ['1tb', null],
  ['1'.padEnd(128, '0'), null],
  ['1kib', null],
];

/**
 * [bound text, value zslParseRange reads, or null when ZCOUNT says 'ERR min or max is not a float']. It takes
 * strtod's value if the conversion reaches the end of the C string (a NUL byte ends it) and is not NaN.
 */
const STRTOD_CASES: ReadonlyArray<readonly [string, number | null]> = [
  [' 1', 1],
  ['', 0],
  ['1e999', Infinity],
  ['-1e999', -Infinity],
  ['1e-999', 0],
  ['\t2', 2],
  ['1\x00x', 1],
  ['0x1p1', 2],
  ['nan', null],
  ['x', null],
  ['1 ', null],
  [' ', null],
];

/** INCRBYFLOAT as incrbyfloatCommand runs it, on top of our primitives. */
function incrByFloat(base: string, increment: string): string {
  const current = parseLongDouble(bytes(base));
  const delta = parseLongDouble(bytes(increment));
  if (current === null || delta === null) return 'ERR value is not a valid float';
  const sum = addLongDoubles(current, delta);
  if (!isFiniteLongDouble(sum)) return 'ERR increment would produce NaN or Infinity';
  return formatLongDouble(sum);
}

describe('integers (string2ll)', () => {
  it.each(INT_CASES)('parses %j as %s', (text, expected) => {
    const buf = bytes(text);
    expect(parseInt64(buf)).toBe(expected);
    const value = parseLongLong(buf);
    if (expected === null) {
      expect(value).toBeNull();
      expect(parseSafeInt(buf)).toBeNull();
    } else if (expected >= -9007199254740991n && expected <= 9007199254740991n) {
      expect(value).toBe(Number(expected));
      expect(parseSafeInt(buf)).toBe(Number(expected));
    } else {
      expect(value).toBe(expected);
      expect(parseSafeInt(buf)).toBeNull();
    }
  });

  it('round-trips every int64 through formatInt and parseInt64', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: LLONG_MIN, max: LLONG_MAX }), (value) => {
        expect(parseInt64(bytes(formatInt(value)))).toBe(value);
        const small = parseLongLong(bytes(formatInt(value)));
        expect(typeof small === 'number' ? BigInt(small) : small).toBe(value);
      }),
    );
  });

  it('returns a number exactly when the value is a safe integer', () => {
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.bigInt({ min: LLONG_MIN, max: LLONG_MAX })), (value) => {
        const exact = BigInt(value);
        const safe = exact >= BigInt(Number.MIN_SAFE_INTEGER) && exact <= BigInt(Number.MAX_SAFE_INTEGER);
        expect(typeof parseLongLong(bytes(String(value)))).toBe(safe ? 'number' : 'bigint');
      }),
    );
  });

  it('rejects anything that is not the canonical text of its value', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '9', '-', '+', ' ', 'e', '.'), maxLength: 22 }), (text) => {
        const value = parseInt64(bytes(text));
        if (value !== null) expect(String(value)).toBe(text);
      }),
    );
  });

  it('formats -0 as "0" and bigints exactly', () => {
    expect(formatInt(-0)).toBe('0');
    expect(formatInt(LLONG_MIN)).toBe('-9223372036854775808');
  });
});

describe('doubles (string2d, strtod)', () => {
  it.each(DOUBLE_CASES)('parses %j, ZSCORE replies %j', (text, reply) => {
    const value = parseDouble(bytes(text));
    if (reply === null) expect(value).toBeNull();
    else expect(value === null ? null : formatDouble(value)).toBe(reply);
  });

  it.each(STRTOD_CASES)('reads the range bound %j as %s', (text, expected) => {
    const buf = bytes(text);
    const { value, end } = strtod(buf);
    const valid = (end === buf.length || buf[end] === 0) && !Number.isNaN(value);
    expect(valid ? value : null).toBe(expected);
  });

  it('reports strtod range errors and the unconverted end like C', () => {
    expect(strtod(bytes('1e999'))).toEqual({ value: Infinity, end: 5, rangeError: true });
    expect(strtod(bytes('-1e-999x'))).toEqual({ value: -0, end: 7, rangeError: true });
    expect(strtod(bytes('inf'))).toEqual({ value: Infinity, end: 3, rangeError: false });
    expect(strtod(bytes('  x'))).toEqual({ value: 0, end: 0, rangeError: false });
    expect(strtod(bytes('0x'))).toEqual({ value: 0, end: 1, rangeError: false });
    expect(strtod(bytes('1e+'))).toEqual({ value: 1, end: 1, rangeError: false });
    expect(strtod(bytes('infinityx'))).toEqual({ value: Infinity, end: 8, rangeError: false });
    expect(strtod(bytes('nan(abc_1)z')).end).toBe(10);
    expect(strtod(bytes('nan(abc')).end).toBe(3);
    expect(strtod(bytes('x 1.5'), 1)).toEqual({ value: 1.5, end: 5, rangeError: false });
  });

  it('agrees with JS Number() on plain decimal text', () => {
    const decimal = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{0,20}$/), fc.option(fc.stringMatching(/^\d{0,20}$/)), fc.option(fc.integer({ min: -330, max: 330 })))
      .filter(([, int, frac]) => int.length > 0 || (frac !== null && frac.length > 0))
      .map(([sign, int, frac, exp]) => `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `e${exp}`}`);
    fc.assert(
      fc.property(decimal, (text) => {
        const expected = Number(text);
        const nonZero = /[1-9]/.test(text.split('e')[0] ?? '');
        const representable = Number.isFinite(expected) && !(expected === 0 && nonZero);
        expect(parseDouble(bytes(text))).toBe(representable ? expected : null);
      }),
    );
  });

  it('parses hex floats exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 53n - 1n }), fc.integer({ min: -1000, max: 960 }), (mantissa, exponent) => {
        const text = `0x${mantissa.toString(16)}p${exponent}`;
        expect(parseDouble(bytes(text))).toBe(Number(mantissa) * 2 ** exponent);
        expect(parseDouble(bytes(`-${text.toUpperCase()}`))).toBe(-Number(mantissa) * 2 ** exponent);
      }),
    );
    // Correct rounding of a mantissa wider than 53 bits, ties to even.
    expect(parseDouble(bytes('0x1.00000000000008p0'))).toBe(1);
    expect(parseDouble(bytes('0x1.00000000000018p0'))).toBe(1 + 2 ** -51);
    expect(parseDouble(bytes('0x1.000000000000080001p0'))).toBe(1 + 2 ** -52);
  });
});

describe('formatDouble (addReplyDouble: "%.17g")', () => {
  it.each(FORMAT_CASES)('ZSCORE of %j is %j', (text, reply) => {
    expect(formatDouble(parseDouble(bytes(text)) ?? NaN)).toBe(reply);
  });

  it('prints nan as "nan"', () => {
    expect(formatDouble(NaN)).toBe('nan');
  });

  it('round-trips every double through parseDouble', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (value) => {
        expect(Object.is(parseDouble(bytes(formatDouble(value))), value)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds exact ties at 17 digits to even, as glibc printf does', () => {
    // 1 + 2^-17 = 1.00000762939453125 exactly (verified: ZSCORE replies ...312).
    expect(formatDouble(1 + 2 ** -17)).toBe('1.0000076293945312');
    expect(formatDouble(-(1 + 2 ** -17))).toBe('-1.0000076293945312');
    expect(formatDouble(1 + 3 * 2 ** -17)).toBe('1.0000228881835938');
  });
});

describe('formatStoredDouble (d2string, listpack zset scores)', () => {
  // Verified with DUMP of a one-member listpack zset: integral scores within ±2^62 are stored as listpack
  // integers (so the text was an integer), 1e19 as the string "1e+19", and a -0 score reads back as 0.
  it.each([
    [1e17, '100000000000000000'],
    [2 ** 62, '4611686018427387904'],
    [-(2 ** 62), '-4611686018427387904'],
    [1e19, '1e+19'],
    [-0, '0'],
    [1.5, '1.5'],
    [100, '100'],
    [0.1, '0.10000000000000001'],
    [Infinity, 'inf'],
  ] as const)('stores %s as %j', (value, text) => {
    expect(formatStoredDouble(value)).toBe(text);
  });
});

describe('long doubles (string2ld, ld2string): INCRBYFLOAT', () => {
  it.each(INCRBYFLOAT_CASES)('%j INCRBYFLOAT %j gives %j', (...row) => {
    const [base, increment, reply, length] = row as unknown as (typeof INCRBYFLOAT_CASES)[number];
    const result = incrByFloat(base, increment);
    if (length === undefined) {
      expect(result).toBe(reply);
    } else {
      expect(result.slice(0, reply.length)).toBe(reply);
      expect(result.length).toBe(length);
    }
  });

  it('expands large values exactly', () => {
    expect(incrByFloat('0', '0x1p1024')).toBe((2n ** 1024n).toString());
    expect(incrByFloat('0', '1e300')).toBe(
      '1000000000000000000008997324079559193870523944273290747938260082321265646596180935755849152083750497190350372508614274835903592556184672983913096260520748646287327135641843653294084255107606016789726652932370030551382947620994540294772781889620606179267611627097410650567187386105690089424915104006144',
    );
  });

  it('widens a double exactly, so small sums print as people expect', () => {
    expect(formatLongDouble(0.5)).toBe('0.5');
    expect(formatLongDouble(-0)).toBe('0');
    expect(formatLongDouble(-1e-30)).toBe('0');
    expect(formatLongDouble(Infinity)).toBe('inf');
    expect(formatLongDouble(-Infinity)).toBe('-inf');
    expect(formatLongDouble(NaN)).toBe('nan');
    // A double's own 0.1 is not the long double 0.1: printing shows the difference, as C would.
    expect(formatLongDouble(0.1)).toBe('0.10000000000000001');
    expect(incrByFloat('0', '0.1')).toBe('0.1');
  });

  it('treats inf + -inf as NaN', () => {
    const sum = addLongDoubles(longDoubleFromNumber(Infinity), longDoubleFromNumber(-Infinity));
    expect(sum.kind).toBe('nan');
    expect(isFiniteLongDouble(sum)).toBe(false);
  });

  it('adds safe integers exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 50), max: 2 ** 50 }), fc.integer({ min: -(2 ** 50), max: 2 ** 50 }), (a, b) => {
        expect(formatLongDouble(addLongDoubles(longDoubleFromNumber(a), longDoubleFromNumber(b)))).toBe(String(a + b));
      }),
    );
  });

  it('converts doubles to long doubles and back without loss', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (value) => {
        expect(Object.is(longDoubleToNumber(longDoubleFromNumber(value)), value)).toBe(true);
      }),
    );
  });

  it('re-reads its own output to the same text (INCRBYFLOAT by 0 is stable)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), (a, b) => {
        const text = formatLongDouble(addLongDoubles(longDoubleFromNumber(a), longDoubleFromNumber(b)));
        if (text === 'inf' || text === '-inf') return;
        expect(incrByFloat(text, '0')).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseMemory (memtoull)', () => {
  it.each(MEMORY_CASES)('reads %j as %s', (text, expected) => {
    expect(parseMemory(text)).toBe(expected);
  });
});
