// One connected client: its socket, its request parser and reply buffer, and its session state
// (selected database, protocol, name, authentication, MULTI and WATCH, CLIENT REPLY).
// Mirrors: redis src/networking.c (createClient, freeClient, clearClientConnectionState) and
// `struct client` in server.h.
//
// The class holds the state; the work on it sits in one file per idea, plain functions that the
// methods below hand over to:
//   client-input.ts     bytes in, the parser, the loop running each command   [readQueryFromClient, processInputBuffer]
//   client-output.ts    replies out in one write, pushes, output buffer limits [writeToClient, checkClientOutputBufferLimits]
//   client-blocking.ts  a blocking command's wait, retry and wake-up          [blocked.c]
//   client-info.ts      the CLIENT LIST line                                  [catClientInfoString]
// The fields those files use are public, but they belong to src/server: commands see a client
// only through CommandContext and ClientHandle (src/commands/context.ts).

import type { Socket } from 'node:net';
import type { ClientHandle, CommandContext, ReplyMode, ServerContext } from '../commands/context.js';
import type { Command } from '../commands/types.js';
import type { Database } from '../keyspace/database.js';
import { ReplyWriter, type PushReply, type Reply } from '../protocol/reply.js';
import type { Blockable, BlockedState } from './blocking.js';
import type { WatchedKey, Watcher } from '../transactions/watch.js';
import { execTransaction } from './transaction-exec.js';
import { RequestParser } from '../protocol/request-parser.js';
import type { Server } from './server.js';
import { Subscriptions, type Subscriber } from '../pubsub/pubsub.js';
import { clientFlags, formatClientInfo } from './client-info.js';
import type { ClientTracking } from '../pubsub/tracking.js';
import { aclOf, type Acl } from '../acl/acl.js';
import type { User } from '../acl/user.js';
import { notifyKeyspaceEvent } from '../pubsub/notify.js';
import type { SoftLimitState } from '../pubsub/output-buffer-limit.js';
import type { ReplicaLink } from '../replication/master.js';
import { processInput, readFromClient, resumeAfterLua } from './client-input.js';
import {
  checkOutputBufferLimits, deliverToClient, flushClient, resumeAfterDrain, sendOutOfBand, writeRawToClient,
} from './client-output.js';
import { blockClient, endBlock, retryBlocked } from './client-blocking.js';

export class Client implements CommandContext, ClientHandle, Blockable, Watcher, Subscriber {
  readonly writer = new ReplyWriter();
  readonly parser: RequestParser;
  readonly createdAt: number;
  lastInteraction: number;
  name = '';
  authenticated: boolean;
  /** The ACL user this connection acts as (src/acl; Redis's c->user): default until AUTH/HELLO says otherwise. */
  user: User;
  private readonly acl: Acl;
  command: Command | undefined = undefined;
  /** The last command run (CLIENT LIST cmd=). */
  lastCommandName = 'NULL';
  db: Database;
  isMonitor = false;
  /** MULTI state: the queued commands, and whether queuing failed (EXECABORT). */
  multi: { queue: Array<{ command: Command; argv: readonly Buffer[] }>; aborted: boolean } | undefined = undefined;
  /** WATCH state (see transactions/watch.ts). */
  dirtyCas = false;
  readonly watching = new Map<string, WatchedKey>();
  /** CLIENT NO-EVICT ON: exempt from client eviction (flag "e" in CLIENT LIST). */
  noEvict = false;
  /** CLIENT TRACKING's settings when on (src/pubsub/tracking.ts). */
  tracking: ClientTracking | undefined = undefined;
  /** Its commands may finish later (CommandContext.suspendable): dispatch and EXEC wait for them. */
  readonly suspendable = true;
  readonly addr: string;
  readonly laddr: string;
  /** Channels, patterns and shard channels this client listens to (src/pubsub). */
  readonly subscriptions = new Subscriptions();
  /** Set once PSYNC/SYNC made this connection a replica (src/replication/master.ts; CLIENT_SLAVE). */
  replicaLink: ReplicaLink | undefined = undefined;

  // --- Input state (client-input.ts) ---

  /** The arguments of the command being run, for CLIENT LIST's argv-mem and a blocking command's wait. */
  currentArgv: readonly Buffer[] | undefined = undefined;
  /** Torn down: nothing more is read or sent. */
  closing = false;
  /** QUIT, a protocol error, CLIENT KILL of oneself: close once the pending replies are written. */
  closeRequested = false;
  /** A command held until the Lua runtime has loaded, and whether input waits for it (lua-wait.ts). */
  luaHeld: Buffer[] | null = null;
  waitingForLua = false;
  /** A command of this client is still running (a busy script): input waits behind it (src/protocol/suspension.ts). */
  suspended = false;
  /** CLIENT REPLY OFF: no replies until CLIENT REPLY ON (Redis's CLIENT_REPLY_OFF). */
  replyOff = false;
  /** The command now running gets no reply: the one after CLIENT REPLY SKIP (CLIENT_REPLY_SKIP). */
  replySkip = false;
  /** CLIENT REPLY SKIP just ran; the next command's reply is dropped (CLIENT_REPLY_SKIP_NEXT). */
  replySkipNext = false;

  // --- Output state (client-output.ts) ---

  /** Reading stopped because too much output is unsent (OUTPUT_PAUSE_BYTES), until the socket drains. */
  readPaused = false;
  /** client-output-buffer-limit's soft-limit clock (src/pubsub/output-buffer-limit.ts). */
  readonly obufSoftLimit: SoftLimitState = { softLimitReachedAtSec: 0 };
  /** Past its output buffer limit: closed on the next turn, sent nothing more (CLIENT_CLOSE_ASAP, flag "A"). */
  closeAsap = false;
  /** In the server's list of clients whose replies are written at the end of this turn (client-output.ts queueFlush). */
  flushQueued = false;

  // --- Blocking state (client-blocking.ts) ---

  /** Set while blocked in BLPOP and friends: no further input is processed until it ends. */
  blocked: BlockedState | undefined = undefined;
  /** False inside EXEC and scripts: blocking commands then act as their non-blocking forms. */
  mayBlock = true;
  /** During a blocked command's re-run: the written key that woke it (CommandContext.wokenKey). */
  wokenKey: string | undefined = undefined;
  /** A blocked command is being run again; `stillBlocked`: it found nothing again. */
  retrying = false;
  stillBlocked = false;

  /** CLIENT LIST/KILL TYPE and the output buffer limit class (networking.c getClientType). */
  get kind(): 'normal' | 'pubsub' | 'replica' {
    if (this.replicaLink !== undefined) return 'replica';
    return this.subscriptions.total > 0 ? 'pubsub' : 'normal';
  }

  /** Subscribed to something (CLIENT_PUBSUB): a RESP2 client then receives invalidations as messages. */
  get isSubscriber(): boolean {
    return this.subscriptions.total > 0;
  }

  constructor(
    readonly srv: Server,
    readonly socket: Socket,
    readonly id: number,
    readonly isUnixSocket: boolean,
  ) {
    this.createdAt = srv.clock.now();
    this.lastInteraction = this.createdAt;
    this.db = srv.keyspace.db(0);
    // clientSetDefaultAuth: logged in as default at once when default is on and needs no password.
    this.acl = aclOf(srv);
    this.user = this.acl.defaultUser;
    this.authenticated = this.acl.defaultLoginFree;
    this.acl.clients.add(this);
    this.parser = new RequestParser({
      maxBulkLen: srv.config.get('proto-max-bulk-len'),
      maxQueryBufferLen: srv.config.get('client-query-buffer-limit'),
    });
    if (isUnixSocket) {
      this.addr = `${srv.config.get('unixsocket')}:0`;
      this.laddr = this.addr;
    } else {
      const remote = socket.remoteAddress ?? '?';
      const local = socket.localAddress ?? '?';
      this.addr = formatAddress(remote, socket.remotePort ?? 0);
      this.laddr = formatAddress(local, socket.localPort ?? 0);
    }
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => readFromClient(this, chunk));
    // The peer half-closed: Node ends our side as soon as 'end' fires, which can be before the end
    // of the turn when the end of the stream came in the same read loop as the last requests, so
    // replies still waiting for the turn's writes (client-output.ts queueFlush) leave now.
    socket.prependListener('end', () => {
      if (this.flushQueued) this.flush(true);
    });
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
    socket.on('drain', () => resumeAfterDrain(this));
  }

  get server(): ServerContext {
    return this.srv;
  }

  get handle(): ClientHandle {
    return this;
  }

  get resp(): 2 | 3 {
    return this.writer.resp;
  }

  setResp(resp: 2 | 3): void {
    this.writer.resp = resp;
  }

  get isClosed(): boolean {
    return this.closing;
  }

  select(index: number): void {
    this.db = this.srv.keyspace.db(index);
  }

  closeAfterReply(): void {
    this.closeRequested = true;
  }

  startMonitor(): void {
    this.isMonitor = true;
    this.srv.monitors.add(this);
  }

  reset(): void {
    this.discardMulti();
    this.srv.tracking.disable(this);
    this.srv.pubsub.unsubscribeAll(this);
    // Like Redis's clearClientConnectionState: CLIENT REPLY OFF ends, so RESET's own reply goes out.
    this.replyOff = false;
    this.replySkipNext = false;
    this.unwatchKeys();
    this.select(0);
    this.setResp(2);
    this.name = '';
    this.user = this.acl.defaultUser;
    this.authenticated = this.acl.defaultLoginFree;
    if (this.isMonitor) {
      this.isMonitor = false;
      this.srv.monitors.delete(this);
    }
  }

  /** CLIENT REPLY: ON clears OFF and SKIP; SKIP does nothing while OFF (networking.c clientCommand). */
  setReplyMode(mode: ReplyMode): void {
    if (mode === 'on') {
      this.replyOff = false;
      this.replySkip = false;
    } else if (mode === 'off') {
      this.replyOff = true;
    } else if (!this.replyOff) {
      this.replySkipNext = true;
    }
  }

  kill(): void {
    this.closeRequested = true;
    // A client killed by another client is closed at once (its pending replies are dropped),
    // unless it is the caller itself, which gets its reply first.
    if (this.srv.currentClient !== this) this.close();
  }

  // --- Input (client-input.ts) ---

  /** Run every complete command buffered so far, then write the replies in one go. */
  processInput(): void {
    processInput(this);
  }

  /** The Lua runtime loaded (or failed): run the held command, then the input behind it (lua-wait.ts). */
  resumeAfterLua(): void {
    resumeAfterLua(this);
  }

  // --- Output (client-output.ts) ---

  /** Send everything the writer holds; close afterwards if QUIT or a protocol error asked to. */
  flush(syncAof = false): void {
    flushClient(this, syncAof);
  }

  /** Replication stream bytes, straight to the socket (src/replication/master.ts). */
  writeRaw(chunk: Buffer, checkLimits: boolean): void {
    writeRawToClient(this, chunk, checkLimits);
  }

  /** An out-of-band reply (MONITOR lines), written at the end of the turn. */
  sendOutOfBand(write: (writer: ReplyWriter) => void): void {
    sendOutOfBand(this, write);
  }

  /** client-output-buffer-limit: true when this client was just scheduled to close (or already was). */
  checkOutputBufferLimits(): boolean {
    return checkOutputBufferLimits(this);
  }

  // --- Pub/Sub and keyspace events (see src/pubsub) ---

  get subscriber(): Subscriber {
    return this;
  }

  /** Queue a pub/sub or invalidation frame; it leaves with this turn's other output. */
  deliver(frame: PushReply): void {
    deliverToClient(this, frame);
  }

  notify(type: number, event: string, key: string): void {
    // Events are usually off: test the class bit here (one field read) before the call, which MSET
    // and ZADD would otherwise pay once per key.
    if ((this.srv.config.values['notify-keyspace-events'] & type) === 0) return;
    notifyKeyspaceEvent(this.srv, type, event, key, this.db.index);
  }

  propagateAs(...argvs: Buffer[][]): void {
    this.srv.propagation?.propagateAs(argvs);
  }

  alsoPropagate(argv: Buffer[]): void {
    this.srv.propagation?.alsoPropagate(this.db.index, argv);
  }

  // --- Transactions (see transactions/) ---

  get inMulti(): boolean {
    return this.multi !== undefined;
  }

  startMulti(): void {
    this.multi = { queue: [], aborted: false };
  }

  execMulti(): Reply {
    return execTransaction(this.srv, this);
  }

  discardMulti(): void {
    this.multi = undefined;
    this.unwatchKeys();
  }

  watchKeys(keys: readonly string[]): void {
    const now = this.srv.clock.now();
    for (const key of keys) this.srv.watches.watch(this, this.db, key, now);
  }

  unwatchKeys(): void {
    this.srv.watches.unwatchAll(this);
    this.dirtyCas = false;
  }

  // --- Blocking (client-blocking.ts, blocking.ts) ---

  block(keys: readonly string[], timeoutMs: number, timeoutReply: Reply): Reply {
    return blockClient(this, keys, timeoutMs, timeoutReply);
  }

  retryBlocked(key: string): boolean {
    return retryBlocked(this, key);
  }

  endBlock(reply: Reply): void {
    endBlock(this, reply);
  }

  /** Tear down now, dropping unsent replies (peer gone, CLIENT KILL, shutdown). */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.srv.blocking.unblock(this);
    this.srv.watches.unwatchAll(this);
    this.writer.discard();
    this.socket.destroy();
    this.acl.clients.delete(this);
    this.srv.removeClient(this);
  }

  // --- Introspection ---

  get idleSeconds(): number {
    return Math.floor((this.srv.clock.now() - this.lastInteraction) / 1000);
  }

  /** A CLIENT LIST line, fields in Redis 7.0's order (client-info.ts). */
  describe(): string {
    const now = this.srv.clock.now();
    let argvMem = 0;
    if (this.currentArgv !== undefined) for (const arg of this.currentArgv) argvMem += arg.length;
    return formatClientInfo({
      id: this.id,
      addr: this.addr,
      laddr: this.laddr,
      fd: (this.socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1,
      name: this.name,
      ageSec: Math.floor((now - this.createdAt) / 1000),
      idleSec: Math.floor((now - this.lastInteraction) / 1000),
      flags: clientFlags({
        monitor: this.isMonitor, pubsub: this.subscriptions.total > 0, multi: this.multi !== undefined,
        blocked: this.blocked !== undefined, tracking: this.tracking, dirtyCas: this.dirtyCas, closeAfterReply: this.closeRequested,
        closeAsap: this.closeAsap, unixSocket: this.isUnixSocket, noEvict: this.noEvict, replica: this.replicaLink !== undefined,
      }),
      db: this.db.index,
      subscriptions: this.subscriptions,
      multi: this.multi === undefined ? -1 : this.multi.queue.length,
      qbuf: this.parser.bufferedBytes,
      argvMem,
      omem: this.writer.pendingBytes + this.socket.writableLength,
      // The caller's own line names the command running now (CLIENT LIST), as Redis sets lastcmd first.
      cmd: this.srv.currentClient === this && this.command !== undefined ? this.command.fullName : this.lastCommandName,
      resp: this.resp,
      user: this.user.name,
      redir: this.tracking === undefined ? -1 : this.tracking.redirect,
    });
  }
}

/**
 * "ip:port" as Redis prints it (anetFormatAddr): IPv6 in brackets. Node reports IPv4 peers on a
 * dual-stack socket as "::ffff:1.2.3.4", which Redis would show as "1.2.3.4".
 */
function formatAddress(ip: string, port: number): string {
  const plain = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return plain.includes(':') ? `[${plain}]:${port}` : `${plain}:${port}`;
}
