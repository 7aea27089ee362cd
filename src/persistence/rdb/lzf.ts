// LZF, the small LZ77 compressor Redis uses for long strings and quicklist nodes in RDB files.
// Mirrors: redis src/lzf_c.c (lzf_compress) and src/lzf_d.c (lzf_decompress). Our own code for the
// same format, so our files load in Redis and Redis's load here.
// DIFFERS FROM REDIS: the compressed bytes are not identical to Redis's (a format admits many
// encodings of one input; our matcher probes one position per hash slot, greedily).
//
// The format is a sequence of runs, each introduced by a control byte:
//   000LLLLL                      a literal run: the next L+1 bytes (1..32) are copied as they are.
//   LLLooooo [EEEEEEEE] oooooooo  a back reference: copy (L+2) bytes starting (o+1) bytes back in
//                                 the output; L = 7 means "7 + the extra byte E" (so 2..264 bytes),
//                                 and the 13-bit offset reaches 8 KB back.
// Compression: hash every 3-byte sequence to remember where it was last seen; when the current
// position's 3 bytes were seen within 8 KB, extend the match as far as it goes and emit a back
// reference, else emit the byte as a literal. Greedy, one probe per position, like lzf_compress.

/** At most 2^14 remembered positions; small inputs use a smaller table (clearing it is per call). */
const MAX_HASH_LOG = 14;
const MIN_HASH_LOG = 6;
/** Longest literal run one control byte covers. */
const MAX_LITERAL = 32;
/** The farthest a back reference can point (13 bits of offset, plus one). */
const MAX_OFFSET = 1 << 13;
/** The longest back reference: 2 + 7 + 255. */
const MAX_REFERENCE = 264;

/** One table reused across calls: compression runs on one thread, to completion. */
const lastSeen = new Int32Array(1 << MAX_HASH_LOG);

/** A multiplicative hash of the 3 bytes at i, `hashLog` bits wide. */
function hash3(input: Uint8Array, i: number, hashLog: number): number {
  const v = ((input[i] as number) << 16) | ((input[i + 1] as number) << 8) | (input[i + 2] as number);
  return Math.imul(v, 0x9e3779b1) >>> (32 - hashLog);
}

/**
 * Compress `input`; null when the result would not be shorter than `maxOutput` bytes (Redis asks
 * for at least a 4-byte saving and stores the string uncompressed otherwise).
 */
export function lzfCompress(input: Uint8Array, maxOutput: number): Buffer | null {
  const length = input.length;
  if (length === 0 || maxOutput <= 0) return null;
  const out = Buffer.allocUnsafe(maxOutput + MAX_LITERAL + 2);
  // About two slots per input byte, so a 30-byte string clears 64 slots, not 16K.
  const hashLog = Math.min(MAX_HASH_LOG, Math.max(MIN_HASH_LOG, 32 - Math.clz32(length)));
  lastSeen.fill(-1, 0, 1 << hashLog);
  let op = 0;
  // The pending literal run: input[litStart, ip) not yet written.
  let litStart = 0;
  let ip = 0;

  const flushLiterals = (end: number): boolean => {
    while (litStart < end) {
      const run = Math.min(MAX_LITERAL, end - litStart);
      if (op + 1 + run > maxOutput) return false;
      out[op++] = run - 1;
      for (let k = 0; k < run; k++) out[op++] = input[litStart + k] as number;
      litStart += run;
    }
    return true;
  };

  while (ip + 2 < length) {
    const h = hash3(input, ip, hashLog);
    const ref = lastSeen[h] as number;
    lastSeen[h] = ip;
    if (
      ref >= 0 &&
      ip - ref <= MAX_OFFSET &&
      input[ref] === input[ip] &&
      input[ref + 1] === input[ip + 1] &&
      input[ref + 2] === input[ip + 2]
    ) {
      let len = 3;
      const maxLen = Math.min(MAX_REFERENCE, length - ip);
      while (len < maxLen && input[ref + len] === input[ip + len]) len++;
      if (!flushLiterals(ip)) return null;
      const offset = ip - ref - 1;
      const code = len - 2;
      if (op + 3 > maxOutput) return null;
      if (code < 7) {
        out[op++] = (code << 5) | (offset >> 8);
      } else {
        out[op++] = (7 << 5) | (offset >> 8);
        out[op++] = code - 7;
      }
      out[op++] = offset & 0xff;
      // Remember the positions inside the match too, so later data can refer back into it.
      const end = ip + len;
      for (ip++; ip < end; ip++) if (ip + 2 < length) lastSeen[hash3(input, ip, hashLog)] = ip;
      litStart = ip;
    } else {
      ip++;
    }
  }
  if (!flushLiterals(length)) return null;
  if (op >= maxOutput) return null;
  return out.subarray(0, op);
}

/** Thrown for a compressed stream that does not decode to exactly the expected length. */
export class LzfError extends Error {}

/** Decompress `input` into exactly `outputLength` bytes (lzf_decompress; RDB stores both lengths). */
export function lzfDecompress(input: Uint8Array, outputLength: number): Buffer {
  const out = Buffer.allocUnsafe(outputLength);
  let ip = 0;
  let op = 0;
  const inLength = input.length;
  while (ip < inLength) {
    const ctrl = input[ip++] as number;
    if (ctrl < 32) {
      const run = ctrl + 1;
      if (op + run > outputLength) throw new LzfError('LZF output overflow');
      if (ip + run > inLength) throw new LzfError('LZF input truncated');
      for (let k = 0; k < run; k++) out[op++] = input[ip++] as number;
    } else {
      let len = ctrl >> 5;
      if (len === 7) {
        if (ip >= inLength) throw new LzfError('LZF input truncated');
        len += input[ip++] as number;
      }
      if (ip >= inLength) throw new LzfError('LZF input truncated');
      const ref = op - ((ctrl & 0x1f) << 8) - 1 - (input[ip++] as number);
      len += 2;
      if (ref < 0) throw new LzfError('LZF back reference before the start');
      if (op + len > outputLength) throw new LzfError('LZF output overflow');
      // Byte by byte: a reference may overlap the bytes it is producing (a run of one byte).
      for (let k = 0; k < len; k++) out[op++] = out[ref + k] as number;
    }
  }
  if (op !== outputLength) throw new LzfError('LZF output shorter than announced');
  return out;
}
