// CRC-64 (Jones) and LZF: known vectors, vectors taken from real Redis 7.0 DUMP payloads, round
// trips of random and repetitive data, and corrupt LZF streams.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Crc64, crc64 } from '../../../../src/persistence/rdb/crc64.js';
import { LzfError, lzfCompress, lzfDecompress } from '../../../../src/persistence/rdb/lzf.js';

const hex = (h: string): Buffer => Buffer.from(h, 'hex');

describe('crc64', () => {
  it('matches the Jones CRC-64 check value of "123456789" (crc64.c self-test)', () => {
    expect(crc64(Buffer.from('123456789'))).toBe(0xe9c6d914c4b8d9can);
  });

  it('is 0 for no data, and the little-endian bytes are what Redis stores', () => {
    expect(crc64(Buffer.alloc(0))).toBe(0n);
    expect(new Crc64().update(Buffer.from('123456789')).bytesLE().toString('hex')).toBe('cad9b8c414d9c6e9');
  });

  it('matches the footer of a DUMP payload written by Redis 7.0', () => {
    // DUMP of SET k "bar" on redis-server 7.0.15: type 0, "bar", version 10, CRC.
    const payload = hex('0003626172' + '0a00' + 'e6be4960ee66fd17');
    expect(crc64(payload, 0, payload.length - 8)).toBe(payload.readBigUInt64LE(payload.length - 8));
  });

  it('gives the same result fed in any number of chunks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (data, cut) => {
        const at = Math.min(cut, data.length);
        const chunked = new Crc64().update(data.subarray(0, at)).update(data.subarray(at)).value();
        expect(chunked).toBe(crc64(data));
      }),
    );
  });
});

describe('LZF', () => {
  it('decompresses a stream written by Redis 7.0 (DUMP of "abcdefghij" x 10)', () => {
    // Literal run of 11, a back reference of 87 bytes at distance 10, a literal run of 2.
    const compressed = hex('0a6162636465666768696a61e04e0901696a');
    expect(lzfDecompress(compressed, 100).toString()).toBe('abcdefghij'.repeat(10));
  });

  it('decompresses a stream written by Redis 7.0 (a sentence repeated)', () => {
    const payload = hex(
      '00c33740591f54686520717569636b2062726f776e20666f78206a756d7073206f7665722074201e0a6c617a7920646f672e2054200de01d2c01672e0a007a86b0ece8f2e2f4',
    );
    const data = payload.subarray(5, 5 + 0x37); // type, LZF marker, clen (1 byte), len (2 bytes)
    const text = 'The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog.';
    expect(lzfDecompress(data, 0x59).toString()).toBe(text);
  });

  it('copies overlapping back references byte by byte (a run of one byte)', () => {
    // "a", then "copy 9 bytes from 1 back" (length code 7 + extra 0).
    expect(lzfDecompress(Buffer.from([0x00, 0x61, 0xe0, 0x00, 0x00]), 10).toString()).toBe('a'.repeat(10));
  });

  it('round-trips random and repetitive data, and never grows past the limit it is given', () => {
    const repetitive = fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 400 }))
      .map(([unit, times]) => Buffer.concat(Array.from({ length: times }, () => Buffer.from(unit))));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)), repetitive), (data) => {
        const limit = Math.max(1, data.length - 4);
        const compressed = lzfCompress(data, limit);
        if (compressed === null) return;
        expect(compressed.length).toBeLessThan(limit);
        expect(lzfDecompress(compressed, data.length).equals(data)).toBe(true);
      }),
    );
  });

  it('compresses long repetitive data well and refuses incompressible data', () => {
    const data = Buffer.from('x'.repeat(10000) + 'abc'.repeat(3000));
    const compressed = lzfCompress(data, data.length - 4);
    expect(compressed).not.toBeNull();
    expect((compressed as Buffer).length).toBeLessThan(19000 / 264 * 3 + 20);
    const noise = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 151 + 7) & 0xff));
    expect(lzfCompress(noise, noise.length - 4)).toBeNull();
  });

  it('rejects corrupt streams', () => {
    expect(() => lzfDecompress(Buffer.from([0x05, 0x61]), 6)).toThrow(LzfError); // literal run cut short
    expect(() => lzfDecompress(Buffer.from([0x20, 0x05]), 3)).toThrow(LzfError); // reference before the start
    expect(() => lzfDecompress(Buffer.from([0x00, 0x61]), 2)).toThrow(LzfError); // output shorter than announced
    expect(() => lzfDecompress(Buffer.from([0x01, 0x61, 0x62]), 1)).toThrow(LzfError); // output overflow
    expect(() => lzfDecompress(Buffer.from([0x00, 0x61, 0xe0]), 10)).toThrow(LzfError); // truncated reference
  });
});
