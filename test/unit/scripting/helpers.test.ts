// Pure pieces of the scripting engine: Lua 5.1 number formatting ("%.14g", what redis.call sends
// for a number argument; expected values are C printf's) and the #!lua shebang parser.

import { describe, expect, it } from 'vitest';
import { formatLua51Number } from '../../../src/scripting/lua-number.js';
import { parseShebang } from '../../../src/scripting/shebang.js';

describe('formatLua51Number matches C printf("%.14g")', () => {
  const cases: ReadonlyArray<readonly [number, string]> = [
    [5, '5'], [10 / 2, '5'], [3.5, '3.5'], [0.1, '0.1'], [-2.25, '-2.25'], [1e15, '1e+15'],
    [123456789012345, '1.2345678901234e+14'], [12345678901234, '12345678901234'], [0.0001, '0.0001'],
    [0.00001, '1e-05'], [1 / 3, '0.33333333333333'], [2 ** 53, '9.007199254741e+15'], [0, '0'],
    [-0, '-0'], [Infinity, 'inf'], [-Infinity, '-inf'], [1e100, '1e+100'],
  ];
  for (const [value, expected] of cases) {
    it(`${value} → ${expected}`, () => expect(formatLua51Number(value)).toBe(expected));
  }
});

describe('parseShebang', () => {
  it('no shebang: no flags', () => {
    expect(parseShebang(Buffer.from('return 1'))).toEqual({ shebangLength: 0, noWrites: false, allowOom: false, allowStale: false });
  });
  it('reads flags=no-writes and the first line length', () => {
    expect(parseShebang(Buffer.from('#!lua flags=no-writes,allow-oom\nreturn 1'))).toEqual({ shebangLength: 31, noWrites: true, allowOom: true, allowStale: false });
    expect(parseShebang(Buffer.from('#!lua flags=allow-stale\nreturn 1'))).toEqual({ shebangLength: 23, noWrites: false, allowOom: false, allowStale: true });
  });
  it('rejects other engines, unknown options and unknown flags with Redis texts', () => {
    expect(() => parseShebang(Buffer.from('#!python\n'))).toThrow('ERR Unexpected engine in script shebang: #!python');
    expect(() => parseShebang(Buffer.from('#!lua name=x\n'))).toThrow('ERR Unknown lua shebang option: name=x');
    expect(() => parseShebang(Buffer.from('#!lua flags=bogus\n'))).toThrow('ERR Unexpected flag in script shebang: bogus');
  });
});
