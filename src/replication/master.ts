// The master side of replication: replicas that connect with PSYNC (or SYNC), the partial or full
// resync each gets, the backlog's lifetime, the once-a-second cron, ROLE and INFO.
// Mirrors: redis src/replication.c (syncCommand, masterTryPartialResynchronization,
// startBgsaveForReplication, updateSlavesWaitingBgsave, replicationCron, refreshGoodSlavesCount,
// roleCommand) and the replication half of genRedisInfoString.
//
// The stream itself, the acknowledgements and WAIT are in master-stream.ts (ReplicationStream, which
// this class extends); one replica's state is in replica-link.ts.
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

import { randomBytes } from 'node:crypto';
import type { Config } from '../config/config.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import type { Clock } from '../util/clock.js';
import { encodeCommand } from '../persistence/aof/aof-rewrite.js';
import type { PropagationFeed } from '../persistence/aof/propagate.js';
import { ReplicationBacklog } from './backlog.js';
import { FullSync } from './master-sync.js';
import { ReplicationStream } from './master-stream.js';
import { ReplicaLink, socketDrained, type ReplicaConnection, type ReplicaSettings } from './replica-link.js';
import type { Snapshots } from '../persistence/snapshots.js';

export { ReplicaLink, type ReplicaConnection, type ReplicaSettings, type ReplicaState, type ReplicaWaiter } from './replica-link.js';

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

const PING_COMMAND = encodeCommand([Buffer.from('PING')]);
/** How often replicas waiting for a full sync look again while another "child" runs (serverCron at hz 10), ms. */
const SYNC_RETRY_MS = 100;
/** replicationCron runs once a second. */
const REPLICATION_CRON_MS = 1000;

/** 40 random hex characters (changeReplicationId). */
function randomReplId(): string {
  return randomBytes(20).toString('hex');
}

export class ReplicationMaster extends ReplicationStream {
  /** master_replid: the history this master's offsets count. */
  replId = randomReplId();
  private readonly settings = new WeakMap<object, ReplicaSettings>();
  private cronTimer: NodeJS.Timeout | undefined = undefined;
  /** Frees the backlog after repl-backlog-ttl seconds without replicas. */
  private backlogTimer: NodeJS.Timeout | undefined = undefined;
  private cronLoops = 0;
  /** INFO stats: sync_full, sync_partial_ok, sync_partial_err. */
  syncFull = 0;
  syncPartialOk = 0;
  syncPartialErr = 0;

  /** The full sync running, if any (Redis: the RDB child with a socket target). */
  private fullSync: FullSync | undefined = undefined;
  private syncTimer: NodeJS.Immediate | NodeJS.Timeout | undefined = undefined;

  constructor(host: MasterHost) {
    super(host);
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
