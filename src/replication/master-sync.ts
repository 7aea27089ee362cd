// The RDB a full resynchronization sends: the whole dataset, encoded in memory at the moment of
// the PSYNC, with the function libraries and the replication AUX fields.
// Mirrors: redis src/replication.c (syncCommand, startBgsaveForReplication) and rdb.c
// (rdbSaveRio with an rdbSaveInfo: repl-stream-db, repl-id, repl-offset).
//
// DIFFERS FROM REDIS: Redis forks a child that writes the RDB to disk (or straight to the socket,
// repl-diskless-sync) while the parent keeps serving, and buffers the writes made meanwhile in the
// replica's output buffer. We encode the snapshot synchronously in one event-loop turn, like SAVE:
// no write can slip in between the snapshot and the offset announced in +FULLRESYNC, so the
// replication stream simply continues after it. A big dataset blocks the server while it encodes.

import type { Keyspace } from '../keyspace/keyspace.js';
import { Crc64 } from '../persistence/rdb/crc64.js';
import { defaultAuxFields, RdbEncoder } from '../persistence/rdb/rdb-writer.js';

/** FUNCTION DUMP's footer (RDB version, CRC-64): the FUNCTION2 records are what comes before it. */
const DUMP_FOOTER_BYTES = 10;

export interface SyncSnapshotInput {
  readonly keyspace: Keyspace;
  readonly nowMs: number;
  readonly usedMemory: number;
  readonly compression: boolean;
  readonly checksum: boolean;
  readonly functions: { readonly libraryCount: number; dump(): Buffer };
  readonly replId: string;
  readonly replOffset: number;
}

/** The dataset as one RDB file (REDIS0010 ... EOF + CRC-64). */
export function encodeSyncSnapshot(input: SyncSnapshotInput): Buffer {
  // The encoder writes no checksum: the function records are spliced in after the AUX fields
  // (where rdbSaveRio puts them), so the CRC is computed here over the finished file.
  const encoder = new RdbEncoder({ compression: input.compression, checksum: false });
  encoder.header([
    ...defaultAuxFields(input.nowMs, input.usedMemory),
    // rdbSaveInfoAuxFields with an rsi: what a replica would need to continue from this file.
    ['repl-stream-db', 0],
    ['repl-id', input.replId],
    ['repl-offset', input.replOffset],
  ]);
  const chunks = encoder.takeChunks();
  if (input.functions.libraryCount > 0) {
    const dump = input.functions.dump();
    chunks.push(dump.subarray(0, dump.length - DUMP_FOOTER_BYTES));
  }
  for (const db of input.keyspace.dbs) {
    if (db.size === 0) continue;
    const expires = new Map(db.expiresIterator());
    encoder.selectDb(db.index, db.size, expires.size);
    for (const [key, value] of db.entries()) encoder.key(key, value, expires.get(key));
  }
  encoder.finish();
  chunks.push(...encoder.takeChunks());
  const file = Buffer.concat(chunks);
  if (input.checksum) {
    const crc = new Crc64();
    crc.update(file, 0, file.length - 8);
    crc.bytesLE().copy(file, file.length - 8);
  }
  return file;
}
