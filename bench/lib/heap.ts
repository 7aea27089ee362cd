// Live-heap measurement for the bench scripts that count V8 heap bytes per key or entry in one process
// (bench/memory/heap-per-key.ts, model-vs-heap.ts, stream-heap.ts, bench/micro/zset-heap.ts). They run
// under `node --expose-gc`: a full collection before each reading leaves only live objects.

const gc = (globalThis as { gc?: () => void }).gc;

/** V8 heap bytes in use after two full collections (the second catches what the first's finalizers freed). */
export function liveHeapBytes(): number {
  if (gc === undefined) throw new Error('run with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** A fresh one-byte string, as the request parser makes them (not an internalized literal). */
export function freshString(text: string): string {
  return Buffer.from(text, 'latin1').latin1Slice(0, text.length);
}
