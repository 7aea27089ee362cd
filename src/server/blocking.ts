// Blocking commands: clients waiting on keys (BLPOP, BLMOVE, BZPOPMIN ...), woken in arrival order.
// Mirrors: redis src/blocked.c (blockForKeys, signalKeyAsReady, handleClientsBlockedOnKeys,
// unblockClient, replyToBlockedClientTimedOut).
//
// The algorithm: a command that finds nothing to serve calls `ctx.block(keys, timeout)`. The
// client is appended to a FIFO queue per (db, key) and stops reading further commands. Every
// write to a key reaches `keyModified`; a key with waiters becomes "ready". After the command that
// wrote it completes — never in the middle, so a push inside a transaction or script wakes nobody
// until it ends — each ready key's waiters are retried in arrival order: the blocked command runs
// again. If it serves, the client is unblocked and gets the reply; if not (another waiter took the
// element), it stays blocked at its place in line. A served BLMOVE writes its destination, which
// can make more keys ready: the loop runs until no key is ready.
//
// DIFFERS FROM REDIS: Redis 7.0 serves a waiter with type-specific code; we re-run the command,
// which gives the same result with one code path. The re-run is told which key woke it
// (ctx.wokenKey) and, as in 7.0, serves from that key only: when one EXEC fills several keys a
// client waits on, it gets the one written first. As in 7.0, a key that now holds another type
// leaves its waiters blocked (the re-run's WRONGTYPE is not delivered).

import type { Reply } from '../protocol/reply.js';
import type { Command } from '../commands/types.js';
import type { Database } from '../keyspace/database.js';

/** What a blocked client waits for. */
export interface BlockedState {
  readonly db: Database;
  readonly keys: readonly string[];
  readonly argv: readonly Buffer[];
  readonly command: Command;
  readonly timeoutReply: Reply;
  timer: NodeJS.Timeout | undefined;
  /** How long the command's first run took, in µs (Redis's c->duration): the unblock's statistics add it. */
  firstRunUs: number;
}

/** The part of a client the registry drives. */
export interface Blockable {
  blocked: BlockedState | undefined;
  /**
   * Run the blocked command again because `key` was written; true if it was served (the client is
   * then unblocked). The command sees `key` as ctx.wokenKey and serves from it alone.
   */
  retryBlocked(key: string): boolean;
  /** End the wait with this reply (timeout, CLIENT UNBLOCK). */
  endBlock(reply: Reply): void;
}

export class BlockingRegistry {
  /** "<db>:<key>" → clients waiting on it, in arrival order. */
  private readonly waiting = new Map<string, Blockable[]>();
  /** Ready keys by "<db>:<key>", in the order they were written (Redis's server.ready_keys). */
  private readonly ready = new Map<string, { readonly db: Database; readonly key: string }>();
  private count = 0;
  private serving = false;

  /** `isBusy`: a script is busy; timeouts wait for its end, as Redis handles them only between commands. */
  constructor(private readonly isBusy: () => boolean = () => false) {}

  get blockedClients(): number {
    return this.count;
  }

  get hasReadyKeys(): boolean {
    return this.ready.size > 0;
  }

  block(client: Blockable, state: BlockedState, timeoutMs: number): void {
    client.blocked = state;
    this.count++;
    for (const key of state.keys) {
      const id = slotId(state.db, key);
      const queue = this.waiting.get(id);
      if (queue === undefined) this.waiting.set(id, [client]);
      else if (!queue.includes(client)) queue.push(client);
    }
    if (timeoutMs > 0) this.armTimer(client, state, timeoutMs);
  }

  /**
   * End the wait after `timeoutMs`. Node timers hold at most 2^31-1 ms (about 24.8 days) and fire
   * at once beyond that, so a longer timeout (BLPOP k 3000000) waits in steps of that size.
   */
  private armTimer(client: Blockable, state: BlockedState, timeoutMs: number): void {
    const step = Math.min(timeoutMs, MAX_TIMER_MS);
    state.timer = setTimeout(() => {
      if (client.blocked !== state) return;
      if (this.isBusy()) this.armTimer(client, state, BUSY_RETRY_MS);
      else if (timeoutMs > MAX_TIMER_MS) this.armTimer(client, state, timeoutMs - MAX_TIMER_MS);
      else client.endBlock(state.timeoutReply);
    }, step);
  }

  /** Forget a client's wait (served, timed out, unblocked, or disconnected). */
  unblock(client: Blockable): void {
    const state = client.blocked;
    if (state === undefined) return;
    client.blocked = undefined;
    this.count--;
    if (state.timer !== undefined) clearTimeout(state.timer);
    for (const key of state.keys) {
      const id = slotId(state.db, key);
      const queue = this.waiting.get(id);
      if (queue === undefined) continue;
      const at = queue.indexOf(client);
      if (at !== -1) queue.splice(at, 1);
      if (queue.length === 0) this.waiting.delete(id);
    }
  }

  /** A key was written: if anyone waits on it, it is ready (signalKeyAsReady). */
  keyModified(db: Database, key: string): void {
    if (this.waiting.size === 0) return;
    const id = slotId(db, key);
    if (this.waiting.has(id) && !this.ready.has(id)) this.ready.set(id, { db, key });
  }

  /** Retry the waiters of every ready key, oldest first, until no key is ready. */
  serveReadyKeys(): void {
    if (this.serving) return; // a retried command's own writes are picked up by this loop
    this.serving = true;
    try {
      while (this.ready.size > 0) {
        const batch = [...this.ready];
        this.ready.clear();
        for (const [id, { db, key }] of batch) {
          const queue = this.waiting.get(id);
          if (queue === undefined) continue;
          for (const client of [...queue]) {
            // Once the key is gone (the last element was taken) no later waiter can be served
            // from it: stop, so a push to a queue with many waiters costs O(served), not O(waiters).
            if (db.peek(key) === undefined) break;
            if (client.blocked !== undefined) client.retryBlocked(key);
          }
        }
      }
    } finally {
      this.serving = false;
    }
  }
}

/** The longest delay a Node timer accepts (a signed 32-bit ms count). */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How often a timeout that fell due while a script was busy looks again. */
const BUSY_RETRY_MS = 10;

function slotId(db: Database, key: string): string {
  return `${db.index}:${key}`;
}
