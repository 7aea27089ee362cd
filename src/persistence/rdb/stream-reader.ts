// Loading a stream from an RDB file or DUMP payload: RDB_TYPE_STREAM_LISTPACKS (15, Redis 5-6.2)
// and RDB_TYPE_STREAM_LISTPACKS_2 (19, Redis 7.0). The layout is described in stream-writer.ts.
// Mirrors: redis src/rdb.c (rdbLoadObject's stream cases) and src/t_stream.c (the listpack walk of
// streamIteratorGetID, streamValidateListpackIntegrity in spirit).

import {
  createConsumer, createGroup, estimateEntriesRead, pelFind, pelInsert, type ConsumerGroup, type PendingEntry,
} from '../../datatypes/stream/consumer-group.js';
import { type StreamId } from '../../datatypes/stream/stream-id.js';
import { chunkFill, createChunk } from '../../datatypes/stream/stream-node.js';
import { createStream, streamFirstEntry, type StreamChunk, type StreamEntry, type StreamObject } from '../../datatypes/stream/stream-type.js';
import { RDB_TYPE_STREAM_LISTPACKS_2 } from './constants.js';
import { BlobFormatError, decodeListpack, listpackEntrySize } from './listpack.js';
import type { RdbInput } from './rdb-input.js';
import { STREAM_ITEM_FLAG_DELETED, STREAM_ITEM_FLAG_SAMEFIELDS } from './stream-writer.js';

const RDB_64BITLEN = 0x81;

/** rdbLoadLen keeping all 64 bits. */
function length64(input: RdbInput): bigint {
  if (input.data[input.pos] === RDB_64BITLEN) {
    input.byte();
    return input.slice(8).readBigUInt64BE(0);
  }
  return BigInt(input.length());
}

function readId(input: RdbInput): StreamId {
  const ms = length64(input);
  const seq = length64(input);
  return { ms, seq };
}

function decodeIdKey(raw: Buffer): StreamId {
  return { ms: raw.readBigUInt64BE(0), seq: raw.readBigUInt64BE(8) };
}

function int(text: string | undefined): number {
  if (text === undefined || !/^-?\d+$/.test(text)) throw new BlobFormatError('stream listpack: integer expected');
  return Number(text);
}

function bigIntOf(text: string): bigint {
  if (!/^-?\d{1,20}$/.test(text)) throw new BlobFormatError('stream listpack: integer expected');
  return BigInt(text);
}

/** One node: its live entries, its deleted count, and its listpack's size. */
export function decodeStreamNode(masterId: StreamId, blob: Buffer): StreamChunk {
  const items = decodeListpack(blob);
  let p = 0;
  const next = (): string => {
    const v = items[p++];
    if (v === undefined) throw new BlobFormatError('stream listpack truncated');
    return v;
  };
  int(next()); // live count (recounted below)
  int(next()); // deleted count (recounted below)
  const masterCount = int(next());
  const masterFields: string[] = [];
  for (let i = 0; i < masterCount; i++) masterFields.push(next());
  if (next() !== '0') throw new BlobFormatError('stream listpack: bad master entry terminator');
  const entries: StreamEntry[] = [];
  let deleted = 0;
  while (p < items.length) {
    const flags = int(next());
    const ms = BigInt.asUintN(64, masterId.ms + bigIntOf(next()));
    const seq = BigInt.asUintN(64, masterId.seq + bigIntOf(next()));
    const fields: string[] = [];
    if (flags & STREAM_ITEM_FLAG_SAMEFIELDS) {
      for (const f of masterFields) fields.push(f, next());
    } else {
      const n = int(next());
      for (let i = 0; i < n; i++) fields.push(next(), next());
    }
    next(); // lp-count
    if (flags & STREAM_ITEM_FLAG_DELETED) deleted++;
    else entries.push({ id: { ms, seq }, fields });
  }
  // `bytes` leaves out the live and deleted counters (stream-type.ts streamNodeBytes).
  const counters = listpackEntrySize(String(items[0])) + listpackEntrySize(String(items[1]));
  const chunk = createChunk(masterId, masterFields, blob.length - counters);
  chunk.deleted = deleted;
  chunkFill(chunk, entries);
  return chunk;
}

/** rdbLoadObject for types 15 and 19. */
export function loadStream(input: RdbInput, type: number): StreamObject {
  const s = createStream();
  const nodes = input.count(2);
  for (let i = 0; i < nodes; i++) {
    const key = input.stringBytes();
    if (key.length !== 16) input.fail('Stream node key entry is not the size of a stream ID');
    const chunk = decodeStreamNode(decodeIdKey(key), Buffer.from(input.stringBytes()));
    if (chunk.count === 0 && chunk.deleted === 0) input.fail('Empty listpack inside stream');
    if (chunk.count === 0) continue;
    s.chunks.push(chunk);
    s.payloadBytes += chunk.payload;
  }
  s.length = input.length();
  s.lastId = readId(input);
  const first = streamFirstEntry(s)?.id;
  if (type === RDB_TYPE_STREAM_LISTPACKS_2) {
    s.firstId = readId(input);
    s.maxDeletedId = readId(input);
    s.entriesAdded = BigInt.asIntN(64, length64(input));
  } else {
    s.entriesAdded = BigInt(s.length);
    if (first !== undefined) s.firstId = first;
  }
  const groupCount = input.length();
  for (let g = 0; g < groupCount; g++) {
    const name = input.stringBytes().latin1Slice();
    const lastId = readId(input);
    const entriesRead = type === RDB_TYPE_STREAM_LISTPACKS_2 ? BigInt.asIntN(64, length64(input)) : estimateEntriesRead(s, lastId);
    const group = createGroup(s, name, lastId, entriesRead);
    if (group === undefined) input.fail('Duplicated consumer group name');
    loadPel(input, group);
  }
  return s;
}

/** The group's PEL, then its consumers, each naming the PEL entries it owns. */
function loadPel(input: RdbInput, group: ConsumerGroup): void {
  const pelSize = input.count(17);
  const orphans: PendingEntry[] = [];
  for (let i = 0; i < pelSize; i++) {
    const id = decodeIdKey(input.slice(16));
    const deliveryTime = input.i64LE();
    const deliveryCount = input.length();
    // The owner is filled in by the consumer that lists this ID.
    orphans.push({ id, consumer: undefined as never, deliveryTime, deliveryCount });
  }
  for (const nack of orphans) pelInsert(group.pel, nack);
  const consumers = input.length();
  for (let c = 0; c < consumers; c++) {
    const name = input.stringBytes().latin1Slice();
    const seenTime = input.i64LE();
    const consumer = createConsumer(group, name, seenTime);
    if (consumer === undefined) input.fail('Duplicated consumer name');
    const owned = input.count(16);
    for (let i = 0; i < owned; i++) {
      const nack = pelFind(group.pel, decodeIdKey(input.slice(16)));
      if (nack === undefined) input.fail('Consumer PEL entry not found in the group PEL');
      nack.consumer = consumer;
      pelInsert(consumer.pel, nack);
    }
  }
  for (const nack of group.pel) {
    if ((nack as { consumer: unknown }).consumer === undefined) input.fail('Stream PEL entry without a consumer');
  }
}
