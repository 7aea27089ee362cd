// One connected client: its socket, its request parser and reply buffer, and its session state
// (selected database, protocol, name, authentication).
// Mirrors: redis src/networking.c (createClient, readQueryFromClient, processInputBuffer,
// writeToClient, freeClient, catClientInfoString) and `struct client` in server.h.
//
// Flow: socket 'data' → parser.feed → run every complete command (dispatch) → all replies
// accumulated in one ReplyWriter → one corked socket write for the whole batch. A pipeline of
// 10,000 commands that arrives in one read is answered in one write.

import type { Socket } from 'node:net';
import type { ClientHandle, CommandContext, ReplyMode, ServerContext } from '../commands/context.js';
import type { Command } from '../commands/types.js';
import type { Database } from '../keyspace/database.js';
import { NO_REPLY, ReplyWriter, type Reply } from '../protocol/reply.js';
import { ReplyError } from '../errors.js';
import type { Blockable, BlockedState } from './blocking.js';
import type { WatchedKey, Watcher } from '../transactions/watch.js';
import { execTransaction } from './transaction-exec.js';
import { ProtocolError, QueryBufferLimitError, RequestParser } from '../protocol/request-parser.js';
import { dispatch, lookupCommand } from './dispatch.js';
import { needsLuaRuntime } from './lua-wait.js';
import type { Server } from './server.js';
import { encodeReply, type PushReply } from '../protocol/reply.js';
import { Subscriptions, type Subscriber } from '../pubsub/pubsub.js';
import { clientFlags, formatClientInfo } from './client-info.js';
import type { ClientTracking } from '../pubsub/tracking.js';
import { aclOf, type Acl } from '../acl/acl.js';
import type { User } from '../acl/user.js';
import { notifyKeyspaceEvent } from '../pubsub/notify.js';
import { isUnlimited, outputBufferLimitReached, type SoftLimitState } from '../pubsub/output-buffer-limit.js';
import type { ReplicaLink } from '../replication/master.js';

/**
 * While a client's unsent replies exceed this, stop reading its requests (TCP backpressure)
 * until the socket drains. DIFFERS FROM REDIS: Redis keeps reading and relies on
 * client-output-buffer-limit (unlimited for normal clients by default); pausing is the safe
 * default for a process with a bounded heap.
 */
const OUTPUT_PAUSE_BYTES = 64 * 1024 * 1024;

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
  /** Set while blocked in BLPOP and friends: no further input is processed until it ends. */
  blocked: BlockedState | undefined = undefined;
  /** False inside EXEC and scripts: blocking commands then act as their non-blocking forms. */
  mayBlock = true;
  /** MULTI state: the queued commands, and whether queuing failed (EXECABORT). */
  multi: { queue: Array<{ command: Command; argv: readonly Buffer[] }>; aborted: boolean } | undefined = undefined;
  /** WATCH state (see transactions/watch.ts). */
  dirtyCas = false;
  readonly watching = new Map<string, WatchedKey>();
  private retrying = false;
  /** During a blocked command's re-run: the written key that woke it (CommandContext.wokenKey). */
  wokenKey: string | undefined = undefined;
  private stillBlocked = false;
  /** CLIENT NO-EVICT ON: exempt from client eviction (flag "e" in CLIENT LIST). */
  noEvict = false;
  /** CLIENT REPLY OFF: no replies until CLIENT REPLY ON (Redis's CLIENT_REPLY_OFF). */
  private replyOff = false;
  /** The command now running gets no reply: the one after CLIENT REPLY SKIP (CLIENT_REPLY_SKIP). */
  private replySkip = false;
  /** CLIENT REPLY SKIP just ran; the next command's reply is dropped (CLIENT_REPLY_SKIP_NEXT). */
  private replySkipNext = false;
  /** The arguments of the command being run, for CLIENT LIST's argv-mem. */
  private currentArgv: readonly Buffer[] | undefined = undefined;
  private closing = false;
  private closeRequested = false;
  private paused = false;
  /** A command held until the Lua runtime has loaded, and whether input waits for it (lua-wait.ts). */
  private luaHeld: Buffer[] | null = null;
  private waitingForLua = false;
  /** CLIENT TRACKING's settings when on (src/pubsub/tracking.ts). */
  tracking: ClientTracking | undefined = undefined;
  /** A command of this client is still running (a busy script): input waits behind it (src/protocol/suspension.ts). */
  private suspended = false;
  /** Its commands may finish later (CommandContext.suspendable): dispatch and EXEC wait for them. */
  readonly suspendable = true;
  readonly addr: string;
  readonly laddr: string;
  /** Channels, patterns and shard channels this client listens to (src/pubsub). */
  readonly subscriptions = new Subscriptions();
  /** client-output-buffer-limit's soft-limit clock (src/pubsub/output-buffer-limit.ts). */
  private readonly obufSoftLimit: SoftLimitState = { softLimitReachedAtSec: 0 };
  /** Past its output buffer limit: closed on the next turn, sent nothing more (CLIENT_CLOSE_ASAP, flag "A"). */
  private closeAsap = false;
  /** A flush of delivered pub/sub messages is already queued for the end of this tick. */
  private flushQueued = false;

  /** Set once PSYNC/SYNC made this connection a replica (src/replication/master.ts; CLIENT_SLAVE). */
  replicaLink: ReplicaLink | undefined = undefined;

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
    private readonly srv: Server,
    private readonly socket: Socket,
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
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
    socket.on('drain', () => this.onDrain());
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

  // --- Input ---

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    this.srv.stats.netInputBytes += chunk.length;
    this.lastInteraction = this.srv.clock.now();
    try {
      this.parser.feed(chunk);
    } catch (err) {
      if (err instanceof QueryBufferLimitError) {
        this.srv.log('warning', `Closing client that reached max query buffer length: id=${this.id} addr=${this.addr}`);
        this.close();
        return;
      }
      throw err;
    }
    this.processInput();
  }

  /** Run every complete command buffered so far, then write the replies in one go. */
  processInput(): void {
    while (!this.closing && !this.closeRequested && this.blocked === undefined && !this.waitingForLua && !this.suspended) {
      let argv: Buffer[] | null;
      try {
        // Unauthenticated clients get tighter frame limits (Redis: "unauthenticated multibulk length").
        this.parser.authRequired = !this.authenticated;
        argv = this.luaHeld ?? this.parser.next();
        this.luaHeld = null;
      } catch (err) {
        if (err instanceof ProtocolError) {
          this.srv.countError(err.message);
          this.writer.writeError(err.message);
          this.closeRequested = true;
          break;
        }
        throw err;
      }
      if (argv === null) break;
      // While the Lua runtime loads, a command needing it waits, and the input behind it too.
      if (this.srv.luaPending && this.holdForLua(argv)) break;
      // CLIENT REPLY OFF/SKIP: send what earlier commands produced, run this one, then drop its
      // reply if replies are still off (CLIENT REPLY ON's own OK goes out).
      const quiet = this.replyOff || this.replySkip;
      if (quiet) this.flush(true);
      this.srv.currentClient = this;
      this.currentArgv = argv;
      const suspension = dispatch(this.srv, this, argv);
      this.currentArgv = undefined;
      this.srv.currentClient = undefined;
      if (suspension !== undefined) {
        // A busy script: the rest of this command's work, then of the pipeline, waits for its end.
        this.suspended = true;
        suspension.then(() => {
          this.suspended = false;
          this.afterCommand(quiet);
          this.processInput();
          return NO_REPLY;
        });
        break;
      }
      this.afterCommand(quiet);
    }
    this.flush();
  }

  /** What follows each command: wake blocked clients, CLIENT REPLY OFF/SKIP, the last command's name. */
  private afterCommand(quiet: boolean): void {
    const tracking = this.tracking;
    if (tracking !== undefined) {
      // Invalidations of keys this client changed follow its reply; CLIENT CACHING covers one
      // command (or one transaction), and any CLIENT subcommand keeps it (resetClient).
      if (tracking.pending.length > 0) this.srv.tracking.flushPending(this);
      if (this.multi === undefined && this.command?.parent?.spec.name !== 'client') tracking.caching = false;
    }
    // Keys this command wrote may wake blocked clients (handleClientsBlockedOnKeys).
    if (this.srv.blocking.hasReadyKeys) this.srv.blocking.serveReadyKeys();
    if (quiet && (this.replyOff || this.replySkip)) this.writer.discard();
    if (this.replySkip || this.replySkipNext) {
      // Redis's resetClient: a SKIP covers the one command after CLIENT REPLY SKIP.
      this.replySkip = this.replySkipNext;
      this.replySkipNext = false;
    }
    const name = this.command?.fullName;
    if (name !== undefined) this.lastCommandName = name;
  }

  // --- Waiting for the Lua runtime (see lua-wait.ts) ---

  /** Keep `argv` and stop processing input if it needs the Lua runtime still loading. */
  private holdForLua(argv: Buffer[]): boolean {
    const found = lookupCommand(this.srv.commands, argv);
    if (found instanceof ReplyError || !needsLuaRuntime(this, found)) return false;
    // A server that never listened starts the load now; with the module in the process it is ready at once.
    void this.srv.startLuaRuntime();
    if (!this.srv.luaPending) return false;
    this.luaHeld = argv;
    this.waitingForLua = true;
    this.srv.luaWaits.add(this);
    return true;
  }

  /** The runtime loaded (or failed): run the held command, then the input behind it. */
  resumeAfterLua(): void {
    if (!this.waitingForLua) return;
    this.waitingForLua = false;
    if (!this.closing) this.processInput();
  }

  // --- Output ---

  /** Send everything the writer holds; close afterwards if QUIT or a protocol error asked to. */
  flush(syncAof = false): void {
    if (this.closing) return;
    // The AOF is written (and with appendfsync always, fsynced) before any reply leaves, so a
    // client never sees a write acknowledged that a crash could lose (Redis: beforeSleep flushes
    // the AOF before handleClientsWithPendingWrites). Under `always` the replies are held for one
    // group fsync per event-loop turn, unless `syncAof` asks to fsync now (replies about to be
    // discarded by CLIENT REPLY OFF must leave first). Nothing to do when appendonly is off.
    const aof = this.srv.aof;
    if (aof !== undefined) {
      if (syncAof) aof.flush();
      else if (aof.holdReplies(this)) return;
    }
    if (this.checkOutputBufferLimits()) return;
    if (!this.writer.isEmpty) {
      const chunks = this.writer.take();
      const socket = this.socket;
      if (chunks.length === 1) {
        const only = chunks[0] as Buffer;
        this.srv.stats.netOutputBytes += only.length;
        socket.write(only);
      } else {
        socket.cork();
        for (const chunk of chunks) {
          this.srv.stats.netOutputBytes += chunk.length;
          socket.write(chunk);
        }
        socket.uncork();
      }
      if (!this.paused && socket.writableLength > OUTPUT_PAUSE_BYTES) {
        this.paused = true;
        socket.pause();
      }
    }
    if (this.closeRequested) {
      this.closing = true;
      // Close fully once the last reply is written, as Redis does: a half-close would leave the
      // socket open until the peer closes its side, which idle pooled clients never do.
      const socket = this.socket;
      socket.end(() => socket.destroy());
      this.srv.removeClient(this);
    }
  }

  /**
   * Replication stream bytes (src/replication/master.ts), written straight to the socket after any
   * reply still buffered; `checkLimits`: the replica class of client-output-buffer-limit applies.
   */
  writeRaw(chunk: Buffer, checkLimits: boolean): void {
    if (this.closing || this.closeAsap) return;
    if (!this.writer.isEmpty) for (const pending of this.writer.take()) this.socket.write(pending);
    this.socket.write(chunk);
    if (checkLimits) this.checkOutputBufferLimits();
  }

  /** Send an out-of-band reply now (MONITOR lines, pub/sub messages). */
  sendNow(write: (writer: ReplyWriter) => void): void {
    if (this.closing) return;
    write(this.writer);
    if (this.srv.currentClient !== this) this.flush();
  }

  // --- Pub/Sub (see src/pubsub) ---

  get subscriber(): Subscriber {
    return this;
  }

  /**
   * Queue a message frame. The trick for speed: a publisher's pipeline may publish many messages
   * in one turn, so the frames gather in the writer and go out in one write at the end of the
   * turn (Redis likewise writes in beforeSleep). A client publishing to itself (RESP3) gets the
   * frame ahead of its PUBLISH reply, as in Redis.
   */
  deliver(frame: PushReply): void {
    if (this.closing || this.closeAsap) return;
    if (this.srv.currentClient === this && (this.replyOff || this.replySkip)) {
      // CLIENT REPLY OFF/SKIP silences replies, not pushes (Redis 7's CLIENT_PUSHING). Earlier
      // output was flushed before this quiet command ran, so the frame can go straight out.
      const bytes = encodeReply(frame, this.resp);
      this.srv.stats.netOutputBytes += bytes.length;
      this.socket.write(bytes);
      return;
    }
    this.writer.write(frame);
    if (this.checkOutputBufferLimits()) return;
    if (this.srv.currentClient !== this && !this.flushQueued) {
      this.flushQueued = true;
      process.nextTick(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
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

  /**
   * client-output-buffer-limit (networking.c checkClientOutputBufferLimits, getClientType): true
   * when the unsent output passed this client's class limit, and the client is then scheduled to
   * close on the next turn without being sent anything more (closeClientOnOutputBufferLimitReached
   * with async set). Called on each write and from the cron (soft limits expire with no writes).
   * SIMPLIFIED: Redis closes at once when the cron finds the limit passed; we always defer a turn.
   */
  checkOutputBufferLimits(): boolean {
    if (this.closeAsap) return true;
    if (this.closing) return false;
    const limits = this.srv.config.get('client-output-buffer-limit');
    const kind = this.kind;
    const limit = kind === 'pubsub' ? limits.pubsub : kind === 'replica' ? limits.replica : limits.normal;
    if (isUnlimited(limit)) {
      this.obufSoftLimit.softLimitReachedAtSec = 0;
      return false;
    }
    const used = this.writer.pendingBytes + this.socket.writableLength;
    const nowSec = Math.floor(this.srv.clock.now() / 1000);
    if (!outputBufferLimitReached(used, limit, this.obufSoftLimit, nowSec)) return false;
    this.srv.log('warning', `Client ${this.describe()} scheduled to be closed ASAP for overcoming of output buffer limits.`);
    this.closeAsap = true;
    setImmediate(() => this.close());
    return true;
  }

  private onDrain(): void {
    if (this.paused) {
      this.paused = false;
      this.socket.resume();
    }
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

  // --- Blocking (see blocking.ts) ---

  block(keys: readonly string[], timeoutMs: number, timeoutReply: Reply): Reply {
    if (!this.mayBlock) return timeoutReply;
    if (this.retrying) {
      // The retried command found nothing again: keep waiting, keep the place in line.
      this.stillBlocked = true;
      return NO_REPLY;
    }
    const command = this.command;
    if (command === undefined) return timeoutReply;
    this.srv.blocking.block(
      this,
      { db: this.db, keys, argv: this.currentArgv ?? [], command, timeoutReply, timer: undefined },
      timeoutMs,
    );
    return NO_REPLY;
  }

  retryBlocked(key: string): boolean {
    const state = this.blocked;
    const handler = state?.command.handler;
    if (state === undefined || handler === undefined) return false;
    this.retrying = true;
    this.wokenKey = key;
    this.stillBlocked = false;
    this.command = state.command;
    this.currentArgv = state.argv;
    let reply: Reply;
    // A served waiter's pop is propagated like any command's (as LPOP, LMOVE ...).
    const feed = this.srv.propagation;
    const mark = feed === undefined ? undefined : feed.beginCommand(this.srv.dirty);
    try {
      reply = handler(this, state.argv);
    } catch (err) {
      if (err instanceof ReplyError && err.message.startsWith('WRONGTYPE')) {
        // Redis 7.0 serves only keys of the awaited type; the others leave waiters blocked.
        this.stillBlocked = true;
        reply = NO_REPLY;
      } else {
        reply = err instanceof ReplyError ? err : new ReplyError(`ERR ${String(err)}`);
      }
    } finally {
      if (feed !== undefined && mark !== undefined) feed.endCommand(mark, this.srv.dirty, this.db.index, state.argv);
      this.retrying = false;
      this.wokenKey = undefined;
      this.currentArgv = undefined;
    }
    if (this.stillBlocked) return false;
    this.endBlock(reply);
    return true;
  }

  endBlock(reply: Reply): void {
    this.srv.blocking.unblock(this);
    this.writer.write(reply);
    this.flush();
    // Commands pipelined behind the blocking one run now.
    if (this.parser.bufferedBytes > 0) setImmediate(() => this.processInput());
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
