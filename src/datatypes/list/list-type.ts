// Placeholder for the list type: its owner replaces this file.
export interface ListObject {
  readonly type: 'list';
  encoding: 'quicklist';
  lru: number;
}

/** A deep copy (COPY must not share mutable state). */
export function duplicateList(obj: ListObject): ListObject {
  return { ...obj };
}
