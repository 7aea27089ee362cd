// The master side of replication: replicas that connect with PSYNC (or SYNC), the replication
// stream they receive, the backlog that lets them resume, their acknowledgements and WAIT.
// Mirrors: redis src/replication.c (syncCommand, masterTryPartialResynchronization,
// replicationFeedSlaves, replconfCommand, replicationCron, waitCommand, processClientsWaitingReplicas,
// replicationCountAcksByOffset, roleCommand) and the replication half of genRedisInfoString.
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
// The handshake a Redis 7.0 replica sends, and our answers:
//
//     replica                              master (us)
//     PING                          ──►    +PONG
//     AUTH <masterauth>             ──►    +OK                  (only with requirepass)
//     REPLCONF listening-port 6380  ──►    +OK
//     REPLCONF capa eof capa psync2 ──►    +OK
//     PSYNC <replid> <offset>       ──►    +CONTINUE <replid>   then the backlog after <offset>
//                                   or     +FULLRESYNC <replid> <offset>  then $EOF:<mark>\r\n<RDB><mark>
//                                          (the RDB produced a batch per turn: master-sync.ts)
//                                   ◄──    then the stream, forever (PING every repl-ping-replica-period)
//     REPLCONF ACK <offset>         ──►    (no reply), every second and after REPLCONF GETACK *
//
// WAIT n timeout counts the replicas whose acknowledged offset reached the offset of the stream
// right after the client's last write; while it waits, REPLCONF GETACK * goes into the stream once
// per event-loop turn, so the replicas answer at once instead of on their next one-second ACK.

import { randomBytes } from 'node:crypto';
import type { Config } from '../config/config.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import type { Clock } from '../util/clock.js';
import { encodeCommand } from '../persistence/aof/aof-rewrite.js';
import { PropagationFeed, type PropagatedOp } from '../persistence/aof/propagate.js';
import { ReplicationBacklog } from './backlog.js';
import { FullSync } from './master-sync.js';
import type { Snapshots } from '../persistence/snapshots.js';

/** What the master needs from the server (the Server class has all of it). */
export interface MasterHost {
  readonly config: Config;
  readonly keyspace: Keyspace;
  readonly clock: Clock;
  propagation: PropagationFeed | undefined;
  /** The client whose command is running (its writes set its WAIT offset). */
  readonly currentClient: object | undefined;
  readonly scripting: { readonly functions: { readonly libraryCount: number; dump(): Buffer } };
  /** BGSAVE and the AOF rewrite: a full sync is one more "child", one at a time. */
  readonly snapshots: Snapshots;
  usedMemory(): number;
  log(level: 'debug' | 'verbose' | 'notice' | 'warning', message: string): void;
}

/** The connection of a replica (src/server/client.ts implements it). */
export interface ReplicaConnection {
  readonly id: number;
  /** "ip:port" of the peer. */
  readonly addr: string;
  /** Send stream bytes straight to the socket, after any reply still buffered. */
  writeRaw(chunk: Buffer, checkLimits: boolean): void;
  /** Set once PSYNC/SYNC made this connection a replica (flag S, TYPE replica). */
  replicaLink: ReplicaLink | undefined;
  close(): void;
  /** The socket (a full sync waits while it holds too much unsent: back-pressure). */
  readonly socket?: {
    readonly writableLength: number;
    once(event: 'drain' | 'close', listener: () => void): unknown;
    removeListener(event: 'drain' | 'close', listener: () => void): unknown;
  };
}

/** A replica's announcements before PSYNC (REPLCONF listening-port, ip-address, capa). */
export interface ReplicaSettings {
  listeningPort: number;
  announcedIp: string;
  capaEof: boolean;
  capaPsync2: boolean;
}

/**
 * Where a replica is in its sync (replstate), as INFO names it: wait_bgsave until its RDB has been
 * sent whole (Redis's disk-less transfer shows wait_bgsave throughout), then online.
 */
export type ReplicaState = 'wait_bgsave' | 'send_bulk' | 'online';

/** One connected replica (Redis: a client with CLIENT_SLAVE and its repl_* fields). */
export class ReplicaLink {
  state: ReplicaState = 'online';
  /** Waiting for the next full sync to start (SLAVE_STATE_WAIT_BGSAVE_START): nothing sent yet. */
  waitingForSync = false;
  /** The old SYNC or PSYNC: whether +FULLRESYNC goes first. */
  wantsFullResync = false;
  /** Stream bytes after the snapshot, held until the RDB has been sent (the output buffer in Redis). */
  pending: Buffer[] | undefined = undefined;
  /**
   * The disk-less RDB was sent; the stream waits for the replica's first REPLCONF ACK
   * (repl_start_cmd_stream_on_ack): a replica finds the end mark by the last 40 bytes it read, so
   * stream bytes arriving in the same read would hide it.
   */
  streamOnAck = false;
  /** Bytes in `pending`, checked against the replica class of client-output-buffer-limit. */
  pendingBytes = 0;
  /** The connection closed. */
  gone = false;
  /** The offset the replica last acknowledged (repl_ack_off). */
  ackOffset = 0;
  /** When it last did, in ms (repl_ack_time). */
  ackTimeMs: number;

  constructor(
    readonly master: ReplicationMaster,
    readonly conn: ReplicaConnection,
    readonly settings: ReplicaSettings,
    /** Connected with the old SYNC: it never sends REPLCONF ACK (CLIENT_PRE_PSYNC). */
    readonly prePsync: boolean,
    nowMs: number,
  ) {
    this.ackTimeMs = nowMs;
  }

  /** The IP replicas are listed with: the announced one, else the peer address's host part. */
  get ip(): string {
    if (this.settings.announcedIp !== '') return this.settings.announcedIp;
    const addr = this.conn.addr;
    const colon = addr.lastIndexOf(':');
    const host = colon === -1 ? addr : addr.slice(0, colon);
    return host.startsWith('[') ? host.slice(1, -1) : host;
  }

  /** The connection is gone (Server.removeClient calls this). */
  closed(): void {
    this.master.removeReplica(this);
  }
}

/** A client blocked in WAIT. */
export interface ReplicaWaiter {
  readonly offset: number;
  readonly wanted: number;
  /** End the wait with this many acknowledgements (nothing if the client no longer waits). */
  resolve(acked: number): void;
  /** The client stopped waiting another way (disconnected, CLIENT UNBLOCK): forget it. */
  readonly gone: boolean;
}

const SELECT = Buffer.from('SELECT');
const PING_COMMAND = encodeCommand([Buffer.from('PING')]);
const GETACK_COMMAND = encodeCommand([Buffer.from('REPLCONF'), Buffer.from('GETACK'), Buffer.from('*')]);
/** How often replicas waiting for a full sync look again while another "child" runs (serverCron at hz 10), ms. */
const SYNC_RETRY_MS = 100;
/** replicationCron runs once a second. */
const REPLICATION_CRON_MS = 1000;

/** 40 random hex characters (changeReplicationId). */
function randomReplId(): string {
  return randomBytes(20).toString('hex');
}

export class ReplicationMaster {
  /** master_replid: the history this master's offsets count. */
  replId = randomReplId();
  /** master_repl_offset. */
  offset = 0;
  backlog: ReplicationBacklog | undefined = undefined;
  readonly replicas: ReplicaLink[] = [];
  /** The database the stream last selected; -1 forces a SELECT before the next command (slaveseldb). */
  private selectedDb = -1;
  private readonly settings = new WeakMap<object, ReplicaSettings>();
  private readonly waiters = new Set<ReplicaWaiter>();
  /** Each client's offset right after its last write reached the stream (c->woff), for WAIT. */
  private readonly writeOffsets = new WeakMap<object, number>();
  private getAckScheduled = false;
  /** Stream bytes of this tick not yet written to the replicas. */
  private unsent: Buffer[] = [];
  private flushQueued = false;
  private cronTimer: NodeJS.Timeout | undefined = undefined;
  /** Frees the backlog after repl-backlog-ttl seconds without replicas. */
  private backlogTimer: NodeJS.Timeout | undefined = undefined;
  private cronLoops = 0;
  /** INFO stats: sync_full, sync_partial_ok, sync_partial_err. */
  syncFull = 0;
  syncPartialOk = 0;
  syncPartialErr = 0;
  /** INFO stats total_net_repl_output_bytes: stream and sync bytes written to replicas. */
  replOutputBytes = 0;

  /** The full sync running, if any (Redis: the RDB child with a socket target). */
  private fullSync: FullSync | undefined = undefined;
  private syncTimer: NodeJS.Immediate | NodeJS.Timeout | undefined = undefined;

  constructor(private readonly host: MasterHost) {
    host.snapshots.replicationSave = () => this.fullSync;
  }

  // --- The handshake ---

  /** REPLCONF's announcements, kept per connection until PSYNC. */
  settingsOf(conn: object): ReplicaSettings {
    let found = this.settings.get(conn);
    if (found === undefined) {
      found = { listeningPort: 0, announcedIp: '', capaEof: false, capaPsync2: false };
      this.settings.set(conn, found);
    }
    return found;
  }

  /**
   * PSYNC replid offset (or SYNC, `psync` undefined): continue from the backlog when it can,
   * else send the whole dataset. Everything is written to the socket here; the command replies nothing.
   */
  sync(conn: ReplicaConnection, psync: { readonly replId: string; readonly offset: number } | undefined): void {
    // Bytes from before this sync's snapshot or backlog tail belong to the replicas already there.
    this.flushStream();
    const settings = this.settingsOf(conn);
    const port = settings.listeningPort;
    const name = `${this.ipOf(conn, settings)}:${port}`;
    this.host.log('notice', `Replica ${name} asks for synchronization`);
    if (psync !== undefined) {
      if (this.tryPartial(conn, settings, psync, name)) return;
      if (psync.replId !== '?') this.syncPartialErr++;
      this.host.log('notice', `Full resync requested by replica ${name}`);
    }
    // No backlog (the first replica, or the first since repl-backlog-ttl freed it): a new history
    // and a backlog, and the stream starts flowing (syncCommand's changeReplicationId).
    if (this.backlog === undefined) {
      this.replId = randomReplId();
      this.backlog = new ReplicationBacklog(this.host.config.get('repl-backlog-size'), this.offset);
      this.attachFeed();
    }
    this.syncFull++;
    const link = this.addReplica(conn, settings, psync === undefined);
    link.state = 'wait_bgsave';
    link.waitingForSync = true;
    link.wantsFullResync = psync !== undefined;
    if (this.fullSync === undefined && !this.host.snapshots.hasActiveChild) {
      this.host.log('notice', 'Starting BGSAVE for SYNC with target: replicas sockets');
    } else {
      this.host.log('notice', 'Waiting for next BGSAVE for SYNC');
    }
    this.scheduleFullSync(0);
  }

  // --- The full sync (master-sync.ts): one at a time, shared by the replicas waiting for it ---

  /**
   * Start the next full sync on a later turn: replicas asking in the same turn share it. While a
   * sync, a BGSAVE or an AOF rewrite runs, look again every SYNC_RETRY_MS (replicationStartPendingFork).
   */
  private scheduleFullSync(delayMs: number): void {
    if (this.syncTimer !== undefined) return;
    const run = (): void => {
      this.syncTimer = undefined;
      this.startFullSync();
    };
    this.syncTimer = delayMs === 0 ? setImmediate(run) : setTimeout(run, delayMs);
  }

  /** startBgsaveForReplication + replicationSetupSlaveForFullResync for every waiting replica. */
  private startFullSync(): void {
    const waiting = this.replicas.filter((link) => link.waitingForSync);
    if (waiting.length === 0) return;
    if (this.fullSync !== undefined || this.host.snapshots.hasActiveChild) {
      this.scheduleFullSync(SYNC_RETRY_MS);
      return;
    }
    // Bytes from before the snapshot belong to the replicas already online.
    this.flushStream();
    for (const link of waiting) {
      link.waitingForSync = false;
      link.pending = [];
      if (link.wantsFullResync) link.conn.writeRaw(Buffer.from(`+FULLRESYNC ${this.replId} ${this.offset}\r\n`, 'latin1'), false);
    }
    const job = new FullSync(
      {
        keyspace: this.host.keyspace,
        nowMs: this.host.clock.now(),
        usedMemory: this.host.usedMemory(),
        compression: this.host.config.get('rdbcompression'),
        checksum: this.host.config.get('rdbchecksum'),
        functions: this.host.scripting.functions,
        replId: this.replId,
        replOffset: this.offset,
      },
      waiting.map((link) => ({
        capaEof: link.settings.capaEof,
        get gone() {
          return link.gone;
        },
        write: (chunk: Buffer) => {
          this.replOutputBytes += chunk.length;
          link.conn.writeRaw(chunk, false);
        },
        unsentBytes: () => link.conn.socket?.writableLength ?? 0,
        drained: () => socketDrained(link.conn),
      })),
    );
    this.fullSync = job;
    // Each replica starts from the RDB with no database selected: the next command says which.
    this.selectedDb = -1;
    void job.done.then((complete) => this.fullSyncDone(job, waiting, complete));
  }

  /** updateSlavesWaitingBgsave: the RDB is sent; the stream held meanwhile follows, and the replicas are online. */
  private fullSyncDone(job: FullSync, links: readonly ReplicaLink[], complete: boolean): void {
    this.fullSync = undefined;
    this.host.snapshots.lastBgsaveTimeSec = Math.floor((this.host.clock.now() - job.startedMs) / 1000);
    for (const link of links) {
      if (link.gone) continue;
      if (!complete) {
        // Stopped without finishing (aborted): the replica must start over, as when Redis's child fails.
        link.conn.close();
        continue;
      }
      link.state = 'online';
      link.ackTimeMs = this.host.clock.now();
      // A replica that may acknowledge gets the stream after its first ACK (the old SYNC never does).
      if (link.settings.capaEof && !link.prePsync) link.streamOnAck = true;
      else this.startStream(link);
      const name = `${link.ip}:${link.settings.listeningPort}`;
      if (link.settings.capaEof) {
        this.host.log('notice', `Streamed RDB transfer with replica ${name} succeeded (socket). Waiting for REPLCONF ACK from slave to enable streaming`);
      }
      this.host.log('notice', `Synchronization with replica ${name} succeeded`);
    }
    if (this.replicas.some((link) => link.waitingForSync)) this.scheduleFullSync(0);
  }

  /** masterTryPartialResynchronization: same history and the offset still in the backlog. */
  private tryPartial(conn: ReplicaConnection, settings: ReplicaSettings, psync: { readonly replId: string; readonly offset: number }, name: string): boolean {
    const backlog = this.backlog;
    if (psync.replId !== this.replId || backlog === undefined || !backlog.canContinueFrom(psync.offset)) return false;
    // A replica without capa psync2 does not understand the id after +CONTINUE.
    conn.writeRaw(Buffer.from(settings.capaPsync2 ? `+CONTINUE ${this.replId}\r\n` : '+CONTINUE\r\n', 'latin1'), false);
    const tail = backlog.bytesFrom(psync.offset);
    for (const chunk of tail) {
      this.replOutputBytes += chunk.length;
      conn.writeRaw(chunk, false);
    }
    this.syncPartialOk++;
    const link = this.addReplica(conn, settings, false);
    link.ackOffset = psync.offset - 1;
    const sent = tail.reduce((n, chunk) => n + chunk.length, 0);
    this.host.log('notice', `Partial resynchronization request from ${name} accepted. Sending ${sent} bytes of backlog starting from offset ${psync.offset}.`);
    return true;
  }

  private addReplica(conn: ReplicaConnection, settings: ReplicaSettings, prePsync: boolean): ReplicaLink {
    const link = new ReplicaLink(this, conn, settings, prePsync, this.host.clock.now());
    conn.replicaLink = link;
    this.replicas.push(link);
    if (this.backlogTimer !== undefined) clearTimeout(this.backlogTimer);
    this.backlogTimer = undefined;
    this.startCron();
    return link;
  }

  removeReplica(link: ReplicaLink): void {
    const at = this.replicas.indexOf(link);
    if (at === -1) return;
    this.replicas.splice(at, 1);
    link.gone = true;
    link.pending = undefined;
    this.host.log('notice', `Connection with replica ${link.ip}:${link.settings.listeningPort} lost.`);
    if (this.replicas.length > 0) return;
    this.stopCron();
    const ttlSec = this.host.config.get('repl-backlog-ttl');
    if (ttlSec > 0 && this.backlog !== undefined) {
      this.backlogTimer = setTimeout(() => this.freeBacklog(ttlSec), Math.min(ttlSec * 1000, 2 ** 31 - 1));
      this.backlogTimer.unref();
    }
  }

  /**
   * No replica for repl-backlog-ttl seconds (replicationCron): drop the backlog, start a new history
   * and leave the propagation feed, so the write path is free again until the next replica.
   */
  private freeBacklog(ttlSec: number): void {
    this.backlogTimer = undefined;
    if (this.replicas.length > 0 || this.backlog === undefined) return;
    this.replId = randomReplId();
    this.backlog = undefined;
    const feed = this.host.propagation;
    feed?.removeConsumer(this.consume);
    if (feed !== undefined && !feed.hasConsumers) this.host.propagation = undefined;
    this.host.log('notice', `Replication backlog freed after ${ttlSec} seconds without connected replicas.`);
  }

  private ipOf(conn: ReplicaConnection, settings: ReplicaSettings): string {
    return new ReplicaLink(this, conn, settings, false, 0).ip;
  }

  // --- The stream ---

  /** Become a consumer of the propagation feed (created if the AOF has not already). */
  private attachFeed(): void {
    const feed = this.host.propagation ?? new PropagationFeed();
    feed.addConsumer(this.consume);
    this.host.propagation = feed;
  }

  /** One unit of the feed: RESP commands, SELECT when the database changes (replicationFeedSlaves). */
  private readonly consume = (ops: readonly PropagatedOp[]): void => {
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
  private feed(bytes: Buffer): void {
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
  private readonly flushStream = (): void => {
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
  private startStream(link: ReplicaLink): void {
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

  // --- The cron: PING and timeouts ---

  private startCron(): void {
    if (this.cronTimer !== undefined) return;
    this.cronTimer = setInterval(() => this.cron(), REPLICATION_CRON_MS);
    this.cronTimer.unref();
  }

  private stopCron(): void {
    if (this.cronTimer !== undefined) clearInterval(this.cronTimer);
    this.cronTimer = undefined;
  }

  /**
   * replicationCron: PING into the stream every repl-ping-replica-period seconds (replicas use
   * it to detect a dead master), and drop replicas that sent no ACK for repl-timeout seconds.
   */
  private cron(): void {
    this.cronLoops++;
    const period = this.host.config.get('repl-ping-replica-period');
    if (this.replicas.length > 0 && this.cronLoops % period === 0) this.feed(PING_COMMAND);
    const timeoutMs = this.host.config.get('repl-timeout') * 1000;
    const now = this.host.clock.now();
    for (const link of [...this.replicas]) {
      if (link.state !== 'online' || link.prePsync || now - link.ackTimeMs <= timeoutMs) continue;
      this.host.log('warning', `Disconnecting timedout replica (streaming sync): ${link.ip}:${link.settings.listeningPort}`);
      link.conn.close();
    }
  }

  // --- Introspection: ROLE, INFO ---

  /** ROLE's replica list: [ip, port, acknowledged offset], the numbers as strings. */
  roleReplicas(): string[][] {
    // Only online replicas (roleCommand skips those still syncing).
    return this.replicas
      .filter((link) => link.state === 'online')
      .map((link) => [link.ip, String(link.settings.listeningPort), String(link.ackOffset)]);
  }

  /** INFO replication's fields for a master, in genRedisInfoString's order. */
  infoFields(): Array<readonly [string, string | number]> {
    const now = this.host.clock.now();
    const fields: Array<readonly [string, string | number]> = [
      ['role', 'master'],
      ['connected_slaves', this.replicas.length],
    ];
    // Shown while min-replicas-to-write acts (both it and min-replicas-max-lag above 0).
    const config = this.host.config;
    if (config.get('min-replicas-to-write') > 0 && config.get('min-replicas-max-lag') > 0) {
      fields.push(['min_slaves_good_slaves', goodReplicaCount(this.host, this)]);
    }
    this.replicas.forEach((link, i) => {
      const lag = Math.floor((now - link.ackTimeMs) / 1000);
      fields.push([`slave${i}`, `ip=${link.ip},port=${link.settings.listeningPort},state=${link.state},offset=${link.ackOffset},lag=${lag}`]);
    });
    const backlog = this.backlog;
    fields.push(
      ['master_failover_state', 'no-failover'],
      ['master_replid', this.replId],
      ['master_replid2', '0'.repeat(40)],
      ['master_repl_offset', this.offset],
      ['second_repl_offset', -1],
      ['repl_backlog_active', backlog === undefined ? 0 : 1],
      ['repl_backlog_size', this.host.config.get('repl-backlog-size')],
      ['repl_backlog_first_byte_offset', backlog === undefined ? 0 : backlog.firstByteOffset],
      ['repl_backlog_histlen', backlog === undefined ? 0 : backlog.histlen],
    );
    return fields;
  }
}

/** Settles when the connection's socket drains or closes (at once without a socket). */
function socketDrained(conn: ReplicaConnection): Promise<void> {
  const socket = conn.socket;
  if (socket === undefined) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      socket.removeListener('drain', done);
      socket.removeListener('close', done);
      resolve();
    };
    socket.once('drain', done);
    socket.once('close', done);
  });
}

/**
 * checkGoodReplicasStatus: with min-replicas-to-write N and min-replicas-max-lag L (both above 0),
 * at least N replicas acknowledged within the last L seconds (refreshGoodSlavesCount).
 * SIMPLIFIED: counted when asked, not once a second by the cron.
 */
export function hasGoodReplicas(server: MasterHost): boolean {
  const wanted = server.config.get('min-replicas-to-write');
  const maxLag = server.config.get('min-replicas-max-lag');
  if (wanted === 0 || maxLag === 0) return true;
  const master = masters.get(server);
  return master !== undefined && goodReplicaCount(server, master) >= wanted;
}

/** Replicas whose last ACK is at most min-replicas-max-lag seconds old (repl_good_slaves_count). */
function goodReplicaCount(server: MasterHost, master: ReplicationMaster): number {
  const maxLag = server.config.get('min-replicas-max-lag');
  const nowSec = Math.floor(server.clock.now() / 1000);
  let good = 0;
  for (const link of master.replicas) if (link.state === 'online' && nowSec - Math.floor(link.ackTimeMs / 1000) <= maxLag) good++;
  return good;
}

// One master state per server, created on first use (the server itself does not need to know).
const masters = new WeakMap<object, ReplicationMaster>();

/** This server's master state. `server` is the Server, which implements MasterHost. */
export function masterOf(server: object): ReplicationMaster {
  let master = masters.get(server);
  if (master === undefined) {
    master = new ReplicationMaster(server as MasterHost);
    masters.set(server, master);
  }
  return master;
}

/** The master state if a replica ever connected, without creating one (INFO, ROLE). */
export function existingMasterOf(server: object): ReplicationMaster | undefined {
  return masters.get(server);
}
