// notify-keyspace-events: the class letters users write and the bit flags the notifier tests.
// Mirrors: redis src/notify.c (keyspaceEventsStringToFlags, keyspaceEventsFlagsToString), src/server.h (NOTIFY_*)

export const NOTIFY_KEYSPACE = 1 << 0; // K: __keyspace@<db>__:<key> channel
export const NOTIFY_KEYEVENT = 1 << 1; // E: __keyevent@<db>__:<event> channel
export const NOTIFY_GENERIC = 1 << 2; // g: DEL, EXPIRE, RENAME, ...
export const NOTIFY_STRING = 1 << 3; // $
export const NOTIFY_LIST = 1 << 4; // l
export const NOTIFY_SET = 1 << 5; // s
export const NOTIFY_HASH = 1 << 6; // h
export const NOTIFY_ZSET = 1 << 7; // z
export const NOTIFY_EXPIRED = 1 << 8; // x
export const NOTIFY_EVICTED = 1 << 9; // e
export const NOTIFY_STREAM = 1 << 10; // t
export const NOTIFY_KEY_MISS = 1 << 11; // m (not part of A)
export const NOTIFY_LOADED = 1 << 12; // module-only, no letter
export const NOTIFY_MODULE = 1 << 13; // d
export const NOTIFY_NEW = 1 << 14; // n (not part of A)
/** A: every class except key-miss and new-key events. */
export const NOTIFY_ALL =
  NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH | NOTIFY_ZSET |
  NOTIFY_EXPIRED | NOTIFY_EVICTED | NOTIFY_STREAM | NOTIFY_MODULE;

const LETTER_FLAGS: Readonly<Record<string, number>> = {
  A: NOTIFY_ALL, g: NOTIFY_GENERIC, $: NOTIFY_STRING, l: NOTIFY_LIST, s: NOTIFY_SET, h: NOTIFY_HASH,
  z: NOTIFY_ZSET, x: NOTIFY_EXPIRED, e: NOTIFY_EVICTED, K: NOTIFY_KEYSPACE, E: NOTIFY_KEYEVENT,
  t: NOTIFY_STREAM, m: NOTIFY_KEY_MISS, d: NOTIFY_MODULE, n: NOTIFY_NEW,
};

/** Letters are case-sensitive (e = evicted, E = keyevent). Returns undefined on an unknown letter. */
export function keyspaceEventsFromString(classes: string): number | undefined {
  let flags = 0;
  for (const letter of classes) {
    const bit = LETTER_FLAGS[letter];
    if (bit === undefined) return undefined;
    flags |= bit;
  }
  return flags;
}

/** The letters in Redis's canonical order, as CONFIG GET shows them ("AKE", "gxE", ...). */
export function keyspaceEventsToString(flags: number): string {
  let out = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) {
    // Redis quirk kept on purpose: once the A block is printed, an 'n' flag is not shown (but stays active).
    out += 'A';
  } else {
    const order: readonly [string, number][] = [
      ['g', NOTIFY_GENERIC], ['$', NOTIFY_STRING], ['l', NOTIFY_LIST], ['s', NOTIFY_SET], ['h', NOTIFY_HASH],
      ['z', NOTIFY_ZSET], ['x', NOTIFY_EXPIRED], ['e', NOTIFY_EVICTED], ['t', NOTIFY_STREAM],
      ['d', NOTIFY_MODULE], ['n', NOTIFY_NEW],
    ];
    for (const [letter, bit] of order) if (flags & bit) out += letter;
  }
  if (flags & NOTIFY_KEYSPACE) out += 'K';
  if (flags & NOTIFY_KEYEVENT) out += 'E';
  if (flags & NOTIFY_KEY_MISS) out += 'm';
  return out;
}
