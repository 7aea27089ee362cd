// A field or value read out of a packed hash listpack is a view into the whole packed string (V8's
// SlicedString); when the hash converts to a hashtable, the entries moved into it must be copies, or
// each keeps its old listpack alive. Measured in a child process with --expose-gc: the live heap of
// hashes converted from listpacks, against the same hashes built as hashtables directly.

import { describe, expect, it } from 'vitest';
import { PER_KEY_HEAP, SRC_DIR, runHeapScript } from '../../helpers/heap-child.js';

const SRC = SRC_DIR;

const SCRIPT = `
import { createHash, hashDelete, hashSet } from '${SRC}/datatypes/hash/hash-type.ts';
const text = (i, f, what) => Buffer.from((what + '-' + i + '-' + f + '-').padEnd(60, 'x')).latin1Slice(0, 60);
const N = 200;
${PER_KEY_HEAP}
/** 129 fields (a listpack converts on the 129th), then all but field 0 removed. */
function leftOne(i, limits) {
  const h = createHash();
  for (let f = 0; f < 129; f++) hashSet(h, text(i, f, 'field'), text(i, f, 'value'), limits);
  for (let f = 1; f < 129; f++) hashDelete(h, text(i, f, 'field'));
  return h;
}
console.log(JSON.stringify({
  direct: perKey((i) => leftOne(i, { maxListpackEntries: 0, maxListpackValue: 0 })),
  converted: perKey((i) => leftOne(i, { maxListpackEntries: 128, maxListpackValue: 64 })),
}));
`;

const run = (): Promise<Record<string, number>> => runHeapScript(SCRIPT);

describe('hash entries leaving a packed listpack are copies', () => {
  it('a hash converted to a hashtable keeps no packed listpack alive through its entries', async () => {
    const r = await run();
    // The 128-pair listpack of 60-byte fields and values is ~16 KB: one entry kept as a view would hold all of it.
    expect((r['converted'] as number) - (r['direct'] as number), JSON.stringify(r)).toBeLessThan(3000);
  }, 30_000);
});
