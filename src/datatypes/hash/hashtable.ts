// The `hashtable` encoding of a hash: a Dict from field to value, for hashes too big (or with values
// too long) for a listpack. Mirrors: redis src/t_hash.c (hashTypeConvertListpack and the
// OBJ_ENCODING_HT branches) and src/server.c (hashDictType).
//
// Fields and values are latin1 strings (one char per byte). See dict.ts for how the table supports
// random picks (HRANDFIELD) and HSCAN cursors on top of a JS Map.

import { Dict } from '../dict.js';
import { lpEntries, type HashListpack } from './listpack.js';
import { unslice } from '../packed.js';

export type HashDict = Dict<string>;

/** hashTypeConvertListpack: the same pairs, in the same order, in a Dict. */
export function hashDictFromListpack(lp: HashListpack): HashDict {
  const dict = new Dict<string>();
  const pairs = lpEntries(lp);
  // Entries read out of the packed string are views into it: copy them, or each keeps the whole
  // old listpack alive (packed.ts unslice).
  for (let i = 0; i < pairs.length; i += 2) dict.set(unslice(pairs[i] as string), unslice(pairs[i + 1] as string));
  return dict;
}

/** A copy with its own state (COPY). */
export function copyHashDict(source: HashDict): HashDict {
  const dict = new Dict<string>();
  source.forEach((field, value) => dict.set(field, value));
  return dict;
}
