// The listpack byte layout: how Redis 7.0 packs a small hash, a small sorted set and every
// quicklist node into one flat blob, as it appears in an RDB file and a DUMP payload.
// Mirrors: redis src/listpack.c (lpEncodeGetType, lpEncodeString, lpEncodeBacklen, lpGet,
// lpValidateIntegrity) and lpStringToInt64.
//
// Layout:  <total bytes: u32 LE> <element count: u16 LE> <entry> ... <entry> <0xFF>
// The count saturates at 65535 ("unknown, walk to count"). Each entry is
//   <encoding + data> <backlen>
// where backlen is the size of <encoding + data> written so it can be read from its last byte
// backwards (7 bits per byte, a high bit on every byte but the first), so a listpack can be walked
// in both directions. A text that is a canonical 64-bit decimal ("42", "-7", not "007" or "+1") is
// stored as an integer in the narrowest of seven encodings; anything else as a string with a 1, 2
// or 5-byte length header:
//   0xxxxxxx                 7-bit unsigned int (0..127)
//   10LLLLLL                 string, length < 64
//   110xxxxx xxxxxxxx        13-bit signed int
//   1110LLLL LLLLLLLL        string, length < 4096
//   11110000 <u32 LE len>    string, longer
//   0xF1/0xF2/0xF3/0xF4      16/24/32/64-bit signed int, little-endian
// Our in-memory encodings keep plain JS arrays (see datatypes/); these bytes exist only on disk.

import { parseInt64Latin1 } from '../../datatypes/string/int-parse.js';

/** Thrown by the blob decoders; the RDB reader turns it into an RdbFormatError with an offset. */
export class BlobFormatError extends Error {}

const LP_HDR_SIZE = 6;
const LP_HDR_NUMELE_UNKNOWN = 65535;
const LP_EOF = 0xff;

const LP_ENCODING_13BIT_INT = 0xc0;
const LP_ENCODING_12BIT_STR = 0xe0;
const LP_ENCODING_6BIT_STR = 0x80;
const LP_ENCODING_16BIT_INT = 0xf1;
const LP_ENCODING_24BIT_INT = 0xf2;
const LP_ENCODING_32BIT_INT = 0xf3;
const LP_ENCODING_64BIT_INT = 0xf4;
const LP_ENCODING_32BIT_STR = 0xf0;

/** lpStringToInt64 refuses texts this long or longer (LONG_STR_SIZE: 20 digits and a sign). */
const LONG_STR_SIZE = 21;

/** Bytes of backlen for an entry of `length` bytes (lpEncodeBacklen with buf NULL). */
function backlenSize(length: number): number {
  if (length <= 127) return 1;
  if (length < 16383) return 2;
  if (length < 2097151) return 3;
  if (length < 268435455) return 4;
  return 5;
}

function writeBacklen(out: Buffer, at: number, length: number): number {
  const size = backlenSize(length);
  // Most significant group first; every byte after the first carries the continuation bit.
  for (let i = 0; i < size; i++) {
    const shift = 7 * (size - 1 - i);
    const group = Math.floor(length / 2 ** shift) & 127;
    out[at + i] = i === 0 ? group : group | 128;
  }
  return size;
}

/** The integer an element is stored as, or null when it stays a string. */
function elementAsInt(element: string): number | bigint | null {
  if (element.length === 0 || element.length >= LONG_STR_SIZE) return null;
  return parseInt64Latin1(element);
}

/** Encoding + data size of an integer entry. */
function intEncodedSize(v: number | bigint): number {
  if (typeof v === 'bigint') return 9;
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

function writeInt(out: Buffer, at: number, v: number | bigint): number {
  if (typeof v === 'bigint' || intEncodedSize(v) === 9) {
    out[at] = LP_ENCODING_64BIT_INT;
    out.writeBigInt64LE(BigInt(v), at + 1);
    return 9;
  }
  if (v >= 0 && v <= 127) {
    out[at] = v;
    return 1;
  }
  if (v >= -4096 && v <= 4095) {
    const u = v < 0 ? (1 << 13) + v : v;
    out[at] = (u >> 8) | LP_ENCODING_13BIT_INT;
    out[at + 1] = u & 0xff;
    return 2;
  }
  if (v >= -32768 && v <= 32767) {
    out[at] = LP_ENCODING_16BIT_INT;
    out.writeInt16LE(v, at + 1);
    return 3;
  }
  if (v >= -8388608 && v <= 8388607) {
    out[at] = LP_ENCODING_24BIT_INT;
    out.writeIntLE(v, at + 1, 3);
    return 4;
  }
  out[at] = LP_ENCODING_32BIT_INT;
  out.writeInt32LE(v, at + 1);
  return 5;
}

function stringEncodedSize(length: number): number {
  if (length < 64) return 1 + length;
  if (length < 4096) return 2 + length;
  return 5 + length;
}

function writeString(out: Buffer, at: number, element: string): number {
  const length = element.length;
  let header: number;
  if (length < 64) {
    out[at] = LP_ENCODING_6BIT_STR | length;
    header = 1;
  } else if (length < 4096) {
    out[at] = LP_ENCODING_12BIT_STR | (length >> 8);
    out[at + 1] = length & 0xff;
    header = 2;
  } else {
    out[at] = LP_ENCODING_32BIT_STR;
    out.writeUInt32LE(length, at + 1);
    header = 5;
  }
  out.latin1Write(element, at + header, length);
  return header + length;
}

/** The bytes one element takes in a listpack: encoding, data and backlen. */
export function listpackEntrySize(element: string): number {
  const v = elementAsInt(element);
  const size = v !== null ? intEncodedSize(v) : stringEncodedSize(element.length);
  return size + backlenSize(size);
}

/**
 * One listpack blob holding `elements` (latin1 strings of their bytes), laid out byte for byte as
 * Redis's lpAppend would build it.
 */
export function encodeListpack(elements: readonly string[]): Buffer {
  // Pass 1: sizes, so the blob is allocated once.
  const ints = new Array<number | bigint | null>(elements.length);
  let total = LP_HDR_SIZE + 1;
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i] as string;
    const v = elementAsInt(element);
    ints[i] = v;
    const size = v !== null ? intEncodedSize(v) : stringEncodedSize(element.length);
    total += size + backlenSize(size);
  }
  const out = Buffer.allocUnsafe(total);
  out.writeUInt32LE(total, 0);
  out.writeUInt16LE(Math.min(elements.length, LP_HDR_NUMELE_UNKNOWN), 4);
  let at = LP_HDR_SIZE;
  for (let i = 0; i < elements.length; i++) {
    const v = ints[i] ?? null;
    const size = v !== null ? writeInt(out, at, v) : writeString(out, at, elements[i] as string);
    at += size;
    at += writeBacklen(out, at, size);
  }
  out[at] = LP_EOF;
  return out;
}

function readSigned(uval: number, bits: number): number {
  return uval >= 2 ** (bits - 1) ? uval - 2 ** bits : uval;
}

/**
 * Every element of a listpack blob, integers as their decimal text. Validates the whole blob the
 * way lpValidateIntegrity's deep mode does (header total, entry bounds, backlens, count, EOF), so a
 * corrupt payload is refused instead of producing garbage.
 */
export function decodeListpack(blob: Buffer): string[] {
  if (blob.length < LP_HDR_SIZE + 1) throw new BlobFormatError('listpack too short');
  if (blob.readUInt32LE(0) !== blob.length) throw new BlobFormatError('listpack total bytes mismatch');
  const announced = blob.readUInt16LE(4);
  const end = blob.length - 1;
  if (blob[end] !== LP_EOF) throw new BlobFormatError('listpack without EOF');
  const out: string[] = [];
  let p = LP_HDR_SIZE;
  while (p < end) {
    const b = blob[p] as number;
    let size: number;
    let element: string;
    const need = (n: number): void => {
      if (p + n > end) throw new BlobFormatError('listpack entry out of range');
    };
    if (b < 0x80) {
      size = 1;
      element = String(b);
    } else if ((b & 0xc0) === LP_ENCODING_6BIT_STR) {
      const length = b & 0x3f;
      size = 1 + length;
      need(size);
      element = blob.latin1Slice(p + 1, p + size);
    } else if ((b & 0xe0) === LP_ENCODING_13BIT_INT) {
      size = 2;
      need(size);
      element = String(readSigned(((b & 0x1f) << 8) | (blob[p + 1] as number), 13));
    } else if ((b & 0xf0) === LP_ENCODING_12BIT_STR) {
      need(2);
      const length = ((b & 0x0f) << 8) | (blob[p + 1] as number);
      size = 2 + length;
      need(size);
      element = blob.latin1Slice(p + 2, p + size);
    } else if (b === LP_ENCODING_16BIT_INT) {
      size = 3;
      need(size);
      element = String(blob.readInt16LE(p + 1));
    } else if (b === LP_ENCODING_24BIT_INT) {
      size = 4;
      need(size);
      element = String(blob.readIntLE(p + 1, 3));
    } else if (b === LP_ENCODING_32BIT_INT) {
      size = 5;
      need(size);
      element = String(blob.readInt32LE(p + 1));
    } else if (b === LP_ENCODING_64BIT_INT) {
      size = 9;
      need(size);
      element = blob.readBigInt64LE(p + 1).toString();
    } else if (b === LP_ENCODING_32BIT_STR) {
      need(5);
      const length = blob.readUInt32LE(p + 1);
      size = 5 + length;
      need(size);
      element = blob.latin1Slice(p + 5, p + size);
    } else {
      throw new BlobFormatError('listpack entry with an invalid encoding');
    }
    const backlen = backlenSize(size);
    need(size + backlen);
    if (decodeBacklenAt(blob, p + size + backlen - 1) !== size) throw new BlobFormatError('listpack backlen mismatch');
    out.push(element);
    p += size + backlen;
  }
  if (p !== end) throw new BlobFormatError('listpack entries overrun');
  if (announced !== LP_HDR_NUMELE_UNKNOWN && announced !== out.length) {
    throw new BlobFormatError('listpack element count mismatch');
  }
  return out;
}

/** lpDecodeBacklen: read a backlen from its last byte backwards. */
function decodeBacklenAt(blob: Buffer, last: number): number {
  let value = 0;
  let shift = 0;
  for (let p = last; ; p--) {
    const byte = blob[p] as number;
    value += (byte & 127) * 2 ** shift;
    if ((byte & 128) === 0) return value;
    shift += 7;
    if (shift > 28) return -1;
  }
}
