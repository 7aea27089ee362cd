// Stream entry IDs: <ms>-<seq>, two unsigned 64-bit numbers, compared as one 128-bit number.
// Mirrors: redis src/t_stream.c (streamCompareID, streamIncrID, streamDecrID, streamNextID,
// streamGenericParseIDOrReply, string2ull) and src/stream.h (streamID).
//
// Both halves go up to 2^64-1, past what a JS number holds exactly, so they are bigints. Stored
// entries keep their ID as an order-preserving key instead (stream-node.ts); a StreamId is made
// for an entry only when a command reads it.

/** One ID. Immutable: share it freely. */
export interface StreamId {
  readonly ms: bigint;
  readonly seq: bigint;
}

export const UINT64_MAX = (1n << 64n) - 1n;
export const ZERO_ID: StreamId = { ms: 0n, seq: 0n };
export const MAX_ID: StreamId = { ms: UINT64_MAX, seq: UINT64_MAX };

export function streamId(ms: bigint, seq: bigint): StreamId {
  return { ms, seq };
}

/** streamCompareID: -1, 0 or 1. */
export function compareIds(a: StreamId, b: StreamId): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}

export function isZeroId(id: StreamId): boolean {
  return id.ms === 0n && id.seq === 0n;
}

/** streamIncrID: the next ID, or undefined past the last possible one. */
export function incrId(id: StreamId): StreamId | undefined {
  if (id.seq !== UINT64_MAX) return { ms: id.ms, seq: id.seq + 1n };
  if (id.ms === UINT64_MAX) return undefined;
  return { ms: id.ms + 1n, seq: 0n };
}

/** streamDecrID: the previous ID, or undefined before 0-0. */
export function decrId(id: StreamId): StreamId | undefined {
  if (id.seq !== 0n) return { ms: id.ms, seq: id.seq - 1n };
  if (id.ms === 0n) return undefined;
  return { ms: id.ms - 1n, seq: UINT64_MAX };
}

/**
 * streamNextID: the ID XADD `*` generates: the clock's ms with sequence 0, or — when the clock has
 * not moved past the last ID (same ms, or a clock behind an explicit future ID) — the last ID + 1.
 */
export function nextAutoId(last: StreamId, nowMs: number): StreamId | undefined {
  const ms = BigInt(nowMs);
  if (ms > last.ms) return { ms, seq: 0n };
  return incrId(last);
}

export function formatId(id: StreamId): string {
  return `${id.ms}-${id.seq}`;
}

// --- Parsing (streamGenericParseIDOrReply) ---

/** What the parser made of `<ms>-*` (XADD only): the sequence is to be generated. */
export interface ParsedId {
  readonly id: StreamId;
  /** False for `<ms>-*`. */
  readonly seqGiven: boolean;
}

const MINUS = 0x2d;
const PLUS = 0x2b;
const STAR = 0x2a;

/**
 * Parse `-`, `+`, `<ms>` or `<ms>-<seq>` (and `<ms>-*` when `allowAutoSeq`). `missingSeq` fills
 * the sequence of a bare `<ms>` (0 for a range start, 2^64-1 for an end). `strict` refuses `-`
 * and `+` (XADD, XDEL, XSETID ...). Undefined when invalid: the caller replies Redis's error.
 */
export function parseStreamId(
  arg: Buffer, missingSeq: bigint, strict: boolean, allowAutoSeq = false,
): ParsedId | undefined {
  // Redis copies the argument into a 128-byte buffer first: longer ones are invalid.
  if (arg.length > 127) return undefined;
  if (arg.length === 1 && (arg[0] === MINUS || arg[0] === PLUS)) {
    if (strict) return undefined;
    return { id: arg[0] === MINUS ? ZERO_ID : MAX_ID, seqGiven: true };
  }
  const dash = arg.indexOf(MINUS);
  const ms = parseUint64(dash === -1 ? arg : arg.subarray(0, dash));
  if (ms === undefined) return undefined;
  if (dash === -1) return { id: { ms, seq: missingSeq }, seqGiven: true };
  const rest = arg.subarray(dash + 1);
  if (allowAutoSeq && rest.length === 1 && rest[0] === STAR) return { id: { ms, seq: 0n }, seqGiven: false };
  const seq = parseUint64(rest);
  if (seq === undefined) return undefined;
  return { id: { ms, seq }, seqGiven: true };
}

/**
 * string2ull: Redis tries its strict string2ll first (and refuses a negative result), then falls
 * back to C's strtoull, which also accepts leading blanks, a `+`, and even a `-` (negating modulo
 * 2^64); the whole text must be consumed, and overflow is an error.
 */
export function parseUint64(text: Buffer): bigint | undefined {
  const n = text.length;
  if (n === 0) return undefined;
  // A C string ends at its first NUL.
  const nul = text.indexOf(0);
  const end = nul === -1 ? n : nul;
  let i = 0;
  while (i < end && isCSpace(text[i] as number)) i++;
  let negative = false;
  if (i < end && (text[i] === PLUS || text[i] === MINUS)) {
    negative = text[i] === MINUS;
    i++;
  }
  const digitsStart = i;
  let value = 0n;
  let small = 0;
  let smallDigits = 0;
  while (i < end) {
    const c = text[i] as number;
    if (c < 0x30 || c > 0x39) break;
    small = small * 10 + (c - 0x30);
    smallDigits++;
    if (smallDigits === 15) {
      value = value * 1_000_000_000_000_000n + BigInt(small);
      small = 0;
      smallDigits = 0;
    }
    i++;
  }
  if (i === digitsStart || i !== end || end !== n) return undefined;
  if (smallDigits > 0) value = value * 10n ** BigInt(smallDigits) + BigInt(small);
  if (value > UINT64_MAX) return undefined;
  if (negative) {
    // string2ll would have parsed "-5" and refused it as negative; strtoull accepts "-0", "- 5"
    // does not exist (a blank after the sign is not a digit), and "-" followed by digits that
    // string2ll rejects (leading zeros, overflow of int64) wraps around.
    if (isStrictLongLong(text) ) return value === 0n ? 0n : undefined;
    return value === 0n ? 0n : (1n << 64n) - value;
  }
  return value;
}

function isCSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** string2ll's grammar: an optional `-`, then digits without a leading zero, fitting int64. */
function isStrictLongLong(text: Buffer): boolean {
  const n = text.length;
  if (n === 0 || n > 20) return false;
  let i = 0;
  if (text[0] === MINUS) i = 1;
  if (i >= n) return false;
  if (text[i] === 0x30) return n === 1;
  for (let j = i; j < n; j++) {
    const c = text[j] as number;
    if (c < 0x30 || c > 0x39) return false;
  }
  const v = BigInt(text.latin1Slice(0, n));
  return v >= -(1n << 63n) && v < 1n << 63n;
}
