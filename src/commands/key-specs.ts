// Builders for the key specs the spec tables repeat: where a command's keys begin and how to find them.
// Mirrors: redis src/commands/*.json (key_specs: begin_search index, find_keys range / keynum), src/server.h
// (keySpec).

import type { KeySpec, KeySpecFlag } from './types.js';

/** A key spec at a fixed index, covering `lastkey` more keys (-1: to the end, -2: all but the last). */
export function keyAt(index: number, flags: readonly KeySpecFlag[], lastkey = 0): KeySpec {
  return { flags, beginSearch: { type: 'index', index }, findKeys: { type: 'range', lastkey, keystep: 1, limit: 0 } };
}

/** A numkeys key spec: the count at argv[index], then that many keys (ZUNION, LMPOP, SINTERCARD...). */
export function keynumAt(index: number, flags: readonly KeySpecFlag[]): KeySpec {
  return { flags, beginSearch: { type: 'index', index }, findKeys: { type: 'keynum', keynumidx: 0, firstkey: 1, keystep: 1 } };
}
