// A client's way out: the batch's replies in one write, out-of-band pushes (pub/sub, MONITOR),
// replication stream bytes, and the output buffer limits that close a client that stopped reading.
// Mirrors: redis src/networking.c (writeToClient, handleClientsWithPendingWrites, getClientType,
// checkClientOutputBufferLimits, closeClientOnOutputBufferLimitReached).
//
// Replies are not written as each command produces them: they gather in the client's ReplyWriter,
// and the client joins the server's list of clients with pending writes once the input loop has run
// the whole chunk (client-input.ts) or another client's command delivered it a message. The list is
// written at the end of the event-loop turn, after every readable client has been served, as Redis
// writes its clients_pending_write in beforeSleep (queueFlush below says why that is faster).

import { encodeReply, type PushReply, type ReplyWriter } from '../protocol/reply.js';
import { isUnlimited, outputBufferLimitReached } from '../pubsub/output-buffer-limit.js';
import type { Client } from './client.js';
import type { Server } from './server.js';

/**
 * While a client's unsent replies exceed this, stop reading its requests (TCP backpressure)
 * until the socket drains. DIFFERS FROM REDIS: Redis keeps reading and relies on
 * client-output-buffer-limit (unlimited for normal clients by default); pausing is the safe
 * default for a process with a bounded heap.
 */
const OUTPUT_PAUSE_BYTES = 64 * 1024 * 1024;

/** Send everything the writer holds; close afterwards if QUIT or a protocol error asked to. */
export function flushClient(client: Client, syncAof: boolean): void {
  if (client.closing) return;
  const srv = client.srv;
  // The AOF is written (and with appendfsync always, fsynced) before any reply leaves, so a
  // client never sees a write acknowledged that a crash could lose (Redis: beforeSleep flushes
  // the AOF before handleClientsWithPendingWrites). Under `always` the replies are held for one
  // group fsync per event-loop turn, unless `syncAof` asks to fsync now (replies about to be
  // discarded by CLIENT REPLY OFF must leave first). Nothing to do when appendonly is off.
  const aof = srv.aof;
  if (aof !== undefined) {
    if (syncAof) aof.flush();
    else if (aof.holdReplies(client)) return;
  }
  if (checkOutputBufferLimits(client)) return;
  const socket = client.socket;
  if (!client.writer.isEmpty) {
    const chunks = client.writer.take();
    if (chunks.length === 1) {
      const only = chunks[0] as Buffer;
      srv.stats.netOutputBytes += only.length;
      socket.write(only);
    } else {
      socket.cork();
      for (const chunk of chunks) {
        srv.stats.netOutputBytes += chunk.length;
        socket.write(chunk);
      }
      socket.uncork();
    }
    if (!client.readPaused && socket.writableLength > OUTPUT_PAUSE_BYTES) {
      client.readPaused = true;
      socket.pause();
    }
  }
  if (client.closeRequested) {
    client.closing = true;
    // Close fully once the last reply is written, as Redis does: a half-close would leave the
    // socket open until the peer closes its side, which idle pooled clients never do.
    socket.end(() => socket.destroy());
    srv.removeClient(client);
  }
}

/**
 * Write this client's replies at the end of the event-loop turn (Redis: the client joins
 * server.clients_pending_write, and handleClientsWithPendingWrites runs in beforeSleep).
 * Why not at once: with many clients one poll of the event loop finds dozens readable. Written as
 * each is served, every reply lands while its peer is likely asleep in its own poll, and waking it
 * costs the kernel an inter-processor interrupt, which under a hypervisor is a VM exit (perf showed
 * the wake-up in sock_def_readable taking 15% of the server's time at -P 1, Redis's 6%). Written
 * together after the last command of the turn, the first reply wakes the peer and the rest reach a
 * process already running. bench/results/perf-2026-11-27-turn-writes.md has the numbers.
 */
export function queueFlush(client: Client): void {
  if (client.flushQueued) return;
  client.flushQueued = true;
  const pending = client.srv.pendingFlushes;
  pending.push(client);
  if (pending.length === 1) setImmediate(flushPendingClients, client.srv);
}

/** The end of the turn (beforeSleep): the AOF first, then every queued client's replies. */
function flushPendingClients(srv: Server): void {
  // One AOF write (and under appendfsync always one fdatasync) covers every reply below, so
  // flushClient's question to the AOF (holdReplies) finds nothing unwritten and holds none back.
  srv.aof?.flush();
  const pending = srv.pendingFlushes;
  // A flush may queue another client (a reply that closes a client delivering to others): the
  // index loop takes it in this same pass.
  for (let i = 0; i < pending.length; i++) {
    const client = pending[i] as Client;
    client.flushQueued = false;
    flushClient(client, false);
  }
  pending.length = 0;
}

/** The socket drained: read requests again if unsent output had paused it. */
export function resumeAfterDrain(client: Client): void {
  if (client.readPaused) {
    client.readPaused = false;
    client.socket.resume();
  }
}

/**
 * Replication stream bytes (src/replication/master.ts), written straight to the socket after any
 * reply still buffered; `checkLimits`: the replica class of client-output-buffer-limit applies.
 */
export function writeRawToClient(client: Client, chunk: Buffer, checkLimits: boolean): void {
  if (client.closing || client.closeAsap) return;
  const socket = client.socket;
  if (!client.writer.isEmpty) for (const pending of client.writer.take()) socket.write(pending);
  socket.write(chunk);
  if (checkLimits) checkOutputBufferLimits(client);
}

/** An out-of-band reply (a MONITOR line): written with the turn's other replies (queueFlush). */
export function sendOutOfBand(client: Client, write: (writer: ReplyWriter) => void): void {
  if (client.closing) return;
  write(client.writer);
  if (client.srv.currentClient !== client) queueFlush(client);
}

/**
 * Queue a message frame. The trick for speed: a publisher's pipeline may publish many messages
 * in one turn, so the frames gather in the writer and go out in one write at the end of the
 * turn (queueFlush; Redis likewise writes in beforeSleep). A client publishing to itself (RESP3) gets the
 * frame ahead of its PUBLISH reply, as in Redis.
 */
export function deliverToClient(client: Client, frame: PushReply): void {
  if (client.closing || client.closeAsap) return;
  const srv = client.srv;
  if (srv.currentClient === client && (client.replyOff || client.replySkip)) {
    // CLIENT REPLY OFF/SKIP silences replies, not pushes (Redis 7's CLIENT_PUSHING). Earlier
    // output was flushed before this quiet command ran, so the frame can go straight out.
    const bytes = encodeReply(frame, client.resp);
    srv.stats.netOutputBytes += bytes.length;
    client.socket.write(bytes);
    return;
  }
  client.writer.write(frame);
  if (checkOutputBufferLimits(client)) return;
  if (srv.currentClient !== client) queueFlush(client);
}

/**
 * client-output-buffer-limit (networking.c checkClientOutputBufferLimits, getClientType): true
 * when the unsent output passed this client's class limit, and the client is then scheduled to
 * close on the next turn without being sent anything more (closeClientOnOutputBufferLimitReached
 * with async set). Called on each write and from the cron (soft limits expire with no writes).
 * SIMPLIFIED: Redis closes at once when the cron finds the limit passed; we always defer a turn.
 */
export function checkOutputBufferLimits(client: Client): boolean {
  if (client.closeAsap) return true;
  if (client.closing) return false;
  const srv = client.srv;
  const limits = srv.config.values['client-output-buffer-limit'];
  const kind = client.kind;
  const limit = kind === 'pubsub' ? limits.pubsub : kind === 'replica' ? limits.replica : limits.normal;
  if (isUnlimited(limit)) {
    client.obufSoftLimit.softLimitReachedAtSec = 0;
    return false;
  }
  const used = client.writer.pendingBytes + client.socket.writableLength;
  const nowSec = Math.floor(srv.clock.now() / 1000);
  if (!outputBufferLimitReached(used, limit, client.obufSoftLimit, nowSec)) return false;
  srv.log('warning', `Client ${client.describe()} scheduled to be closed ASAP for overcoming of output buffer limits.`);
  client.closeAsap = true;
  setImmediate(() => client.close());
  return true;
}
