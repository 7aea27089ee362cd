// CRC-64 with the Jones polynomial, the checksum at the end of an RDB file and a DUMP payload.
// Mirrors: redis src/crc64.c (crc64: reflected, polynomial 0xad93d23594c935a9, init 0, no final xor).
//
// A CRC is the remainder of dividing the message, read as a polynomial over GF(2), by a fixed
// polynomial. The table-driven form processes a byte at a time: the low byte of the running CRC
// xor the next input byte picks one of 256 precomputed remainders, which is xored into the CRC
// shifted right by 8. Redis uses a faster sliced variant (crcspeed.c) of the same function.
// JavaScript has no fast 64-bit integers, so the CRC is kept as two 32-bit halves (hi, lo) and the
// table as two Uint32Arrays; BigInt would be ~50x slower on a multi-megabyte file.

/** The Jones polynomial, bit-reflected (0xad93d23594c935a9 reversed), as two halves. */
const POLY_REFLECTED_HI = 0x95ac9329;
const POLY_REFLECTED_LO = 0xac4bc9b5;

const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let hi = 0;
  let lo = n;
  for (let bit = 0; bit < 8; bit++) {
    const carry = lo & 1;
    lo = ((lo >>> 1) | (hi << 31)) >>> 0;
    hi = hi >>> 1;
    if (carry !== 0) {
      hi = (hi ^ POLY_REFLECTED_HI) >>> 0;
      lo = (lo ^ POLY_REFLECTED_LO) >>> 0;
    }
  }
  TABLE_HI[n] = hi;
  TABLE_LO[n] = lo;
}

/** A running CRC-64 over a stream of chunks (an RDB file is written a chunk at a time). */
export class Crc64 {
  private hi = 0;
  private lo = 0;

  update(data: Uint8Array, start = 0, end = data.length): this {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = start; i < end; i++) {
      const index = (lo ^ (data[i] as number)) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ (TABLE_LO[index] as number)) >>> 0;
      hi = ((hi >>> 8) ^ (TABLE_HI[index] as number)) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
    return this;
  }

  /** The CRC as an unsigned 64-bit bigint. */
  value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** The CRC as Redis stores it: 8 bytes, little-endian (memrev64ifbe). */
  bytesLE(): Buffer {
    const out = Buffer.allocUnsafe(8);
    out.writeUInt32LE(this.lo, 0);
    out.writeUInt32LE(this.hi, 4);
    return out;
  }
}

/** crc64(0, data): the checksum of one buffer (or a part of it). */
export function crc64(data: Uint8Array, start = 0, end = data.length): bigint {
  return new Crc64().update(data, start, end).value();
}
