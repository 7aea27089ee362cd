// Packed entries: a run of byte strings kept in ONE latin1 JS string (one char per byte), each entry
// prefixed by its length, optionally followed by its length again written backwards so the run can
// also be walked from its end. The shared codec behind our listpacks (hash/listpack.ts, list/node.ts).
// Mirrors: redis src/listpack.c (lpEncodeBacklen, lpDecodeBacklen, lpCurrentEncodedSizeUnsafe).
//
// Why one string. A V8 string costs a 16-byte header plus its bytes rounded up to 8, and an array
// of them another 8 bytes per slot: a small collection of short strings pays more in headers than
// in data. Redis's listpack answers the same problem in C with one allocation of length-prefixed
// entries; we do the same with one sequential one-byte string.
//
// The length prefix is a varint: 7 bits per char, low bits first, the high bit set on every char
// but the last (one char below 128 bytes, two below 16,384). The back-length is the same varint in
// reverse order, so reading right to left sees the low bits first and stops at a char below 128:
// Redis's listpack ends every entry with such a back-length so that lpPrev is O(1).
// SIMPLIFIED: no integer encodings (Redis stores "1234" as a 2-byte integer); the layout is ours.
//
// Writes build a new string by concatenation; `flat` reads its first char, which makes V8 copy the
// rope into one sequential string (a memmove, as Redis's lpInsert does after its realloc).

/** The varint length prefix of an entry of `length` bytes. */
export function encodeLength(length: number): string {
  if (length < 0x80) return String.fromCharCode(length);
  let out = '';
  let n = length;
  while (n >= 0x80) {
    out += String.fromCharCode((n & 0x7f) | 0x80);
    n = Math.floor(n / 0x80);
  }
  return out + String.fromCharCode(n);
}

/** The back-length suffix of an entry of `length` bytes: encodeLength's chars in reverse order. */
export function encodeBackLength(length: number): string {
  if (length < 0x80) return String.fromCharCode(length);
  let out = '';
  let n = length;
  while (n >= 0x80) {
    out = String.fromCharCode((n & 0x7f) | 0x80) + out;
    n = Math.floor(n / 0x80);
  }
  return String.fromCharCode(n) + out;
}

/** How many chars encodeLength (and encodeBackLength) use for `length`. */
export function lengthSize(length: number): number {
  let size = 1;
  for (let n = length; n >= 0x80; n = Math.floor(n / 0x80)) size++;
  return size;
}

/**
 * Scratch output of readLength and readBackLength: where the entry's bytes start. A module-level
 * variable rather than a returned pair, so a walk allocates nothing.
 */
export let entryStart = 0;

/** The length of the entry whose prefix starts at `pos`; sets entryStart past the prefix. */
export function readLength(packed: string, pos: number): number {
  let c = packed.charCodeAt(pos);
  if (c < 0x80) {
    entryStart = pos + 1;
    return c;
  }
  let length = 0;
  let scale = 1;
  while (c >= 0x80) {
    length += (c & 0x7f) * scale;
    scale *= 0x80;
    c = packed.charCodeAt(++pos);
  }
  entryStart = pos + 1;
  return length + c * scale;
}

/**
 * The length of the entry whose back-length ends just before `end`; sets entryStart to the
 * entry's first byte (its prefix starts lengthSize(length) chars earlier).
 */
export function readBackLength(packed: string, end: number): number {
  let pos = end - 1;
  let c = packed.charCodeAt(pos);
  if (c < 0x80) {
    entryStart = pos - c;
    return c;
  }
  let length = 0;
  let scale = 1;
  while (c >= 0x80) {
    length += (c & 0x7f) * scale;
    scale *= 0x80;
    c = packed.charCodeAt(--pos);
  }
  length += c * scale;
  entryStart = pos - length;
  return length;
}

/** A string built by concatenation, made flat (see the header comment). */
export function flat(s: string): string {
  if (s.length > 0) s.charCodeAt(0);
  return s;
}

/** V8 makes a substring of 13 chars or more a view into its parent (a SlicedString). */
const SLICED_STRING_MIN_LENGTH = 13;

/**
 * A copy of an entry read out of a packed string, for keeping beyond the packed string's life. A
 * substring of 13 chars or more is a view that keeps the whole packed string alive (measured: a 20-byte
 * member kept 10 KB), which is right for a reply and wrong for an element stored elsewhere (a listpack
 * converted to a dict or skiplist, the result of a set operation). Concatenating the first char with
 * the rest and flattening the result makes V8 copy the bytes into a string of their own (the GC then
 * drops the concatenation's wrapper, as for `flat`); slicing a concatenation would make another view.
 */
export function unslice(s: string): string {
  return s.length < SLICED_STRING_MIN_LENGTH ? s : flat(s.charAt(0) + s.slice(1));
}
