// The replication stream a master sends its replicas, and their acknowledgements: every write as
// RESP commands into the backlog and out to the replicas' sockets, REPLCONF ACK, and WAIT.
// Mirrors: redis src/replication.c (replicationFeedSlaves, replicaStartCommandStream,
// replconfCommand's ACK, replicationRequestAckFromSlaves, replicationCountAcksByOffset,
// processClientsWaitingReplicas).
//
// The stream. Every write is propagated as the commands that replay it (the PropagationFeed of
// src/persistence/aof/propagate.ts, the same one the AOF reads): this module is one more consumer.
// It encodes each command in RESP, with a SELECT first when the database differs from the one the
// stream last selected, appends the bytes to the backlog (backlog.ts) and writes them to every
// replica's socket. master_repl_offset counts every byte the stream ever carried.
//
//     client ──SET k v──► call() ──► feed ──► [SELECT 0] SET k v ──► backlog (ring, offsets)
//                                                             └────► replica sockets
//
// WAIT n timeout counts the replicas whose acknowledged offset reached the offset of the stream
// right after the client's last write; while it waits, REPLCONF GETACK * goes into the stream once
// per event-loop turn, so the replicas answer at once instead of on their next one-second ACK.
//
// ReplicationMaster (master.ts) extends this class with the handshake, the full sync and the cron.

import { encodeCommand } from '../persistence/aof/aof-rewrite.js';
import { PropagationFeed, type PropagatedOp } from '../persistence/aof/propagate.js';
import type { ReplicationBacklog } from './backlog.js';
import type { MasterHost } from './master.js';
import type { ReplicaLink, ReplicaWaiter } from './replica-link.js';

const SELECT = Buffer.from('SELECT');
const GETACK_COMMAND = encodeCommand([Buffer.from('REPLCONF'), Buffer.from('GETACK'), Buffer.from('*')]);

/** The stream and the acknowledgements of one master (the fields and functions of replicationFeedSlaves and WAIT). */
export class ReplicationStream {
  /** master_repl_offset. */
  offset = 0;
  backlog: ReplicationBacklog | undefined = undefined;
  readonly replicas: ReplicaLink[] = [];
  /** The database the stream last selected; -1 forces a SELECT before the next command (slaveseldb). */
  protected selectedDb = -1;
  private readonly waiters = new Set<ReplicaWaiter>();
  /** Each client's offset right after its last write reached the stream (c->woff), for WAIT. */
  private readonly writeOffsets = new WeakMap<object, number>();
  private getAckScheduled = false;
  /** Stream bytes of this tick not yet written to the replicas. */
  private unsent: Buffer[] = [];
  private flushQueued = false;
  /** INFO stats total_net_repl_output_bytes: stream and sync bytes written to replicas. */
  replOutputBytes = 0;

  constructor(protected readonly host: MasterHost) {}

  // --- The stream ---

  /** Become a consumer of the propagation feed (created if the AOF has not already). */
  protected attachFeed(): void {
    const feed = this.host.propagation ?? new PropagationFeed();
    feed.addConsumer(this.consume);
    this.host.propagation = feed;
  }

  /** One unit of the feed: RESP commands, SELECT when the database changes (replicationFeedSlaves). */
  protected readonly consume = (ops: readonly PropagatedOp[]): void => {
    const chunks: Buffer[] = [];
    for (const op of ops) {
      if (op.db !== -1 && op.db !== this.selectedDb) {
        chunks.push(encodeCommand([SELECT, Buffer.from(String(op.db))]));
        this.selectedDb = op.db;
      }
      chunks.push(encodeCommand(op.argv));
    }
    this.feed(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    const client = this.host.currentClient;
    if (client !== undefined) this.writeOffsets.set(client, this.offset);
  };

  /** The offset WAIT waits for: where the stream was after this client's last write (0: none yet). */
  writeOffsetOf(client: object): number {
    return this.writeOffsets.get(client) ?? 0;
  }

  /**
   * Stream bytes: into the backlog now (the offset is exact at once), to the replicas once per
   * event-loop turn (setImmediate: after every readable client was served). The trick for speed:
   * the writes of all the clients served in one turn reach each replica in one socket write, not
   * one per command or per client (Redis likewise writes replicas' buffers in beforeSleep).
   * Measured with 50 pipelining clients (redis-benchmark -P 16) and one replica: one write per
   * client batch (process.nextTick) cost about a third of the SET throughput, once per turn about
   * a fifth (the rest is the feed itself: encoding, the backlog copy).
   */
  protected feed(bytes: Buffer): void {
    const backlog = this.backlog;
    if (backlog === undefined) return;
    const size = this.host.config.get('repl-backlog-size');
    if (size !== backlog.size) backlog.resize(size);
    backlog.append(bytes);
    this.offset += bytes.length;
    if (this.replicas.length === 0) return;
    this.unsent.push(bytes);
    if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(this.flushStream);
    }
  }

  /** Write the stream bytes gathered this tick to every replica (before a new one joins, too). */
  protected readonly flushStream = (): void => {
    this.flushQueued = false;
    const chunks = this.unsent;
    if (chunks.length === 0) return;
    this.unsent = [];
    const data = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    for (const link of [...this.replicas]) {
      if (link.state !== 'online' || link.streamOnAck) {
        // Syncing: after the RDB (held); waiting for a sync to start: its RDB will include these writes.
        if (link.pending !== undefined) this.hold(link, data);
        continue;
      }
      this.replOutputBytes += data.length;
      link.conn.writeRaw(data, true);
    }
  };

  /** replicaStartCommandStream: the stream held since the snapshot, then the live stream. */
  protected startStream(link: ReplicaLink): void {
    const pending = link.pending ?? [];
    link.pending = undefined;
    link.pendingBytes = 0;
    link.streamOnAck = false;
    if (pending.length === 0) return;
    const data = Buffer.concat(pending);
    this.replOutputBytes += data.length;
    link.conn.writeRaw(data, true);
  }

  /**
   * Keep stream bytes for a replica receiving its RDB. They are its output buffer in Redis, so the
   * hard limit of the replica class of client-output-buffer-limit drops it (the classic endless
   * full-sync loop of a too-small limit under heavy writes). SIMPLIFIED: the soft limit is not applied.
   */
  private hold(link: ReplicaLink, data: Buffer): void {
    (link.pending as Buffer[]).push(data);
    link.pendingBytes += data.length;
    const hard = this.host.config.get('client-output-buffer-limit').replica.hardLimitBytes;
    if (hard === 0 || link.pendingBytes <= hard) return;
    this.host.log('warning', `Client addr=${link.conn.addr} flags=S scheduled to be closed ASAP for overcoming of output buffer limits.`);
    link.pending = undefined;
    link.conn.close();
  }

  // --- Acknowledgements and WAIT ---

  /** REPLCONF ACK <offset> from a replica. */
  acknowledge(link: ReplicaLink, offset: number): void {
    if (link.streamOnAck) this.startStream(link);
    if (offset > link.ackOffset) link.ackOffset = offset;
    link.ackTimeMs = this.host.clock.now();
    if (this.waiters.size > 0) this.serveWaiters();
  }

  /** replicationCountAcksByOffset. */
  countAcks(offset: number): number {
    let count = 0;
    for (const link of this.replicas) if (link.state === 'online' && link.ackOffset >= offset) count++;
    return count;
  }

  /** WAIT blocked: ask the replicas for an ACK before the loop sleeps (replicationRequestAckFromSlaves). */
  addWaiter(waiter: ReplicaWaiter): void {
    this.waiters.add(waiter);
    this.requestAcks();
  }

  removeWaiter(waiter: ReplicaWaiter): void {
    this.waiters.delete(waiter);
  }

  private requestAcks(): void {
    if (this.getAckScheduled || this.replicas.length === 0) return;
    this.getAckScheduled = true;
    setImmediate(() => {
      this.getAckScheduled = false;
      if (this.replicas.length > 0) this.feed(GETACK_COMMAND);
    });
  }

  /** processClientsWaitingReplicas: end each WAIT that has enough acknowledgements. */
  private serveWaiters(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.gone) {
        this.waiters.delete(waiter);
        continue;
      }
      const acked = this.countAcks(waiter.offset);
      if (acked < waiter.wanted) continue;
      this.waiters.delete(waiter);
      waiter.resolve(acked);
    }
  }
}
