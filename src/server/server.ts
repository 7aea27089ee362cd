// The server: its state, the set of clients, and the hooks between the parts.
// Mirrors: redis src/server.c (struct redisServer, initServer, prepareForShutdown's order) and
// src/networking.c (acceptCommonHandler: maxclients, createClient; freeClient's unlinking).
//
// Single-threaded like Redis: Node's event loop plays the role of ae.c. A command runs to
// completion before any other client's input is looked at, so every command is atomic.
// The parts live beside it: listeners.ts (binding), cron.ts (serverCron), stats.ts (INFO
// counters), slowlog.ts, dispatch.ts and call.ts (processCommand, call), client*.ts (a connection).

import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/config.js';
import type { ServerContext, ServerStats, ShutdownOptions, SlowlogEntry } from '../commands/context.js';
import type { Command } from '../commands/types.js';
import { buildCommandTable } from '../commands/table.js';
import { ReplyError, maxClientsError } from '../errors.js';
import { ActiveExpireCycle } from '../keyspace/expire-cycle.js';
import { Keyspace } from '../keyspace/keyspace.js';
import { Clock, defaultRng, type Rng } from '../util/clock.js';
import { BlockingRegistry } from './blocking.js';
import { WatchRegistry } from '../transactions/watch.js';
import { Client } from './client.js';
import { PubSub } from '../pubsub/pubsub.js';
import { ScriptingEngine } from '../scripting/engine.js';
import type { BusyScript } from '../scripting/busy-script.js';
import type { Evictor } from '../eviction/evict.js';
import { wireEviction } from './eviction-wiring.js';
import { wireKeyspace } from './keyspace-wiring.js';
import { ClientPause } from './client-pause.js';
import { Tracking, type TrackedCommand } from '../pubsub/tracking.js';
import { getKeysWithFlags } from '../commands/command/getkeys.js';
import { LatencyMonitor } from '../commands/latency/monitor.js';
import { BASELINE_BYTES, CLIENT_BYTES } from '../eviction/memory-model.js';
import type { LuaLoader } from '../scripting/lua-runtime.js';
import { LuaWaitList } from './lua-wait.js';
import { Listeners } from './listeners.js';
import { expireAllDue, serverCron } from './cron.js';
import { countErrorReply, newStats, resetStats } from './stats.js';
import { HeapReclaim } from './heap-reclaim.js';
import { Snapshots } from '../persistence/snapshots.js';
import type { PropagationFeed } from '../persistence/aof/propagate.js';
import type { AppendOnlyFile } from '../persistence/aof/aof.js';
import {
  closeAof, loadAndOpenAof, rewriteAppendOnlyFile, rewriteScheduled, watchAppendonlyConfig,
} from '../persistence/aof/aof-control.js';
import { aofInfoFields } from '../persistence/aof/aof-info.js';
import { aofMisconfError, bgsaveMisconfError, noReplicasError, shutdownFailedError } from '../errors.js';
import { hasGoodReplicas } from '../replication/master.js';
import { ReplicaSide } from '../replication/replica-side.js';

import { formatLogLine, logLevelShown, type LogLevel } from './log.js';

export type { LogLevel };

export interface ServerOptions {
  readonly clock?: Clock;
  readonly rng?: Rng;
  /** Where log lines go; defaults to stdout (or `logfile`). */
  readonly logSink?: (line: string) => void;
  readonly configFile?: string;
  /** Loads the Lua runtime (default: wasmoon, once per process); tests inject failing or slow ones. */
  readonly luaLoader?: LuaLoader;
  /**
   * Run the idle heap reclaim (src/server/heap-reclaim.ts). The CLI does; a server embedded in another
   * program leaves its host's heap to the host unless asked.
   */
  readonly reclaimHeap?: boolean;
}

export class Server implements ServerContext {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly stats: ServerStats = newStats();
  readonly keyspace: Keyspace;
  readonly commands: Map<string, Command>;
  readonly startedAt: number;
  readonly runId = randomBytes(20).toString('hex');
  readonly executablePath = process.argv[1] ?? '';
  readonly configFile: string;
  readonly monitors = new Set<Client>();
  readonly slowlog: SlowlogEntry[] = [];
  nextSlowlogId = 0;
  dirty = 0;
  port = 0;
  /** The client whose command is running, if any (so CLIENT KILL of oneself replies first). */
  currentClient: Client | undefined = undefined;
  /** Clients with replies to write at the end of this event-loop turn (clients_pending_write; client-output.ts). */
  readonly pendingFlushes: Client[] = [];
  readonly expireCycle: ActiveExpireCycle;
  readonly blocking = new BlockingRegistry(() => this.busyScript !== undefined);
  readonly watches = new WatchRegistry();
  readonly pubsub = new PubSub();
  /** EVAL's Lua state and script cache (src/scripting). */
  readonly scripting: ScriptingEngine = new ScriptingEngine(this, (level, message) => this.log(level, message));
  /** Clients waiting for the Lua runtime to load, with the command that needs it (lua-wait.ts). */
  readonly luaWaits = new LuaWaitList();
  /** True until the Lua runtime has loaded or failed: the one check a command pays (client.ts). */
  luaPending = true;
  private readonly luaLoader: LuaLoader | undefined;
  private luaLoad: Promise<void> | undefined;
  /** SAVE, BGSAVE, save points, the save at shutdown (src/persistence/snapshots.ts). */
  readonly snapshots: Snapshots;
  /**
   * The propagation feed: every write's effect, in order (src/persistence/aof/propagate.ts).
   * Undefined while nothing consumes it (appendonly no), so call() pays one field check.
   */
  propagation: PropagationFeed | undefined = undefined;
  /** The append-only file while appendonly is yes (src/persistence/aof/). */
  aof: AppendOnlyFile | undefined = undefined;
  /** REPLICAOF: the link to a master while this server is a replica (src/replication/replica-side.ts). */
  readonly replicaSide: ReplicaSide = new ReplicaSide(this);
  /**
   * Called with every command a client sends, as it reaches dispatch (src/testing/command-log.ts).
   * Empty unless a test records commands, so dispatch pays one length check.
   */
  readonly commandObservers: Array<(client: Client, argv: readonly Buffer[]) => void> = [];
  /** maxmemory and maxmemory-policy at work (src/eviction/evict.ts; Redis evict.c). */
  readonly evictor: Evictor;
  /**
   * Whether eviction failed to get under maxmemory before the command now running (Redis's
   * server.pre_command_oom_state): a script started in that state may not begin writing.
   */
  preCommandOomState = false;
  /** A script is busy (past busy-reply-threshold, yielded): see src/scripting/busy-script.ts. */
  busyScript: BusyScript | undefined = undefined;
  /** The latency monitor's events (LATENCY; src/commands/latency/monitor.ts). */
  readonly latency = new LatencyMonitor();
  /** Client-side caching: tracked keys and invalidation messages (src/pubsub/tracking.ts). */
  readonly tracking: Tracking = new Tracking(this);
  /** Gives memory V8 no longer needs back once the server goes quiet (src/server/heap-reclaim.ts). */
  readonly reclaimHeap: boolean;
  readonly heapReclaim = new HeapReclaim({
    onFullGc: (before, after) =>
      this.log('verbose', `Idle: full collection, heap ${Math.round(before / 1048576)} MB -> ${Math.round(after / 1048576)} MB`),
    onShrunk: (before, after) =>
      this.log('verbose', `Idle: young generation shrunk from ${Math.round(before / 1048576)} MB to ${Math.round(after / 1048576)} MB`),
  });
  /** CLIENT PAUSE's state and the clients it postponed (src/server/client-pause.ts). */
  readonly clientPause = new ClientPause({
    now: () => this.clock.now(),
    setExpiryAndEviction: (on) => {
      // A replica's keys never expire by themselves, paused or not (src/replication/replica-side.ts).
      this.keyspace.activeExpiry = on && !this.replicaSide.isReplica;
    },
  });
  private readonly clientsById = new Map<number, Client>();
  private nextClientId = 1;
  private readonly listeners = new Listeners((socket, isUnix) => this.accept(socket, isUnix));
  private cronTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private closedPromise: Promise<void> | undefined;
  private readonly logSink: (line: string) => void;
  private readonly shutdownListeners: Array<() => void> = [];

  constructor(
    readonly config: Config,
    options: ServerOptions = {},
  ) {
    this.clock = options.clock ?? new Clock();
    this.rng = options.rng ?? defaultRng;
    this.configFile = options.configFile ?? '';
    this.luaLoader = options.luaLoader;
    this.reclaimHeap = options.reclaimHeap ?? false;
    this.logSink = options.logSink ?? ((line) => process.stdout.write(`${line}\n`));
    this.startedAt = this.clock.now();
    this.snapshots = new Snapshots(this);
    this.keyspace = new Keyspace(config.get('databases'), this.clock, this.rng, this.stats);
    // Written, expired and evicted keys reach dirty, blocking, WATCH, tracking, notifications, the AOF.
    wireKeyspace(this);
    this.evictor = wireEviction(this);
    watchAppendonlyConfig(this);
    this.expireCycle = new ActiveExpireCycle(this.keyspace);
    this.commands = buildCommandTable();
    // Moving a test clock expires every key whose TTL it passed, at once (issue: controllable time),
    // standing in for the active expiry cycle: so not while DEBUG SET-ACTIVE-EXPIRE 0 has switched
    // that off (keys then expire only lazily, when touched, as in Redis).
    this.clock.onChange(() => {
      if (this.expireCycle.enabled) expireAllDue(this);
    });
    config.onChange('hz', () => this.startCron());
    config.onChange('proto-max-bulk-len', () => this.updateParserLimits());
    config.onChange('client-query-buffer-limit', () => this.updateParserLimits());
  }

  // --- Listening ---

  /**
   * Bind every configured address (and the unix socket), then start the cron. The Lua runtime
   * starts loading here but is not waited for: clients that need it before it is ready wait
   * (lua-wait.ts), so a server is up in a few milliseconds even as the first in its process.
   */
  async listen(): Promise<void> {
    void this.startLuaRuntime();
    const port = this.config.get('port');
    if (port !== 0 || this.config.get('unixsocket') === '') this.port = await this.listeners.bindTcp(this.config, port);
    const unixPath = this.config.get('unixsocket');
    if (unixPath !== '') await this.listeners.bindUnix(unixPath, this.config.get('unixsocketperm'));
    this.startCron();
    // `replicaof <host> <port>` in redis.conf or on the command line: connect once listening.
    const replicaof = this.config.get('replicaof');
    if (replicaof !== '') {
      const [host, port] = replicaof.split(' ');
      this.replicaSide.replicaOf(host as string, Number(port), true);
    }
  }

  /**
   * Start loading the Lua runtime (once; at listen, or at the first need). Resolves when it has
   * loaded or failed, after the clients waiting for it have resumed. Start-up awaits it before
   * loading data files, which may carry function libraries.
   */
  startLuaRuntime(): Promise<void> {
    if (this.luaLoad === undefined) {
      const load = this.scripting.runtime.start(this.luaLoader);
      const settle = (): void => {
        this.luaPending = false;
        this.luaWaits.resumeAll();
      };
      if (this.scripting.runtime.settled) {
        // Already in the process (every server after the first): nobody can be waiting yet.
        settle();
        this.luaLoad = load;
      } else {
        this.luaLoad = load.then(settle);
      }
    }
    return this.luaLoad;
  }

  private accept(socket: Socket, isUnix: boolean): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    if (this.clientsById.size >= this.config.get('maxclients')) {
      // Redis answers before closing so the client sees why (acceptCommonHandler).
      this.stats.rejectedConnections++;
      socket.end(`-${maxClientsError().message}\r\n`);
      return;
    }
    this.stats.totalConnectionsReceived++;
    const client = new Client(this, socket, this.nextClientId++, isUnix);
    this.clientsById.set(client.id, client);
  }

  removeClient(client: Client): void {
    this.clientsById.delete(client.id);
    // Every way out (QUIT, peer gone, CLIENT KILL, output buffer limit) drops its subscriptions.
    this.pubsub.unsubscribeAll(client);
    this.monitors.delete(client);
    this.tracking.disable(client);
    // A replica's link ends with its connection (src/replication/master.ts).
    client.replicaLink?.closed();
  }

  trackingClient(id: number): Client | undefined {
    return this.clientsById.get(id);
  }

  /** Tracking's view of a command's keys (src/pubsub/tracking.ts). */
  keyPositions(command: TrackedCommand, argv: readonly Buffer[]): number[] {
    return getKeysWithFlags(command as Command, argv).map((ref) => ref.pos);
  }

  *trackingClients(): IterableIterator<Client> {
    for (const client of this.clientsById.values()) if (client.tracking !== undefined) yield client;
  }

  *clients(): IterableIterator<Client> {
    yield* this.clientsById.values();
  }

  get connectedClients(): number {
    return this.clientsById.size;
  }

  private updateParserLimits(): void {
    for (const client of this.clientsById.values()) {
      client.parser.limits.maxBulkLen = this.config.get('proto-max-bulk-len');
      client.parser.limits.maxQueryBufferLen = this.config.get('client-query-buffer-limit');
    }
  }

  // --- Cron (serverCron) ---

  private startCron(): void {
    if (this.cronTimer !== undefined) clearInterval(this.cronTimer);
    if (this.closed) return;
    const hz = this.config.get('hz');
    this.cronTimer = setInterval(() => this.cron(), Math.max(1, Math.floor(1000 / hz)));
    this.cronTimer.unref();
  }

  /** One tick of serverCron (cron.ts); the interval calls it, and tests do to run a tick now. */
  cron(): void {
    serverCron(this);
  }

  rewriteAppendOnlyFile(inExec: boolean): string {
    return rewriteAppendOnlyFile(this, inExec);
  }

  aofInfoFields(): Array<readonly [string, string | number]> {
    return aofInfoFields(this, rewriteScheduled(this));
  }

  /** Start-up with appendonly yes (src/persistence/startup.ts): load the AOF, then keep appending. */
  startAppendOnly(): void {
    loadAndOpenAof(this);
  }

  // --- Hooks used by dispatch and commands ---

  /** total_error_replies and INFO errorstats (stats.ts). */
  countError(message: string): void {
    countErrorReply(this.stats, message);
  }

  resetStats(): void {
    resetStats(this.stats, this.commands);
  }

  get blockedClients(): number {
    return this.blocking.blockedClients;
  }

  pauseClients(mode: 'write' | 'all', endsAt: number): void {
    this.clientPause.pause(mode, endsAt);
  }

  unpauseClients(): void {
    this.clientPause.unpause();
  }

  unblockClient(id: number, withError: boolean): boolean {
    const client = this.clientsById.get(id);
    if (client?.blocked === undefined) return false;
    client.endBlock(withError ? new ReplyError('UNBLOCKED client unblocked via CLIENT UNBLOCK') : client.blocked.timeoutReply);
    return true;
  }

  /**
   * used_memory: the dataset as the cost model prices it (maintained incrementally by the
   * keyspace), plus a fixed baseline and a fixed cost per connected client
   * (src/eviction/memory-model.ts). O(databases): cheap enough before every denyoom command.
   * DIFFERS FROM REDIS: clients' query and reply buffers are not measured (Redis counts them);
   * the real process size is INFO's used_memory_rss.
   */
  writeRefusal(): ReplyError | undefined {
    const replica = this.replicaSide.link;
    if (replica !== undefined && replica.applying) return undefined; // the master's stream obeys
    return this.diskWriteError() ?? (this.lacksGoodReplicas() ? noReplicasError() : undefined);
  }

  /**
   * writeCommandsDeniedByDiskError: a failed background save with stop-writes-on-bgsave-error, or a
   * failed AOF write until a retry succeeds, refuses writes (with this error). A field check or two
   * when all is well: dispatch asks it for every command.
   */
  diskWriteError(): ReplyError | undefined {
    if (this.snapshots.lastBgsaveStatus === 'err' && this.snapshots.writesDenied) return bgsaveMisconfError();
    const aof = this.aof;
    return aof !== undefined && aof.writeError !== undefined ? aofMisconfError(aof.writeError) : undefined;
  }

  /**
   * checkGoodReplicasStatus failing: a master with min-replicas-to-write set and fewer replicas that
   * acknowledged lately (src/replication/master.ts). One config read when the setting is 0.
   */
  lacksGoodReplicas(): boolean {
    return this.config.values['min-replicas-to-write'] > 0 && this.replicaSide.link === undefined && !hasGoodReplicas(this);
  }

  usedMemory(): number {
    return BASELINE_BYTES + this.clientsById.size * CLIENT_BYTES + this.keyspace.usedBytes;
  }

  // --- Logging (Redis's serverLog format: "pid:M 26 Nov 2026 07:14:23.123 * message") ---

  log(level: LogLevel, message: string): void {
    if (!logLevelShown(level, this.config.get('loglevel') as LogLevel)) return;
    this.logSink(formatLogLine(level, message, new Date()));
  }

  logBug(err: unknown, client: Client, argv: readonly Buffer[]): void {
    const command = argv.map((a) => a.toString('latin1').slice(0, 64)).join(' ').slice(0, 256);
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    this.log('warning', `BUG while running command (client id=${client.id}): ${command}\n${detail}`);
  }

  // --- Shutdown ---

  onShutdown(listener: () => void): void {
    this.shutdownListeners.push(listener);
  }

  /**
   * SHUTDOWN: save first when asked or when save points are set (prepareForShutdown); if that
   * fails without FORCE, throw Redis's error and keep running.
   */
  shutdown(options: ShutdownOptions): void {
    this.log('warning', 'User requested shutdown...');
    if (!this.snapshots.prepareForShutdown(options)) {
      this.log('warning', 'Errors trying to shut down the server. Check the logs for more information.');
      throw shutdownFailedError();
    }
    void this.close().then(() => {
      for (const listener of this.shutdownListeners) listener();
    });
  }

  /** Stop listening, disconnect every client, stop the cron. Resolves when all is closed. */
  close(): Promise<void> {
    if (this.closedPromise !== undefined) return this.closedPromise;
    this.closed = true;
    if (this.cronTimer !== undefined) clearInterval(this.cronTimer);
    this.evictor.stop();
    // A busy script (SHUTDOWN NOSAVE) stops where it is; its caller gets no reply.
    this.scripting.abandonBusy();
    this.clientPause.stop();
    // A BGSAVE still writing is abandoned, its temp file removed (Redis kills the child).
    this.snapshots.abortBackgroundSave();
    // The last AOF writes reach the disk (Redis fsyncs the AOF in prepareForShutdown).
    closeAof(this);
    this.replicaSide.stop();
    for (const client of [...this.clientsById.values()]) {
      // Replies already produced (e.g. the OK before a SHUTDOWN in the same pipeline) go out first.
      client.closeAfterReply();
      client.flush();
    }
    this.closedPromise = this.listeners.close(this.config.get('unixsocket'));
    return this.closedPromise;
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
