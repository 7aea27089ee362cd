// Placeholder for the hash type: its owner replaces this file.
export interface HashObject {
  readonly type: 'hash';
  encoding: 'listpack' | 'hashtable';
  lru: number;
}

/** A deep copy (COPY must not share mutable state). */
export function duplicateHash(obj: HashObject): HashObject {
  return { ...obj };
}
