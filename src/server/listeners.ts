// Listening sockets: one per `bind` address, and the unix socket; each accepted connection goes to
// the server (Server.accept: maxclients, then a Client).
// Mirrors: redis src/server.c (listenToPort, initServer's unix socket, closeListeningSockets) and
// src/anet.c (anetTcpServer, anetUnixServer).

import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import type { Config } from '../config/config.js';

/** Called with every accepted socket, and whether it came in on the unix socket. */
export type AcceptHandler = (socket: Socket, isUnix: boolean) => void;

export class Listeners {
  private readonly servers: NetServer[] = [];

  constructor(private readonly accept: AcceptHandler) {}

  /**
   * Bind every `bind` address (`-addr`: optional, skipped when it fails) on `port`. Port 0 picks a
   * free port on the first address and reuses it on the others. Returns the port bound.
   */
  async bindTcp(config: Config, port: number): Promise<number> {
    let boundPort = port;
    for (const spec of config.get('bind')) {
      const optional = spec.startsWith('-');
      const address = optional ? spec.slice(1) : spec;
      const host = address === '*' ? '0.0.0.0' : address === '::*' ? '::' : address;
      try {
        boundPort = await this.listenTcp(host, boundPort, config.get('tcp-backlog'));
      } catch (err) {
        if (!optional) throw err;
      }
    }
    return boundPort;
  }

  private listenTcp(host: string, port: number, backlog: number): Promise<number> {
    const listener = createServer((socket) => this.accept(socket, false));
    listener.maxConnections = Number.MAX_SAFE_INTEGER;
    return new Promise((resolve, reject) => {
      listener.once('error', reject);
      listener.listen({ host, port, ipv6Only: host.includes(':'), backlog }, () => {
        listener.removeListener('error', reject);
        this.servers.push(listener);
        const address = listener.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  }

  /** Listen on the unix socket `path` (a stale file there is removed first), with `unixsocketperm`. */
  async bindUnix(path: string, perm: number): Promise<void> {
    if (existsSync(path)) unlinkSync(path);
    const listener = createServer((socket) => this.accept(socket, true));
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(path, () => resolve());
    });
    chmodSync(path, perm || 0o700);
    this.servers.push(listener);
  }

  /** Stop listening; resolves when every listener has closed and the unix socket file is gone. */
  async close(unixPath: string): Promise<void> {
    await Promise.all(this.servers.map((listener) => new Promise<void>((resolve) => listener.close(() => resolve()))));
    if (unixPath !== '' && existsSync(unixPath)) unlinkSync(unixPath);
  }
}
