// The eviction lab's request streams: seeded synthetic workloads and user traces.
// A workload is a sequence of key ids (Int32Array, 0..distinct-1) plus, optionally, a value size
// per id; the simulator and the TCP replayer both read it, so every policy sees the same stream.
//
// - zipf-<α>: requests drawn from a Zipf distribution over `keys` keys: the key of rank r is
//   requested with probability ∝ 1/r^α. α = 0.6 is flat (little to gain from any policy), 1.2 is
//   very skewed (a few keys get most requests). Ranks are shuffled onto ids so that id order
//   carries no popularity (FIFO-like policies cannot benefit from it).
// - scan: Zipf α = 1.0 with one-hit sequential scans mixed in (every `scanEvery` requests, a run of
//   `scanLength` keys never seen before and never seen again), as a backup job or a crawler does.
//   Scan keys count as distinct keys, so cache sizes include them.
// - shift: Zipf α = 1.0 whose hot set moves: the stream is cut into `phases`, and each phase maps
//   ranks onto a different rotation of the ids, so the popular keys of one phase are cold in the
//   next. Policies that never forget (exact LFU) suffer here.
// - trace: a file, one key per line, or CSV `key,size` (size in bytes, used as the value size
//   over TCP; the simulator counts keys). Blank lines and lines starting with # are skipped.

import { readFileSync } from 'node:fs';

export interface Workload {
  readonly name: string;
  /** One key id per request. */
  readonly requests: Int32Array;
  /** How many different ids occur in `requests`. */
  readonly distinct: number;
  /** Value size per id in bytes, when the trace gives one. */
  readonly sizes?: Int32Array;
  /** For the report: how it was generated. */
  readonly description: string;
}

/** mulberry32: a small, fast, seedable 32-bit generator; plenty for workload generation. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Zipf sampler over ranks 0..n-1 by inversion of the cumulative distribution (binary search). */
export function zipfSampler(n: number, alpha: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) {
    sum += 1 / Math.pow(r + 1, alpha);
    cdf[r] = sum;
  }
  for (let r = 0; r < n; r++) cdf[r] = (cdf[r] as number) / sum;
  return () => {
    const u = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A random permutation of 0..n-1 (Fisher-Yates). */
function permutation(n: number, random: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = p[i] as number;
    p[i] = p[j] as number;
    p[j] = t;
  }
  return p;
}

/** Renumber ids in order of first appearance, so `distinct` is exact and ids are dense. */
function densify(raw: Int32Array): { requests: Int32Array; distinct: number } {
  const ids = new Map<number, number>();
  const out = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const k = raw[i] as number;
    let id = ids.get(k);
    if (id === undefined) {
      id = ids.size;
      ids.set(k, id);
    }
    out[i] = id;
  }
  return { requests: out, distinct: ids.size };
}

export interface SyntheticOptions {
  readonly requests: number;
  readonly keys: number;
  readonly seed: number;
}

export function zipfWorkload(alpha: number, o: SyntheticOptions): Workload {
  const random = seededRandom(o.seed);
  const next = zipfSampler(o.keys, alpha, random);
  const ids = permutation(o.keys, random);
  const raw = new Int32Array(o.requests);
  for (let i = 0; i < o.requests; i++) raw[i] = ids[next()] as number;
  return {
    name: `zipf-${alpha.toFixed(1)}`,
    ...densify(raw),
    description: `Zipf α=${alpha} over ${o.keys} keys, ${o.requests} requests, seed ${o.seed}`,
  };
}

export function scanWorkload(o: SyntheticOptions, scanEvery = 4000, scanLength = 1000): Workload {
  const random = seededRandom(o.seed + 1);
  const next = zipfSampler(o.keys, 1.0, random);
  const ids = permutation(o.keys, random);
  const raw = new Int32Array(o.requests);
  let fresh = o.keys;
  let sinceScan = 0;
  for (let i = 0; i < o.requests; ) {
    if (sinceScan >= scanEvery) {
      for (let s = 0; s < scanLength && i < o.requests; s++) raw[i++] = fresh++;
      sinceScan = 0;
    } else {
      raw[i++] = ids[next()] as number;
      sinceScan++;
    }
  }
  return {
    name: 'scan',
    ...densify(raw),
    description: `Zipf α=1.0 over ${o.keys} keys plus a one-hit scan of ${scanLength} new keys every ${scanEvery} requests, ${o.requests} requests, seed ${o.seed}`,
  };
}

export function shiftWorkload(o: SyntheticOptions, phases = 5): Workload {
  const random = seededRandom(o.seed + 2);
  const next = zipfSampler(o.keys, 1.0, random);
  const ids = permutation(o.keys, random);
  const raw = new Int32Array(o.requests);
  const perPhase = Math.ceil(o.requests / phases);
  const rotation = Math.floor(o.keys / phases);
  for (let i = 0; i < o.requests; i++) {
    const phase = Math.floor(i / perPhase);
    raw[i] = ids[(next() + phase * rotation) % o.keys] as number;
  }
  return {
    name: 'shift',
    ...densify(raw),
    description: `Zipf α=1.0 over ${o.keys} keys whose hot set moves ${phases - 1} times (rank→key rotated by ${rotation}), ${o.requests} requests, seed ${o.seed}`,
  };
}

/** A trace file: `key` or `key,size` per line. */
export function traceWorkload(file: string): Workload {
  const text = readFileSync(file, 'latin1');
  const ids = new Map<string, number>();
  const sizeById: number[] = [];
  let requests = new Int32Array(1 << 16);
  let n = 0;
  let sized = false;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '' || line.startsWith('#')) continue;
    let key = line;
    let size = -1;
    const comma = line.lastIndexOf(',');
    if (comma !== -1) {
      const parsed = Number(line.slice(comma + 1));
      if (Number.isInteger(parsed) && parsed >= 0) {
        key = line.slice(0, comma);
        size = parsed;
        sized = true;
      }
    }
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
      sizeById.push(size);
    } else if (size >= 0) {
      sizeById[id] = size;
    }
    if (n === requests.length) {
      const grown = new Int32Array(requests.length * 2);
      grown.set(requests);
      requests = grown;
    }
    requests[n++] = id;
  }
  const base = file.split('/').pop() ?? file;
  const workload: Workload = {
    name: `trace-${base.replace(/\.[^.]*$/, '')}`,
    requests: requests.slice(0, n),
    distinct: ids.size,
    description: `trace ${base}: ${n} requests, ${ids.size} distinct keys${sized ? ', with sizes' : ''}`,
  };
  return sized ? { ...workload, sizes: Int32Array.from(sizeById, (s) => Math.max(0, s)) } : workload;
}

/** The default synthetic set: four Zipf skews, the scan mix and the shifting hot set. */
export function defaultWorkloads(o: SyntheticOptions, names?: readonly string[]): Workload[] {
  const all: Array<[string, () => Workload]> = [
    ['zipf-0.6', () => zipfWorkload(0.6, o)],
    ['zipf-0.8', () => zipfWorkload(0.8, o)],
    ['zipf-1.0', () => zipfWorkload(1.0, o)],
    ['zipf-1.2', () => zipfWorkload(1.2, o)],
    ['scan', () => scanWorkload(o)],
    ['shift', () => shiftWorkload(o)],
  ];
  const wanted = names ?? all.map(([n]) => n);
  for (const n of wanted) {
    if (!all.some(([name]) => name === n)) throw new Error(`unknown workload ${n}; known: ${all.map(([x]) => x).join(', ')}`);
  }
  return all.filter(([n]) => wanted.includes(n)).map(([, make]) => make());
}
