// Run a measuring script in a child Node process with --expose-gc (so it can take exact live-heap
// readings with gc()) and return the JSON object it prints. Used by the retention tests, which must
// not be disturbed by the test runner's own heap.

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The repository's src/ directory, for the scripts' imports. */
export const SRC_DIR = path.resolve(import.meta.dirname, '../../src');

export function runHeapScript(script: string): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heap-child-'));
  const file = path.join(dir, 'measure.mts');
  writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Record<string, number>) : reject(new Error(err))));
  });
}

/**
 * Script text defining `heap()` (live heap bytes after two full collections) and `perKey(build)`: the
 * live bytes each of N values built by `build(i)` keeps, N being a `const N` the script declares.
 */
export const PER_KEY_HEAP = `
const gc = globalThis.gc;
const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
function perKey(build) {
  const keep = [];
  const before = heap();
  for (let i = 0; i < N; i++) keep.push(build(i));
  const bytes = (heap() - before) / N;
  return keep.length === N ? bytes : -1;
}
`;
