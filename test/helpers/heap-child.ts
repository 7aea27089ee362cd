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
