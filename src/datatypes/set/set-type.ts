// Placeholder for the set type: its owner replaces this file.
export interface SetObject {
  readonly type: 'set';
  encoding: 'intset' | 'hashtable';
  lru: number;
}

/** A deep copy (COPY must not share mutable state). */
export function duplicateSet(obj: SetObject): SetObject {
  return { ...obj };
}
