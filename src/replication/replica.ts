// The replica side of replication: one link to a master, from the handshake to the command stream.
// Mirrors: redis src/replication.c (connectWithMaster, syncWithMaster, slaveTryPartialResynchronization,
// readSyncBulkPayload, replicationSendAck, replicationCron's reconnect, replicationCacheMaster,
// replicationUnsetMaster) and the master client's path through src/networking.c.
//
// The link walks through Redis's states, which ROLE reports: `connect` (a master is set, no socket
// yet), `connecting`, `handshake` (PING; AUTH with masterauth/masteruser; REPLCONF listening-port;
// REPLCONF capa eof capa psync2; PSYNC), `sync` (receiving the RDB) and `connected` (applying the
// stream). PSYNC asks for `? -1` the first time (a full resync: `+FULLRESYNC <replid> <offset>`,
// then an RDB as `$<len>` or, disk-less, `$EOF:<40-byte mark>` ... mark). After a dropped link the
// replica remembers the master's replid and its own offset (Redis's cached master) and asks for
// `PSYNC <replid> <offset+1>`: `+CONTINUE` means only the missing stream follows.
//
// The stream is applied as Redis's master client applies it (replica-stream.ts), and the offset
// advanced by each command's size on the wire (at EXEC for a transaction). Every second the replica
// sends `REPLCONF ACK <offset>`; `REPLCONF GETACK *` asks for one at once.
//
// SIMPLIFIED: no disk-less load modes (repl-diskless-load): the payload is buffered in memory, then
// the keyspace is flushed and loaded; repl-timeout is watched only once synced (not during the
// handshake or the transfer); no sub-replicas fed from this stream.

import { connect, type Socket } from 'node:net';
import { parseRdb } from '../persistence/rdb/rdb-reader.js';
import { rdbLoadLimitsFromConfig } from '../persistence/rdb/limits.js';
import type { Server } from '../server/server.js';
import { ReplicaInput, ReplicationProtocolError } from './replica-input.js';
import { MasterClient } from './replica-stream.js';

/** ROLE's names for the link's states (replication.c roleCommand / slaveStateToString). */
export type ReplicaState = 'connect' | 'connecting' | 'handshake' | 'sync' | 'connected';

/** What the replica remembers of a master it lost, to ask for a partial resync. */
interface CachedMaster {
  readonly replId: string;
  readonly offset: number;
}

/** RDB payload markers: `$EOF:` then 40 random bytes that also end the payload. */
const EOF_MARK_PREFIX = 'EOF:';
const RDB_EOF_MARK_SIZE = 40;
/** Redis retries connecting from replicationCron, once a second. */
const RECONNECT_DELAY_MS = 1000;
const ACK_PERIOD_MS = 1000;

type Phase =
  | { kind: 'idle' }
  | { kind: 'reply'; steps: string[]; then: () => void }
  | { kind: 'psync' }
  | { kind: 'bulk-header' }
  | { kind: 'bulk'; remaining: number; chunks: Buffer[] }
  | { kind: 'bulk-eof'; mark: Buffer; chunks: Buffer[]; tail: Buffer }
  | { kind: 'stream' };

export class ReplicaLink {
  state: ReplicaState = 'connect';
  /** The master's replication id (the one PSYNC named or answered). */
  masterReplId = '';
  /** reploff: stream bytes applied (-1 before the first sync). */
  offset = -1;
  /** read_reploff: stream bytes received. */
  readOffset = -1;
  /** Unix ms of the last byte from the master (master_last_io_seconds_ago). */
  lastIoAt = 0;
  /** Unix ms the link went down (master_link_down_since_seconds), 0 while never up. */
  linkDownSince = 0;
  /** Full syncs that ended by loading an RDB, and partial ones accepted (tests read these). */
  fullSyncs = 0;
  partialSyncs = 0;
  private socket: Socket | undefined;
  private readonly input = new ReplicaInput();
  private phase: Phase = { kind: 'idle' };
  private cached: CachedMaster | undefined;
  /** Runs the stream's commands (src/replication/replica-stream.ts). */
  private readonly master: MasterClient;
  private pendingBytes = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private ackTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly server: Server,
    readonly host: string,
    readonly port: number,
    /** A master's identity kept from before (REPLICAOF to a new master after being one: replid2 handling). */
    cached?: CachedMaster,
  ) {
    this.master = new MasterClient(server, () => this.sendAck());
    this.cached = cached;
    this.connectSoon(0);
  }

  /** True while a command of the master's stream runs (it may write, whatever replica-read-only says). */
  get applying(): boolean {
    return this.master.applying;
  }

  /** Is the link up and synced (master_link_status:up)? */
  get linkUp(): boolean {
    return this.state === 'connected';
  }

  /** Close the link for good (REPLICAOF NO ONE / another master / shutdown). */
  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.dropSocket();
  }

  /** What REPLICAOF NO ONE keeps: the replid and offset this server continues from as a master. */
  get lastKnown(): CachedMaster | undefined {
    if (this.state === 'connected') return { replId: this.masterReplId, offset: this.offset };
    return this.cached;
  }

  /** Kill the socket without forgetting the master (tests: a dropped link must resync partially). */
  dropLink(): void {
    this.socket?.destroy();
  }

  // --- Connecting and the handshake (syncWithMaster) ---

  private connectSoon(delayMs: number): void {
    if (this.stopped) return;
    this.reconnectTimer = setTimeout(() => this.connect(), delayMs);
    this.reconnectTimer.unref();
  }

  private connect(): void {
    if (this.stopped) return;
    this.state = 'connecting';
    this.server.log('notice', `Connecting to MASTER ${this.host}:${this.port}`);
    const socket = connect({ host: this.host, port: this.port });
    socket.setNoDelay(true);
    this.socket = socket;
    socket.on('connect', () => {
      this.server.log('notice', 'MASTER <-> REPLICA sync started');
      this.state = 'handshake';
      this.send(['PING']);
      this.expect(['PING'], () => this.afterPing());
    });
    socket.on('data', (chunk: Buffer) => {
      this.lastIoAt = Date.now();
      this.input.push(chunk);
      try {
        this.process();
      } catch (err) {
        this.fail(err instanceof Error ? err.message : String(err));
      }
    });
    socket.on('error', (err) => this.server.log('warning', `Error condition on socket for SYNC: ${err.message}`));
    socket.on('close', () => this.onClose(socket));
  }

  private afterPing(): void {
    this.expect(this.sendAuthAndReplconf(), () => this.sendPsync());
  }

  /**
   * AUTH (masterauth, with masteruser when set), REPLCONF listening-port and capa, pipelined as
   * Redis does; returns the steps whose replies are awaited, in order.
   */
  private sendAuthAndReplconf(): string[] {
    const config = this.server.config;
    const steps: string[] = [];
    const password = config.get('masterauth');
    if (password !== '') {
      const user = config.get('masteruser');
      this.send(user === '' ? ['AUTH', password] : ['AUTH', user, password]);
      steps.push('AUTH');
    }
    this.send(['REPLCONF', 'listening-port', String(this.server.port)]);
    this.send(['REPLCONF', 'capa', 'eof', 'capa', 'psync2']);
    steps.push('REPLCONF', 'REPLCONF');
    return steps;
  }

  private sendPsync(): void {
    const cached = this.cached;
    if (cached !== undefined) {
      this.server.log('notice', `Trying a partial resynchronization (request ${cached.replId}:${cached.offset + 1}).`);
      this.send(['PSYNC', cached.replId, String(cached.offset + 1)]);
    } else {
      this.server.log('notice', 'Partial resynchronization not possible (no cached master)');
      this.send(['PSYNC', '?', '-1']);
    }
    this.phase = { kind: 'psync' };
  }

  private expect(steps: string[], then: () => void): void {
    this.phase = { kind: 'reply', steps, then };
  }

  // --- Reading ---

  private process(): void {
    for (;;) {
      const phase = this.phase;
      switch (phase.kind) {
        case 'idle':
          return;
        case 'reply': {
          const line = this.input.line();
          if (line === undefined) return;
          // AUTH must succeed; PING may fail only for want of auth; REPLCONF errors are ignored.
          const step = phase.steps.shift();
          if (line.startsWith('-')) {
            if (step === 'PING' && !/^-(NOAUTH|NOPERM|ERR operation not permitted)/.test(line)) {
              throw new Error(`Error reply to PING from master: '${line}'`);
            }
            if (step === 'AUTH') throw new Error(`Unable to AUTH to MASTER: ${line}`);
          }
          if (phase.steps.length === 0) {
            this.phase = { kind: 'idle' };
            phase.then();
          }
          break;
        }
        case 'psync': {
          const line = this.input.line();
          if (line === undefined) return;
          // The master may send newlines while it prepares the payload.
          if (line === '') continue;
          this.onPsyncReply(line);
          break;
        }
        case 'bulk-header': {
          const line = this.input.line();
          if (line === undefined) return;
          if (line === '') continue;
          if (line.startsWith('-')) throw new Error(`MASTER aborted replication with an error: ${line.slice(1)}`);
          if (!line.startsWith('$')) throw new ReplicationProtocolError(`Bad protocol from MASTER, the first byte is not '$' (we received '${line}')`);
          const spec = line.slice(1);
          if (spec.startsWith(EOF_MARK_PREFIX) && spec.length === EOF_MARK_PREFIX.length + RDB_EOF_MARK_SIZE) {
            this.phase = { kind: 'bulk-eof', mark: Buffer.from(spec.slice(EOF_MARK_PREFIX.length), 'latin1'), chunks: [], tail: Buffer.alloc(0) };
          } else {
            this.phase = { kind: 'bulk', remaining: Number(spec), chunks: [] };
          }
          this.server.log('notice', `MASTER <-> REPLICA sync: receiving ${spec.startsWith(EOF_MARK_PREFIX) ? 'streamed RDB from master with EOF to parser' : `${spec} bytes from master to disk`}`);
          break;
        }
        case 'bulk': {
          if (this.input.available === 0) return;
          const part = this.input.take(phase.remaining);
          phase.chunks.push(part);
          phase.remaining -= part.length;
          if (phase.remaining > 0) return;
          this.loadPayload(Buffer.concat(phase.chunks));
          break;
        }
        case 'bulk-eof': {
          if (this.input.available === 0) return;
          const part = this.input.takeAll();
          // The mark may straddle chunks (search the previous chunk's last bytes too), and what
          // follows it in the same read is already the command stream.
          const window = Buffer.concat([phase.tail, part]);
          const at = window.indexOf(phase.mark);
          if (at < 0) {
            phase.chunks.push(part);
            phase.tail = window.subarray(-(RDB_EOF_MARK_SIZE - 1));
            return;
          }
          const end = at - phase.tail.length + RDB_EOF_MARK_SIZE;
          phase.chunks.push(part.subarray(0, end));
          this.input.push(part.subarray(end));
          const all = Buffer.concat(phase.chunks);
          this.loadPayload(all.subarray(0, all.length - RDB_EOF_MARK_SIZE));
          break;
        }
        case 'stream': {
          const command = this.input.command();
          if (command === undefined) return;
          this.readOffset += command.bytes;
          this.master.apply(command.argv);
          // Clients blocked on a key the master just wrote (BLPOP on the replica) are served now.
          if (this.server.blocking.hasReadyKeys) this.server.blocking.serveReadyKeys();
          // Inside MULTI the offset stands still until EXEC (commandProcessed skips a master in
          // MULTI): a link lost mid-transaction resumes from its MULTI, and the master resends it.
          this.pendingBytes += command.bytes;
          if (!this.master.inMulti) {
            this.offset += this.pendingBytes;
            this.pendingBytes = 0;
          }
          break;
        }
      }
    }
  }

  private onPsyncReply(line: string): void {
    const words = line.split(' ');
    if (words[0] === '+FULLRESYNC' && words.length >= 3) {
      this.masterReplId = words[1] as string;
      this.offset = Number(words[2]);
      this.readOffset = this.offset;
      this.cached = undefined;
      this.server.log('notice', `Full resync from master: ${this.masterReplId}:${this.offset}`);
      this.state = 'sync';
      this.phase = { kind: 'bulk-header' };
      return;
    }
    if (words[0] === '+CONTINUE' && this.cached !== undefined) {
      // A new replid after CONTINUE: the master was promoted; our history goes on under its id.
      this.masterReplId = words[1] ?? this.cached.replId;
      this.offset = this.cached.offset;
      this.readOffset = this.offset;
      this.cached = undefined;
      this.partialSyncs++;
      this.server.log('notice', 'MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.');
      this.startStream();
      return;
    }
    if (line.startsWith('-NOMASTERLINK') || line.startsWith('-LOADING')) {
      throw new Error(`Master is currently unable to PSYNC but should be in the future: ${line}`);
    }
    throw new Error(`Unexpected reply to PSYNC from master: ${line}`);
  }

  // --- Loading the payload (readSyncBulkPayload) ---

  private loadPayload(rdb: Buffer): void {
    const server = this.server;
    const keyspace = server.keyspace;
    server.log('notice', 'MASTER <-> REPLICA sync: Flushing old data');
    // emptyData: every database and the function libraries go before the master's dataset arrives.
    keyspace.flushAll();
    server.scripting.functions.flush();
    // Clients caching keys are told everything went (trackingInvalidateKeysOnFlush).
    server.tracking.invalidateAll();
    server.log('notice', 'MASTER <-> REPLICA sync: Loading DB in memory');
    const dirtyBefore = server.dirty;
    server.snapshots.loading = true;
    let loaded = 0;
    try {
      parseRdb(rdb, (entry) => {
        if (entry.db >= keyspace.dbs.length) throw new Error(`the master's RDB uses db ${entry.db}, we have ${keyspace.dbs.length}`);
        const db = keyspace.db(entry.db);
        // A replica keeps keys past their TTL: the master's DEL removes them.
        db.set(entry.key, entry.value);
        if (entry.expireAtMs !== undefined) db.setExpire(entry.key, entry.expireAtMs);
        loaded++;
      }, {
        limits: rdbLoadLimitsFromConfig(server.config),
        onFunction: (code) => void server.scripting.functions.load(Buffer.from(code, 'latin1'), true),
      });
    } finally {
      server.snapshots.loading = false;
      server.dirty = dirtyBefore;
    }
    server.log('notice', `Done loading RDB, keys loaded: ${loaded}, keys expired: 0.`);
    server.log('notice', 'MASTER <-> REPLICA sync: Finished with success');
    // restartAOFAfterSYNC: the AOF describes the old dataset; a rewrite bases it on the new one.
    if (server.aof !== undefined) {
      const status = server.rewriteAppendOnlyFile(false);
      server.log('notice', `MASTER <-> REPLICA sync: rewriting the AOF after the sync: ${status}`);
    }
    this.fullSyncs++;
    this.master.select(0);
    this.startStream();
  }

  private startStream(): void {
    this.state = 'connected';
    this.lastIoAt = Date.now();
    this.linkDownSince = 0;
    this.master.discardMulti();
    this.pendingBytes = 0;
    this.phase = { kind: 'stream' };
    this.sendAck();
    if (this.ackTimer !== undefined) clearInterval(this.ackTimer);
    this.ackTimer = setInterval(() => this.cron(), ACK_PERIOD_MS);
    this.ackTimer.unref();
  }

  /**
   * replicationCron for a synced link: drop a master silent for more than repl-timeout seconds (it
   * PINGs every repl-ping-replica-period), else send the periodic ACK.
   */
  private cron(): void {
    const timeoutMs = this.server.config.get('repl-timeout') * 1000;
    if (this.state === 'connected' && Date.now() - this.lastIoAt > timeoutMs) {
      this.fail('MASTER timeout: no data nor PING received...');
      return;
    }
    this.sendAck();
  }

  // --- Writing to the master ---

  private send(words: readonly string[]): void {
    const parts = [`*${words.length}\r\n`];
    for (const word of words) parts.push(`$${Buffer.byteLength(word)}\r\n${word}\r\n`);
    this.socket?.write(parts.join(''));
  }

  /** replicationSendAck: REPLCONF ACK <offset>. */
  private sendAck(): void {
    if (this.state === 'connected') this.send(['REPLCONF', 'ACK', String(this.offset)]);
  }

  // --- Losing the link ---

  private fail(reason: string): void {
    this.server.log('warning', reason);
    this.socket?.destroy();
  }

  private dropSocket(): void {
    if (this.ackTimer !== undefined) clearInterval(this.ackTimer);
    this.ackTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
  }

  private onClose(socket: Socket): void {
    if (socket !== this.socket) return;
    const wasConnected = this.state === 'connected';
    this.dropSocket();
    this.input.takeAll();
    this.phase = { kind: 'idle' };
    if (wasConnected) {
      // replicationCacheMaster: keep what is needed for PSYNC <replid> <offset+1>. A MULTI cut in
      // half is dropped (its bytes were never counted), so the master resends it whole.
      this.server.log('notice', 'Connection with master lost.');
      this.cached = { replId: this.masterReplId, offset: this.offset };
      this.linkDownSince = Date.now();
    }
    if (this.stopped) return;
    this.state = 'connect';
    this.connectSoon(RECONNECT_DELAY_MS);
  }
}
