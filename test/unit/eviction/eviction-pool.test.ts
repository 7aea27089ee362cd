// The 16-entry eviction pool (src/eviction/eviction-pool.ts; Redis evict.c evictionPoolPopulate):
// kept sorted by idle ascending, best candidate rightmost, worst dropped when full, ghosts skipped.

import { describe, expect, it } from 'vitest';
import { EVPOOL_SIZE, EvictionPool } from '../../../src/eviction/eviction-pool.js';

function keys(pool: EvictionPool): Array<string | null> {
  return pool.entries.map((e) => e.key);
}

describe('eviction pool', () => {
  it('keeps candidates sorted by idle time, empty entries on the right', () => {
    const pool = new EvictionPool();
    pool.offer(0, 'b', 20);
    pool.offer(0, 'a', 10);
    pool.offer(0, 'c', 30);
    expect(keys(pool).slice(0, 4)).toEqual(['a', 'b', 'c', null]);
    expect(pool.size).toBe(3);
  });

  it('when full, a better key pushes out the worst, and a key worse than all is dropped', () => {
    const pool = new EvictionPool();
    for (let i = 0; i < EVPOOL_SIZE; i++) pool.offer(0, `k${i}`, (i + 1) * 10);
    expect(pool.size).toBe(EVPOOL_SIZE);
    pool.offer(0, 'worst', 5);
    expect(keys(pool)).not.toContain('worst');
    pool.offer(0, 'better', 55);
    expect(keys(pool)).toContain('better');
    expect(keys(pool)).not.toContain('k0');
    const idles = pool.entries.map((e) => e.idle);
    expect([...idles].sort((x, y) => x - y)).toEqual(idles);
  });

  it('takes the best candidate first and skips ghosts (keys deleted since they were pooled)', () => {
    const pool = new EvictionPool();
    pool.offer(0, 'old', 100);
    pool.offer(1, 'older', 200);
    pool.offer(0, 'young', 1);
    const gone = new Set(['older']);
    expect(pool.takeBest((_db, key) => !gone.has(key))).toEqual({ db: 0, key: 'old' });
    expect(pool.size).toBe(1);
    expect(pool.takeBest(() => true)).toEqual({ db: 0, key: 'young' });
    expect(pool.takeBest(() => true)).toBeUndefined();
  });
});
