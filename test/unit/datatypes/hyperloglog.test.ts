// The HyperLogLog datatype (src/datatypes/hyperloglog): the hash against a BigInt transcription of
// MurmurHash64A, the 6-bit dense packing, the sparse opcodes (splits, merges, promotion at
// hll-sparse-max-bytes and for runs above 32) checked against a plain register array, the
// estimator's edge cases, the header checks, and memory accounting through the real handlers. Byte-identity with Redis itself is proven in
// test/integration/hyperloglog.test.ts against a real redis-server.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { estimateCardinality, hllSigma, hllTau } from '../../../src/datatypes/hyperloglog/estimator.js';
import {
  EMPTY_SPARSE_HLL, hllAdd, hllCount, hllCountRegisters, hllDecode, hllEncodingName, hllMergeInto, hllRegisters,
  hllStoreRegisters, hllToDense, isHllString,
} from '../../../src/datatypes/hyperloglog/hll-type.js';
import {
  HLL_DENSE_SIZE, HLL_HDR_SIZE, HLL_REGISTERS, cachedCardinality, denseGet, denseSet, hasValidCache,
} from '../../../src/datatypes/hyperloglog/layout.js';
import { hllPatLen, murmurHash64A } from '../../../src/datatypes/hyperloglog/murmur-hash.js';
import { hllBufferFrom, hllBufferValue, sparseSet, sparseToDense } from '../../../src/datatypes/hyperloglog/sparse.js';
import { Config } from '../../../src/config/config.js';
import { ReplyError } from '../../../src/errors.js';
import { Server } from '../../../src/server/server.js';
import { InternalClient } from '../../../src/testing/internal-client.js';
import { Clock, seededRng } from '../../../src/util/clock.js';

/** MurmurHash64A written the obvious way with 64-bit BigInt arithmetic. */
function referenceMurmur(data: Uint8Array, seed: bigint): bigint {
  const mask = (1n << 64n) - 1n;
  const m = 0xc6a4a7935bd1e995n;
  const len = data.length;
  let h = (seed ^ (BigInt(len) * m)) & mask;
  const end = len - (len & 7);
  for (let i = 0; i < end; i += 8) {
    let k = 0n;
    for (let b = 7; b >= 0; b--) k = (k << 8n) | BigInt(data[i + b] as number);
    k = (k * m) & mask;
    k ^= k >> 47n;
    k = (k * m) & mask;
    h ^= k;
    h = (h * m) & mask;
  }
  const rem = len & 7;
  if (rem > 0) {
    for (let b = rem - 1; b >= 0; b--) h ^= BigInt(data[end + b] as number) << BigInt(8 * b);
    h = (h * m) & mask;
  }
  h ^= h >> 47n;
  h = (h * m) & mask;
  h ^= h >> 47n;
  return h;
}

/** Every register of an HLL string, whatever its encoding. */
function registersOf(value: string): number[] {
  const dense = hllToDense(value);
  if (dense === null) throw new Error('corrupted');
  return hllRegisters(dense);
}

describe('MurmurHash64A', () => {
  it('matches the 64-bit reference for every length 0..40 and random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.integer({ min: 0, max: 0xffffffff }), (data, seed) => {
        expect(murmurHash64A(data, seed)).toBe(referenceMurmur(data, BigInt(seed)));
      }),
      { numRuns: 500 },
    );
  });

  it('hllPatLen takes the register from the low 14 bits and the run from the 50 above (at most 51)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (data) => {
        const h = referenceMurmur(data, 0xadc83b19n);
        let rest = (h >> 14n) | (1n << 50n);
        let count = 1;
        while ((rest & 1n) === 0n) {
          count++;
          rest >>= 1n;
        }
        expect(hllPatLen(data)).toBe(Number(h & 0x3fffn) * 64 + count);
      }),
      { numRuns: 300 },
    );
  });
});

describe('dense registers', () => {
  it('keep 6-bit values without disturbing neighbours, including the last register', () => {
    const bytes = new Uint8Array(HLL_DENSE_SIZE);
    const model = new Array<number>(HLL_REGISTERS).fill(0);
    const rng = seededRng(7);
    for (let n = 0; n < 50_000; n++) {
      const reg = n % 97 === 0 ? HLL_REGISTERS - 1 : rng.int(HLL_REGISTERS);
      const val = rng.int(64);
      denseSet(bytes, HLL_HDR_SIZE, reg, val);
      model[reg] = val;
    }
    for (let i = 0; i < HLL_REGISTERS; i++) expect(denseGet(bytes, HLL_HDR_SIZE, i)).toBe(model[i]);
  });
});

describe('sparse encoding', () => {
  it('an empty HLL is the header and one XZERO:16384, with a valid cached 0', () => {
    expect(Buffer.from(EMPTY_SPARSE_HLL, 'latin1').toString('hex')).toBe('48594c4c01000000000000000000000' + '07fff');
    expect(hllDecode(EMPTY_SPARSE_HLL)).toBe('Z:16384');
    expect(hllCount(EMPTY_SPARSE_HLL)?.card).toBe(0);
  });

  it('splits runs into ZERO/XZERO/VAL and merges equal neighbours (Redis\'s own example)', () => {
    const hll = hllBufferFrom(EMPTY_SPARSE_HLL);
    expect(sparseSet(hll, 1000, 2, 3000)).toBe(1);
    expect(sparseSet(hll, 1020, 3, 3000)).toBe(1);
    expect(sparseSet(hll, 1021, 3, 3000)).toBe(1);
    expect(hllDecode(hllBufferValue(hll))).toBe('Z:1000 v:2,1 z:19 v:3,2 Z:15362');
    expect(sparseSet(hll, 1021, 2, 3000)).toBe(0); // not above the current 3
    expect(sparseSet(hll, 1001, 2, 3000)).toBe(1);
    expect(hllDecode(hllBufferValue(hll))).toBe('Z:1000 v:2,2 z:18 v:3,2 Z:15362');
    expect(sparseSet(hll, 0, 1, 3000)).toBe(1);
    expect(sparseSet(hll, 16383, 32, 3000)).toBe(1);
    expect(hllDecode(hllBufferValue(hll))).toBe('v:1,1 Z:999 v:2,2 z:18 v:3,2 Z:15361 v:32,1');
  });

  it('agrees with a plain register array over random updates, and converts to the same dense registers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: HLL_REGISTERS - 1 }), fc.integer({ min: 1, max: 32 })), { maxLength: 300 }),
        fc.boolean(),
        (ops, clustered) => {
          const hll = hllBufferFrom(EMPTY_SPARSE_HLL);
          const model = new Array<number>(HLL_REGISTERS).fill(0);
          for (const [reg0, count] of ops) {
            const reg = clustered ? reg0 % 40 : reg0; // clustered: many adjacent VALs to merge
            const changed = count > (model[reg] as number);
            expect(sparseSet(hll, reg, count, 1 << 30)).toBe(changed ? 1 : 0);
            if (changed) model[reg] = count;
          }
          const value = hllBufferValue(hll);
          expect(hllEncodingName(value)).toBe('sparse');
          expect(registersOf(value)).toEqual(model);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('promotes to dense when a run exceeds 32, keeping the cached cardinality bytes', () => {
    const hll = hllBufferFrom(EMPTY_SPARSE_HLL);
    sparseSet(hll, 5, 3, 3000);
    expect(sparseSet(hll, 9, 33, 3000)).toBe(1);
    const value = hllBufferValue(hll);
    expect(value.length).toBe(HLL_DENSE_SIZE);
    expect(hllEncodingName(value)).toBe('dense');
    const regs = registersOf(value);
    expect([regs[5], regs[9], regs[6]]).toEqual([3, 33, 0]);
    expect(value.slice(0, 4)).toBe('HYLL');
    expect(value.charCodeAt(15) & 0x80).toBe(0x80); // the stale bit set by the first update survived
  });

  it('promotes exactly when the code would grow past hll-sparse-max-bytes', () => {
    // Registers 50 apart: each set turns a zero run into ZERO VAL XZERO, +2 bytes (the first +1).
    for (const limit of [40, 41, 42]) {
      const hll = hllBufferFrom(EMPTY_SPARSE_HLL);
      let reg = 0;
      while (hll.bytes[4] === 1 && reg < 2000) {
        const before = hll.length;
        sparseSet(hll, reg, 1, limit);
        if (hll.bytes[4] === 1) expect(hll.length).toBeLessThanOrEqual(limit);
        else expect(before + 2).toBeGreaterThan(limit);
        reg += 50;
      }
      expect(hllEncodingName(hllBufferValue(hll))).toBe('dense');
    }
  });

  it('reports a code that does not cover 16384 registers as corrupted', () => {
    const short = Buffer.from(EMPTY_SPARSE_HLL, 'latin1');
    short[16] = 0x7f;
    short[17] = 0xf0; // XZERO:16369
    short[15] = 0x80; // stale cache: a valid one would be returned without walking the code
    const value = short.toString('latin1');
    expect(isHllString(value)).toBe(true);
    expect(hllCount(value)).toBeNull();
    expect(hllToDense(value)).toBeNull();
    expect(hllMergeInto(new Uint8Array(HLL_REGISTERS), value)).toBe(false);
    const hll = hllBufferFrom(value);
    expect(sparseSet(hll, 16380, 1, 3000)).toBe(-1);
    expect(sparseToDense(hll)).toBe(false);
  });
});

describe('header and API', () => {
  it('accepts only "HYLL", a known encoding and, for dense, exactly 12304 bytes', () => {
    const dense = hllToDense(EMPTY_SPARSE_HLL) as string;
    expect(isHllString(dense)).toBe(true);
    expect(isHllString(dense + 'x')).toBe(false);
    expect(isHllString('HYLL\x02' + EMPTY_SPARSE_HLL.slice(5))).toBe(false);
    expect(isHllString('HYLX' + EMPTY_SPARSE_HLL.slice(4))).toBe(false);
    expect(isHllString(EMPTY_SPARSE_HLL.slice(0, 15))).toBe(false);
    expect(isHllString(EMPTY_SPARSE_HLL.slice(0, 16))).toBe(true); // a sparse body is checked when walked
  });

  it('hllAdd returns the same string when no register rises, and invalidates the cache otherwise', () => {
    const elements = [Buffer.from('k'), Buffer.from('a'), Buffer.from('b')];
    const first = hllAdd(EMPTY_SPARSE_HLL, [Buffer.from('cmd'), ...elements], 2, 3000);
    expect(first.updated).toBe(2);
    expect(hasValidCache(first.value)).toBe(false);
    const counted = hllCount(first.value);
    expect(counted?.card).toBe(2);
    expect(hasValidCache(counted?.value as string)).toBe(true);
    expect(cachedCardinality(counted?.value as string)).toBe(2);
    const again = hllAdd(counted?.value as string, [Buffer.from('cmd'), ...elements], 2, 3000);
    expect(again.updated).toBe(0);
    expect(again.value).toBe(counted?.value);
  });

  it('merging and storing registers gives the union, dense when asked', () => {
    const a = hllAdd(EMPTY_SPARSE_HLL, ['x', 'k', 'a', 'b', 'c'].map((s) => Buffer.from(s)), 2, 3000).value;
    const b = hllAdd(EMPTY_SPARSE_HLL, ['x', 'k', 'c', 'd'].map((s) => Buffer.from(s)), 2, 3000).value;
    const max = new Uint8Array(HLL_REGISTERS);
    expect(hllMergeInto(max, a)).toBe(true);
    expect(hllMergeInto(max, hllToDense(b) as string)).toBe(true);
    expect(hllCountRegisters(max)).toBe(4);
    const sparse = hllStoreRegisters(EMPTY_SPARSE_HLL, max, false, 3000) as string;
    const dense = hllStoreRegisters(EMPTY_SPARSE_HLL, max, true, 3000) as string;
    expect(hllEncodingName(sparse)).toBe('sparse');
    expect(hllEncodingName(dense)).toBe('dense');
    expect(registersOf(sparse)).toEqual(Array.from(max));
    expect(registersOf(dense)).toEqual(Array.from(max));
  });
});

describe('estimator', () => {
  it('sigma and tau at their limits', () => {
    expect(hllSigma(1)).toBe(Infinity);
    expect(hllSigma(0)).toBe(0);
    expect(hllTau(0)).toBe(0);
    expect(hllTau(1)).toBe(0);
  });

  it('is 0 for no registers set and 2^63 when every register saturates', () => {
    const h = new Int32Array(64);
    h[0] = HLL_REGISTERS;
    expect(estimateCardinality(h)).toBe(0);
    const full = new Int32Array(64);
    full[51] = HLL_REGISTERS;
    expect(estimateCardinality(full)).toBe(1n << 63n);
  });
});

describe('PF commands and memory accounting', () => {
  it('the incremental total equals a full recount after random PF* and string writes (promotions included)', () => {
    const config = Config.fromObject({ port: 0, save: '', 'hll-sparse-max-bytes': 60 });
    const clock = new Clock();
    clock.freeze();
    const server = new Server(config, { clock, rng: seededRng(3), logSink: () => {} });
    const client = new InternalClient(server);
    const keyspace = server.keyspace;
    const key = fc.constantFrom('a', 'b', 'c');
    const element = fc.oneof(fc.constantFrom('x', 'y', 'z', ''), fc.integer({ min: 0, max: 5000 }).map(String));
    const command = fc.oneof(
      fc.tuple(key, fc.array(element, { maxLength: 12 })).map(([k, es]) => ['PFADD', k, ...es]),
      key.map((k) => ['PFCOUNT', k]),
      fc.tuple(key, key).map(([a, b]) => ['PFCOUNT', a, b]),
      fc.tuple(key, key, key).map(([d, a, b]) => ['PFMERGE', d, a, b]),
      fc.tuple(fc.constantFrom('GETREG', 'TODENSE', 'ENCODING'), key).map(([s, k]) => ['PFDEBUG', s, k]),
      key.map((k) => ['SET', k, 'HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x7f\xff']),
      key.map((k) => ['APPEND', k, 'x']),
      key.map((k) => ['DEL', k]),
    );
    fc.assert(
      fc.property(fc.array(command, { minLength: 10, maxLength: 40 }), (sequence) => {
        client.run('FLUSHALL');
        for (const argv of sequence) {
          try {
            client.run(...argv);
          } catch (err) {
            if (!(err instanceof ReplyError)) throw err;
          }
          const used = keyspace.usedBytes;
          const recount = keyspace.recount();
          if (used !== recount) throw new Error(`drift after ${argv.join(' ')}: ${used} != ${recount}`);
        }
      }),
      { seed: 20261126, numRuns: 100 },
    );
  });
});
