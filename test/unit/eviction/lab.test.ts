// Smoke test of the eviction lab (bench/eviction): its simulator, workloads, trace formats and
// report, on workloads small enough to run in a fraction of a second.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownTable, renderSvg, toCsv, type LabRow } from '../../../bench/eviction/report.js';
import { capacityFor, simulate } from '../../../bench/eviction/sim.js';
import { scanWorkload, shiftWorkload, traceWorkload, zipfWorkload } from '../../../bench/eviction/workloads.js';
import { EXTRA_POLICIES } from '../../../src/eviction/extra/index.js';

const small = { requests: 20_000, keys: 2_000, seed: 7 };

function policy(name: string) {
  const f = EXTRA_POLICIES.get(name);
  if (f === undefined) throw new Error(name);
  return f;
}

describe('eviction lab', () => {
  it('a cache as large as the key set has only cold misses, whatever the policy', () => {
    const w = zipfWorkload(0.8, small);
    for (const [name, factory] of EXTRA_POLICIES) {
      const r = simulate(factory, w, w.distinct);
      expect(r.misses, name).toBe(w.distinct);
      expect(r.evictions, name).toBe(0);
    }
  });

  it('on a skewed Zipf workload frequency-aware policies beat FIFO, and LRU beats FIFO', () => {
    const w = zipfWorkload(1.0, small);
    const cap = capacityFor(w, 0.05);
    const fifo = simulate(policy('allkeys-fifo'), w, cap).missRatio;
    expect(simulate(policy('allkeys-exact-lfu'), w, cap).missRatio).toBeLessThan(fifo - 0.03);
    expect(simulate(policy('allkeys-wtinylfu'), w, cap).missRatio).toBeLessThan(fifo - 0.03);
    expect(simulate(policy('allkeys-exact-lru'), w, cap).missRatio).toBeLessThan(fifo);
  });

  it('scans hurt LRU more than the scan-resistant policies', () => {
    const w = scanWorkload(small, 1000, 300);
    const cap = capacityFor(w, 0.05);
    const lru = simulate(policy('allkeys-exact-lru'), w, cap).missRatio;
    for (const name of ['allkeys-s3fifo', 'allkeys-arc', 'allkeys-wtinylfu']) {
      expect(simulate(policy(name), w, cap).missRatio, name).toBeLessThan(lru);
    }
  });

  it('a moving hot set hurts exact LFU (no aging) more than LRU', () => {
    const w = shiftWorkload(small);
    const cap = capacityFor(w, 0.05);
    expect(simulate(policy('allkeys-exact-lfu'), w, cap).missRatio).toBeGreaterThan(
      simulate(policy('allkeys-exact-lru'), w, cap).missRatio,
    );
  });

  it('workloads are seeded: the same seed gives the same requests', () => {
    expect(zipfWorkload(1.2, small).requests).toEqual(zipfWorkload(1.2, small).requests);
    expect(zipfWorkload(1.2, small).requests).not.toEqual(zipfWorkload(1.2, { ...small, seed: 8 }).requests);
  });

  it('reads traces with one key per line or key,size', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-trace-'));
    try {
      const plain = path.join(dir, 'plain.txt');
      writeFileSync(plain, '# comment\na\nb\r\na\n\nc,d\n');
      const p = traceWorkload(plain);
      expect(Array.from(p.requests)).toEqual([0, 1, 0, 2]);
      expect(p.distinct).toBe(3);
      expect(p.sizes).toBeUndefined();
      const csv = path.join(dir, 'sized.csv');
      writeFileSync(csv, 'user:1,100\nuser:2,2000\nuser:1,100\n');
      const c = traceWorkload(csv);
      expect(Array.from(c.requests)).toEqual([0, 1, 0]);
      expect(Array.from(c.sizes ?? [])).toEqual([100, 2000]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a table, a CSV and an SVG with one line per policy', () => {
    const w = zipfWorkload(1.0, small);
    const rows: LabRow[] = [];
    for (const name of ['allkeys-exact-lru', 'allkeys-sieve']) {
      for (const fraction of [0.01, 0.1]) {
        const capacity = capacityFor(w, fraction);
        const r = simulate(policy(name), w, capacity);
        rows.push({ workload: w.name, policy: name, mode: 'sim', fraction, capacity, requests: w.requests.length, hits: r.hits, misses: r.misses, missRatio: r.missRatio, residentAtEnd: capacity, elapsedMs: r.elapsedMs });
      }
    }
    const table = markdownTable(rows);
    expect(table.split('\n')).toHaveLength(4);
    expect(table).toContain('| allkeys-sieve |');
    expect(toCsv(rows).trim().split('\n')).toHaveLength(5);
    const svg = renderSvg('t', 's', rows);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('miss ratio');
  });
});
