// The memory cost model (src/eviction/memory-model.ts): jemalloc size classes and string values
// priced exactly as Redis 7.0.15's MEMORY USAGE reports them (values read off a real server),
// containers growing with their contents.

import { describe, expect, it } from 'vitest';
import { entryBytes, jemallocSize, objectBytes, dictBucketsBytes } from '../../../src/eviction/memory-model.js';
import { createString } from '../../../src/datatypes/string/string-type.js';
import { createHash, hashSet, hashDelete } from '../../../src/datatypes/hash/hash-type.js';
import { createList, listPush } from '../../../src/datatypes/list/list-type.js';

const limits = { maxListpackEntries: 128, maxListpackValue: 64 };

describe('memory model', () => {
  it('rounds to jemalloc size classes', () => {
    expect([1, 8, 9, 16, 17, 21, 32, 33, 128, 129, 160, 161, 257, 4097].map(jemallocSize)).toEqual([
      8, 8, 16, 16, 32, 32, 32, 48, 128, 160, 160, 192, 320, 5120,
    ]);
  });

  it('prices strings as Redis 7.0 MEMORY USAGE does (int 48, embstr 64, raw 160)', () => {
    // redis-cli: SET k12345 12345 → MEMORY USAGE 48; SET k1 v → 64; SET big <100 x> → 160.
    expect(entryBytes(6, createString(Buffer.from('12345')))).toBe(48);
    expect(entryBytes(2, createString(Buffer.from('v')))).toBe(64);
    expect(entryBytes(3, createString(Buffer.from('x'.repeat(100))))).toBe(160);
  });

  it('containers grow with their contents and shrink back', () => {
    const h = createHash();
    const empty = objectBytes(h);
    hashSet(h, 'field', 'value', limits);
    const one = objectBytes(h);
    expect(one).toBeGreaterThan(empty + 10);
    hashDelete(h, 'field');
    expect(objectBytes(h)).toBe(empty);
    const list = createList(-2);
    const before = objectBytes(list);
    for (let i = 0; i < 1000; i++) listPush(list, 'element', 'tail');
    expect(objectBytes(list) - before).toBeGreaterThan(1000 * 7);
  });

  it('a dict table is the next power of two of its size, 8 bytes a bucket', () => {
    expect(dictBucketsBytes(0)).toBe(0);
    expect(dictBucketsBytes(3)).toBe(32);
    expect(dictBucketsBytes(5)).toBe(64);
    expect(dictBucketsBytes(1024)).toBe(8192);
    expect(dictBucketsBytes(1025)).toBe(16384);
  });
});
