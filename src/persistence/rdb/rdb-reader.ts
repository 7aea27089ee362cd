// Reads an RDB image (any version Redis 7.0 reads: 1 to 10) and hands every key to a callback.
// Mirrors: redis src/rdb.c (rdbLoadRio: the opcode loop, the magic and checksum checks).
//
// The loop reads one byte at a time. An opcode changes state (the current db, the expiry, idle
// time or LFU frequency of the *next* key) or carries metadata (AUX fields, RESIZEDB hints); any
// other byte is an object type, followed by the key and the value (object-reader.ts). EOF ends
// the data; from version 5 on, an 8-byte CRC-64 of everything before it follows (all zeros means
// the writer had rdbchecksum off, and nothing is checked). The reader reports expired keys too:
// whether to drop them is the loader's decision (a master drops them, a replica keeps them).
// Nothing is applied to a keyspace here, so a half-read corrupt file changes nothing by itself.
//
// DIFFERS FROM REDIS: module values, module AUX data and streams are refused with an
// RdbFormatError (we have neither); FUNCTION2 records are refused unless the caller passes
// onFunction (Redis would load the libraries).

import type { RedisObject } from '../../datatypes/object.js';
import { exactExpireTime, type ExpireTime } from '../../keyspace/database.js';
import {
  RDB_OPCODE_AUX, RDB_OPCODE_EOF, RDB_OPCODE_EXPIRETIME, RDB_OPCODE_EXPIRETIME_MS, RDB_OPCODE_FREQ, RDB_OPCODE_FUNCTION,
  RDB_OPCODE_FUNCTION2, RDB_OPCODE_IDLE, RDB_OPCODE_MODULE_AUX, RDB_OPCODE_RESIZEDB, RDB_OPCODE_SELECTDB, RDB_VERSION,
} from './constants.js';
import { crc64 } from './crc64.js';
import { DEFAULT_RDB_LOAD_LIMITS, isObjectType, loadObject, type RdbLoadLimits } from './object-reader.js';
import { RdbFormatError, RdbInput } from './rdb-input.js';

export { RdbFormatError };
export { DEFAULT_RDB_LOAD_LIMITS, type RdbLoadLimits };

/** One key as read from the file. */
export interface RdbEntry {
  readonly db: number;
  /** The key's bytes as a latin1 string. */
  readonly key: string;
  readonly value: RedisObject;
  /** Absolute expiry in unix ms (possibly in the past), or undefined. */
  readonly expireAtMs: ExpireTime | undefined;
  /** From an IDLE opcode (written under an LRU maxmemory-policy): seconds since last access. */
  readonly idleSeconds?: number;
  /** From a FREQ opcode (written under an LFU maxmemory-policy): the LFU counter, 0..255. */
  readonly lfuFreq?: number;
}

export interface RdbReadOptions {
  /** The thresholds that choose loaded objects' encodings; Redis's defaults if omitted. */
  readonly limits?: RdbLoadLimits;
  /** Check the trailing CRC-64 (default true); a file written with rdbchecksum off has zeros there. */
  readonly verifyChecksum?: boolean;
  /** Receives a FUNCTION2 record's library code; without it such a file is refused. */
  readonly onFunction?: (code: string) => void;
  /** Receives the RESIZEDB hint of each database (sizes of what follows). */
  readonly onResizeDb?: (db: number, dbSize: number, expiresSize: number) => void;
}

export interface RdbParseResult {
  /** The AUX fields, values as latin1 strings (redis-ver, ctime, aof-base ...). */
  readonly aux: Map<string, string>;
  /** Offset just past the checksum (where an AOF tail starts after an RDB preamble). */
  readonly bytesRead: number;
  /** The file's format version (10 for Redis 7.0). */
  readonly version: number;
  /** Keys whose value was an empty container (Redis skips them with a warning). */
  readonly emptyKeysSkipped: number;
}

const MAGIC = 'REDIS';
const HEADER_LENGTH = 9;

/**
 * Parse a whole RDB image; calls onEntry per key; returns the AUX fields and the offset just past
 * the checksum (AOF preamble support). Throws RdbFormatError on corruption (bad magic, bad
 * checksum, truncated, unknown opcode/type).
 */
export function parseRdb(data: Buffer, onEntry: (entry: RdbEntry) => void, options: RdbReadOptions = {}): RdbParseResult {
  const limits = options.limits ?? DEFAULT_RDB_LOAD_LIMITS;
  if (data.length < HEADER_LENGTH || data.latin1Slice(0, 5) !== MAGIC) throw new RdbFormatError('Wrong signature trying to load DB from file', 0);
  const versionText = data.latin1Slice(5, HEADER_LENGTH);
  const version = /^\d{4}$/.test(versionText) ? Number(versionText) : -1;
  if (version < 1 || version > RDB_VERSION) throw new RdbFormatError(`Can't handle RDB format version ${versionText}`, 5);

  const input = new RdbInput(data, HEADER_LENGTH);
  const aux = new Map<string, string>();
  let db = 0;
  let expireAtMs: ExpireTime | undefined;
  let idleSeconds: number | undefined;
  let lfuFreq: number | undefined;
  let emptyKeysSkipped = 0;

  for (;;) {
    const at = input.pos;
    const type = input.byte();
    if (type === RDB_OPCODE_EXPIRETIME) {
      // Old files: seconds in a 32-bit int.
      expireAtMs = input.i32LE() * 1000;
    } else if (type === RDB_OPCODE_EXPIRETIME_MS) {
      expireAtMs = exactExpireTime(input.i64LEBig());
    } else if (type === RDB_OPCODE_FREQ) {
      lfuFreq = input.byte();
    } else if (type === RDB_OPCODE_IDLE) {
      idleSeconds = input.length();
    } else if (type === RDB_OPCODE_EOF) {
      break;
    } else if (type === RDB_OPCODE_SELECTDB) {
      db = input.length();
    } else if (type === RDB_OPCODE_RESIZEDB) {
      const dbSize = input.length();
      const expiresSize = input.length();
      options.onResizeDb?.(db, dbSize, expiresSize);
    } else if (type === RDB_OPCODE_AUX) {
      const name = input.string();
      aux.set(name, input.string());
    } else if (type === RDB_OPCODE_MODULE_AUX) {
      input.fail('Module AUX data is not supported (no modules are loaded)', at);
    } else if (type === RDB_OPCODE_FUNCTION2) {
      const code = input.string();
      const onFunction = options.onFunction;
      if (onFunction === undefined) throw new RdbFormatError('Function libraries in RDB are not supported', at);
      onFunction(code);
    } else if (type === RDB_OPCODE_FUNCTION) {
      input.fail('Pre-release function format not supported', at);
    } else if (isObjectType(type)) {
      const key = input.string();
      const value = loadObject(input, type, limits);
      if (value === undefined) {
        emptyKeysSkipped++;
      } else {
        const entry: { db: number; key: string; value: RedisObject; expireAtMs: ExpireTime | undefined; idleSeconds?: number; lfuFreq?: number } =
          { db, key, value, expireAtMs };
        if (idleSeconds !== undefined) entry.idleSeconds = idleSeconds;
        if (lfuFreq !== undefined) entry.lfuFreq = lfuFreq;
        onEntry(entry);
      }
      expireAtMs = undefined;
      idleSeconds = undefined;
      lfuFreq = undefined;
    } else {
      input.fail(`Unknown RDB opcode or type ${type}`, at);
    }
  }

  // Version 5 added the checksum; it covers every byte up to and including the EOF opcode.
  if (version >= 5) {
    const sumAt = input.pos;
    const stored = input.slice(8);
    const storedValue = stored.readBigUInt64LE(0);
    if (options.verifyChecksum !== false && storedValue !== 0n && crc64(data, 0, sumAt) !== storedValue) {
      throw new RdbFormatError('Wrong RDB checksum', sumAt);
    }
  }
  return { aux, bytesRead: input.pos, version, emptyKeysSkipped };
}
