// The reply encoder against a plain reference encoder written from the RESP2/RESP3 specs: every reply
// shape, in both protocols, including the fast paths (all-string aggregates written as one string,
// big bulks queued by reference) and the sizes where they switch off.

import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bool, double, encodeReply, map, NULL_ARRAY, OK, push, ReplyWriter, set, status, type Reply } from '../../../src/protocol/reply.js';
import { ReplyError } from '../../../src/errors.js';
import { formatDouble } from '../../../src/util/numbers.js';

/** The obvious encoder: one case per shape, no tricks. */
function reference(reply: Reply, resp: 2 | 3): string {
  const bulk = (s: string): string => `$${s.length}\r\n${s}\r\n`;
  const all = (items: readonly Reply[]): string => items.map((r) => reference(r, resp)).join('');
  if (reply === null) return resp === 3 ? '_\r\n' : '$-1\r\n';
  if (typeof reply === 'number' || typeof reply === 'bigint') return `:${reply}\r\n`;
  if (typeof reply === 'string') return bulk(reply);
  if (Buffer.isBuffer(reply)) return bulk(reply.toString('latin1'));
  if (Array.isArray(reply)) return `*${reply.length}\r\n${all(reply)}`;
  if (reply instanceof ReplyError) return `-${reply.message}\r\n`;
  const node = reply as Exclude<Reply, null | number | bigint | string | Buffer | readonly Reply[]>;
  switch (node.kind) {
    case 'status': return `+${node.text}\r\n`;
    case 'error': return `-${node.message}\r\n`;
    case 'double': return resp === 3 ? `,${formatDouble(node.value)}\r\n` : bulk(formatDouble(node.value));
    case 'bool': return resp === 3 ? (node.value ? '#t\r\n' : '#f\r\n') : node.value ? ':1\r\n' : ':0\r\n';
    case 'nullArray': return resp === 3 ? '_\r\n' : '*-1\r\n';
    case 'map': return `${resp === 3 ? `%${node.items.length / 2}` : `*${node.items.length}`}\r\n${all(node.items)}`;
    case 'set': return `${resp === 3 ? '~' : '*'}${node.items.length}\r\n${all(node.items)}`;
    case 'raw': return node.bytes.toString('latin1');
    case 'push': return `${resp === 3 ? '>' : '*'}${node.items.length}\r\n${all(node.items)}`;
    default: throw new Error(`no reference for ${JSON.stringify(node)}`);
  }
}

const latin1 = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const leaf: fc.Arbitrary<Reply> = fc.oneof(
  { weight: 6, arbitrary: latin1 },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 30 }).map((u) => Buffer.from(u)) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }).map(double) },
  { weight: 1, arbitrary: fc.boolean().map(bool) },
  { weight: 1, arbitrary: fc.constantFrom(status('OK'), NULL_ARRAY, OK) },
);
const reply: fc.Arbitrary<Reply> = fc.letrec<{ r: Reply }>((tie) => ({
  r: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: leaf },
    { weight: 2, arbitrary: fc.array(tie('r'), { maxLength: 8 }) },
    { weight: 2, arbitrary: fc.array(latin1, { maxLength: 30 }) },
    { weight: 1, arbitrary: fc.array(fc.tuple(latin1, tie('r')), { maxLength: 5 }).map((pairs) => map(pairs.flat())) },
    { weight: 1, arbitrary: fc.array(latin1, { maxLength: 10 }).map((pairs) => map(pairs.length % 2 === 0 ? pairs : pairs.slice(1))) },
    { weight: 1, arbitrary: fc.array(tie('r'), { maxLength: 5 }).map(set) },
    { weight: 1, arbitrary: fc.array(latin1, { maxLength: 5 }).map(push) },
  ),
})).r;

describe('ReplyWriter', () => {
  it('encodes every reply shape as the reference encoder does, in RESP2 and RESP3', () => {
    fc.assert(
      fc.property(reply, fc.constantFrom(2 as const, 3 as const), (r, resp) => {
        expect(encodeReply(r, resp).toString('latin1')).toBe(reference(r, resp));
      }),
      { seed: 4242, numRuns: 2000 },
    );
  });

  it('switches the all-strings fast path off for big arrays and still encodes them right', () => {
    for (const n of [0, 1, 1000, 5000, 20_000]) {
      const items = Array.from({ length: n }, (_, i) => `item-${i}\x00\xff`);
      expect(encodeReply(items, 2).toString('latin1')).toBe(reference(items, 2));
    }
    const mixed: Reply[] = [...Array.from({ length: 300 }, (_, i) => `s${i}`), Buffer.from('tail'), 7];
    expect(encodeReply(mixed, 3).toString('latin1')).toBe(reference(mixed, 3));
  });

  it('writes all-string aggregates byte by byte across buffer boundaries, every header width and 0-255 bytes', () => {
    // Lengths around each header width (1, 2, 3+ digits) and the char-by-char/latin1Write switch, with
    // CR, LF and every byte value inside; written many times into one writer so some aggregates land
    // at the end of a full buffer and must reserve a new one.
    const bytes = Array.from({ length: 256 }, (_, c) => String.fromCharCode(c)).join('');
    const lengths = [0, 1, 9, 10, 11, 47, 48, 49, 99, 100, 101, 255, 1000];
    const items = lengths.map((n, i) => (bytes.repeat(8).slice(i, i + n)));
    items.push('\r\n', 'a\r\nb', '');
    for (const resp of [2, 3] as const) {
      const writer = new ReplyWriter();
      writer.resp = resp;
      let expected = '';
      for (let round = 0; round < 60; round++) {
        const reply: Reply = round % 3 === 0 ? items : round % 3 === 1 ? map(items.slice(0, 14)) : set(items.slice(round % 7));
        writer.write(reply);
        expected += reference(reply, resp);
        writer.write([]);
        expected += '*0\r\n';
      }
      expect(Buffer.concat(writer.take()).toString('latin1')).toBe(expected);
    }
  });

  it('writes integers at every digit count, with the int32 fast path and the text path agreeing', () => {
    const ints = [0, -0, 1, 9, 10, 99, 100, 999, 1000, 65535, 2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1, -1, -10, -(2 ** 31), -(2 ** 63), 2n ** 63n - 1n, -(2n ** 63n), 5n];
    // Each side of every power of ten up to 10^10 (the int32 path counts digits before writing them).
    for (let d = 2; d <= 10; d++) ints.push(10 ** d - 1, 10 ** d, 10 ** d + 1, 3 * 10 ** d + 123);
    for (const resp of [2, 3] as const) {
      const writer = new ReplyWriter();
      writer.resp = resp;
      let expected = '';
      // Many rounds into one writer, so some integers land at the end of a full buffer.
      for (let round = 0; round < 1500; round++) {
        for (const n of ints) {
          writer.write(n);
          expected += `:${n}\r\n`;
        }
      }
      expect(Buffer.concat(writer.take()).toString('latin1')).toBe(expected);
    }
  });

  it('writes single latin1 bulks of every length around the byte-store limit, across buffer boundaries', () => {
    const bytes = Array.from({ length: 256 }, (_, c) => String.fromCharCode(c)).join('').repeat(80);
    const values = [0, 1, 2, 9, 10, 11, 46, 47, 48, 49, 99, 100, 101, 255, 4096, 20_000].map((n, i) => bytes.slice(i * 7, i * 7 + n));
    values.push('\r\n', '\n\r\x00');
    const writer = new ReplyWriter();
    let expected = '';
    for (let round = 0; round < 40; round++) {
      for (const v of values) {
        writer.write(v);
        expected += `$${v.length}\r\n${v}\r\n`;
      }
    }
    expect(Buffer.concat(writer.take()).toString('latin1')).toBe(expected);
  });

  it('queues big bulks by reference and keeps the byte order across chunks', () => {
    const big = Buffer.alloc(40_000, 0x61);
    const writer = new ReplyWriter();
    writer.write(['a', big, 'b']);
    writer.write(big.toString('latin1'));
    const chunks = writer.take();
    expect(chunks.some((c) => c === big)).toBe(true);
    expect(Buffer.concat(chunks).toString('latin1')).toBe(reference(['a', big, 'b'], 2) + reference(big.toString('latin1'), 2));
    expect(writer.isEmpty).toBe(true);
  });
});
