// The two compact layouts older Redis versions wrote, which 7.0 still loads: the ziplist (lists,
// hashes and sorted sets before 7.0) and the zipmap (hashes before 2.6). We only read them.
// Mirrors: redis src/ziplist.c (zipEntrySafe, zipLoadInteger, ziplistValidateIntegrity) and
// src/zipmap.c (zipmapValidateIntegrity, zipmapNext).
//
// Ziplist:  <zlbytes: u32 LE> <zltail: u32 LE> <zllen: u16 LE> <entry> ... <0xFF>
// Each entry is <prevlen> <encoding> <data>: prevlen is the previous entry's size in 1 byte, or
// 0xFE and 4 bytes when it is 254 or more (it lets the list be walked backwards). Encodings:
//   00LLLLLL / 01LLLLLL LLLLLLLL / 10000000 <u32 BE>   a string of length L (6, 14 or 32 bits)
//   11000000 int16, 11010000 int32, 11100000 int64, 11110000 int24, 11111110 int8 (little-endian)
//   1111xxxx (0001..1101)                           the integer xxxx - 1, 0..12, no data
// Zipmap:   <count byte> then per pair <len> key <len> <free byte> value <free bytes>, 0xFF at the end;
// a length is one byte below 254, or 254 followed by a u32 LE.

import { BlobFormatError } from './listpack.js';

const ZIP_END = 0xff;
const ZIP_BIG_PREVLEN = 254;
const ZIPLIST_HEADER_SIZE = 10;

/** Every entry of a ziplist, integers as decimal text; the blob is checked entry by entry. */
export function decodeZiplist(blob: Buffer): string[] {
  if (blob.length < ZIPLIST_HEADER_SIZE + 1) throw new BlobFormatError('ziplist too short');
  if (blob.readUInt32LE(0) !== blob.length) throw new BlobFormatError('ziplist total bytes mismatch');
  const tail = blob.readUInt32LE(4);
  const announced = blob.readUInt16LE(8);
  const end = blob.length - 1;
  if (blob[end] !== ZIP_END) throw new BlobFormatError('ziplist without end marker');
  const out: string[] = [];
  let p = ZIPLIST_HEADER_SIZE;
  let prevSize = 0;
  let lastEntry = ZIPLIST_HEADER_SIZE;
  const need = (at: number, n: number): void => {
    if (at + n > end) throw new BlobFormatError('ziplist entry out of range');
  };
  while (p < end) {
    const start = p;
    need(p, 1);
    let prevlen = blob[p] as number;
    if (prevlen === ZIP_BIG_PREVLEN) {
      need(p, 5);
      prevlen = blob.readUInt32LE(p + 1);
      p += 5;
    } else {
      p += 1;
    }
    if (prevlen !== prevSize) throw new BlobFormatError('ziplist prevlen mismatch');
    need(p, 1);
    const enc = blob[p] as number;
    let element: string;
    switch (enc >> 6) {
      case 0: {
        const length = enc & 0x3f;
        need(p, 1 + length);
        element = blob.latin1Slice(p + 1, p + 1 + length);
        p += 1 + length;
        break;
      }
      case 1: {
        need(p, 2);
        const length = ((enc & 0x3f) << 8) | (blob[p + 1] as number);
        need(p, 2 + length);
        element = blob.latin1Slice(p + 2, p + 2 + length);
        p += 2 + length;
        break;
      }
      case 2: {
        if (enc !== 0x80) throw new BlobFormatError('ziplist entry with an invalid encoding');
        need(p, 5);
        const length = blob.readUInt32BE(p + 1);
        need(p, 5 + length);
        element = blob.latin1Slice(p + 5, p + 5 + length);
        p += 5 + length;
        break;
      }
      default: {
        if (enc === 0xc0) {
          need(p, 3);
          element = String(blob.readInt16LE(p + 1));
          p += 3;
        } else if (enc === 0xd0) {
          need(p, 5);
          element = String(blob.readInt32LE(p + 1));
          p += 5;
        } else if (enc === 0xe0) {
          need(p, 9);
          element = blob.readBigInt64LE(p + 1).toString();
          p += 9;
        } else if (enc === 0xf0) {
          need(p, 4);
          element = String(blob.readIntLE(p + 1, 3));
          p += 4;
        } else if (enc === 0xfe) {
          need(p, 2);
          element = String(blob.readInt8(p + 1));
          p += 2;
        } else if (enc >= 0xf1 && enc <= 0xfd) {
          element = String((enc & 0x0f) - 1);
          p += 1;
        } else {
          throw new BlobFormatError('ziplist entry with an invalid encoding');
        }
      }
    }
    out.push(element);
    lastEntry = start;
    prevSize = p - start;
  }
  if (p !== end) throw new BlobFormatError('ziplist entries overrun');
  if (out.length > 0 && tail !== lastEntry) throw new BlobFormatError('ziplist tail offset mismatch');
  if (announced !== 0xffff && announced !== out.length) throw new BlobFormatError('ziplist entry count mismatch');
  return out;
}

/** Every key and value of a zipmap, flattened [key, value, ...]. */
export function decodeZipmap(blob: Buffer): string[] {
  const end = blob.length;
  if (end < 2 || blob[end - 1] !== ZIP_END) throw new BlobFormatError('zipmap without end marker');
  const out: string[] = [];
  let p = 1;
  const readLength = (): number => {
    if (p >= end) throw new BlobFormatError('zipmap truncated');
    const b = blob[p] as number;
    if (b < ZIP_BIG_PREVLEN) {
      p += 1;
      return b;
    }
    if (b === ZIP_BIG_PREVLEN) {
      if (p + 5 > end) throw new BlobFormatError('zipmap truncated');
      const length = blob.readUInt32LE(p + 1);
      p += 5;
      return length;
    }
    throw new BlobFormatError('zipmap invalid length');
  };
  while (p < end - 1) {
    const keyLength = readLength();
    if (p + keyLength > end - 1) throw new BlobFormatError('zipmap truncated');
    const key = blob.latin1Slice(p, p + keyLength);
    p += keyLength;
    const valueLength = readLength();
    if (p >= end - 1) throw new BlobFormatError('zipmap truncated');
    const free = blob[p] as number;
    p += 1;
    if (p + valueLength + free > end - 1) throw new BlobFormatError('zipmap truncated');
    const value = blob.latin1Slice(p, p + valueLength);
    p += valueLength + free;
    out.push(key, value);
  }
  if (p !== end - 1) throw new BlobFormatError('zipmap overrun');
  return out;
}
