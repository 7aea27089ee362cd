// The interface behind every eviction policy that keeps its own record of keys (exact LRU, FIFO,
// CLOCK, SIEVE, S3-FIFO, W-TinyLFU, ARC ...), shared by the server's keyspace and the eviction lab.
// Mirrors: nothing in Redis: evict.c has only sampling policies, which read the `lru` field every
// object carries and need no per-key bookkeeping. These policies do: the keyspace tells them about
// every key that appears, is used, changes size or disappears, and asks them whom to evict.
//
// A policy never deletes anything itself. `victim()` names a key; the caller deletes it from the
// keyspace, which then reports the removal through `remove()` like any other deletion. A policy
// may keep "ghost" history of keys it no longer holds (ARC, S3-FIFO, W-TinyLFU do); only `remove`
// of a resident key changes what `victim()` can return.

/** A key as policies see it: its database and its bytes as a latin1 string. */
export interface EvictionKeyRef {
  readonly db: number;
  readonly key: string;
}

export interface TrackingPolicy {
  /** The `maxmemory-policy` name that selects it (e.g. "allkeys-sieve"). */
  readonly name: string;
  /** A key was added to the keyspace, with its accounted size in bytes. */
  insert(db: number, key: string, size: number): void;
  /** A resident key was read or written (a hit, in cache terms). */
  access(db: number, key: string): void;
  /** A resident key's accounted size changed (a write made its value bigger or smaller). */
  resize(db: number, key: string, size: number): void;
  /** A resident key left the keyspace: deleted, expired, evicted, moved away. */
  remove(db: number, key: string): void;
  /** Every key of `db` left at once (FLUSHDB, FLUSHALL). */
  clear(db: number): void;
  /** SWAPDB: the keys of `a` now live in `b` and the other way round. */
  swap(a: number, b: number): void;
  /** The key this policy would evict next, or undefined when it tracks none. Not removed here. */
  victim(): EvictionKeyRef | undefined;
  /** Resident keys tracked (for tests and the lab's sanity checks). */
  readonly size: number;
}

/** Builds a policy; `expectedKeys` is a sizing hint (W-TinyLFU's sketch width), 0 when unknown. */
export type TrackingPolicyFactory = (expectedKeys: number) => TrackingPolicy;
