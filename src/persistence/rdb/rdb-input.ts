// Reading RDB's primitive encodings from a Buffer: bytes, lengths, strings (int-encoded,
// LZF-compressed or plain) and doubles, each with a bounds check that reports the offset.
// Mirrors: redis src/rdb.c (rdbLoadType, rdbLoadLenByRef, rdbGenericLoadStringObject,
// rdbLoadIntegerObject, rdbLoadLzfStringObject, rdbLoadDoubleValue, rdbLoadBinaryDoubleValue).

import { strtod } from '../../util/numbers.js';
import {
  RDB_14BITLEN, RDB_32BITLEN, RDB_64BITLEN, RDB_6BITLEN, RDB_DOUBLE_NAN, RDB_DOUBLE_NEG_INF, RDB_DOUBLE_POS_INF,
  RDB_ENCVAL, RDB_ENC_INT16, RDB_ENC_INT32, RDB_ENC_INT8, RDB_ENC_LZF,
} from './constants.js';
import { lzfDecompress, LzfError } from './lzf.js';

/** LZF never expands more than 264 output bytes per 3 input bytes. */
const LZF_MAX_EXPANSION = 88;

/** A corrupt or unsupported RDB image (or DUMP payload); `offset` is where reading stopped. */
export class RdbFormatError extends Error {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} (at offset ${offset})`);
    this.name = 'RdbFormatError';
    this.offset = offset;
  }
}

/** A length, or (encoded) the RDB_ENC_* of a special string encoding. */
interface LengthRead {
  readonly length: number;
  readonly encoded: boolean;
}

export class RdbInput {
  pos: number;

  constructor(readonly data: Buffer, start = 0) {
    this.pos = start;
  }

  fail(message: string, at = this.pos): never {
    throw new RdbFormatError(message, at);
  }

  private need(n: number): void {
    if (this.pos + n > this.data.length) this.fail('Unexpected EOF reading RDB file');
  }

  byte(): number {
    this.need(1);
    return this.data[this.pos++] as number;
  }

  slice(n: number): Buffer {
    this.need(n);
    const out = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  u32LE(): number {
    this.need(4);
    const v = this.data.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  i32LE(): number {
    this.need(4);
    const v = this.data.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  i64LE(): number {
    return Number(this.i64LEBig());
  }

  /** The exact 64-bit value (expiry times beyond 2^53 ms). */
  i64LEBig(): bigint {
    this.need(8);
    const v = this.data.readBigInt64LE(this.pos);
    this.pos += 8;
    return v;
  }

  doubleLE(): number {
    this.need(8);
    const v = this.data.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** rdbLoadLenByRef. */
  private lengthOrEncoding(): LengthRead {
    const first = this.byte();
    const kind = (first & 0xc0) >> 6;
    if (kind === RDB_ENCVAL) return { length: first & 0x3f, encoded: true };
    if (kind === RDB_6BITLEN) return { length: first & 0x3f, encoded: false };
    if (kind === RDB_14BITLEN) return { length: ((first & 0x3f) << 8) | this.byte(), encoded: false };
    if (first === RDB_32BITLEN) {
      this.need(4);
      const v = this.data.readUInt32BE(this.pos);
      this.pos += 4;
      return { length: v, encoded: false };
    }
    if (first === RDB_64BITLEN) {
      this.need(8);
      const v = this.data.readBigUInt64BE(this.pos);
      this.pos += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail('Length too large', this.pos - 9);
      return { length: Number(v), encoded: false };
    }
    return this.fail(`Unknown length encoding ${first} in rdbLoadLen()`, this.pos - 1);
  }

  /** rdbLoadLen: a plain length (an encoded-string marker here is corruption). */
  length(): number {
    const at = this.pos;
    const read = this.lengthOrEncoding();
    if (read.encoded) this.fail('Unexpected string encoding where a length was expected', at);
    return read.length;
  }

  /**
   * A count of items that follow, each at least `minItemBytes` long: a count the rest of the input
   * cannot hold is corruption, refused before anything is allocated for it.
   */
  count(minItemBytes = 1): number {
    const at = this.pos;
    const n = this.length();
    if (n * minItemBytes > this.data.length - this.pos) this.fail(`Count ${n} larger than the remaining data`, at);
    return n;
  }

  /** rdbGenericLoadStringObject: the string's bytes (a view into the image, or a fresh Buffer). */
  stringBytes(): Buffer {
    const at = this.pos;
    const read = this.lengthOrEncoding();
    if (!read.encoded) return this.slice(read.length);
    switch (read.length) {
      case RDB_ENC_INT8:
        this.need(1);
        return Buffer.from(String(this.data.readInt8(this.pos++)), 'latin1');
      case RDB_ENC_INT16: {
        this.need(2);
        const v = this.data.readInt16LE(this.pos);
        this.pos += 2;
        return Buffer.from(String(v), 'latin1');
      }
      case RDB_ENC_INT32:
        return Buffer.from(String(this.i32LE()), 'latin1');
      case RDB_ENC_LZF: {
        const compressedLength = this.length();
        const length = this.length();
        const compressed = this.slice(compressedLength);
        // One 3-byte back reference expands to at most 264 bytes: a longer claim is corruption
        // (and must not make us allocate gigabytes).
        if (length > compressed.length * LZF_MAX_EXPANSION + 32) this.fail('Invalid LZF compressed string length', at);
        try {
          return lzfDecompress(compressed, length);
        } catch (err) {
          if (err instanceof LzfError) this.fail(`Invalid LZF compressed string: ${err.message}`, at);
          throw err;
        }
      }
      default:
        return this.fail(`Unknown RDB string encoding type ${read.length}`, at);
    }
  }

  /** A string as a latin1 JS string (one char per byte): how keys and values are kept. */
  string(): string {
    const bytes = this.stringBytes();
    return bytes.latin1Slice(0, bytes.length);
  }

  /** rdbLoadDoubleValue: the text form of old RDB_TYPE_ZSET scores. */
  textDouble(): number {
    const at = this.pos;
    const length = this.byte();
    if (length === RDB_DOUBLE_NAN) return NaN;
    if (length === RDB_DOUBLE_POS_INF) return Infinity;
    if (length === RDB_DOUBLE_NEG_INF) return -Infinity;
    const text = this.slice(length);
    const parsed = strtod(Buffer.from(text));
    if (parsed.end !== text.length) this.fail('Invalid double value', at);
    return parsed.value;
  }
}
