// A stream in an RDB file or DUMP payload: RDB_TYPE_STREAM_LISTPACKS_2 (type 19, Redis 7.0).
// Mirrors: redis src/rdb.c (rdbSaveObject's OBJ_STREAM case, rdbSaveStreamPEL,
// rdbSaveStreamConsumers) and src/t_stream.c (the node listpack layout of streamAppendItem).
//
// Layout: the number of nodes, then per node its 16-byte key (the master ID, big-endian ms and
// seq) and its listpack; the length, the last ID, the first ID, the max deleted ID, entries added;
// the groups, each with its name, last ID, entries read, its PEL (raw 16-byte IDs, the delivery
// time as 8 little-endian bytes, the delivery count) and its consumers (name, seen time, and
// the raw IDs of their pending entries).
//
// A node's listpack: count, deleted, the master fields (number, names, a 0 terminator), then per
// entry its flags, ms and seq deltas from the master ID, [number of fields, fields], values, and
// the number of elements the entry took (to walk backwards). We write only live entries, so the
// deleted counter is 0 (Redis writes its tombstones too; both load the same stream).

import { consumersSorted, groupsSorted } from '../../datatypes/stream/consumer-group.js';
import { chunkEntries, sameFields } from '../../datatypes/stream/stream-node.js';
import type { StreamChunk, StreamObject } from '../../datatypes/stream/stream-type.js';
import type { StreamId } from '../../datatypes/stream/stream-id.js';
import type { ByteSink } from './byte-sink.js';
import { RDB_TYPE_STREAM_LISTPACKS_2 } from './constants.js';
import { encodeListpack } from './listpack.js';
import { writeBlob, writeLength, writeString } from './object-writer.js';

export const STREAM_ITEM_FLAG_NONE = 0;
export const STREAM_ITEM_FLAG_DELETED = 1;
export const STREAM_ITEM_FLAG_SAMEFIELDS = 2;

export function streamTypeByte(): number {
  return RDB_TYPE_STREAM_LISTPACKS_2;
}

/** The 128-bit big-endian key of an ID (streamEncodeID). */
export function encodeStreamIdKey(id: StreamId): Buffer {
  const out = Buffer.allocUnsafe(16);
  out.writeBigUInt64BE(id.ms, 0);
  out.writeBigUInt64BE(id.seq, 8);
  return out;
}

/** rdbSaveLen of an unsigned 64-bit value. */
function writeLength64(sink: ByteSink, v: bigint): void {
  if (v <= 0xffffffffn) writeLength(sink, Number(v));
  else {
    sink.byte(0x81); // RDB_64BITLEN
    sink.u64BE(v);
  }
}

function writeId(sink: ByteSink, id: StreamId): void {
  writeLength64(sink, id.ms);
  writeLength64(sink, id.seq);
}

/** A signed 64-bit delta as lpAppendInteger writes it (two's complement wrap of uint64 math). */
function deltaText(a: bigint, b: bigint): string {
  return String(BigInt.asIntN(64, a - b));
}

/** One node's listpack, as streamAppendItem would have built it (without tombstones). */
export function encodeStreamNode(chunk: StreamChunk): Buffer {
  const items: string[] = [String(chunk.count), '0', String(chunk.masterFields.length), ...chunk.masterFields, '0'];
  for (const e of chunkEntries(chunk)) {
    const same = sameFields(chunk.masterFields, e.fields);
    const pairs = e.fields.length / 2;
    items.push(String(same ? STREAM_ITEM_FLAG_SAMEFIELDS : STREAM_ITEM_FLAG_NONE));
    items.push(deltaText(e.id.ms, chunk.masterId.ms), deltaText(e.id.seq, chunk.masterId.seq));
    if (same) {
      for (let i = 1; i < e.fields.length; i += 2) items.push(e.fields[i] as string);
    } else {
      items.push(String(pairs));
      for (const f of e.fields) items.push(f);
    }
    items.push(String(3 + pairs + (same ? 0 : pairs + 1)));
  }
  return encodeListpack(items);
}

/** rdbSaveObject's stream case. */
export function writeStream(sink: ByteSink, s: StreamObject, compression: boolean): void {
  writeLength(sink, s.chunks.length);
  for (const chunk of s.chunks) {
    writeBlob(sink, encodeStreamIdKey(chunk.masterId), false);
    writeBlob(sink, encodeStreamNode(chunk), compression);
  }
  writeLength(sink, s.length);
  writeId(sink, s.lastId);
  writeId(sink, s.firstId);
  writeId(sink, s.maxDeletedId);
  writeLength64(sink, BigInt.asUintN(64, s.entriesAdded));
  // In Redis's rax order: groups and consumers sorted by name.
  const groups = groupsSorted(s);
  writeLength(sink, groups.length);
  for (const g of groups) {
    writeString(sink, g.name, compression);
    writeId(sink, g.lastId);
    writeLength64(sink, BigInt.asUintN(64, g.entriesRead));
    writeLength(sink, g.pel.length);
    for (const nack of g.pel) {
      sink.bytes(encodeStreamIdKey(nack.id));
      sink.i64LE(nack.deliveryTime);
      writeLength(sink, nack.deliveryCount);
    }
    writeLength(sink, g.consumers.size);
    for (const c of consumersSorted(g)) {
      writeString(sink, c.name, compression);
      sink.i64LE(c.seenTime);
      writeLength(sink, c.pel.length);
      for (const nack of c.pel) sink.bytes(encodeStreamIdKey(nack.id));
    }
  }
}
