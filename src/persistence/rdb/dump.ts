// The DUMP payload: one value serialized as in an RDB file, plus a footer that lets RESTORE refuse
// payloads from a newer format or damaged in transit.
// Mirrors: redis src/cluster.c (createDumpPayload, verifyDumpPayload) and the object half of
// src/rdb.c it reuses (rdbSaveObjectType/rdbSaveObject, rdbLoadObjectType/rdbLoadObject).
//
// Layout: <type byte> <value, as rdbSaveObject writes it> <RDB version: u16 LE> <CRC-64: u64 LE>
// The CRC covers everything before it, version included. A payload is interchangeable with real
// Redis 7.0 both ways, as long as the value is a type we have.

import type { RedisObject } from '../../datatypes/object.js';
import { ByteSink } from './byte-sink.js';
import { RDB_VERSION } from './constants.js';
import { Crc64, crc64 } from './crc64.js';
import { DEFAULT_RDB_LOAD_LIMITS, isObjectType, loadObject, type RdbLoadLimits } from './object-reader.js';
import { objectTypeByte, writeObject } from './object-writer.js';
import { RdbFormatError, RdbInput } from './rdb-input.js';

/** Footer: 2 bytes of RDB version and 8 of CRC-64. */
const DUMP_FOOTER_BYTES = 10;

/** The payload failed verifyDumpPayload: too short, a newer RDB version, or a wrong checksum. */
export class DumpPayloadError extends Error {}

/** DUMP's payload for a value; `compression` is rdbcompression (Redis compresses here too). */
export function dumpPayload(obj: RedisObject, compression = true): Buffer {
  const sink = new ByteSink(undefined);
  sink.byte(objectTypeByte(obj));
  writeObject(sink, obj, compression);
  const body = Buffer.concat(sink.take());
  const out = Buffer.allocUnsafe(body.length + DUMP_FOOTER_BYTES);
  body.copy(out, 0);
  out.writeUInt16LE(RDB_VERSION, body.length);
  const crc = new Crc64().update(out, 0, body.length + 2).bytesLE();
  crc.copy(out, body.length + 2);
  return out;
}

/** verifyDumpPayload: throws DumpPayloadError unless the footer is right. */
export function verifyDumpPayload(payload: Buffer): void {
  if (payload.length < DUMP_FOOTER_BYTES) throw new DumpPayloadError('payload too short');
  const version = payload.readUInt16LE(payload.length - DUMP_FOOTER_BYTES);
  if (version > RDB_VERSION) throw new DumpPayloadError(`payload RDB version ${version}`);
  const stored = payload.readBigUInt64LE(payload.length - 8);
  if (crc64(payload, 0, payload.length - 8) !== stored) throw new DumpPayloadError('payload checksum mismatch');
}

/**
 * RESTORE's decoding: verify the footer, then read the value. Throws DumpPayloadError for the
 * footer, RdbFormatError for a bad value (unknown type, corrupt bytes, or an empty container).
 * Bytes left after the value are ignored, as Redis ignores them.
 */
export function restorePayload(payload: Buffer, limits: RdbLoadLimits = DEFAULT_RDB_LOAD_LIMITS): RedisObject {
  verifyDumpPayload(payload);
  // Redis reads the value from the whole payload, footer included: a value that runs into the
  // footer is read, not refused. We read the same bytes.
  const input = new RdbInput(payload);
  const type = input.byte();
  if (!isObjectType(type)) throw new RdbFormatError(`Not an object type: ${type}`, 0);
  const obj = loadObject(input, type, limits);
  if (obj === undefined) throw new RdbFormatError('Empty value', 1);
  return obj;
}
