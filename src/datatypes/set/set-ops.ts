// Set algebra and bulk pops: SINTER/SINTERCARD/SUNION/SDIFF (and their STORE forms) and SPOP with a
// count. Mirrors: redis src/t_set.c (sinterGenericCommand, sunionDiffGenericCommand,
// spopWithCountCommand, qsortCompareSetsByCardinality).
//
// Intersection. Every member of the result is a member of the smallest input, so Redis sorts the
// inputs by size and walks only the smallest, testing each member against the others (cheapest
// rejection first). Cost: O(N * M) for N the smallest size and M the number of sets, whatever the
// size of the big sets. SINTERCARD's LIMIT stops the walk as soon as that many members matched.
//
// Union and difference are built into a fresh set, exactly as Redis does, and that set is either
// stored (SUNIONSTORE/SDIFFSTORE) or replied. Building starts from an empty intset, so the result's
// encoding follows from its contents (an all-integer result of up to set-max-intset-entries members is
// an intset, replied in ascending order), not from the inputs'. The difference has two algorithms and
// Redis picks the cheaper by an estimate of the work:
//   1. walk the first set, keep members found in no other set: ~ |S0| * M lookups (Redis halves the
//      estimate, since a member is usually rejected before all M sets were tried);
//   2. copy the first set, then remove every member of every other set: ~ |S0| + |S1| + ... operations.
// Both give the same members, but not always the same encoding: algorithm 2 first copies the whole
// first set into the result, so a non-integer member (or too many members) converts the result to a
// hashtable even if that member is subtracted later. We follow Redis's choice to match OBJECT ENCODING.
//
// SPOP with a count. Taking `count` random members one at a time is cheap while the set is much bigger
// than `count`. When almost everything goes, Redis turns the problem around: it picks the few members
// that remain, moves them to a brand-new set, and replies with whatever is left in the old one. The
// new set is built with setTypeCreate + setTypeAdd, so a hashtable of integers can come back an intset:
// the one way a set's encoding goes "down" in Redis 7.0.

import type { Rng } from '../../util/clock.js';
import { assertNever } from '../object.js';
import type { IntsetValue } from './intset.js';
import { intsetGet } from './intset.js';
import {
  createIntsetSet, createSetFor, setAdd, setAddInt, setHasInt, setIsMember, setMembers, setPopRandom, setRemove,
  setSize, type SetLimits, type SetObject,
} from './set-type.js';

/**
 * SPOP_MOVE_STRATEGY_MUL: pop one by one while the members that stay outnumber the ones popped by
 * more than 1/5; otherwise rebuild the set from the members that stay.
 */
const SPOP_MOVE_STRATEGY_MUL = 5;

/** Call `visit` for each member of `set` in its order, as an integer when the set is an intset. */
function forEachMember(set: SetObject, visit: (member: string | IntsetValue) => boolean): void {
  switch (set.encoding) {
    case 'intset': {
      const ints = set.data;
      for (let i = 0; i < ints.length; i++) if (!visit(intsetGet(ints, i))) return;
      return;
    }
    case 'hashtable':
      for (const member of set.data.keyList()) if (!visit(member)) return;
      return;
    default:
      assertNever(set, 'set encoding');
  }
}

function hasMember(set: SetObject, member: string | IntsetValue): boolean {
  return typeof member === 'string' ? setIsMember(set, member) : setHasInt(set, member);
}

function addMember(set: SetObject, member: string | IntsetValue, limits: SetLimits): boolean {
  return typeof member === 'string' ? setAdd(set, member, limits) : setAddInt(set, member, limits);
}

/** The inputs from smallest to largest (a stable sort, like glibc's qsort on small arrays). */
function bySize(sets: readonly SetObject[]): SetObject[] {
  return sets.slice().sort((a, b) => setSize(a) - setSize(b));
}

/**
 * Walk the intersection of `sets` (all present, at least one) in the smallest set's order, calling
 * `take` for each member; `take` returns false to stop.
 */
function walkIntersection(sets: readonly SetObject[], take: (member: string | IntsetValue) => boolean): void {
  const sorted = bySize(sets);
  const first = sorted[0] as SetObject;
  forEachMember(first, (member) => {
    for (let j = 1; j < sorted.length; j++) {
      const other = sorted[j] as SetObject;
      if (other === first) continue; // SINTER k k: the same object always contains its own members.
      if (!hasMember(other, member)) return true;
    }
    return take(member);
  });
}

/** SINTER: the members of the intersection, in the smallest set's order. */
export function setIntersection(sets: readonly SetObject[]): string[] {
  const out: string[] = [];
  walkIntersection(sets, (member) => {
    out.push(String(member));
    return true;
  });
  return out;
}

/** SINTERCARD: the size of the intersection, counting no further than `limit` (0: no limit). */
export function setIntersectionCard(sets: readonly SetObject[], limit: number): number {
  let count = 0;
  walkIntersection(sets, () => {
    count++;
    return limit === 0 || count < limit;
  });
  return count;
}

/** SINTERSTORE: the intersection as a new set (encoding chosen by its contents). */
export function setIntersectionSet(sets: readonly SetObject[], limits: SetLimits): SetObject {
  const result = createIntsetSet();
  walkIntersection(sets, (member) => {
    addMember(result, member, limits);
    return true;
  });
  return result;
}

/** SUNION / SUNIONSTORE: every member of every present set, as a new set. Missing keys are undefined. */
export function setUnion(sets: readonly (SetObject | undefined)[], limits: SetLimits): SetObject {
  const result = createIntsetSet();
  for (const set of sets) {
    if (set === undefined) continue;
    forEachMember(set, (member) => {
      addMember(result, member, limits);
      return true;
    });
  }
  return result;
}

/** SDIFF / SDIFFSTORE: the members of the first set in none of the others, as a new set. */
export function setDifference(sets: readonly (SetObject | undefined)[], limits: SetLimits): SetObject {
  const result = createIntsetSet();
  const first = sets[0];
  if (first === undefined || setSize(first) === 0) return result;
  let algoOneWork = 0;
  let algoTwoWork = 0;
  for (const set of sets) {
    if (set === undefined) continue;
    algoOneWork += setSize(first);
    algoTwoWork += setSize(set);
  }
  // Integer division, as in C: it decides ties, which decide the result's encoding (see below).
  algoOneWork = Math.floor(algoOneWork / 2);
  if (algoOneWork <= algoTwoWork) {
    // Algorithm 1: keep the members of the first set that no other set has.
    forEachMember(first, (member) => {
      for (let j = 1; j < sets.length; j++) {
        const other = sets[j];
        if (other === undefined) continue;
        if (other === first || hasMember(other, member)) return true;
      }
      addMember(result, member, limits);
      return true;
    });
    return result;
  }
  // Algorithm 2: copy the first set, then subtract the others, stopping once nothing is left.
  forEachMember(first, (member) => {
    addMember(result, member, limits);
    return true;
  });
  for (let j = 1; j < sets.length && setSize(result) > 0; j++) {
    const other = sets[j];
    if (other === undefined) continue;
    forEachMember(other, (member) => {
      setRemove(result, String(member));
      return setSize(result) > 0;
    });
  }
  return result;
}

/** What SPOP with a count did: the members popped, and the set that replaces the key, if rebuilt. */
export interface PopResult {
  readonly popped: string[];
  readonly rebuilt: SetObject | undefined;
}

/**
 * spopWithCountCommand's cases 2 and 3: remove `count` random members, 0 < count < size. Either pops
 * one at a time (the set is changed in place), or picks the members that stay into a new set that
 * the caller stores under the key in place of `set` (whose remaining members are the ones popped).
 */
export function setPopMany(set: SetObject, count: number, rng: Rng, limits: SetLimits): PopResult {
  const remaining = setSize(set) - count;
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
    const popped = new Array<string>(count);
    for (let i = 0; i < count; i++) popped[i] = setPopRandom(set, rng);
    return { popped, rebuilt: undefined };
  }
  let rebuilt: SetObject | undefined;
  for (let i = 0; i < remaining; i++) {
    const member = setPopRandom(set, rng);
    rebuilt ??= createSetFor(member);
    setAdd(rebuilt, member, limits);
  }
  return { popped: setMembers(set), rebuilt };
}
