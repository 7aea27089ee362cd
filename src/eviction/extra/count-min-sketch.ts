// A count-min sketch of 4-bit counters with periodic halving: TinyLFU's frequency estimate.
// Mirrors: nothing in Redis (Redis keeps an 8-bit Morris counter inside each object instead).
//
// The idea. To compare the popularity of a newcomer with that of an old key, W-TinyLFU needs
// access counts for keys that are not (or no longer) in the cache, in bounded memory. A count-min
// sketch keeps DEPTH rows of counters; a key increments one counter per row (chosen by hashing)
// and its estimate is the minimum of its counters: collisions only ever inflate a count, and the
// minimum is the least inflated. Counters saturate at 15 (4 bits: TinyLFU only needs to tell
// "popular" from "not", and small counters keep the sketch small). Aging: after SAMPLE_FACTOR ×
// width increments every counter is halved, so the sketch forgets old popularity ("reset" in the
// TinyLFU paper).
//
// Source. G. Cormode, S. Muthukrishnan, "An improved data stream summary: the count-min sketch and
// its applications", J. Algorithms 2005; the 4-bit counters and reset from G. Einziger, R.
// Friedman, B. Manes, "TinyLFU: A Highly Efficient Cache Admission Policy", ACM TOS 2017.
//
// Costs. increment and estimate: O(DEPTH) plus hashing the key; the halving is O(width × DEPTH)
// once every SAMPLE_FACTOR × width increments, so amortised O(1). Memory: one byte per counter
// (Caffeine packs two per byte; SIMPLIFIED here for readability).

const DEPTH = 4;
const MAX_COUNT = 15;
const SAMPLE_FACTOR = 10;
const MIN_WIDTH = 16;

/** FNV-1a over the key's latin1 code units, then the db, then a murmur3 finaliser. */
export function hashKey(db: number, key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ db, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class CountMinSketch {
  private counters: Uint8Array;
  private mask: number;
  private additions = 0;
  private sampleSize: number;

  constructor(expectedKeys: number) {
    const width = CountMinSketch.widthFor(expectedKeys);
    this.counters = new Uint8Array(width * DEPTH);
    this.mask = width - 1;
    this.sampleSize = SAMPLE_FACTOR * width;
  }

  private static widthFor(keys: number): number {
    let width = MIN_WIDTH;
    while (width < keys) width *= 2;
    return width;
  }

  get width(): number {
    return this.mask + 1;
  }

  /** Widen for more keys (forgets all counts: Caffeine does the same when its maximum grows). */
  ensureCapacity(keys: number): void {
    const width = CountMinSketch.widthFor(keys);
    if (width <= this.width) return;
    this.counters = new Uint8Array(width * DEPTH);
    this.mask = width - 1;
    this.sampleSize = SAMPLE_FACTOR * width;
    this.additions = 0;
  }

  /** Forget every count. */
  reset(): void {
    this.counters.fill(0);
    this.additions = 0;
  }

  /** Row i's counter for a hash: double hashing (h1 + i·h2) spreads the rows independently enough. */
  private index(hash: number, row: number): number {
    const h2 = (Math.imul(hash, 0x9e3779b1) >>> 15) | 1;
    return row * (this.mask + 1) + (((hash + Math.imul(row, h2)) >>> 0) & this.mask);
  }

  estimate(hash: number): number {
    let min = MAX_COUNT;
    for (let row = 0; row < DEPTH; row++) {
      const c = this.counters[this.index(hash, row)] as number;
      if (c < min) min = c;
    }
    return min;
  }

  increment(hash: number): void {
    let added = false;
    for (let row = 0; row < DEPTH; row++) {
      const i = this.index(hash, row);
      const c = this.counters[i] as number;
      if (c < MAX_COUNT) {
        this.counters[i] = c + 1;
        added = true;
      }
    }
    if (added && ++this.additions >= this.sampleSize) this.halve();
  }

  private halve(): void {
    const counters = this.counters;
    for (let i = 0; i < counters.length; i++) counters[i] = (counters[i] as number) >>> 1;
    this.additions = this.additions >>> 1;
  }
}
