// DUMP payloads (value + RDB version + CRC-64), RESTORE's decoding and its two failure kinds, and
// the LRU/LFU field RESTORE's IDLETIME / FREQ set.

import { describe, expect, it } from 'vitest';
import { createHash, hashSet } from '../../../../src/datatypes/hash/hash-type.js';
import { lruClock, LRU_CLOCK_MAX } from '../../../../src/datatypes/object.js';
import { createString } from '../../../../src/datatypes/string/string-type.js';
import { crc64 } from '../../../../src/persistence/rdb/crc64.js';
import { DumpPayloadError, dumpPayload, restorePayload, verifyDumpPayload } from '../../../../src/persistence/rdb/dump.js';
import { setObjectLruOrLfuFromLoad } from '../../../../src/persistence/rdb/object-lru.js';
import { RdbFormatError } from '../../../../src/persistence/rdb/rdb-reader.js';
import { snapshotObject } from './snapshot.js';

const hex = (h: string): Buffer => Buffer.from(h, 'hex');

function withFooter(body: Buffer, version = 10): Buffer {
  const out = Buffer.alloc(body.length + 10);
  body.copy(out);
  out.writeUInt16LE(version, body.length);
  out.writeBigUInt64LE(crc64(out, 0, body.length + 2), body.length + 2);
  return out;
}

describe('DUMP payload', () => {
  it('is byte for byte what Redis 7.0 DUMPs for SET k bar', () => {
    expect(dumpPayload(createString('bar')).toString('hex')).toBe('0003626172' + '0a00' + 'e6be4960ee66fd17');
  });

  it('int-encodes short integers as Redis does (type 0, INT8/16/32 string encodings)', () => {
    expect(dumpPayload(createString('-5')).subarray(0, 3).toString('hex')).toBe('00c0fb');
    expect(dumpPayload(createString('1000')).subarray(0, 4).toString('hex')).toBe('00c1e803');
    expect(dumpPayload(createString('100000')).subarray(0, 6).toString('hex')).toBe('00c2a0860100');
    // Beyond 32 bits: the decimal text.
    expect(dumpPayload(createString('5000000000')).subarray(0, 12).toString('latin1')).toBe('\u0000\n5000000000');
  });

  it('round-trips through restorePayload', () => {
    const h = createHash();
    for (let i = 0; i < 10; i++) hashSet(h, `f${i}`, String(i * 1000), { maxListpackEntries: 512, maxListpackValue: 64 });
    expect(snapshotObject(restorePayload(dumpPayload(h)))).toEqual(snapshotObject(h));
    const long = createString('abc'.repeat(100));
    expect(dumpPayload(long, true).length).toBeLessThan(dumpPayload(long, false).length);
    expect(snapshotObject(restorePayload(dumpPayload(long, true)))).toEqual(snapshotObject(long));
  });

  it('verifyDumpPayload refuses short payloads, newer versions and wrong checksums', () => {
    const good = dumpPayload(createString('bar'));
    expect(() => verifyDumpPayload(good)).not.toThrow();
    expect(() => verifyDumpPayload(good.subarray(0, 9))).toThrow(DumpPayloadError);
    expect(() => verifyDumpPayload(withFooter(hex('0003626172'), 11))).toThrow(DumpPayloadError);
    expect(() => verifyDumpPayload(withFooter(hex('0003626172'), 9))).not.toThrow();
    const flipped = Buffer.from(good);
    flipped[2] = 0x41;
    expect(() => restorePayload(flipped)).toThrow(DumpPayloadError);
  });

  it('restorePayload refuses bad bodies with RdbFormatError: opcodes, truncation, empty values, a truncated stream', () => {
    expect(() => restorePayload(withFooter(hex('ff')))).toThrow(RdbFormatError);
    expect(() => restorePayload(withFooter(hex('fe00')))).toThrow(RdbFormatError);
    expect(() => restorePayload(withFooter(hex('004164')))).toThrow(RdbFormatError); // 0x164-byte string
    expect(() => restorePayload(withFooter(hex('0200')))).toThrow(RdbFormatError); // empty set
    expect(() => restorePayload(withFooter(hex('0f0161')))).toThrow(RdbFormatError); // a stream cut short
    expect(() => restorePayload(withFooter(Buffer.alloc(0)))).toThrow(RdbFormatError);
  });
});

describe('setObjectLruOrLfuFromLoad (objectSetLRUOrLFU)', () => {
  const now = 1_700_000_000_000;

  it('IDLETIME moves the LRU clock back, only under a non-LFU policy', () => {
    const obj = createString('v');
    expect(setObjectLruOrLfuFromLoad(obj, { idleSeconds: 100 }, false, now)).toBe(true);
    expect(obj.lru).toBe(lruClock(now) - 100);
    expect(setObjectLruOrLfuFromLoad(obj, { idleSeconds: 100 }, true, now)).toBe(false);
  });

  it('an idle time longer than the clock parks the object half a period back', () => {
    const obj = createString('v');
    setObjectLruOrLfuFromLoad(obj, { idleSeconds: LRU_CLOCK_MAX * 2 }, false, now);
    expect(obj.lru).toBe((lruClock(now) + Math.floor(LRU_CLOCK_MAX / 2)) % LRU_CLOCK_MAX);
  });

  it('FREQ sets minutes << 8 | counter, only under an LFU policy', () => {
    const obj = createString('v');
    expect(setObjectLruOrLfuFromLoad(obj, { lfuFreq: 77 }, false, now)).toBe(false);
    expect(setObjectLruOrLfuFromLoad(obj, { lfuFreq: 77 }, true, now)).toBe(true);
    expect(obj.lru & 0xff).toBe(77);
    expect(obj.lru >> 8).toBe(Math.floor(now / 60000) & 0xffff);
  });
});
