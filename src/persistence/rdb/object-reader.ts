// How one value is read back: every object type Redis 7.0 writes, and the older encodings it still
// loads, rebuilt through our datatype APIs so the encoding is chosen by our thresholds (config).
// Mirrors: redis src/rdb.c (rdbLoadObject, rdbLoadObjectType, rdbIsObjectType) and the conversion
// rules it applies after loading (hashTypeConvert, setTypeConvert, zsetConvert).
//
// DIFFERS FROM REDIS: every container is checked as Redis checks a payload with
// sanitize-dump-payload yes (whatever that parameter says): blob headers and entries must be
// consistent, hashes and zsets must not repeat a field or member, a score must not be NaN. An empty container is not an error in a file (Redis skips such a key
// with a warning); the caller decides (RESTORE refuses it as "Bad data format").

import { createHash, hashSet, type HashLimits, type HashObject } from '../../datatypes/hash/hash-type.js';
import { createListFrom, type ListObject } from '../../datatypes/list/list-type.js';
import type { RedisObject } from '../../datatypes/object.js';
import { createIntsetSet, createSetFor, setAdd, setAddInt, type SetLimits, type SetObject } from '../../datatypes/set/set-type.js';
import { createString } from '../../datatypes/string/string-type.js';
import { createZSet, zsetAdd, type ZSetLimits, type ZSetObject } from '../../datatypes/zset/zset-type.js';
import { strtod } from '../../util/numbers.js';
import {
  QUICKLIST_NODE_CONTAINER_PACKED, QUICKLIST_NODE_CONTAINER_PLAIN, RDB_TYPE_HASH, RDB_TYPE_HASH_LISTPACK,
  RDB_TYPE_HASH_ZIPLIST, RDB_TYPE_HASH_ZIPMAP, RDB_TYPE_LIST, RDB_TYPE_LIST_QUICKLIST, RDB_TYPE_LIST_QUICKLIST_2,
  RDB_TYPE_LIST_ZIPLIST, RDB_TYPE_MODULE, RDB_TYPE_MODULE_2, RDB_TYPE_SET, RDB_TYPE_SET_INTSET,
  RDB_TYPE_STREAM_LISTPACKS, RDB_TYPE_STREAM_LISTPACKS_2, RDB_TYPE_STRING, RDB_TYPE_ZSET, RDB_TYPE_ZSET_2,
  RDB_TYPE_ZSET_LISTPACK, RDB_TYPE_ZSET_ZIPLIST,
} from './constants.js';
import { decodeIntset } from './intset-blob.js';
import { loadStream } from './stream-reader.js';
import { BlobFormatError, decodeListpack } from './listpack.js';
import type { RdbInput } from './rdb-input.js';
import { decodeZiplist, decodeZipmap } from './ziplist.js';

/** The thresholds that pick each loaded object's encoding (the *-max-* config parameters). */
export interface RdbLoadLimits {
  /** list-max-listpack-size */
  readonly listFill: number;
  readonly hash: HashLimits;
  readonly set: SetLimits;
  readonly zset: ZSetLimits;
}

/** Redis 7.0's defaults for those parameters. */
export const DEFAULT_RDB_LOAD_LIMITS: RdbLoadLimits = {
  listFill: -2,
  hash: { maxListpackEntries: 512, maxListpackValue: 64 },
  set: { maxIntsetEntries: 512 },
  zset: { maxListpackEntries: 128, maxListpackValue: 64 },
};

/** rdbIsObjectType: the bytes that introduce a key/value pair (every other byte is an opcode). */
export function isObjectType(type: number): boolean {
  return (type >= RDB_TYPE_STRING && type <= RDB_TYPE_MODULE_2) || (type >= RDB_TYPE_HASH_ZIPMAP && type <= RDB_TYPE_STREAM_LISTPACKS_2);
}

const UNSUPPORTED_TYPES: ReadonlyMap<number, string> = new Map([
  [RDB_TYPE_MODULE, 'module'],
  [RDB_TYPE_MODULE_2, 'module'],
]);

/**
 * rdbLoadObject: the value of type `type` at the input's position, or undefined when it is an
 * empty container. Throws RdbFormatError on corruption and on types we do not have.
 */
export function loadObject(input: RdbInput, type: number, limits: RdbLoadLimits): RedisObject | undefined {
  const at = input.pos;
  const unsupported = UNSUPPORTED_TYPES.get(type);
  if (unsupported !== undefined) input.fail(`RDB type ${type} (${unsupported}) not supported`, at - 1);
  try {
    return loadSupported(input, type, limits);
  } catch (err) {
    if (err instanceof BlobFormatError) input.fail(`Corrupt value of type ${type}: ${err.message}`, at);
    throw err;
  }
}

function loadSupported(input: RdbInput, type: number, limits: RdbLoadLimits): RedisObject | undefined {
  switch (type) {
    case RDB_TYPE_STRING:
      return createString(input.string());
    case RDB_TYPE_STREAM_LISTPACKS:
    case RDB_TYPE_STREAM_LISTPACKS_2:
      return loadStream(input, type);
    case RDB_TYPE_LIST: {
      const n = input.count();
      const values = new Array<string>(n);
      for (let i = 0; i < n; i++) values[i] = input.string();
      return listFrom(values, limits);
    }
    case RDB_TYPE_SET: {
      const n = input.count();
      const members = new Array<string>(n);
      for (let i = 0; i < n; i++) members[i] = input.string();
      return setFrom(input, members, limits);
    }
    case RDB_TYPE_ZSET:
    case RDB_TYPE_ZSET_2: {
      const n = input.count(2);
      const items = new Array<string>(n);
      const scores = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        items[i] = input.string();
        scores[i] = type === RDB_TYPE_ZSET_2 ? input.doubleLE() : input.textDouble();
      }
      return zsetFrom(input, items, scores, limits, false);
    }
    case RDB_TYPE_HASH: {
      const n = input.count(2);
      const pairs = new Array<string>(n * 2);
      for (let i = 0; i < n * 2; i++) pairs[i] = input.string();
      return hashFrom(input, pairs, limits.hash);
    }
    case RDB_TYPE_HASH_ZIPMAP:
      return hashFrom(input, decodeZipmap(input.stringBytes()), limits.hash);
    case RDB_TYPE_LIST_ZIPLIST:
      return listFrom(decodeZiplist(input.stringBytes()), limits);
    case RDB_TYPE_SET_INTSET: {
      const values = decodeIntset(input.stringBytes());
      const set = createIntsetSet();
      for (const v of values) setAddInt(set, v, limits.set);
      return set;
    }
    case RDB_TYPE_ZSET_ZIPLIST:
    case RDB_TYPE_ZSET_LISTPACK: {
      const flat = type === RDB_TYPE_ZSET_LISTPACK ? decodeListpack(input.stringBytes()) : decodeZiplist(input.stringBytes());
      if (flat.length % 2 !== 0) throw new BlobFormatError('odd number of zset entries');
      const members = new Array<string>(flat.length / 2);
      const scores = new Array<number>(flat.length / 2);
      for (let i = 0; i < members.length; i++) {
        members[i] = flat[2 * i] as string;
        scores[i] = parseStoredScore(flat[2 * i + 1] as string);
      }
      return zsetFrom(input, members, scores, limits, true);
    }
    case RDB_TYPE_HASH_ZIPLIST:
    case RDB_TYPE_HASH_LISTPACK: {
      const flat = type === RDB_TYPE_HASH_LISTPACK ? decodeListpack(input.stringBytes()) : decodeZiplist(input.stringBytes());
      if (flat.length % 2 !== 0) throw new BlobFormatError('odd number of hash entries');
      // Redis 7.0 keeps a listpack (or converted ziplist) hash as it is unless it has too many
      // fields; it does not check value lengths here (the zipmap and dict paths do).
      return hashFrom(input, flat, countOnly(limits.hash));
    }
    case RDB_TYPE_LIST_QUICKLIST:
    case RDB_TYPE_LIST_QUICKLIST_2: {
      const nodes = input.count();
      const values: string[] = [];
      for (let i = 0; i < nodes; i++) {
        let container = QUICKLIST_NODE_CONTAINER_PACKED;
        if (type === RDB_TYPE_LIST_QUICKLIST_2) {
          container = input.length();
          if (container !== QUICKLIST_NODE_CONTAINER_PACKED && container !== QUICKLIST_NODE_CONTAINER_PLAIN) {
            throw new BlobFormatError(`quicklist node container ${container}`);
          }
        }
        const blob = input.stringBytes();
        if (container === QUICKLIST_NODE_CONTAINER_PLAIN) {
          values.push(blob.latin1Slice(0, blob.length));
          continue;
        }
        // Redis skips an empty node (it can be left by a crash-safe save of a list being trimmed).
        const entries = type === RDB_TYPE_LIST_QUICKLIST_2 ? decodeListpack(blob) : decodeZiplist(blob);
        for (const entry of entries) values.push(entry);
      }
      return listFrom(values, limits);
    }
    default:
      return input.fail(`Unknown RDB encoding type ${type}`, input.pos - 1);
  }
}

/** A score stored as listpack/ziplist text (or an integer entry's decimal): zzlStrtod. */
function parseStoredScore(text: string): number {
  const bytes = Buffer.from(text, 'latin1');
  const parsed = strtod(bytes);
  if (parsed.end !== bytes.length || Number.isNaN(parsed.value)) throw new BlobFormatError(`invalid zset score "${text}"`);
  return parsed.value;
}

function listFrom(values: string[], limits: RdbLoadLimits): ListObject | undefined {
  if (values.length === 0) return undefined;
  return createListFrom(values, limits.listFill);
}

function setFrom(input: RdbInput, members: string[], limits: RdbLoadLimits): SetObject | undefined {
  const first = members[0];
  if (first === undefined) return undefined;
  const set = createSetFor(first);
  for (const member of members) {
    if (!setAdd(set, member, limits.set)) input.fail('Duplicate set members detected');
  }
  return set;
}

/** Thresholds that convert on the number of entries only (no value is "too long"). */
function countOnly<T extends { readonly maxListpackEntries: number }>(limits: T): T {
  return { ...limits, maxListpackValue: Number.MAX_SAFE_INTEGER };
}

function hashFrom(input: RdbInput, pairs: string[], limits: HashLimits): HashObject | undefined {
  if (pairs.length === 0) return undefined;
  const hash = createHash();
  for (let i = 0; i < pairs.length; i += 2) {
    if (!hashSet(hash, pairs[i] as string, pairs[i + 1] as string, limits)) input.fail('Duplicate hash fields detected');
  }
  return hash;
}

/**
 * A sorted set from members and scores. A listpack in the file stays a listpack unless it has
 * more than zset-max-listpack-entries members (Redis 7.0 checks only the count there); a skiplist
 * in the file is loaded and then shrunk to a listpack when it fits both thresholds.
 */
function zsetFrom(
  input: RdbInput, members: string[], scores: number[], limits: RdbLoadLimits, fromListpack: boolean,
): ZSetObject | undefined {
  const n = members.length;
  if (n === 0) return undefined;
  let maxLength = 0;
  for (const member of members) if (member.length > maxLength) maxLength = member.length;
  for (const score of scores) if (Number.isNaN(score)) input.fail('Zset with NAN score detected');
  const zlimits = fromListpack ? countOnly(limits.zset) : limits.zset;
  const zset = createZSet(zlimits, n, maxLength);
  for (let i = 0; i < n; i++) {
    const result = zsetAdd(zset, scores[i] as number, members[i] as string, 0, zlimits);
    if (result.outcome !== 'added') input.fail('Duplicate zset fields detected');
  }
  return zset;
}
