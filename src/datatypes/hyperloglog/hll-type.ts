// The HyperLogLog API the PF* commands call: add, count, merge, convert, inspect. An HLL is not a
// type of its own but a string value in Redis's exact byte layout, so GET, SET, DUMP/RESTORE, RDB
// and APPEND see the very bytes Redis would hold.
// Mirrors: redis src/hyperloglog.c (hllAdd, hllCount, hllMerge, the bodies of pfaddCommand,
// pfcountCommand, pfmergeCommand, pfdebugCommand).
//
// Why no Buffer is kept on the value: string values are immutable latin1 JS strings
// (datatypes/string), so changing one register means building a new 12 KB string. Two things keep
// that off the common path: (1) a dense PFADD reads the registers straight off the stored string
// (charCodeAt) and copies it only once an element really raises a register, which gets rarer as
// the HLL fills up (Redis's own reason for caching the cardinality); (2) all the changes of one
// command are made in one working Buffer (HllBuffer) and stored back once, so PFADD of N elements
// costs at most one copy, not N.

import { estimateCardinality } from './estimator.js';
import {
  HLL_DENSE, HLL_ENCODING_OFFSET, HLL_HDR_SIZE, HLL_REGISTERS, cachedCardinality, denseGet, denseGetFromString,
  denseHistogram, denseSet, hasValidCache, invalidateCache, writeCardinality,
} from './layout.js';
import { hllPatLen } from './murmur-hash.js';
import {
  decodeSparse, hllBufferFrom, hllBufferValue, sparseHistogram, sparseMergeInto, sparseSet, sparseToDense,
  type HllBuffer,
} from './sparse.js';

export { EMPTY_SPARSE_HLL } from './sparse.js';
export { HLL_REGISTERS, isHllString } from './layout.js';

/** PFDEBUG ENCODING's names, by encoding byte. */
export function hllEncodingName(value: string): 'dense' | 'sparse' {
  return value.charCodeAt(HLL_ENCODING_OFFSET) === HLL_DENSE ? 'dense' : 'sparse';
}

// --- The working copy ---

// The working copy of the dense HLL last written, kept for the next command on the same value:
// a run of PFADDs on one key then skips allocating and filling a 12 KB Buffer each time. Keyed by
// the string itself (same contents, same bytes), so it is never wrong, only sometimes unused.
let lastDense: { value: string; bytes: Buffer } | undefined;

function workingCopy(value: string): HllBuffer {
  const cached = lastDense;
  if (cached !== undefined && cached.value === value) {
    lastDense = undefined; // being edited: no longer matches its string
    return { bytes: cached.bytes, length: value.length };
  }
  return hllBufferFrom(value);
}

function keepWorkingCopy(hll: HllBuffer): string {
  const value = hllBufferValue(hll);
  if (hll.bytes[HLL_ENCODING_OFFSET] === HLL_DENSE) lastDense = { value, bytes: hll.bytes };
  return value;
}

/** The value with its cached cardinality marked stale (PFADD creating a key, even with no element). */
export function hllMarkStale(value: string): string {
  if (!hasValidCache(value)) return value;
  const hll = hllBufferFrom(value);
  invalidateCache(hll.bytes);
  return hllBufferValue(hll);
}

// --- PFADD ---

export interface HllAddResult {
  /** The new value; the same string when nothing changed. */
  readonly value: string;
  /** Registers raised (Redis adds this to the dirty counter). */
  readonly updated: number;
  /** The sparse code turned out corrupted: `value` holds the changes made before that. */
  readonly corrupt: boolean;
}

/**
 * Add `elements[from..]` to the HLL `value` (a valid HLL string). Each element raises at most one
 * register; a sparse HLL is promoted to dense past `sparseMaxBytes` or for a run above 32.
 * Any change marks the cached cardinality stale.
 */
export function hllAdd(value: string, elements: readonly Buffer[], from: number, sparseMaxBytes: number): HllAddResult {
  let hll: HllBuffer | undefined;
  let updated = 0;
  for (let j = from; j < elements.length; j++) {
    const packed = hllPatLen(elements[j] as Buffer);
    const register = packed >>> 6;
    const count = packed & 63;
    if (hll === undefined) {
      // Dense and not yet copied: most elements of a big HLL raise nothing, so look first.
      if (value.charCodeAt(HLL_ENCODING_OFFSET) === HLL_DENSE && count <= denseGetFromString(value, register)) continue;
      hll = workingCopy(value);
    }
    if (hll.bytes[HLL_ENCODING_OFFSET] === HLL_DENSE) {
      if (count > denseGet(hll.bytes, HLL_HDR_SIZE, register)) {
        denseSet(hll.bytes, HLL_HDR_SIZE, register, count);
        updated++;
      }
    } else {
      const result = sparseSet(hll, register, count, sparseMaxBytes);
      if (result === -1) return { value: hllBufferValue(hll), updated, corrupt: true };
      updated += result;
    }
  }
  if (hll === undefined || updated === 0) return { value, updated, corrupt: false };
  invalidateCache(hll.bytes);
  return { value: keepWorkingCopy(hll), updated, corrupt: false };
}

// --- PFCOUNT ---

/** The register histogram of a valid HLL string; false if its sparse code is corrupted. */
function histogramOf(bytes: Buffer, length: number, histogram: Int32Array): boolean {
  if (bytes[HLL_ENCODING_OFFSET] === HLL_DENSE) {
    denseHistogram(bytes, HLL_HDR_SIZE, histogram);
    return true;
  }
  return sparseHistogram(bytes, HLL_HDR_SIZE, length, histogram);
}

export interface HllCountResult {
  readonly card: number | bigint;
  /** The value with the fresh cardinality cached; the same string when the cache was valid. */
  readonly value: string;
}

/**
 * PFCOUNT of one HLL: the cached cardinality when valid, else the estimate, which is then cached
 * in the header (so the value changes). Null: the sparse code is corrupted.
 */
export function hllCount(value: string): HllCountResult | null {
  if (hasValidCache(value)) return { card: cachedCardinality(value), value };
  const hll = workingCopy(value);
  const histogram = new Int32Array(64);
  if (!histogramOf(hll.bytes, hll.length, histogram)) return null;
  const card = estimateCardinality(histogram);
  writeCardinality(hll.bytes, card);
  return { card, value: keepWorkingCopy(hll) };
}

/**
 * hllMerge: max[i] = max(max[i], register i of `value`) for a valid HLL string. False if its
 * sparse code is corrupted.
 */
export function hllMergeInto(max: Uint8Array, value: string): boolean {
  const bytes = Buffer.from(value, 'latin1');
  if (bytes[HLL_ENCODING_OFFSET] === HLL_DENSE) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const v = denseGet(bytes, HLL_HDR_SIZE, i);
      if (v > (max[i] as number)) max[i] = v;
    }
    return true;
  }
  return sparseMergeInto(max, bytes, HLL_HDR_SIZE, bytes.length);
}

/** The estimate for registers held one per byte (PFCOUNT of several keys: Redis's HLL_RAW). */
export function hllCountRegisters(registers: Uint8Array): number | bigint {
  const histogram = new Int32Array(64);
  for (let i = 0; i < HLL_REGISTERS; i++) (histogram[registers[i] as number] as number)++;
  return estimateCardinality(histogram);
}

// --- PFMERGE ---

/**
 * PFMERGE's write: raise the registers of `value` (a valid HLL string, the destination) to
 * `max`, first converting it to dense when `toDense` (some source was dense). The cache is marked
 * stale. Null: converting a corrupted sparse code failed.
 */
export function hllStoreRegisters(value: string, max: Uint8Array, toDense: boolean, sparseMaxBytes: number): string | null {
  const hll = hllBufferFrom(value);
  if (toDense && !sparseToDense(hll)) return null;
  for (let j = 0; j < HLL_REGISTERS; j++) {
    const count = max[j] as number;
    if (count === 0) continue;
    if (hll.bytes[HLL_ENCODING_OFFSET] === HLL_DENSE) {
      if (count > denseGet(hll.bytes, HLL_HDR_SIZE, j)) denseSet(hll.bytes, HLL_HDR_SIZE, j, count);
    } else {
      // Redis ignores the result here: the destination was validated by the merge that read it.
      sparseSet(hll, j, count, sparseMaxBytes);
    }
  }
  invalidateCache(hll.bytes);
  return hllBufferValue(hll);
}

// --- PFDEBUG ---

/** The value converted to dense (the same string if it already is); null if corrupted. */
export function hllToDense(value: string): string | null {
  if (value.charCodeAt(HLL_ENCODING_OFFSET) === HLL_DENSE) return value;
  const hll = hllBufferFrom(value);
  return sparseToDense(hll) ? hllBufferValue(hll) : null;
}

/** PFDEBUG GETREG: every register of a dense HLL string. */
export function hllRegisters(denseValue: string): number[] {
  const out = new Array<number>(HLL_REGISTERS);
  for (let i = 0; i < HLL_REGISTERS; i++) out[i] = denseGetFromString(denseValue, i);
  return out;
}

/** PFDEBUG DECODE: the opcodes of a sparse HLL string. */
export function hllDecode(sparseValue: string): string {
  const bytes = Buffer.from(sparseValue, 'latin1');
  return decodeSparse(bytes, HLL_HDR_SIZE, bytes.length);
}
