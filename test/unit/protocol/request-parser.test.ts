// RESP request parser: every valid stream split at every byte offset, exact Redis 7.0 error texts,
// limits, zero-copy aliasing, and fast-check properties. The expected behaviour of each malformed
// input was taken from a real redis-server 7.0.15 (see src/protocol/README.md).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PROTO_INLINE_MAX_SIZE,
  INLINE_TERMINATOR_MAX_OFFSET,
  PROTO_MBULK_BIG_ARG,
  ProtocolError,
  QueryBufferLimitError,
  RequestParser,
  parseLongLong,
  type ParserLimits,
} from '../../../src/protocol/request-parser.js';

const MB = 1024 * 1024;
const DEFAULT_LIMITS: ParserLimits = { maxBulkLen: 512 * MB, maxQueryBufferLen: 1024 * MB };

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Multibulk encoding of one command. */
function encode(argv: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [latin1(`*${argv.length}\r\n`)];
  for (const arg of argv) {
    const bytes = typeof arg === 'string' ? latin1(arg) : arg;
    parts.push(latin1(`$${bytes.length}\r\n`), bytes, latin1('\r\n'));
  }
  return Buffer.concat(parts);
}

interface Outcome {
  readonly commands: string[][];
  readonly error: string | null; // the ProtocolError message, if one was thrown
}

/** Feeds `chunks` one by one, draining next() after each, as the server does. */
function run(chunks: readonly Buffer[], limits: ParserLimits = DEFAULT_LIMITS): Outcome {
  const parser = new RequestParser({ ...limits });
  const commands: string[][] = [];
  try {
    for (const chunk of chunks) {
      parser.feed(chunk);
      for (let argv = parser.next(); argv !== null; argv = parser.next()) {
        commands.push(argv.map((b) => b.toString('latin1')));
      }
    }
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    return { commands, error: err.message };
  }
  return { commands, error: null };
}

const splitAt = (buf: Buffer, ...offsets: number[]): Buffer[] => {
  const out: Buffer[] = [];
  let prev = 0;
  for (const o of offsets) {
    out.push(buf.subarray(prev, o));
    prev = o;
  }
  out.push(buf.subarray(prev));
  return out;
};
const bytewise = (buf: Buffer): Buffer[] => Array.from(buf, (b) => Buffer.from([b]));

/** Asserts `stream` gives `expected` whole, split in two at every offset, and fed byte by byte. */
function expectEverySplit(stream: Buffer, expected: Outcome): void {
  expect(run([stream])).toEqual(expected);
  for (let i = 0; i <= stream.length; i++) expect(run(splitAt(stream, i)), `split at ${i}`).toEqual(expected);
  expect(run(bytewise(stream))).toEqual(expected);
}

describe('RequestParser valid streams', () => {
  const binary = Buffer.from([0x00, 0x0d, 0x0a, 0xff, 0xfe, 0x2a, 0x24, 0x0d, 0x0a, 0x00]);
  const streams: ReadonlyArray<readonly [string, Buffer, string[][]]> = [
    ['one multibulk command', encode(['PING']), [['PING']]],
    [
      'a pipeline of commands',
      Buffer.concat([encode(['SET', 'key:1', 'value']), encode(['GET', 'key:1']), encode(['DEL', 'a', 'b', 'c'])]),
      [['SET', 'key:1', 'value'], ['GET', 'key:1'], ['DEL', 'a', 'b', 'c']],
    ],
    [
      'binary bulks with CRLF, NUL and invalid UTF-8 inside',
      Buffer.concat([encode(['SET', binary, binary]), encode(['ECHO', latin1('\xc3\x28\xa0\xa1')])]),
      [['SET', binary.toString('latin1'), binary.toString('latin1')], ['ECHO', '\xc3\x28\xa0\xa1']],
    ],
    ['empty bulks', encode(['SET', '', '']), [['SET', '', '']]],
    [
      'empty commands are skipped: *0, *-1, blank inline lines',
      latin1('*0\r\n*-1\r\n\r\n  \r\n\n*-9223372036854775808\r\n*1\r\n$4\r\nPING\r\n'),
      [['PING']],
    ],
    [
      'inline commands mixed with multibulk',
      Buffer.concat([latin1('SET k "a b"\r\nGET k\n'), encode(['PING']), latin1("ECHO 'x'\r\n")]),
      [['SET', 'k', 'a b'], ['GET', 'k'], ['PING'], ['ECHO', 'x']],
    ],
    ['header terminators are not checked beyond the \\r', latin1('*1\rX$4\rYPINGZZ'), [['PING']]],
    ['bulk trailers are skipped unread', latin1('*2\r\n$4\r\nECHO\r\n$3\r\nabcXY*1\r\n$4\r\nPING\r\n'), [['ECHO', 'abc'], ['PING']]],
    ['an inline line ends at \\n, one \\r before it is dropped', latin1('ECHO a\r\r\nPING\r\rPING\n'), [['ECHO', 'a'], ['PING', 'PING']]],
  ];
  it.each(streams)('parses %s at every split', (_name, stream, commands) => {
    expectEverySplit(stream, { commands, error: null });
  });

  it('parses a bulk of PROTO_MBULK_BIG_ARG+ bytes split anywhere near the header, the payload and the trailer', () => {
    const value = Buffer.alloc(PROTO_MBULK_BIG_ARG + 100, 0x61);
    value[0] = 0x0d;
    value[value.length - 1] = 0x0a;
    const stream = Buffer.concat([encode(['SET', 'k', value]), encode(['GET', 'k'])]);
    const expected: Outcome = { commands: [['SET', 'k', value.toString('latin1')], ['GET', 'k']], error: null };
    const headerEnd = stream.indexOf(value) - 1;
    const payloadEnd = headerEnd + 1 + value.length;
    const interesting = [1, 5, headerEnd - 2, headerEnd, headerEnd + 1, headerEnd + 2, payloadEnd - 1, payloadEnd, payloadEnd + 1, payloadEnd + 2, payloadEnd + 3];
    for (const a of interesting) {
      expect(run(splitAt(stream, a))).toEqual(expected);
      for (const b of interesting) if (b > a) expect(run(splitAt(stream, a, b))).toEqual(expected);
    }
    for (const size of [1, 7, 1000, 16 * 1024, 64 * 1024]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < stream.length; i += size) chunks.push(stream.subarray(i, i + size));
      expect(run(chunks)).toEqual(expected);
    }
  });

  it('fills argv at its announced size up to 1024 arguments and grows it past that, across chunks', () => {
    // argv is made at its final size for N <= 1024 (Redis's argv_len = min(N, 1024)), and grown
    // past that; both must come out whole, in order, with no holes, however the bytes are split,
    // including a big bulk (>= PROTO_MBULK_BIG_ARG) that is filled across reads.
    const big = 'b'.repeat(PROTO_MBULK_BIG_ARG + 5);
    for (const n of [1, 3, 1024, 1025, 3000]) {
      const argv = Array.from({ length: n }, (_, i) => (i === 1 ? big : `a${i}`));
      const stream = Buffer.concat([encode(argv), encode(['PING'])]);
      for (const size of [7, 4096, stream.length]) {
        const chunks: Buffer[] = [];
        for (let i = 0; i < stream.length; i += size) chunks.push(stream.subarray(i, i + size));
        const outcome = run(chunks);
        expect(outcome.error).toBeNull();
        expect(outcome.commands.length).toBe(2);
        expect(outcome.commands[0]).toEqual(argv);
        expect(Object.keys(outcome.commands[0] as string[]).length).toBe(n);
        expect(outcome.commands[1]).toEqual(['PING']);
      }
    }
  });

  it('returns small bulks as views of the received chunk (zero copy)', () => {
    const chunk = encode(['SET', 'key', 'value']);
    const parser = new RequestParser({ ...DEFAULT_LIMITS });
    parser.feed(chunk);
    const argv = parser.next()!;
    for (const arg of argv) expect(arg.buffer).toBe(chunk.buffer);
  });

  it('hands out arguments that are Buffers in every respect (isBuffer, instanceof, constructor, methods, subarray)', () => {
    const parser = new RequestParser({ ...DEFAULT_LIMITS });
    parser.feed(encode(['SET', 'key', 'h\xe9llo']));
    const argv = parser.next()!;
    for (const arg of argv) {
      expect(Buffer.isBuffer(arg)).toBe(true);
      expect(arg).toBeInstanceOf(Buffer);
      expect(arg.constructor).toBe(Buffer);
    }
    const value = argv[2]!;
    expect(value.latin1Slice(0, value.length)).toBe('h\xe9llo');
    expect(value.toString('hex')).toBe('68e96c6c6f');
    expect(value.equals(latin1('h\xe9llo'))).toBe(true);
    expect(Buffer.compare(value, latin1('h\xe9llo'))).toBe(0);
    const tail = value.subarray(1, 3);
    expect(Buffer.isBuffer(tail)).toBe(true);
    expect(tail.constructor).toBe(Buffer);
    expect(tail.readUInt16BE(0)).toBe(0xe96c);
    expect(Buffer.concat([argv[0]!, argv[1]!]).toString()).toBe('SETkey');
  });

  it('never changes an argument it handed out when later bytes arrive', () => {
    const parser = new RequestParser({ ...DEFAULT_LIMITS });
    const stream = Buffer.concat(Array.from({ length: 50 }, (_, i) => encode(['SET', `k${i}`, `v${i}`])));
    const got: Buffer[][] = [];
    for (let i = 0; i < stream.length; i += 3) {
      parser.feed(Buffer.from(stream.subarray(i, i + 3))); // fresh chunks, like a socket's
      for (let argv = parser.next(); argv !== null; argv = parser.next()) got.push(argv);
    }
    expect(got.map((argv) => argv.map((b) => b.toString()))).toEqual(
      Array.from({ length: 50 }, (_, i) => ['SET', `k${i}`, `v${i}`]),
    );
  });

  it('gives a big bulk its own exactly sized buffer, filled once, in linear time', () => {
    const size = 100 * MB;
    const header = latin1(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${size}\r\n`);
    const parser = new RequestParser({ ...DEFAULT_LIMITS });
    parser.feed(header);
    expect(parser.next()).toBeNull();
    const chunk = Buffer.alloc(64 * 1024, 0x78);
    const started = performance.now();
    for (let sent = 0; sent < size; sent += chunk.length) {
      parser.feed(chunk.subarray(0, Math.min(chunk.length, size - sent)));
      expect(parser.next()).toBeNull();
    }
    expect(parser.bufferedBytes).toBe(size);
    parser.feed(latin1('\r\n'));
    const argv = parser.next()!;
    const elapsedMs = performance.now() - started;
    expect(argv[2]!.length).toBe(size);
    expect(argv[2]!.buffer.byteLength).toBeLessThanOrEqual(size + 2);
    expect(argv[2]![size - 1]).toBe(0x78);
    expect(parser.bufferedBytes).toBe(0);
    // 100MB of memcpy takes tens of milliseconds; quadratic re-parsing would take minutes.
    expect(elapsedMs).toBeLessThan(5000);
  });

  it('keeps a small bulk trickling in byte by byte linear (carry-over buffer grows by doubling)', () => {
    const value = 'v'.repeat(PROTO_MBULK_BIG_ARG - 1);
    const stream = encode(['SET', 'k', value]);
    const started = performance.now();
    expect(run(bytewise(stream))).toEqual({ commands: [['SET', 'k', value]], error: null });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('accepts an inline line of exactly PROTO_INLINE_MAX_SIZE bytes buffered without its newline', () => {
    const line = Buffer.alloc(PROTO_INLINE_MAX_SIZE, 0x41);
    const outcome = run([line, latin1('\n')]);
    expect(outcome.error).toBeNull();
    expect(outcome.commands[0]![0]!.length).toBe(PROTO_INLINE_MAX_SIZE);
  });

  it('reports the bytes not yet parsed into complete arguments as bufferedBytes', () => {
    const parser = new RequestParser({ ...DEFAULT_LIMITS });
    parser.feed(latin1('*2\r\n$3\r\nGET\r\n$3\r\nke'));
    expect(parser.next()).toBeNull();
    // Only "ke": "GET" is already an argument and the "$3" header is consumed (Redis's qbuf says 2 too)
    expect(parser.bufferedBytes).toBe(2);
    parser.feed(latin1('y\r\n*1\r\n'));
    expect(parser.next()!.map(String)).toEqual(['GET', 'key']);
    expect(parser.bufferedBytes).toBe(4); // "*1\r\n" is parsed lazily, on the next call
  });
});

describe('RequestParser protocol errors (exact Redis 7.0 texts)', () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['*-0\r\n', 'invalid multibulk length', 'a count of -0'],
    ['*+1\r\n$4\r\nPING\r\n', 'invalid multibulk length', 'a leading +'],
    ['* 1\r\n', 'invalid multibulk length', 'a leading space'],
    ['*1 \r\n', 'invalid multibulk length', 'a trailing space'],
    ['*01\r\n', 'invalid multibulk length', 'a leading zero'],
    ['*\r\n', 'invalid multibulk length', 'no digits'],
    ['*a\r\n', 'invalid multibulk length', 'letters'],
    ['*2147483648\r\n', 'invalid multibulk length', 'INT_MAX + 1'],
    ['*3000000000\r\n', 'invalid multibulk length', 'a count beyond INT_MAX'],
    ['*-9223372036854775809\r\n', 'invalid multibulk length', 'a count below LLONG_MIN'],
    ['*99999999999999999999\r\n', 'invalid multibulk length', 'twenty digits'],
    ['*1\r\n$-1\r\n', 'invalid bulk length', 'a negative bulk length'],
    ['*1\r\n$-0\r\n', 'invalid bulk length', 'a bulk length of -0'],
    ['*1\r\n$+4\r\nPING\r\n', 'invalid bulk length', 'a bulk length with +'],
    ['*1\r\n$04\r\nPING\r\n', 'invalid bulk length', 'a bulk length with a leading zero'],
    ['*1\r\n$\r\n', 'invalid bulk length', 'an empty bulk length'],
    ['*1\r\n$4a\r\nPING\r\n', 'invalid bulk length', 'a bulk length with letters'],
    ['*1\r\n$536870913\r\n', 'invalid bulk length', 'proto-max-bulk-len + 1'],
    ['*1\r\n$4294967296\r\n', 'invalid bulk length', 'a 4GB bulk'],
    ['*1\r\n4\r\nPING\r\n', "expected '$', got '4'", 'a bulk without $'],
    ['*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n', "expected '$', got 'f'", 'Redis test "Wrong multibulk payload header"'],
    ['*1\r\n\r\n', "expected '$', got ' '", 'an empty line where a bulk header belongs (\\r shown as a space)'],
    ['*1\r\n\n\r\n', "expected '$', got ' '", 'a \\n where a bulk header belongs (shown as a space)'],
    ['*1\r\n\xff\r\n', "expected '$', got '\xff'", 'a raw byte (the message is latin1)'],
    ['*1\r\n*1\r\n', "expected '$', got '*'", 'a nested array header'],
    ['ECHO "a"b\r\n', 'unbalanced quotes in request', 'text after a closing quote'],
    ["ECHO 'a\r\n", 'unbalanced quotes in request', 'an unclosed single quote'],
  ];
  for (const [input, text, why] of cases) {
    it(`${JSON.stringify(input)} (${why}) gives "${text}" at every split`, () => {
      expectEverySplit(latin1(input), { commands: [], error: `ERR Protocol error: ${text}` });
    });
  }

  it('returns the commands before a protocol error, then the error, and the error again afterwards', () => {
    const parser = new RequestParser({ ...DEFAULT_LIMITS });
    parser.feed(latin1('PING\r\n*1\r\n$x\r\nPING\r\n'));
    expect(parser.next()!.map(String)).toEqual(['PING']);
    expect(() => parser.next()).toThrow(new ProtocolError('ERR Protocol error: invalid bulk length'));
    expect(() => parser.next()).toThrow(ProtocolError);
  });

  it('answers "too big ... string/request" only past PROTO_INLINE_MAX_SIZE unterminated bytes', () => {
    const a = (n: number): Buffer => Buffer.alloc(n, 0x41);
    expect(run([a(PROTO_INLINE_MAX_SIZE + 1)]).error).toBe('ERR Protocol error: too big inline request');
    expect(run([latin1('*'), a(PROTO_INLINE_MAX_SIZE - 1)]).error).toBeNull();
    expect(run([latin1('*'), a(PROTO_INLINE_MAX_SIZE)]).error).toBe('ERR Protocol error: too big mbulk count string');
    expect(run([latin1('*1\r\n$'), a(PROTO_INLINE_MAX_SIZE)]).error).toBe('ERR Protocol error: too big bulk count string');
    // the limit counts from the header being read, not from the start of the command
    expect(run([latin1('*2\r\n$1\r\na\r\n$'), a(PROTO_INLINE_MAX_SIZE)]).error).toBe(
      'ERR Protocol error: too big bulk count string',
    );
    // a '\r' that has arrived ends the search: this is a malformed number, not a too-long line
    expect(run([Buffer.concat([latin1('*'), a(PROTO_INLINE_MAX_SIZE + 10), latin1('\r\n')])]).error).toBe(
      'ERR Protocol error: invalid multibulk length',
    );
  });

  it('refuses a complete line whose terminator lies past the point Redis checks the limit at', () => {
    // Real redis-server 7.0.15, one write on a fresh connection: 81908 'A's then CRLF run as a command,
    // 81909 'A's then CRLF are "too big inline request"; the same for a '*' header's digits.
    const line = (n: number, head = ''): Buffer => latin1(`${head}${'A'.repeat(n)}\r\n`);
    expect(run([line(INLINE_TERMINATOR_MAX_OFFSET - 2)]).error).toBeNull();
    expect(run([line(INLINE_TERMINATOR_MAX_OFFSET - 1)]).error).toBe('ERR Protocol error: too big inline request');
    expect(run([line(100_000)]).error).toBe('ERR Protocol error: too big inline request');
    const digits = (n: number): Buffer => latin1(`*${'1'.repeat(n)}\r\n`);
    expect(run([digits(INLINE_TERMINATOR_MAX_OFFSET - 1)]).error).toBe('ERR Protocol error: too big mbulk count string');
    expect(run([digits(INLINE_TERMINATOR_MAX_OFFSET - 2)]).error).toBe('ERR Protocol error: invalid multibulk length');
  });

  it('stalls on a NUL before the line terminator until the line is too big, as Redis does (strchr)', () => {
    for (const input of ['*1\x00\r\n$4\r\nPING\r\n', '*1\r\n$4\x00\r\nPING\r\n', '*1\r\n\x00\r\n', 'ECHO a\x00b\r\nPING\r\n']) {
      expect(run([latin1(input)])).toEqual({ commands: [], error: null });
    }
    // Redis's "Protocol desync regression test": a NUL then 1KB lines until the server hangs up
    const lines = Buffer.concat(Array.from({ length: 80 }, () => latin1(`${'A'.repeat(1024)}\n`)));
    expect(run([latin1('\x00'), lines]).error).toBe('ERR Protocol error: too big inline request');
    expect(run([latin1('*\x00'), lines]).error).toBe('ERR Protocol error: too big mbulk count string');
    expect(run([latin1('$\x00'), lines]).error).toBe('ERR Protocol error: too big inline request');
  });

  it('limits unauthenticated clients to 10 arguments and 16384-byte bulks', () => {
    const parser = (): RequestParser => {
      const p = new RequestParser({ ...DEFAULT_LIMITS });
      p.authRequired = true;
      return p;
    };
    const p10 = parser();
    p10.feed(latin1('*10\r\n$16384\r\n'));
    expect(p10.next()).toBeNull();
    const p11 = parser();
    p11.feed(latin1('*11\r\n'));
    expect(() => p11.next()).toThrow('ERR Protocol error: unauthenticated multibulk length');
    const big = parser();
    big.feed(latin1('*1\r\n$16385\r\n'));
    expect(() => big.next()).toThrow('ERR Protocol error: unauthenticated bulk length');
    // the check applies per command, so the server can clear the flag after running AUTH
    const auth = parser();
    auth.feed(latin1('AUTH pw\r\n*1\r\n$20000\r\n'));
    expect(auth.next()!.map(String)).toEqual(['AUTH', 'pw']);
    auth.authRequired = false;
    expect(auth.next()).toBeNull();
  });
});

describe('RequestParser limits', () => {
  it('rejects a 4GB bulk announcement by proto-max-bulk-len before allocating anything', () => {
    const parser = new RequestParser({ ...DEFAULT_LIMITS });
    parser.feed(latin1('*2\r\n$3\r\nGET\r\n$4294967296\r\n'));
    expect(() => parser.next()).toThrow('ERR Protocol error: invalid bulk length');
    expect(parser.bufferedBytes).toBeLessThan(32);
  });

  it('applies proto-max-bulk-len changes to a live parser', () => {
    const limits: ParserLimits = { ...DEFAULT_LIMITS };
    const parser = new RequestParser(limits);
    parser.feed(encode(['SET', 'k', '12345']));
    expect(parser.next()).not.toBeNull();
    parser.limits.maxBulkLen = 4;
    parser.feed(encode(['SET', 'k', '12345']));
    expect(() => parser.next()).toThrow('ERR Protocol error: invalid bulk length');
  });

  it('throws QueryBufferLimitError when unparsed bytes exceed client-query-buffer-limit', () => {
    const parser = new RequestParser({ maxBulkLen: 512 * MB, maxQueryBufferLen: 1000 });
    parser.feed(Buffer.alloc(1000, 0x41)); // exactly at the limit is fine (Redis uses >)
    expect(() => parser.feed(latin1('A'))).toThrow(QueryBufferLimitError);
  });

  it('counts a big bulk being received against the query buffer limit', () => {
    const parser = new RequestParser({ maxBulkLen: 512 * MB, maxQueryBufferLen: MB });
    parser.feed(latin1(`*2\r\n$4\r\nECHO\r\n$${2 * MB}\r\n`));
    expect(parser.next()).toBeNull();
    parser.feed(Buffer.alloc(600_000));
    expect(parser.next()).toBeNull();
    expect(() => parser.feed(Buffer.alloc(600_000))).toThrow(QueryBufferLimitError);
  });

  it('counts only unparsed bytes: a pipeline larger than the limit is fine when drained as it arrives', () => {
    const parser = new RequestParser({ maxBulkLen: 512 * MB, maxQueryBufferLen: 1024 });
    const chunk = Buffer.concat(Array.from({ length: 50 }, () => encode(['PING']))); // 700 bytes
    let count = 0;
    for (let i = 0; i < 10; i++) {
      parser.feed(chunk);
      while (parser.next() !== null) count++;
    }
    expect(count).toBe(500);
    // a client that is not drained (e.g. blocked) accumulates and is cut off
    expect(() => {
      for (let i = 0; i < 10; i++) parser.feed(chunk);
    }).toThrow(QueryBufferLimitError);
  });
});

describe('parseLongLong (string2ll rules)', () => {
  const valid: ReadonlyArray<readonly [string, number]> = [
    ['0', 0], ['1', 1], ['-1', -1], ['123456789012345', 123456789012345],
    ['9223372036854775807', 9223372036854775807], ['-9223372036854775808', -9223372036854775808],
  ];
  it.each(valid)('accepts %j', (s, n) => expect(parseLongLong(latin1(s), 0, s.length)).toBe(n));
  const invalid = ['', '-', '-0', '00', '01', '+1', ' 1', '1 ', '1a', '9223372036854775808', '-9223372036854775809', '123456789012345678901'];
  it.each(invalid)('rejects %j', (s) => expect(parseLongLong(latin1(s), 0, s.length)).toBeNaN());
});

describe('RequestParser properties', () => {
  const argArb = fc.uint8Array({ maxLength: 80 }).map((a) => Buffer.from(a));
  const commandArb = fc.array(argArb, { minLength: 1, maxLength: 6 });
  const streamArb = fc.array(commandArb, { minLength: 1, maxLength: 8 });

  /** Cuts `buf` at sorted random offsets. */
  const chunked = (buf: Buffer, cuts: readonly number[]): Buffer[] =>
    splitAt(buf, ...[...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b));

  it('round-trips random argv lists fed in random chunks', () => {
    fc.assert(
      fc.property(streamArb, fc.array(fc.nat(), { maxLength: 20 }), (commands, cuts) => {
        const stream = Buffer.concat(commands.map((argv) => encode(argv)));
        const outcome = run(chunked(stream, cuts));
        expect(outcome).toEqual({ commands: commands.map((argv) => argv.map((b) => b.toString('latin1'))), error: null });
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips big arguments around PROTO_MBULK_BIG_ARG in random chunks', () => {
    const bigArb = fc.integer({ min: PROTO_MBULK_BIG_ARG - 3, max: PROTO_MBULK_BIG_ARG * 3 }).map((n) => Buffer.alloc(n, n % 251));
    fc.assert(
      fc.property(fc.array(fc.oneof(argArb, bigArb), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 30 }), (argv, cuts) => {
        const stream = Buffer.concat([encode(argv), encode(['PING'])]);
        const outcome = run(chunked(stream, cuts));
        expect(outcome).toEqual({ commands: [argv.map((b) => b.toString('latin1')), ['PING']], error: null });
      }),
      { numRuns: 100 },
    );
  });

  /** Feeds arbitrary bytes; only ProtocolError or QueryBufferLimitError may escape. */
  const survives = (chunks: readonly Buffer[]): boolean => {
    const parser = new RequestParser({ maxBulkLen: 64 * 1024, maxQueryBufferLen: 256 * 1024 });
    try {
      for (const chunk of chunks) {
        parser.feed(chunk);
        for (let n = 0; n < 10_000 && parser.next() !== null; n++);
      }
    } catch (err) {
      return err instanceof ProtocolError || err instanceof QueryBufferLimitError;
    }
    return true;
  };

  it('never throws anything but protocol or query-buffer errors on random bytes', () => {
    // Bias the bytes toward RESP syntax so the fuzzer reaches deep states, not just inline garbage.
    const respByte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x2a, 0x24, 0x0d, 0x0a, 0x2d, 0x30, 0x31, 0x33, 0x39, 0x22, 0x27, 0x5c, 0x20, 0x00));
    const chunkArb = fc.array(respByte, { maxLength: 200 }).map((a) => Buffer.from(a));
    fc.assert(fc.property(fc.array(chunkArb, { maxLength: 10 }), (chunks) => survives(chunks)), { numRuns: 2000 });
  });

  it('never throws anything but protocol or query-buffer errors on mutated valid frames', () => {
    fc.assert(
      fc.property(
        streamArb,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (commands, mutations, cuts) => {
          const stream = Buffer.concat(commands.map((argv) => encode(argv)));
          for (const [at, byte] of mutations) stream[at % stream.length] = byte;
          return survives(chunked(stream, cuts));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
