// The bookkeeping every tracking policy shares: a table of (db, key) entries stored in parallel
// arrays ("slots"), and intrusive doubly linked lists threaded through those slots.
// Mirrors: nothing in Redis (evict.c needs no per-key lists); the layout is the one caches written
// for speed use (Caffeine's node arrays, libCacheSim's intrusive queues).
//
// Why slots and not one object per key: a policy touches its list on every hit, so the hot path
// must not allocate. A key gets an integer slot when it first appears; its links, its policy bits
// (CLOCK's reference bit, SIEVE's visited bit, S3-FIFO's 2-bit counter, the queue it sits in) are
// entries of typed arrays indexed by that slot. Freed slots go on a free list and are reused, so
// the arrays only grow to the largest number of keys ever tracked at once (resident + ghosts).
//
// Lookup is one Map per database, key string → slot. Per-db maps make FLUSHDB a walk of that db's
// entries only and SWAPDB a swap of two map references plus a relabel of their slots.
//
// A slot sits in at most one list at a time (a resident queue or a ghost queue), so one pair of
// link arrays serves all the lists of a policy. Each list has a `tag` (a small number) that the
// slot records, so a policy asks "which list is this key in?" in O(1).

/** The null link. */
export const NIL = -1;

/** The tag of a slot that is in no list. */
export const NO_LIST = 0;

const INITIAL_SLOTS = 64;

/** Key table with intrusive links. Policies own one each. */
export class SlotTable {
  /** Toward the newest end of the slot's list. */
  newer: Int32Array = new Int32Array(INITIAL_SLOTS).fill(NIL);
  /** Toward the oldest end of the slot's list. */
  older: Int32Array = new Int32Array(INITIAL_SLOTS).fill(NIL);
  /** Which list the slot is in (0 = none). */
  list: Uint8Array = new Uint8Array(INITIAL_SLOTS);
  /** A small per-key counter or bit field, free for the policy to use (reference bit, frequency). */
  bits: Uint8Array = new Uint8Array(INITIAL_SLOTS);
  /** The database of each slot. */
  db: Int32Array = new Int32Array(INITIAL_SLOTS);
  /** The key of each slot ('' when free). */
  readonly key: string[] = [];

  private readonly byDb = new Map<number, Map<string, number>>();
  private freeHead = NIL;
  private used = 0;
  private capacity = INITIAL_SLOTS;

  /** The slot of (db, key), or NIL. */
  find(db: number, key: string): number {
    return this.byDb.get(db)?.get(key) ?? NIL;
  }

  /** A fresh slot for (db, key), in no list, bits 0. The caller knows the key is not present. */
  add(db: number, key: string): number {
    let slot: number;
    if (this.freeHead !== NIL) {
      slot = this.freeHead;
      this.freeHead = this.newer[slot] as number;
    } else {
      if (this.used === this.capacity) this.grow();
      slot = this.used++;
    }
    this.newer[slot] = NIL;
    this.older[slot] = NIL;
    this.list[slot] = NO_LIST;
    this.bits[slot] = 0;
    this.db[slot] = db;
    this.key[slot] = key;
    let map = this.byDb.get(db);
    if (map === undefined) {
      map = new Map();
      this.byDb.set(db, map);
    }
    map.set(key, slot);
    return slot;
  }

  /** Forget a slot; the caller has already unlinked it from its list. */
  release(slot: number): void {
    const db = this.db[slot] as number;
    this.byDb.get(db)?.delete(this.key[slot] as string);
    this.key[slot] = '';
    this.list[slot] = NO_LIST;
    this.newer[slot] = this.freeHead;
    this.freeHead = slot;
  }

  /** The slots of one database (a copy: callers release while iterating). */
  slotsOf(db: number): number[] {
    const map = this.byDb.get(db);
    return map === undefined ? [] : [...map.values()];
  }

  /** SWAPDB: relabel the two databases' slots and swap their maps. O(keys of a + keys of b). */
  swapDbs(a: number, b: number): void {
    if (a === b) return;
    const ma = this.byDb.get(a);
    const mb = this.byDb.get(b);
    if (ma !== undefined) for (const slot of ma.values()) this.db[slot] = b;
    if (mb !== undefined) for (const slot of mb.values()) this.db[slot] = a;
    this.byDb.delete(a);
    this.byDb.delete(b);
    if (ma !== undefined) this.byDb.set(b, ma);
    if (mb !== undefined) this.byDb.set(a, mb);
  }

  private grow(): void {
    const next = this.capacity * 2;
    const grown = (old: Int32Array, fill: number): Int32Array => {
      const arr = new Int32Array(next).fill(fill);
      arr.set(old);
      return arr;
    };
    const grownBytes = (old: Uint8Array): Uint8Array => {
      const arr = new Uint8Array(next);
      arr.set(old);
      return arr;
    };
    this.newer = grown(this.newer, NIL);
    this.older = grown(this.older, NIL);
    this.db = grown(this.db, 0);
    this.list = grownBytes(this.list);
    this.bits = grownBytes(this.bits);
    this.capacity = next;
  }
}

/**
 * A doubly linked list of slots, newest at the head, oldest at the tail. All operations are O(1).
 * It reads the table's link arrays on every call (they are replaced when the table grows).
 */
export class SlotList {
  head = NIL;
  tail = NIL;
  length = 0;

  constructor(
    private readonly table: SlotTable,
    /** Non-zero tag recorded in `table.list` for members. */
    readonly tag: number,
  ) {}

  /** Insert at the newest end. */
  pushNewest(slot: number): void {
    const t = this.table;
    t.older[slot] = this.head;
    t.newer[slot] = NIL;
    if (this.head !== NIL) t.newer[this.head] = slot;
    else this.tail = slot;
    this.head = slot;
    t.list[slot] = this.tag;
    this.length++;
  }

  /** Insert just newer than `anchor` (a member); used by CLOCK to put a key behind its hand. */
  insertNewerThan(anchor: number, slot: number): void {
    const t = this.table;
    const above = t.newer[anchor] as number;
    t.older[slot] = anchor;
    t.newer[slot] = above;
    t.newer[anchor] = slot;
    if (above !== NIL) t.older[above] = slot;
    else this.head = slot;
    t.list[slot] = this.tag;
    this.length++;
  }

  /** Take a member out; its links become NIL and its tag NO_LIST. */
  unlink(slot: number): void {
    const t = this.table;
    const up = t.newer[slot] as number;
    const down = t.older[slot] as number;
    if (up !== NIL) t.older[up] = down;
    else this.head = down;
    if (down !== NIL) t.newer[down] = up;
    else this.tail = up;
    t.newer[slot] = NIL;
    t.older[slot] = NIL;
    t.list[slot] = NO_LIST;
    this.length--;
  }

  /** Move a member to the newest end (an LRU "touch"). */
  moveToNewest(slot: number): void {
    if (this.head === slot) return;
    this.unlink(slot);
    this.pushNewest(slot);
  }

  /** Unlink every member, calling `each` on it first (used by clear). */
  drain(each: (slot: number) => void): void {
    while (this.tail !== NIL) {
      const slot = this.tail;
      this.unlink(slot);
      each(slot);
    }
  }
}

/**
 * The sweep CLOCK and SIEVE share: from `hand` (NIL: the list's oldest end) towards the newest end,
 * a slot whose reference bit is set gets it cleared and is passed over (its second chance); the
 * sweep wraps from the newest end back to the oldest. Returns the first slot with a clear bit, the
 * victim, where the hand then rests. The list must not be empty.
 */
export function sweepToUnreferenced(table: SlotTable, list: SlotList, hand: number): number {
  const { bits, newer } = table;
  let at = hand === NIL ? list.tail : hand;
  while (bits[at] === 1) {
    bits[at] = 0;
    at = newer[at] as number;
    if (at === NIL) at = list.tail;
  }
  return at;
}
