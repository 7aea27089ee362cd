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

/**
 * EVAL, EVALSHA, FCALL and their _RO forms: numkeys at argv[2], then the keys. Redis cannot tell how a
 * script uses them, so it assumes the worst (RW + update, or RO for the _RO forms). EVAL, EVAL_RO,
 * FCALL and FCALL_RO carry that explanation as the spec's notes; Redis 7.0 reports EVALSHA's without.
 */
export function scriptKeySpecs(readOnly: boolean, withNotes = true): readonly KeySpec[] {
  const spec = keynumAt(2, readOnly ? ['RO', 'access'] : ['RW', 'access', 'update']);
  if (!withNotes) return [spec];
  const notes = readOnly
    ? 'We cannot tell how the keys will be used so we assume the worst, RO and ACCESS'
    : 'We cannot tell how the keys will be used so we assume the worst, RW and UPDATE';
  return [{ notes, ...spec }];
}

/** The key positions of a script command (evalGetKeys / functionGetKeys): argv[3 .. 3 + numkeys). */
export function scriptGetKeys(argv: readonly Buffer[]): number[] {
  const text = argv[2]?.latin1Slice() ?? '';
  const numkeys = /^\d+$/.test(text) ? Number(text) : 0;
  const keys: number[] = [];
  for (let i = 3; i < 3 + numkeys && i < argv.length; i++) keys.push(i);
  return keys;
}
