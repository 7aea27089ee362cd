// The storage of the ranked skip list (zskiplist.ts): its nodes in typed arrays, how they are allocated,
// freed, copied and compacted, and how a node's fields are read.
// Mirrors: redis src/server.h (zskiplistNode, zskiplist) and src/t_zset.c (zslCreateNode, zslFreeNode,
// zslCreate); zslDuplicate and zslCompact are ours (see below).
//
// Layout: nodes live in typed arrays, not in objects. A node is a small integer, its index; index 0 is
// the header, and since no link ever points back at the header, 0 also means "no node" (NIL) in a
// forward or backward link. Each node owns a 32-byte record in one ArrayBuffer, read through a
// Float64Array and an Int32Array over the same bytes:
//
//   int32 slot  0-1      2      3      4      5        6          7
//               score    next0  span0  next1  span1    backward   shape
//
// Redis's node ends in a level array in its own allocation, so a search step touches one place; here
// levels 0 and 1 (all that 15 nodes in 16 have) sit in the record beside the score, so a step reads one
// 32-byte record: the link it follows and the score it compares share a cache line. Levels 2 and up of
// the taller nodes live in a second Int32Array, the upper arena, as (forward, span) pairs; `shape` packs
// the node's arena offset and its height (offset × 32 + height - 1), and is -1 on a free record. Arena
// regions are allocated by height, with one free list per height, its head at the arena's start (a freed
// region is reused whole by the next node of that height; heights repeat with P = 1/4, so the lists never
// fragment). Members are a plain array by node index: the strings the dict keys already hold, so no
// object per member.
// Freed records go on a free list threaded through next0; the arrays grow by doubling (a memcpy).
//
// Why: on a 100k-member set every step of the object layout was a cache and TLB miss on a node
// scattered over a ~16 MB heap; here 100k members take 3.2 MB of records (4.2 MB with the doubling's
// slack) in one block. A set that shrinks to a
// quarter of its records is compacted (zslCompact): rebuilt in list order, which renumbers nodes; the
// set's generation counts those renumberings so ZSCAN can tell a cursor from before one (skiplist.ts).
// Outside zskiplist.ts nodes are read with zslScore/zslMember/zslNext/zslPrev (and zslForward/zslSpan/
// zslNodeLevel, for tests); zskiplist.ts's searches also read levels 0 and 1 from the records directly.

/** Redis's ZSKIPLIST_MAXLEVEL: enough for 4^32 elements. */
export const ZSKIPLIST_MAXLEVEL = 32;

/** A node: its index in the list's arrays. */
export type ZslNode = number;
/** The header's index, which doubles as "no node" in links and lookups. */
export const ZSL_NIL = 0;

/**
 * Int32 slots per node record (32 bytes), and the slot of each field (the score is f64 slot 4 × node).
 * Indexes are computed with shifts: int32 arithmetic V8 need not check for overflow.
 */
export const RECORD_SHIFT = 3;
const RECORD_INTS = 1 << RECORD_SHIFT;
export const NEXT0 = 2;
const SPAN0 = 3;
export const NEXT1 = 4;
const SPAN1 = 5;
export const BACK = 6;
const SHAPE = 7;
/** The shape of a record on the free list. */
const FREE_SHAPE = -1;
/** `shape` = arena offset × SHAPE_OFFSET_UNIT + (height - 1); heights 1..32 fit the low 5 bits. */
const SHAPE_OFFSET_BITS = 5;
const SHAPE_OFFSET_UNIT = 1 << SHAPE_OFFSET_BITS;
/** Arena offsets must keep `shape` a positive int32. */
const MAX_ARENA_INTS = 2 ** 26;
/** The header's arena region: levels 2..31, (forward, span) each. */
const HEADER_UPPER_INTS = 2 * (ZSKIPLIST_MAXLEVEL - 2);
/**
 * The arena starts with the free-list heads, one per height 3..32 (height h's at h - 3), -1 when empty:
 * kept there rather than in an array of their own, one typed array less per sorted set.
 */
const FREE_HEADS = ZSKIPLIST_MAXLEVEL - 2;
/** The arena's first length: the heads and the header's levels. */
const ARENA_START_INTS = 96;
/** Smallest record capacity (header included); a set below it is never compacted. */
const MIN_CAPACITY = 4;

export interface ZSkiplist {
  /** The node records (see Layout); both views cover the same ArrayBuffer, replaced when it grows. */
  f64: Float64Array;
  i32: Int32Array;
  /** The free-list heads (FREE_HEADS), then levels 2 and up of the taller nodes, as (forward, span) pairs. */
  upper: Int32Array;
  /** The arena's first never-used int. */
  upperTop: number;
  /** member by node ('' on the header and free records). */
  members: string[];
  /** The first free record (linked through next0), NIL when none. */
  freeHead: ZslNode;
  /** The first never-used record: nodes are below it (ZSCAN walks 1..top-1). */
  top: number;
  /** Records the buffer holds. */
  capacity: number;
  tail: ZslNode;
  length: number;
  /** The height of the tallest node (at least 1). */
  level: number;
  /** How many times zslCompact renumbered the nodes (mod 2^20): ZSCAN cursors carry it. */
  generation: number;
}

// --- Reading nodes ---

export function zslScore(zsl: ZSkiplist, x: ZslNode): number {
  return zsl.f64[x << 2] as number;
}

export function zslMember(zsl: ZSkiplist, x: ZslNode): string {
  return zsl.members[x] as string;
}

/** forward[0]: the next node, NIL at the tail (from the header: the first node). */
export function zslNext(zsl: ZSkiplist, x: ZslNode): ZslNode {
  return zsl.i32[(x << RECORD_SHIFT) + NEXT0] as number;
}

/** backward: the previous node, NIL for the first. */
export function zslPrev(zsl: ZSkiplist, x: ZslNode): ZslNode {
  return zsl.i32[(x << RECORD_SHIFT) + BACK] as number;
}

/** How many levels a node has (the header: ZSKIPLIST_MAXLEVEL). */
export function zslNodeLevel(zsl: ZSkiplist, x: ZslNode): number {
  return ((zsl.i32[(x << RECORD_SHIFT) + SHAPE] as number) & (SHAPE_OFFSET_UNIT - 1)) + 1;
}

/** True when x is a live node (not the header, not a free or never-used record). */
export function zslIsNode(zsl: ZSkiplist, x: ZslNode): boolean {
  return x > 0 && x < zsl.top && (zsl.i32[(x << RECORD_SHIFT) + SHAPE] as number) >= 0;
}

/** Where forward[i] of x sits in upper (i >= 2). */
function upperAt(zsl: ZSkiplist, x: ZslNode, i: number): number {
  return ((zsl.i32[(x << RECORD_SHIFT) + SHAPE] as number) >> SHAPE_OFFSET_BITS) + 2 * i - 4;
}

/** forward[i] of a node: the next node at least i+1 levels tall, or NIL. */
export function zslForward(zsl: ZSkiplist, x: ZslNode, i: number): ZslNode {
  if (i === 0) return zsl.i32[(x << RECORD_SHIFT) + NEXT0] as number;
  if (i === 1) return zsl.i32[(x << RECORD_SHIFT) + NEXT1] as number;
  return zsl.upper[upperAt(zsl, x, i)] as number;
}

/** span[i] of a node: how many level-1 steps its forward[i] link jumps. */
export function zslSpan(zsl: ZSkiplist, x: ZslNode, i: number): number {
  if (i === 0) return zsl.i32[(x << RECORD_SHIFT) + SPAN0] as number;
  if (i === 1) return zsl.i32[(x << RECORD_SHIFT) + SPAN1] as number;
  return zsl.upper[upperAt(zsl, x, i) + 1] as number;
}

export function setForward(zsl: ZSkiplist, x: ZslNode, i: number, next: ZslNode): void {
  if (i === 0) zsl.i32[(x << RECORD_SHIFT) + NEXT0] = next;
  else if (i === 1) zsl.i32[(x << RECORD_SHIFT) + NEXT1] = next;
  else zsl.upper[upperAt(zsl, x, i)] = next;
}

export function setSpan(zsl: ZSkiplist, x: ZslNode, i: number, span: number): void {
  if (i === 0) zsl.i32[(x << RECORD_SHIFT) + SPAN0] = span;
  else if (i === 1) zsl.i32[(x << RECORD_SHIFT) + SPAN1] = span;
  else zsl.upper[upperAt(zsl, x, i) + 1] = span;
}

// --- Allocation ---

function allocRecords(capacity: number): { f64: Float64Array; i32: Int32Array } {
  const buffer = new ArrayBuffer(capacity * RECORD_INTS * 4);
  return { f64: new Float64Array(buffer), i32: new Int32Array(buffer) };
}

function growRecords(zsl: ZSkiplist): void {
  const capacity = zsl.capacity * 2;
  const { f64, i32 } = allocRecords(capacity);
  i32.set(zsl.i32);
  zsl.f64 = f64;
  zsl.i32 = i32;
  zsl.capacity = capacity;
}

/** An arena region for levels 2..height-1, links NIL and spans 0. */
function allocUpper(zsl: ZSkiplist, height: number): number {
  const size = 2 * (height - 2);
  // A free region of this height, if any (the lists are linked through each region's first int).
  let at = zsl.upper[height - 3] as number;
  if (at !== -1) {
    zsl.upper[height - 3] = zsl.upper[at] as number;
  } else {
    at = zsl.upperTop;
    if (at + size > zsl.upper.length) {
      let length = zsl.upper.length * 2;
      while (at + size > length) length *= 2;
      if (length > MAX_ARENA_INTS) throw new Error('zskiplist: upper-level arena full');
      const upper = new Int32Array(length);
      upper.set(zsl.upper);
      zsl.upper = upper;
    }
    zsl.upperTop = at + size;
  }
  zsl.upper.fill(0, at, at + size);
  return at;
}

export function allocNode(zsl: ZSkiplist, height: number, score: number, member: string): ZslNode {
  let x = zsl.freeHead;
  if (x !== ZSL_NIL) {
    zsl.freeHead = zsl.i32[(x << RECORD_SHIFT) + NEXT0] as number;
    zsl.members[x] = member;
  } else {
    if (zsl.top === zsl.capacity) growRecords(zsl);
    x = zsl.top++;
    zsl.members.push(member);
  }
  const offset = height > 2 ? allocUpper(zsl, height) : 0;
  const base = x << RECORD_SHIFT;
  const i32 = zsl.i32;
  zsl.f64[x << 2] = score;
  i32.fill(0, base + NEXT0, base + SHAPE);
  i32[base + SHAPE] = offset * SHAPE_OFFSET_UNIT + height - 1;
  return x;
}

/** Return x's record (and its arena region) to the free lists. */
export function freeNode(zsl: ZSkiplist, x: ZslNode): void {
  const height = zslNodeLevel(zsl, x);
  if (height > 2) {
    const at = upperAt(zsl, x, 2);
    zsl.upper[at] = zsl.upper[height - 3] as number;
    zsl.upper[height - 3] = at;
  }
  const base = x << RECORD_SHIFT;
  zsl.i32[base + SHAPE] = FREE_SHAPE;
  zsl.i32[base + NEXT0] = zsl.freeHead;
  zsl.freeHead = x;
  zsl.members[x] = '';
}

/** The capacity for `records` records: a power of two with room to grow. */
function capacityFor(records: number): number {
  let capacity = MIN_CAPACITY;
  while (capacity < records) capacity *= 2;
  return capacity;
}

/** An empty list with room for `sizeHint` nodes before it first grows. */
export function zslCreate(sizeHint = 0): ZSkiplist {
  const capacity = capacityFor(sizeHint + 1);
  const { f64, i32 } = allocRecords(capacity);
  const zsl: ZSkiplist = {
    f64, i32, upper: new Int32Array(ARENA_START_INTS).fill(-1, 0, FREE_HEADS), upperTop: FREE_HEADS, members: [],
    freeHead: ZSL_NIL, top: 0, capacity,
    tail: ZSL_NIL, length: 0, level: 1, generation: 0,
  };
  allocNode(zsl, ZSKIPLIST_MAXLEVEL, 0, '');
  return zsl;
}

/** A deep copy, node for node (same indexes, heights and generation). */
export function zslDuplicate(zsl: ZSkiplist): ZSkiplist {
  const i32 = zsl.i32.slice();
  return {
    f64: new Float64Array(i32.buffer), i32, upper: zsl.upper.slice(), upperTop: zsl.upperTop,
    members: zsl.members.slice(), freeHead: zsl.freeHead, top: zsl.top,
    capacity: zsl.capacity, tail: zsl.tail, length: zsl.length, level: zsl.level, generation: zsl.generation,
  };
}

// --- Compaction ---

/** True when the list holds under a quarter of its records (zslCompact would give memory back). */
export function zslShouldCompact(zsl: ZSkiplist): boolean {
  return zsl.capacity > MIN_CAPACITY && (zsl.length + 1) * 4 < zsl.capacity;
}

/**
 * Rebuild the list in fresh arrays sized for its length, nodes renumbered 1..length in list order
 * (heights, scores and spans kept), and bump the generation. `moved` hears each member's new node.
 * Redis shrinks a zset's dict when it empties out (htNeedsResize); this is our counterpart for the
 * records, which otherwise keep their high-water size.
 */
export function zslCompact(zsl: ZSkiplist, moved: (member: string, node: ZslNode) => void): void {
  const remap = new Int32Array(zsl.top);
  let arenaInts = FREE_HEADS + HEADER_UPPER_INTS;
  let k = 1;
  for (let x = zslNext(zsl, ZSL_NIL); x !== ZSL_NIL; x = zslNext(zsl, x)) {
    remap[x] = k++;
    const height = zslNodeLevel(zsl, x);
    if (height > 2) arenaInts += 2 * (height - 2);
  }
  const capacity = capacityFor(2 * (zsl.length + 1));
  const { f64, i32 } = allocRecords(capacity);
  let arenaLength = ARENA_START_INTS;
  while (arenaLength < arenaInts) arenaLength *= 2;
  const upper = new Int32Array(arenaLength);
  const members: string[] = [''];
  upper.fill(-1, 0, FREE_HEADS);
  let upperTop = FREE_HEADS;
  const copy = (x: ZslNode, y: ZslNode): void => {
    const height = zslNodeLevel(zsl, x);
    const offset = height > 2 ? upperTop : 0;
    if (height > 2) upperTop += 2 * (height - 2);
    f64[y << 2] = zslScore(zsl, x);
    const base = y << RECORD_SHIFT;
    i32[base + SHAPE] = offset * SHAPE_OFFSET_UNIT + height - 1;
    i32[base + BACK] = remap[zslPrev(zsl, x)] as number;
    for (let i = 0; i < height; i++) {
      const next = remap[zslForward(zsl, x, i)] as number;
      const span = zslSpan(zsl, x, i);
      if (i < 2) {
        i32[base + (i === 0 ? NEXT0 : NEXT1)] = next;
        i32[base + (i === 0 ? SPAN0 : SPAN1)] = span;
      } else {
        upper[offset + 2 * i - 4] = next;
        upper[offset + 2 * i - 3] = span;
      }
    }
  };
  copy(ZSL_NIL, ZSL_NIL);
  for (let x = zslNext(zsl, ZSL_NIL); x !== ZSL_NIL; x = zslNext(zsl, x)) {
    const y = remap[x] as number;
    copy(x, y);
    const member = zslMember(zsl, x);
    members.push(member);
    moved(member, y);
  }
  zsl.f64 = f64;
  zsl.i32 = i32;
  zsl.upper = upper;
  zsl.upperTop = upperTop;
  zsl.members = members;
  zsl.freeHead = ZSL_NIL;
  zsl.top = zsl.length + 1;
  zsl.capacity = capacity;
  zsl.tail = remap[zsl.tail] as number;
  zsl.generation = (zsl.generation + 1) % 2 ** 20;
}
