// The intset byte layout, as a set of integers appears in an RDB file and a DUMP payload.
// Mirrors: redis src/intset.c (struct intset, intsetValidateIntegrity, intsetBlobLen).
//
// Layout: <encoding: u32 LE, the element width in bytes: 2, 4 or 8> <length: u32 LE>
//         <length elements of that width, little-endian, sorted ascending, distinct>
// Our in-memory intset (datatypes/set/intset.ts) keeps the same width rule in a typed array, so
// writing is a copy; reading checks what intsetValidateIntegrity checks in its deep mode.

import { intsetGet, type Intset, type IntsetValue } from '../../datatypes/set/intset.js';
import { BlobFormatError } from './listpack.js';

const INTSET_HEADER_SIZE = 8;

export function encodeIntset(set: Intset): Buffer {
  const width = set.width;
  const out = Buffer.allocUnsafe(INTSET_HEADER_SIZE + width * set.length);
  out.writeUInt32LE(width, 0);
  out.writeUInt32LE(set.length, 4);
  for (let i = 0; i < set.length; i++) {
    const v = intsetGet(set, i);
    const at = INTSET_HEADER_SIZE + i * width;
    if (width === 2) out.writeInt16LE(Number(v), at);
    else if (width === 4) out.writeInt32LE(Number(v), at);
    else out.writeBigInt64LE(BigInt(v), at);
  }
  return out;
}

/** The integers of an intset blob, in order; numbers when safe, bigints beyond. */
export function decodeIntset(blob: Buffer): IntsetValue[] {
  if (blob.length < INTSET_HEADER_SIZE) throw new BlobFormatError('intset too short');
  const width = blob.readUInt32LE(0);
  if (width !== 2 && width !== 4 && width !== 8) throw new BlobFormatError('intset with an invalid width');
  const length = blob.readUInt32LE(4);
  if (INTSET_HEADER_SIZE + length * width !== blob.length) throw new BlobFormatError('intset length mismatch');
  if (length === 0) throw new BlobFormatError('empty intset');
  const out = new Array<IntsetValue>(length);
  let previous: IntsetValue | undefined;
  for (let i = 0; i < length; i++) {
    const at = INTSET_HEADER_SIZE + i * width;
    let v: IntsetValue;
    if (width === 2) v = blob.readInt16LE(at);
    else if (width === 4) v = blob.readInt32LE(at);
    else {
      const big = blob.readBigInt64LE(at);
      v = big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    if (previous !== undefined && !(previous < v)) throw new BlobFormatError('intset not sorted');
    previous = v;
    out[i] = v;
  }
  return out;
}
