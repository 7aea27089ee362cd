// MIGRATE's connections to its targets: a cache of one connection per host:port, kept for 10 s of
// idleness with the db it last selected, and one exchange on a connection: a request written, then
// a number of reply lines read, each within the timeout.
// Mirrors: redis src/cluster.c (migrateGetSocket, migrateCloseSocket, migrateCloseTimedoutSockets)
// and src/syncio.c (syncWrite, syncReadLine, as connSyncWrite / connSyncReadLine use them).
//
// The cache is Redis's migrate_cached_sockets; a socket error on a reused connection before any
// RESTORE reply makes migrate.ts retry once on a fresh one, as Redis does for a cached socket the
// target has closed meanwhile.

import { Socket } from 'node:net';
import type { ServerContext } from './context.js';

/** Cached connections are closed after this long unused (MIGRATE_SOCKET_CACHE_TTL, in seconds there). */
const MIGRATE_SOCKET_CACHE_TTL_MS = 10_000;
/** At most this many cached connections; one more drops one (MIGRATE_SOCKET_CACHE_ITEMS). */
const MIGRATE_SOCKET_CACHE_ITEMS = 64;

// --- The connection cache (server.migrate_cached_sockets) ---

export interface TargetLink {
  readonly name: string;
  readonly socket: Socket;
  /** The db the target connection has selected; -1: unknown, SELECT next time. */
  lastDbid: number;
  /** A MIGRATE is using it; a concurrent one to the same target opens a connection of its own. */
  busy: boolean;
  cached: boolean;
  idleTimer: NodeJS.Timeout | undefined;
  /** Reply bytes not consumed yet, and who waits for lines. */
  pending: Buffer;
  onData: (() => void) | undefined;
  /** Set once the socket failed or closed: 'connect' when the host could not even be resolved. */
  failed: 'connect' | 'io' | undefined;
}

const caches = new WeakMap<ServerContext, Map<string, TargetLink>>();

function cacheOf(server: ServerContext): Map<string, TargetLink> {
  let cache = caches.get(server);
  if (cache === undefined) caches.set(server, (cache = new Map()));
  return cache;
}

/** INFO stats migrate_cached_sockets. */
export function migrateCachedSockets(server: ServerContext): number {
  return caches.get(server)?.size ?? 0;
}

export function closeLink(server: ServerContext, link: TargetLink): void {
  if (link.idleTimer !== undefined) clearTimeout(link.idleTimer);
  link.idleTimer = undefined;
  if (link.cached && caches.get(server)?.get(link.name) === link) caches.get(server)?.delete(link.name);
  link.cached = false;
  link.socket.destroy();
}

/** Release a link after a MIGRATE: a cached one waits for the next (closed after 10 s idle), others close. */
export function releaseLink(server: ServerContext, link: TargetLink): void {
  link.busy = false;
  link.onData = undefined;
  if (!link.cached || link.failed !== undefined) {
    closeLink(server, link);
    return;
  }
  link.idleTimer = setTimeout(() => closeLink(server, link), MIGRATE_SOCKET_CACHE_TTL_MS);
  link.idleTimer.unref();
}

/** migrateGetSocket: the cached connection to host:port, or a new one (cached when the cache has it free). */
export function getLink(server: ServerContext, host: string, port: number, portArg: string): TargetLink {
  const name = `${host}:${portArg}`;
  const cache = cacheOf(server);
  const cached = cache.get(name);
  if (cached !== undefined && !cached.busy && cached.failed === undefined) {
    if (cached.idleTimer !== undefined) clearTimeout(cached.idleTimer);
    cached.idleTimer = undefined;
    cached.busy = true;
    return cached;
  }
  const socket = new Socket();
  const link: TargetLink = {
    name, socket, lastDbid: -1, busy: true, cached: false, idleTimer: undefined, pending: Buffer.alloc(0), onData: undefined,
    failed: undefined,
  };
  if (cached === undefined) {
    if (cache.size >= MIGRATE_SOCKET_CACHE_ITEMS) {
      // Too many: drop one that is not in use (Redis drops a random one).
      for (const other of cache.values()) {
        if (!other.busy) {
          closeLink(server, other);
          break;
        }
      }
    }
    if (cache.size < MIGRATE_SOCKET_CACHE_ITEMS) {
      cache.set(name, link);
      link.cached = true;
    }
  }
  socket.setNoDelay(true);
  socket.unref();
  socket.on('data', (chunk: Buffer) => {
    link.pending = link.pending.length === 0 ? chunk : Buffer.concat([link.pending, chunk]);
    link.onData?.();
  });
  const fail = (kind: 'connect' | 'io'): void => {
    if (link.failed === undefined) link.failed = kind;
    if (link.cached && cache.get(name) === link) cache.delete(name);
    link.cached = false;
    link.onData?.();
  };
  socket.on('error', (err: NodeJS.ErrnoException) => {
    // Only a name that does not resolve fails "connecting"; a refused or unreachable target
    // fails at the first write, as Redis's non-blocking connect reports it.
    fail(err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' || err.syscall === 'getaddrinfo' ? 'connect' : 'io');
  });
  socket.on('close', () => fail('io'));
  if (port === 0) queueMicrotask(() => fail('io'));
  else socket.connect(port, host);
  return link;
}

// --- The transfer ---

/** How one attempt ended: the reply lines read (each without its CRLF), or why it stopped. */
export interface Exchange {
  readonly lines: string[];
  readonly failure: 'connect' | 'writing' | 'reading' | undefined;
  readonly timedOut: boolean;
}

/**
 * Send `request` and read `expected` reply lines, each within `timeoutMs` of the last progress
 * (Redis's connSyncWrite / connSyncReadLine each wait up to the timeout).
 */
export function exchange(link: TargetLink, request: Buffer, expected: number, timeoutMs: number, done: (result: Exchange) => void): void {
  const lines: string[] = [];
  let written = false;
  let finished = false;
  let timer: NodeJS.Timeout | undefined;
  const finish = (failure: Exchange['failure'], timedOut: boolean): void => {
    if (finished) return;
    finished = true;
    if (timer !== undefined) clearTimeout(timer);
    link.onData = undefined;
    done({ lines, failure, timedOut });
  };
  const arm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      link.failed ??= 'io';
      finish(written ? 'reading' : 'writing', true);
    }, timeoutMs);
  };
  const pump = (): void => {
    for (;;) {
      if (lines.length === expected) return finish(undefined, false);
      const eol = link.pending.indexOf(0x0a);
      if (eol === -1) break;
      const end = eol > 0 && link.pending[eol - 1] === 0x0d ? eol - 1 : eol;
      lines.push(link.pending.latin1Slice(0, end));
      link.pending = link.pending.subarray(eol + 1);
      arm();
    }
    if (link.failed !== undefined) finish(link.failed === 'connect' ? 'connect' : written ? 'reading' : 'writing', false);
  };
  link.onData = pump;
  arm();
  if (link.failed !== undefined) return pump();
  link.socket.write(request, (err) => {
    if (err !== undefined && err !== null) {
      link.failed ??= 'io';
      return finish('writing', false);
    }
    written = true;
    arm();
    pump();
  });
}

/** One RESP multibulk request (rioWriteBulkCount + rioWriteBulkString). */
export function encodeCommand(parts: Buffer[], argv: readonly Buffer[]): void {
  parts.push(Buffer.from(`*${argv.length}\r\n`));
  for (const arg of argv) parts.push(Buffer.from(`$${arg.length}\r\n`), arg, Buffer.from('\r\n'));
}
