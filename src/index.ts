// The embedded API: start a tsredis server inside your own process (tests, tools, demos).
//
//   import { startServer } from 'tsredis';
//   const redis = await startServer({ port: 0 });   // any redis.conf directive, by its name
//   // ... connect to redis.url with any client ...
//   await redis.close();

import { Config, type ConfigInput } from './config/config.js';
import { Server, type ServerOptions } from './server/server.js';
import { Clock } from './util/clock.js';

export { Server } from './server/server.js';
export { Config } from './config/config.js';
export { Clock, seededRng } from './util/clock.js';
export type { Rng } from './util/clock.js';

/** Options for startServer: redis.conf directives (e.g. `{ port: 0, requirepass: 'x' }`). */
export type StartServerOptions = ConfigInput;

export interface RunningServer {
  /** The address clients should connect to. */
  readonly host: string;
  readonly port: number;
  /** `redis://host:port` (with the password when `requirepass` is set). */
  readonly url: string;
  /** The server itself, for inspection (keyspace, clock, config). */
  readonly server: Server;
  /** The server's clock: freeze, advance, set, real. */
  readonly clock: Clock;
  close(): Promise<void>;
}

/** Defaults for embedded use: a free port on loopback, no log output but warnings. */
const EMBEDDED_DEFAULTS: ConfigInput = { port: 0, bind: '127.0.0.1', loglevel: 'warning' };

export async function startServer(options: StartServerOptions = {}, serverOptions: ServerOptions = {}): Promise<RunningServer> {
  const config = Config.fromObject({ ...EMBEDDED_DEFAULTS, ...options });
  const server = new Server(config, serverOptions);
  await server.listen();
  const bind = config.get('bind');
  const first = (bind[0] ?? '127.0.0.1').replace(/^-/, '');
  const host = first === '*' || first === '0.0.0.0' ? '127.0.0.1' : first === '::*' || first === '::' ? '::1' : first;
  const password = config.get('requirepass');
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  const auth = password === '' ? '' : `:${encodeURIComponent(password)}@`;
  return {
    host,
    port: server.port,
    url: `redis://${auth}${hostForUrl}:${server.port}`,
    server,
    clock: server.clock,
    close: () => server.close(),
  };
}
