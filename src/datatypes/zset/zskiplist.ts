// The ranked skip list behind the `skiplist` encoding of sorted sets: ordered by (score, member),
// with a span on every link so that rank and "element at rank" cost O(log n).
// Mirrors: redis src/t_zset.c (zslCreate, zslRandomLevel, zslInsert, zslDeleteNode, zslDelete,
// zslUpdateScore, zslGetRank, zslGetElementByRank, zslDeleteRangeByRank) and the zskiplist structs
// in src/server.h.
//
// The problem. A sorted set must answer "add/remove/update one member" and "give me the members
// between these scores, or these ranks" quickly, for millions of members. A hash table alone has
// no order; a sorted array has order but O(n) inserts; a balanced tree has both but is intricate.
//
// The algorithm. A skip list (William Pugh, 1990) is a sorted linked list with express lanes. Every
// node gets a random height: level 1 always, and each further level with probability P = 1/4, up
// to 32 levels. Level i links each node to the next node that is at least i+1 tall, so the upper
// levels skip over long runs of the list. A search starts at the header's top level, runs forward
// while the next node is still "before" the target, then drops one level; on average it touches
// about 1/P nodes per level over log_{1/P}(n) levels. Inserting and deleting are the same search
// plus relinking the predecessors found on each level (the `update` vector below).
//
// Redis adds three things, all kept here:
//   1. Ties: many members may share a score, so the order is (score, member bytes), and a search
//      compares both. Member bytes compare like memcmp with the shorter string first on a common
//      prefix; members are latin1 strings (one char per byte), so JS's `<` on them compares code
//      units 0..255, which is exactly that byte order.
//   2. A `backward` pointer on level 1 makes the list doubly linked, for reverse ranges (ZREVRANGE).
//   3. A `span` per link: how many level-1 steps that link jumps. Summing spans along a search path
//      gives the rank of where the search stopped, and searching by accumulated span finds the node
//      at a given rank. That is what makes ZRANK, ZRANGE by index and ZCOUNT O(log n).
//
// Why probabilistic: the random heights make the expected shape balanced whatever the insertion
// order, with no rebalancing code. The heights never affect results, only speed, so they come from
// a module-level Rng that tests may seed (Redis uses the process-wide random()).
//
// What we changed: ranks here are 1-based as in Redis (the header is rank 0) and the range queries
// are phrased as "count the prefix of nodes satisfying a monotone predicate" (zslCountPrefix), from
// which the first/last node of a score or lex range and ZCOUNT all follow. Redis walks node by node
// past a LIMIT offset; we jump straight to first-rank + offset.
//
// Layout: Redis's node ends in a level array of (forward, span) structs, in the node's own allocation, so
// a search step touches one object. A JS object cannot end in a variable-length array: a separate array
// is two more heap objects (the JSArray and its backing store), and on a set of 100k members every
// search step then misses the cache three times (node, array, backing store) instead of once. Three
// nodes in four have one level and 15 in 16 at most two, so levels 0 and 1 are plain fields of the node
// (`next0`/`span0`, `next1`/`span1`) and only taller nodes carry an array for levels 2 and up (`upper`,
// [forward2, span2, forward3, span3, ...]). Measured on redis-benchmark's ZADD workload (100k members,
// bench/micro/zskiplist.bench.ts): ZADD 1.4-1.7x faster, 172 -> 147 heap bytes per member; end to end
// 1.33x less CPU per ZADD at -P 16 (bench/results/perf-2026-11-26-zadd-lrange.md). Outside this file
// the links are read with zslForward/zslSpan/zslNodeLevel.

import { defaultRng, type Rng } from '../../util/clock.js';

/** Redis's ZSKIPLIST_MAXLEVEL: enough for 4^32 elements. */
export const ZSKIPLIST_MAXLEVEL = 32;
/** Redis's ZSKIPLIST_P: the chance that a node reaching level i also reaches level i+1. */
export const ZSKIPLIST_P = 0.25;
/** zslRandomLevel draws 16-bit numbers and compares them with P × 0xFFFF. */
const RANDOM_LEVEL_THRESHOLD = ZSKIPLIST_P * 0xffff;

export interface ZSkiplistNode {
  // The fields a search step reads come first (the score and the two lowest levels' links), so they
  // tend to share a cache line.
  score: number;
  /** forward[0]: the next node (null at the tail). */
  next0: ZSkiplistNode | null;
  /** forward[1]: the next node at least 2 levels tall (unused, null, when this node has one level). */
  next1: ZSkiplistNode | null;
  /** span[0] and span[1]: how many level-1 steps those links jump (the header's spans count to the end). */
  span0: number;
  span1: number;
  readonly member: string;
  /** The previous node on level 1 (null for the first node). */
  backward: ZSkiplistNode | null;
  /** How many levels this node has (1..ZSKIPLIST_MAXLEVEL). */
  readonly height: number;
  /**
   * Levels 2 and up, interleaved: upper[2(i-2)] is forward[i], upper[2(i-2)+1] is span[i]. Nodes of
   * one or two levels share NO_UPPER_LEVELS (see the Layout note above).
   */
  readonly upper: Array<ZSkiplistNode | number | null>;
  /** The node's ZSCAN slot in the skiplist encoding (see skiplist.ts); -1 while unassigned. */
  slot: number;
}

export interface ZSkiplist {
  /** A sentinel with ZSKIPLIST_MAXLEVEL levels; it holds no member. */
  readonly header: ZSkiplistNode;
  tail: ZSkiplistNode | null;
  length: number;
  /** The height of the tallest node (at least 1). */
  level: number;
}

let levelRng: Rng = defaultRng;

/** Seed the node heights (tests and benchmarks); heights change speed, never results. */
export function setSkiplistRng(rng: Rng): void {
  levelRng = rng;
}

/**
 * The shared (always empty) `upper` of nodes with one or two levels. Links are only ever written below
 * a node's height, so nothing writes here; frozen, a bug that did would throw instead of corrupting
 * every short node at once.
 */
const NO_UPPER_LEVELS = Object.freeze([]) as unknown as Array<ZSkiplistNode | number | null>;

function emptyUpper(height: number): Array<ZSkiplistNode | number | null> {
  if (height <= 2) return NO_UPPER_LEVELS;
  const upper = new Array<ZSkiplistNode | number | null>(2 * (height - 2));
  for (let i = 0; i < upper.length; i += 2) {
    upper[i] = null;
    upper[i + 1] = 0;
  }
  return upper;
}

/** forward[i] of a node: the next node at least i+1 levels tall, or null. */
export function zslForward(node: ZSkiplistNode, i: number): ZSkiplistNode | null {
  return i === 0 ? node.next0 : i === 1 ? node.next1 : (node.upper[2 * i - 4] as ZSkiplistNode | null);
}

/** span[i] of a node: how many level-1 steps its forward[i] link jumps. */
export function zslSpan(node: ZSkiplistNode, i: number): number {
  return i === 0 ? node.span0 : i === 1 ? node.span1 : (node.upper[2 * i - 3] as number);
}

function setForward(node: ZSkiplistNode, i: number, next: ZSkiplistNode | null): void {
  if (i === 0) node.next0 = next;
  else if (i === 1) node.next1 = next;
  else node.upper[2 * i - 4] = next;
}

function setSpan(node: ZSkiplistNode, i: number, span: number): void {
  if (i === 0) node.span0 = span;
  else if (i === 1) node.span1 = span;
  else node.upper[2 * i - 3] = span;
}

/** How many levels a node has. */
export function zslNodeLevel(node: ZSkiplistNode): number {
  return node.height;
}

function createNode(height: number, score: number, member: string): ZSkiplistNode {
  return {
    score, next0: null, next1: null, span0: 0, span1: 0, member, backward: null, height, upper: emptyUpper(height), slot: -1,
  };
}

/**
 * Scratch vectors for one operation at a time, as Redis keeps `update[]` and `rank[]` on the C
 * stack: allocating two 32-slot arrays per insert made the garbage collector the main cost.
 * Operations never nest (a range delete's callback only touches the dict), so one pair serves them all.
 */
const SCRATCH_NODE = createNode(1, 0, '');
const UPDATE: ZSkiplistNode[] = new Array<ZSkiplistNode>(ZSKIPLIST_MAXLEVEL).fill(SCRATCH_NODE);
const RANK: number[] = new Array<number>(ZSKIPLIST_MAXLEVEL).fill(0);

export function zslCreate(): ZSkiplist {
  return { header: createNode(ZSKIPLIST_MAXLEVEL, 0, ''), tail: null, length: 0, level: 1 };
}

/** zslRandomLevel: 1, plus one more level with probability P each time, at most 32. */
export function zslRandomLevel(): number {
  let level = 1;
  // Capped inside the loop (as Redis 7.2 does), so a degenerate rng cannot spin forever.
  while (level < ZSKIPLIST_MAXLEVEL && levelRng.int(0x10000) < RANDOM_LEVEL_THRESHOLD) level++;
  return level;
}

/** True when (score, member) sorts strictly before node's (score, member). */
function before(node: ZSkiplistNode, score: number, member: string): boolean {
  return node.score < score || (node.score === score && node.member < member);
}

/**
 * Link `x` at its place (zslInsert's body): `x` keeps its own level, so zslUpdateScore can move a
 * node by unlinking and relinking it. The caller guarantees the member is not already linked.
 */
function linkNode(zsl: ZSkiplist, x: ZSkiplistNode): void {
  const update = UPDATE;
  const rank = RANK;
  let p = zsl.header;
  for (let i = zsl.level - 1; i >= 0; i--) {
    // rank[i]: the rank of update[i], the last node on level i before the insertion point.
    rank[i] = i === zsl.level - 1 ? 0 : (rank[i + 1] as number);
    for (let next = zslForward(p, i); next != null && before(next, x.score, x.member); next = zslForward(p, i)) {
      rank[i] = (rank[i] as number) + zslSpan(p, i);
      p = next;
    }
    update[i] = p;
  }
  const level = x.height;
  if (level > zsl.level) {
    // New levels start from the header, whose span on them covers the whole list so far.
    for (let i = zsl.level; i < level; i++) {
      rank[i] = 0;
      update[i] = zsl.header;
      setSpan(zsl.header, i, zsl.length);
    }
    zsl.level = level;
  }
  const rank0 = rank[0] as number;
  for (let i = 0; i < level; i++) {
    const u = update[i] as ZSkiplistNode;
    const skipped = rank0 - (rank[i] as number);
    setForward(x, i, zslForward(u, i));
    setForward(u, i, x);
    // u's old link is split in two around x: u → x covers `skipped + 1`, x → next the rest.
    setSpan(x, i, zslSpan(u, i) - skipped);
    setSpan(u, i, skipped + 1);
  }
  // Links above x's level now jump over one more node.
  for (let i = level; i < zsl.level; i++) {
    const u = update[i] as ZSkiplistNode;
    setSpan(u, i, zslSpan(u, i) + 1);
  }
  const u0 = update[0] as ZSkiplistNode;
  x.backward = u0 === zsl.header ? null : u0;
  const next0 = x.next0;
  if (next0 != null) next0.backward = x;
  else zsl.tail = x;
  zsl.length++;
}

/** zslInsert: add a member that is not in the list yet; returns its node. */
export function zslInsert(zsl: ZSkiplist, score: number, member: string): ZSkiplistNode {
  const x = createNode(zslRandomLevel(), score, member);
  linkNode(zsl, x);
  return x;
}

/** zslDeleteNode: unlink x given, for each level, the last node before it. */
function unlinkNode(zsl: ZSkiplist, x: ZSkiplistNode, update: readonly ZSkiplistNode[]): void {
  for (let i = 0; i < zsl.level; i++) {
    const u = update[i] as ZSkiplistNode;
    if (zslForward(u, i) === x) {
      setSpan(u, i, zslSpan(u, i) + zslSpan(x, i) - 1);
      setForward(u, i, zslForward(x, i));
    } else {
      setSpan(u, i, zslSpan(u, i) - 1);
    }
  }
  const next0 = x.next0;
  if (next0 != null) next0.backward = x.backward;
  else zsl.tail = x.backward;
  while (zsl.level > 1 && zslForward(zsl.header, zsl.level - 1) == null) zsl.level--;
  zsl.length--;
}

/**
 * The update vector for (score, member): on each level, the last node sorting before it. Returns
 * the shared scratch vector (see UPDATE), valid until the next skip list operation.
 */
function findUpdate(zsl: ZSkiplist, score: number, member: string): ZSkiplistNode[] {
  const update = UPDATE;
  let p = zsl.header;
  for (let i = zsl.level - 1; i >= 0; i--) {
    for (let next = zslForward(p, i); next != null && before(next, score, member); next = zslForward(p, i)) p = next;
    update[i] = p;
  }
  return update;
}

/** zslDelete: remove the node holding exactly (score, member); returns it, or null if absent. */
export function zslDelete(zsl: ZSkiplist, score: number, member: string): ZSkiplistNode | null {
  const update = findUpdate(zsl, score, member);
  const x = zslForward(update[0] as ZSkiplistNode, 0);
  if (x == null || x.score !== score || x.member !== member) return null;
  unlinkNode(zsl, x, update);
  return x;
}

/**
 * zslUpdateScore: give a linked node a new score. When the node stays between its neighbours the
 * score changes in place (ZINCRBY on a leaderboard often does not move anything); otherwise the
 * same node object is unlinked and relinked, keeping its level (and its dict entry and scan slot).
 */
export function zslUpdateScore(zsl: ZSkiplist, node: ZSkiplistNode, newScore: number): void {
  const update = findUpdate(zsl, node.score, node.member);
  const x = zslForward(update[0] as ZSkiplistNode, 0);
  if (x !== node) throw new Error('zslUpdateScore: node is not linked at its score');
  const prev = node.backward;
  const next = node.next0;
  if ((prev === null || before(prev, newScore, node.member)) && (next === null || !before(next, newScore, node.member))) {
    node.score = newScore;
    return;
  }
  unlinkNode(zsl, node, update);
  node.score = newScore;
  node.backward = null;
  // linkNode rewrites every link and span of the node's own levels.
  linkNode(zsl, node);
}

/**
 * zslGetRank: the 1-based rank of (score, member), or 0 when it is not in the list. Each step
 * forward adds the span it jumped; the search ends on the node itself.
 */
export function zslGetRank(zsl: ZSkiplist, score: number, member: string): number {
  let rank = 0;
  let p = zsl.header;
  for (let i = zsl.level - 1; i >= 0; i--) {
    for (
      let next = zslForward(p, i);
      next != null && (next.score < score || (next.score === score && next.member <= member));
      next = zslForward(p, i)
    ) {
      rank += zslSpan(p, i);
      p = next;
    }
    if (p !== zsl.header && p.member === member) return rank;
  }
  return 0;
}

/** zslGetElementByRank: the node at a 1-based rank, or null when out of range. */
export function zslGetElementByRank(zsl: ZSkiplist, rank: number): ZSkiplistNode | null {
  let traversed = 0;
  let p = zsl.header;
  for (let i = zsl.level - 1; i >= 0; i--) {
    for (let next = zslForward(p, i); next != null && traversed + zslSpan(p, i) <= rank; next = zslForward(p, i)) {
      traversed += zslSpan(p, i);
      p = next;
    }
    if (traversed === rank) return p === zsl.header ? null : p;
  }
  return null;
}

/**
 * How many nodes, from the first, satisfy `holds`; `holds` must be monotone along the list (true
 * for a prefix, then false). One descent, summing spans: O(log n). Score and lex range bounds are
 * such predicates ("score < min", "score <= max"), so a range's ranks are two of these counts.
 */
export function zslCountPrefix(zsl: ZSkiplist, holds: (node: ZSkiplistNode) => boolean): number {
  let count = 0;
  let p = zsl.header;
  for (let i = zsl.level - 1; i >= 0; i--) {
    for (let next = zslForward(p, i); next != null && holds(next); next = zslForward(p, i)) {
      count += zslSpan(p, i);
      p = next;
    }
  }
  return count;
}

/**
 * zslDeleteRangeByRank: unlink the nodes at 1-based ranks start..end (inclusive) in one pass,
 * calling `removed` for each (the encoding drops it from its dict). Returns how many went.
 */
export function zslDeleteRangeByRank(
  zsl: ZSkiplist, start: number, end: number, removed: (node: ZSkiplistNode) => void,
): number {
  const update = UPDATE;
  let traversed = 0;
  let p = zsl.header;
  for (let i = zsl.level - 1; i >= 0; i--) {
    for (let next = zslForward(p, i); next != null && traversed + zslSpan(p, i) < start; next = zslForward(p, i)) {
      traversed += zslSpan(p, i);
      p = next;
    }
    update[i] = p;
  }
  let count = 0;
  let x = p.next0;
  for (let rank = traversed + 1; x !== null && rank <= end; rank++) {
    const next = x.next0;
    unlinkNode(zsl, x, update);
    removed(x);
    count++;
    x = next;
  }
  return count;
}
