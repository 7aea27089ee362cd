// The compact blob layouts inside RDB values: listpack (written and read), intset (written and
// read), ziplist and zipmap (read only). Exact bytes are worked out from redis src/listpack.c and
// cross-checked against real Redis DUMP payloads in test/integration/dump-restore.test.ts.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intsetAdd, intsetCreate } from '../../../../src/datatypes/set/intset.js';
import { decodeIntset, encodeIntset } from '../../../../src/persistence/rdb/intset-blob.js';
import { BlobFormatError, decodeListpack, encodeListpack } from '../../../../src/persistence/rdb/listpack.js';
import { decodeZiplist, decodeZipmap } from '../../../../src/persistence/rdb/ziplist.js';
import { buildZiplist, buildZipmap } from './legacy-builder.js';

const hex = (b: Buffer): string => b.toString('hex');

describe('listpack', () => {
  it('lays out a small listpack byte for byte: header, entries with backlen, EOF', () => {
    // total 12, count 2 | "a": 6-bit string 0x81 'a', backlen 2 | "1": 7-bit uint 0x01, backlen 1 | 0xff
    expect(hex(encodeListpack(['a', '1']))).toBe('0c000000' + '0200' + '816102' + '0101' + 'ff');
    expect(hex(encodeListpack([]))).toBe('07000000' + '0000' + 'ff');
  });

  it('picks the narrowest integer encoding at every boundary', () => {
    const cases: Array<[string, string]> = [
      ['0', '00'], ['127', '7f'],
      ['128', 'c080'], ['-1', 'dfff'], ['4095', 'cfff'], ['-4096', 'd000'],
      ['4096', 'f10010'], ['-4097', 'f1ffef'], ['32767', 'f1ff7f'], ['-32768', 'f10080'],
      ['32768', 'f2008000'], ['8388607', 'f2ffff7f'], ['-8388608', 'f2000080'],
      ['8388608', 'f300008000'], ['2147483647', 'f3ffffff7f'], ['-2147483648', 'f300000080'],
      ['2147483648', 'f40000008000000000'], ['9223372036854775807', 'f4ffffffffffffff7f'],
      ['-9223372036854775808', 'f40000000000000080'],
    ];
    for (const [text, encoded] of cases) {
      const lp = encodeListpack([text]);
      const size = encoded.length / 2;
      expect(hex(lp.subarray(6, 6 + size)), text).toBe(encoded);
      expect(lp[6 + size], `${text} backlen`).toBe(size);
      expect(decodeListpack(lp), text).toEqual([text]);
    }
  });

  it('keeps texts that are not canonical int64 decimals as strings', () => {
    for (const text of ['007', '-0', '+1', ' 1', '1 ', '9223372036854775808', '-9223372036854775809', '1.0', '']) {
      const lp = encodeListpack([text]);
      expect(lp[6], JSON.stringify(text)).toBe(0x80 | text.length);
      expect(decodeListpack(lp)).toEqual([text]);
    }
  });

  it('uses 1, 2 and 5-byte string headers and 1-3 byte backlens at their limits', () => {
    for (const [length, header, backlen] of [[63, 1, 1], [64, 2, 1], [126, 2, 2], [4095, 2, 2], [4096, 5, 2], [20000, 5, 3]] as const) {
      const text = 's'.repeat(length);
      const lp = encodeListpack([text]);
      expect(lp.length, String(length)).toBe(6 + header + length + backlen + 1);
      expect(decodeListpack(lp)).toEqual([text]);
    }
  });

  it('saturates the element count at 65535 and still decodes', () => {
    const elements = Array.from({ length: 65536 }, (_, i) => String(i % 100));
    const lp = encodeListpack(elements);
    expect(lp.readUInt16LE(4)).toBe(65535);
    expect(decodeListpack(lp)).toEqual(elements);
  });

  it('round-trips arbitrary binary strings and integers', () => {
    const element = fc.oneof(
      fc.uint8Array({ maxLength: 100 }).map((a) => Buffer.from(a).toString('latin1')),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
    );
    fc.assert(fc.property(fc.array(element, { maxLength: 50 }), (elements) => {
      expect(decodeListpack(encodeListpack(elements))).toEqual(elements);
    }));
  });

  it('rejects corrupt blobs: total bytes, EOF, count, backlen, bad encoding, overrun', () => {
    const good = encodeListpack(['hello', '5', 'world']);
    const corrupt = (mutate: (b: Buffer) => void): Buffer => {
      const b = Buffer.from(good);
      mutate(b);
      return b;
    };
    expect(() => decodeListpack(good.subarray(0, 5))).toThrow(BlobFormatError);
    expect(() => decodeListpack(corrupt((b) => b.writeUInt32LE(100, 0)))).toThrow(BlobFormatError);
    expect(() => decodeListpack(corrupt((b) => (b[b.length - 1] = 0)))).toThrow(BlobFormatError);
    expect(() => decodeListpack(corrupt((b) => b.writeUInt16LE(4, 4)))).toThrow(BlobFormatError);
    expect(() => decodeListpack(corrupt((b) => (b[6 + 6] = 9)))).toThrow(BlobFormatError); // "hello" backlen
    expect(() => decodeListpack(corrupt((b) => (b[6] = 0xf5)))).toThrow(BlobFormatError);
    expect(() => decodeListpack(corrupt((b) => (b[6] = 0xbf)))).toThrow(BlobFormatError); // 63-byte string
  });
});

describe('intset blob', () => {
  it('writes the width, the length and sorted little-endian values', () => {
    const set = intsetCreate();
    for (const v of [3, 1, 2]) intsetAdd(set, v);
    expect(hex(encodeIntset(set))).toBe('02000000' + '03000000' + '010002000300');
    intsetAdd(set, 70000);
    expect(hex(encodeIntset(set))).toBe('04000000' + '04000000' + '01000000' + '02000000' + '03000000' + '70110100');
    intsetAdd(set, -(2n ** 63n));
    const wide = encodeIntset(set);
    expect(wide.readUInt32LE(0)).toBe(8);
    expect(decodeIntset(wide)).toEqual([-(2n ** 63n), 1, 2, 3, 70000]);
  });

  it('rejects bad widths, lengths, unsorted or duplicate values and empty sets', () => {
    const blob = (width: number, values: number[]): Buffer => {
      const b = Buffer.alloc(8 + width * values.length);
      b.writeUInt32LE(width, 0);
      b.writeUInt32LE(values.length, 4);
      values.forEach((v, i) => b.writeIntLE(v, 8 + i * width, width));
      return b;
    };
    expect(decodeIntset(blob(2, [-5, 7]))).toEqual([-5, 7]);
    expect(() => decodeIntset(blob(3, [1]))).toThrow(BlobFormatError);
    expect(() => decodeIntset(blob(2, [2, 1]))).toThrow(BlobFormatError);
    expect(() => decodeIntset(blob(2, [1, 1]))).toThrow(BlobFormatError);
    expect(() => decodeIntset(blob(2, []))).toThrow(BlobFormatError);
    expect(() => decodeIntset(blob(2, [1, 2]).subarray(0, 11))).toThrow(BlobFormatError);
  });
});

describe('ziplist and zipmap (read only)', () => {
  it('decodes every ziplist entry encoding, including 4-byte prevlens', () => {
    const values = ['', 'abc', 'x'.repeat(300), '0', '12', '13', '-1', '127', '-128', '300', '70000', '-8388608', '2147483647', '5000000000', 'tail'];
    expect(decodeZiplist(buildZiplist(values))).toEqual(values);
  });

  it('rejects corrupt ziplists', () => {
    const good = buildZiplist(['a', 'b']);
    const bad = (mutate: (b: Buffer) => void): Buffer => {
      const b = Buffer.from(good);
      mutate(b);
      return b;
    };
    expect(() => decodeZiplist(bad((b) => b.writeUInt32LE(99, 0)))).toThrow(BlobFormatError);
    expect(() => decodeZiplist(bad((b) => b.writeUInt32LE(10, 4)))).toThrow(BlobFormatError); // tail offset
    expect(() => decodeZiplist(bad((b) => b.writeUInt16LE(3, 8)))).toThrow(BlobFormatError); // count
    expect(() => decodeZiplist(bad((b) => (b[13] = 7)))).toThrow(BlobFormatError); // second prevlen
    expect(() => decodeZiplist(bad((b) => (b[b.length - 1] = 0)))).toThrow(BlobFormatError);
  });

  it('decodes a zipmap, skipping free bytes', () => {
    expect(decodeZipmap(buildZipmap([['name', 'redis'], ['v', '2']]))).toEqual(['name', 'redis', 'v', '2']);
    // key "k", value "v" with 2 free bytes after it
    const withFree = Buffer.from([1, 1, 0x6b, 1, 2, 0x76, 0, 0, 0xff]);
    expect(decodeZipmap(withFree)).toEqual(['k', 'v']);
    expect(() => decodeZipmap(Buffer.from([1, 5, 0x6b, 0xff]))).toThrow(BlobFormatError);
  });
});
