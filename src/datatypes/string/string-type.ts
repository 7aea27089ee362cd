// The string type: its three encodings, the object a string key stores, and how values are made and
// read. What commands do to a value (arithmetic, APPEND, SETRANGE, GETRANGE) is in string-ops.ts.
// Mirrors: redis src/object.c (createStringObject, tryObjectEncoding, OBJ_ENCODING_INT/EMBSTR/RAW)
// and the type half of src/t_string.c.
//
// Encodings, as OBJECT ENCODING reports them (Redis 7.0):
//   int     a canonical decimal that fits a signed 64-bit integer, at most 20 chars ("123", "-5").
//           We keep it as a JS number when it is a safe integer, else a bigint.
//   embstr  any other value of at most 44 bytes (Redis allocates the header and bytes together).
//   raw     longer values, and any value APPEND or SETRANGE changed (Redis then edits it in place).
// SIMPLIFIED: embstr and raw both keep the bytes as a latin1 JS string (one char per byte, so binary
// data and invalid UTF-8 round-trip exactly). A V8 one-byte string costs its length plus a 16-byte
// header, far less than a Buffer object (~100 bytes of wrappers), which is what matters for
// millions of small values; concatenation (APPEND) makes a rope instead of copying.
// DIFFERS FROM REDIS: V8 caps a string at 2^29-24 bytes, 24 bytes short of proto-max-bulk-len's
// default 512 MB; SETRANGE/APPEND refuse to grow past that with Redis's size error.

import { parseInt64Latin1 } from './int-parse.js';

export interface StringObject {
  readonly type: 'string';
  encoding: 'int' | 'embstr' | 'raw';
  /** int: number | bigint; embstr/raw: latin1 string. */
  value: number | bigint | string;
  lru: number;
  /**
   * What the keyspace charged for it (memory accounting, src/eviction/memory-model.ts). Derived,
   * not stored: see StringValue below.
   */
  charged?: number;
}

// --- The stored object ---
// A string key is the commonest thing a server holds, and in Node every field of its object costs
// 8 bytes (V8 in Node has no pointer compression) on top of a 24-byte header. So the object keeps
// two fields and derives the rest:
//   v     the value;
//   m     one small integer packing the 24-bit `lru` field (Redis's robj keeps it in 24 bits too)
//         and the encoding (2 bits).
// (The key's SCAN slot was a third field until the keyspace got its own table, where the slot is
// the key's entry: src/keyspace/key-table.ts.)
// `type` lives on the prototype. `charged`, what the keyspace charged for the value
// (src/eviction/memory-model.ts), is not stored: a string's price follows from its encoding and
// length, so it is computed when asked. The catch is a value changed in place (APPEND, SETRANGE,
// SETBIT, INCR...) before the keyspace re-prices it: the refund must be the old price. So the first
// change that can move the price records the old one in `priorCharges`, a side table that is
// almost always empty, and sets a flag in `m`; the keyspace's next charge clears both.
// 40 bytes per object instead of 64 (the five fields before), with every read of `encoding`,
// `value` and `lru` a getter V8 inlines.
// `m` also notes the current price once it has been computed, as a 4-bit index into a small table
// of the prices seen (`knownPrices`): an int costs one price and an embstr one of a few
// size classes. Pricing the old value of a key being overwritten then reads only the object, not
// its value string, which lies elsewhere in the heap: on a big keyspace that read is a cache miss
// per key written (bench/results/perf-2026-11-26-mset.md). Any change of the value or encoding
// forgets the note.
// A value of one to three bytes that is not an int (a flag, a short code, redis-benchmark's default
// `xxx`) is kept as a small integer in `v` instead of a string: `TINY_TAG` plus the length, then the
// bytes (a V8 small integer holds 31 bits here, so three bytes and a length fit). Such a `v` is no
// heap object, so an overwrite allocates nothing and V8's write barrier has nothing to record: a new
// string stored into an old object is young garbage the next scavenge must find through the
// remembered set, copy and often promote, one more set of cache misses per key written
// (bench/results/perf-2026-11-27-mset.md). Reads make the string (`value` decodes it).

/** `m` bits 0-23: the lru field (LRU clock or LFU time and counter, as in Redis's robj). */
const LRU_BITS = 0xffffff;
const ENCODING_SHIFT = 24;
const ENCODING_MASK = 3 << ENCODING_SHIFT;
/** `m` bit 26: the price charged is in `priorCharges`, not the current one. */
const PRIOR_CHARGE = 1 << 26;
/** `m` bits 27-30: the index of the current price in `knownPrices`; 0 when not noted. */
const PRICE_SHIFT = 27;
const PRICE_MASK = 0xf << PRICE_SHIFT;
const ENCODING_INT = 0;
const ENCODING_EMBSTR = 1;
const ENCODING_RAW = 2;

/**
 * The memory model's price for a string of this encoding and length (src/eviction/memory-model.ts
 * installs it; the datatypes do not import the eviction code). 0 until installed.
 */
export type StringPricer = (encoding: StringObject['encoding'], length: number) => number;
let stringPricer: StringPricer = () => 0;
export function installStringPricer(pricer: StringPricer): void {
  stringPricer = pricer;
  intPrice = -1;
  embstrPrices.fill(-1);
  priceNotes.fill(-1);
  // Objects note their price as an index into this table (see the banner above): the pricer is
  // installed once, as memory-model.ts loads, before any value is priced.
  knownPrices.length = 1;
}
/** Prices noted on objects by index (`m` bits 27-30); index 0 means "not noted", so 15 fit. */
const knownPrices: number[] = [0];

/** The index of `price` in knownPrices, adding it if there is room; 0 (do not note) when full. */
function noteIndex(price: number): number {
  for (let i = 1; i < knownPrices.length; i++) if (knownPrices[i] === price) return i;
  if (knownPrices.length > 15) return 0;
  knownPrices.push(price);
  return knownPrices.length - 1;
}
/** The pricer's answers for ints and for embstrs by length (0..44), filled on first use (-1: not yet). */
let intPrice = -1;
const embstrPrices = new Int32Array(45).fill(-1);
/**
 * The `m` bits (PRICE_MASK) that note the price of an embstr of each length (0..44) and, at
 * PRICE_NOTE_INT, of an int; -1 until first priced. SET and MSET's rewrite writes the note with the
 * value, so re-pricing the key right after reads the table instead of searching it.
 */
const PRICE_NOTE_INT = 45;
const priceNotes = new Int32Array(46).fill(-1);

/** What the keyspace charged for values changed in place since (see above). */
const priorCharges = new WeakMap<StringValue, number>();

function encodingCode(encoding: StringObject['encoding']): number {
  return encoding === 'int' ? ENCODING_INT : encoding === 'embstr' ? ENCODING_EMBSTR : ENCODING_RAW;
}

function lengthOf(v: number | bigint | string): number {
  return typeof v === 'string' ? v.length : String(v).length;
}

/** `v` of a tiny value: bits 24-25 hold its length (1-3), bits 0-23 its bytes, first byte lowest. */
const TINY_LENGTH_SHIFT = 24;
const TINY_MAX_BYTES = 3;

/** A 1-3 byte latin1 string as a tiny `v`. */
function packTiny(text: string): number {
  let packed = text.length << TINY_LENGTH_SHIFT;
  for (let i = 0; i < text.length; i++) packed |= text.charCodeAt(i) << (8 * i);
  return packed;
}

/** The string a tiny `v` stands for. */
function unpackTiny(packed: number): string {
  const length = packed >> TINY_LENGTH_SHIFT;
  const b0 = packed & 0xff;
  if (length === 1) return String.fromCharCode(b0);
  if (length === 2) return String.fromCharCode(b0, (packed >> 8) & 0xff);
  return String.fromCharCode(b0, (packed >> 8) & 0xff, (packed >> 16) & 0xff);
}

/** An embstr's `v`: tiny when it fits (see the banner). */
function embstrSlot(text: string): number | string {
  return text.length <= TINY_MAX_BYTES && text.length > 0 ? packTiny(text) : text;
}

/** The memory model's price for a string value as it is now (cached for ints and embstrs). */
export function stringPrice(obj: StringObject): number {
  // A plain object shaped like one (tests store them directly) is priced the slow way.
  return obj instanceof StringValue ? obj.currentPrice() : stringPricer(obj.encoding, lengthOf(obj.value));
}

/** A string value as stored: see the banner above. */
class StringValue implements StringObject {
  declare readonly type: 'string';
  private v: number | bigint | string;
  private m: number;

  constructor(encoding: StringObject['encoding'], value: number | bigint | string, lru: number) {
    this.v = encoding === 'embstr' && typeof value === 'string' ? embstrSlot(value) : value;
    this.m = (lru & LRU_BITS) | (encodingCode(encoding) << ENCODING_SHIFT);
  }

  get encoding(): StringObject['encoding'] {
    const code = (this.m & ENCODING_MASK) >> ENCODING_SHIFT;
    return code === ENCODING_INT ? 'int' : code === ENCODING_EMBSTR ? 'embstr' : 'raw';
  }

  set encoding(encoding: StringObject['encoding']) {
    const code = encodingCode(encoding) << ENCODING_SHIFT;
    if ((this.m & ENCODING_MASK) === code) return;
    this.notePriorCharge();
    // A tiny value leaving embstr (APPEND, INCR) becomes a string again before anything reads it.
    const v = this.v;
    if (typeof v === 'number' && (this.m & ENCODING_MASK) !== ENCODING_INT << ENCODING_SHIFT) this.v = unpackTiny(v);
    this.m = (this.m & ~(ENCODING_MASK | PRICE_MASK)) | code;
  }

  get value(): number | bigint | string {
    const v = this.v;
    if (typeof v === 'number' && (this.m & ENCODING_MASK) !== ENCODING_INT << ENCODING_SHIFT) return unpackTiny(v);
    return v;
  }

  /** The value's length in bytes (an int's in decimal), without making a tiny value's string. */
  private byteLength(): number {
    const v = this.v;
    if (typeof v === 'number' && (this.m & ENCODING_MASK) !== ENCODING_INT << ENCODING_SHIFT) return v >> TINY_LENGTH_SHIFT;
    return lengthOf(v);
  }

  set value(value: number | bigint | string) {
    // An int's price does not depend on its value, nor a string's on its bytes: only a new length
    // of an embstr or raw value can move the price.
    if ((this.m & ENCODING_MASK) !== ENCODING_INT << ENCODING_SHIFT && lengthOf(value) !== this.byteLength()) {
      this.notePriorCharge();
    }
    // Callers set the encoding first; an embstr stays tiny when it fits.
    this.v = typeof value === 'string' && (this.m & ENCODING_MASK) === ENCODING_EMBSTR << ENCODING_SHIFT ? embstrSlot(value) : value;
    this.m &= ~PRICE_MASK;
  }

  get lru(): number {
    return this.m & LRU_BITS;
  }

  set lru(lru: number) {
    this.m = (this.m & ~LRU_BITS) | (lru & LRU_BITS);
  }

  get charged(): number {
    if ((this.m & PRIOR_CHARGE) !== 0) return priorCharges.get(this) as number;
    return this.currentPrice();
  }

  /**
   * The memory model's price for the value as it is now. Hot: every write prices the new value and
   * refunds the old one, so ints and embstrs (the usual values) read a cached price instead of
   * calling the pricer (the pricer call was a measured 10% of MSET's CPU).
   */
  currentPrice(): number {
    const noted = (this.m & PRICE_MASK) >> PRICE_SHIFT;
    if (noted !== 0) return knownPrices[noted] as number;
    const code = (this.m & ENCODING_MASK) >> ENCODING_SHIFT;
    let price: number;
    let slot: number;
    if (code === ENCODING_INT) {
      price = intPrice >= 0 ? intPrice : (intPrice = stringPricer('int', 0));
      slot = PRICE_NOTE_INT;
    } else {
      const length = this.byteLength();
      if (code === ENCODING_EMBSTR && length <= EMBSTR_SIZE_LIMIT) {
        const cached = embstrPrices[length] as number;
        price = cached >= 0 ? cached : (embstrPrices[length] = stringPricer('embstr', length));
        slot = length;
      } else {
        // A raw value's price follows its length: not noted (it would fill the table).
        return stringPricer(code === ENCODING_EMBSTR ? 'embstr' : 'raw', length);
      }
    }
    const note = noteIndex(price) << PRICE_SHIFT;
    priceNotes[slot] = note;
    this.m |= note;
    return price;
  }

  /** The keyspace charged the value's current price (it never charges anything else). */
  set charged(_current: number) {
    if ((this.m & PRIOR_CHARGE) === 0) return;
    priorCharges.delete(this);
    this.m &= ~PRIOR_CHARGE;
  }

  /**
   * SET over this value: a whole new value, encoding and lru at once (see overwriteString; an
   * embstr of 1-3 bytes goes through rewriteTiny, already packed). Any
   * note of an earlier price is dropped; the caller read `charged` first and settles the difference.
   */
  rewrite(encoding: number, value: number | bigint | string, lru: number): void {
    if ((this.m & PRIOR_CHARGE) !== 0) priorCharges.delete(this);
    this.v = value;
    const slot = encoding === ENCODING_INT ? PRICE_NOTE_INT : encoding === ENCODING_EMBSTR ? (value as string).length : -1;
    const note = slot >= 0 ? (priceNotes[slot] as number) : -1;
    this.m = (lru & LRU_BITS) | (encoding << ENCODING_SHIFT) | (note > 0 ? note : 0);
  }

  /** rewrite() with an embstr of 1-3 bytes already packed (see the banner). */
  rewriteTiny(packed: number, lru: number): void {
    if ((this.m & PRIOR_CHARGE) !== 0) priorCharges.delete(this);
    this.v = packed;
    const note = priceNotes[packed >> TINY_LENGTH_SHIFT] as number;
    this.m = (lru & LRU_BITS) | (ENCODING_EMBSTR << ENCODING_SHIFT) | (note > 0 ? note : 0);
  }

  /** The value is about to change in a way that may move its price: keep what was charged. */
  private notePriorCharge(): void {
    if ((this.m & PRIOR_CHARGE) !== 0) return;
    priorCharges.set(this, stringPricer(this.encoding, this.byteLength()));
    this.m |= PRIOR_CHARGE;
  }
}
Object.defineProperty(StringValue.prototype, 'type', { value: 'string', enumerable: true, writable: false });

function newString(encoding: StringObject['encoding'], value: number | bigint | string, lru: number): StringObject {
  return new StringValue(encoding, value, lru);
}

/** OBJ_ENCODING_EMBSTR_SIZE_LIMIT: the longest value stored as embstr. */
export const EMBSTR_SIZE_LIMIT = 44;
/** The longest decimal Redis tries to store as int (string2l on at most 20 chars). */
const INT_MAX_CHARS = 20;
/** Redis's shared integers 0..9999 (OBJ_SHARED_INTEGERS): OBJECT REFCOUNT reports INT_MAX for them. */
export const OBJ_SHARED_INTEGERS = 10000;
/** V8's maximum string length on 64-bit platforms. */
export const MAX_STRING_BYTES = 2 ** 29 - 24;

/** A string object as SET stores it: tryObjectEncoding picks int, embstr or raw. */
export function createString(bytes: Buffer | string, lru = 0): StringObject {
  const text = typeof bytes === 'string' ? bytes : bytes.latin1Slice(0, bytes.length);
  if (text.length <= INT_MAX_CHARS && text.length > 0) {
    const n = parseInt64Latin1(text);
    if (n !== null) return newString('int', n, lru);
  }
  return newString(text.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw', text, lru);
}

/**
 * SET or MSET storing `bytes` over an existing string value: the stored object is rewritten in
 * place (value, encoding and `lru`, exactly what createString would give) instead of replaced.
 * That spares an allocation per key and lets the keyspace skip its second hash probe (the `Map.set`
 * that would store the new object). Redis allocates a new robj here (dbSetValue); nothing can
 * tell the difference, because the keyspace only takes this path when nothing else holds the
 * object (no background save's point-in-time view: keyspace/database.ts setString). False when
 * `obj` is a plain object shaped like a string (tests store those): the caller replaces it instead.
 */
export function overwriteString(obj: StringObject, bytes: Buffer, lru: number): boolean {
  if (!(obj instanceof StringValue)) return false;
  if (bytes.length <= TINY_MAX_BYTES && bytes.length > 0 && overwriteTiny(obj, bytes, lru)) return true;
  const text = bytes.latin1Slice(0, bytes.length);
  if (text.length <= INT_MAX_CHARS && text.length > 0) {
    const n = parseInt64Latin1(text);
    if (n !== null) {
      obj.rewrite(ENCODING_INT, n, lru);
      return true;
    }
  }
  obj.rewrite(text.length <= EMBSTR_SIZE_LIMIT ? ENCODING_EMBSTR : ENCODING_RAW, text, lru);
  return true;
}

/**
 * overwriteString for 1-3 bytes: packed straight from the bytes, with no string made on the way
 * (see the banner). False for what could be an int (it starts with a digit or '-', as
 * parseInt64Latin1 requires): those take the general path. Kept apart so the general path stays small.
 */
function overwriteTiny(obj: StringValue, bytes: Buffer, lru: number): boolean {
  const b0 = bytes[0] as number;
  if (b0 === 0x2d || (b0 >= 0x30 && b0 <= 0x39)) {
    // Not an int after all ("-", "0a", "-x"): still tiny.
    const text = bytes.latin1Slice(0, bytes.length);
    if (parseInt64Latin1(text) !== null) return false;
    obj.rewriteTiny(packTiny(text), lru);
    return true;
  }
  let packed = (bytes.length << TINY_LENGTH_SHIFT) | b0;
  if (bytes.length > 1) packed |= (bytes[1] as number) << 8;
  if (bytes.length > 2) packed |= (bytes[2] as number) << 16;
  obj.rewriteTiny(packed, lru);
  return true;
}

/** A string object holding exactly these bytes without trying int (INCRBYFLOAT's result). */
export function createRawOrEmbstr(text: string, lru = 0): StringObject {
  return newString(text.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw', text, lru);
}

/** An int-encoded string (INCR, DECR): integers outside the safe range stay exact as bigint. */
export function createStringFromInt(n: number | bigint, lru = 0): StringObject {
  const value = typeof n === 'bigint' && n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  return newString('int', value, lru);
}

/** The value's bytes as a latin1 string (how replies and other types consume it). */
export function stringValue(obj: StringObject): string {
  const v = obj.value;
  return typeof v === 'string' ? v : String(v);
}

export function stringLength(obj: StringObject): number {
  const v = obj.value;
  return typeof v === 'string' ? v.length : String(v).length;
}

/** The value's bytes as a Buffer (copy). */
export function stringBytes(obj: StringObject): Buffer {
  return Buffer.from(stringValue(obj), 'latin1');
}

/**
 * The value as a 64-bit integer when the whole value is one (INCR's getLongLongFromObject), else
 * null. An int-encoded value answers without parsing.
 */
export function stringAsInt(obj: StringObject): number | bigint | null {
  const v = obj.value;
  if (typeof v !== 'string') return v;
  return v.length <= INT_MAX_CHARS && v.length > 0 ? parseInt64Latin1(v) : null;
}

/** OBJECT REFCOUNT: Redis shares the objects for 0..9999 (when no LRU/LFU policy needs per-key fields). */
export function stringRefcount(obj: StringObject, sharedIntegersEnabled: boolean): number {
  const v = obj.value;
  if (sharedIntegersEnabled && obj.encoding === 'int' && typeof v === 'number' && v >= 0 && v < OBJ_SHARED_INTEGERS) {
    return 2147483647; // OBJ_SHARED_REFCOUNT
  }
  return 1;
}

/** A raw-encoded string holding exactly `text` (SETRANGE on a missing key; string-ops.ts). */
export function createRawString(text: string, lru = 0): StringObject {
  return newString('raw', text, lru);
}

/** A copy with its own fields (COPY); keeps the encoding, unlike createString. */
export function duplicateString(obj: StringObject): StringObject {
  return newString(obj.encoding, obj.value, obj.lru);
}
