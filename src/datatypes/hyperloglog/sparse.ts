// The sparse encoding: registers as a run-length code, for HLLs with few non-zero registers.
// Mirrors: redis src/hyperloglog.c (createHLLObject, hllSparseSet, hllSparseToDense,
// hllSparseRegHisto, hllMerge's sparse branch, pfdebugCommand's DECODE).
//
// A fresh HLL has 16384 registers at 0; a dense one would cost 12 KB for nothing. The sparse
// encoding describes the registers left to right with three opcodes:
//
//   ZERO   00xxxxxx            xxxxxx + 1 registers (1..64) at 0
//   XZERO  01xxxxxx yyyyyyyy   the 14-bit xxxxxxyyyyyyyy + 1 registers (1..16384) at 0
//   VAL    1vvvvvxx            xx + 1 registers (1..4) at value vvvvv + 1 (1..32)
//
// An empty HLL is one XZERO:16384 (two bytes). Setting a register splits the opcode covering it into
// up to three (zeros before, the new VAL, zeros after), then merges the new VAL with equal
// neighbours. The whole code is purely positional, so every update walks from the start: O(N) in the
// sparse length, which is why Redis switches to dense once the code passes hll-sparse-max-bytes
// (3000 by default) or a register needs a value above 32 (VAL cannot hold it).
//
// The code is edited in a growable Buffer (SparseHll) for the length of one command, and the
// result is stored back as the string value once.

import { HLL_DENSE, HLL_DENSE_SIZE, HLL_ENCODING_OFFSET, HLL_HDR_SIZE, HLL_REGISTERS, HLL_SPARSE, denseSet, invalidateCache } from './layout.js';

const HLL_SPARSE_XZERO_BIT = 0x40;
const HLL_SPARSE_VAL_BIT = 0x80;
export const HLL_SPARSE_VAL_MAX_VALUE = 32;
const HLL_SPARSE_VAL_MAX_LEN = 4;
const HLL_SPARSE_ZERO_MAX_LEN = 64;
const HLL_SPARSE_XZERO_MAX_LEN = 16384;

const isZero = (op: number): boolean => (op & 0xc0) === 0;
const isXzero = (op: number): boolean => (op & 0xc0) === HLL_SPARSE_XZERO_BIT;
const isVal = (op: number): boolean => (op & HLL_SPARSE_VAL_BIT) !== 0;
const zeroLen = (op: number): number => (op & 0x3f) + 1;
const xzeroLen = (op: number, next: number): number => (((op & 0x3f) << 8) | next) + 1;
/** The byte after an XZERO's first one; past the end it reads 0, as Redis reads the sds's NUL there. */
const secondByte = (bytes: Uint8Array, p: number, end: number): number => (p + 1 < end ? (bytes[p + 1] as number) : 0);
const valValue = (op: number): number => ((op >> 2) & 0x1f) + 1;
const valLen = (op: number): number => (op & 0x3) + 1;
const valOp = (value: number, len: number): number => (((value - 1) << 2) | (len - 1)) | HLL_SPARSE_VAL_BIT;

/**
 * createHLLObject's bytes: header ("HYLL", sparse, cached cardinality 0 and valid) and as many
 * XZERO opcodes as cover every register (one, for 16384 registers).
 */
export const EMPTY_SPARSE_HLL: string = (() => {
  const bytes = Buffer.alloc(HLL_HDR_SIZE + Math.ceil(HLL_REGISTERS / HLL_SPARSE_XZERO_MAX_LEN) * 2);
  bytes.write('HYLL', 0, 'latin1');
  bytes[HLL_ENCODING_OFFSET] = HLL_SPARSE;
  let p = HLL_HDR_SIZE;
  for (let left = HLL_REGISTERS; left > 0;) {
    const run = Math.min(left, HLL_SPARSE_XZERO_MAX_LEN);
    bytes[p] = ((run - 1) >> 8) | HLL_SPARSE_XZERO_BIT;
    bytes[p + 1] = (run - 1) & 0xff;
    p += 2;
    left -= run;
  }
  return bytes.latin1Slice(0, bytes.length);
})();

/**
 * An HLL being edited: `bytes[0, length)` is the value (header included); the Buffer may be longer
 * (room to grow, as sds keeps free space). Either encoding: an edit may promote it to dense.
 */
export interface HllBuffer {
  bytes: Buffer;
  length: number;
}

/** A working copy of a stored HLL string, with a few spare bytes for sparse growth. */
export function hllBufferFrom(value: string): HllBuffer {
  const bytes = Buffer.allocUnsafe(value.length + 16);
  bytes.latin1Write(value, 0, value.length);
  return { bytes, length: value.length };
}

/** The edited value as a string to store. */
export function hllBufferValue(hll: HllBuffer): string {
  return hll.bytes.latin1Slice(0, hll.length);
}

/** Make room for `extra` more bytes (sdsMakeRoomFor): doubles, so growth is amortised O(1). */
function reserve(hll: HllBuffer, extra: number): void {
  if (hll.bytes.length >= hll.length + extra) return;
  const grown = Buffer.allocUnsafe(Math.max(hll.length * 2, hll.length + extra));
  hll.bytes.copy(grown, 0, 0, hll.length);
  hll.bytes = grown;
}

/**
 * hllSparseToDense: rewrite a sparse HLL as dense in place (the header is kept, cached cardinality
 * and its stale bit included). False if the code does not describe exactly 16384 registers (a
 * corrupted value): then nothing changed. A dense HLL is left as it is.
 */
export function sparseToDense(hll: HllBuffer): boolean {
  const src = hll.bytes;
  if (src[HLL_ENCODING_OFFSET] === HLL_DENSE) return true;
  const dense = Buffer.alloc(HLL_DENSE_SIZE);
  src.copy(dense, 0, 0, HLL_HDR_SIZE);
  dense[HLL_ENCODING_OFFSET] = HLL_DENSE;
  let index = 0;
  let p = HLL_HDR_SIZE;
  const end = hll.length;
  while (p < end) {
    const op = src[p] as number;
    if (isZero(op)) {
      index += zeroLen(op);
      p++;
    } else if (isXzero(op)) {
      index += xzeroLen(op, secondByte(src, p, end));
      p += 2;
    } else {
      let run = valLen(op);
      const value = valValue(op);
      if (run + index > HLL_REGISTERS) break; // would overflow: corrupted
      while (run-- > 0) denseSet(dense, HLL_HDR_SIZE, index++, value);
      p++;
    }
  }
  if (index !== HLL_REGISTERS) return false;
  hll.bytes = dense;
  hll.length = HLL_DENSE_SIZE;
  return true;
}

/**
 * hllSparseSet: raise register `index` to `count` if it is lower. Returns 1 if the register
 * changed, 0 if not, -1 if the code is corrupted. May promote the HLL to dense (count above 32, or
 * the code would grow past `sparseMaxBytes`): the caller looks at the encoding byte afterwards.
 */
export function sparseSet(hll: HllBuffer, index: number, count: number, sparseMaxBytes: number): -1 | 0 | 1 {
  if (count > HLL_SPARSE_VAL_MAX_VALUE) return promote(hll, index, count);
  // The worst case turns one XZERO into XZERO VAL XZERO: three more bytes.
  reserve(hll, 3);
  const b = hll.bytes; // no reallocation below: the room was made here
  const sparse = HLL_HDR_SIZE;
  let end = hll.length;

  // Step 1: find the opcode covering `index`, its first register and its neighbours.
  let p = sparse;
  let first = 0;
  let prev = -1;
  let span = 0;
  while (p < end) {
    const op = b[p] as number;
    let oplen = 1;
    if (isZero(op)) span = zeroLen(op);
    else if (isVal(op)) span = valLen(op);
    else {
      span = xzeroLen(op, secondByte(b, p, end));
      oplen = 2;
    }
    if (index <= first + span - 1) break;
    prev = p;
    p += oplen;
    first += span;
  }
  if (span === 0 || p >= end) return -1;

  const op = b[p] as number;
  const opIsZero = isZero(op);
  const opIsXzero = isXzero(op);
  const runlen = opIsZero ? zeroLen(op) : opIsXzero ? xzeroLen(op, secondByte(b, p, end)) : valLen(op);
  let next = opIsXzero ? p + 2 : p + 1;
  if (next >= end) next = -1;

  // Step 2: the cases that rewrite one byte in place.
  let updated = false;
  if (!opIsZero && !opIsXzero) {
    // A VAL already at least `count` (whatever its run) needs nothing; a VAL of run 1 is overwritten.
    if (valValue(op) >= count) return 0;
    if (runlen === 1) {
      b[p] = valOp(count, 1);
      updated = true;
    }
  } else if (opIsZero && runlen === 1) {
    b[p] = valOp(count, 1);
    updated = true;
  }

  if (!updated) {
    // Step 3: split the opcode into [zeros or old VAL before] VAL(count) [zeros or old VAL after].
    const seq: number[] = [];
    const last = first + span - 1;
    if (opIsZero || opIsXzero) {
      if (index !== first) pushZeros(seq, index - first);
      seq.push(valOp(count, 1));
      if (index !== last) pushZeros(seq, last - index);
    } else {
      const current = valValue(op);
      if (index !== first) seq.push(valOp(current, index - first));
      seq.push(valOp(count, 1));
      if (index !== last) seq.push(valOp(current, last - index));
    }
    const oldLen = opIsXzero ? 2 : 1;
    const delta = seq.length - oldLen;
    if (delta > 0 && hll.length + delta > sparseMaxBytes) return promote(hll, index, count);
    if (delta !== 0 && next !== -1) b.copyWithin(next + delta, next, end);
    hll.length += delta;
    for (let i = 0; i < seq.length; i++) b[p + i] = seq[i] as number;
    end += delta;
  }

  // Step 4: merge the new VAL with equal VAL neighbours (up to 4 registers per opcode), looking at
  // no more than five opcodes from the one before the change.
  p = prev === -1 ? sparse : prev;
  let scan = 5;
  while (p < end && scan-- !== 0) {
    const cur = b[p] as number;
    if (isXzero(cur)) {
      p += 2;
      continue;
    }
    if (isZero(cur)) {
      p++;
      continue;
    }
    if (p + 1 < end && isVal(b[p + 1] as number)) {
      const v1 = valValue(cur);
      const v2 = valValue(b[p + 1] as number);
      if (v1 === v2) {
        const len = valLen(cur) + valLen(b[p + 1] as number);
        if (len <= HLL_SPARSE_VAL_MAX_LEN) {
          b[p + 1] = valOp(v1, len);
          b.copyWithin(p, p + 1, end);
          hll.length--;
          end--;
          continue; // try the merged opcode against its right neighbour too
        }
      }
    }
    p++;
  }
  invalidateCache(b);
  return 1;
}

/** A run of zeros as ZERO (up to 64) or XZERO. */
function pushZeros(seq: number[], len: number): void {
  if (len > HLL_SPARSE_ZERO_MAX_LEN) seq.push(((len - 1) >> 8) | HLL_SPARSE_XZERO_BIT, (len - 1) & 0xff);
  else seq.push(len - 1);
}

/** hllSparseSet's promote path: convert to dense, then set the register there. */
function promote(hll: HllBuffer, index: number, count: number): -1 | 1 {
  if (!sparseToDense(hll)) return -1;
  // A register that did not fit the sparse code is necessarily raised by this write.
  denseSet(hll.bytes, HLL_HDR_SIZE, index, count);
  return 1;
}

/**
 * hllSparseRegHisto: add the registers' values to `histogram`. False if the code does not cover
 * exactly 16384 registers (PFCOUNT then answers INVALIDOBJ).
 */
export function sparseHistogram(bytes: Uint8Array, start: number, end: number, histogram: Int32Array): boolean {
  let index = 0;
  let p = start;
  while (p < end) {
    const op = bytes[p] as number;
    if (isZero(op)) {
      const run = zeroLen(op);
      index += run;
      (histogram[0] as number) += run;
      p++;
    } else if (isXzero(op)) {
      const run = xzeroLen(op, secondByte(bytes, p, end));
      index += run;
      (histogram[0] as number) += run;
      p += 2;
    } else {
      const run = valLen(op);
      index += run;
      (histogram[valValue(op)] as number) += run;
      p++;
    }
  }
  return index === HLL_REGISTERS;
}

/**
 * hllMerge's sparse branch: max[i] = max(max[i], register i) for a sparse code. False if the code
 * is corrupted (registers written before the fault stay merged, as in Redis).
 */
export function sparseMergeInto(max: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  let index = 0;
  let p = start;
  while (p < end) {
    const op = bytes[p] as number;
    if (isZero(op)) {
      index += zeroLen(op);
      p++;
    } else if (isXzero(op)) {
      index += xzeroLen(op, secondByte(bytes, p, end));
      p += 2;
    } else {
      let run = valLen(op);
      const value = valValue(op);
      if (run + index > HLL_REGISTERS) break;
      while (run-- > 0) {
        if (value > (max[index] as number)) max[index] = value;
        index++;
      }
      p++;
    }
  }
  return index === HLL_REGISTERS;
}

/** PFDEBUG DECODE: the opcodes as "Z:<run>", "z:<run>", "v:<value>,<run>", space separated. */
export function decodeSparse(bytes: Uint8Array, start: number, end: number): string {
  const parts: string[] = [];
  let p = start;
  while (p < end) {
    const op = bytes[p] as number;
    if (isZero(op)) {
      parts.push(`z:${zeroLen(op)}`);
      p++;
    } else if (isXzero(op)) {
      parts.push(`Z:${xzeroLen(op, secondByte(bytes, p, end))}`);
      p += 2;
    } else {
      parts.push(`v:${valValue(op)},${valLen(op)}`);
      p++;
    }
  }
  return parts.join(' ');
}
