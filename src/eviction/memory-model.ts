// The memory cost model: how many bytes a key, its value and the server's fixed parts are
// charged for `used_memory`, MEMORY USAGE and the maxmemory check.
// Mirrors: redis src/object.c (objectComputeSize, memoryCommand's USAGE), src/zmalloc.c (used_memory
// is the sum of live allocations, each rounded up to the allocator's size class) and the struct
// sizes in server.h / dict.h / quicklist.h / t_zset.c.
//
// The problem. Redis's used_memory is exact: zmalloc counts every allocation as it happens, so the
// maxmemory check is a comparison with a counter. Node gives us no such counter per object: V8's
// heap is shared by everything (the parser, replies, closures) and only measurable as a whole
// (process.memoryUsage(), which is too slow to call before every write and moves with garbage
// collection, not with the data). So, like Redis, we keep a counter, but it is fed by a model:
// every value is charged what Redis 7.0 would allocate for it, computed in O(1) from numbers the
// datatypes keep up to date (element counts, and the sum of element lengths that each container
// maintains on every write: Dict.keyBytes/valueBytes, Quicklist.elementBytes, the listpack zset's
// payloadBytes (members plus each score's listpack entry) and ZSkiplistSet's memberBytes, the listpack
// hash's elementBytes). An intset's size and a string's
// length are read directly. The keyspace (src/keyspace/database.ts) charges each key when it
// appears, re-prices it after every write signalled with touchWrite/overwrite/set, and refunds it
// when it goes, so the total is maintained incrementally and deleting a 10M-element key is O(1).
//
// Why model Redis's allocations rather than V8's? Two reasons. A user sizing `maxmemory` thinks in
// Redis's numbers (and the eviction lab compares our hit ratios with real Redis's at the same
// maxmemory), so charging what Redis would makes the same setting hold about the same keys. And V8's
// real layout is not observable per object. For the record, here is what V8 (pointer compression,
// 64-bit) really spends, beside each Redis constant below; docs/eviction.md compares the two for 1M
// small keys, measured.
//
// DIFFERS FROM REDIS: the model is additive, so jemalloc's rounding is applied only where an
// allocation's size is a function of one length (key and string sds, embstr, a listpack zset);
// other containers are charged per element with the average header, not their exact
// listpack/ziplist bytes. MEMORY USAGE therefore agrees with Redis exactly for int/embstr/raw
// strings and listpack zsets (members that look like integers aside), and within ~10% for other
// containers (docs/eviction.md has the comparison).

import type { RedisObject } from '../datatypes/object.js';
import { assertNever } from '../datatypes/object.js';
import { installStringPricer, stringPrice, type StringObject } from '../datatypes/string/string-type.js';
import { hashPairs } from '../datatypes/hash/hash-type.js';
import { lpPairs } from '../datatypes/hash/listpack.js';
import { zsetEmitRange, zsetLength } from '../datatypes/zset/zset-type.js';
import { streamNodeBytes, type StreamObject } from '../datatypes/stream/stream-type.js';
import { chunkEntries } from '../datatypes/stream/stream-node.js';
import { zlpScoreEntryBytes } from '../datatypes/zset/listpack.js';
import { quicklistValues } from '../datatypes/list/quicklist.js';

// --- Allocation sizes (64-bit Redis 7.0 with jemalloc) ---

/** sizeof(robj): type/encoding/lru bitfields, refcount, ptr. V8: a JS object with 4-5 fields is 20-28 bytes. */
export const ROBJ_BYTES = 16;
/** sizeof(dictEntry): key, value, next pointers. V8: a Map entry is 3 tagged slots (12 bytes) plus table slack. */
export const DICT_ENTRY_BYTES = 24;
/** sizeof(dict) in 7.0: type pointer, two tables, two used counters, rehash index, pause counter. */
export const DICT_BYTES = 56;
/** One bucket pointer per slot of a dict's table (table sizes are powers of two >= the element count). */
export const DICT_BUCKET_BYTES = 8;
/** A short sds's header (sdshdr5: one byte for type and length) plus its NUL terminator. */
export const SDS_OVERHEAD_BYTES = 2;
/** Average jemalloc rounding waste per small allocation inside a container (measured: ~6 bytes). */
export const ALLOC_SLACK_BYTES = 6;
/** A listpack's fixed header and end byte (total bytes 4, count 2, end 1). */
export const LISTPACK_HEADER_BYTES = 7;
/** A listpack entry's encoding byte plus its back-length byte, for short entries. */
export const LISTPACK_ENTRY_OVERHEAD_BYTES = 2;
/** sizeof(quicklist): head, tail, count, len, fill/compress/bookmark bits. */
export const QUICKLIST_BYTES = 40;
/** sizeof(quicklistNode): prev, next, entry pointer, sz, count and flag bits. */
export const QUICKLIST_NODE_BYTES = 32;
/** sizeof(intset) header: encoding and length (4 bytes each). */
export const INTSET_HEADER_BYTES = 8;
/** sizeof(zset) (dict and skiplist pointers) plus sizeof(zskiplist) (header, tail, length, level). */
export const ZSET_BYTES = 16 + 32;
/** The skiplist's header node: 32 levels of (forward, span) = 32 * 16 plus the node fields. */
export const ZSKIPLIST_HEADER_BYTES = 32 * 16 + 32;
/**
 * A skiplist node: member pointer, score, backward pointer (24 bytes) plus its level array; with
 * ZSKIPLIST_P = 0.25 the expected level count is 4/3, so 16 * 4/3 ≈ 21 bytes of levels.
 */
export const ZSKIPLIST_NODE_BYTES = 24 + 21;

// --- Fixed overheads outside the dataset ---

/**
 * What an idle server uses before any key is written: Redis 7.0 reports used_memory_startup ≈ 860 KB
 * (shared objects, the command table, empty dicts of 16 databases, the Lua VM). V8's own baseline
 * (≈ 4-6 MB of heap for the code and the tables) is not data and is not charged, as Redis does not
 * charge its text segment.
 */
export const BASELINE_BYTES = 876_088;
/**
 * One connected client: Redis's struct client plus its 16 KB static reply buffer (PROTO_REPLY_CHUNK_BYTES)
 * and the initial query buffer, ≈ 20 KB. A Node socket plus our Client/parser/writer objects cost
 * about the same.
 */
export const CLIENT_BYTES = 20_496;

/**
 * jemalloc's size class for a request of `n` bytes: 8 and 16, then steps of 16 up to 128, then four
 * classes per doubling (160, 192, 224, 256, 320 ...). The rounding Redis's zmalloc_size reports.
 */
export function jemallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return (n + 15) & ~15;
  // Four classes per power of two: the step is a quarter of the power of two just below n.
  const pow = 2 ** Math.floor(Math.log2(n - 1));
  const step = pow / 4;
  return Math.ceil(n / step) * step;
}

/** The allocation of an sds holding `length` bytes (type-8 header), as sdsZmallocSize reports it. */
export function sdsAllocBytes(length: number): number {
  return jemallocSize(length + (length < 32 ? 2 : length < 256 ? 4 : length < 65536 ? 6 : 10));
}

/** What a key costs in a database besides its value: its dictEntry and its sds (dbAdd). */
export function keyBytes(keyLength: number): number {
  return DICT_ENTRY_BYTES + sdsAllocBytes(keyLength);
}

/** A TTL costs one more dictEntry in db->expires (the key sds is shared with the main dict). */
export const EXPIRE_ENTRY_BYTES = DICT_ENTRY_BYTES;

/** The bucket array of a dict holding `size` entries: the next power of two, 8 bytes a slot; 0 when empty. */
export function dictBucketsBytes(size: number): number {
  if (size === 0) return 0;
  if (size <= 4) return 4 * DICT_BUCKET_BYTES;
  // A shift, not `2 ** exponent`: V8 computes a variable power with a call to its pow routine,
  // ~37 ns against ~3, and every write to a hashtable-encoded hash, set or sorted set re-prices it.
  const exponent = 32 - Math.clz32(size - 1);
  return (exponent < 31 ? 1 << exponent : 2 ** exponent) * DICT_BUCKET_BYTES;
}

/** Bytes of a hashtable-encoded container: the dict, its buckets, and per entry a dictEntry plus its sds. */
function dictContainerBytes(size: number, payload: number, sdsPerEntry: number): number {
  return (
    DICT_BYTES +
    dictBucketsBytes(size) +
    size * (DICT_ENTRY_BYTES + sdsPerEntry * (SDS_OVERHEAD_BYTES + ALLOC_SLACK_BYTES)) +
    payload
  );
}

/**
 * The bytes Redis would allocate for a value (objectComputeSize with every element counted), O(1).
 * Each number it reads is maintained by the datatype's own API on every write.
 */
export function objectBytes(obj: RedisObject): number {
  return priceObject(obj, maintainedPayload(obj));
}

/**
 * The same price with the payload summed by walking every element: O(n), for tests (the recount
 * that checks the incremental bookkeeping never drifts).
 */
export function objectBytesByWalking(obj: RedisObject): number {
  return priceObject(obj, walkedPayload(obj));
}

/** The sum of element lengths as the datatypes maintain it (strings and intsets have none). */
function maintainedPayload(obj: RedisObject): number {
  switch (obj.type) {
    case 'string':
      return 0;
    case 'list':
      return obj.ql.elementBytes;
    case 'hash':
      return obj.encoding === 'listpack' ? obj.elementBytes : obj.data.keyBytes + obj.data.valueBytes;
    case 'set':
      return obj.encoding === 'intset' ? 0 : obj.data.keyBytes;
    case 'zset':
      return obj.encoding === 'listpack' ? obj.payloadBytes : obj.data.memberBytes;
    case 'stream':
      return obj.payloadBytes;
    default:
      return assertNever(obj, 'type');
  }
}

/** The sum of element lengths, counted one element at a time. */
function walkedPayload(obj: RedisObject): number {
  let total = 0;
  switch (obj.type) {
    case 'string':
      return 0;
    case 'list':
      for (const e of quicklistValues(obj.ql)) total += e.length;
      return total;
    case 'hash':
      if (obj.encoding === 'listpack') for (const e of hashPairs(obj)) total += e.length;
      else obj.data.forEach((field, value) => (total += field.length + value.length));
      return total;
    case 'set':
      if (obj.encoding === 'hashtable') for (const member of obj.data.keyList()) total += member.length;
      return total;
    case 'zset':
      if (obj.encoding === 'listpack') {
        zsetEmitRange(obj, 0, zsetLength(obj), false, (m, score) => (total += m.length + zlpScoreEntryBytes(score)));
      }
      else for (const member of obj.data.dict.keys()) total += member.length;
      return total;
    case 'stream':
      for (const chunk of obj.chunks) for (const e of chunkEntries(chunk)) for (const f of e.fields) total += f.length;
      return total;
    default:
      return assertNever(obj, 'type');
  }
}

function priceObject(obj: RedisObject, payload: number): number {
  switch (obj.type) {
    case 'string':
      // Cached for ints and embstrs (string-type.ts); the same stringAllocBytes price.
      return stringPrice(obj);
    case 'list': {
      const ql = obj.ql;
      return (
        ROBJ_BYTES +
        QUICKLIST_BYTES +
        ql.nodes * (QUICKLIST_NODE_BYTES + LISTPACK_HEADER_BYTES) +
        ql.count * LISTPACK_ENTRY_OVERHEAD_BYTES +
        payload
      );
    }
    case 'hash':
      switch (obj.encoding) {
        case 'listpack':
          // Two entries per pair; counting the pairs walks the packed headers (a listpack is small).
          return ROBJ_BYTES + LISTPACK_HEADER_BYTES + 2 * lpPairs(obj.data) * LISTPACK_ENTRY_OVERHEAD_BYTES + payload;
        case 'hashtable':
          return ROBJ_BYTES + dictContainerBytes(obj.data.size, payload, 2);
        default:
          return assertNever(obj, 'hash encoding');
      }
    case 'set':
      switch (obj.encoding) {
        case 'intset':
          return ROBJ_BYTES + INTSET_HEADER_BYTES + obj.data.length * obj.data.width;
        case 'hashtable':
          return ROBJ_BYTES + dictContainerBytes(obj.data.size, payload, 1);
        default:
          return assertNever(obj, 'set encoding');
      }
    case 'zset':
      switch (obj.encoding) {
        case 'listpack': {
          // One allocation whose size the model knows to the byte (payload counts each score's entry as
          // Redis encodes it, zlpScoreEntryBytes), so jemalloc's size class applies as zmalloc_size reports it.
          // SIMPLIFIED: a member that looks like an integer is counted as a string (Redis packs it as one).
          const members = obj.listpackLength * LISTPACK_ENTRY_OVERHEAD_BYTES;
          return ROBJ_BYTES + jemallocSize(LISTPACK_HEADER_BYTES + members + payload);
        }
        case 'skiplist': {
          const zs = obj.data;
          const size = zs.zsl.length;
          return (
            ROBJ_BYTES +
            ZSET_BYTES +
            ZSKIPLIST_HEADER_BYTES +
            dictContainerBytes(size, payload, 1) +
            size * ZSKIPLIST_NODE_BYTES
          );
        }
        default:
          return assertNever(obj, 'zset encoding');
      }
    case 'stream':
      return streamPrice(obj, payload);
    default:
      return assertNever(obj, 'type');
  }
}

/** What Redis allocates for a string value of this encoding and length (objectComputeSize's string case). */
export function stringAllocBytes(encoding: StringObject['encoding'], length: number): number {
  switch (encoding) {
    case 'int':
      // The integer lives in the robj's pointer field (V8: a Smi in the object, or a heap number).
      return ROBJ_BYTES;
    case 'embstr':
      // One allocation: robj + sdshdr8 + bytes + NUL (V8: a SeqOneByteString, 12-byte header + length).
      return jemallocSize(ROBJ_BYTES + 3 + length + 1);
    case 'raw':
      return ROBJ_BYTES + sdsAllocBytes(length);
    default:
      return assertNever(encoding, 'string encoding');
  }
}
// A string object derives what it was charged from this price instead of storing it (string-type.ts).
installStringPricer(stringAllocBytes);

/** What one key with its value costs in a database (without a TTL): MEMORY USAGE's answer. */
export function entryBytes(keyLength: number, obj: RedisObject): number {
  return keyBytes(keyLength) + objectBytes(obj);
}

/** The part of a database's bytes that is bookkeeping, not data: its dicts' entries and buckets. */
export function dbOverheadBytes(size: number, expiresSize: number): { main: number; expires: number } {
  return {
    main: size * DICT_ENTRY_BYTES + dictBucketsBytes(size),
    expires: expiresSize * EXPIRE_ENTRY_BYTES + dictBucketsBytes(expiresSize),
  };
}

/**
 * used_memory_overhead (getMemoryOverheadData's overhead.total): the baseline, the clients, and
 * every database's dict entries and buckets. used_memory minus this is used_memory_dataset.
 */
export function overheadBytes(
  dbs: Iterable<{ readonly size: number; readonly expiresSize: number }>,
  clients: number,
): number {
  let total = BASELINE_BYTES + clients * CLIENT_BYTES;
  for (const db of dbs) {
    const { main, expires } = dbOverheadBytes(db.size, db.expiresSize);
    total += main + expires;
  }
  return total;
}

// --- Streams (object.c objectComputeSize's OBJ_STREAM case) ---

/** robj-less stream struct (rax pointer, length, three IDs, entries_added, cgroups pointer). */
const STREAM_STRUCT_BYTES = 80;
/** streamRadixTreeMemoryUsage's per-node figure: a raxNode header plus 30 words of fixed overhead. */
const STREAM_RAX_NODE_BYTES = 4 + 8 * 30;
/** Per key of a stream rax (a 128-bit stream ID). */
const STREAM_RAX_KEY_BYTES = 16;
/** sizeof(streamCG), sizeof(streamNACK), sizeof(streamConsumer) in 7.0. */
const STREAM_CG_BYTES = 40;
const STREAM_NACK_BYTES = 24;
const STREAM_CONSUMER_BYTES = 24;
/** 7.0 preallocates a new node's listpack (STREAM_LISTPACK_MAX_PRE_ALLOCATE) and shrinks it when full. */
const STREAM_LISTPACK_PREALLOC_BYTES = 4096;
/** objectComputeSize samples this many nodes and extrapolates (MEMORY USAGE's default SAMPLES). */
const STREAM_SIZE_SAMPLES = 5;

/**
 * streamRadixTreeMemoryUsage for a rax of `keys` 16-byte IDs. SIMPLIFIED: the node count is
 * estimated (a rax of stream IDs holds about two nodes per key, measured: 1.9 to 2.1); walking
 * the keys for the exact count would make every write O(PEL).
 */
function streamRaxBytes(keys: number): number {
  const nodes = keys === 0 ? 1 : Math.round(keys * 2) + 1;
  return keys * STREAM_RAX_KEY_BYTES + nodes * STREAM_RAX_NODE_BYTES;
}

/**
 * What MEMORY USAGE reports for a stream in 7.0: the struct, its rax, the listpacks (the first
 * five nodes' allocations averaged over all but the last, which is counted as allocated: full
 * nodes shrunk to fit, the tail node preallocated to 4 KB), and per group its PEL and consumers.
 */
function streamPrice(obj: StreamObject, _payload: number): number {
  let bytes = ROBJ_BYTES + STREAM_STRUCT_BYTES + streamRaxBytes(obj.chunks.length);
  const chunks = obj.chunks;
  const n = chunks.length;
  if (n > 0) {
    const tail = chunks[n - 1] as StreamObject['chunks'][number];
    const tailBytes = jemallocSize(Math.max(STREAM_LISTPACK_PREALLOC_BYTES, streamNodeBytes(tail)));
    const allocOf = (i: number): number => (i === n - 1 ? tailBytes : jemallocSize(streamNodeBytes(chunks[i] as typeof tail)));
    const samples = Math.min(n, STREAM_SIZE_SAMPLES);
    let sampled = 0;
    for (let i = 0; i < samples; i++) sampled += allocOf(i);
    bytes += n <= samples ? sampled : Math.floor(sampled / samples) * (n - 1) + tailBytes;
  }
  if (obj.groups !== undefined) {
    for (const g of obj.groups.values()) {
      bytes += STREAM_CG_BYTES + streamRaxBytes(g.pel.length) + g.pel.length * STREAM_NACK_BYTES;
      for (const c of g.consumers.values()) bytes += STREAM_CONSUMER_BYTES + c.name.length + streamRaxBytes(c.pel.length);
    }
  }
  return bytes;
}
