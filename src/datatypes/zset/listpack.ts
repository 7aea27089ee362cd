// The `listpack` encoding of a small sorted set: members and scores side by side, kept sorted by
// (score, member), searched by walking from one end.
// Mirrors: redis src/t_zset.c (the zzl* functions: zzlFind, zzlInsert, zzlInsertAt, zzlDelete,
// zzlFirstInRange, zzlDeleteRangeByRank ...) and src/listpack.c (the container they walk).
//
// Redis packs a small zset into one listpack: member, score, member, score ..., in order. Finding a
// member is a linear scan (the order is by score, not by member), inserting shifts the bytes after
// the insertion point, and both are cheap because the thing is small: at most
// zset-max-listpack-entries (128) members of at most zset-max-listpack-value (64) bytes, else the
// set converts to a skiplist. SIMPLIFIED: we model the idea, not the bytes: two parallel JS arrays,
// same order, same linear costs, no byte layout.
//
// One byte-layout effect is visible to clients and kept: a listpack stores a score as text, and a
// whole-number score within ±2^62 as an integer (zzlInsertAt, double2ll), so -0 is stored as 0.
// ZSCORE of a member added with score -0 answers "0" here, "-0" in a skiplist; and ZSCAN shows the
// stored text (2^62 prints as 4611686018427387904, where ZRANGE prints 4.6116860184273879e+18).

import { formatStoredDouble } from '../../util/numbers.js';

export interface ZListpack {
  /** Members (latin1 strings of their bytes), in (score, member) order. */
  readonly members: string[];
  /** scores[i] is the score of members[i]. */
  readonly scores: number[];
  /** The sum of the members' lengths in bytes (memory accounting, src/eviction). */
  memberBytes: number;
}

export function zlpCreate(): ZListpack {
  return { members: [], scores: [], memberBytes: 0 };
}

export function zlpLength(lp: ZListpack): number {
  return lp.members.length;
}

/** zzlFind: the member's position, or -1. A linear scan, as in Redis. */
export function zlpFind(lp: ZListpack, member: string): number {
  return lp.members.indexOf(member);
}

/** The score as the listpack stores it: -0 becomes the integer 0 (see the header). */
function storedScore(score: number): number {
  return score === 0 ? 0 : score;
}

/**
 * zzlInsert: add a member that is not present, before the first element sorting after it.
 * Returns its position.
 */
export function zlpInsert(lp: ZListpack, score: number, member: string): number {
  const { members, scores } = lp;
  let i = 0;
  const n = members.length;
  while (i < n) {
    const s = scores[i] as number;
    if (s > score || (s === score && (members[i] as string) > member)) break;
    i++;
  }
  members.splice(i, 0, member);
  scores.splice(i, 0, storedScore(score));
  lp.memberBytes += member.length;
  return i;
}

/** zzlDelete: remove the entry at a position. */
export function zlpDeleteAt(lp: ZListpack, index: number): void {
  const [removed] = lp.members.splice(index, 1);
  if (removed !== undefined) lp.memberBytes -= removed.length;
  lp.scores.splice(index, 1);
}

/** zzlDeleteRangeByRank: remove `count` entries from position `start`. */
export function zlpDeleteRange(lp: ZListpack, start: number, count: number): void {
  for (const removed of lp.members.splice(start, count)) lp.memberBytes -= removed.length;
  lp.scores.splice(start, count);
}

/**
 * How many entries, from the first, satisfy a predicate that holds for a prefix of the order
 * (zzlFirstInRange and friends walk the same way). Linear, like every listpack search.
 */
export function zlpCountPrefix(lp: ZListpack, holds: (member: string, score: number) => boolean): number {
  const { members, scores } = lp;
  let i = 0;
  while (i < members.length && holds(members[i] as string, scores[i] as number)) i++;
  return i;
}

/** A deep copy (COPY, and the store commands' conversions). */
export function zlpDuplicate(lp: ZListpack): ZListpack {
  return { members: lp.members.slice(), scores: lp.scores.slice(), memberBytes: lp.memberBytes };
}

/**
 * ZSCAN of a listpack: everything in one step, scores as the stored text (scanGenericCommand
 * replies the listpack entries themselves).
 */
export function zlpScanAll(lp: ZListpack): string[] {
  const out: string[] = [];
  const { members, scores } = lp;
  for (let i = 0; i < members.length; i++) out.push(members[i] as string, formatStoredDouble(scores[i] as number));
  return out;
}
