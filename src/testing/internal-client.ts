// A client with no socket: runs command handlers on behalf of the test harness (fixtures, the
// inspection view), so what it writes is encoded exactly as if an application had sent it.
// Mirrors: redis src/server.c (createClient(NULL) for the Lua and module "fake" clients, which run
// commands through call() without a connection).
//
// It runs the handler directly, without dispatch: nothing is counted in INFO commandstats, nothing
// reaches MONITOR, the slow log or the command log, and no auth or protected-command check applies.
// The keyspace effects are the real ones: writes signal WATCH, wake blocked clients and count as
// dirty, just as a Lua script's writes do in Redis.

import type { ClientHandle, CommandContext } from '../commands/context.js';
import type { Command } from '../commands/types.js';
import { ReplyError } from '../errors.js';
import type { Database } from '../keyspace/database.js';
import type { Reply } from '../protocol/reply.js';
import { notifyKeyspaceEvent } from '../pubsub/notify.js';
import { Subscriptions, type Subscriber } from '../pubsub/pubsub.js';
import type { Server } from '../server/server.js';

/** Redis gives its fake clients no real id; 0 is never handed to a connection here (ids start at 1). */
const INTERNAL_CLIENT_ID = 0;

export class InternalClient implements CommandContext, ClientHandle {
  readonly id = INTERNAL_CLIENT_ID;
  name = '';
  authenticated = true;
  command: Command | undefined = undefined;
  db: Database;
  readonly addr = '';
  readonly laddr = '';
  readonly isMonitor = false;
  readonly kind = 'normal' as const;
  readonly inMulti = false;
  /** Like a Lua client's: blocking commands do not block, SSUBSCRIBE refuses to run. */
  readonly mayBlock = false;
  /** CLIENT NO-EVICT is kept but means nothing: there is no connection to evict. */
  noEvict = false;
  /** It never subscribes; a message sent to it would be dropped. */
  readonly subscriber: Subscriber = { id: INTERNAL_CLIENT_ID, subscriptions: new Subscriptions(), deliver: () => {} };
  private protocol: 2 | 3 = 2;

  /**
   * `database` defaults to the server's db 0; the inspection view passes a scratch database of its
   * own so that reading a value leaves no trace (no LRU touch, no hit/miss count) on the real one.
   */
  constructor(
    readonly server: Server,
    database?: Database,
  ) {
    this.db = database ?? server.keyspace.db(0);
  }

  get resp(): 2 | 3 {
    return this.protocol;
  }

  setResp(resp: 2 | 3): void {
    this.protocol = resp;
  }

  get handle(): ClientHandle {
    return this;
  }

  select(index: number): void {
    this.db = this.server.keyspace.db(index);
  }

  /** Does the server have this command (a type whose commands have not landed yet does not)? */
  has(name: string): boolean {
    return this.server.commands.has(name.toLowerCase());
  }

  /**
   * Run one command and return its reply; an error reply is thrown as the ReplyError it is.
   * Arity is checked here because handlers rely on dispatch having checked it.
   */
  run(...args: ReadonlyArray<string | Buffer>): Reply {
    const argv = args.map((arg) => (typeof arg === 'string' ? Buffer.from(arg, 'utf8') : arg));
    const name = (argv[0] ?? Buffer.alloc(0)).toString('latin1').toLowerCase();
    let command = this.server.commands.get(name);
    if (command === undefined) throw new ReplyError(`ERR unknown command '${name}'`);
    if (command.subcommands !== undefined && argv.length > 1) {
      command = command.subcommands.get((argv[1] as Buffer).toString('latin1').toLowerCase()) ?? command;
    }
    const arity = command.spec.arity;
    if (arity >= 0 ? argv.length !== arity : argv.length < -arity) {
      throw new ReplyError(`ERR wrong number of arguments for '${command.fullName}' command`);
    }
    const handler = command.handler;
    if (handler === undefined) throw new ReplyError(`ERR '${command.fullName}' needs a subcommand`);
    this.command = command;
    // Its writes reach the AOF like a client's (src/persistence/aof/propagate.ts), so a fixture
    // loaded into a server with appendonly yes survives a restart.
    const feed = this.server.propagation;
    const mark = feed === undefined ? undefined : feed.beginCommand(this.server.dirty);
    let reply: Reply;
    try {
      reply = handler(this, argv);
    } finally {
      if (feed !== undefined && mark !== undefined) feed.endCommand(mark, this.server.dirty, this.db.index, argv);
    }
    if (reply instanceof ReplyError) throw reply;
    return reply;
  }

  /** Keyspace events fire as for any client's write, so a fixture is seen as the app's writes would be. */
  notify(type: number, event: string, key: string): void {
    notifyKeyspaceEvent(this.server, type, event, key, this.db.index);
  }

  propagateAs(...argvs: Buffer[][]): void {
    this.server.propagation?.propagateAs(argvs);
  }

  alsoPropagate(argv: Buffer[]): void {
    this.server.propagation?.alsoPropagate(this.db.index, argv);
  }

  // --- What a connection-less client cannot do ---

  describe(): string {
    return `id=${this.id} addr= laddr= name=${this.name} db=${this.db.index} cmd=internal`;
  }

  kill(): void {}

  closeAfterReply(): void {}
  /** CLIENT REPLY: no connection to silence. */
  setReplyMode(): void {}

  startMonitor(): void {
    throw new ReplyError('ERR the internal client cannot MONITOR');
  }

  reset(): void {
    this.select(0);
    this.protocol = 2;
  }

  /** Nothing blocks here: blocking commands act as their non-blocking forms (as in EXEC and Lua). */
  /** It never blocks, so nothing is ever re-run for it. */
  readonly wokenKey = undefined;

  block(_keys: readonly string[], _timeoutMs: number, timeoutReply: Reply): Reply {
    return timeoutReply;
  }

  startMulti(): void {
    throw new ReplyError('ERR the internal client does not run transactions');
  }

  execMulti(): Reply {
    throw new ReplyError('ERR EXEC without MULTI');
  }

  discardMulti(): void {}

  watchKeys(_keys: readonly string[]): void {}

  unwatchKeys(): void {}
}
