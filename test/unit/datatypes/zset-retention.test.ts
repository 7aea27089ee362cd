// A member read out of a packed listpack is a view into the whole packed string (V8's SlicedString);
// members that move into a skiplist (a conversion, a set operation's result) must be copies, or each
// keeps its old listpack alive. Measured in a child process with --expose-gc: the live heap of skiplists
// made by converting listpacks, against the same skiplists built directly.

import { describe, expect, it } from 'vitest';
import { PER_KEY_HEAP, SRC_DIR, runHeapScript } from '../../helpers/heap-child.js';

const SRC = SRC_DIR;

const SCRIPT = `
import { createZSet, zsetAdd, zsetForEachReverse, zsetFromSkiplist, zsetRemove } from '${SRC}/datatypes/zset/zset-type.ts';
import { zsetInter } from '${SRC}/datatypes/zset/set-ops.ts';
const member = (i, m) => Buffer.from(('member-' + i + '-' + m + '-').padEnd(60, 'x')).latin1Slice(0, 60);
const N = 200;
${PER_KEY_HEAP}
const small = { maxListpackEntries: 128, maxListpackValue: 64 };
const none = { maxListpackEntries: 0, maxListpackValue: 0 };
function filled(i, limits, count) {
  const z = createZSet(limits, 1, 60);
  for (let m = 0; m < count; m++) zsetAdd(z, m, member(i, m), 0, limits);
  return z;
}
/** 129 members (a listpack converts on the 129th), then all but member 0 removed. */
function leftOne(i, limits) {
  const z = filled(i, limits, 129);
  for (let m = 1; m < 129; m++) zsetRemove(z, member(i, m));
  return z;
}
const source = (z) => ({ length: 100, forEach: (emit) => zsetForEachReverse(z, emit), score: (m) => (m === member(7, 7) ? 1 : undefined), subject: z, weight: 1 });
/** ZINTER of a 100-member set with one that has only member(7, 7) of it: a one-member result. */
const inter = (limits) => (i) => zsetFromSkiplist(zsetInter([source(filled(7, limits, 100)), source(filled(i + 1e6, limits, 1))], 'sum').result);
const result = {
  direct: perKey((i) => leftOne(i, none)),
  converted: perKey((i) => leftOne(i, small)),
  interDirect: perKey(inter(none)),
  inter: perKey(inter(small)),
};
console.log(JSON.stringify(result));
`;

const run = (): Promise<Record<string, number>> => runHeapScript(SCRIPT);

describe('members leaving a packed listpack are copies', () => {
  it('a converted set and a set operation keep no packed listpack alive through their members', async () => {
    const r = await run();
    // A 128-member listpack of 60-byte members is 128 × 69 = 8.8 KB, a 100-member one 6.9 KB: a result
    // holding one member as a view would keep all of it. Copies cost about what direct builds cost.
    expect((r['converted'] as number) - (r['direct'] as number), JSON.stringify(r)).toBeLessThan(3000);
    expect((r['inter'] as number) - (r['interDirect'] as number), JSON.stringify(r)).toBeLessThan(3000);
  }, 30_000);
});
