// Placeholder for the zset type: its owner replaces this file.
export interface ZSetObject {
  readonly type: 'zset';
  encoding: 'listpack' | 'skiplist';
  lru: number;
}

/** A deep copy (COPY must not share mutable state). */
export function duplicateZSet(obj: ZSetObject): ZSetObject {
  return { ...obj };
}
