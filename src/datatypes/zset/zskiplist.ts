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
// Layout: Redis's node ends in a level array of (forward, span) structs; ours is one JS array with
// the two interleaved (`levels`), for the same reason: a search step finds the link and its span in
// one object. Separate forward and span arrays cost one more dependent load per step and one more
// allocation per node (measured: 100k inserts + 200k score updates + 100k ranks 1.3-1.5x faster).

import { defaultRng, type Rng } from '../../util/clock.js';

/** Redis's ZSKIPLIST_MAXLEVEL: enough for 4^32 elements. */
export const ZSKIPLIST_MAXLEVEL = 32;
/** Redis's ZSKIPLIST_P: the chance that a node reaching level i also reaches level i+1. */
export const ZSKIPLIST_P = 0.25;
/** zslRandomLevel draws 16-bit numbers and compares them with P × 0xFFFF. */
const RANDOM_LEVEL_THRESHOLD = ZSKIPLIST_P * 0xffff;

export interface ZSkiplistNode {
  readonly member: string;
  score: number;
  /** The previous node on level 1 (null for the first node). */
  backward: ZSkiplistNode | null;
  /**
   * Per level i, interleaved: levels[2i] is forward[i], the next node at least i+1 levels tall, and
   * levels[2i+1] is span[i], how many level-1 steps that link jumps (the header's spans count to the
   * end). Its length is twice this node's level. One array instead of a forward and a span array:
   * a search step reads the link and its span from the same object (one dependent load less, and
   * one allocation less per node). Read it through zslForward/zslSpan outside this file.
   */
  readonly levels: Array<ZSkiplistNode | number | null>;
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

/** What a forward slot of `levels` holds (undefined only past the end, which the loops never read). */
type Link = ZSkiplistNode | null | undefined;

function emptyLevels(level: number): Array<ZSkiplistNode | number | null> {
  const levels = new Array<ZSkiplistNode | number | null>(2 * level);
  for (let i = 0; i < 2 * level; i += 2) {
    levels[i] = null;
    levels[i + 1] = 0;
  }
  return levels;
}

/** forward[i] of a node: the next node at least i+1 levels tall, or null. */
export function zslForward(node: ZSkiplistNode, i: number): ZSkiplistNode | null {
  return ((node.levels[2 * i] as Link) ?? null) as ZSkiplistNode | null;
}

/** span[i] of a node: how many level-1 steps its forward[i] link jumps. */
export function zslSpan(node: ZSkiplistNode, i: number): number {
  return node.levels[2 * i + 1] as number;
}

/** How many levels a node has. */
export function zslNodeLevel(node: ZSkiplistNode): number {
  return node.levels.length >> 1;
}

function createNode(level: number, score: number, member: string): ZSkiplistNode {
  return {
    member,
    score,
    backward: null,
    levels: emptyLevels(level),
    slot: -1,
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
    for (let next = (p.levels[2 * i] as Link); next != null && before(next, x.score, x.member); next = (p.levels[2 * i] as Link)) {
      rank[i] = (rank[i] as number) + (p.levels[2 * i + 1] as number);
      p = next;
    }
    update[i] = p;
  }
  const level = x.levels.length >> 1;
  if (level > zsl.level) {
    // New levels start from the header, whose span on them covers the whole list so far.
    for (let i = zsl.level; i < level; i++) {
      rank[i] = 0;
      update[i] = zsl.header;
      zsl.header.levels[2 * i + 1] = zsl.length;
    }
    zsl.level = level;
  }
  const rank0 = rank[0] as number;
  for (let i = 0; i < level; i++) {
    const u = update[i] as ZSkiplistNode;
    const skipped = rank0 - (rank[i] as number);
    x.levels[2 * i] = (u.levels[2 * i] as Link) ?? null;
    u.levels[2 * i] = x;
    // u's old link is split in two around x: u → x covers `skipped + 1`, x → next the rest.
    x.levels[2 * i + 1] = (u.levels[2 * i + 1] as number) - skipped;
    u.levels[2 * i + 1] = skipped + 1;
  }
  // Links above x's level now jump over one more node.
  for (let i = level; i < zsl.level; i++) {
    const u = update[i] as ZSkiplistNode;
    u.levels[2 * i + 1] = (u.levels[2 * i + 1] as number) + 1;
  }
  const u0 = update[0] as ZSkiplistNode;
  x.backward = u0 === zsl.header ? null : u0;
  const next0 = (x.levels[0] as Link);
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
    if ((u.levels[2 * i] as Link) === x) {
      u.levels[2 * i + 1] = (u.levels[2 * i + 1] as number) + (x.levels[2 * i + 1] as number) - 1;
      u.levels[2 * i] = (x.levels[2 * i] as Link) ?? null;
    } else {
      u.levels[2 * i + 1] = (u.levels[2 * i + 1] as number) - 1;
    }
  }
  const next0 = (x.levels[0] as Link);
  if (next0 != null) next0.backward = x.backward;
  else zsl.tail = x.backward;
  while (zsl.level > 1 && (zsl.header.levels[2 * (zsl.level - 1)] as Link) == null) zsl.level--;
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
    for (let next = (p.levels[2 * i] as Link); next != null && before(next, score, member); next = (p.levels[2 * i] as Link)) p = next;
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
  const next = (node.levels[0] as Link) ?? null;
  if ((prev === null || before(prev, newScore, node.member)) && (next === null || !before(next, newScore, node.member))) {
    node.score = newScore;
    return;
  }
  unlinkNode(zsl, node, update);
  node.score = newScore;
  node.backward = null;
  const levels = node.levels;
  for (let i = 0; i < levels.length; i += 2) {
    levels[i] = null;
    levels[i + 1] = 0;
  }
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
      let next = (p.levels[2 * i] as Link);
      next != null && (next.score < score || (next.score === score && next.member <= member));
      next = (p.levels[2 * i] as Link)
    ) {
      rank += p.levels[2 * i + 1] as number;
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
    for (let next = (p.levels[2 * i] as Link); next != null && traversed + (p.levels[2 * i + 1] as number) <= rank; next = (p.levels[2 * i] as Link)) {
      traversed += p.levels[2 * i + 1] as number;
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
    for (let next = (p.levels[2 * i] as Link); next != null && holds(next); next = (p.levels[2 * i] as Link)) {
      count += p.levels[2 * i + 1] as number;
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
    for (let next = (p.levels[2 * i] as Link); next != null && traversed + (p.levels[2 * i + 1] as number) < start; next = (p.levels[2 * i] as Link)) {
      traversed += p.levels[2 * i + 1] as number;
      p = next;
    }
    update[i] = p;
  }
  let count = 0;
  let x = (p.levels[0] as Link) ?? null;
  for (let rank = traversed + 1; x !== null && rank <= end; rank++) {
    const next = (x.levels[0] as Link) ?? null;
    unlinkNode(zsl, x, update);
    removed(x);
    count++;
    x = next;
  }
  return count;
}
