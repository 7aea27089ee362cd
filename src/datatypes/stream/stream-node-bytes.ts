// What a stream node's listpack weighs in Redis, byte for byte, computed without building it: the
// size that ends a node at stream-node-max-bytes (so node boundaries, and `~` trims, match Redis's)
// and that MEMORY USAGE reads.
// Mirrors: redis src/listpack.c (lpEncodeGetType, lpEncodeBacklen, lpBytes) and src/t_stream.c
// (the entry layout streamAppendItem writes: flags, ID deltas, [fields], values, lp-count).

import type { StreamId } from './stream-id.js';
import type { StreamChunk } from './stream-node.js';

/** A node's listpack size in bytes, as lpBytes reports it in Redis (its live and deleted counters included). */
export function streamNodeBytes(chunk: StreamChunk): number {
  return chunk.bytes + lpIntBytes(chunk.count) + lpIntBytes(chunk.deleted);
}

/** The bytes one entry adds to its node's listpack: flags, ID deltas, [fields], values, lp-count. */
export function entryBytes(chunk: StreamChunk, id: StreamId, fields: readonly string[], same: boolean): number {
  // The deltas are written as int64 (lpAppendInteger): an unsigned difference wraps.
  let bytes = lpIntBytes(same ? 2 : 0) + deltaBytes(id.ms, chunk.masterId.ms) + deltaBytes(id.seq, chunk.masterId.seq);
  const pairs = fields.length / 2;
  if (!same) bytes += lpIntBytes(pairs);
  for (let i = 0; i < fields.length; i += 2) {
    if (!same) bytes += lpElementBytes(fields[i] as string);
    bytes += lpElementBytes(fields[i + 1] as string);
  }
  return bytes + lpIntBytes(3 + pairs + (same ? 0 : pairs + 1));
}

/** The listpack bytes of `a - b` stored as an int64. */
function deltaBytes(a: bigint, b: bigint): number {
  const d = a - b;
  // The usual case (an entry a few ms or sequence numbers after its node's first) stays small.
  if (d >= 0n && d <= 127n) return 2;
  return lpBigIntBytes(BigInt.asIntN(64, d));
}

// --- Listpack sizes (listpack.c lpEncodeGetType, lpEncodeBacklen) ---

export const LP_HEADER_BYTES = 6 + 1; // total bytes + count, and the end byte

function lpBacklenBytes(l: number): number {
  return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
}

export function lpIntBytes(v: number): number {
  const enc = v >= 0 && v <= 127 ? 1 : v >= -4096 && v <= 4095 ? 2 : v >= -32768 && v <= 32767 ? 3
    : v >= -8388608 && v <= 8388607 ? 4 : v >= -2147483648 && v <= 2147483647 ? 5 : 9;
  return enc + 1;
}

function lpBigIntBytes(v: bigint): number {
  return v >= -2147483648n && v <= 2147483647n ? lpIntBytes(Number(v)) : 10;
}

/** One element's bytes: as an integer when the text is one (string2ll), else as a string. */
export function lpElementBytes(text: string): number {
  const n = text.length;
  if (n > 0 && n <= 20 && isIntText(text)) {
    // Up to 15 digits a double is exact: no bigint on the common path.
    if (n <= 15) return lpIntBytes(Number(text));
    const v = BigInt(text);
    if (v >= -(1n << 63n) && v < 1n << 63n) return lpBigIntBytes(v);
  }
  const enc = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
  return enc + lpBacklenBytes(enc);
}

function isIntText(text: string): boolean {
  let i = text.charCodeAt(0) === 0x2d ? 1 : 0;
  if (i === text.length) return false;
  if (text.charCodeAt(i) === 0x30) return text.length === 1;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
