// What a command handler can see: the calling client and the server around it, as interfaces.
// The server implements them (src/server); commands never import the server, so a script, a
// transaction or AOF replay can run the same handlers through a client of their own.
// Mirrors: redis src/server.h (struct client, struct redisServer: the fields commands read).

import type { Config } from '../config/config.js';
import type { Database } from '../keyspace/database.js';
import type { Keyspace } from '../keyspace/keyspace.js';
import type { Clock, Rng } from '../util/clock.js';
import type { Reply } from '../protocol/reply.js';
import type { Command } from './types.js';
import type { PubSub, Subscriber } from '../pubsub/pubsub.js';
import type { Scripting } from '../scripting/engine.js';
import type { BusyScript } from '../scripting/busy-script.js';
import type { Tracking, TrackingClient } from '../pubsub/tracking.js';
import type { LatencyMonitor } from './latency/monitor.js';
import type { Snapshots } from '../persistence/snapshots.js';
import type { User } from '../acl/user.js';
import type { ReplicaSide } from '../replication/replica-side.js';
import type { ReplyError } from '../errors.js';

/** A connected client as other clients' commands see it (CLIENT LIST, CLIENT KILL). */
export interface ClientHandle {
  readonly id: number;
  readonly name: string;
  /** "ip:port" of the peer, or "/path:0" for a unix socket. */
  readonly addr: string;
  readonly laddr: string;
  readonly isMonitor: boolean;
  /** The ACL user it is logged in as (CLIENT KILL USER). */
  readonly user?: { readonly name: string };
  /** "normal", "pubsub", "master", "replica": what CLIENT KILL TYPE and LIST TYPE filter by. */
  readonly kind: 'normal' | 'pubsub' | 'master' | 'replica';
  /** One CLIENT LIST line (without the trailing newline). */
  describe(): string;
  /** Close after the current command finishes (CLIENT KILL). */
  kill(): void;
  /** Skip replies as CLIENT REPLY OFF/SKIP asked (used by CLIENT KILL's SKIPME). */
}

/** Counters INFO stats reports and CONFIG RESETSTAT clears. */
export interface ServerStats {
  totalConnectionsReceived: number;
  totalCommandsProcessed: number;
  rejectedConnections: number;
  expiredKeys: number;
  evictedKeys: number;
  /** Microseconds spent over maxmemory in finished episodes (total_eviction_exceeded_time). */
  evictionExceededUs: number;
  /** performance.now() (ms) when memory last went over maxmemory without eviction catching up; 0: not over. */
  evictionExceededSince: number;
  keyspaceHits: number;
  keyspaceMisses: number;
  totalErrorReplies: number;
  netInputBytes: number;
  netOutputBytes: number;
  /** Per error code ("ERR", "WRONGTYPE"): INFO errorstats. */
  errorCounts: Map<string, number>;
}

export interface SlowlogEntry {
  readonly id: number;
  readonly timestampSec: number;
  readonly durationUs: number;
  readonly argv: readonly Buffer[];
  readonly peer: string;
  readonly clientName: string;
}

export interface ShutdownOptions {
  readonly save?: boolean;
  readonly now?: boolean;
  readonly force?: boolean;
}

/**
 * The feed of write effects (the AOF; replication would read the same), present only while
 * something consumes it. Implemented by src/persistence/aof/propagate.ts.
 */
export interface PropagationSink {
  /** Around every handler run by call() or a script's redis.call; the mark is opaque. */
  beginCommand(dirty: number): object;
  endCommand(mark: object, dirty: number, db: number, argv: readonly Buffer[]): void;
  propagateAs(argvs: Buffer[][]): void;
  alsoPropagate(db: number, argv: readonly Buffer[]): void;
}

/** CLIENT REPLY's modes: reply to everything, to nothing, or not to the next command. */
export type ReplyMode = 'on' | 'off' | 'skip';

/** The server as commands see it. */
export interface ServerContext {
  readonly config: Config;
  readonly keyspace: Keyspace;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly stats: ServerStats;
  /** The command table (COMMAND, COMMAND INFO, INFO commandstats). */
  readonly commands: ReadonlyMap<string, Command>;
  /** Unix ms when the server started. */
  readonly startedAt: number;
  /** 40 hex chars, fixed for the process (INFO run_id). */
  readonly runId: string;
  /** The TCP port actually bound (0 when not listening on TCP). */
  readonly port: number;
  readonly executablePath: string;
  readonly configFile: string;
  /** Writes since the last save (rdb_changes_since_last_save). */
  dirty: number;
  clients(): Iterable<ClientHandle>;
  readonly slowlog: SlowlogEntry[];
  nextSlowlogId: number;
  /** Stop the server; commands reply nothing after this. */
  shutdown(options: ShutdownOptions): void;
  /** Reset INFO stats (CONFIG RESETSTAT). */
  resetStats(): void;
  /** The memory the server uses, in bytes (INFO memory used_memory). */
  usedMemory(): number;
  /**
   * Eviction could not bring memory under maxmemory before the running command (Redis's
   * server.pre_command_oom_state): a script started then may not begin writing (scriptVerifyOOM).
   */
  readonly preCommandOomState: boolean;
  /**
   * The error a client's write would get now for a reason outside the command: a failed background
   * save or AOF write (writeCommandsDeniedByDiskError), or a master short of good replicas
   * (checkGoodReplicasStatus). Undefined when writes are allowed, and always for the master's stream.
   * Scripts ask it (script.c's scriptVerifyWriteCommandAllow and scriptPrepareForRun).
   */
  writeRefusal(): ReplyError | undefined;
  /** Clients blocked in BLPOP and friends (INFO blocked_clients). */
  readonly blockedClients: number;
  /**
   * CLIENT UNBLOCK: end a blocked client's wait as if it timed out, or with
   * `-UNBLOCKED client unblocked via CLIENT UNBLOCK` when `withError`. False if not blocked.
   */
  unblockClient(id: number, withError: boolean): boolean;
  /** Client-side caching (src/pubsub/tracking.ts): CLIENT TRACKING, INFO, flush invalidations. */
  readonly tracking: Tracking;
  /** LATENCY's event monitor (src/commands/latency/monitor.ts). */
  readonly latency: LatencyMonitor;
  /** The connected client with this id, as tracking sees it (CLIENT TRACKING REDIRECT, the caller itself). */
  trackingClient(id: number): TrackingClient | undefined;
  /** CLIENT PAUSE until `endsAt` (ms; src/server/client-pause.ts) / CLIENT UNPAUSE. */
  pauseClients(mode: 'write' | 'all', endsAt: number): void;
  unpauseClients(): void;
  /** Channels, patterns and their subscribers (src/pubsub; Redis pubsub.c). */
  readonly pubsub: PubSub;
  /** The Lua engine and the script cache (src/scripting; Redis eval.c). */
  readonly scripting: Scripting;
  /**
   * Set while a script past busy-reply-threshold has yielded (src/scripting/busy-script.ts):
   * dispatch refuses what is not allowed while busy with its error.
   */
  busyScript: BusyScript | undefined;
  /**
   * The propagation feed (AOF): undefined while nothing consumes it. A handler that builds a
   * rewritten argv checks this first, so nothing is allocated when appendonly is off.
   */
  readonly propagation: PropagationSink | undefined;
  /** BGREWRITEAOF: rewrite the AOF now (or, inside EXEC, on the next turn); returns the status text. */
  rewriteAppendOnlyFile(inExec: boolean): string;
  /** INFO persistence's aof_* fields, in Redis 7.0's order (src/persistence/aof/aof-info.ts). */
  aofInfoFields(): Array<readonly [string, string | number]>;
  /** SAVE, BGSAVE, save points, LASTSAVE, INFO persistence's rdb_* fields (src/persistence). */
  readonly snapshots: Snapshots;
  /** The active expire cycle (src/keyspace/expire-cycle.ts): DEBUG SET-ACTIVE-EXPIRE switches it. */
  readonly expireCycle: { enabled: boolean };
  /** REPLICAOF, and what ROLE / INFO replication report while this server is a replica (src/replication). */
  readonly replicaSide: ReplicaSide;
}

/** The calling client: what every handler receives as `ctx`. */
export interface CommandContext {
  readonly server: ServerContext;
  /** The selected database. */
  readonly db: Database;
  readonly id: number;
  name: string;
  /** RESP protocol version negotiated with HELLO. */
  readonly resp: 2 | 3;
  setResp(resp: 2 | 3): void;
  authenticated: boolean;
  /**
   * The ACL user this connection is logged in as (src/acl; Redis's c->user). Absent for internal
   * callers (AOF loading, fixtures), which may run anything; a script's client answers with its caller's.
   */
  user?: User;
  /** The current command (after dispatch resolved it). */
  readonly command: Command | undefined;
  /**
   * May a command of this client finish later (a script yielding while busy)? True for socket
   * clients, whose dispatch and EXEC wait on a Suspension; absent for internal callers (AOF
   * loading, the in-process API), whose scripts always run to the end in one go.
   */
  readonly suspendable?: boolean;
  /** Switch the selected database (SELECT); the index is already validated. */
  select(index: number): void;
  /** Close the connection once the reply is written (QUIT). */
  closeAfterReply(): void;
  /** Start receiving every command the server runs (MONITOR). */
  startMonitor(): void;
  /** RESET: back to a fresh connection's state. */
  reset(): void;
  /** The handle other clients' commands see. */
  readonly handle: ClientHandle;
  /**
   * Block until one of `keys` (in the selected database) is written, then the command runs again;
   * `timeoutMs` 0 waits forever; on timeout the client gets `timeoutReply`. Returns what the
   * handler should return. Inside MULTI/EXEC or a script nothing blocks: `timeoutReply` comes
   * back at once, so blocking commands act as their non-blocking forms, as in Redis.
   * Mirrors: redis src/blocked.c (blockForKeys).
   */
  block(keys: readonly string[], timeoutMs: number, timeoutReply: Reply): Reply;
  /**
   * While a blocked command runs again because a key it waits on was written: that key. Redis
   * serves a woken client from the key that became ready and never looks at its other keys, so a
   * re-run considers this key alone and skips it (staying blocked) if it holds another type.
   * Undefined on a command's first run.
   */
  readonly wokenKey: string | undefined;

  // --- Transactions (src/transactions; Redis multi.c) ---
  /** Inside MULTI: commands are queued until EXEC. */
  readonly inMulti: boolean;
  startMulti(): void;
  /** Run the queued commands; writes the reply itself and returns NO_REPLY (or throws EXECABORT). */
  execMulti(): Reply;
  discardMulti(): void;
  /** WATCH these keys of the selected database. */
  watchKeys(keys: readonly string[]): void;
  unwatchKeys(): void;

  // --- Pub/Sub (src/pubsub; Redis pubsub.c, notify.c) ---
  /** This client as the pub/sub registry sees it: its subscriptions and its message queue. */
  readonly subscriber: Subscriber;
  /** False inside EXEC and scripts (Redis's CLIENT_DENY_BLOCKING): SSUBSCRIBE refuses to run. */
  readonly mayBlock: boolean;
  /**
   * Publish a keyspace event for `key` in the selected database, if notify-keyspace-events enables
   * its class: `type` is a NOTIFY_* bit (src/config/keyspace-events.ts), `event` its name ("set").
   * Mirrors: redis src/notify.c (notifyKeyspaceEvent).
   */
  notify(type: number, event: string, key: string): void;

  // --- Propagation (src/persistence/aof/propagate.ts; Redis server.c call, alsoPropagate) ---
  /**
   * Log the running command as these commands instead of its own argv (none: not at all), e.g.
   * EXPIRE as PEXPIREAT, SPOP as SREM. Only called when the command changed something.
   * Mirrors: redis rewriteClientCommandVector / preventCommandPropagation + alsoPropagate.
   */
  propagateAs(...argvs: Buffer[][]): void;
  /** Log one more command (in the selected database) ahead of the running one's own. */
  alsoPropagate(argv: Buffer[]): void;

  // --- Connection switches (CLIENT REPLY, CLIENT NO-EVICT; Redis networking.c clientCommand) ---
  /**
   * CLIENT REPLY: silence this client's replies (OFF until ON, SKIP for the next command). Clients
   * without a connection (a script's, the internal one of fixtures and AOF replay) ignore it.
   */
  setReplyMode(mode: ReplyMode): void;
  /** CLIENT NO-EVICT: exempt this client from client eviction (flag "e" in CLIENT LIST). */
  noEvict: boolean;
}
