// Writes a whole keyspace as an RDB file (version 10, what Redis 7.0 writes).
// Mirrors: redis src/rdb.c (rdbSaveRio, rdbSaveInfoAuxFields, rdbSaveDb, rdbSaveKeyValuePair).
//
// The file is: "REDIS0010", AUX fields (who wrote it and when), then for each non-empty database a
// SELECTDB opcode and a RESIZEDB hint (how many keys and expiries follow, so the loader can size
// its tables), then one record per key: an optional EXPIRETIME_MS opcode with the absolute expiry
// in ms, the value's type byte, the key as a string and the value (object-writer.ts). An EOF
// opcode closes the file, followed by a CRC-64 of every byte before it (8 zero bytes when
// rdbchecksum is off, which loaders read as "not checked").
//
// RdbEncoder produces the file in pieces: a BGSAVE can encode a few hundred keys per event-loop
// turn and stream the chunks to disk, instead of Redis's fork(). encodeRdb does it in one go.
// Under an LRU or LFU maxmemory-policy Redis also writes an IDLE or FREQ opcode before each key;
// the caller passes that (it knows the policy) as `access`.
// SIMPLIFIED: no FUNCTION2 records here (function libraries are written by their owner, if at
// all), no replication AUX fields (repl-id ...).

import type { RedisObject } from '../../datatypes/object.js';
import type { ExpireTime } from '../../keyspace/database.js';
import { ByteSink } from './byte-sink.js';
import {
  RDB_OPCODE_AUX, RDB_OPCODE_EOF, RDB_OPCODE_EXPIRETIME_MS, RDB_OPCODE_FREQ, RDB_OPCODE_IDLE, RDB_OPCODE_RESIZEDB,
  RDB_OPCODE_SELECTDB, RDB_VERSION,
} from './constants.js';
import { Crc64 } from './crc64.js';
import { objectTypeByte, writeLength, writeObject, writeString } from './object-writer.js';

export interface RdbWriteOptions {
  /** rdbcompression: LZF-compress strings and blobs longer than 20 bytes when that saves space. */
  readonly compression: boolean;
  /** rdbchecksum: end the file with a CRC-64, else with 8 zero bytes. */
  readonly checksum: boolean;
}

/** The version Redis writes in its redis-ver AUX field: we claim to be the 7.0 we mirror. */
export const RDB_REDIS_VER = '7.0.15';

/** The AUX fields rdbSaveInfoAuxFields writes, for a save at `nowMs` by a process using `usedMemory` bytes. */
export function defaultAuxFields(nowMs: number, usedMemory = 0, aofBase = false): Array<readonly [string, string | number]> {
  return [
    ['redis-ver', RDB_REDIS_VER],
    ['redis-bits', 64],
    ['ctime', Math.floor(nowMs / 1000)],
    ['used-mem', usedMemory],
    ['aof-base', aofBase ? 1 : 0],
  ];
}

/** What Redis saves about a key's accesses: idle seconds under LRU policies, the LFU counter under LFU. */
export interface RdbKeyAccess {
  readonly idleSeconds?: number | undefined;
  readonly lfuFreq?: number | undefined;
}

/** Encodes an RDB file incrementally, so a BGSAVE can write a chunk of keys per event-loop turn. */
export class RdbEncoder {
  private readonly crc: Crc64 | undefined;
  private readonly sink: ByteSink;
  private readonly compression: boolean;
  private finished = false;

  constructor(options: RdbWriteOptions) {
    this.crc = options.checksum ? new Crc64() : undefined;
    this.sink = new ByteSink(this.crc);
    this.compression = options.compression;
  }

  /** "REDIS0010" and the AUX fields (redis-ver 7.0.15, redis-bits, ctime, used-mem, aof-base ...). */
  header(aux: ReadonlyArray<readonly [string, string | number]>): void {
    this.sink.latin1(`REDIS${String(RDB_VERSION).padStart(4, '0')}`);
    for (const [name, value] of aux) {
      this.sink.byte(RDB_OPCODE_AUX);
      writeString(this.sink, name, false);
      // rdbSaveAuxFieldStrInt writes a number as its decimal text (which then int-encodes).
      writeString(this.sink, typeof value === 'number' ? String(value) : value, false);
    }
  }

  /** SELECTDB + RESIZEDB. */
  selectDb(index: number, dbSize: number, expiresSize: number): void {
    this.sink.byte(RDB_OPCODE_SELECTDB);
    writeLength(this.sink, index);
    this.sink.byte(RDB_OPCODE_RESIZEDB);
    writeLength(this.sink, dbSize);
    writeLength(this.sink, expiresSize);
  }

  /**
   * One key: optional EXPIRETIME_MS (and IDLE / FREQ when `access` says), then the value with its
   * type byte. key = latin1 string of the bytes.
   */
  key(key: string, value: RedisObject, expireAtMs: ExpireTime | undefined, access?: RdbKeyAccess): void {
    if (expireAtMs !== undefined) {
      this.sink.byte(RDB_OPCODE_EXPIRETIME_MS);
      this.sink.i64LE(expireAtMs);
    }
    if (access?.idleSeconds !== undefined) {
      this.sink.byte(RDB_OPCODE_IDLE);
      writeLength(this.sink, access.idleSeconds);
    }
    if (access?.lfuFreq !== undefined) {
      this.sink.byte(RDB_OPCODE_FREQ);
      this.sink.byte(access.lfuFreq & 0xff);
    }
    this.sink.byte(objectTypeByte(value));
    writeString(this.sink, key, this.compression);
    writeObject(this.sink, value, this.compression);
  }

  /** EOF opcode and the CRC64 (or 8 zero bytes when checksum is off). */
  finish(): void {
    if (this.finished) throw new Error('RdbEncoder.finish called twice');
    this.finished = true;
    this.sink.byte(RDB_OPCODE_EOF);
    // Flushing pushes the EOF byte through the CRC; the checksum itself is not part of the sum.
    this.sink.flush();
    this.sink.bytes(this.crc !== undefined ? this.crc.bytesLE() : Buffer.alloc(8));
  }

  /** Remove and return what has been encoded since the last call (stream it to a file). */
  takeChunks(): Buffer[] {
    return this.sink.take();
  }
}

/** One database's content for encodeRdb. */
export interface RdbDbInput {
  readonly index: number;
  /** [key, value, absolute expiry in ms or undefined] */
  readonly entries: Iterable<readonly [string, RedisObject, ExpireTime | undefined]>;
  readonly size: number;
  readonly expiresSize: number;
}

/** A whole file at once (DEBUG RELOAD, tests). Empty databases are skipped, as Redis does. */
export function encodeRdb(
  dbs: Iterable<RdbDbInput>,
  options: RdbWriteOptions,
  aux: ReadonlyArray<readonly [string, string | number]> = defaultAuxFields(Date.now()),
): Buffer {
  const encoder = new RdbEncoder(options);
  encoder.header(aux);
  for (const db of dbs) {
    if (db.size === 0) continue;
    encoder.selectDb(db.index, db.size, db.expiresSize);
    for (const [key, value, expireAtMs] of db.entries) encoder.key(key, value, expireAtMs);
  }
  encoder.finish();
  return Buffer.concat(encoder.takeChunks());
}
