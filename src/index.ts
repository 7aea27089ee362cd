// The embedded API: start a tsredis server inside your own process (tests, tools, demos).
//
//   import { startServer } from 'tsredis';
//   const redis = await startServer({ port: 0 });   // any redis.conf directive, by its name
//   // ... connect to redis.url with any client ...
//   await redis.close();
//
// For tests it also gives fixtures, snapshots, inspection and a command log (src/testing,
// docs/testing.md); the clock is `redis.clock` (src/util/clock.ts).

import { Config, type ConfigInput } from './config/config.js';
import { aclOf } from './acl/acl.js';
import { Server, type ServerOptions } from './server/server.js';
import { CommandRecording } from './testing/command-log.js';
import { loadFixture, type Fixture } from './testing/fixtures.js';
import { DatabaseView } from './testing/inspect.js';
import { restoreSnapshot, takeSnapshot, type Snapshot } from './testing/snapshot.js';
import { Clock } from './util/clock.js';
import { readFile } from 'node:fs/promises';
import { loadDataAtStartup, loadRdbData } from './persistence/startup.js';

export { Server } from './server/server.js';
export { Config } from './config/config.js';
export { Clock, seededRng } from './util/clock.js';
export type { Rng } from './util/clock.js';
export { CommandRecording, type RecordedCommand } from './testing/command-log.js';
export {
  FixtureError, type Fixture, type FixtureEntry, type FixtureExpiry, type FixtureScalar, type FixtureValue,
} from './testing/fixtures.js';
export { DatabaseView, type InspectedString, type InspectedValue } from './testing/inspect.js';
export type { Snapshot } from './testing/snapshot.js';

/** Options for startServer: redis.conf directives (e.g. `{ port: 0, requirepass: 'x' }`). */
export type StartServerOptions = ConfigInput;

/** startServer's second argument: how the server is built, and the test stand-in's switches. */
export interface EmbeddedOptions extends ServerOptions {
  /** Record every command clients send from the start, in `commandLog`. */
  readonly commandLog?: boolean;
  /** Keys to load before the server accepts connections (see `load`). */
  readonly fixture?: Fixture;
  /** An RDB file (path or bytes) to load before the server accepts connections (see `loadRdb`). */
  readonly rdb?: string | Buffer;
}

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

  // --- The test stand-in (src/testing; docs/testing.md) ---

  /** Write keys from a fixture object through the real command handlers (SET, RPUSH, HSET ...). */
  load(fixture: Fixture): void;
  /**
   * Load an RDB file (a path, or its bytes) written by Redis or by tsredis: its keys replace keys of
   * the same name, other keys stay; keys whose TTL has passed are skipped; function libraries load
   * too. Rejects with the reader's error (naming the offset) on a damaged file.
   */
  loadRdb(source: string | Buffer): Promise<void>;
  /** A deep in-memory copy of every database, values and remaining TTLs. */
  snapshot(): Snapshot;
  /** Empty every database and put a snapshot's copies back (can be repeated with one snapshot). */
  restore(snapshot: Snapshot): void;
  /** Read database `index` without a client and without side effects. */
  db(index?: number): DatabaseView;
  /** Start recording the commands clients send; `.stop()` ends it. */
  recordCommands(): CommandRecording;
  /** The recording started by `startServer(options, { commandLog: true })`; throws if it was not asked for. */
  readonly commandLog: CommandRecording;
}

/**
 * Defaults for embedded use: a free port on loopback, no log output but warnings, and no save
 * points (a test server should not drop dump.rdb files on its own; pass `save` to get Redis's).
 * For the same reason an existing RDB is loaded at start only when `dir` or `dbfilename` is given.
 */
const EMBEDDED_DEFAULTS: ConfigInput = { port: 0, bind: '127.0.0.1', loglevel: 'warning', save: '' };

export async function startServer(options: StartServerOptions = {}, embedded: EmbeddedOptions = {}): Promise<RunningServer> {
  const config = Config.fromObject({ ...EMBEDDED_DEFAULTS, ...options });
  const { commandLog, fixture, rdb, ...serverOptions } = embedded;
  const server = new Server(config, serverOptions);
  aclOf(server); // the `user` directives or the aclfile (src/acl); throws AclStartupError on a bad rule
  // As redis-server does, the data files are loaded before anything else (the Lua runtime first:
  // they may carry function libraries). DIFFERS FROM REDIS: the RDB only when the caller chose
  // where (`dir` or `dbfilename`), so a test server never picks up a dump.rdb that happens to lie
  // in the process's working directory; the AOF whenever `appendonly` is yes.
  if (config.get('appendonly') || 'dir' in options || 'dbfilename' in options) {
    await server.startLuaRuntime();
    loadDataAtStartup(server);
  }
  if (rdb !== undefined) await loadRdbFixture(server, rdb);
  if (fixture !== undefined) loadFixture(server, fixture);
  const log = commandLog === true ? new CommandRecording(server) : undefined;
  await server.listen();
  const bind = config.get('bind');
  const first = (bind[0] ?? '127.0.0.1').replace(/^-/, '');
  const host = first === '*' || first === '0.0.0.0' ? '127.0.0.1' : first === '::*' || first === '::' ? '::1' : first;
  const password = config.get('requirepass');
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  const auth = password === '' ? '' : `:${encodeURIComponent(password)}@`;
  const views = new Map<number, DatabaseView>();
  return {
    host,
    port: server.port,
    url: `redis://${auth}${hostForUrl}:${server.port}`,
    server,
    clock: server.clock,
    close: () => server.close(),
    load: (data) => loadFixture(server, data),
    loadRdb: (source) => loadRdbFixture(server, source),
    snapshot: () => takeSnapshot(server),
    restore: (snap) => restoreSnapshot(server, snap),
    db: (index = 0) => {
      let view = views.get(index);
      if (view === undefined) {
        server.keyspace.db(index); // throws RangeError for a database that does not exist
        view = new DatabaseView(server, index);
        views.set(index, view);
      }
      return view;
    },
    recordCommands: () => new CommandRecording(server),
    get commandLog(): CommandRecording {
      if (log === undefined) throw new Error('the command log is off: start with startServer(options, { commandLog: true }) or call recordCommands()');
      return log;
    },
  };
}

/** The RDB fixture: the Lua runtime first (the file may hold function libraries), then rdbLoad. */
async function loadRdbFixture(server: Server, source: string | Buffer): Promise<void> {
  const data = typeof source === 'string' ? await readFile(source) : source;
  await server.startLuaRuntime();
  loadRdbData(server, server.snapshots, data);
}
