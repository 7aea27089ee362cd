// Properties every extra eviction policy keeps, whatever the sequence of keyspace events: its size
// is the number of resident keys, victim() always names a resident key (and nothing when empty),
// and DEL, FLUSHDB and SWAPDB keep that true. Checked against a model: a set of "db:key" strings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXTRA_POLICIES } from '../../../src/eviction/extra/index.js';

type Op =
  | { readonly kind: 'touch'; readonly db: number; readonly key: string }
  | { readonly kind: 'del'; readonly db: number; readonly key: string }
  | { readonly kind: 'evict'; readonly count: number }
  | { readonly kind: 'flushdb'; readonly db: number }
  | { readonly kind: 'swapdb'; readonly a: number; readonly b: number };

const db = fc.integer({ min: 0, max: 2 });
const key = fc.integer({ min: 0, max: 11 }).map((n) => `k${n}`);
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('touch' as const), db, key }), weight: 10 },
  { arbitrary: fc.record({ kind: fc.constant('del' as const), db, key }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('evict' as const), count: fc.integer({ min: 1, max: 4 }) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('flushdb' as const), db }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('swapdb' as const), a: db, b: db }), weight: 1 },
);

describe.each([...EXTRA_POLICIES.keys()])('%s keeps its bookkeeping consistent', (name) => {
  it('size, victim, DEL, FLUSHDB and SWAPDB agree with a model of the keyspace', () => {
    const factory = EXTRA_POLICIES.get(name);
    if (factory === undefined) throw new Error(name);
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.integer({ min: 0, max: 64 }), (ops, expectedKeys) => {
        const policy = factory(expectedKeys);
        const model = new Set<string>();
        for (const o of ops) {
          switch (o.kind) {
            case 'touch':
              // The keyspace reports a new key as insert and an existing one as access.
              if (model.has(`${o.db}:${o.key}`)) policy.access(o.db, o.key);
              else policy.insert(o.db, o.key, 10);
              model.add(`${o.db}:${o.key}`);
              break;
            case 'del':
              model.delete(`${o.db}:${o.key}`);
              policy.remove(o.db, o.key);
              break;
            case 'evict':
              for (let i = 0; i < o.count; i++) {
                const v = policy.victim();
                if (v === undefined) break;
                expect(policy.victim()).toEqual(v); // naming a victim twice names the same key
                expect(model.delete(`${v.db}:${v.key}`)).toBe(true);
                policy.remove(v.db, v.key);
              }
              break;
            case 'flushdb':
              for (const k of [...model]) if (k.startsWith(`${o.db}:`)) model.delete(k);
              policy.clear(o.db);
              break;
            case 'swapdb': {
              const moved = [...model].map((k) => {
                const [d, rest] = [Number(k.slice(0, k.indexOf(':'))), k.slice(k.indexOf(':') + 1)];
                return `${d === o.a ? o.b : d === o.b ? o.a : d}:${rest}`;
              });
              model.clear();
              for (const k of moved) model.add(k);
              policy.swap(o.a, o.b);
              break;
            }
          }
          expect(policy.size).toBe(model.size);
          const v = policy.victim();
          if (model.size === 0) expect(v).toBeUndefined();
          else expect(v !== undefined && model.has(`${v.db}:${v.key}`)).toBe(true);
        }
        // Draining by eviction empties the policy and names every key exactly once.
        const drained = new Set<string>();
        for (let v = policy.victim(); v !== undefined; v = policy.victim()) {
          const id = `${v.db}:${v.key}`;
          expect(drained.has(id)).toBe(false);
          drained.add(id);
          policy.remove(v.db, v.key);
        }
        expect(drained).toEqual(model);
        expect(policy.size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
