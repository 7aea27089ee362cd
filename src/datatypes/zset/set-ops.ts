// Union, intersection and difference of sorted sets (and plain sets, whose members score 1), with
// WEIGHTS and AGGREGATE: the engine behind ZUNION[STORE], ZINTER[STORE], ZINTERCARD and ZDIFF[STORE].
// Mirrors: redis src/t_zset.c (zunionInterDiffGenericCommand's algorithm half, zunionInterAggregate,
// zuiCompareByCardinality, zdiffAlgorithm1, the zui* iterator over zsets and sets).
//
// Each input is a source: its length, a walk over its elements and a score lookup. Redis sorts the
// sources by length, smallest first (a stable sort; the input order breaks ties), before union and
// intersection: the intersection then walks the smallest input and probes the others. The order
// also decides the order in which scores are added, and floating-point addition is not
// associative (1e16 + 1 + 1 is not 1 + 1 + 1e16), so we sort exactly as Redis does to get the same
// sums. Two more of Redis's conventions are kept: a weighted score that is NaN (inf × 0) counts as
// 0, and so does a SUM that reaches NaN (inf + -inf).
//
// The result is built as a skiplist, as Redis builds its `dstzset`; the store commands then shrink
// it to a listpack when it fits (zsetConvertToListpackIfNeeded), so they get the longest member.

import { zssCreate, zssInsert, type ZSkiplistSet } from './skiplist.js';
import type { ZSetEmit } from './zset-type.js';

/** One input of a set operation: a sorted set, a plain set (scores 1), or a missing key (empty). */
export interface ZSetOpSource {
  readonly length: number;
  /** Walk every element once (Redis walks a sorted set from its highest element). */
  forEach(emit: ZSetEmit): void;
  /** The member's score, or undefined when absent. */
  score(member: string): number | undefined;
  /** The value object behind the source, so the same key given twice is recognised (undefined: missing). */
  readonly subject: object | undefined;
  /** WEIGHTS: multiplies every score of this source (1 by default). */
  readonly weight: number;
}

export type ZSetAggregate = 'sum' | 'min' | 'max';

/** A set operation's result: a skiplist-encoded sorted set and its longest member, in bytes. */
export interface ZSetOpResult {
  readonly result: ZSkiplistSet;
  readonly maxMemberLength: number;
}

/** zunionInterAggregate: fold `value` into `target`; a NaN sum becomes 0. */
function aggregate(target: number, value: number, how: ZSetAggregate): number {
  switch (how) {
    case 'sum': {
      const sum = target + value;
      return Number.isNaN(sum) ? 0 : sum;
    }
    // Written as Redis compares, so a NaN value (inf × 0 weight) never wins.
    case 'min':
      return value < target ? value : target;
    case 'max':
      return value > target ? value : target;
  }
}

/** The weighted score of a source's element: NaN (inf × 0) counts as 0. */
function weighted(score: number, weight: number): number {
  const value = score * weight;
  return Number.isNaN(value) ? 0 : value;
}

/** Smallest first, ties in input order (Array.prototype.sort is stable, like glibc's qsort merge sort). */
function byLength(sources: readonly ZSetOpSource[]): ZSetOpSource[] {
  return sources.slice().sort((a, b) => a.length - b.length);
}

function build(entries: Iterable<[string, number]>): ZSetOpResult {
  const result = zssCreate();
  let maxMemberLength = 0;
  for (const [member, score] of entries) {
    zssInsert(result, score, member);
    if (member.length > maxMemberLength) maxMemberLength = member.length;
  }
  return { result, maxMemberLength };
}

/** ZUNION: every member of any input, scores aggregated in length order. */
export function zsetUnion(sources: readonly ZSetOpSource[], how: ZSetAggregate): ZSetOpResult {
  const accumulator = new Map<string, number>();
  for (const src of byLength(sources)) {
    if (src.length === 0) continue;
    src.forEach((member, score) => {
      const value = weighted(score, src.weight);
      const existing = accumulator.get(member);
      accumulator.set(member, existing === undefined ? value : aggregate(existing, value, how));
    });
  }
  return build(accumulator);
}

/**
 * Walk the smallest input and keep the members every other input has, calling `found` with the
 * aggregated score. `found` returns false to stop early (ZINTERCARD's LIMIT).
 */
function intersect(
  sources: readonly ZSetOpSource[], how: ZSetAggregate, found: (member: string, score: number) => boolean,
): void {
  const sorted = byLength(sources);
  const first = sorted[0];
  if (first === undefined || first.length === 0) return;
  let stopped = false;
  // A walk cannot be interrupted, so once `found` says stop the rest of it does nothing.
  first.forEach((member, score) => {
    if (stopped) return;
    let total = weighted(score, first.weight);
    for (let j = 1; j < sorted.length; j++) {
      const other = sorted[j] as ZSetOpSource;
      // Redis reads the score again for the same key given twice rather than probing the set it walks.
      const value = other.subject === first.subject ? score : other.score(member);
      if (value === undefined) return;
      total = aggregate(total, value * other.weight, how);
    }
    if (!found(member, total)) stopped = true;
  });
}

/** ZINTER: the members of every input, scores aggregated. */
export function zsetInter(sources: readonly ZSetOpSource[], how: ZSetAggregate): ZSetOpResult {
  const entries: [string, number][] = [];
  intersect(sources, how, (member, score) => {
    entries.push([member, score]);
    return true;
  });
  return build(entries);
}

/** ZINTERCARD: how many members every input has, stopping at `limit` (0: no limit). */
export function zsetInterCard(sources: readonly ZSetOpSource[], limit: number): number {
  let count = 0;
  intersect(sources, 'sum', () => {
    count++;
    return limit === 0 || count < limit;
  });
  return count;
}

/** ZDIFF: the members of the first input that no other input has, with their own scores. */
export function zsetDiff(sources: readonly ZSetOpSource[]): ZSetOpResult {
  const entries: [string, number][] = [];
  const [first, ...others] = sources;
  if (first !== undefined && first.length > 0) {
    first.forEach((member, score) => {
      for (const other of others) {
        if (other.subject === first.subject || other.score(member) !== undefined) return;
      }
      entries.push([member, score]);
    });
  }
  return build(entries);
}
