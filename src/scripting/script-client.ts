// The client a script's redis.call runs as: the caller's identity with a session of its own.
// Mirrors: redis src/script.c (scriptCall, the shared "lua client" and how it borrows the caller's
// db and protocol) and eval.c (the fake client created in scriptingInit).
//
// Redis runs script commands through a fake client that starts in the caller's database; since 7.0
// a SELECT inside the script moves only that fake client. Blocking commands never block there
// (mayBlock is false, like CLIENT_DENY_BLOCKING), and MULTI, WATCH, SUBSCRIBE and friends are
// refused before they get here because their specs carry the `noscript` flag.

import type { ClientHandle, CommandContext, ServerContext } from '../commands/context.js';
import type { User } from '../acl/user.js';
import type { Command } from '../commands/types.js';
import type { Database } from '../keyspace/database.js';
import type { Reply } from '../protocol/reply.js';
import type { Subscriber } from '../pubsub/pubsub.js';
import { notifyKeyspaceEvent } from '../pubsub/notify.js';
import { ReplyError } from '../errors.js';

export class ScriptClient implements CommandContext {
  db: Database;
  /** The protocol command replies are produced in: redis.setresp, 2 until the script changes it. */
  resp: 2 | 3 = 2;
  command: Command | undefined = undefined;
  readonly mayBlock = false;
  readonly inMulti = false;
  /** CLIENT NO-EVICT is kept but means nothing: a script's client is never evicted. */
  noEvict = false;

  /** The caller's ACL user: a script acts with its caller's permissions (SORT's BY/GET check reads it). */
  readonly user?: User;

  constructor(readonly caller: CommandContext) {
    this.db = caller.db;
    if (caller.user !== undefined) this.user = caller.user;
  }

  get server(): ServerContext {
    return this.caller.server;
  }

  get id(): number {
    return this.caller.id;
  }

  get name(): string {
    return this.caller.name;
  }


  set name(value: string) {
    this.caller.name = value;
  }

  get authenticated(): boolean {
    return true;
  }

  set authenticated(_value: boolean) {
    // A script's client is always authenticated (AUTH is noscript anyway).
  }

  get handle(): ClientHandle {
    return this.caller.handle;
  }

  get subscriber(): Subscriber {
    return this.caller.subscriber;
  }

  setResp(resp: 2 | 3): void {
    this.resp = resp;
  }

  select(index: number): void {
    this.db = this.server.keyspace.db(index);
  }

  /** Inside a script nothing blocks: the command answers as if its timeout had passed. */
  /** A script never blocks, so nothing is ever re-run for it. */
  readonly wokenKey = undefined;

  block(_keys: readonly string[], _timeoutMs: number, timeoutReply: Reply): Reply {
    return timeoutReply;
  }

  notify(type: number, event: string, key: string): void {
    notifyKeyspaceEvent(this.server, type, event, key, this.db.index);
  }

  propagateAs(...argvs: Buffer[][]): void {
    this.server.propagation?.propagateAs(argvs);
  }

  alsoPropagate(argv: Buffer[]): void {
    this.server.propagation?.alsoPropagate(this.db.index, argv);
  }

  // The connection-level commands below are all flagged noscript; these bodies only guard.
  closeAfterReply(): void {}
  /** CLIENT REPLY: a script's calls always get their replies. */
  setReplyMode(): void {}
  startMonitor(): void {
    throw notAllowed();
  }
  reset(): void {
    throw notAllowed();
  }
  startMulti(): void {
    throw notAllowed();
  }
  execMulti(): Reply {
    throw notAllowed();
  }
  discardMulti(): void {
    throw notAllowed();
  }
  watchKeys(_keys: readonly string[]): void {
    throw notAllowed();
  }
  unwatchKeys(): void {}
}

function notAllowed(): ReplyError {
  return new ReplyError('ERR This Redis command is not allowed from script');
}
