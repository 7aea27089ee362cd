// The reply model every command handler returns, and the encoder that turns it into RESP2 or RESP3.
// Mirrors: redis src/networking.c (addReply*, _addReplyToBuffer, the shared reply headers).
//
// A handler never touches a socket: it returns a `Reply` value and the client's `ReplyWriter`
// appends its encoding to one growable buffer. Everything a client's pipeline produces in one
// event-loop turn leaves in one socket write.
//
// The model uses plain JS values for the common shapes so the hot path allocates nothing:
//   null            null bulk string        RESP2 `$-1`    RESP3 `_`
//   number/bigint   integer                 `:42`          (numbers are always integers here)
//   string          bulk string (latin1: one char per byte, how the keyspace stores small values)
//   Buffer          bulk string (bytes)
//   Reply[]         array                   `*N`
// and tagged nodes for the rest (status, error, double, map, set, bool, verbatim, null array,
// pre-encoded bytes). Each node says how it degrades in RESP2, exactly as Redis degrades it.

import { formatDouble } from '../util/numbers.js';

export interface StatusReply { readonly kind: 'status'; readonly text: string }
/** Structural, so src/errors.ts's ReplyError (an Error subclass) is a Reply without an import. */
export interface ErrorReply { readonly kind: 'error'; readonly message: string }
export interface DoubleReply { readonly kind: 'double'; readonly value: number }
/** A map; `items` is flat: key, value, key, value. RESP2 sends it as a flat array. */
export interface MapReply { readonly kind: 'map'; readonly items: readonly Reply[] }
/** A set; RESP2 sends it as an array. */
export interface SetReply { readonly kind: 'set'; readonly items: readonly Reply[] }
/** RESP3 boolean; RESP2 sends integer 1 or 0. */
export interface BoolReply { readonly kind: 'bool'; readonly value: boolean }
/** RESP3 verbatim string (`=15\r\ntxt:...`); RESP2 sends a bulk string of the text. */
export interface VerbatimReply { readonly kind: 'verbatim'; readonly format: string; readonly text: string }
/** Null array: RESP2 `*-1` (EXEC after a failed WATCH, BLPOP timeout), RESP3 `_`. */
export interface NullArrayReply { readonly kind: 'nullArray' }
/** Out-of-band push (pub/sub messages): RESP3 `>N`, RESP2 a plain array. */
export interface PushReply { readonly kind: 'push'; readonly items: readonly Reply[] }
/** Nothing is written: the command replies later (a blocked client) or never. */
export interface NoReply { readonly kind: 'none' }
/**
 * The command has not finished: a script past busy-reply-threshold yielded to the event loop and
 * its reply comes later (src/protocol/suspension.ts). Only dispatch and EXEC ever see one; written, it
 * produces nothing.
 */
export interface SuspendedReply { readonly kind: 'suspended' }
/** Bytes already encoded, identical in both protocols (shared replies such as `+OK\r\n`). */
export interface RawReply { readonly kind: 'raw'; readonly bytes: Buffer }

export type ReplyNode =
  | StatusReply | ErrorReply | DoubleReply | MapReply | SetReply | BoolReply
  | VerbatimReply | NullArrayReply | PushReply | RawReply | NoReply | SuspendedReply;

export type Reply = null | number | bigint | string | Buffer | readonly Reply[] | ReplyNode;

// --- Constructors and shared replies (Redis's createSharedObjects) ---

const raw = (text: string): RawReply => ({ kind: 'raw', bytes: Buffer.from(text, 'latin1') });

export const OK: Reply = raw('+OK\r\n');
export const QUEUED: Reply = raw('+QUEUED\r\n');
export const PONG: Reply = raw('+PONG\r\n');
export const NULL_ARRAY: NullArrayReply = { kind: 'nullArray' };
export const NO_REPLY: NoReply = { kind: 'none' };
export const EMPTY_ARRAY: readonly Reply[] = [];

export const status = (text: string): StatusReply => ({ kind: 'status', text });
export const double = (value: number): DoubleReply => ({ kind: 'double', value });
export const map = (items: readonly Reply[]): MapReply => ({ kind: 'map', items });
export const set = (items: readonly Reply[]): SetReply => ({ kind: 'set', items });
export const bool = (value: boolean): BoolReply => ({ kind: 'bool', value });
export const verbatim = (text: string, format = 'txt'): VerbatimReply => ({ kind: 'verbatim', format, text });
export const push = (items: readonly Reply[]): PushReply => ({ kind: 'push', items });

// --- Encoder ---

const CR = 0x0d;
const LF = 0x0a;
const DOLLAR = 0x24;
const COLON = 0x3a;
const STAR = 0x2a;
const DIGIT_0 = 0x30;
/** In the all-strings fast path, an item shorter than this is copied char by char, a longer one with latin1Write. */
const SHORT_ITEM_CHARS = 48;
/** An all-strings aggregate whose encoding fits in this many bytes is written in one pass (writeStringAggregate). */
const CONCAT_ARRAY_CHARS = 32 * 1024;
const INITIAL_BUFFER_BYTES = 16 * 1024;
/** Bulk payloads at least this big are handed to the socket as their own chunk, not copied. */
const BIG_BULK_BYTES = 16 * 1024;

/**
 * A growable output buffer for one client. `write*` methods append RESP; `take()` hands the
 * accumulated chunks to the socket. The trick for speed: small replies are copied into one
 * buffer (one syscall per pipeline), while big bulk payloads are queued by reference so a 100 MB
 * GET is never copied. Headers, small integers and short latin1 strings are written with plain byte
 * stores (writeDecimalHeader, a charCodeAt loop): each native call (latin1Write, Buffer copy) costs
 * more than the few bytes it would write.
 */
export class ReplyWriter {
  /** 2 or 3: the protocol negotiated with HELLO. */
  resp: 2 | 3 = 2;
  private buf = Buffer.allocUnsafe(INITIAL_BUFFER_BYTES);
  private pos = 0;
  private chunks: Buffer[] = [];
  private queuedBytes = 0;

  /** Bytes appended and not yet taken: what Redis reports as the output buffer (omem). */
  get pendingBytes(): number {
    return this.queuedBytes + this.pos;
  }

  get isEmpty(): boolean {
    return this.pos === 0 && this.chunks.length === 0;
  }

  /** Everything written so far, as chunks to write in order; the writer starts empty again. */
  take(): Buffer[] {
    if (this.pos > 0) {
      if (this.pos <= 4096) {
        // Small: copy out (pool-backed allocation) and keep reusing our buffer.
        const out = Buffer.allocUnsafe(this.pos);
        this.buf.copy(out, 0, 0, this.pos);
        this.chunks.push(out);
      } else {
        // Large: give the buffer away (the socket may hold it until written) and start a new one.
        this.chunks.push(this.buf.subarray(0, this.pos));
        this.buf = Buffer.allocUnsafe(INITIAL_BUFFER_BYTES);
      }
      this.pos = 0;
    }
    const out = this.chunks;
    this.chunks = [];
    this.queuedBytes = 0;
    return out;
  }

  /** Drop everything not yet taken (CLIENT KILL of a client mid-pipeline, RESET). */
  discard(): void {
    this.pos = 0;
    this.chunks = [];
    this.queuedBytes = 0;
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    if (this.pos > 0) {
      this.chunks.push(this.buf.subarray(0, this.pos));
      this.queuedBytes += this.pos;
    }
    this.buf = Buffer.allocUnsafe(Math.max(INITIAL_BUFFER_BYTES, bytes));
    this.pos = 0;
  }

  private writeAscii(text: string): void {
    this.ensure(text.length);
    this.pos += this.buf.latin1Write(text, this.pos);
  }

  private writeBytes(bytes: Buffer): void {
    if (bytes.length >= BIG_BULK_BYTES) {
      if (this.pos > 0) {
        this.chunks.push(this.buf.subarray(0, this.pos));
        this.queuedBytes += this.pos;
        this.buf = this.buf.subarray(this.pos);
        this.pos = 0;
      }
      this.chunks.push(bytes);
      this.queuedBytes += bytes.length;
      return;
    }
    this.ensure(bytes.length);
    this.pos += bytes.copy(this.buf, this.pos);
  }

  private crlf(): void {
    this.ensure(2);
    // Two byte stores: cheaper than a call into writeUInt16BE's bounds checks.
    this.buf[this.pos++] = CR;
    this.buf[this.pos++] = LF;
  }

  /**
   * A `$n` or `*n` header: byte stores, like the items after it. (Redis copies shared pre-encoded headers
   * for small n, shared.bulkhdr/mbulkhdr; here a Buffer copy is a native call, dearer than a few stores.)
   */
  private header(type: number, n: number): void {
    this.ensure(16);
    this.pos = writeDecimalHeader(this.buf, this.pos, type, n);
  }

  writeStatus(text: string): void {
    this.writeAscii(`+${text}\r\n`);
  }

  writeError(text: string): void {
    const message = errorLine(text);
    this.ensure(message.length + 3);
    this.writeAscii('-');
    this.pos += this.buf.latin1Write(message, this.pos);
    this.crlf();
  }

  writeInteger(n: number | bigint): void {
    // The common replies (counts, lengths, 0/1) are small non-negative int32s: a few byte stores, no
    // string and no native call. Anything else (negative, bigint) goes through the text.
    if (typeof n === 'number' && (n | 0) === n && n >= 0) {
      this.ensure(16);
      this.pos = writeDecimalHeader(this.buf, this.pos, COLON, n);
      return;
    }
    this.writeAscii(`:${n}\r\n`);
  }

  writeBulk(value: Buffer): void {
    this.header(DOLLAR, value.length);
    this.writeBytes(value);
    this.crlf();
  }

  /**
   * A bulk string from a latin1 JS string (each char is one byte), written without a Buffer. A short
   * one (GET, LPOP, HGET of small values) is byte stores only, as in writeStringAggregate; a longer one
   * takes one latin1Write.
   */
  writeBulkLatin1(value: string): void {
    // The same stores as writeStringAggregate's loop, written out in both: a shared helper measured ~4%
    // slower on LRANGE-style replies (V8 inlined it less well).
    const length = value.length;
    this.ensure(length + 16);
    const buf = this.buf;
    let pos = writeDecimalHeader(buf, this.pos, DOLLAR, length);
    if (length < SHORT_ITEM_CHARS) {
      for (let k = 0; k < length; k++) buf[pos++] = value.charCodeAt(k);
    } else {
      pos += buf.latin1Write(value, pos);
    }
    buf[pos++] = CR;
    buf[pos++] = LF;
    this.pos = pos;
  }

  writeNull(): void {
    this.writeAscii(this.resp === 3 ? '_\r\n' : '$-1\r\n');
  }

  writeNullArray(): void {
    this.writeAscii(this.resp === 3 ? '_\r\n' : '*-1\r\n');
  }

  writeArrayHeader(n: number): void {
    this.header(STAR, n);
  }

  writeMapHeader(pairs: number): void {
    if (this.resp === 3) this.writeAscii(`%${pairs}\r\n`);
    else this.writeArrayHeader(pairs * 2);
  }

  writeSetHeader(n: number): void {
    if (this.resp === 3) this.writeAscii(`~${n}\r\n`);
    else this.writeArrayHeader(n);
  }

  writePushHeader(n: number): void {
    if (this.resp === 3) this.writeAscii(`>${n}\r\n`);
    else this.writeArrayHeader(n);
  }

  /** Redis's addReplyDouble: RESP2 bulk string, RESP3 `,` double; `inf`/`-inf` spelled out. */
  writeDouble(value: number): void {
    const text = formatDouble(value);
    if (this.resp === 3) this.writeAscii(`,${text}\r\n`);
    else this.writeBulkLatin1(text);
  }

  writeBool(value: boolean): void {
    if (this.resp === 3) this.writeAscii(value ? '#t\r\n' : '#f\r\n');
    else this.writeAscii(value ? ':1\r\n' : ':0\r\n');
  }

  writeVerbatim(text: string, format: string): void {
    if (this.resp === 3) {
      const body = Buffer.from(text, 'utf8');
      this.writeAscii(`=${body.length + 4}\r\n${format}:`);
      this.writeBytes(body);
      this.crlf();
    } else {
      this.writeBulk(Buffer.from(text, 'utf8'));
    }
  }

  writeRaw(bytes: Buffer): void {
    this.writeBytes(bytes);
  }

  /** Append any Reply value. */
  write(reply: Reply): void {
    if (reply === null) return this.writeNull();
    switch (typeof reply) {
      case 'number':
      case 'bigint':
        return this.writeInteger(reply);
      case 'string':
        return this.writeBulkLatin1(reply);
      default:
        break;
    }
    if (Buffer.isBuffer(reply)) return this.writeBulk(reply);
    if (Array.isArray(reply)) return this.writeArray(reply as readonly Reply[]);
    const node = reply as ReplyNode;
    switch (node.kind) {
      case 'raw': return this.writeRaw(node.bytes);
      case 'none':
      case 'suspended':
        return;
      case 'status': return this.writeStatus(node.text);
      case 'error': return this.writeError(node.message);
      case 'double': return this.writeDouble(node.value);
      case 'nullArray': return this.writeNullArray();
      case 'bool': return this.writeBool(node.value);
      case 'verbatim': return this.writeVerbatim(node.text, node.format);
      case 'map':
        if (this.writeStringAggregate(this.resp === 3 ? '%' : '*', this.resp === 3 ? node.items.length / 2 : node.items.length, node.items)) return;
        this.writeMapHeader(node.items.length / 2);
        for (const item of node.items) this.write(item);
        return;
      case 'set':
        if (this.writeStringAggregate(this.resp === 3 ? '~' : '*', node.items.length, node.items)) return;
        this.writeSetHeader(node.items.length);
        for (const item of node.items) this.write(item);
        return;
      case 'push':
        this.writePushHeader(node.items.length);
        for (const item of node.items) this.write(item);
        return;
      default:
        return assertNever(node);
    }
  }

  private writeArray(items: readonly Reply[]): void {
    if (this.writeStringAggregate('*', items.length, items)) return;
    this.writeArrayHeader(items.length);
    for (const item of items) this.write(item);
  }

  /**
   * The fast path for LRANGE, SMEMBERS, KEYS, HGETALL, MGET hits...: an aggregate whose items are all
   * latin1 strings is written straight into the buffer, byte by byte, with no native call and no string
   * built per item. For short items a JS loop of charCodeAt and typed-array stores beats both a
   * latin1Write per item (a native call each) and concatenating the RESP text to write it once (a cons
   * string per piece, which V8 then flattens): LRANGE 0 99 of 3-byte elements took 3.1 µs to encode
   * that way and 0.8 µs this way in one process, and LRANGE_300 at -P 16 dropped from ~11 to ~5 µs of
   * server CPU per request (bench/results/perf-2026-11-26-zadd-lrange.md). Items of SHORT_ITEM_CHARS or
   * more take one latin1Write each. False, with nothing written, when an item is not a string or the
   * payload is too big to reserve at once; the caller then goes item by item. `count` is what the
   * header announces (pairs for a RESP3 map).
   */
  private writeStringAggregate(prefix: string, count: number, items: readonly Reply[]): boolean {
    // First pass: all strings? and how many bytes (each item: `$` digits CRLF payload CRLF).
    const n = items.length;
    let bytes = 16;
    for (let i = 0; i < n; i++) {
      const item = items[i];
      if (typeof item !== 'string') return false;
      const length = item.length;
      bytes += length + (length < 10 ? 6 : length < 100 ? 7 : 16);
    }
    if (bytes > CONCAT_ARRAY_CHARS) return false;
    this.ensure(bytes);
    const buf = this.buf;
    let pos = this.pos;
    pos = writeDecimalHeader(buf, pos, prefix.charCodeAt(0), count);
    for (let i = 0; i < n; i++) {
      const item = items[i] as string;
      const length = item.length;
      pos = writeDecimalHeader(buf, pos, DOLLAR, length);
      if (length < SHORT_ITEM_CHARS) {
        for (let k = 0; k < length; k++) buf[pos++] = item.charCodeAt(k);
      } else {
        pos += buf.latin1Write(item, pos);
      }
      buf[pos++] = CR;
      buf[pos++] = LF;
    }
    this.pos = pos;
    return true;
  }
}

/**
 * An error reply is one line, as Redis's addReplyErrorFormat makes it: trailing CR/LF are trimmed
 * and inner CR/LF become spaces. (User input formatted with %s ends at its first NUL: the error
 * helpers cut each argument with cString in src/errors.ts.)
 */
function errorLine(text: string): string {
  return /[\r\n]/.test(text) ? text.replace(/[\r\n]+$/, '').replace(/[\r\n]/g, ' ') : text;
}

/** `<type byte><n>\r\n` written at `pos` (n >= 0); returns the position after it. */
function writeDecimalHeader(buf: Buffer, pos: number, type: number, n: number): number {
  buf[pos++] = type;
  if (n < 10) {
    buf[pos++] = DIGIT_0 + n;
  } else if (n < 100) {
    buf[pos++] = DIGIT_0 + ((n / 10) | 0);
    buf[pos++] = DIGIT_0 + (n % 10);
  } else {
    pos = writeDecimal(buf, pos, n);
  }
  buf[pos++] = CR;
  buf[pos++] = LF;
  return pos;
}

/**
 * n >= 100 in decimal at `pos`; returns the position after it. Kept out of writeDecimalHeader so
 * that one stays small enough for V8 to inline into the bulk and aggregate writers (a bigger body
 * made every GET and LRANGE header a call). An int32 is counted, then written from its last digit
 * back: no String(n) (a conversion and, for a number not in V8's small cache, a new string).
 */
function writeDecimal(buf: Buffer, pos: number, n: number): number {
  if (n > 0x7fffffff) {
    const digits = String(n);
    for (let k = 0; k < digits.length; k++) buf[pos++] = digits.charCodeAt(k);
    return pos;
  }
  let digits = 3;
  for (let bound = 1000; bound <= n && digits < 10; bound *= 10) digits++;
  const end = pos + digits;
  let rest = n;
  for (let k = end - 1; k >= pos; k--) {
    buf[k] = DIGIT_0 + (rest % 10);
    rest = (rest / 10) | 0;
  }
  return end;
}

function assertNever(value: never): never {
  throw new Error(`unhandled reply node: ${JSON.stringify(value)}`);
}

/** Encode one reply to a Buffer (tests, MONITOR, scripts). */
export function encodeReply(reply: Reply, resp: 2 | 3 = 2): Buffer {
  const writer = new ReplyWriter();
  writer.resp = resp;
  writer.write(reply);
  return Buffer.concat(writer.take());
}
