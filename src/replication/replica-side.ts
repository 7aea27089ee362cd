// Whether this server is a replica, and of whom: REPLICAOF / SLAVEOF, `replicaof` in redis.conf,
// what a replica refuses (READONLY, MASTERDOWN), and what ROLE and INFO replication say about it.
// Mirrors: redis src/replication.c (replicaofCommand, replicationSetMaster, replicationUnsetMaster,
// shiftReplicationId, roleCommand's replica half) and src/server.c (processCommand's replica checks,
// genRedisInfoString's replica fields).
//
// While a master is set the keyspace's active expiry is off: a replica never deletes a key because
// its TTL passed (reads see it as missing), it waits for the master's DEL; eviction is off too (as
// with replica-ignore-maxmemory yes, the default).

import { randomBytes } from 'node:crypto';
import type { Command } from '../commands/types.js';
import type { Reply } from '../protocol/reply.js';
import type { Server } from '../server/server.js';
import { ReplicaLink } from './replica.js';

/** What REPLICAOF NO ONE leaves for the master side to continue from (replid2 / second_repl_offset). */
export interface Promotion {
  /** The fresh replid this server took as a master. */
  readonly replId: string;
  /** The former master's replid, now master_replid2. */
  readonly replId2: string;
  /** second_repl_offset: the first offset the old history does not cover. */
  readonly secondOffset: number;
  /** master_repl_offset to continue from. */
  readonly offset: number;
}

export class ReplicaSide {
  link: ReplicaLink | undefined;
  /** Set by the last REPLICAOF NO ONE that ended a synced link. */
  promotion: Promotion | undefined;

  constructor(private readonly server: Server) {}

  get isReplica(): boolean {
    return this.link !== undefined;
  }

  /**
   * Are clients' writes refused now (a master is set, replica-read-only yes, and the command does not
   * come from the master's stream)? Scripts ask this for each write they make.
   */
  get refusesClientWrites(): boolean {
    return this.link !== undefined && !this.link.applying && this.server.config.get('replica-read-only');
  }

  /**
   * REPLICAOF host port (replicationSetMaster): drop any link, connect to the new master. Replies
   * Redis's texts: `OK`, or `OK Already connected to specified master`.
   */
  replicaOf(host: string, port: number, fromConfig = false): string {
    const current = this.link;
    if (current !== undefined && current.host.toLowerCase() === host.toLowerCase() && current.port === port) {
      this.server.log('notice', 'REPLICAOF would result into synchronization with the master we are already connected with. No operation performed.');
      return 'OK Already connected to specified master';
    }
    // A replica moving to another master may continue its history there by PSYNC (psync2), as may a
    // master turned replica: both offer what they already hold.
    const known = current?.lastKnown ?? this.masterHistory();
    current?.stop();
    this.link = new ReplicaLink(this.server, host, port, known);
    this.server.keyspace.activeExpiry = false;
    if (!fromConfig) this.server.log('notice', `REPLICAOF ${host}:${port} enabled (user request from client)`);
    return 'OK';
  }

  /** REPLICAOF NO ONE (replicationUnsetMaster): keep the data, become a master. */
  promote(): void {
    const link = this.link;
    if (link === undefined) return;
    const known = link.lastKnown;
    link.stop();
    this.link = undefined;
    // shiftReplicationId: the old master's id becomes replid2, valid up to the offset we reached.
    if (known !== undefined) {
      this.promotion = { replId: randomBytes(20).toString('hex'), replId2: known.replId, secondOffset: known.offset + 1, offset: known.offset };
    }
    // Keys expire by themselves again (unless a CLIENT PAUSE holds them).
    this.server.keyspace.activeExpiry = !this.server.clientPause.active;
    this.server.log('notice', 'MASTER MODE enabled (user request from client)');
  }

  /** Shutdown: close the link without a promotion. */
  stop(): void {
    this.link?.stop();
  }

  /**
   * A promoted replica turned replica again offers its own history, under its new replid
   * (replicationCacheMasterUsingMyself): a master that does not know that id answers FULLRESYNC, so
   * writes taken while it was a master are never silently kept beside the master's.
   * SIMPLIFIED: the offset is the one reached at promotion (writes since are not counted here).
   */
  private masterHistory(): { replId: string; offset: number } | undefined {
    const promotion = this.promotion;
    return promotion === undefined ? undefined : { replId: promotion.replId, offset: promotion.offset };
  }

  // --- processCommand's replica checks ---

  /**
   * READONLY: a write (or an EXEC of a queue holding one) from a client, on a replica with
   * replica-read-only yes.
   */
  refusesWrite(command: Command, queued: readonly { command: Command }[] | undefined): boolean {
    if (this.link === undefined || !this.server.config.get('replica-read-only')) return false;
    if (command.isWrite) return true;
    return command.parent === undefined && command.spec.name === 'exec' && queued !== undefined && queued.some((each) => each.command.isWrite);
  }

  /** MASTERDOWN: the link is not synced, replica-serve-stale-data is no, and the command is not flagged stale. */
  refusesStale(command: Command, queued: readonly { command: Command }[] | undefined): boolean {
    if (this.link === undefined || this.link.linkUp || this.server.config.get('replica-serve-stale-data')) return false;
    if (!command.spec.flags.includes('stale')) return true;
    return command.parent === undefined && command.spec.name === 'exec' && queued !== undefined &&
      queued.some((each) => !each.command.spec.flags.includes('stale'));
  }

  // --- What ROLE and INFO say ---

  /** ROLE on a replica: slave, host, port, state, offset (-1 before a sync). */
  roleReply(): Reply {
    const link = this.link as ReplicaLink;
    return ['slave', link.host, link.port, link.state, link.state === 'connected' ? link.offset : -1];
  }

  /**
   * INFO replication's replid fields as this side knows them: a replica that synced shows its
   * master's replid and its own offset; a promoted replica its new replid, the old one as replid2
   * and second_repl_offset. Undefined: neither (the master side's own values stand).
   */
  replicationIds(): { replId: string; replId2: string; offset: number; secondOffset: number } | undefined {
    const link = this.link;
    if (link !== undefined) {
      const known = link.lastKnown;
      if (known === undefined || known.replId === '') return undefined;
      return { replId: known.replId, replId2: '0'.repeat(40), offset: known.offset, secondOffset: -1 };
    }
    const promotion = this.promotion;
    if (promotion === undefined) return undefined;
    return { replId: promotion.replId, replId2: promotion.replId2, offset: promotion.offset, secondOffset: promotion.secondOffset };
  }

  /** INFO replication's replica fields, in Redis 7.0's order (after role). */
  infoFields(): Array<readonly [string, string | number]> {
    const link = this.link as ReplicaLink;
    const now = Date.now();
    const up = link.linkUp;
    const fields: Array<readonly [string, string | number]> = [
      ['master_host', link.host],
      ['master_port', link.port],
      ['master_link_status', up ? 'up' : 'down'],
      ['master_last_io_seconds_ago', link.lastIoAt === 0 ? -1 : Math.floor((now - link.lastIoAt) / 1000)],
      ['master_sync_in_progress', link.state === 'sync' ? 1 : 0],
      // Before any sync Redis prints 1 for both (its defaults when there is no master client).
      ['slave_read_repl_offset', link.readOffset < 0 ? 1 : link.readOffset],
      ['slave_repl_offset', link.offset < 0 ? 1 : link.offset],
    ];
    if (!up) fields.push(['master_link_down_since_seconds', link.linkDownSince === 0 ? -1 : Math.floor((now - link.linkDownSince) / 1000)]);
    fields.push(
      ['slave_priority', this.server.config.get('replica-priority')],
      ['slave_read_only', this.server.config.get('replica-read-only') ? 1 : 0],
      ['replica_announced', this.server.config.get('replica-announced') ? 1 : 0],
    );
    return fields;
  }
}
