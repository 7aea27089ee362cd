// The propagation feed: what each write command did, as commands that replay it exactly.
// Mirrors: redis src/server.c (call, alsoPropagate, propagateNow, propagatePendingCommands,
// preventCommandPropagation) and each command's rewriteClientCommandVector.
//
// The AOF (and, later, replication) must not log what the client sent but what it did. A command
// whose result depends on the clock or on chance is logged as its deterministic effect:
// `EXPIRE k 10` as `PEXPIREAT k <absolute ms>`, `SPOP s` as `SREM s <the member it took>`,
// `INCRBYFLOAT` as `SET ... KEEPTTL`, `BLPOP` as `LPOP`. A handler says so with
// `ctx.propagateAs(...)`; otherwise a command that changed the dataset (server.dirty moved) is
// logged as sent.
//
// Redis 7.0 gathers everything one top-level command propagates (an EXEC's queue, a script's
// redis.calls, a command and its also-propagated extras) in one list and writes it when the
// command returns to the event loop: wrapped in MULTI/EXEC when it holds more than one command,
// so a replica or a reload applies it atomically. We do the same with a depth counter: call()
// brackets every command with beginCommand/endCommand, nested calls (EXEC, scripts) push into the
// same list, and the outermost endCommand hands the unit to the consumers.
//
// Deletions of expired and evicted keys are not part of the command that noticed them: Redis
// 7.0.15 writes their DEL at once, ahead of (and outside) the command's own unit.
// propagateDeletion does that (and keeps such deletions from making a read command look like a
// write: they move server.dirty too).
//
// The cheap path: with no consumer (appendonly no, no replicas) the server has no feed at all,
// `server.propagation` is undefined, and call() pays one field check. Handlers that build a
// rewritten argv check the same field first, so nothing is allocated for an effect nobody logs.

/** One propagated command and the database it applies to (-1: no SELECT needed, as MULTI/EXEC). */
export interface PropagatedOp {
  readonly db: number;
  readonly argv: readonly Buffer[];
}

/** Something that receives the feed: the AOF, and the replication stream (src/replication/master.ts). */
export type PropagationConsumer = (ops: readonly PropagatedOp[]) => void;

/** What beginCommand saves and endCommand restores, so nested commands do not clobber the outer one. */
export interface CommandMark {
  readonly override: Buffer[][] | undefined;
  readonly pending: number;
  readonly dirty: number;
  readonly untracked: number;
  readonly childPropagated: boolean;
}

const MULTI_ARGV: readonly Buffer[] = [Buffer.from('MULTI')];
const EXEC_ARGV: readonly Buffer[] = [Buffer.from('EXEC')];
const DEL = Buffer.from('DEL');

export class PropagationFeed {
  private readonly consumers: PropagationConsumer[] = [];
  /** Ops of the running top-level command (Redis's server.also_propagate). */
  private pending: PropagatedOp[] = [];
  private depth = 0;
  /** What the running command asked to be logged as instead of its argv. */
  private override: Buffer[][] | undefined = undefined;
  /**
   * Dirty increments that are not the running command's writes (expired keys deleted by a lookup,
   * evictions): they move server.dirty but are propagated on their own, as DEL.
   */
  private untracked = 0;
  /** A command nested in the running one (EXEC's queue, a script's calls) propagated something. */
  private childPropagated = false;

  addConsumer(consumer: PropagationConsumer): void {
    this.consumers.push(consumer);
  }

  removeConsumer(consumer: PropagationConsumer): void {
    const i = this.consumers.indexOf(consumer);
    if (i !== -1) this.consumers.splice(i, 1);
  }

  get hasConsumers(): boolean {
    return this.consumers.length > 0;
  }

  /** Before a handler runs (call(), a script's redis.call). */
  beginCommand(dirty: number): CommandMark {
    const mark: CommandMark = {
      override: this.override,
      pending: this.pending.length,
      dirty,
      untracked: this.untracked,
      childPropagated: this.childPropagated,
    };
    this.override = undefined;
    this.childPropagated = false;
    this.depth++;
    return mark;
  }

  /**
   * After the handler: log its effect, then, at the outermost level, hand the unit to the consumers.
   * A command whose nested commands already propagated (EXEC, EVAL) is represented by them.
   */
  endCommand(mark: CommandMark, dirty: number, db: number, argv: readonly Buffer[]): void {
    const override = this.override;
    if (override !== undefined) {
      for (const rewritten of override) this.pending.push({ db, argv: rewritten });
    } else if (!this.childPropagated && dirty - mark.dirty - (this.untracked - mark.untracked) > 0) {
      this.pending.push({ db, argv });
    }
    this.override = mark.override;
    this.childPropagated = mark.childPropagated || this.pending.length > mark.pending;
    this.depth--;
    if (this.depth === 0) this.flushUnit();
  }

  /**
   * The running command is logged as `argvs` (none: not at all), whether or not it moved dirty;
   * handlers call it only when they did change something (Redis: rewriteClientCommandVector,
   * or preventCommandPropagation plus alsoPropagate).
   */
  propagateAs(argvs: Buffer[][]): void {
    this.override = argvs;
  }

  /** Add a command to the running unit, ahead of the command's own (Redis's alsoPropagate). */
  alsoPropagate(db: number, argv: readonly Buffer[]): void {
    this.pending.push({ db, argv });
    if (this.depth === 0) this.flushUnit();
  }

  /**
   * A key deleted outside any command's own logic (lazy or active expiry, eviction): DEL it now,
   * outside the running unit (expire.c deleteExpiredKeyAndPropagate → propagateDeletion).
   */
  propagateDeletion(db: number, key: string): void {
    this.untracked++;
    this.emit([{ db, argv: [DEL, Buffer.from(key, 'latin1')] }]);
  }

  /**
   * A rewrite just captured the dataset: commands of the running unit that already ran are in the
   * new base, so they must not be logged again after it (CONFIG SET appendonly yes inside EXEC).
   * DIFFERS FROM REDIS: the cut applies to every consumer, so replicas miss those commands too.
   */
  dropPending(): void {
    this.pending = [];
  }

  private flushUnit(): void {
    const ops = this.pending;
    if (ops.length === 0) return;
    this.pending = [];
    if (ops.length === 1) {
      this.emit(ops);
      return;
    }
    // More than one command: wrap them so a reload applies all or nothing (propagatePendingCommands).
    // MULTI carries the first command's database, so a needed SELECT comes before it, not inside.
    this.emit([{ db: (ops[0] as PropagatedOp).db, argv: MULTI_ARGV }, ...ops, { db: -1, argv: EXEC_ARGV }]);
  }

  private emit(ops: readonly PropagatedOp[]): void {
    for (const consumer of this.consumers) consumer(ops);
  }
}
