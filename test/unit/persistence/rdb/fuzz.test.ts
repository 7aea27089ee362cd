// Robustness: damaged files and payloads must fail with RdbFormatError (never another exception,
// never a hang), however the damage falls. The checksum is skipped so the damage reaches the parser.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHash, hashSet } from '../../../../src/datatypes/hash/hash-type.js';
import { createListFrom } from '../../../../src/datatypes/list/list-type.js';
import type { RedisObject } from '../../../../src/datatypes/object.js';
import { createIntsetSet, createSetFor, setAdd } from '../../../../src/datatypes/set/set-type.js';
import { createString } from '../../../../src/datatypes/string/string-type.js';
import { createZSet, zsetAdd } from '../../../../src/datatypes/zset/zset-type.js';
import { crc64 } from '../../../../src/persistence/rdb/crc64.js';
import { DumpPayloadError, dumpPayload, restorePayload } from '../../../../src/persistence/rdb/dump.js';
import { DEFAULT_RDB_LOAD_LIMITS } from '../../../../src/persistence/rdb/object-reader.js';
import { parseRdb, RdbFormatError } from '../../../../src/persistence/rdb/rdb-reader.js';
import { encodeRdb } from '../../../../src/persistence/rdb/rdb-writer.js';
import { buildLegacyRdb } from './legacy-builder.js';

const L = DEFAULT_RDB_LOAD_LIMITS;

function values(): RedisObject[] {
  const h = createHash();
  for (let i = 0; i < 5; i++) hashSet(h, `f${i}`, String(i * 999), L.hash);
  const big = createHash();
  for (let i = 0; i < 600; i++) hashSet(big, `f${i}`, 'v', L.hash);
  const z = createZSet(L.zset, 3, 1);
  for (const [s, m] of [[1, 'a'], [2.5, 'b'], [-3, 'c']] as const) zsetAdd(z, s, m, 0, L.zset);
  const zs = createZSet(L.zset, 200, 4);
  for (let i = 0; i < 200; i++) zsetAdd(zs, i / 3, `m${i}`, 0, L.zset);
  const ints = createIntsetSet();
  for (const v of ['1', '70000', '-5']) setAdd(ints, v, L.set);
  const strs = createSetFor('x');
  for (const v of ['x', 'y']) setAdd(strs, v, L.set);
  return [
    createString('hello'), createString('12345'), createString('abc'.repeat(40)),
    createListFrom(['a', '1', 'x'.repeat(100)], -2), h, big, z, zs, ints, strs,
  ];
}

const expectOnlyFormatErrors = (run: () => unknown): void => {
  try {
    run();
  } catch (err) {
    if (!(err instanceof RdbFormatError) && !(err instanceof DumpPayloadError)) throw err;
  }
};

describe('damaged input', () => {
  const file = encodeRdb(
    [{ index: 0, entries: values().map((v, i) => [`k${i}`, v, i % 2 === 0 ? 1e12 : undefined] as const), size: 10, expiresSize: 5 }],
    { compression: true, checksum: true },
  );
  const legacy = buildLegacyRdb();

  it('a file with random bytes overwritten fails only with RdbFormatError', () => {
    for (const source of [file, legacy]) {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(source.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (edits) => {
          const bad = Buffer.from(source);
          for (const [at, byte] of edits) if (at >= 9) bad[at] = byte;
          expectOnlyFormatErrors(() => parseRdb(bad, () => undefined, { verifyChecksum: false }));
        }),
        { numRuns: 1500 },
      );
    }
  });

  it('a payload with random bytes overwritten (and a valid footer) fails only with RdbFormatError', () => {
    const payloads = values().map((v) => dumpPayload(v, true));
    fc.assert(
      fc.property(fc.constantFrom(...payloads), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), (payload, edits) => {
        const body = Buffer.from(payload.subarray(0, payload.length - 8));
        for (const [at, byte] of edits) body[at % (body.length - 2)] = byte;
        const sum = Buffer.alloc(8);
        sum.writeBigUInt64LE(crc64(body));
        expectOnlyFormatErrors(() => restorePayload(Buffer.concat([body, sum])));
      }),
      { numRuns: 1500 },
    );
  });

  it('random bytes after a type byte fail only with RdbFormatError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.uint8Array({ maxLength: 64 }), (type, rest) => {
        const body = Buffer.concat([Buffer.from([type]), Buffer.from(rest)]);
        const out = Buffer.alloc(body.length + 10);
        body.copy(out);
        out.writeUInt16LE(10, body.length);
        out.writeBigUInt64LE(crc64(out, 0, body.length + 2), body.length + 2);
        expectOnlyFormatErrors(() => restorePayload(out));
      }),
      { numRuns: 3000 },
    );
  });

  it('still reads the undamaged inputs', () => {
    let n = 0;
    parseRdb(file, () => n++);
    expect(n).toBe(10);
  });
});

describe('impossible sizes', () => {
  const withFooter = (body: Buffer): Buffer => {
    const out = Buffer.alloc(body.length + 10);
    body.copy(out);
    out.writeUInt16LE(10, body.length);
    out.writeBigUInt64LE(crc64(out, 0, body.length + 2), body.length + 2);
    return out;
  };

  it('refuses element counts the data cannot hold before allocating for them', () => {
    // 0x81 + u64 BE: a 64-bit count of 2^40 list elements / hash pairs / quicklist nodes.
    const huge = Buffer.from([0x81, 0, 0, 1, 0, 0, 0, 0, 0]);
    for (const type of [1, 2, 3, 4, 5, 14, 18]) {
      expect(() => restorePayload(withFooter(Buffer.concat([Buffer.from([type]), huge]))), `type ${type}`).toThrow(/remaining data/);
    }
  });

  it('refuses an LZF string claiming an impossible uncompressed length', () => {
    // LZF marker, 2 compressed bytes, uncompressed length 2^31 (32-bit length form).
    const body = Buffer.from([0, 0xc3, 2, 0x80, 0x80, 0, 0, 0, 0x00, 0x61]);
    expect(() => restorePayload(withFooter(body))).toThrow(/LZF/);
  });
});
