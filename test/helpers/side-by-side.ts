// tsredis and a real redis-server 7.0, side by side: the one fixture for tests that start servers,
// connect clients to them and compare what each answers. A test file names what it needs; the
// fixture starts it in the enclosing scope's beforeAll (or per test), closes it afterwards, and
// leaves the test body with only the scenario:
//
//   const ours = useTsredis({ ioredis: true });             // tsredis + a raw RESP2 socket + ioredis
//   describe.runIf(haveRedisServer())('... same bytes', () => {
//     const real = useRealRedis({ resp3: true });           // redis-server + RESP2 and RESP3 sockets
//     it('...', async () => expect(await replyMismatches(ours.raw, real.raw, COMMANDS)).toBe(''));
//   });
//
// `ours.server` / `ours.clock` reach inside tsredis; `tempDir` gives either server its own `dir`.
// Suites that start servers inside each test (replication, persistence, the CLI as a child process)
// use a ServerPool from useServerPool(): whatever it started or adopted is closed after every test,
// clients first, then servers and processes (the last started first), then temporary directories.
// Transcript suites compare whole scenarios with describeAgainstRealRedis (end of this file).

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis, type RedisOptions } from 'ioredis';
import {
  RawClient, rawReply, requireProgram, resp, startRealRedis, startTestServer, type RealRedis, type RunningServer,
} from './server.js';
import type { StartServerOptions } from '../../src/index.js';
import { kill9, spawnCli, type CliProcess } from './cli-process.js';

// --- Is redis-server there? ---

let haveRedis: boolean | undefined;

/**
 * Is redis-server on PATH? Without it a developer machine skips the suite with a loud notice; under
 * CI=true it is a failure (requireProgram), so CI never passes without the comparison.
 */
export function haveRedisServer(): boolean {
  haveRedis ??= requireProgram('redis-server', 'apt-get install -y redis-server redis-tools');
  return haveRedis;
}

// --- A pool of servers and clients, closed together ---

/** ioredis client options (its reply mapping is left at the default). */
export type ClientOptions = Omit<RedisOptions, 'replyMapping'>;

/** Options for an ioredis client that never retries and swallows connection errors (servers come and go). */
export const NO_RETRY: ClientOptions = { maxRetriesPerRequest: 0, retryStrategy: () => null };

/**
 * Everything a test started: tsredis servers, real redis-servers, CLI processes, raw and ioredis
 * clients, temporary directories. closeAll() disconnects the clients first, then stops the servers (the last
 * started first), then removes the directories.
 */
export class ServerPool {
  private readonly clients: Array<{ close(): void }> = [];
  private readonly servers: Array<() => Promise<void>> = [];
  private readonly dirs: string[] = [];

  /** Start an embedded tsredis on a free port. */
  async tsredis(config: StartServerOptions = {}): Promise<RunningServer> {
    return this.adopt(await startTestServer(config));
  }

  /** Start an embedded tsredis and an ioredis client to it (by its URL, so with its password). */
  async tsredisWithClient(config: StartServerOptions = {}): Promise<{ redis: RunningServer; client: Redis }> {
    const redis = await this.tsredis(config);
    return { redis, client: this.ioredis(redis.url, {}) };
  }

  /** Close `server` (started elsewhere, e.g. by startServer with embedded options) with the pool. */
  adopt<S extends RunningServer>(server: S): S {
    this.servers.push(() => server.close());
    return server;
  }

  /** Close `client` (opened elsewhere) with the pool. */
  adoptClient<C extends Redis | RawClient>(client: C): C {
    this.clients.push({ close: () => (client instanceof Redis ? client.disconnect() : client.close()) });
    return client;
  }

  /** Start a real redis-server (no persistence unless `args` asks for it). */
  async realRedis(args: string[] = []): Promise<RealRedis> {
    const real = await startRealRedis(args);
    this.servers.push(() => real.stop());
    return real;
  }

  /** A raw socket to `port`; with `resp3` it has sent HELLO 3. */
  async raw(port: number, options: { resp3?: boolean } = {}): Promise<RawClient> {
    const client = this.adoptClient(await RawClient.connect(port));
    if (options.resp3 === true) await rawReply(client, 'HELLO', '3');
    return client;
  }

  /**
   * An ioredis client to 127.0.0.1:`port`, or to a `redis://` URL; connection errors are left to the
   * commands that meet them.
   */
  ioredis(port: number | string, options: ClientOptions = { enableReadyCheck: false }): Redis {
    const client = typeof port === 'number' ? new Redis(port, '127.0.0.1', options) : new Redis(port, options);
    client.on('error', () => undefined);
    return this.adoptClient(client);
  }

  /** Spawn the built CLI with `args` (test/helpers/cli-process.ts); closeAll() kills it if still running. */
  cli(args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<CliProcess> {
    return spawnCli(args, { ...options, onSpawn: (child) => this.adoptProcess(child) });
  }

  /** Kill `child` (SIGKILL) with the pool if it is still running then. */
  adoptProcess(child: ChildProcess): ChildProcess {
    this.servers.push(() => kill9(child));
    return child;
  }

  /** A fresh directory under the OS temp dir, removed by closeAll(). */
  tempDir(prefix: string): string {
    return this.adoptDir(mkdtempSync(join(tmpdir(), prefix)));
  }

  /** Remove `dir` (made elsewhere) with the pool. */
  adoptDir(dir: string): string {
    if (!this.dirs.includes(dir)) this.dirs.push(dir);
    return dir;
  }

  async closeAll(): Promise<void> {
    for (const client of this.clients.splice(0).reverse()) client.close();
    for (const stop of this.servers.splice(0).reverse()) await stop();
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** A ServerPool emptied after each test (`per: 'test'`) or after the enclosing describe or file (`per: 'all'`). */
export function useServerPool(per: 'test' | 'all' = 'test'): ServerPool {
  const pool = new ServerPool();
  if (per === 'test') afterEach(() => pool.closeAll());
  else afterAll(() => pool.closeAll());
  return pool;
}

// --- One server and its clients for a whole describe block or file ---

/** Which clients to open to the server. */
export interface WantedClients {
  /** A raw RESP2 socket (`.raw`); on unless false. */
  readonly raw?: boolean;
  /** A raw socket that sent HELLO 3 (`.raw3`). */
  readonly resp3?: boolean;
  /** An ioredis client (`.client`): `true` for one without the ready check, or its options. */
  readonly ioredis?: boolean | ClientOptions;
}

/** A server started in beforeAll, with the clients asked for. Reading a field before then throws. */
export interface ServerFixture {
  readonly port: number;
  readonly raw: RawClient;
  readonly raw3: RawClient;
  readonly client: Redis;
  /** The pool the fixture's server and clients live in, closed in afterAll: add more to it. */
  readonly pool: ServerPool;
  /** The server's `dir`, a fresh temporary directory, when the fixture was given `tempDir`. */
  readonly dir: string;
}

export interface TsredisFixture extends ServerFixture {
  /** What startServer returned (close, load, url ...). */
  readonly running: RunningServer;
  /** The server itself, for inspection: `ours.server.keyspace`, `ours.server.config`. */
  readonly server: RunningServer['server'];
  /** The server's clock: freeze, advance, set, real. */
  readonly clock: RunningServer['clock'];
}

export interface RealRedisFixture extends ServerFixture {
  readonly real: RealRedis;
}

/** The fields of a fixture, filled by its beforeAll; a field read too early or not asked for throws. */
class Fixture {
  private opened: { port: number; raw?: RawClient; raw3?: RawClient; client?: Redis } | undefined;
  readonly pool = new ServerPool();
  tempDir: string | undefined;

  constructor(private readonly what: string, private readonly wanted: WantedClients) {}

  async open(port: number): Promise<void> {
    const { pool, wanted } = this;
    this.opened = {
      port,
      ...(wanted.raw === false ? {} : { raw: await pool.raw(port) }),
      ...(wanted.resp3 === true ? { raw3: await pool.raw(port, { resp3: true }) } : {}),
      ...(wanted.ioredis === true ? { client: pool.ioredis(port) } : {}),
      ...(typeof wanted.ioredis === 'object' ? { client: pool.ioredis(port, wanted.ioredis) } : {}),
    };
  }

  protected need<T>(name: string, value: T | undefined): T {
    if (this.opened === undefined) throw new Error(`${this.what}: '${name}' read before beforeAll started the server`);
    if (value === undefined) throw new Error(`${this.what}: '${name}' was not asked for`);
    return value;
  }

  get port(): number { return this.need('port', this.opened?.port); }
  get raw(): RawClient { return this.need('raw', this.opened?.raw); }
  get raw3(): RawClient { return this.need('raw3', this.opened?.raw3); }
  get client(): Redis { return this.need('client', this.opened?.client); }
  get dir(): string { return this.need('dir', this.tempDir); }
}

class TsredisFixtureImpl extends Fixture implements TsredisFixture {
  started: RunningServer | undefined;
  get running(): RunningServer { return this.need('running', this.started); }
  get server(): RunningServer['server'] { return this.running.server; }
  get clock(): RunningServer['clock'] { return this.running.clock; }
}

class RealRedisFixtureImpl extends Fixture implements RealRedisFixture {
  started: RealRedis | undefined;
  get real(): RealRedis { return this.need('real', this.started); }
}

/**
 * tsredis started in the enclosing scope's beforeAll (with `config`), with a raw RESP2 socket
 * (`.raw`) and, when asked for, a RESP3 one (`.raw3`) and an ioredis client (`.client`). With
 * `tempDir` (a name prefix), its `dir` is a fresh temporary directory (`.dir`), removed afterwards.
 * With `when: false` (a program the suite needs is missing) nothing starts.
 */
export function useTsredis(
  options: WantedClients & { readonly config?: StartServerOptions; readonly tempDir?: string; readonly when?: boolean } = {},
): TsredisFixture {
  const fixture = new TsredisFixtureImpl('useTsredis', options);
  beforeAll(async () => {
    if (options.when === false) return;
    if (options.tempDir !== undefined) fixture.tempDir = fixture.pool.tempDir(options.tempDir);
    const dir = fixture.tempDir === undefined ? {} : { dir: fixture.tempDir };
    fixture.started = await fixture.pool.tsredis({ ...dir, ...options.config });
    await fixture.open(fixture.started.port);
  });
  afterAll(() => fixture.pool.closeAll());
  return fixture;
}

/**
 * A real redis-server started in the enclosing scope's beforeAll (with `args`), with the same
 * clients and `tempDir` as useTsredis. With `when: false` (redis-server missing) nothing starts.
 */
export function useRealRedis(
  options: WantedClients & { readonly args?: string[]; readonly tempDir?: string; readonly when?: boolean } = {},
): RealRedisFixture {
  const fixture = new RealRedisFixtureImpl('useRealRedis', options);
  beforeAll(async () => {
    if (options.when === false) return;
    if (options.tempDir !== undefined) fixture.tempDir = fixture.pool.tempDir(options.tempDir);
    const dir = fixture.tempDir === undefined ? [] : ['--dir', fixture.tempDir];
    fixture.started = await fixture.pool.realRedis([...dir, ...(options.args ?? [])]);
    await fixture.open(fixture.started.port);
  });
  afterAll(() => fixture.pool.closeAll());
  return fixture;
}

// --- Comparing replies ---

type Argv = ReadonlyArray<string | Buffer>;

/** The exact reply bytes of one command on each side, theirs first: [ours, theirs]. */
export async function bothReplies(ours: RawClient, theirs: RawClient, ...argv: Argv): Promise<[string, string]> {
  const theirReply = await rawReply(theirs, ...argv);
  return [await rawReply(ours, ...argv), theirReply];
}

/**
 * Run every command on redis-server, then on tsredis, and report the ones whose replies differ,
 * one block each (the label, Redis's reply, ours); '' when every reply agrees.
 */
export async function replyMismatches(
  ours: RawClient, theirs: RawClient, commands: Iterable<Argv>, label: (argv: Argv) => string = (argv) => argv.join(' '),
): Promise<string> {
  const mismatches: string[] = [];
  for (const argv of commands) {
    const [actual, expected] = await bothReplies(ours, theirs, ...argv);
    if (actual !== expected) mismatches.push(`${label(argv)}\n  redis:   ${JSON.stringify(expected)}\n  tsredis: ${JSON.stringify(actual)}`);
  }
  return mismatches.join('\n');
}

// --- Transcript scenarios: one function run against each server ---

/** One scenario: drive the server on `port`, return the transcript to compare. */
export type Scenario = (port: number) => Promise<string[]>;

/**
 * Open `count` raw connections for `body` and close them afterwards. With `flush`, the first one
 * empties the server first, so every scenario starts from the same state on both servers.
 */
export async function withClients<T>(
  port: number, count: number, body: (clients: RawClient[]) => Promise<T>, options: { flush?: boolean } = {},
): Promise<T> {
  const clients = await Promise.all(Array.from({ length: count }, () => RawClient.connect(port)));
  if (options.flush === true) await (clients[0] as RawClient).roundTrip(resp('FLUSHALL'));
  try {
    return await body(clients);
  } finally {
    for (const c of clients) c.close();
  }
}

/** withClients on an emptied server: every scenario starts from the same (empty) state. */
export function withFreshClients<T>(port: number, count: number, body: (clients: RawClient[]) => Promise<T>): Promise<T> {
  return withClients(port, count, body, { flush: true });
}

/**
 * A describe block that runs every scenario on a real redis-server (started once with `redisArgs`)
 * and then on tsredis (`ourPort()`), expecting equal transcripts. Skips loudly without redis-server
 * on a developer machine and fails under CI=true.
 */
export function describeAgainstRealRedis(
  title: string, scenarios: Record<string, Scenario>, ourPort: () => number, redisArgs: string[] = [], timeoutMs = 20000,
): void {
  describe.runIf(haveRedisServer())(`${title}: tsredis and redis-server 7.0 reply the same bytes`, () => {
    const theirs = useRealRedis({ args: redisArgs, raw: false });
    for (const [name, scenario] of Object.entries(scenarios)) {
      it(name, async () => {
        const theirTranscript = await scenario(theirs.port);
        const ourTranscript = await scenario(ourPort());
        expect(ourTranscript).toEqual(theirTranscript);
      }, timeoutMs);
    }
  });
}
