// The master's command stream applied on a replica, as Redis's master client applies it.
// Mirrors: redis src/networking.c (processCommandAndResetClient for the CLIENT_MASTER client),
// src/multi.c (a master's MULTI ... EXEC) and src/replication.c (replconfCommand's GETACK).
//
// Each command runs through its handler, the same code a client reaches through dispatch, with a
// connection-less client that keeps its own selected db (the master's SELECTs), sends no reply and
// has its errors only logged. MULTI ... EXEC is applied as one unit when EXEC arrives; PING and
// REPLCONF are not run (GETACK asks the link for an ACK). The writes reach the AOF, WATCH,
// keyspace events, client-side caching and pub/sub as any write does.
//
// SIMPLIFIED: a transaction's commands reach this replica's AOF one by one, not wrapped in MULTI/EXEC.

import { ReplyError } from '../errors.js';
import { lookupCommand } from '../server/dispatch.js';
import type { Server } from '../server/server.js';
import { InternalClient } from '../testing/internal-client.js';

export class MasterClient {
  /** True while one of the master's commands runs (it may write on a read-only replica). */
  applying = false;
  private multiQueue: Buffer[][] | undefined;
  private readonly client: InternalClient;

  constructor(
    private readonly server: Server,
    private readonly onGetAck: () => void,
  ) {
    this.client = new InternalClient(server);
  }

  /** Inside MULTI: the queued commands wait for EXEC (and the offset with them). */
  get inMulti(): boolean {
    return this.multiQueue !== undefined;
  }

  select(index: number): void {
    this.client.select(index);
  }

  /** A transaction cut by a lost link is dropped: the master sends it again whole. */
  discardMulti(): void {
    this.multiQueue = undefined;
  }

  apply(argv: Buffer[]): void {
    const name = (argv[0] as Buffer).toString('latin1').toLowerCase();
    if (name === 'replconf') {
      // REPLCONF GETACK *: answer with the offset so far (this command not included, as in 7.0).
      if (argv.length >= 2 && (argv[1] as Buffer).toString('latin1').toLowerCase() === 'getack') this.onGetAck();
      return;
    }
    if (name === 'ping') return;
    if (name === 'multi') {
      this.multiQueue = [];
      return;
    }
    if (name === 'exec' && this.multiQueue !== undefined) {
      const queued = this.multiQueue;
      this.multiQueue = undefined;
      for (const each of queued) this.run(each);
      return;
    }
    if (name === 'discard') {
      this.multiQueue = undefined;
      return;
    }
    if (this.multiQueue !== undefined) {
      this.multiQueue.push(argv);
      return;
    }
    this.run(argv);
  }

  /** One command through its handler: no reply, errors only logged. */
  private run(argv: Buffer[]): void {
    const server = this.server;
    const found = lookupCommand(server.commands, argv);
    if (found instanceof ReplyError || found.handler === undefined) {
      server.log('warning', `Unknown command from the master: '${(argv[0] as Buffer).toString('latin1')}'`);
      return;
    }
    const client = this.client;
    client.command = found;
    const feed = server.propagation;
    const mark = feed === undefined ? undefined : feed.beginCommand(server.dirty);
    this.applying = true;
    server.keyspace.obeyingMaster = true;
    try {
      const reply = found.handler(client, argv);
      if (reply instanceof ReplyError) server.log('warning', `The master's '${found.fullName}' failed here: ${reply.message}`);
    } catch (err) {
      // A bug in a handler is logged and the stream goes on: dropping the link would replay the
      // same command after the partial resync, forever.
      const text = err instanceof Error ? err.message : String(err);
      server.log('warning', `The master's '${found.fullName}' failed here${err instanceof ReplyError ? '' : ' (internal error)'}: ${text}`);
    } finally {
      this.applying = false;
      server.keyspace.obeyingMaster = false;
      if (feed !== undefined && mark !== undefined) feed.endCommand(mark, server.dirty, client.db.index, argv);
      server.keyspace.settleMemory();
    }
  }
}
