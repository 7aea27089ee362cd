// The `listpack` encoding of a small sorted set: members and scores side by side in one packed string,
// kept sorted by (score, member), searched by walking from the front.
// Mirrors: redis src/t_zset.c (the zzl* functions: zzlFind, zzlInsert, zzlInsertAt, zzlDelete,
// zzlFirstInRange, zzlDeleteRangeByRank ...) and src/listpack.c (the container they walk).
//
// Redis packs a small zset into one listpack: member, score, member, score ..., in order. Finding a
// member is a linear scan (the order is by score, not by member), inserting shifts the bytes after
// the insertion point, and both are cheap because the thing is small: at most
// zset-max-listpack-entries (128) members of at most zset-max-listpack-value (64) bytes, else the
// set converts to a skiplist.
//
// Layout. One latin1 JS string (one char per byte, the shared codec of ../packed.ts), an entry per
// member: its length as a varint, its bytes, then its score as 8 bytes: [len][member][score x 8] ...
// Redis writes the score as text, or as a listpack integer when it is whole (zzlInsertAt), and parses
// it back with strtod on every comparison. We keep the double's bits instead, as a sort key: the
// IEEE-754 bits most significant first, with the sign bit flipped for a positive number and every bit
// flipped for a negative one, so that comparing two stored scores as unsigned integers (or as byte
// strings) orders them as numbers. A fixed 8 bytes needs no length prefix; the insertion scan compares
// keys without decoding a double, and a read decodes with two integer loads (no parsing, no
// substring). Every double round-trips exactly, -0, inf and 17-digit values included. For the memory
// benchmark's 100 members of 16 bytes this is 25 bytes per member (Redis: about 23); the two arrays it
// replaces cost ~30 bytes per member more (bench/results/memory-zset-2026-11-26.md).
//
// Finding a member is a linear scan, as in Redis (zzlFind compares each entry): an entry of another
// length is skipped on its header, one of the same length on its last byte, and only then compared
// whole. (V8's native `indexOf` over the whole string was tried: fast for distinct members, but ~1 µs
// per search when members share a prefix, as `user:1234` keys do.) ZADD of a new member must walk the
// whole set to know it is new; the same walk notes where it goes (zlpFindOrPlace). A score above the
// last one (loading in score order) goes at the end: the last 8 bytes are the last score. A write
// builds a new string and flattens it (packed.ts's `flat`), as Redis memmoves after its realloc; a read
// of a member returns a substring, which V8 makes a view into the packed string: a member kept beyond
// the listpack (a conversion, a set operation) is copied with packed.ts's `unslice`.
// SIMPLIFIED: no back-length (a reverse walk collects offsets walking forwards: the set is small).
//
// One byte-layout effect of Redis's is visible to clients and kept: a listpack stores a whole-number
// score within ±2^62 as an integer (zzlInsertAt, double2ll), so -0 is stored as 0. ZSCORE of a member
// added with score -0 answers "0" here, "-0" in a skiplist; and ZSCAN shows the stored text (2^62
// prints as 4611686018427387904, where ZRANGE prints 4.6116860184273879e+18).

import { formatStoredDouble } from '../../util/numbers.js';
import { encodeLength, entryStart, flat, readLength } from '../packed.js';

/** The packed entries: [varint len][member][8 score bytes] ..., in (score, member) order. */
export type ZListpack = string;

/** An empty listpack. */
export const ZLP_EMPTY: ZListpack = '';

/** Bytes of a stored score (the double's sort key, most significant byte first). */
export const ZLP_SCORE_BYTES = 8;

/** Receives one entry: member bytes (latin1) and score. */
export type ZlpEmit = (member: string, score: number) => void;

// --- Scores as 8 bytes ---

/** Scratch views of one double, for converting between a score and its 8 stored bytes. */
const scoreBits = new Float64Array(1);
const scoreWords = new Uint32Array(scoreBits.buffer);
/** Which of the two 32-bit words holds the sign and exponent (the platform's byte order). */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

const SIGN_BIT = 0x80000000;

/** Scratch output of scoreKey: a score's sort key as two unsigned 32-bit halves. */
let keyHi = 0;
let keyLo = 0;

/** A score's sort key into keyHi/keyLo (see the header); -0 is stored as 0. */
function scoreKey(score: number): void {
  scoreBits[0] = score === 0 ? 0 : score;
  const hi = scoreWords[HI] as number;
  const lo = scoreWords[LO] as number;
  if (hi >= SIGN_BIT) {
    keyHi = ~hi >>> 0;
    keyLo = ~lo >>> 0;
  } else {
    keyHi = (hi | SIGN_BIT) >>> 0;
    keyLo = lo;
  }
}

/** The 8 stored bytes of a score. */
function encodeScore(score: number): string {
  scoreKey(score);
  const hi = keyHi;
  const lo = keyLo;
  return String.fromCharCode(
    hi >>> 24, (hi >>> 16) & 0xff, (hi >>> 8) & 0xff, hi & 0xff,
    lo >>> 24, (lo >>> 16) & 0xff, (lo >>> 8) & 0xff, lo & 0xff,
  );
}

/** The unsigned 32-bit word whose 4 bytes start at `pos` (most significant first). */
function wordAt(lp: ZListpack, pos: number): number {
  return (
    ((lp.charCodeAt(pos) << 24) | (lp.charCodeAt(pos + 1) << 16) | (lp.charCodeAt(pos + 2) << 8) | lp.charCodeAt(pos + 3)) >>>
    0
  );
}

/** The score whose 8 bytes start at `pos`. */
export function zlpScoreAt(lp: ZListpack, pos: number): number {
  const hi = wordAt(lp, pos);
  const lo = wordAt(lp, pos + 4);
  if (hi >= SIGN_BIT) {
    scoreWords[HI] = hi ^ SIGN_BIT;
    scoreWords[LO] = lo;
  } else {
    scoreWords[HI] = ~hi;
    scoreWords[LO] = ~lo;
  }
  return scoreBits[0] as number;
}

/** Byte order of the member stored at [start, start + length) against `member`: <0, 0 or >0 (memcmp, then length). */
function compareMemberAt(lp: ZListpack, start: number, length: number, member: string): number {
  const n = Math.min(length, member.length);
  for (let i = 0; i < n; i++) {
    const d = lp.charCodeAt(start + i) - member.charCodeAt(i);
    if (d !== 0) return d;
  }
  return length - member.length;
}

// --- What Redis's listpack spends on a score (memory accounting) ---

/**
 * The bytes of a score's entry in Redis's listpack, back-length included: a whole score within ±2^62
 * as the smallest listpack integer (lpEncodeIntegerGetType: 7-bit 1 byte, 13-bit 2, 16-bit 3, 24-bit
 * 4, 32-bit 5, else 9), anything else as the text d2string prints (a 1-byte string header under 64
 * chars). src/eviction/memory-model.ts adds these up.
 */
export function zlpScoreEntryBytes(score: number): number {
  if (Number.isInteger(score) && Math.abs(score) <= 2 ** 62) {
    if (score >= 0 && score <= 127) return 2;
    if (score >= -4096 && score <= 4095) return 3;
    if (score >= -32768 && score <= 32767) return 4;
    if (score >= -8388608 && score <= 8388607) return 5;
    if (score >= -2147483648 && score <= 2147483647) return 6;
    return 10;
  }
  return 2 + storedTextLength(score);
}

/**
 * The length of formatStoredDouble's text for a score that is not a listpack integer. Printing costs
 * more than an insert, so the common short decimals are counted without it: %.17g prints a double
 * exactly when its decimal expansion fits 17 significant digits, and a double with k fractional bits
 * (1.5, 0.25, 148.375) has exactly k fractional decimal digits (1/2^k = 5^k/10^k).
 */
function storedTextLength(score: number): number {
  const a = Math.abs(score);
  if (a >= 1e-4 && a < 1e17) {
    const intDigits = a < 1 ? 0 : Math.floor(Math.log10(a)) + 1;
    const leadingZeros = a < 1 ? -Math.floor(Math.log10(a)) - 1 : 0;
    for (let k = 1; k <= 17 - intDigits + leadingZeros; k++) {
      if (Number.isInteger(a * 2 ** k)) return (score < 0 ? 1 : 0) + Math.max(intDigits, 1) + 1 + k;
    }
  }
  return formatStoredDouble(score).length;
}

// --- Walking ---

/**
 * Scratch output of the walks below (a record rather than a returned tuple, so a walk allocates
 * nothing): the found entry's member start, member length and score offset.
 */
export const zlpAt = { memberStart: 0, memberLength: 0, scorePos: 0 };

/** Decode the entry at `pos` into zlpAt; returns the next entry's offset. */
function entry(lp: ZListpack, pos: number): number {
  const length = readLength(lp, pos);
  zlpAt.memberStart = entryStart;
  zlpAt.memberLength = length;
  zlpAt.scorePos = entryStart + length;
  return entryStart + length + ZLP_SCORE_BYTES;
}

/** The offset just past the entry starting at `pos`. */
function nextEntry(lp: ZListpack, pos: number): number {
  const length = readLength(lp, pos);
  return entryStart + length + ZLP_SCORE_BYTES;
}

/** The offset of the entry at position `index` (lp.length when index is the count). */
function zlpOffsetOf(lp: ZListpack, index: number): number {
  let pos = 0;
  for (let i = 0; i < index; i++) pos = nextEntry(lp, pos);
  return pos;
}

/** The number of entries (a walk over the headers: the listpack is small). */
export function zlpCount(lp: ZListpack): number {
  let count = 0;
  for (let pos = 0; pos < lp.length; pos = nextEntry(lp, pos)) count++;
  return count;
}

/** Scratch output of zlpFind: the found entry's position (its rank). */
let foundRank = 0;

/** zzlFind: the offset of the member's entry, or -1; when found, zlpAt describes the entry. */
export function zlpFind(lp: ZListpack, member: string): number {
  const wanted = member.length;
  const last = wanted - 1;
  const lastChar = member.charCodeAt(last);
  const end = lp.length;
  let rank = 0;
  for (let pos = 0; pos < end; rank++) {
    let length = lp.charCodeAt(pos);
    let start = pos + 1;
    if (length >= 0x80) {
      length = readLength(lp, pos);
      start = entryStart;
    }
    if (length === wanted && (wanted === 0 || (lp.charCodeAt(start + last) === lastChar && lp.startsWith(member, start)))) {
      zlpAt.memberStart = start;
      zlpAt.memberLength = length;
      zlpAt.scorePos = start + length;
      foundRank = rank;
      return pos;
    }
    pos = start + length + ZLP_SCORE_BYTES;
  }
  return -1;
}

/** The member's 0-based position, or -1. */
export function zlpRank(lp: ZListpack, member: string): number {
  return zlpFind(lp, member) === -1 ? -1 : foundRank;
}

// --- Writes (each returns the new listpack) ---

/**
 * zzlInsert: add a member that is not present, before the first entry sorting after it (higher
 * score, or the same score and a member greater in byte order).
 */
export function zlpInsert(lp: ZListpack, score: number, member: string): ZListpack {
  const added = encodeLength(member.length) + member + encodeScore(score);
  const hi = keyHi;
  const lo = keyLo;
  const end = lp.length;
  // Above the last score (the last 8 bytes): append, no scan.
  if (end === 0) return flat(added);
  const lastHi = wordAt(lp, end - ZLP_SCORE_BYTES);
  if (lastHi < hi || (lastHi === hi && wordAt(lp, end - 4) < lo)) return flat(lp + added);
  let pos = 0;
  while (pos < end) {
    let length = lp.charCodeAt(pos);
    let start = pos + 1;
    if (length >= 0x80) {
      length = readLength(lp, pos);
      start = entryStart;
    }
    const scorePos = start + length;
    // Compare sort keys: the high word decides unless equal, then the low word, then the member bytes.
    const h = wordAt(lp, scorePos);
    if (h > hi) break;
    if (h === hi) {
      const l = wordAt(lp, scorePos + 4);
      if (l > lo || (l === lo && compareMemberAt(lp, start, length, member) > 0)) break;
    }
    pos = scorePos + ZLP_SCORE_BYTES;
  }
  if (pos === end) return flat(lp + added);
  return flat(lp.substring(0, pos) + added + lp.substring(pos));
}

/** Scratch output of zlpFindOrPlace for an absent member: the offset where its entry belongs. */
export const zlpPlace = { offset: 0 };

/**
 * zzlFind and zzlInsert's search in one walk (a ZADD of a new member walks the set once, not twice):
 * the offset of the member's entry, with zlpAt describing it, or -1 with zlpPlace.offset set to where
 * an entry (score, member) belongs (zlpInsertAt).
 */
export function zlpFindOrPlace(lp: ZListpack, member: string, score: number): number {
  scoreKey(score);
  const hi = keyHi;
  const lo = keyLo;
  const end = lp.length;
  const wanted = member.length;
  const last = wanted - 1;
  const lastChar = member.charCodeAt(last);
  // Above the last score: the place is the end, and the walk only looks for the member.
  let place = -1;
  if (end > 0) {
    const lastHi = wordAt(lp, end - ZLP_SCORE_BYTES);
    if (lastHi < hi || (lastHi === hi && wordAt(lp, end - 4) < lo)) place = end;
  }
  let rank = 0;
  for (let pos = 0; pos < end; rank++) {
    let length = lp.charCodeAt(pos);
    let start = pos + 1;
    if (length >= 0x80) {
      length = readLength(lp, pos);
      start = entryStart;
    }
    const scorePos = start + length;
    if (length === wanted && (wanted === 0 || (lp.charCodeAt(start + last) === lastChar && lp.startsWith(member, start)))) {
      zlpAt.memberStart = start;
      zlpAt.memberLength = length;
      zlpAt.scorePos = scorePos;
      foundRank = rank;
      return pos;
    }
    if (place === -1) {
      // The first entry sorting after (score, member): the high word decides unless equal, then the
      // low word, then the member bytes.
      const h = wordAt(lp, scorePos);
      if (h > hi) place = pos;
      else if (h === hi) {
        const l = wordAt(lp, scorePos + 4);
        if (l > lo || (l === lo && compareMemberAt(lp, start, length, member) > 0)) place = pos;
      }
    }
    pos = scorePos + ZLP_SCORE_BYTES;
  }
  zlpPlace.offset = place === -1 ? end : place;
  return -1;
}

/** Insert an entry at an offset zlpFindOrPlace found (the member must be absent). */
export function zlpInsertAt(lp: ZListpack, offset: number, score: number, member: string): ZListpack {
  const added = encodeLength(member.length) + member + encodeScore(score);
  if (offset === lp.length) return flat(lp + added);
  return flat(lp.substring(0, offset) + added + lp.substring(offset));
}

/** One entry as zlpJoin takes it. */
export function zlpEncodeEntry(score: number, member: string): string {
  return encodeLength(member.length) + member + encodeScore(score);
}

/** A listpack from entries made by zlpEncodeEntry, already in order. */
export function zlpJoin(entries: readonly string[]): ZListpack {
  return flat(entries.join(''));
}

/** zzlDelete: remove the entry starting at `pos`. */
export function zlpDeleteAt(lp: ZListpack, pos: number): ZListpack {
  const next = nextEntry(lp, pos);
  return flat(lp.substring(0, pos) + lp.substring(next));
}

/** What the last zlpDeleteRange removed: its members' bytes plus zlpScoreEntryBytes of its scores. */
export const zlpRemoved = { payloadBytes: 0 };

/** zzlDeleteRangeByRank: remove `count` entries from position `start`; sets zlpRemoved. */
export function zlpDeleteRange(lp: ZListpack, start: number, count: number): ZListpack {
  const from = zlpOffsetOf(lp, start);
  let pos = from;
  let bytes = 0;
  for (let i = 0; i < count && pos < lp.length; i++) {
    pos = entry(lp, pos);
    bytes += zlpAt.memberLength + zlpScoreEntryBytes(zlpScoreAt(lp, zlpAt.scorePos));
  }
  zlpRemoved.payloadBytes = bytes;
  return flat(lp.substring(0, from) + lp.substring(pos));
}

// --- Reads over positions ---

/**
 * How many entries, from the first, satisfy a predicate that holds for a prefix of the order
 * (zzlFirstInRange and friends walk the same way). Linear, like every listpack search.
 */
export function zlpCountPrefix(lp: ZListpack, holds: (member: string, score: number) => boolean): number {
  const end = lp.length;
  let count = 0;
  for (let pos = 0; pos < end; count++) {
    pos = entry(lp, pos);
    const member = lp.substring(zlpAt.memberStart, zlpAt.memberStart + zlpAt.memberLength);
    if (!holds(member, zlpScoreAt(lp, zlpAt.scorePos))) break;
  }
  return count;
}

/** zlpCountPrefix for a predicate on the score alone (score ranges): no member strings made. */
export function zlpCountScorePrefix(lp: ZListpack, holds: (score: number) => boolean): number {
  const end = lp.length;
  let count = 0;
  for (let pos = 0; pos < end; count++) {
    const length = readLength(lp, pos);
    const scorePos = entryStart + length;
    if (!holds(zlpScoreAt(lp, scorePos))) break;
    pos = scorePos + ZLP_SCORE_BYTES;
  }
  return count;
}

/**
 * Emit `count` entries starting at position `start`, towards higher positions, or towards lower
 * ones when `reverse` (there is no back-length: the offsets are collected walking forwards). The
 * caller keeps the walk inside the listpack.
 */
export function zlpEmit(lp: ZListpack, start: number, count: number, reverse: boolean, emit: ZlpEmit): void {
  if (!reverse) {
    const end = lp.length;
    let pos = zlpOffsetOf(lp, start);
    for (let n = 0; n < count && pos < end; n++) {
      let length = lp.charCodeAt(pos);
      let memberStart = pos + 1;
      if (length >= 0x80) {
        length = readLength(lp, pos);
        memberStart = entryStart;
      }
      pos = memberStart + length;
      emit(lp.substring(memberStart, pos), zlpScoreAt(lp, pos));
      pos += ZLP_SCORE_BYTES;
    }
    return;
  }
  const first = Math.max(0, start - count + 1);
  const offsets: number[] = [];
  let pos = zlpOffsetOf(lp, first);
  for (let i = first; i <= start && pos < lp.length; i++) {
    offsets.push(pos);
    pos = nextEntry(lp, pos);
  }
  for (let i = offsets.length - 1; i >= 0; i--) {
    entry(lp, offsets[i] as number);
    const { memberStart, memberLength, scorePos } = zlpAt;
    emit(lp.substring(memberStart, memberStart + memberLength), zlpScoreAt(lp, scorePos));
  }
}

/** Every member, in order (lex ranges walk them). */
export function zlpMembers(lp: ZListpack): string[] {
  const out: string[] = [];
  for (let pos = 0; pos < lp.length; ) {
    pos = entry(lp, pos);
    out.push(lp.substring(zlpAt.memberStart, zlpAt.memberStart + zlpAt.memberLength));
  }
  return out;
}

/**
 * ZSCAN of a listpack: everything in one step, scores as the stored text (scanGenericCommand
 * replies the listpack entries themselves; Redis's text is what formatStoredDouble prints).
 */
export function zlpScanAll(lp: ZListpack): string[] {
  const out: string[] = [];
  for (let pos = 0; pos < lp.length; ) {
    pos = entry(lp, pos);
    const { memberStart, memberLength, scorePos } = zlpAt;
    out.push(lp.substring(memberStart, memberStart + memberLength), formatStoredDouble(zlpScoreAt(lp, scorePos)));
  }
  return out;
}
