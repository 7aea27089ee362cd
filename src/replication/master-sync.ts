// The RDB a full resynchronization sends, produced a batch per event-loop turn from a point-in-time
// view and written to the replicas' sockets as it is produced, while the master keeps serving.
// Mirrors: redis src/replication.c (startBgsaveForReplication, replicationSetupSlaveForFullResync,
// updateSlavesWaitingBgsave) and rdb.c (rdbSaveToSlavesSockets, rdbSaveRio with an rdbSaveInfo).
//
// Redis forks: the child writes the RDB straight to the replicas' sockets (repl-diskless-sync yes,
// the 7.0 default) while the parent keeps serving clients, and every write made after the fork is
// kept in each replica's output buffer, to follow the RDB. We do the same without a fork, with the
// machinery BGSAVE uses (src/persistence/point-in-time.ts):
//
//   PSYNC ? -1 ──► link in wait_bgsave ──(next turn, no other "child" running)──► FullSync starts:
//       the stream so far is flushed to online replicas; a PointInTimeView is taken; +FULLRESYNC
//       <replid> <offset> tells each waiting replica the offset of that very moment.
//   each turn ──► a batch of keys encoded (writeViewInBatches) ──► chunks to each replica's socket
//   meanwhile ──► writes go to the backlog as always, and to each syncing link's `pending` list
//   last batch ──► EOF (+ CRC-64) and the mark ──► the link is online ──► `pending` written at
//       its first REPLCONF ACK (master.ts: the end mark must be the last bytes of a read)
//
// The copy-on-write view makes the RDB describe the dataset exactly at the +FULLRESYNC offset, and
// `pending` holds every stream byte after it, in order: the replica applies the RDB and then the
// stream from that offset, as it would from Redis.
//
// Framing. A replica that announced `capa eof` (every Redis since 2.8.18, and ours) gets Redis's
// disk-less framing: `$EOF:<40 random hex chars>\r\n`, the RDB as it is produced, then the same 40
// characters. One without it (or the old SYNC without capa) gets `$<length>\r\n` and the RDB once
// complete, since the length must come first (Redis writes such replicas a disk file instead).
//
// Replicas that ask in the same event-loop turn share one FullSync, as Redis shares one child.
// One that asks while a sync (or a BGSAVE, or an AOF rewrite: one "child" at a time) runs waits for
// the next one, started as soon as nothing runs (Redis: replicationStartPendingFork in serverCron).

import { randomBytes } from 'node:crypto';
import type { Keyspace } from '../keyspace/keyspace.js';
import { PointInTimeView, writeViewInBatches } from '../persistence/point-in-time.js';
import { SnapshotEncoder } from '../persistence/rdb-save.js';
import { defaultAuxFields } from '../persistence/rdb/rdb-writer.js';

/** FUNCTION DUMP's footer (RDB version, CRC-64): the FUNCTION2 records are what comes before it. */
const DUMP_FOOTER_BYTES = 10;
/** RDB_EOF_MARK_SIZE: the disk-less payload's end marker, announced in `$EOF:<mark>`. */
export const RDB_EOF_MARK_SIZE = 40;
/**
 * Back-pressure: encoding waits while a replica's socket holds more than this many unsent bytes,
 * as Redis's parent stops reading the child's pipe while a replica's socket is not writable
 * (rdbPipeWriteHandler): a slow replica slows the sync instead of growing the master's memory.
 */
export const FULL_SYNC_UNSENT_LIMIT_BYTES = 512 * 1024;

export interface FullSyncInput {
  readonly keyspace: Keyspace;
  readonly nowMs: number;
  readonly usedMemory: number;
  readonly compression: boolean;
  readonly checksum: boolean;
  readonly functions: { readonly libraryCount: number; dump(): Buffer };
  readonly replId: string;
  readonly replOffset: number;
}

/** One replica this sync writes to. */
export interface FullSyncTarget {
  /** Disk-less framing (`capa eof`), else `$<len>` once the RDB is complete. */
  readonly capaEof: boolean;
  /** The connection is gone: stop writing to it (and stop the sync when no target is left). */
  readonly gone: boolean;
  write(chunk: Buffer): void;
  /** Bytes written but not yet taken by the socket. */
  unsentBytes(): number;
  /** Settles when the socket has taken what it held (or closed). */
  drained(): Promise<void>;
}

/** The dataset, the function libraries and the repl AUX fields as one RDB, for the targets. */
export class FullSync {
  private readonly view: PointInTimeView;
  private readonly encoder: SnapshotEncoder;
  private readonly eofMark = Buffer.from(randomBytes(RDB_EOF_MARK_SIZE / 2).toString('hex'), 'latin1');
  /** The RDB so far, for targets without capa eof (they need its length first). */
  private held: Buffer[] = [];
  private heldBytes = 0;
  private aborted = false;
  readonly startedMs: number;
  /** RDB bytes produced (each target gets them once). */
  bytesProduced = 0;
  /** Settles true when every live target got the whole RDB; false when stopped (no target left, or aborted). */
  readonly done: Promise<boolean>;

  constructor(
    input: FullSyncInput,
    private readonly targets: readonly FullSyncTarget[],
  ) {
    this.startedMs = input.nowMs;
    this.view = new PointInTimeView(input.keyspace);
    this.encoder = new SnapshotEncoder({
      compression: input.compression,
      checksum: input.checksum,
      aux: [
        ...defaultAuxFields(input.nowMs, input.usedMemory),
        // rdbSaveInfoAuxFields with an rsi: what a replica needs to continue from this file.
        ['repl-stream-db', 0],
        ['repl-id', input.replId],
        ['repl-offset', input.replOffset],
      ],
      functionRecords: functionRecords(input.functions),
      access: undefined,
    });
    for (const target of targets) if (target.capaEof) target.write(Buffer.from(`$EOF:${this.eofMark.toString('latin1')}\r\n`, 'latin1'));
    this.done = this.run().finally(() => this.view.release());
  }

  get keysProcessed(): number {
    return this.view.keysProcessed;
  }

  get keysTotal(): number {
    return this.view.keysTotal;
  }

  /** Stop at the next batch (the master was turned into a replica, the server shuts down). */
  abort(): void {
    this.aborted = true;
  }

  private isStopped(): boolean {
    return this.aborted || this.targets.every((target) => target.gone);
  }

  private async run(): Promise<boolean> {
    this.encoder.header();
    this.send(this.encoder.takeChunks());
    const complete = await writeViewInBatches(this.view, {
      selectDb: (db) => this.encoder.selectDb(db.index, db.keys.length, db.expires.size),
      key: (key, value, expireAt) => this.encoder.key(key, value, expireAt),
      flush: () => {
        this.send(this.encoder.takeChunks());
        return this.backPressure();
      },
      isAborted: () => this.isStopped(),
    });
    if (!complete || this.isStopped()) return false;
    this.encoder.finish();
    this.send(this.encoder.takeChunks());
    const length = Buffer.from(`$${this.heldBytes}\r\n`, 'latin1');
    for (const target of this.targets) {
      if (target.gone) continue;
      if (target.capaEof) {
        target.write(this.eofMark);
        continue;
      }
      target.write(length);
      for (const chunk of this.held) target.write(chunk);
    }
    this.held = [];
    return true;
  }

  /** Wait while a disk-less replica has more than FULL_SYNC_UNSENT_LIMIT_BYTES unsent (the others hold nothing on the socket yet). */
  private async backPressure(): Promise<void> {
    for (;;) {
      const slow = this.targets.find((target) => target.capaEof && !target.gone && target.unsentBytes() > FULL_SYNC_UNSENT_LIMIT_BYTES);
      if (slow === undefined || this.isStopped()) return;
      await slow.drained();
    }
  }

  /** Encoded bytes: to the disk-less targets now, kept for the others. */
  private send(chunks: readonly Buffer[]): void {
    const holds = this.targets.some((target) => !target.capaEof && !target.gone);
    for (const chunk of chunks) {
      if (chunk.length === 0) continue;
      this.bytesProduced += chunk.length;
      for (const target of this.targets) if (target.capaEof && !target.gone) target.write(chunk);
      if (holds) {
        this.held.push(chunk);
        this.heldBytes += chunk.length;
      }
    }
  }
}

/** The libraries as FUNCTION2 records (rdbSaveFunctions): FUNCTION DUMP without its footer. */
function functionRecords(functions: { readonly libraryCount: number; dump(): Buffer }): Buffer {
  if (functions.libraryCount === 0) return Buffer.alloc(0);
  const payload = functions.dump();
  return payload.subarray(0, payload.length - DUMP_FOOTER_BYTES);
}
