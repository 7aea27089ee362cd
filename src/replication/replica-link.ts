// One connected replica as the master sees it: its connection, its REPLCONF announcements, where
// it is in its sync, what it acknowledged; and a client blocked in WAIT.
// Mirrors: redis src/server.h (struct client's repl_* fields, SLAVE_STATE_*) and src/replication.c
// (replicationGetSlaveName, freeClient's replica half).

import type { ReplicationMaster } from './master.js';

/** The connection of a replica (src/server/client.ts implements it). */
export interface ReplicaConnection {
  readonly id: number;
  /** "ip:port" of the peer. */
  readonly addr: string;
  /** Send stream bytes straight to the socket, after any reply still buffered. */
  writeRaw(chunk: Buffer, checkLimits: boolean): void;
  /** Set once PSYNC/SYNC made this connection a replica (flag S, TYPE replica). */
  replicaLink: ReplicaLink | undefined;
  close(): void;
  /** The socket (a full sync waits while it holds too much unsent: back-pressure). */
  readonly socket?: {
    readonly writableLength: number;
    once(event: 'drain' | 'close', listener: () => void): unknown;
    removeListener(event: 'drain' | 'close', listener: () => void): unknown;
  };
}

/** A replica's announcements before PSYNC (REPLCONF listening-port, ip-address, capa). */
export interface ReplicaSettings {
  listeningPort: number;
  announcedIp: string;
  capaEof: boolean;
  capaPsync2: boolean;
}

/**
 * Where a replica is in its sync (replstate), as INFO names it: wait_bgsave until its RDB has been
 * sent whole (Redis's disk-less transfer shows wait_bgsave throughout), then online.
 */
export type ReplicaState = 'wait_bgsave' | 'send_bulk' | 'online';

/** One connected replica (Redis: a client with CLIENT_SLAVE and its repl_* fields). */
export class ReplicaLink {
  state: ReplicaState = 'online';
  /** Waiting for the next full sync to start (SLAVE_STATE_WAIT_BGSAVE_START): nothing sent yet. */
  waitingForSync = false;
  /** The old SYNC or PSYNC: whether +FULLRESYNC goes first. */
  wantsFullResync = false;
  /** Stream bytes after the snapshot, held until the RDB has been sent (the output buffer in Redis). */
  pending: Buffer[] | undefined = undefined;
  /**
   * The disk-less RDB was sent; the stream waits for the replica's first REPLCONF ACK
   * (repl_start_cmd_stream_on_ack): a replica finds the end mark by the last 40 bytes it read, so
   * stream bytes arriving in the same read would hide it.
   */
  streamOnAck = false;
  /** Bytes in `pending`, checked against the replica class of client-output-buffer-limit. */
  pendingBytes = 0;
  /** The connection closed. */
  gone = false;
  /** The offset the replica last acknowledged (repl_ack_off). */
  ackOffset = 0;
  /** When it last did, in ms (repl_ack_time). */
  ackTimeMs: number;

  constructor(
    readonly master: ReplicationMaster,
    readonly conn: ReplicaConnection,
    readonly settings: ReplicaSettings,
    /** Connected with the old SYNC: it never sends REPLCONF ACK (CLIENT_PRE_PSYNC). */
    readonly prePsync: boolean,
    nowMs: number,
  ) {
    this.ackTimeMs = nowMs;
  }

  /** The IP replicas are listed with: the announced one, else the peer address's host part. */
  get ip(): string {
    if (this.settings.announcedIp !== '') return this.settings.announcedIp;
    const addr = this.conn.addr;
    const colon = addr.lastIndexOf(':');
    const host = colon === -1 ? addr : addr.slice(0, colon);
    return host.startsWith('[') ? host.slice(1, -1) : host;
  }

  /** The connection is gone (Server.removeClient calls this). */
  closed(): void {
    this.master.removeReplica(this);
  }
}

/** A client blocked in WAIT. */
export interface ReplicaWaiter {
  readonly offset: number;
  readonly wanted: number;
  /** End the wait with this many acknowledgements (nothing if the client no longer waits). */
  resolve(acked: number): void;
  /** The client stopped waiting another way (disconnected, CLIENT UNBLOCK): forget it. */
  readonly gone: boolean;
}

/** Settles when the connection's socket drains or closes (at once without a socket). */
export function socketDrained(conn: ReplicaConnection): Promise<void> {
  const socket = conn.socket;
  if (socket === undefined) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = (): void => {
      socket.removeListener('drain', done);
      socket.removeListener('close', done);
      resolve();
    };
    socket.once('drain', done);
    socket.once('close', done);
  });
}
