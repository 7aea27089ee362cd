// Idle heap reclaim end to end, in child processes with V8's real heuristics: a burst of writes grows
// the young generation to its 32 MB maximum; once the server goes quiet the cron's HeapReclaim gets it
// back to ~1 MB within seconds. The control run is an embedded server without the reclaim (the default:
// the host's heap is the host's business), and shows that V8 alone keeps the 32 MB for the same while (what the memory benchmark measured before: RSS unchanged after 10 s).

import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { SRC_DIR, runHeapScript } from '../helpers/heap-child.js';
import { startTestServer } from '../helpers/server.js';

const script = (reclaim: boolean): string => `
import net from 'node:net';
import { startServer } from '${SRC_DIR}/index.ts';
import { youngGenerationBytes } from '${SRC_DIR}/util/heap.ts';
const redis = await startServer({ port: 0, save: '', appendonly: 'no' }, { reclaimHeap: ${reclaim} });
// 300,000 SETs in one pipeline, then wait for every reply.
const N = 300_000;
const parts = [];
for (let i = 0; i < N; i++) {
  const k = 'key:' + String(i).padStart(8, '0');
  parts.push('*3\\r\\n$3\\r\\nSET\\r\\n$' + k.length + '\\r\\n' + k + '\\r\\n$16\\r\\n' + k.padEnd(16, 'v') + '\\r\\n');
}
const socket = net.connect(redis.port, '127.0.0.1');
await new Promise((resolve) => socket.once('connect', resolve));
let replies = 0;
await new Promise((resolve) => {
  socket.on('data', (d) => { for (const b of d) if (b === 10) replies++; if (replies >= N) resolve(); });
  socket.write(parts.join(''));
});
const peak = youngGenerationBytes();
const started = Date.now();
let now = peak;
while (Date.now() - started < 10_000 && now > 2 * 1024 * 1024) {
  await new Promise((resolve) => setTimeout(resolve, 250));
  now = youngGenerationBytes();
}
console.log(JSON.stringify({ peak, now, ms: Date.now() - started, shrinks: redis.server.heapReclaim.shrinks }));
socket.destroy();
process.exit(0);
`;

describe('idle heap reclaim', () => {
  it('gives the young generation back once the server is quiet, which V8 alone does not do', async () => {
    const [on, off] = await Promise.all([runHeapScript(script(true)), runHeapScript(script(false))]);
    const MB = 1024 * 1024;
    expect(on['peak'], JSON.stringify(on)).toBeGreaterThanOrEqual(16 * MB); // the burst grew it
    expect(on['now'], JSON.stringify(on)).toBeLessThanOrEqual(2 * MB);
    expect(on['shrinks']).toBe(1);
    expect(on['ms']).toBeLessThan(10_000);
    expect(off['peak'], JSON.stringify(off)).toBeGreaterThanOrEqual(16 * MB);
    expect(off['now'], JSON.stringify(off)).toBeGreaterThanOrEqual(16 * MB); // still held after 10 s
  }, 40_000);
});

describe('MEMORY PURGE', () => {
  it('runs a full (mark-compact) collection', async () => {
    const srv = await startTestServer();
    const redis = new Redis(srv.port, '127.0.0.1', { lazyConnect: true });
    const majors: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors.push(entry.duration);
      }
    });
    try {
      await redis.connect();
      // The Lua runtime loads in the background after start-up, and its allocations bring V8's own
      // collections: wait for it, then for the heap to settle.
      expect(await redis.eval('return 1', 0)).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      observer.observe({ entryTypes: ['gc'] });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const before = majors.length;
      expect(await redis.call('MEMORY', 'PURGE')).toBe('OK');
      await new Promise((resolve) => setTimeout(resolve, 50)); // the observer is called asynchronously
      expect(majors.length).toBeGreaterThan(before);
    } finally {
      observer.disconnect();
      redis.disconnect();
      await srv.close();
    }
  });
});
