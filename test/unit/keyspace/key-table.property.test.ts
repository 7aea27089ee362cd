// The keyspace's own hash table (src/keyspace/key-table.ts) against a Map model: random sets,
// overwrites, deletes and lookups, bulk loads and bulk deletes that cross the grow and shrink
// thresholds, iteration contents, slots that never move while their key lives, and SCAN's
// guarantee (every key present for a whole walk is returned) with writes between the steps.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyTable, hashKey } from '../../../src/keyspace/key-table.js';
import { scanSlots } from '../../../src/keyspace/sampling.js';
import { Config } from '../../../src/config/config.js';
import { Server } from '../../../src/server/server.js';
import { createString } from '../../../src/datatypes/string/string-type.js';

/** Slots per chunk of a KeyTable. */
const CHUNK = 4096;

/** Two different keys with the same 32-bit hash under seed 0, found by brute force (birthday bound). */
function collidingPair(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const key = `c:${i}`;
    const hash = hashKey(key, 0);
    const other = seen.get(hash);
    if (other !== undefined) return [other, key];
    seen.set(hash, key);
  }
}
const [COLLIDE_A, COLLIDE_B] = collidingPair();

const smallKey = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'key:1', 'key:2', '', 'x'.repeat(17), COLLIDE_A, COLLIDE_B),
  fc.integer({ min: 0, max: 300 }).map((i) => `k${i}`),
  fc.string({ maxLength: 6 }),
);

type Op =
  | { kind: 'set'; key: string; value: number }
  | { kind: 'delete'; key: string }
  | { kind: 'get'; key: string }
  | { kind: 'load'; prefix: number; count: number }
  | { kind: 'unload'; keep: number }
  | { kind: 'scan'; count: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), key: smallKey, value: fc.integer() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: smallKey }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('get' as const), key: smallKey }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('load' as const), prefix: fc.integer({ min: 0, max: 3 }), count: fc.integer({ min: 1, max: 6000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unload' as const), keep: fc.integer({ min: 0, max: 20 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('scan' as const), count: fc.integer({ min: 1, max: 50 }) }) },
);

/** A SCAN walk in progress: its cursor, the keys it returned, the keys present since it began. */
interface Walk {
  cursor: number;
  readonly seen: Set<string>;
  readonly present: Set<string>;
}

describe('KeyTable against a Map', () => {
  it('agrees with the model through random writes, growth and shrink; slots stay put; SCAN keeps its guarantee', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const table = new KeyTable<number>(0);
        const model = new Map<string, number>();
        const slots = new Map<string, number>();
        let walk: Walk | undefined;
        const remove = (key: string): void => {
          expect(table.delete(key)).toBe(model.get(key));
          model.delete(key);
          slots.delete(key);
          walk?.present.delete(key);
        };
        const put = (key: string, value: number): void => {
          table.set(key, value);
          model.set(key, value);
          if (!slots.has(key)) slots.set(key, table.slotOf(key));
        };
        for (const o of ops) {
          switch (o.kind) {
            case 'set':
              put(o.key, o.value);
              break;
            case 'delete':
              remove(o.key);
              break;
            case 'get':
              expect(table.get(o.key)).toBe(model.get(o.key));
              expect(table.has(o.key)).toBe(model.has(o.key));
              break;
            case 'load':
              for (let i = 0; i < o.count; i++) put(`bulk:${o.prefix}:${i}`, i);
              break;
            case 'unload':
              for (const key of [...model.keys()].slice(o.keep)) remove(key);
              break;
            case 'scan': {
              if (walk === undefined) walk = { cursor: 0, seen: new Set(), present: new Set(model.keys()) };
              const step = scanSlots(table, walk.cursor, o.count);
              for (const key of step.keys) walk.seen.add(key);
              walk.cursor = step.cursor;
              if (step.cursor === 0) {
                for (const key of walk.present) expect(walk.seen.has(key)).toBe(true);
                walk = undefined;
              }
              break;
            }
          }
          expect(table.size).toBe(model.size);
        }
        table.assertConsistent();
        for (const [key, value] of model) {
          expect(table.get(key)).toBe(value);
          expect(table.slotOf(key)).toBe(slots.get(key));
        }
        const listed = [...table.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
        expect(listed).toEqual([...model.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)));
        expect([...table.keys()].length).toBe(model.size);
        const { keys, values } = table.toArrays();
        expect(keys).toEqual([...table.keys()]);
        expect(values).toEqual([...table.entries()].map((entry) => entry[1]));
      }),
      { seed: 20261127, numRuns: 200 },
    );
  });

  it('keys with the same 32-bit hash are told apart by content', () => {
    expect(hashKey(COLLIDE_A, 0)).toBe(hashKey(COLLIDE_B, 0));
    const table = new KeyTable<string>(0);
    table.set(COLLIDE_A, 'a');
    expect(table.get(COLLIDE_B)).toBeUndefined();
    table.set(COLLIDE_B, 'b');
    expect([table.get(COLLIDE_A), table.get(COLLIDE_B)]).toEqual(['a', 'b']);
    expect(table.delete(COLLIDE_A)).toBe('a');
    expect(table.get(COLLIDE_B)).toBe('b');
    table.assertConsistent();
  });

  it('grows past 4/5 full to half full, shrinks under 1/10 to half full, trims free slots off the end', () => {
    const table = new KeyTable<number>();
    for (let i = 0; i < 12; i++) table.set(`k${i}`, i);
    expect(table.positions).toBe(16);
    table.set('k12', 12);
    expect(table.positions).toBe(26);
    let grows = 0;
    for (let i = 13; i < 100_000; i++) {
      const before = table.positions;
      table.set(`k${i}`, i);
      if (table.positions === before) continue;
      grows++;
      expect(before * 4).toBeLessThan(table.size * 5);
      expect(table.positions).toBe(2 * table.size);
    }
    expect(grows).toBe(18);
    expect(table.slotCount).toBe(100_000);
    // Deleting from the end trims the slots; under a tenth full the index shrinks to half full.
    let shrinks = 0;
    for (let i = 99_999; i >= 5_000; i--) {
      const before = table.positions;
      table.delete(`k${i}`);
      if (table.positions === before) continue;
      shrinks++;
      expect(table.size * 10).toBeLessThan(before);
      expect(table.positions).toBe(2 * table.size);
    }
    expect(shrinks).toBe(1);
    expect(table.slotCount).toBe(5_000);
    // Freed slots below the end are reused, newest first.
    table.delete('k10');
    table.delete('k20');
    table.set('new1', 1);
    table.set('new2', 2);
    expect([table.slotOf('new1'), table.slotOf('new2')]).toEqual([20, 10]);
    table.assertConsistent();
  });

  it('the hash spreads sequential 16-char keys evenly over the low bits', () => {
    const buckets = new Array<number>(1024).fill(0);
    for (let i = 0; i < 102_400; i++) {
      const index = hashKey(`key:${String(i).padStart(12, '0')}`, 0x5eed) & 1023;
      buckets[index] = (buckets[index] as number) + 1;
    }
    // 100 a bucket on average; a uniform hash keeps every bucket well within 100 ± 50.
    expect(Math.min(...buckets)).toBeGreaterThan(50);
    expect(Math.max(...buckets)).toBeLessThan(150);
  });
});

describe('SCAN over several chunks of slots', () => {
  it('returns every key present for the whole scan, with keys deleted and added on the way', () => {
    const server = new Server(Config.fromObject({ port: 0, save: '' }), { logSink: () => {} });
    const db = server.keyspace.db(0);
    const n = 3 * CHUNK + 100;
    for (let i = 0; i < n; i++) db.add(`key:${i}`, createString(`v${i}`));
    // Free the tail (trimmed off the end) and a stripe in the middle (reused by new keys).
    for (let i = n - 2 * CHUNK; i < n; i++) db.delete(`key:${i}`);
    for (let i = 100; i < 200; i++) db.delete(`key:${i}`);
    const seen = new Set<string>();
    let cursor = 0;
    let steps = 0;
    do {
      const step = db.scan(cursor, 500);
      for (const key of step.keys) seen.add(key);
      cursor = step.cursor;
      if (steps++ === 3) for (let i = 0; i < 300; i++) db.add(`late:${i}`, createString('x'));
    } while (cursor !== 0);
    for (let i = 0; i < n - 2 * CHUNK; i++) {
      if (i >= 100 && i < 200) continue;
      expect(seen.has(`key:${i}`)).toBe(true);
    }
    expect(seen.has(`key:${n - 1}`)).toBe(false);
    expect(db.size).toBe(n - 2 * CHUNK - 100 + 300);
    expect(db.randomSlotKey()).toBeDefined();
  });
});
