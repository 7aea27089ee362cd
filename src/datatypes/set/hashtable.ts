// The `hashtable` encoding of a set: a DictSet of members, for sets that hold a non-integer member or
// more than set-max-intset-entries integers. Mirrors: redis src/t_set.c (setTypeConvert and the
// OBJ_ENCODING_HT branches) and src/server.c (setDictType: a dict with keys and no values).
//
// Members are latin1 strings (one char per byte). The table is shared with hashes: see
// ../hash/dict.ts for how it gives O(1) random picks (SPOP, SRANDMEMBER) and SSCAN cursors.

import { DictSet } from '../dict.js';
import { intsetGet, type Intset } from './intset.js';

export type SetDict = DictSet;

export function createSetDict(): SetDict {
  return new DictSet();
}

/** setTypeConvert: every integer of the intset as its decimal text, in ascending order. */
export function setDictFromIntset(ints: Intset): SetDict {
  const dict = new DictSet();
  for (let i = 0; i < ints.length; i++) dict.add(String(intsetGet(ints, i)));
  return dict;
}

/** A copy with its own state (COPY). */
export function copySetDict(source: SetDict): SetDict {
  const dict = new DictSet();
  for (const member of source.keyList()) dict.add(member);
  return dict;
}
