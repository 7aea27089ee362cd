// How one value is serialized: its type byte, then lengths, strings and blobs in RDB's encodings.
// Shared by the RDB file writer and DUMP. Mirrors: redis src/rdb.c (rdbSaveLen, rdbEncodeInteger,
// rdbTryIntegerEncoding, rdbSaveLzfStringObject, rdbSaveRawString, rdbSaveLongLongAsStringObject,
// rdbSaveBinaryDoubleValue, rdbSaveObjectType, rdbSaveObject).
//
// Lengths are variable-sized (1, 2, 5 or 9 bytes, the top two bits of the first byte say which).
// A string is written the cheapest way Redis knows: a short canonical integer as 1-4 bytes
// (INT8/16/32), a long compressible one LZF-compressed when rdbcompression is on, else its length
// and bytes. Each type is written in the encoding Redis 7.0 writes for the object's in-memory
// encoding, so OBJECT ENCODING survives a trip through a real Redis: listpack hashes and zsets as
// one listpack blob, intsets as one intset blob, lists as quicklist nodes (listpack blobs), and the
// big encodings element by element.

import { assertNever, type RedisObject } from '../../datatypes/object.js';
import { hashPairs } from '../../datatypes/hash/hash-type.js';
import { quicklistValues } from '../../datatypes/list/quicklist.js';
import { setMembers } from '../../datatypes/set/set-type.js';
import { parseInt64Latin1 } from '../../datatypes/string/int-parse.js';
import { zsetEmitRange, zsetForEachReverse, zsetLength } from '../../datatypes/zset/zset-type.js';
import { formatStoredDouble } from '../../util/numbers.js';
import type { ByteSink } from './byte-sink.js';
import {
  QUICKLIST_NODE_CONTAINER_PACKED, RDB_14BITLEN, RDB_32BITLEN, RDB_64BITLEN, RDB_6BITLEN, RDB_ENCVAL, RDB_ENC_INT16,
  RDB_ENC_INT32, RDB_ENC_INT8, RDB_ENC_LZF, RDB_TYPE_HASH, RDB_TYPE_HASH_LISTPACK, RDB_TYPE_LIST_QUICKLIST_2,
  RDB_TYPE_SET, RDB_TYPE_SET_INTSET, RDB_TYPE_STRING, RDB_TYPE_ZSET_2, RDB_TYPE_ZSET_LISTPACK,
} from './constants.js';
import { encodeIntset } from './intset-blob.js';
import { encodeListpack, listpackEntrySize } from './listpack.js';
import { lzfCompress } from './lzf.js';
import { streamTypeByte, writeStream } from './stream-writer.js';

/** rdbTryIntegerEncoding only looks at strings this short (the longest int32 is 11 chars). */
const INT_ENCODING_MAX_CHARS = 11;
/** rdbSaveRawString only tries LZF on strings longer than this. */
const LZF_MIN_LENGTH = 20;
/** LZF must save at least this many bytes to be worth it (rdbSaveLzfStringObject: outlen = len - 4). */
const LZF_MIN_SAVING = 4;

/** rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit big-endian. */
export function writeLength(sink: ByteSink, length: number): void {
  if (length < 1 << 6) {
    sink.byte((RDB_6BITLEN << 6) | length);
  } else if (length < 1 << 14) {
    sink.byte((RDB_14BITLEN << 6) | (length >> 8));
    sink.byte(length & 0xff);
  } else if (length <= 0xffffffff) {
    sink.byte(RDB_32BITLEN);
    sink.u32BE(length);
  } else {
    sink.byte(RDB_64BITLEN);
    sink.u64BE(BigInt(length));
  }
}

/** rdbEncodeInteger: true (and written) when `v` fits 32 bits. */
function writeEncodedInteger(sink: ByteSink, v: number | bigint): boolean {
  if (typeof v !== 'number') return false;
  if (v >= -128 && v <= 127) {
    sink.byte((RDB_ENCVAL << 6) | RDB_ENC_INT8);
    sink.byte(v & 0xff);
  } else if (v >= -32768 && v <= 32767) {
    sink.byte((RDB_ENCVAL << 6) | RDB_ENC_INT16);
    sink.byte(v & 0xff);
    sink.byte((v >> 8) & 0xff);
  } else if (v >= -2147483648 && v <= 2147483647) {
    sink.byte((RDB_ENCVAL << 6) | RDB_ENC_INT32);
    sink.u32LE(v >>> 0);
  } else {
    return false;
  }
  return true;
}

/** rdbSaveRawString for a string held as latin1 text. */
export function writeString(sink: ByteSink, text: string, compression: boolean): void {
  const length = text.length;
  if (length <= INT_ENCODING_MAX_CHARS && length > 0) {
    // parseInt64Latin1 accepts exactly the canonical decimals that survive ll2string unchanged.
    const v = parseInt64Latin1(text);
    if (v !== null && writeEncodedInteger(sink, v)) return;
  }
  if (compression && length > LZF_MIN_LENGTH) {
    const bytes = Buffer.from(text, 'latin1');
    if (writeLzf(sink, bytes)) return;
    writeLength(sink, length);
    sink.bytes(bytes);
    return;
  }
  writeLength(sink, length);
  sink.latin1(text);
}

/** rdbSaveRawString for a binary blob (listpack, intset). */
export function writeBlob(sink: ByteSink, blob: Buffer, compression: boolean): void {
  if (compression && blob.length > LZF_MIN_LENGTH && writeLzf(sink, blob)) return;
  writeLength(sink, blob.length);
  sink.bytes(blob);
}

/** rdbSaveLzfStringObject: false when LZF does not save enough. */
function writeLzf(sink: ByteSink, bytes: Buffer): boolean {
  if (bytes.length <= LZF_MIN_SAVING) return false;
  const compressed = lzfCompress(bytes, bytes.length - LZF_MIN_SAVING);
  if (compressed === null) return false;
  sink.byte((RDB_ENCVAL << 6) | RDB_ENC_LZF);
  writeLength(sink, compressed.length);
  writeLength(sink, bytes.length);
  sink.bytes(compressed);
  return true;
}

/** rdbSaveLongLongAsStringObject: an int-encoded string value. */
function writeInteger(sink: ByteSink, v: number | bigint): void {
  if (writeEncodedInteger(sink, v)) return;
  const text = String(v);
  writeLength(sink, text.length);
  sink.latin1(text);
}

// --- Quicklist nodes ---

/** quicklist.c optimization_level: the byte budget of a node for list-max-listpack-size -1..-5. */
const OPTIMIZATION_LEVEL_BYTES: readonly number[] = [4096, 8192, 16384, 32768, 65536];
/** A count-limited node still never passes this many bytes (SIZE_SAFETY_LIMIT). */
const SIZE_SAFETY_LIMIT_BYTES = 8192;
/** What _quicklistNodeAllowInsert adds to a node's size for one more entry (SIZE_ESTIMATE_OVERHEAD). */
const SIZE_ESTIMATE_OVERHEAD_BYTES = 8;
/** An empty listpack: header and end byte. */
const LISTPACK_EMPTY_BYTES = 7;

/**
 * Cut a list into listpack nodes exactly as Redis 7.0 fills them when the elements are pushed at
 * the tail one by one (quicklistPushTail, _quicklistNodeAllowInsert, quicklistNodeExceedsLimit):
 * an element joins the tail node while the node's real listpack size plus the element's length
 * plus 8 stays within the fill's byte budget (negative fill), or, for a positive fill, while the
 * node has fewer than `fill` elements and stays within 8 KB. So an RDB file or DUMP of a list
 * built by RPUSH is byte-identical to Redis's, whatever node sizes our in-memory quicklist
 * happened to use (datatypes/list/quicklist.ts estimates them).
 */
export function chunkLikeRedis(values: readonly string[], fill: number): Buffer[] {
  const byteLimit = fill < 0 ? (OPTIMIZATION_LEVEL_BYTES[Math.min(-fill, OPTIMIZATION_LEVEL_BYTES.length) - 1] as number) : Infinity;
  const countLimit = fill >= 0 ? Math.max(fill, 1) : Infinity;
  const nodes: Buffer[] = [];
  let start = 0;
  let size = LISTPACK_EMPTY_BYTES;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    const entry = listpackEntrySize(value);
    const newSize = size + value.length + SIZE_ESTIMATE_OVERHEAD_BYTES;
    const count = i - start;
    const fits = count > 0 && (fill < 0 ? newSize <= byteLimit : newSize <= SIZE_SAFETY_LIMIT_BYTES && count + 1 <= countLimit);
    if (!fits && count > 0) {
      nodes.push(encodeListpack(values.slice(start, i)));
      start = i;
      size = LISTPACK_EMPTY_BYTES;
    }
    size += entry;
  }
  if (values.length > start) nodes.push(encodeListpack(values.slice(start)));
  return nodes;
}

/** rdbSaveObjectType: the type byte for the object's encoding. */
export function objectTypeByte(obj: RedisObject): number {
  switch (obj.type) {
    case 'string':
      return RDB_TYPE_STRING;
    case 'list':
      return RDB_TYPE_LIST_QUICKLIST_2;
    case 'set':
      return obj.encoding === 'intset' ? RDB_TYPE_SET_INTSET : RDB_TYPE_SET;
    case 'hash':
      return obj.encoding === 'listpack' ? RDB_TYPE_HASH_LISTPACK : RDB_TYPE_HASH;
    case 'zset':
      return obj.encoding === 'listpack' ? RDB_TYPE_ZSET_LISTPACK : RDB_TYPE_ZSET_2;
    case 'stream':
      return streamTypeByte();
    default:
      return assertNever(obj, 'type');
  }
}

/** rdbSaveObject: the value, after its type byte. */
export function writeObject(sink: ByteSink, obj: RedisObject, compression: boolean): void {
  switch (obj.type) {
    case 'string': {
      const v = obj.value;
      if (typeof v === 'string') writeString(sink, v, compression);
      else writeInteger(sink, v);
      return;
    }
    case 'list': {
      const nodes = chunkLikeRedis([...quicklistValues(obj.ql)], obj.ql.fill);
      writeLength(sink, nodes.length);
      for (const node of nodes) {
        writeLength(sink, QUICKLIST_NODE_CONTAINER_PACKED);
        writeBlob(sink, node, compression);
      }
      return;
    }
    case 'set': {
      if (obj.encoding === 'intset') {
        writeBlob(sink, encodeIntset(obj.data), compression);
        return;
      }
      const members = setMembers(obj);
      writeLength(sink, members.length);
      for (const member of members) writeString(sink, member, compression);
      return;
    }
    case 'hash': {
      const pairs = hashPairs(obj);
      if (obj.encoding === 'listpack') {
        writeBlob(sink, encodeListpack(pairs), compression);
        return;
      }
      writeLength(sink, pairs.length / 2);
      for (const item of pairs) writeString(sink, item, compression);
      return;
    }
    case 'zset': {
      if (obj.encoding === 'listpack') {
        // The score as Redis's listpack holds it: text, or the integer for a whole score (formatStoredDouble).
        const items: string[] = [];
        zsetEmitRange(obj, 0, zsetLength(obj), false, (member, score) => items.push(member, formatStoredDouble(score)));
        writeBlob(sink, encodeListpack(items), compression);
        return;
      }
      // Highest score first, as Redis writes a skiplist (its loader then inserts at the head cheaply).
      writeLength(sink, obj.data.zsl.length);
      zsetForEachReverse(obj, (member, score) => {
        writeString(sink, member, compression);
        sink.doubleLE(score);
      });
      return;
    }
    case 'stream':
      writeStream(sink, obj, compression);
      return;
    default:
      assertNever(obj, 'type');
  }
}
