// Client-side caching: which client may hold which key, and the invalidation messages when a key
// changes (CLIENT TRACKING, CACHING, GETREDIR, TRACKINGINFO).
// Mirrors: redis src/tracking.c (enableTracking, trackingRememberKeys, trackingInvalidateKey,
// sendTrackingMessage, trackingInvalidateKeysOnFlush, trackingBroadcastInvalidationMessages,
// trackingLimitUsedSlots) and the tracking half of src/networking.c's clientCommand.
//
// Two modes, as in Redis:
// - Default: every key a tracking client reads (a `readonly` command's keys) is remembered in one
//   table key → client ids, shared by all databases. When the key changes (any write, an expiry,
//   an eviction) each client in its entry gets one `invalidate` message and the entry goes: a
//   client is told at most once per read. OPTIN/OPTOUT narrow what is remembered to the commands
//   after CLIENT CACHING yes / those without CLIENT CACHING no.
// - BCAST: nothing is remembered; a client subscribes to key prefixes, every key written under one
//   is collected, and at the end of the event-loop turn each subscriber gets one message listing
//   them (sorted, as Redis's radix tree walks them; NOLOOP leaves out its own writes).
// Messages go to the client itself as a RESP3 push (`>2 invalidate [keys]`), or with REDIRECT to
// another client, which in RESP2 must be subscribed to `__redis__:invalidate` and gets a pub/sub
// message. A flush (FLUSHDB, FLUSHALL) sends a null instead of keys: everything is invalid.
// A message about a key the client changed itself is held until its reply is out (after EXEC
// for a transaction), as Redis 7 does.

import type { PushReply, Reply } from '../protocol/reply.js';

/** What tracking needs to know of a command (the table's Command has it). */
export interface TrackedCommand {
  /** Pub/sub commands' "keys" (shard channels) are never remembered. */
  readonly isPubsub: boolean;
}

/** The pub/sub channel a RESP2 redirect target receives invalidations on. */
export const INVALIDATE_CHANNEL = '__redis__:invalidate';

/** One client's tracking settings (Redis's CLIENT_TRACKING_* flags and fields). */
export interface ClientTracking {
  /** Client id messages go to; 0 for the client itself. */
  readonly redirect: number;
  readonly bcast: boolean;
  readonly optin: boolean;
  readonly optout: boolean;
  readonly noloop: boolean;
  /** CLIENT CACHING yes|no given for the next command (OPTIN/OPTOUT). */
  caching: boolean;
  /** The redirect target went away (TRACKINGINFO broken_redirect, CLIENT LIST flag R). */
  brokenRedirect: boolean;
  /** BCAST prefixes, in the order given. */
  readonly prefixes: Set<string>;
  /** Invalidations for keys this client changed in the command it is running: sent after its reply. */
  readonly pending: Array<string | null>;
}

/** The part of a client tracking needs. */
export interface TrackingClient {
  readonly id: number;
  readonly resp: 2 | 3;
  tracking: ClientTracking | undefined;
  /** Subscribed to some channel (Redis's CLIENT_PUBSUB): a RESP2 redirect target must be. */
  readonly isSubscriber: boolean;
  /** Queue an out-of-band frame (pub/sub message or RESP3 push). */
  deliver(frame: PushReply): void;
}

export interface TrackingHost {
  /** The connected client with this id (ServerContext.trackingClient). */
  trackingClient(id: number): TrackingClient | undefined;
  /** The client whose command is running now, if any. */
  readonly currentClient: TrackingClient | undefined;
  trackingClients(): Iterable<TrackingClient>;
  /** The argv positions of a command's keys (its key specs, as COMMAND GETKEYS finds them). */
  keyPositions(command: TrackedCommand, argv: readonly Buffer[]): Iterable<number>;
}

export interface TrackingOptions {
  readonly redirect: number;
  readonly bcast: boolean;
  readonly optin: boolean;
  readonly optout: boolean;
  readonly noloop: boolean;
  readonly prefixes: readonly string[];
}

interface PrefixState {
  /** Keys written under the prefix this turn, each with the client that wrote it last (NOLOOP). */
  keys: Map<string, TrackingClient | undefined>;
  readonly clients: Set<TrackingClient>;
}

export class Tracking {
  /** key → ids of the clients that may have it cached (Redis's TrackingTable). */
  private readonly table = new Map<string, Set<number>>();
  private items = 0;
  /** prefix → its BCAST subscribers and the keys written under it this turn (PrefixTable). */
  private readonly prefixTable = new Map<string, PrefixState>();
  private clients = 0;
  private broadcastQueued = false;
  private limitRounds = 0;

  constructor(private readonly host: TrackingHost) {}

  /** Any client tracking? (One field read on every write when none is.) */
  get active(): boolean {
    return this.clients > 0 || this.table.size > 0;
  }

  // --- INFO ---

  get trackingClients(): number {
    return this.clients;
  }

  get totalKeys(): number {
    return this.table.size;
  }

  get totalItems(): number {
    return this.items;
  }

  get totalPrefixes(): number {
    return this.prefixTable.size;
  }

  // --- Turning it on and off ---

  /** enableTracking: options are already validated (CLIENT TRACKING). */
  enable(client: TrackingClient, options: TrackingOptions): void {
    const old = client.tracking;
    if (old === undefined) this.clients++;
    const prefixes = old?.prefixes ?? new Set<string>();
    client.tracking = {
      redirect: options.redirect, bcast: options.bcast, optin: options.optin, optout: options.optout,
      noloop: options.noloop, caching: old?.caching ?? false, brokenRedirect: false, prefixes, pending: old?.pending ?? [],
    };
    if (!options.bcast) return;
    const wanted = options.prefixes.length === 0 ? [''] : options.prefixes;
    for (const prefix of wanted) {
      let state = this.prefixTable.get(prefix);
      if (state === undefined) this.prefixTable.set(prefix, (state = { keys: new Map(), clients: new Set() }));
      state.clients.add(client);
      prefixes.add(prefix);
    }
  }

  /** disableTracking: the client's ids stay in the key table and are dropped lazily. */
  disable(client: TrackingClient): void {
    const tracking = client.tracking;
    if (tracking === undefined) return;
    for (const prefix of tracking.prefixes) {
      const state = this.prefixTable.get(prefix);
      if (state === undefined) continue;
      state.clients.delete(client);
      if (state.clients.size === 0) this.prefixTable.delete(prefix);
    }
    client.tracking = undefined;
    this.clients--;
  }

  /** checkPrefixCollisionsOrReply: the error text, or undefined when the prefixes are fine. */
  prefixCollision(client: TrackingClient, prefixes: readonly string[]): string | undefined {
    const overlaps = (a: string, b: string): boolean => a.startsWith(b) || b.startsWith(a);
    for (let i = 0; i < prefixes.length; i++) {
      const prefix = prefixes[i] as string;
      for (const existing of client.tracking?.prefixes ?? []) {
        if (overlaps(prefix, existing)) {
          return `ERR Prefix '${prefix}' overlaps with an existing prefix '${existing}'. Prefixes for a single client must not overlap.`;
        }
      }
      for (let j = i + 1; j < prefixes.length; j++) {
        const other = prefixes[j] as string;
        if (overlaps(prefix, other)) {
          return `ERR Prefix '${prefix}' overlaps with another provided prefix '${other}'. Prefixes for a single client must not overlap.`;
        }
      }
    }
    return undefined;
  }

  // --- Remembering reads ---

  /** trackingRememberKeys: after a readonly command of a client in default (not BCAST) mode. */
  rememberKeys(client: TrackingClient, command: TrackedCommand, argv: readonly Buffer[]): void {
    const tracking = client.tracking;
    if (tracking === undefined || tracking.bcast || command.isPubsub) return;
    if ((tracking.optin && !tracking.caching) || (tracking.optout && tracking.caching)) return;
    for (const pos of this.host.keyPositions(command, argv)) {
      const arg = argv[pos];
      if (arg === undefined) continue;
      const key = arg.latin1Slice(0, arg.length);
      let ids = this.table.get(key);
      if (ids === undefined) this.table.set(key, (ids = new Set()));
      if (!ids.has(client.id)) {
        ids.add(client.id);
        this.items++;
      }
    }
  }

  // --- Invalidation ---

  /** trackingInvalidateKey: a key changed (written, expired, evicted); `bcast` false when only forgotten. */
  invalidateKey(key: string, bcast = true): void {
    const current = this.host.currentClient;
    if (bcast && this.prefixTable.size > 0) this.rememberForBroadcast(key, current);
    const ids = this.table.get(key);
    if (ids === undefined) return;
    for (const id of ids) {
      const target = this.host.trackingClient(id);
      const tracking = target?.tracking;
      if (target === undefined || tracking === undefined || tracking.bcast) continue;
      if (tracking.noloop && target === current) continue;
      // Its own change: the message follows the command's reply (trackingHandlePendingKeyInvalidations).
      if (target === current) tracking.pending.push(key);
      else this.send(target, [key]);
    }
    this.items -= ids.size;
    this.table.delete(key);
  }

  /** trackingInvalidateKeysOnFlush: every tracking client hears "everything" (a null), and the table empties. */
  invalidateAll(): void {
    if (this.clients > 0) {
      const current = this.host.currentClient;
      for (const client of this.host.trackingClients()) {
        if (client.tracking === undefined) continue;
        if (client === current) client.tracking.pending.push(null);
        else this.send(client, null);
      }
    }
    this.table.clear();
    this.items = 0;
  }

  /** After a client's command (and its reply): the messages about keys it changed itself. */
  flushPending(client: TrackingClient): void {
    const tracking = client.tracking;
    if (tracking === undefined || tracking.pending.length === 0) return;
    for (const key of tracking.pending.splice(0)) this.send(client, key === null ? null : [key]);
  }

  /**
   * trackingLimitUsedSlots: over tracking-table-max-keys (0: no limit), forget keys, telling their
   * clients as if the keys changed; the effort grows each time the table is still over the limit.
   * SIMPLIFIED: the oldest keys go first (Redis picks them by a random walk of its radix tree).
   */
  limit(maxKeys: number): void {
    if (maxKeys === 0 || this.table.size <= maxKeys) {
      this.limitRounds = 0;
      return;
    }
    let effort = 100 * (this.limitRounds + 1);
    for (const key of this.table.keys()) {
      if (effort-- <= 0) break;
      this.invalidateKey(key, false);
      if (this.table.size <= maxKeys) {
        this.limitRounds = 0;
        return;
      }
    }
    this.limitRounds++;
  }

  private rememberForBroadcast(key: string, writer: TrackingClient | undefined): void {
    for (const [prefix, state] of this.prefixTable) {
      if (!key.startsWith(prefix)) continue;
      state.keys.set(key, writer);
      this.queueBroadcast();
    }
  }

  /** Redis sends BCAST messages in beforeSleep: here at the end of the current event-loop turn. */
  private queueBroadcast(): void {
    if (this.broadcastQueued) return;
    this.broadcastQueued = true;
    setImmediate(() => {
      this.broadcastQueued = false;
      this.broadcast();
    });
  }

  /** trackingBroadcastInvalidationMessages: one message per prefix and subscriber, keys sorted. */
  broadcast(): void {
    for (const state of this.prefixTable.values()) {
      if (state.keys.size === 0) continue;
      const written = [...state.keys.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      state.keys = new Map();
      const all = written.map(([key]) => key);
      for (const client of state.clients) {
        const keys = client.tracking?.noloop === true ? written.filter(([, by]) => by !== client).map(([key]) => key) : all;
        if (keys.length > 0) this.send(client, keys);
      }
    }
  }

  /** sendTrackingMessage: keys (or null: all of them) to the client or its redirect target. */
  private send(client: TrackingClient, keys: string[] | null): void {
    const tracking = client.tracking;
    if (tracking === undefined) return;
    let target = client;
    let redirected = false;
    if (tracking.redirect !== 0) {
      const redirect = this.host.trackingClient(tracking.redirect);
      if (redirect === undefined) {
        tracking.brokenRedirect = true;
        if (client.resp === 3) client.deliver({ kind: 'push', items: ['tracking-redir-broken', tracking.redirect] });
        return;
      }
      target = redirect;
      redirected = true;
    }
    const value: Reply = keys;
    if (target.resp === 3) target.deliver({ kind: 'push', items: ['invalidate', value] });
    else if (redirected && target.isSubscriber) target.deliver({ kind: 'push', items: ['message', INVALIDATE_CHANNEL, value] });
    // A RESP2 client without a redirect cannot be told anything (no push messages in RESP2).
  }
}
