// Incremental RESP request parser: turns the bytes a client sends into argv arrays, one command at a time.
// Mirrors: redis src/networking.c (processInputBuffer, processMultibulkBuffer, processInlineBuffer,
// readQueryFromClient's query-buffer limit) and src/util.c (string2ll).
//
// A client speaks one of two request formats, chosen per command by its first byte:
//   multibulk  `*<count>\r\n` then `count` times `$<len>\r\n<len bytes>\r\n`   (every real client library)
//   inline     any other line, ended by \n (an optional \r before it is dropped), split like a shell line
//              (telnet users, `redis-cli` piping, the PING a replica sends)
// Bytes arrive in arbitrary chunks, so the parser keeps its place between calls: the argv built so far,
// how many bulks are still missing, and the announced length of the bulk being read.
//
// Behaviour copied from Redis 7.0 (each point checked against a real redis-server 7.0.15):
// - Numbers in headers use string2ll: optional '-', digits, no '+', no blanks, no leading zero ("01",
//   "-0" are invalid), fewer than 21 characters, within a signed 64-bit integer.
// - `*N` with N <= 0 (including -1 and -9223372036854775808) is an empty command: skipped, no reply.
//   N > INT_MAX is "invalid multibulk length". (Redis 2.x capped N at 1024*1024; 7.0 does not. Redis
//   sizes argv for N up to 1024 and grows it as bulks arrive beyond that, and so do we.)
// - A header line is found by searching for '\r' (not "\r\n"): Redis only waits for one more byte
//   after it and skips it unread. Likewise the two bytes after a bulk's payload are skipped unread:
//   "$3\r\nabcXY" is accepted as "abc".
// - Redis searches with strchr(), which stops at a NUL byte: a NUL before the line's terminator means
//   "no terminator yet", so the client stalls until 64KB (PROTO_INLINE_MAX_SIZE) are buffered, then
//   gets "too big ... request/string". Redis's own "Protocol desync regression" tests rely on this.
// - Before authentication (authRequired) a command may have at most 10 arguments of at most 16384 bytes
//   (CVE-2021-32675 hardening); bigger announcements are protocol errors.
// - Any protocol error is final: Redis replies the error, then closes the connection after writing it
//   (CLIENT_CLOSE_AFTER_REPLY). Commands parsed before the bad bytes were already executed.
// - Exceeding client-query-buffer-limit closes the client WITHOUT a reply (only a log line).
//
// Speed (this is the hottest code in the server):
// - Header lines are 2-6 bytes, so their digits are parsed by a tiny JS loop straight from the bytes
//   instead of Buffer.indexOf (a native call) + toString + parseInt. Anything unusual (a '-', more than
//   15 digits, a line split across chunks, a malformed number) falls back to a slow path that follows
//   Redis exactly.
// - Arguments are zero-copy views into the received chunk. See "Aliasing" below.
// - A partial frame is carried over by copying only the unconsumed tail into a parser-owned buffer that
//   grows by doubling, so a frame trickling in byte by byte costs linear time, not quadratic.
// - A bulk of 32KB or more (PROTO_MBULK_BIG_ARG) that is not complete yet gets a buffer of exactly its
//   size, and each later chunk is copied into it once: a 100MB value in 64KB chunks is one allocation
//   and 100MB of memcpy, the same trick Redis plays with its query buffer for big arguments.
//
// Aliasing: an argument may share memory with the socket chunk it came in and with the other arguments
// of the same chunk. The parser never writes to a byte it has handed out (it only appends past the data
// it holds, and a new chunk is never copied over an old one), and the server never mutates argv, so
// storing an argument in the keyspace is safe. The cost is memory: a stored view keeps its whole chunk
// alive (at most ~64KB, Node's socket read size, or the owned carry-over buffer). A big argument is
// fine (it is most of its chunk, or has its own buffer). A small value from a pipelined 64KB chunk pins
// the chunk until every value from it is gone; bench/results/parser-*.md measures that trade-off and
// the README explains why the parser still hands out views and lets whoever keeps an argument copy it.

import { constants as bufferConstants } from 'node:buffer';
import { splitInlineArgs } from './inline.js';

/** A malformed request. `message` is the exact error text Redis sends before closing the connection. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

/** The client's unparsed input exceeded client-query-buffer-limit: close it without a reply, as Redis does. */
export class QueryBufferLimitError extends Error {
  override readonly name = 'QueryBufferLimitError';
}

export interface ParserLimits {
  /** proto-max-bulk-len: the largest bulk argument accepted, in bytes (Redis default 512MB). */
  maxBulkLen: number;
  /** client-query-buffer-limit: the most unparsed bytes a client may have buffered (Redis default 1GB). */
  maxQueryBufferLen: number;
}

// --- Wire constants (names from Redis's server.h) ---

/** Longest header or inline line accepted without its terminator, in bytes. */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
/**
 * Redis checks PROTO_INLINE_MAX_SIZE only between socket reads, so a terminator that arrives in the read
 * that crosses 64KB still ends the line normally. On a fresh connection that gets the whole line in one
 * write, Redis 7.0.15 has buffered this many bytes at the check that fails (its reads are sized by the
 * query buffer's free space, which depends on the allocator): a line whose terminator lies at or beyond
 * this offset is "too big" although it is complete. Measured with real redis-server (binary search over
 * line lengths); see test/unit/protocol/request-parser.test.ts.
 */
export const INLINE_TERMINATOR_MAX_OFFSET = 81_910;
/** Bulks at least this long, in bytes, are read into their own buffer when they span chunks. */
export const PROTO_MBULK_BIG_ARG = 32 * 1024;
/** Largest multibulk count, in arguments (Redis 7.0 compares against C's INT_MAX). */
const MULTIBULK_MAX_COUNT = 2147483647;
/**
 * argv is made at its final size for N up to this (Redis 7.0's processMultibulkBuffer: argv_len =
 * min(N, 1024)); a longer one grows as its bulks arrive, so a huge N that never comes costs nothing.
 * Sized: no 16-slot backing store allocated by the first push and mostly wasted (~100 bytes of garbage
 * per command). The array is "holey" to V8 even once full, which every reader of argv handles alike.
 */
const ARGV_PREALLOC_MAX = 1024;
/** argv between commands: the parser holds no views (so no chunk) once a command is handed out. */
const NO_ARGV: Buffer[] = [];
/** Before AUTH: most arguments per command, and largest bulk in bytes (networking.c, authRequired). */
const UNAUTHENTICATED_MAX_ARGS = 10;
const UNAUTHENTICATED_MAX_BULK_LEN = 16384;
/** string2ll rejects strings this long or longer (LONG_STR_SIZE in util.h), in characters. */
const LONG_STR_SIZE = 21;
/** Largest Buffer Node can allocate, in bytes, minus the bulk's two trailing bytes. */
const MAX_BULK_BUFFER_LEN = bufferConstants.MAX_LENGTH - 2;

const NUL = 0x00;
const LF = 0x0a;
const CR = 0x0d;
const STAR = 0x2a;
const DOLLAR = 0x24;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_1 = 0x31;
const DIGIT_9 = 0x39;


const EMPTY = Buffer.alloc(0);
const EMPTY_MEMORY = EMPTY.buffer;

const PROTOCOL_ERROR = 'ERR Protocol error: ';
const INVALID_MULTIBULK_LENGTH = `${PROTOCOL_ERROR}invalid multibulk length`;
const INVALID_BULK_LENGTH = `${PROTOCOL_ERROR}invalid bulk length`;
const UNAUTHENTICATED_MULTIBULK_LENGTH = `${PROTOCOL_ERROR}unauthenticated multibulk length`;
const UNAUTHENTICATED_BULK_LENGTH = `${PROTOCOL_ERROR}unauthenticated bulk length`;
const TOO_BIG_MBULK_COUNT = `${PROTOCOL_ERROR}too big mbulk count string`;
const TOO_BIG_BULK_COUNT = `${PROTOCOL_ERROR}too big bulk count string`;
const TOO_BIG_INLINE = `${PROTOCOL_ERROR}too big inline request`;
const UNBALANCED_QUOTES = `${PROTOCOL_ERROR}unbalanced quotes in request`;

/**
 * "expected '$', got 'X'" with X the offending raw byte. The message is a latin1 string (one char per
 * byte), so encode it as latin1 to send Redis's exact bytes. Redis turns \r and \n into spaces in any
 * error text (addReplyErrorLength) so the reply stays one line; this is the only error where it shows.
 */
function expectedDollarError(byte: number): ProtocolError {
  const shown = byte === CR || byte === LF ? ' ' : String.fromCharCode(byte);
  return new ProtocolError(`${PROTOCOL_ERROR}expected '$', got '${shown}'`);
}

/**
 * The class of the argument views: a Buffer in every respect but how it is made. Node's own Buffer
 * class (internally `FastBuffer`) is a subclass of Uint8Array whose prototype is Buffer.prototype;
 * this is another such subclass, so `Buffer.isBuffer`, `instanceof Buffer`, every Buffer method and
 * `.constructor === Buffer` hold for its instances, and `subarray()` still makes plain Buffers (via
 * Buffer's species). What it skips is `Buffer.from(arrayBuffer, offset, length)`'s dispatch on its
 * first argument (a native isAnyArrayBuffer call) and argument checks, which this parser has
 * already done: ~20 ns instead of ~45 ns a view in a micro benchmark, once per argument of every
 * command (bench/results/perf-2026-11-26-mset.md).
 */
class ArgumentView extends Uint8Array {
  // Spelled out: the implicit constructor forwards `...args`, which V8 does not make as cheap.
  constructor(memory: ArrayBuffer, offset: number, length: number) {
    super(memory, offset, length);
  }
}
Object.setPrototypeOf(ArgumentView.prototype, Buffer.prototype);
Object.defineProperty(ArgumentView.prototype, 'constructor', { value: Buffer, writable: true, configurable: true });
/** `new ArgumentView(memory, offset, length)`, typed as the Buffer it behaves as. */
const argumentView = ArgumentView as unknown as new (memory: ArrayBufferLike, offset: number, length: number) => Buffer;

/** True when buf[start, end) contains a NUL byte. */
function containsNul(buf: Buffer, start: number, end: number): boolean {
  return end > start && buf.subarray(start, end).indexOf(NUL) !== -1;
}

/**
 * string2ll's strict integer syntax on raw bytes, without building a string. Returns NaN when invalid.
 * Values past 2^53 come back rounded to the nearest double; that is harmless because they are only
 * compared with limits far below, while the signed 64-bit range check itself is exact (BigInt).
 */
export function parseLongLong(buf: Buffer, start: number, end: number): number {
  const len = end - start;
  if (len <= 0 || len >= LONG_STR_SIZE) return Number.NaN;
  let p = start;
  const negative = buf[p] === MINUS;
  if (negative && ++p === end) return Number.NaN;
  const first = buf[p]!;
  if (first === DIGIT_0) return len === 1 ? 0 : Number.NaN; // "0" only: "00", "01", "-0" are invalid
  if (first < DIGIT_1 || first > DIGIT_9) return Number.NaN;
  let value = 0;
  for (let i = p; i < end; i++) {
    const c = buf[i]!;
    if (c < DIGIT_0 || c > DIGIT_9) return Number.NaN;
    value = value * 10 + (c - DIGIT_0);
  }
  if (end - p > 15) {
    // Past 15 digits the double above may be off by a few units: redo it exactly (rare: no real
    // request announces petabytes).
    const exact = BigInt(buf.toString('latin1', p, end));
    if (exact > (negative ? 9223372036854775808n : 9223372036854775807n)) return Number.NaN;
    value = Number(exact);
  }
  return negative ? -value : value;
}

export class RequestParser {
  /** Mutable on purpose: CONFIG SET proto-max-bulk-len / client-query-buffer-limit reach live clients. */
  limits: ParserLimits;
  /**
   * Set by the server while the connection still has to AUTH (Redis's authRequired()): Redis then
   * refuses more than 10 arguments or bulks over 16KB before reading them. Checked per command, so
   * "AUTH pw\r\n<big command>" in one packet works once the server has run the AUTH.
   */
  authRequired = false;

  // Unconsumed input is buf[pos, end). `owned` means buf is our carry-over buffer, whose bytes past
  // `end` are spare capacity nobody has seen, so we may append there without copying again.
  private buf: Buffer = EMPTY;
  // buf.buffer and buf.byteOffset, read once per chunk: the .buffer getter costs about half as much
  // as creating a view, and parseBulks creates one view per argument.
  private bufMemory: ArrayBufferLike = EMPTY_MEMORY;
  private bufOffset = 0;
  private pos = 0;
  private end = 0;
  private owned = false;

  // The multibulk command being assembled: arguments so far, bulks still missing (0 = between
  // commands), and the announced length of the next bulk (-1 = its `$` header is not read yet).
  private argv: Buffer[] = NO_ARGV;
  /** Arguments of argv filled so far. */
  private argc = 0;
  private remaining = 0;
  private bulkLen = -1;

  // A big bulk being filled across chunks: its buffer (payload + 2 trailing bytes) and bytes so far.
  private bigArg: Buffer | null = null;
  private bigFilled = 0;

  /** Where the header line read by readHeader ends (the index after its terminator), or -1 when the
   * line is not complete yet. (A separate field rather than a sentinel return value keeps the value
   * a small integer, which V8 handles faster than a double like Infinity or NaN.) */
  private lineNext = 0;
  /** A protocol error is final: the same error is thrown again if next() is called after it. */
  private failure: ProtocolError | null = null;

  constructor(limits: ParserLimits) {
    this.limits = limits;
  }

  /** Bytes received but not yet turned into complete arguments (CLIENT LIST qbuf). */
  get bufferedBytes(): number {
    return this.end - this.pos + this.bigFilled;
  }

  /** Appends received bytes. Throws QueryBufferLimitError when the unparsed input would exceed the limit. */
  feed(chunk: Buffer): void {
    let length = chunk.length;
    if (length === 0) return;
    const bigArg = this.bigArg;
    if (bigArg !== null) {
      // Redis reads a big argument on its own, so only its bytes count against the limit here; the
      // rest of the chunk (the next commands) is checked as ordinary input below.
      const take = Math.min(length, bigArg.length - this.bigFilled);
      if (this.bigFilled + take > this.limits.maxQueryBufferLen) throw this.queryBufferLimit();
      chunk.copy(bigArg, this.bigFilled, 0, take);
      this.bigFilled += take;
      if (take === length) return;
      chunk = chunk.subarray(take);
      length = chunk.length;
    }
    const pending = this.end - this.pos;
    if (pending + length > this.limits.maxQueryBufferLen) throw this.queryBufferLimit();
    if (pending === 0) {
      // The common case: everything before was consumed, so parse the chunk in place (zero copy).
      this.setBuffer(chunk, length, false);
    } else if (this.owned && this.buf.length - this.end >= length) {
      chunk.copy(this.buf, this.end);
      this.end += length;
    } else {
      // Carry the unconsumed tail over into a new buffer. Doubling the pending size makes a frame that
      // arrives in many tiny chunks cost amortised linear time; a large chunk gets an exact fit so the
      // views into it do not pin unused capacity. The old buffer is never reused: views may point into it.
      const needed = pending + length;
      const carry = Buffer.allocUnsafe(Math.max(needed, pending * 2));
      this.buf.copy(carry, 0, this.pos, this.end);
      chunk.copy(carry, pending);
      this.setBuffer(carry, needed, true);
    }
  }

  /**
   * The next complete command's argv (argv[0] is the command name as sent), or null when more bytes
   * are needed. Empty commands (blank inline line, `*0`, `*-1`) are skipped silently, as in Redis.
   * Throws ProtocolError on malformed input; the caller replies its message and closes the connection.
   */
  next(): Buffer[] | null {
    if (this.failure !== null) throw this.failure;
    try {
      return this.parseNext();
    } catch (err) {
      if (err instanceof ProtocolError) this.failure = err;
      throw err;
    }
  }

  // --- Parsing ---

  private parseNext(): Buffer[] | null {
    for (;;) {
      if (this.remaining === 0) {
        // Between commands: the first byte picks the format (processInputBuffer's reqtype).
        const pos = this.pos;
        if (pos >= this.end) {
          this.release();
          return null;
        }
        if (this.buf[pos] !== STAR) {
          const argv = this.parseInline();
          if (argv === null) return null;
          if (argv.length === 0) continue;
          return argv;
        }
        const count = this.readHeader(pos, false);
        if (this.lineNext < 0) return null;
        if (!(count <= MULTIBULK_MAX_COUNT)) throw new ProtocolError(INVALID_MULTIBULK_LENGTH); // NaN too
        if (this.authRequired && count > UNAUTHENTICATED_MAX_ARGS) {
          throw new ProtocolError(UNAUTHENTICATED_MULTIBULK_LENGTH);
        }
        this.pos = this.lineNext;
        if (count <= 0) continue;
        this.remaining = count;
        this.argv = count <= ARGV_PREALLOC_MAX ? new Array<Buffer>(count) : [];
        this.argc = 0;
      }
      return this.parseBulks();
    }
  }

  /** Reads the bulks of the current multibulk command; returns its argv once all have arrived. */
  private parseBulks(): Buffer[] | null {
    const bigArg = this.bigArg;
    if (bigArg !== null) {
      if (this.bigFilled < bigArg.length) return null;
      this.argv[this.argc++] = bigArg.subarray(0, bigArg.length - 2); // the 2 trailing bytes are skipped unread
      this.bigArg = null;
      this.bigFilled = 0;
      this.bulkLen = -1;
      this.remaining--;
    }
    // Locals instead of fields in the loop: V8 keeps them in registers. The three bulk-length limits
    // fold into one comparison; bulkLengthError() works out which one was hit.
    const buf = this.buf;
    const memory = this.bufMemory;
    const offset = this.bufOffset;
    const end = this.end;
    const argv = this.argv;
    let argc = this.argc;
    const maxLen = Math.min(this.limits.maxBulkLen, this.authRequired ? UNAUTHENTICATED_MAX_BULK_LEN : MAX_BULK_BUFFER_LEN);
    let pos = this.pos;
    let remaining = this.remaining;
    let len = this.bulkLen;
    while (remaining > 0) {
      if (len < 0) {
        // Inline copy of readHeader's fast path (`$`, 1-15 digits, '\r', one more byte): this loop runs
        // once per argument, and the call plus the lineNext round trip cost ~10% here.
        let p = pos + 1;
        let c = p < end && buf[pos] === DOLLAR ? buf[p]! : 0;
        if (c >= DIGIT_1 && c <= DIGIT_9) {
          len = c - DIGIT_0;
          while (++p < end) {
            c = buf[p]!;
            if (c < DIGIT_0 || c > DIGIT_9) break;
            len = len * 10 + (c - DIGIT_0);
          }
          if (c !== CR || p + 1 >= end || p - pos > 16) len = -1;
        }
        if (len >= 0) {
          pos = p + 2;
        } else {
          len = this.readHeader(pos, true);
          if (this.lineNext < 0) {
            len = -1;
            break;
          }
          pos = this.lineNext;
        }
        if (!(len >= 0 && len <= maxLen)) throw this.bulkLengthError(len); // NaN too
      }
      if (end - pos >= len + 2) {
        // A view made straight from the chunk's ArrayBuffer (see ArgumentView): cheaper than
        // Buffer.from(arrayBuffer, offset, length), itself ~25% faster than buf.subarray(), which
        // normalises its arguments and reads buf.buffer (a slow getter).
        argv[argc++] = new argumentView(memory, offset + pos, len);
        pos += len + 2; // skip the trailing "\r\n" without looking at it, as Redis does
        len = -1;
        remaining--;
      } else {
        if (len >= PROTO_MBULK_BIG_ARG) {
          // Big and incomplete: move what we have into a buffer of the final size; feed() fills the rest.
          const bigBuf = Buffer.allocUnsafe(len + 2);
          buf.copy(bigBuf, 0, pos, end);
          this.bigArg = bigBuf;
          this.bigFilled = end - pos;
          pos = end;
        }
        break;
      }
    }
    this.pos = pos;
    this.bulkLen = len;
    this.remaining = remaining;
    this.argc = argc;
    if (remaining > 0) return null;
    this.argv = NO_ARGV;
    return argv;
  }

  /** The error for a bulk length outside the limits, in the order Redis checks them. */
  private bulkLengthError(len: number): ProtocolError {
    if (!(len >= 0 && len <= this.limits.maxBulkLen)) return new ProtocolError(INVALID_BULK_LENGTH);
    if (this.authRequired && len > UNAUTHENTICATED_MAX_BULK_LEN) return new ProtocolError(UNAUTHENTICATED_BULK_LENGTH);
    // DIFFERS FROM REDIS: only reachable after raising proto-max-bulk-len past what a Node Buffer can
    // hold (4GB on Node 20); Redis would try to allocate it.
    return new ProtocolError(INVALID_BULK_LENGTH);
  }

  /**
   * Reads a `*<n>\r` or `$<n>\r` header line at `start`; returns n, NaN for a malformed number (the
   * caller picks the error). Sets lineNext past the line, or to -1 (and returns 0) when the line is not
   * complete. Throws for a line too long.
   */
  private readHeader(start: number, isBulk: boolean): number {
    // Fast path: prefix, 1-15 digits without a leading zero (or a lone "0"), '\r', one more byte.
    const buf = this.buf;
    const end = this.end;
    let p = start + 1;
    if (p < end && (!isBulk || buf[start] === DOLLAR)) {
      let c = buf[p]!;
      if (c >= DIGIT_1 && c <= DIGIT_9) {
        let value = c - DIGIT_0;
        while (++p < end) {
          c = buf[p]!;
          if (c < DIGIT_0 || c > DIGIT_9) break;
          value = value * 10 + (c - DIGIT_0);
        }
        if (c === CR && p + 1 < end && p - start <= 16) {
          this.lineNext = p + 2;
          return value;
        }
      } else if (c === DIGIT_0 && p + 2 < end && buf[p + 1] === CR) {
        this.lineNext = p + 3;
        return 0;
      }
    }
    return this.readHeaderSlow(start, isBulk);
  }

  /** readHeader for everything else, step by step as processMultibulkBuffer does it. */
  private readHeaderSlow(start: number, isBulk: boolean): number {
    const cr = this.findTerminator(start, CR, isBulk ? TOO_BIG_BULK_COUNT : TOO_BIG_MBULK_COUNT);
    if (cr === -1 || cr + 1 >= this.end) {
      this.lineNext = -1; // Redis wants one byte after '\r', any byte
      return 0;
    }
    const first = this.buf[start]!;
    if (isBulk && first !== DOLLAR) throw expectedDollarError(first);
    this.lineNext = cr + 2;
    return parseLongLong(this.buf, start + 1, cr);
  }

  /**
   * Index of the first `byte` at or after `start`, or -1 when Redis would not see one yet: none
   * buffered, or a NUL comes first (strchr semantics). Past PROTO_INLINE_MAX_SIZE unterminated bytes
   * the request is refused with `tooBig`.
   */
  private findTerminator(start: number, byte: number, tooBig: string): number {
    const found = this.buf.indexOf(byte, start);
    if (found !== -1 && found < this.end && !containsNul(this.buf, start, found)) {
      // DIFFERS FROM REDIS: when a line follows other commands in the same burst, where Redis's read
      // boundaries fall varies; we apply the fresh-connection offset everywhere (docs/differences.md).
      if (found - start >= INLINE_TERMINATOR_MAX_OFFSET) throw new ProtocolError(tooBig);
      return found;
    }
    if (this.end - start > PROTO_INLINE_MAX_SIZE) throw new ProtocolError(tooBig);
    return -1;
  }

  /** Parses one inline line; null when it is not complete. An empty array is a blank line. */
  private parseInline(): Buffer[] | null {
    const start = this.pos;
    const newline = this.findTerminator(start, LF, TOO_BIG_INLINE);
    if (newline === -1) return null;
    const lineEnd = newline > start && this.buf[newline - 1] === CR ? newline - 1 : newline;
    const argv = splitInlineArgs(this.buf, start, lineEnd);
    if (argv === null) throw new ProtocolError(UNBALANCED_QUOTES);
    this.pos = newline + 1;
    return argv;
  }

  /** Drops our reference to a fully consumed buffer, so an idle client does not keep its last chunk. */
  private release(): void {
    this.buf = EMPTY;
    this.bufMemory = EMPTY_MEMORY;
    this.pos = 0;
    this.end = 0;
    this.owned = false;
  }

  private setBuffer(buf: Buffer, end: number, owned: boolean): void {
    this.buf = buf;
    this.bufMemory = buf.buffer;
    this.bufOffset = buf.byteOffset;
    this.pos = 0;
    this.end = end;
    this.owned = owned;
  }

  private queryBufferLimit(): QueryBufferLimitError {
    return new QueryBufferLimitError(
      `closing client that reached max query buffer length (${this.limits.maxQueryBufferLen} bytes)`,
    );
  }
}
