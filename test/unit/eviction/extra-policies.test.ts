// Each extra eviction policy against a trace worked out by hand: the expected victims, with the
// reasoning beside them. The replay loop is the lab's cache model: a request for a resident key is
// a hit (access); a miss first evicts while the cache holds `capacity` keys, then inserts.
import { describe, expect, it } from 'vitest';
import { EXTRA_POLICIES } from '../../../src/eviction/extra/index.js';
import { ArcPolicy } from '../../../src/eviction/extra/arc.js';
import { ExactLfuPolicy } from '../../../src/eviction/extra/exact-lfu.js';
import type { TrackingPolicy } from '../../../src/eviction/tracking-policy.js';
import { Config } from '../../../src/config/config.js';

/** Replays space-separated keys (db 0) through `policy` with room for `capacity` keys; returns the victims. */
function replay(policy: TrackingPolicy, capacity: number, trace: string): string[] {
  const victims: string[] = [];
  const resident = new Set<string>();
  for (const key of trace.split(/\s+/).filter((k) => k !== '')) {
    if (resident.has(key)) {
      policy.access(0, key);
      continue;
    }
    while (policy.size >= capacity) {
      const v = policy.victim();
      if (v === undefined) throw new Error('no victim from a full cache');
      victims.push(v.key);
      resident.delete(v.key);
      policy.remove(v.db, v.key);
    }
    policy.insert(0, key, 1);
    resident.add(key);
  }
  return victims;
}

function make(name: string, expectedKeys = 0): TrackingPolicy {
  const factory = EXTRA_POLICIES.get(name);
  if (factory === undefined) throw new Error(`no policy ${name}`);
  return factory(expectedKeys);
}

describe('extra eviction policies on hand-worked traces', () => {
  it('exact LRU evicts the least recently used key', () => {
    // cap 3. a b c fill; a hit → order (old→new) b c a. d evicts b → c a d. b evicts c → a d b.
    // e evicts a.
    expect(replay(make('allkeys-exact-lru'), 3, 'a b c a d b e')).toEqual(['b', 'c', 'a']);
  });

  it('FIFO evicts in insertion order and ignores hits', () => {
    // cap 3. a b c; the hit on a changes nothing; d evicts a; b hits; e evicts b.
    expect(replay(make('allkeys-fifo'), 3, 'a b c a d b e')).toEqual(['a', 'b']);
  });

  it('exact LFU evicts the least used key', () => {
    // cap 3. a:2 b:1 c:1, then b:2. d misses: the only count-1 key is c. d:1. e misses: d is the
    // only count-1 key. The last a is a hit (a:3).
    const lfu = make('allkeys-exact-lfu') as ExactLfuPolicy;
    expect(replay(lfu, 3, 'a a b c b d e a')).toEqual(['c', 'd']);
    expect(lfu.frequencyOf(0, 'a')).toBe(3);
    expect(lfu.frequencyOf(0, 'b')).toBe(2);
    expect(lfu.frequencyOf(0, 'e')).toBe(1);
  });

  it('exact LFU breaks frequency ties by recency', () => {
    // cap 2. x:2 and y:2; x was used before y, so z evicts x; then w evicts z (count 1 < 2).
    expect(replay(make('allkeys-exact-lfu'), 2, 'x y x y z w')).toEqual(['x', 'z']);
  });

  it('CLOCK gives a referenced key a second chance and puts new keys behind the hand', () => {
    // cap 3, ring a b c, hand at a. a hit sets a's bit.
    // d: hand clears a, stops at b → b out; d takes b's place (a d c), hand at c.
    // b: c's bit is clear → c out; b takes its place, hand wraps to a.
    // e: a's bit was cleared → a out; hand at d. f: d out.
    expect(replay(make('allkeys-clock'), 3, 'a b c a d b e f')).toEqual(['b', 'c', 'a', 'd']);
  });

  it('SIEVE inserts at the head and keeps survivors in place', () => {
    // cap 3, queue (old→new) a b c; a hit marks a. d: the hand clears a, evicts b, rests at c;
    // d at the head: a c d. b: c unmarked → out; hand to d; a d b. e: d out; a b e.
    // f: hand at b → out. Unlike CLOCK, the old key a stays: new keys are demoted first.
    expect(replay(make('allkeys-sieve'), 3, 'a b c a d b e f')).toEqual(['b', 'c', 'd', 'b']);
  });

  it('S3-FIFO promotes keys hit in the small queue, readmits ghosts to main, and evicts main by CLOCK', () => {
    // cap 5 → small queue target max(1, 10% of 5) = 1, ghost holds 4 names.
    // a b c d e fill S; a, b hit. f: S's oldest a (hit) → M, b (hit) → M, c (no hit) → out, ghost.
    // c: (evict first) d → out, ghost [c d]; c is a ghost → inserted into M (a b c).
    // g: e → out. a hits (counter 2). h: f → out. S = g h; g and h hit.
    // i: g → M, h → M, S empty, so M is swept: a (2→1) and b (1→0) go round, c (0) → out.
    // c then misses again: it left from M, so it left no ghost; it enters S.
    expect(replay(make('allkeys-s3fifo'), 5, 'a b c d e a b f c g a h g h i c')).toEqual(['c', 'd', 'e', 'f', 'c', 'i']);
  });

  it('ARC adapts its target between recency and frequency', () => {
    // cap 4. Step by step (T1/T2 old→new, p = target size of T1):
    //  a b c d: T1 a b c d.  a hit: T1 b c d, T2 a.
    //  e: |T1|=3 > p=0 → b out (B1 b); T1 c d e.
    //  b: c out (B1 b c); b in B1 → p=1, b to T2 (a b).
    //  f: |T1|=2 > 1 → d out. g: e out; B1 trimmed to |T1|+|B1| ≤ 4 (c dropped).
    //  h: f out (d dropped from B1, which is e f).  a hit: T2 b a.
    //  e: g out; e in B1 → p=2, e to T2 (b a e); T1 h.
    //  i: |T1|=1 ≤ p=2 → T2's oldest b out (B2 b). T1 h i.
    //  b: |T1|=2 ≤ 2 → a out (B2 b a); b in B2 → p = 2 − max(1, |B1|/|B2| = 2/2) = 1.
    const arc = make('allkeys-arc') as ArcPolicy;
    expect(replay(arc, 4, 'a b c d a e b f g h a e i b')).toEqual(['b', 'c', 'd', 'e', 'f', 'g', 'b', 'a']);
    expect(arc.target).toBe(1);
    // FLUSHALL empties the cache: a new cache starts from p = 0 and no ghosts.
    arc.clear(0);
    expect(arc.target).toBe(0);
    expect(replay(arc, 4, 'a b c d e')).toEqual(['a']);
  });

  it('W-TinyLFU admits a window candidate only if it is more popular than the main victim', () => {
    // cap 5 → window 1 key, main 4 (protected ≤ 3). Sketch counts per access, including inserts.
    // a b c d e fill the window; b hit twice (count 3). f: the window shrinks to 1: a c d e move to
    // probation, b stays; b (3) beats probation's oldest a (1) → b admitted, a out.
    // g: f (1) vs c (1): not more popular → f out. c hit: probation → protected.
    // h: g (1) vs d (1) → g out. h hit twice (3). i: h (3) vs d (1) → h admitted, d out.
    const victims = replay(make('allkeys-wtinylfu', 1024), 5, 'a b c d e b b f g c h h h i');
    expect(victims).toEqual(['a', 'f', 'g', 'd']);
  });

  it('registers every extra policy name with CONFIG', () => {
    const config = new Config();
    for (const name of EXTRA_POLICIES.keys()) {
      config.configSet(['maxmemory-policy', name.toUpperCase()]);
      expect(config.get('maxmemory-policy')).toBe(name);
    }
    expect([...EXTRA_POLICIES.keys()]).toEqual([
      'allkeys-exact-lru', 'allkeys-exact-lfu', 'allkeys-fifo', 'allkeys-clock',
      'allkeys-sieve', 'allkeys-s3fifo', 'allkeys-wtinylfu', 'allkeys-arc',
    ]);
  });
});
